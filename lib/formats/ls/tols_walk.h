/*
 * tols_walk.h: a streaming walk over one JSON document too large to hold
 * (a COCO file of gigabytes is one object), for tols.c.
 *
 * The record reader hands out a top-level object as one record, and its
 * --unwrap takes one member only, holding any other member it passes whole
 * in its buffer: a COCO file's "annotations" would be held while its
 * "images" are taken.  This walk goes down into the top level itself: it
 * reads member names, opens the arrays the caller asks for and hands out
 * their elements one at a time, each validated in full (ann__json_parse_buf);
 * everything else ("info", "licenses") is validated an element or a
 * member at a time (tols.c, walk_skipped) and never held whole.  Memory
 * is the read buffer plus one element.
 *
 * Ownership: an element handed out lives in the walk's buffers until the
 * next call.  Inline and static: only tols.c uses it.
 */
#ifndef ANN_TOLS_WALK_H
#define ANN_TOLS_WALK_H

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_json.h"
#include "json_private.h"
#include "source_private.h"
#include "util_private.h"

#define WALK_READ (1u << 18)
#define WALK_MAX_ELEMENT (1u << 30)	/* one annotation, as the reader's default */

typedef struct tols_walk {
	ann__source *src;	/* NULL: read with pread from fd, at base */
	int fd;
	int64_t base;
	char rd[WALK_READ + 1 + ANN__JSON_PAD];	/* the scanner's zeros after */
	size_t pos, len;
	uint64_t off;		/* of rd[0] in the input */
	int eof, ioerr;
	ann_buf elem;		/* an element that did not lie whole in rd */
	ann_json_val val;	/* the element handed out, in rd or elem */
	uint64_t elem_off;
	ann_error *err;
} tols_walk;

/* The next byte, or -1 at the end (or on a read error: ioerr). */
static inline int
walk_peek(tols_walk *w)
{
	if (w->pos == w->len && !w->eof) {
		ssize_t n;
		if (w->src != NULL)
			n = ann__source_read(w->src, w->rd, WALK_READ);
		else
			n = ann__pread(w->fd, w->rd, WALK_READ,
			    w->base + (int64_t)(w->off + w->len));
		w->off += w->len;
		w->pos = w->len = 0;
		if (n < 0) {
			w->ioerr = 1;
			w->eof = 1;
			ann__error_set(w->err, "read error: %s", w->src != NULL ?
			    ann__source_error(w->src) : strerror(errno));
		} else if (n == 0)
			w->eof = 1;
		else
			w->len = (size_t)n;
		memset(w->rd + w->len, 0, 1 + ANN__JSON_PAD);
	}
	return w->pos < w->len ? (unsigned char)w->rd[w->pos] : -1;
}

static inline uint64_t
walk_where(const tols_walk *w)
{
	return w->off + w->pos;
}

/* Go on from byte AT (read with pread only). */
static inline void
walk_seek(tols_walk *w, uint64_t at)
{
	w->off = at;
	w->pos = w->len = 0;
	w->eof = 0;
}

/* The next byte that is not JSON whitespace, not taken. */
static inline int
walk_ws(tols_walk *w)
{
	int c;

	while ((c = walk_peek(w)) == ' ' || c == '\t' || c == '\n' || c == '\r')
		w->pos++;
	return c;
}

static inline ann_status
walk_bad(tols_walk *w, const char *what)
{
	if (w->ioerr)
		return ANN_FATAL;
	ann__error_set(w->err, "%s", what);
	ann__error_byte(w->err, walk_where(w));
	return ANN_FAILED;
}

/*
 * Eight bytes at a time through what can neither end nor nest a value: a
 * string's body (a mask's counts) up to a quote or a backslash, and inside
 * a container numbers, commas and spaces (a polygon) up to a quote or a
 * bracket, stopping at that byte.  OR-ing 0x20 makes '[' '{' and ']' '}'.
 */
static inline void
walk_plain(tols_walk *w, int in_str)
{
	while (w->len - w->pos >= 8) {
		uint64_t x = ann__load64(&w->rd[w->pos]);
		uint64_t y = x | ANN__ONES64 * 0x20;
		uint64_t stop = ~ann__nonzero_bytes(x ^ ANN__ONES64 * '"') |
		    ~ann__nonzero_bytes(x ^ ANN__ONES64 * '\\');
		if (!in_str)
			stop |= ~ann__nonzero_bytes(y ^ ANN__ONES64 * '{') |
			    ~ann__nonzero_bytes(y ^ ANN__ONES64 * '}');
		if (stop & ANN__HIGH64) {
			w->pos += ann__first_byte(stop & ANN__HIGH64);
			return;
		}
		w->pos += 8;
	}
}

