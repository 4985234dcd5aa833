/*
 * coco_merge.c: one COCO document from several that ann-tococo wrote, one
 * per --part of an export (ann-tococo --merge).
 *
 * A document may be far larger than memory, so none is loaded: each is
 * walked as a stream of values, one array element at a time, with the
 * validating scanner.  COCO wants every image before any annotation, so
 * each document is read twice: first its images (written, with their ids
 * moved past the previous documents' images) and its categories (kept:
 * they are few), then, after every document's images, its annotations.
 * Memory is the largest element and the categories.
 *
 * The result is the document one process would have written over the
 * whole export: the same framing (coco_private.h), image ids offset by
 * the largest image id of the documents before, annotation ids by the
 * largest annotation id before, elements copied byte for byte otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ann_core.h"
#include "ann_coco_conv.h"
#include "coco_private.h"
#include "json_private.h"
#include "source_private.h"
#include "util_private.h"

#define READ_SIZE (1u << 20)
/* An element longer than this is refused: a document is walked, not held. */
#define MAX_ELEMENT (1ull << 30)

enum member { M_INFO, M_IMAGES, M_ANNOTATIONS, M_CATEGORIES };
static const char *const member_names[] = {
	"info", "images", "annotations", "categories"
};

/* A category as one document gives it. */
struct cat {
	int64_t id;
	char *name;		/* decoded */
	char *raw;		/* the whole object, as written */
	size_t nraw;
	size_t doc;		/* which document, for messages */
	uint64_t offset;	/* and where in it */
};

struct ann_coco_merge {
	ann_out *out;
	/* The document being walked. */
	const char *name;
	size_t doc;
	ann__source *src;
	char *buf;		/* cap bytes plus ANN__JSON_PAD zeros */
	size_t cap, len, pos;
	uint64_t base;		/* offset of buf[0] in the document */
	int eof;
	/* What the walk does with each element (one pass or the other). */
	int pass;
	uint64_t elem;		/* element number in its array, from 1 */
	uint64_t elem_off;
	/* Ids. */
	const char *const *paths;
	uint64_t *max_image;	/* per document */
	uint64_t image_off, ann_off, max_ann;
	uint64_t images, annotations;
	struct cat *cats;
	size_t ncats, capcats;
	size_t nout_cats;
	ann_buf piece;
	ann_error err;
	uint64_t err_elem, err_off;
	const char *err_name;
};

static ann_status
fail(ann_coco_merge *m, uint64_t off, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Say what is wrong and where: the document, the element, the byte. */
static ann_status
fail(ann_coco_merge *m, uint64_t off, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ann__error_vset(&m->err, fmt, ap);
	va_end(ap);
	m->err_name = m->name;
	m->err_elem = m->elem;
	m->err_off = off;
	return ANN_FATAL;
}

static ann_status
emit(ann_coco_merge *m, const char *p, size_t n)
{
	if (ann_out_write(m->out, p, n) != ANN_OK) {
		m->name = NULL;
		m->elem = 0;
		return fail(m, 0, "%s", ann_out_errmsg(m->out));
	}
	return ANN_OK;
}

ann_coco_merge *
ann_coco_merge_new(ann_out *out)
{
	ann_coco_merge *m = calloc(1, sizeof *m);

	if (m == NULL)
		return NULL;
	m->out = out;
	m->cap = READ_SIZE;
	if ((m->buf = malloc(m->cap + ANN__JSON_PAD)) == NULL) {
		free(m);
		return NULL;
	}
	return m;
}

void
ann_coco_merge_free(ann_coco_merge *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->ncats; i++) {
		free(m->cats[i].name);
		free(m->cats[i].raw);
	}
	free(m->cats);
	free(m->max_image);
	free(m->buf);
	ann_buf_free(&m->piece);
	ann__source_close(m->src);
	free(m);
}

const char *
ann_coco_merge_errmsg(const ann_coco_merge *m)
{
	return m->err.msg;
}

