/*
 * tols.c: Label Studio tasks from a COCO file (ann_tols.h).
 *
 * Memory is bounded by the images and categories (a small entry each),
 * never by the annotations.  The file is walked once (tols_walk.h): images
 * and categories go to their tables, and each annotation, validated, gets
 * a head in a spill file (tols_private.h) with the offset of the head
 * before it of the same image, so that the annotations of an image form a
 * chain however the file orders them.  A regular file's annotations are
 * read again where they lie; a pipe's, or a compressed file's, are copied
 * to a text spill.  Once every input is read, each image listed is
 * written as one task: its heads are read back as a job (in one piece
 * when they lie together, else along the chain, back to front and turned
 * round, so results keep the file's order) and, on whichever thread does
 * the job, with a writer of its own (ann_tols_writer), its annotations'
 * text is read and turned into results.  An image's annotations are held
 * while its job is done, as its task is: a task is a line, written whole.
 *
 * tols_handle.c makes and frees the handle, tols_write.c writes the
 * tasks.  Result ids hash the input's base name,
 * the annotation's ordinal in it (both kept in the spill) and the result's
 * place among those it gives, so the same input gives the same ids, and
 * ids differ across inputs and regions.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_json.h"
#include "ann_tols.h"
#include "source_private.h"
#include "tols_half.h"
#include "tols_walk.h"
#include "util_private.h"

#include "tols_private.h"

/* An id below this goes to the array: memory stays a few words an entry. */
static uint64_t
dense_limit(const idmap *m)
{
	return 4 * ((uint64_t)m->entries + 1024);
}

/* Add KEY, which it does not hold (its callers look first). */
static int
idmap_put(idmap *m, int64_t key, size_t val)
{
	if ((uint64_t)key < dense_limit(m) && val < UINT32_MAX) {
		if ((uint64_t)key >= m->ndense) {
			size_t n = m->ndense ? m->ndense : 1024;
			while (n <= (uint64_t)key)
				n *= 2;
			uint32_t *d = realloc(m->dense, n * sizeof *d);
			if (d == NULL)
				return -1;
			memset(d + m->ndense, 0, (n - m->ndense) * sizeof *d);
			m->dense = d;
			m->ndense = n;
		}
		m->dense[key] = (uint32_t)val + 1;
		m->entries++;
		return 0;
	}
	if ((m->n + 1) * 2 > m->cap) {
		idmap old = *m;
		size_t cap = old.cap ? old.cap * 2 : 64;
		if ((m->key = malloc(cap * sizeof *m->key)) == NULL ||
		    (m->val = malloc(cap * sizeof *m->val)) == NULL) {
			free(m->key);
			*m = old;
			return -1;
		}
		m->cap = cap;
		memset(m->val, 0xff, cap * sizeof *m->val);
		for (size_t i = 0; i < old.cap; i++)
			if (old.val[i] != (size_t)-1) {
				size_t s = idmap_slot(m, old.key[i]);
				m->key[s] = old.key[i];
				m->val[s] = old.val[i];
			}
		free(old.key);
		free(old.val);
	}
	size_t s = idmap_slot(m, key);
	m->n++;
	m->entries++;
	m->key[s] = key;
	m->val[s] = val;
	return 0;
}

/* A string's text, NUL-terminated, newly allocated; NULL if not a string. */
static char *
dup_str(ann_json_val v)
{
	char *s;

	if (ann_json_typeof(v) != ANN_JSON_STRING || (s = malloc(v.n + 1)) == NULL)
		return NULL;
	s[ann_json_str_decode(v, s)] = '\0';
	return s;
}