/*
 * A container or a string that lies whole in the read buffer is validated
 * there, by the scanner alone: it finds where the value ends as it goes,
 * and nothing is copied.  Anything else, an error included, goes the
 * long way (walk_value), which says what is wrong where.  A scalar always
 * does: it ends where the walk says, not where the scanner stops.
 */
static inline int
walk_in_place(tols_walk *w)
{
	ann__scan sc = { 0 };
	const char *p = w->rd + w->pos, *after;

	if (w->pos >= w->len || (*p != '{' && *p != '[' && *p != '"'))
		return 0;
	sc.end = w->rd + w->len;
	if (ann__json_scan(p, &sc, &after) != ANN__SCAN_OK)
		return 0;
	w->elem_off = walk_where(w);
	w->val.p = p;
	w->val.n = (size_t)(after - p);
	w->pos = (size_t)(after - w->rd);
	return 1;
}

/*
 * Take one value, from its first byte to its last, into w->val: where it
 * lies (walk_in_place), or else copied into w->elem.  Strings and
 * brackets are followed, so a bracket in a string does not count; a
 * scalar ends before the ',', '}' or ']' after it.  The value is then
 * validated in full.
 */
static inline ann_status
walk_value(tols_walk *w)
{
	size_t depth = 0;
	int in_str = 0, esc = 0, c;

	if (walk_in_place(w))
		return ANN_OK;
	w->elem.len = 0;
	w->elem_off = walk_where(w);
	/*
	 * The bytes of the read buffer are scanned, then taken in one put:
	 * a byte a put was a fifth of ann-tols' work on a COCO file.
	 */
	for (int done = 0; !done;) {
		if ((c = walk_peek(w)) < 0)
			return walk_bad(w, "unexpected end of input inside a value");
		size_t from = w->pos;
		while (w->pos < w->len) {
			if (in_str ? !esc : depth > 0)
				walk_plain(w, in_str);
			if (w->pos == w->len)
				break;
			c = (unsigned char)w->rd[w->pos];
			if (!in_str && depth == 0 && (c == ',' || c == '}' || c == ']')) {
				done = 1;	/* not taken */
				break;
			}
			w->pos++;
			if (in_str) {
				if (esc)
					esc = 0;
				else if (c == '\\')
					esc = 1;
				else if (c == '"') {
					in_str = 0;
					if (depth == 0) {
						done = 1;	/* a string (a member name) ends here */
						break;
					}
				}
				continue;
			}
			if (c == '"')
				in_str = 1;
			else if (c == '{' || c == '[')
				depth++;
			else if (c == '}' || c == ']') {
				if (--depth == 0) {
					done = 1;
					break;
				}
			} else if (depth == 0 && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
				done = 1;
				break;
			}
		}
		size_t n = w->pos - from;
		if (n > WALK_MAX_ELEMENT - w->elem.len) {
			/* At the first byte past the limit, as a byte at a time was. */
			w->pos = from + (WALK_MAX_ELEMENT - w->elem.len);
			return walk_bad(w, "an element longer than 1 GiB");
		}
		if (ann_buf_put(&w->elem, &w->rd[from], n) != 0)
			return ANN_FATAL;
	}
	if (walk_where(w) == w->elem_off)
		return walk_bad(w, "invalid JSON: expected a value");
	const char *msg;
	size_t at;

	if (ann__json_parse_buf(&w->elem, &w->val, &msg, &at) != 0) {
		ann__error_set(w->err, "invalid JSON: %s", msg);
		ann__error_byte(w->err, w->elem_off + at);
		return ANN_FAILED;
	}
	return ANN_OK;
}

/*
 * What an annotation (w->val) must be for its image to be known: NULL and
 * *img_id, or what is wrong.  tols.c and tols_half.c both ask.
 */
static inline const char *
walk_annotation(const tols_walk *w, int64_t *img_id)
{
	ann_json_val v;

	if (ann_json_typeof(w->val) != ANN_JSON_OBJECT)
		return "an annotation that is not an object";
	if (ann_json_get(w->val, "image_id", &v) != 0 || ann_json_int64(v, img_id) != 0)
		return "an annotation without a whole-number \"image_id\"";
	return NULL;
}

/*
 * After an array's element: 1 at ',' (taken: another element follows),
 * 0 at ']' (taken: the array is done), or an error.
 */
static inline int
walk_next_elem(tols_walk *w, ann_status *st)
{
	int c = walk_ws(w);

	if (c == ']' || c == ',') {
		w->pos++;
		return c == ',';
	}
	*st = walk_bad(w, "invalid JSON: expected ',' or ']' in an array");
	return -1;
}

#endif /* ANN_TOLS_WALK_H */