void
ann_coco_merge_errpos(const ann_coco_merge *m, const char **name,
    uint64_t *elem, uint64_t *offset)
{
	*name = m->err_name;
	*elem = m->err_elem;
	*offset = m->err_off;
}

/* --- Walking a document ----------------------------------------------- */

static uint64_t
here(const ann_coco_merge *m)
{
	return m->base + m->pos;
}

/*
 * More bytes after buf + len, keeping those from pos: 1 when some came,
 * 0 at the end of the document, ANN_FATAL on a read error.  The buffer
 * doubles when what is kept fills it (one element longer than a read).
 */
static int
refill(ann_coco_merge *m)
{
	if (m->eof)
		return 0;
	if (m->pos > 0) {
		memmove(m->buf, m->buf + m->pos, m->len - m->pos);
		m->base += m->pos;
		m->len -= m->pos;
		m->pos = 0;
	}
	if (m->len == m->cap) {
		if (m->cap >= MAX_ELEMENT)
			return fail(m, here(m), "a value longer than %llu bytes: not "
			    "a document written by ann-tococo", (unsigned long long)MAX_ELEMENT);
		char *nb = realloc(m->buf, 2 * m->cap + ANN__JSON_PAD);
		if (nb == NULL)
			return fail(m, here(m), "out of memory");
		m->buf = nb;
		m->cap *= 2;
	}
	ssize_t k = ann__source_read(m->src, m->buf + m->len, m->cap - m->len);
	if (k < 0)
		return fail(m, m->base + m->len, "%s", ann__source_error(m->src));
	m->len += (size_t)k;
	memset(m->buf + m->len, 0, ANN__JSON_PAD);
	if (k == 0)
		m->eof = 1;
	return k > 0;
}

/* The next byte that is not whitespace, not taken: '\0' at the end. */
static int
peek(ann_coco_merge *m, char *c)
{
	for (;;) {
		while (m->pos < m->len && ann__json_is_ws((unsigned char)m->buf[m->pos]))
			m->pos++;
		if (m->pos < m->len) {
			*c = m->buf[m->pos];
			return ANN_OK;
		}
		int k = refill(m);
		if (k < 0)
			return k;
		if (k == 0) {
			*c = '\0';
			return ANN_OK;
		}
	}
}

/* One of the bytes in want, taken; anything else is an error. */
static ann_status
expect(ann_coco_merge *m, const char *want, char *got)
{
	char c;
	ann_status st = peek(m, &c);

	if (st != ANN_OK)
		return st;
	if (c == '\0' || strchr(want, c) == NULL) {
		char b[32];
		if (c == '\0')
			snprintf(b, sizeof b, "the end of the document");
		else
			ann__json_describe_byte(m->buf + m->pos, b, sizeof b);
		return fail(m, here(m), "not a COCO document as ann-tococo writes "
		    "it: expected %s'%c', found %s", want[1] ? "one of " : "",
		    want[0], b);
	}
	m->pos++;
	if (got != NULL)
		*got = c;
	return ANN_OK;
}

/* The next whole value, validated, in the buffer until the next call. */
static ann_status
value(ann_coco_merge *m, ann_json_val *v)
{
	char c;
	ann_status st = peek(m, &c);

	if (st != ANN_OK)
		return st;
	for (;;) {
		ann__scan sc = { .end = m->buf + m->len };
		const char *after;
		switch (ann__json_scan(m->buf + m->pos, &sc, &after)) {
		case ANN__SCAN_OK:
			v->p = m->buf + m->pos;
			v->n = (size_t)(after - v->p);
			m->pos = (size_t)(after - m->buf);
			return ANN_OK;
		case ANN__SCAN_MORE: {
			int k = refill(m);
			if (k < 0)
				return k;
			if (k == 0)
				return fail(m, m->base + m->len, "unexpected end of "
				    "the document (truncated?)");
			break;
		}
		default:
			return fail(m, m->base + (uint64_t)(sc.errp - m->buf),
			    "invalid JSON: %s", sc.errmsg != NULL ? sc.errmsg :
			    "unexpected byte");
		}
	}
}