/* The image of COCO id, made when first met (by an annotation or the list). */
static image *
image_of(ann_tols *t, int64_t id)
{
	/* A file lists an image's annotations together: the last one again. */
	if (t->nimg > 0 && t->img[t->last_img].id == id)
		return &t->img[t->last_img];
	size_t i = idmap_get(&t->imgmap, id);

	if (i != (size_t)-1) {
		t->last_img = i;
		return &t->img[i];
	}
	if (ann__grow((void **)&t->img, &t->capimg, t->nimg + 1, sizeof *t->img) != 0 ||
	    idmap_put(&t->imgmap, id, t->nimg) != 0)
		return NULL;
	t->img[t->nimg] = (image){ .id = id, .w = -1, .h = -1, .last = -1 };
	return &t->img[t->nimg++];
}

static ann_status
bad_elem(ann_tols *t, const tols_walk *w, const char *what)
{
	ann__error_set(&t->err, "%s", what);
	ann__error_byte(&t->err, w->elem_off);
	return ANN_FAILED;
}

static ann_status
take_image(ann_tols *t, const tols_walk *w, ann_json_val v)
{
	static const char *const keys[] = { "id", "file_name", "width", "height" };
	int64_t id, wd = -1, ht = -1;
	ann_json_val m[4];
	image *im;

	/* The members in one pass: an image is a few, read for every image. */
	ann_json_getn(v, keys, 4, m);
	if (m[0].p == NULL || ann_json_int64(m[0], &id) != 0)
		return bad_elem(t, w, "an image without a whole-number \"id\"");
	if (ann_json_typeof(m[1]) != ANN_JSON_STRING)
		return bad_elem(t, w, "an image without a \"file_name\" string");
	if (m[2].p != NULL && ann_json_int64(m[2], &wd) != 0)
		wd = -1;
	if (m[3].p != NULL && ann_json_int64(m[3], &ht) != 0)
		ht = -1;
	if ((im = image_of(t, id)) == NULL)
		return oom(t);
	if (im->file != NULL)
		return bad_elem(t, w, "an image id listed twice");
	if ((im->file = dup_str(m[1])) == NULL)
		return oom(t);
	im->w = wd > 0 && wd <= 0x7fffffff ? (int32_t)wd : -1;
	im->h = ht > 0 && ht <= 0x7fffffff ? (int32_t)ht : -1;
	if (ann__grow((void **)&t->order, &t->caporder, t->norder + 1,
	    sizeof *t->order) != 0)
		return oom(t);
	t->order[t->norder++] = (size_t)(im - t->img);
	return ANN_OK;
}

static ann_status
take_category(ann_tols *t, const tols_walk *w, ann_json_val v)
{
	int64_t id;
	ann_json_val name, kps, e;
	ann_json_iter it;
	category *c;

	if (get_id(v, "id", &id) != 0)
		return bad_elem(t, w, "a category without a whole-number \"id\"");
	if (ann_json_get(v, "name", &name) != 0 ||
	    ann_json_typeof(name) != ANN_JSON_STRING)
		return bad_elem(t, w, "a category without a \"name\" string");
	if (idmap_get(&t->catmap, id) != (size_t)-1)
		return bad_elem(t, w, "a category id listed twice");
	if (ann__grow((void **)&t->cat, &t->capcat, t->ncat + 1, sizeof *t->cat) != 0 ||
	    idmap_put(&t->catmap, id, t->ncat) != 0)
		return oom(t);
	c = &t->cat[t->ncat++];
	*c = (category){ .id = id };
	if ((c->name = dup_str(name)) == NULL)
		return oom(t);
	if (ann_json_get(v, "keypoints", &kps) == 0 &&
	    ann_json_typeof(kps) == ANN_JSON_ARRAY) {
		size_t cap = 0;
		ann_json_iter_init(&it, kps);
		while (ann_json_next_elem(&it, &e)) {
			if (ann__grow((void **)&c->kp, &cap, c->nkp + 1, sizeof *c->kp) != 0)
				return oom(t);
			if ((c->kp[c->nkp] = dup_str(e)) == NULL)
				return ann_json_typeof(e) == ANN_JSON_STRING ? oom(t) :
				    bad_elem(t, w, "a category's keypoint name that is not a string");
			c->nkp++;
		}
	}
	return ANN_OK;
}

