/*
 * rle_private.h: what the mask codecs (rle_ls.c, rle_coco.c, mask_io.c)
 * share: run lists and word-at-a-time byte tricks.  Their messages go
 * through ann__error_set, as every libann error does.
 */
#ifndef ANN_RLE_PRIVATE_H
#define ANN_RLE_PRIVATE_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ann_rle.h"
#include "json_private.h"
#include "util_private.h"


/*
 * The mask's foreground as runs of pixels in row-major order (start
 * inclusive, end exclusive), adjacent runs merged: what the Label Studio
 * decoder hands the run-to-run conversions instead of a mask plane.
 */
typedef struct ann__runs {
	uint32_t *start, *end;
	size_t n, cap;
	int oom;
} ann__runs;

static inline void
ann__runs_add(ann__runs *r, uint32_t p0, uint32_t p1)
{
	if (p0 >= p1 || r->oom)
		return;
	if (r->n > 0 && r->end[r->n - 1] == p0) {
		r->end[r->n - 1] = p1;
		return;
	}
	if (r->n == r->cap) {
		/* Both arrays grow from the same size to the same size. */
		size_t cs = r->cap, ce = r->cap;
		if (ann__grow((void **)&r->start, &cs, r->n + 1, sizeof *r->start) != 0 ||
		    ann__grow((void **)&r->end, &ce, r->n + 1, sizeof *r->end) != 0) {
			r->oom = 1;
			return;
		}
		r->cap = cs;
	}
	r->start[r->n] = p0;
	r->end[r->n++] = p1;
}

/*
 * Add pixels [p0, p1) of value v (non-zero) after the last run, joining
 * it when they touch and have the same value.  Out of memory sets m->oom.
 */
static inline void
ann__runmask_add(ann_runmask *m, uint32_t p0, uint32_t p1, uint8_t v)
{
	if (p0 >= p1 || m->oom)
		return;
	if (m->n > 0 && m->end[m->n - 1] == p0 && m->value[m->n - 1] == v) {
		m->end[m->n - 1] = p1;
		return;
	}
	if (m->n == m->cap) {
		/* The three arrays grow from the same size to the same size. */
		size_t cs = m->cap, ce = m->cap, cv = m->cap;
		if (ann__grow((void **)&m->start, &cs, m->n + 1, sizeof *m->start) != 0 ||
		    ann__grow((void **)&m->end, &ce, m->n + 1, sizeof *m->end) != 0 ||
		    ann__grow((void **)&m->value, &cv, m->n + 1, sizeof *m->value) != 0) {
			m->oom = 1;
			return;
		}
		m->cap = cs;
	}
	m->start[m->n] = p0;
	m->end[m->n] = p1;
	m->value[m->n++] = v;
}

/*
 * The COCO RLE of a WIDTH x HEIGHT mask whose foreground is the N runs
 * [start[k], end[k]) in row-major order, in order (touching runs are fine).
 */
ann_status ann__runs_to_coco(const uint32_t *start, const uint32_t *end,
    size_t n, uint32_t width, uint32_t height, ann_coco **out, ann_error *err);

/* Decode a Label Studio RLE of a WIDTH x HEIGHT mask into foreground runs. */
ann_status ann__lsrle_runs(const uint8_t *rle, size_t len, uint32_t width,
    uint32_t height, ann__runs *out, ann_error *err);
/*
 * A Label Studio RLE being written (rle_ls.c), as ann_lsrle_encode writes
 * it: the header, then runs of equal words.  Pending bits are the low n
 * bits of acc; whole 32-bit words go out to buf.  ann__lsenc_counts joins
 * runs while their value stays cur: RUN words of it wait to be written.
 */
typedef struct ann__lsenc {
	uint8_t *buf;
	size_t len, cap;
	uint64_t acc;
	unsigned n;
	unsigned cur;
	uint64_t run;
	int oom;
} ann__lsenc;

/* The header of WORDS words; ANN_FAILED when they pass its 32-bit count. */
ann_status ann__lsenc_begin(ann__lsenc *o, uint64_t words, ann_error *err);
/*
 * N runs of LEN[k] pixels (four words each), their values alternating
 * between 0 and VALUE, the first VALUE when FG, TIMES times over (the
 * same column of a mask again and again: one call for them all).  Out of
 * memory sets o->oom.
 */
void ann__lsenc_counts(ann__lsenc *o, const uint32_t *len, size_t n, int fg,
    uint8_t value, uint32_t times);
/*
 * The bytes, *out for the caller to free; after any failure (o->oom
 * included) they are freed instead.
 */
ann_status ann__lsenc_finish(ann__lsenc *o, uint8_t **out, size_t *outlen,
    ann_error *err);

/* A COCO RLE with room for cap counts, none used; NULL when out of memory. */
ann_coco *ann__coco_new(uint32_t h, uint32_t w, size_t cap);
/* ANN_FAILED, with the message, when h * w does not fit 32-bit counts. */
ann_status ann__coco_check_size(uint32_t h, uint32_t w, ann_error *err);
/*
 * The foreground runs of a compressed counts string, [START[j], END[j])
 * in column-major pixels, in order, none empty, without the counts: room
 * for LEN / 2 + 1 in each, their number in *N.  ann_coco_from_string's
 * checks and messages, for a size already checked.
 */
ann_status ann__coco_decode_runs(uint32_t h, uint32_t w, const char *s,
    size_t len, uint32_t *start, uint32_t *end, size_t *n, ann_error *err);


/*
 * ann_region_rle, with the ends of containers known through cache (which
 * may be NULL): a caller holding one finds value.rle without reading
 * through the list of bytes to its end.
 */
ann_status ann__region_rle(const ann_region *r, ann_shape shape,
    ann__json_cache *cache, ann_json_val *rle, ann_rle_form *form,
    ann_error *err);

#endif /* ANN_RLE_PRIVATE_H */