static ann_status on_element(ann_coco_merge *m, enum member which,
    ann_json_val v);

/*
 * Walk document m->name: its members, and each element of its arrays
 * handed to on_element.  Only what ann-tococo writes is accepted, so
 * nothing of a document is left out of the merge unseen.
 */
static ann_status
walk(ann_coco_merge *m)
{
	ann_status st;
	ann_json_val key, v;
	char c;
	int fd, seen[4] = { 0 };

	if ((fd = open(m->name, O_RDONLY | O_CLOEXEC)) < 0)
		return fail(m, 0, "cannot open it: %s", strerror(errno));
	if ((m->src = ann__source_open(fd, 1)) == NULL) {
		close(fd);
		return fail(m, 0, "out of memory");
	}
	m->len = m->pos = 0;
	m->base = 0;
	m->eof = 0;
	m->elem = 0;
	if ((st = peek(m, &c)) != ANN_OK)
		return st;
	if (c == '[')
		return fail(m, here(m), "a COCO results array (--results) has no "
		    "images to number its image ids by: merge the documents "
		    "written without --results");
	if ((st = expect(m, "{", NULL)) != ANN_OK)
		return st;
	do {
		uint64_t at;
		if ((st = peek(m, &c)) != ANN_OK)
			return st;
		at = here(m);
		if (c != '"')
			return expect(m, "\"", NULL);
		if ((st = value(m, &key)) != ANN_OK || (st = expect(m, ":", NULL)) != ANN_OK)
			return st;
		enum member which = M_INFO;
		while (which <= M_CATEGORIES && !ann_json_str_eq(key, member_names[which]))
			which++;
		if (which > M_CATEGORIES || seen[which]++)
			return fail(m, at, "member %.*s%s: only a document written by "
			    "ann-tococo (info, images, annotations, categories) is merged",
			    key.n > 64 ? 64 : (int)key.n, key.p,
			    which > M_CATEGORIES ? "" : " again");
		if (which == M_INFO) {	/* ann-tococo's own: written anew */
			if ((st = value(m, &v)) != ANN_OK)
				return st;
			continue;
		}
		if ((st = expect(m, "[", NULL)) != ANN_OK || (st = peek(m, &c)) != ANN_OK)
			return st;
		m->elem = 0;
		if (c == ']')
			m->pos++;
		else
			do {
				m->elem++;
				m->elem_off = here(m);
				if ((st = value(m, &v)) != ANN_OK ||
				    (st = on_element(m, which, v)) != ANN_OK)
					return st;
			} while ((st = expect(m, ",]", &c)) == ANN_OK && c == ',');
		if (st != ANN_OK)
			return st;
		m->elem = 0;
	} while ((st = expect(m, ",}", &c)) == ANN_OK && c == ',');
	if (st != ANN_OK)
		return st;
	if ((st = peek(m, &c)) != ANN_OK)
		return st;
	if (c != '\0')
		return fail(m, here(m), "more after the document's end");
	for (enum member w = M_IMAGES; w <= M_CATEGORIES; w++)
		if (!seen[w])
			return fail(m, here(m), "no \"%s\": not a COCO document as "
			    "ann-tococo writes it", member_names[w]);
	ann__source_close(m->src);
	m->src = NULL;
	return ANN_OK;
}

/* --- The elements ----------------------------------------------------- */