/*
 * Spill an annotation's head (tols_private.h): its text is LEN bytes at AT
 * in the input being read, which is read again there when it is kept;
 * otherwise TEXT goes, minified, to the text spill.
 */
static ann_status
spill_annotation(ann_tols *t, int64_t img_id, const char *text, uint64_t at,
    uint64_t len)
{
	uint64_t head[HEAD_WORDS];
	image *im;

	if ((im = image_of(t, img_id)) == NULL)
		return oom(t);
	head[HEAD_PREV] = (uint64_t)im->last;
	head[HEAD_SOURCE] = t->source;
	head[HEAD_ORDINAL] = ++t->ordinal;
	head[HEAD_INPUT] = t->cur_in;
	if (t->cur_in > 0) {
		head[HEAD_LEN] = len;
		head[HEAD_AT] = (uint64_t)t->in[t->cur_in - 1].base + at;
	} else {
		/* Minified on the way out (not in place: ann_json_minify copies). */
		char *min = ann_buf_clear_room(&t->scratch, len);
		if (min == NULL)
			return oom(t);
		size_t n = ann_json_minify(text, len, min);
		if (t->texts == NULL) {
			if ((t->texts = ann__tmpfile(&t->err)) == NULL)
				return ANN_FATAL;
		}
		if (fwrite(min, 1, n, t->texts) != n)
			goto spill_failed;
		head[HEAD_LEN] = n;
		head[HEAD_AT] = (uint64_t)t->texts_end;
		t->texts_end += (int64_t)n;
	}
	if (fwrite(head, sizeof head, 1, t->spill) != 1)
		goto spill_failed;
	if (im->n++ > 0 && im->last + (int64_t)HEAD_BYTES != t->spill_end)
		im->apart = 1;
	im->last = t->spill_end;
	t->spill_end += (int64_t)HEAD_BYTES;
	return ANN_OK;
spill_failed:
	ann__error_set(&t->err, "cannot write the spill file (see TMPDIR): %s",
	    strerror(errno));
	return ANN_FATAL;
}

static ann_status
take_annotation(ann_tols *t, tols_walk *w, ann_json_val v)
{
	const char *why;
	int64_t img_id;

	if ((why = walk_annotation(w, &img_id)) != NULL)
		return bad_elem(t, w, why);
	return spill_annotation(t, img_id, v.p, w->elem_off, v.n);
}

/*
 * The walk has met the half read on the other thread: its annotations,
 * then on past the array's end, where the half found it.
 */
static ann_status
take_half(ann_tols *t, tols_walk *w, tols_half *h)
{
	uint64_t end, at, len;
	int64_t img_id;
	ann_status st;
	int r;

	if ((st = tols_half_join(h, &t->err, &end)) != ANN_OK)
		return st;
	while ((r = tols_half_next(h, &img_id, &at, &len, &t->err)) > 0)
		if ((st = spill_annotation(t, img_id, NULL, at, len)) != ANN_OK)
			return st;
	if (r < 0)
		return ANN_FATAL;
	walk_seek(w, end);
	return ANN_OK;
}

enum { ARR_SKIP, ARR_IMAGES, ARR_CATEGORIES, ARR_ANNOTATIONS };

/* The bytes of the input being read where it lies, from where it starts. */
static uint64_t
input_bytes(const ann_tols *t)
{
	const input *in = &t->in[t->cur_in - 1];

	return (uint64_t)(in->size - in->base);
}

/*
 * The elements of an array (its '[' next), each to its table.  A kept
 * file's annotations are read from further on too, on another thread
 * (tols_half.h), until this walk meets where that one started.
 */