/* Member key of element v, a whole number from 1: its value's text too. */
static ann_status
id_of(ann_coco_merge *m, ann_json_val v, const char *key, ann_json_val *at,
    uint64_t *id)
{
	int64_t n;

	const char *what = m->pass == 1 ? "image" : "annotation";

	if (ann_json_typeof(v) != ANN_JSON_OBJECT)
		return fail(m, m->elem_off, "%s %llu is not an object", what,
		    (unsigned long long)m->elem);
	if (ann_json_get(v, key, at) != 0 || ann_json_int64(*at, &n) != 0 || n < 1)
		return fail(m, m->elem_off, "%s %llu has no \"%s\" that is a "
		    "whole number from 1", what, (unsigned long long)m->elem, key);
	*id = (uint64_t)n;
	return ANN_OK;
}

/*
 * Element v with the values at a and b (b may be empty) replaced by the
 * numbers na and nb, after ",\n" or "\n" as coco_conv.c separates them.
 */
static ann_status
put_renumbered(ann_coco_merge *m, ann_json_val v, int first, ann_json_val a,
    uint64_t na, ann_json_val b, uint64_t nb)
{
	ann_buf *o = &m->piece;

	if (b.p != NULL && b.p < a.p) {
		ann_json_val t = a;
		uint64_t tn = na;
		a = b, na = nb, b = t, nb = tn;
	}
	o->len = 0;
	int bad = ann_buf_put(o, ",\n", 2) != 0 ||
	    ann_buf_put(o, v.p, (size_t)(a.p - v.p)) != 0 ||
	    ann_buf_printf(o, "%" PRIu64, na) != 0;
	const char *rest = a.p + a.n;
	if (!bad && b.p != NULL) {
		bad = ann_buf_put(o, rest, (size_t)(b.p - rest)) != 0 ||
		    ann_buf_printf(o, "%" PRIu64, nb) != 0;
		rest = b.p + b.n;
	}
	bad = bad || ann_buf_put(o, rest, (size_t)(v.p + v.n - rest)) != 0;
	if (bad)
		return fail(m, m->elem_off, "out of memory");
	return emit(m, o->p + first, o->len - (size_t)first);
}

static ann_status
keep_category(ann_coco_merge *m, ann_json_val v)
{
	ann_json_val at, name;
	int64_t id;

	/* Category ids count from the --category-base: 0 is one. */
	if (ann_json_typeof(v) != ANN_JSON_OBJECT || ann_json_get(v, "id", &at) != 0 ||
	    ann_json_int64(at, &id) != 0 || id < 0 ||
	    ann_json_get(v, "name", &name) != 0 ||
	    ann_json_typeof(name) != ANN_JSON_STRING)
		return fail(m, m->elem_off, "category %llu is not an object with an "
		    "\"id\" and a \"name\"", (unsigned long long)m->elem);
	if (ann__grow((void **)&m->cats, &m->capcats, m->ncats + 1, sizeof *m->cats) != 0)
		return fail(m, m->elem_off, "out of memory");
	struct cat *c = &m->cats[m->ncats];
	*c = (struct cat){ .id = id, .doc = m->doc, .offset = m->elem_off,
	    .nraw = v.n };
	if ((c->name = malloc(name.n + 1)) == NULL || (c->raw = malloc(v.n)) == NULL) {
		free(c->name);
		return fail(m, m->elem_off, "out of memory");
	}
	c->name[ann_json_str_decode(name, c->name)] = '\0';
	memcpy(c->raw, v.p, v.n);
	m->ncats++;
	return ANN_OK;
}