static ann_status
walk_array(ann_tols *t, tols_walk *w, int what)
{
	ann_status st = ANN_OK;
	int more = 1;

	w->pos++;	/* '[' */
	if (walk_ws(w) == ']') {
		w->pos++;
		return ANN_OK;
	}
	if (what == ARR_ANNOTATIONS && w->src == NULL) {
		/* The half started with the input, unless it lies behind: one from here. */
		uint64_t from = walk_where(w), size = input_bytes(t);
		if (t->half != NULL && tols_half_at(t->half) < from) {
			tols_half_free(t->half);
			t->half = NULL;
		}
		if (t->half == NULL && size > from)
			t->half = tols_half_start(w->fd, w->base, from + (size - from) / 2, size);
	}
	uint64_t meet = what == ARR_ANNOTATIONS && t->half != NULL ?
	    tols_half_at(t->half) : UINT64_MAX;
	while (more > 0) {
		walk_ws(w);
		if (walk_where(w) >= meet) {
			if (walk_where(w) == meet) {
				st = take_half(t, w, t->half);
				break;
			}
			meet = UINT64_MAX;	/* it started inside an element */
		}
		if ((st = walk_value(w)) != ANN_OK)
			break;
		st = what == ARR_SKIP ? ANN_OK :
		    what == ARR_IMAGES ? take_image(t, w, w->val) :
		    what == ARR_CATEGORIES ? take_category(t, w, w->val) :
		    take_annotation(t, w, w->val);
		if (st != ANN_OK)
			break;
		more = walk_next_elem(w, &st);
	}
	if (what == ARR_ANNOTATIONS) {
		tols_half_free(t->half);	/* taken, passed, or past the array */
		t->half = NULL;
	}
	return st;
}

static ann_status walk_object(ann_tols *t, tols_walk *w, int annotations, int top);

/*
 * A top-level member passed over ("info", "licenses", an --images file's
 * "annotations"), validated a piece at a time: an array's elements or an
 * object's member values, each held only while it is parsed.  Following
 * brackets and strings alone took what is not JSON (a raw control byte in
 * a string, "[}"); taking it whole would hold gigabytes of annotations.
 */
static ann_status
walk_skipped(ann_tols *t, tols_walk *w)
{
	int c = walk_ws(w);

	if (c == '[')
		return walk_array(t, w, ARR_SKIP);
	if (c == '{')
		return walk_object(t, w, 0, 0);
	return walk_value(w);
}

/* An object (its '{' next): the top level's members to their tables. */
static ann_status
walk_object(ann_tols *t, tols_walk *w, int annotations, int top)
{
	ann_status st;
	int c;

	w->pos++;	/* '{' */
	if (walk_ws(w) == '}') {
		w->pos++;
		return ANN_OK;
	}
	for (;;) {
		int what = ARR_SKIP;
		ann_json_val key;

		if (walk_ws(w) != '"')
			return walk_bad(w, "invalid JSON: expected a member name");
		if ((st = walk_value(w)) != ANN_OK)
			return st;
		key = w->val;
		if (!top)
			;	/* inside a member passed over: all passed over */
		else if (ann_json_str_eq(key, "images"))
			what = ARR_IMAGES;
		else if (ann_json_str_eq(key, "categories"))
			what = ARR_CATEGORIES;
		else if (ann_json_str_eq(key, "annotations") && annotations)
			what = ARR_ANNOTATIONS;
		if (walk_ws(w) != ':')
			return walk_bad(w, "invalid JSON: expected ':'");
		w->pos++;
		c = walk_ws(w);
		if (what != ARR_SKIP && c != '[') {
			ann__error_set(&t->err, "member \"%.*s\" is not an array",
			    (int)key.n - 2, key.p + 1);
			ann__error_byte(&t->err, walk_where(w));
			return ANN_FAILED;
		}
		st = what != ARR_SKIP ? walk_array(t, w, what) :
		    top ? walk_skipped(t, w) : walk_value(w);
		if (st != ANN_OK)
			return st;
		if ((c = walk_ws(w)) == '}') {
			w->pos++;
			return ANN_OK;
		}
		if (c != ',')
			return walk_bad(w, "invalid JSON: expected ',' or '}' in an object");
		w->pos++;
	}
}

/*
 * Keep fd, when it is a regular file, to read its annotations again where
 * they lie (a copy, so that the caller closes its own): writing each to a
 * spill file and reading it back was a third of reading a COCO file.  A
 * file read through a decompressor is let go again (forget_input).  Past
 * KEEP_MAX files (a results file per shard), the rest are spilled, so
 * that descriptors remain for the images --image-root opens.
 */
#define KEEP_MAX 64

static void
keep_input(ann_tols *t, int fd, const char *name)
{
	struct stat st;
	input in;

	t->cur_in = 0;
	if (t->nin >= KEEP_MAX || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (in.base = lseek(fd, 0, SEEK_CUR)) < 0 ||
	    ann__grow((void **)&t->in, &t->capin, t->nin + 1, sizeof *t->in) != 0 ||
	    (in.name = strdup(name)) == NULL)
		return;	/* its annotations go to the text spill */
	if ((in.fd = fcntl(fd, F_DUPFD_CLOEXEC, 0)) < 0) {
		free(in.name);
		return;
	}
	in.dev = (uint64_t)st.st_dev;
	in.ino = (uint64_t)st.st_ino;
	in.size = (int64_t)st.st_size;
	in.mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	t->in[t->nin++] = in;
	t->cur_in = t->nin;
}

/* Do its first bytes say gzip or zstd?  Then it is read through ann__source. */
static int
compressed(const input *in)
{
	unsigned char head[4];
	ssize_t n;

	n = ann__pread(in->fd, head, sizeof head, in->base);
	return n > 0 && ann__source_compressed(head, (size_t)n);
}

static void
forget_input(ann_tols *t)
{
	if (t->cur_in == 0)
		return;
	t->nin--;
	close(t->in[t->nin].fd);
	free(t->in[t->nin].name);
	t->cur_in = 0;
}

ann_status
ann_tols_read_coco(ann_tols *t, int fd, const char *name, int annotations)
{
	tols_walk *w = calloc(1, sizeof *w);
	ann_status st;
	int c;

	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	t->source = ann_hash(base, strlen(base));
	t->ordinal = 0;
	t->err.msg[0] = '\0';
	t->err.has_byte = 0;
	if (w == NULL)
		return oom(t);
	w->err = &t->err;
	if (annotations)
		keep_input(t, fd, name);
	if (t->cur_in > 0 && !compressed(&t->in[t->cur_in - 1])) {
		w->fd = t->in[t->cur_in - 1].fd;
		w->base = t->in[t->cur_in - 1].base;
	} else {
		forget_input(t);
		if ((w->src = ann__source_open(fd, 0)) == NULL) {
			free(w);
			return oom(t);
		}
	}
	/*
	 * The second thread starts now, not where the annotations do: it
	 * reads while this one reads the images.  Images cost more a byte:
	 * it takes the larger part.
	 */
	if (w->src == NULL) {
		uint64_t size = input_bytes(t);
		t->half = tols_half_start(w->fd, w->base, size / 20 * 9, size);
	}
	c = walk_ws(w);
	if (c == '{')
		st = walk_object(t, w, annotations, 1);
	else if (c == '[' && annotations)
		st = walk_array(t, w, ARR_ANNOTATIONS);
	else if (c < 0 && !w->ioerr)
		st = walk_bad(w, "empty input: expected a COCO object or a results array");
	else
		st = walk_bad(w, annotations ? "expected a COCO object or a results array" :
		    "expected a COCO object with \"images\"");
	if (st == ANN_OK && walk_ws(w) >= 0)
		st = walk_bad(w, "invalid JSON: more data after the COCO document");
	if (st == ANN_OK && w->ioerr)
		st = ANN_FATAL;
	tols_half_free(t->half);	/* one the walk never reached */
	t->half = NULL;
	if (w->src != NULL)
		ann__source_close(w->src);
	ann_buf_free(&w->elem);
	free(w);
	/* One without annotations read is not kept. */
	if (t->cur_in > 0 && t->ordinal == 0)
		forget_input(t);
	t->cur_in = 0;
	return st;
}