static ann_status
on_element(ann_coco_merge *m, enum member which, ann_json_val v)
{
	ann_json_val a, b;
	uint64_t id, image;
	ann_status st;

	if (m->pass == 1 && which == M_IMAGES) {
		if ((st = id_of(m, v, "id", &a, &id)) != ANN_OK)
			return st;
		if (id > UINT64_MAX / 2 - m->image_off)
			return fail(m, m->elem_off, "image id %llu is too large",
			    (unsigned long long)id);
		if (id > m->max_image[m->doc])
			m->max_image[m->doc] = id;
		b.p = NULL;
		st = put_renumbered(m, v, m->images == 0, a, id + m->image_off, b, 0);
		m->images++;
		return st;
	}
	if (m->pass == 1 && which == M_CATEGORIES)
		return keep_category(m, v);
	if (m->pass == 2 && which == M_ANNOTATIONS) {
		if ((st = id_of(m, v, "id", &a, &id)) != ANN_OK ||
		    (st = id_of(m, v, "image_id", &b, &image)) != ANN_OK)
			return st;
		/* An id past the document's images would land on the next one's. */
		if (image > m->max_image[m->doc])
			return fail(m, m->elem_off, "annotation %llu is on image %llu, "
			    "past the document's last image (%llu)", (unsigned long long)id,
			    (unsigned long long)image,
			    (unsigned long long)m->max_image[m->doc]);
		if (id > UINT64_MAX / 2 - m->ann_off)
			return fail(m, m->elem_off, "annotation id %llu is too large",
			    (unsigned long long)id);
		if (id > m->max_ann)
			m->max_ann = id;
		st = put_renumbered(m, v, m->annotations == 0, a, id + m->ann_off, b,
		    image + m->image_off);
		m->annotations++;
		return st;
	}
	return ANN_OK;	/* read in the other pass */
}

/* --- Categories ------------------------------------------------------- */

static int
by_id(const void *x, const void *y)
{
	const struct cat *a = x, *b = y;

	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return a->doc < b->doc ? -1 : a->doc > b->doc;
}

static int
by_name(const void *x, const void *y)
{
	const struct cat *a = x, *b = y;
	int c = strcmp(a->name, b->name);

	if (c != 0)
		return c;
	return a->doc < b->doc ? -1 : a->doc > b->doc;
}

/* Is every member of x in y, with the same value? */
static int
members_in(const struct cat *x, const struct cat *y)
{
	ann_json_val vx = { x->raw, x->nraw }, vy = { y->raw, y->nraw }, k, a, b;
	ann_json_iter it;
	char key[256];

	ann_json_iter_init(&it, vx);
	while (ann_json_next_member(&it, &k, &a)) {
		if (k.n - 2 >= sizeof key)
			return 0;
		key[ann_json_str_decode(k, key)] = '\0';
		if (ann_json_get(vy, key, &b) != 0 || a.n != b.n || memcmp(a.p, b.p, a.n) != 0)
			return 0;
	}
	return 1;
}

static ann_status
cat_fail(ann_coco_merge *m, const struct cat *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static ann_status
cat_fail(ann_coco_merge *m, const struct cat *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ann__error_vset(&m->err, fmt, ap);
	va_end(ap);
	m->err_name = m->paths[c->doc];
	m->err_elem = 0;
	m->err_off = c->offset;
	return ANN_FATAL;
}

#define CATS_FIX "; give every part the same categories (-C FILE or -c CONFIG)"

/*
 * The documents' categories agree when no id has two names and no name
 * two ids: a part that met fewer labels lists fewer.  The merge lists
 * each once, by id; of two entries for one category that differ (one
 * carries the keypoints its part's boxes had), the one that holds every
 * member of the other is kept.
 */
static ann_status
merge_categories(ann_coco_merge *m)
{
	size_t n = 0;

	if (m->ncats == 0)
		return ANN_OK;
	qsort(m->cats, m->ncats, sizeof *m->cats, by_name);
	for (size_t i = 1; i < m->ncats; i++) {
		const struct cat *a = &m->cats[i - 1], *b = &m->cats[i];
		if (strcmp(a->name, b->name) == 0 && a->id != b->id)
			return cat_fail(m, b, "category \"%s\" has id %lld here and id "
			    "%lld in %s" CATS_FIX, b->name, (long long)b->id,
			    (long long)a->id, m->paths[a->doc]);
	}
	qsort(m->cats, m->ncats, sizeof *m->cats, by_id);
	for (size_t i = 0; i < m->ncats; i++) {
		struct cat *c = &m->cats[i];
		if (n > 0 && m->cats[n - 1].id == c->id) {
			struct cat *kept = &m->cats[n - 1];
			if (strcmp(kept->name, c->name) != 0)
				return cat_fail(m, c, "category id %lld is \"%s\" here and "
				    "\"%s\" in %s" CATS_FIX, (long long)c->id, c->name,
				    kept->name, m->paths[kept->doc]);
			if (kept->doc == c->doc)
				return cat_fail(m, c, "category id %lld twice in one "
				    "document", (long long)c->id);
			if (!members_in(c, kept)) {
				if (!members_in(kept, c))
					return cat_fail(m, c, "category %lld \"%s\" differs "
					    "from the one in %s", (long long)c->id, c->name,
					    m->paths[kept->doc]);
				struct cat t = *kept;	/* c holds more: keep it */
				*kept = *c;
				*c = t;
			}
			free(c->name);
			free(c->raw);
			c->name = c->raw = NULL;
			continue;
		}
		/* Moved down: the slot left holds nothing for the free. */
		m->cats[n++] = *c;
		if (c != &m->cats[n - 1])
			c->name = c->raw = NULL;
	}
	m->ncats = n;
	return ANN_OK;
}

/* --- The merge -------------------------------------------------------- */

ann_status
ann_coco_merge_run(ann_coco_merge *m, const char *const *paths, size_t n)
{
	ann_status st;

	m->paths = paths;
	if ((m->max_image = calloc(n ? n : 1, sizeof *m->max_image)) == NULL)
		return fail(m, 0, "out of memory");
	if ((st = emit(m, ANN__COCO_HEAD, sizeof ANN__COCO_HEAD - 1)) != ANN_OK)
		return st;
	/* The images of each, their ids past those of the documents before. */
	m->pass = 1;
	for (m->doc = 0; m->doc < n; m->doc++) {
		m->name = paths[m->doc];
		if ((st = walk(m)) != ANN_OK)
			return st;
		m->image_off += m->max_image[m->doc];
	}
	m->name = NULL;
	if ((st = merge_categories(m)) != ANN_OK)
		return st;
	/* Then their annotations, with the same offsets. */
	if ((st = emit(m, ANN__COCO_ANNOTATIONS, sizeof ANN__COCO_ANNOTATIONS - 1)) != ANN_OK)
		return st;
	m->pass = 2;
	m->image_off = 0;
	for (m->doc = 0; m->doc < n; m->doc++) {
		m->name = paths[m->doc];
		m->max_ann = 0;
		if ((st = walk(m)) != ANN_OK)
			return st;
		m->image_off += m->max_image[m->doc];
		m->ann_off += m->max_ann;
	}
	m->name = NULL;
	if ((st = emit(m, ANN__COCO_CATEGORIES, sizeof ANN__COCO_CATEGORIES - 1)) != ANN_OK)
		return st;
	for (size_t i = 0; i < m->ncats; i++)
		if ((st = emit(m, i == 0 ? "\n" : ",\n", i == 0 ? 1 : 2)) != ANN_OK ||
		    (st = emit(m, m->cats[i].raw, m->cats[i].nraw)) != ANN_OK)
			return st;
	return emit(m, ANN__COCO_END, sizeof ANN__COCO_END - 1);
}

void
ann_coco_merge_summary(const ann_coco_merge *m, size_t ndocs, char *buf,
    size_t len)
{
	snprintf(buf, len, "%zu %s merged: %llu %s, %llu %s, %zu %s", ndocs,
	    ann__plural(ndocs, "document", "documents"),
	    (unsigned long long)m->images, ann__plural(m->images, "image", "images"),
	    (unsigned long long)m->annotations,
	    ann__plural(m->annotations, "annotation", "annotations"),
	    m->ncats, ann__plural(m->ncats, "category", "categories"));
}
