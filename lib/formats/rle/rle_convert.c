/*
 * rle_convert.c: Label Studio RLE to COCO RLE and back, run to run.
 *
 * The two formats walk the image in different orders: Label Studio row by
 * row, COCO column by column.  Going through a mask plane costs width x
 * height bytes written and read for every mask, which for large photos is
 * most of a conversion.  Instead the Label Studio runs become, row by row,
 * intervals [x0, x1); a sweep over the columns keeps one bit per row saying
 * whether that row is inside an interval at the current column, flipping
 * bits only where intervals start and end, and reads each column's runs off
 * the bits a word at a time.  The cost follows the runs and the height, not
 * the pixels.
 */
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "ann_rle.h"
#include "rle_private.h"

struct counts {
	ann_coco *c;
	size_t cap;
	int cur;		/* the value of the run being counted */
	uint32_t len;
	int oom;
};

static inline void
segment(struct counts *k, int v, uint32_t len)
{
	if (v == k->cur) {
		k->len += len;
		return;
	}
	if (k->c->n == k->cap && ann__grow((void **)&k->c->counts, &k->cap,
	    k->c->n + 1, sizeof *k->c->counts) != 0) {
		k->oom = 1;
		return;
	}
	k->c->counts[k->c->n++] = k->len;
	k->cur = v;
	k->len = len;
}

/* The first row >= y, below h, whose bit is not v (h when there is none). */
static uint32_t
next_change(const uint64_t *bits, uint32_t y, int v, uint32_t h)
{
	uint32_t k = y >> 6;
	uint64_t flip = v ? ~0ULL : 0;
	uint64_t w = (bits[k] ^ flip) & (~0ULL << (y & 63));

	while (w == 0) {
		if (((uint64_t)++k << 6) >= h)
			return h;
		w = bits[k] ^ flip;
	}
	uint32_t at = (k << 6) + (uint32_t)__builtin_ctzll(w);
	return at < h ? at : h;
}

/* Row intervals' ends, bucketed by column: where each row's bit flips. */
struct flips {
	uint32_t *first;	/* flips of column x: row[first[x] .. first[x + 1]) */
	uint32_t *row;
};

static int
bucket(const uint32_t *start, const uint32_t *end, size_t n, uint32_t w,
    struct flips *f)
{
	size_t total = 0;

	if ((f->first = calloc((size_t)w + 2, sizeof *f->first)) == NULL)
		return -1;
	/* Pass 1 counts the flips of each column, pass 2 files them. */
	for (int pass = 1; pass <= 2; pass++) {
		/* Row y starts at pixel yw; runs come in order, so a division
		   is needed only where they jump a row or more. */
		uint32_t y = 0, yw = 0;
		for (size_t i = 0; i < n; i++)
			for (uint32_t a = start[i], b = end[i]; a < b;) {
				if (a - yw >= w) {
					y = a - yw < 2 * (uint64_t)w ? y + 1 : a / w;
					yw = y * w;
				}
				uint32_t x0 = a - yw;
				uint32_t e = b - yw < w ? b : yw + w;
				uint32_t x1 = e - yw;
				if (pass == 1) {
					f->first[x0 + 1]++;
					f->first[x1 + 1] += x1 < w;
				} else {
					f->row[f->first[x0]++] = y;
					if (x1 < w)
						f->row[f->first[x1]++] = y;
				}
				a = e;
			}
		if (pass == 2)
			break;
		for (uint32_t x = 0; x < w; x++)
			f->first[x + 1] += f->first[x];
		total = f->first[w];
		if ((f->row = malloc((total ? total : 1) * sizeof *f->row)) == NULL)
			return -1;
	}
	/* Filing moved each start to the next column's: shift back. */
	memmove(f->first + 1, f->first, (size_t)w * sizeof *f->first);
	f->first[0] = 0;
	return 0;
}

/*
 * The runs of the column swept last, which a column without flips repeats:
 * masks are mostly smooth, so most columns are the one before again, and
 * replaying its few runs costs less than reading height / 64 words.
 */
struct column {
	uint32_t *len;		/* run lengths, values alternating from v0 */
	size_t n, cap;
	int v0;
};

/*
 * Runs that touch (a run mask's, where values differ) flip the same bit
 * twice at the same column, which leaves it as it was: they need no joining.
 */
ann_status
ann__runs_to_coco(const uint32_t *start, const uint32_t *end, size_t n,
    uint32_t width, uint32_t height, ann_coco **out, ann_error *err)
{
	struct flips f = { NULL, NULL };
	struct counts k = { NULL, 64, 0, 0, 0 };
	struct column last = { NULL, 0, 0, 0 };
	uint64_t *bits = NULL;

	*out = NULL;
	if ((uint64_t)width * height > UINT32_MAX) {
		ann__error_set(err, "size %ux%u has more pixels than 32-bit "
		    "counts can hold", width, height);
		return ANN_FAILED;
	}
	if (bucket(start, end, n, width, &f) != 0 ||
	    (bits = calloc(((size_t)height + 63) / 64, sizeof *bits)) == NULL ||
	    (k.c = ann__coco_new(height, width, k.cap)) == NULL)
		goto oom;
	size_t active = 0;
	for (uint32_t x = 0; x < width && !k.oom; x++) {
		if (x > 0 && f.first[x] == f.first[x + 1]) {
			/* No flips: the column before again, from its runs. */
			for (size_t i = 0; i < last.n; i++)
				segment(&k, (int)(i & 1) ^ last.v0, last.len[i]);
			continue;
		}
		/* Rows come in order: flip a word's bits at once. */
		for (uint32_t i = f.first[x]; i < f.first[x + 1];) {
			uint32_t word = f.row[i] >> 6;
			uint64_t flip = 0;
			do
				flip ^= 1ULL << (f.row[i] & 63);
			while (++i < f.first[x + 1] && f.row[i] >> 6 == word);
			active -= (size_t)__builtin_popcountll(bits[word]);
			bits[word] ^= flip;
			active += (size_t)__builtin_popcountll(bits[word]);
		}
		last.n = 0;
		for (uint32_t y = 0; y < height;) {
			int v = active ? (int)(bits[y >> 6] >> (y & 63) & 1) : 0;
			uint32_t next = active ? next_change(bits, y, v, height) : height;
			segment(&k, v, next - y);
			if (last.n == 0)
				last.v0 = v;
			if (ann__grow((void **)&last.len, &last.cap, last.n + 1,
			    sizeof *last.len) != 0)
				goto oom;
			last.len[last.n++] = next - y;
			y = next;
		}
	}
	segment(&k, !k.cur, 0);	/* the last run */
	if (k.oom)
		goto oom;
	*out = k.c;
	k.c = NULL;
	free(last.len);
	free(bits);
	free(f.first);
	free(f.row);
	return ANN_OK;
oom:
	ann__error_set(err, "out of memory converting a %ux%u mask", width,
	    height);
	ann_coco_free(k.c);
	free(last.len);
	free(bits);
	free(f.first);
	free(f.row);
	return ANN_FATAL;
}

ann_status
ann_lsrle_to_coco(const uint8_t *rle, size_t len, uint32_t width,
    uint32_t height, ann_coco **out, ann_error *err)
{
	ann__runs runs = { 0 };
	ann_status st;

	*out = NULL;
	if ((uint64_t)width * height > UINT32_MAX) {
		ann__error_set(err, "size %ux%u has more pixels than 32-bit "
		    "counts can hold", width, height);
		return ANN_FAILED;
	}
	st = ann__lsrle_runs(rle, len, width, height, &runs, err);
	if (st == ANN_OK)
		st = ann__runs_to_coco(runs.start, runs.end, runs.n, width, height,
		    out, err);
	free(runs.start);
	free(runs.end);
	return st;
}

ann_status
ann_runmask_to_coco(const ann_runmask *m, ann_coco **out, ann_error *err)
{
	return ann__runs_to_coco(m->start, m->end, m->n, m->width, m->height,
	    out, err);
}

ann_status
ann_runmask_of_mask(const ann_mask *m, ann_runmask **out, ann_error *err)
{
	ann_runmask *r;
	size_t npix = (size_t)m->width * m->height;

	*out = NULL;
	if (npix > UINT32_MAX) {
		ann__error_set(err, "a %ux%u mask has more pixels than "
		    "32-bit runs can hold", m->width, m->height);
		return ANN_FAILED;
	}
	if ((r = ann_runmask_new(m->width, m->height)) == NULL)
		goto oom;
	for (size_t i = 0; i < npix;) {
		size_t j = i + 1;
		while (j < npix && m->pix[j] == m->pix[i])
			j++;
		if (m->pix[i] != 0)
			ann__runmask_add(r, (uint32_t)i, (uint32_t)j, m->pix[i]);
		i = j;
	}
	if (r->oom)
		goto oom;
	*out = r;
	return ANN_OK;
oom:
	ann_runmask_free(r);
	ann__error_set(err, "out of memory for the runs of a %ux%u mask",
	    m->width, m->height);
	return ANN_FATAL;
}

/*
 * One pass over both lists of runs, in pixel order: each step takes the
 * stretch from P to the next place where either list starts or ends a run,
 * with the larger of the values the two give it.
 */
ann_status
ann_runmask_merge(ann_runmask *into, const ann_runmask *add, ann_error *err)
{
	const ann_runmask *a = into, *b = add;
	ann_runmask *c;
	size_t i = 0, j = 0;
	uint64_t p = 0;
	const uint64_t none = UINT64_MAX;

	if (a->width != b->width || a->height != b->height) {
		ann__error_set(err, "a %ux%u mask cannot be merged into a "
		    "%ux%u one", b->width, b->height, a->width, a->height);
		return ANN_FAILED;
	}
	if ((c = ann_runmask_new(a->width, a->height)) == NULL)
		goto oom;
	while (i < a->n || j < b->n) {
		if (i < a->n && a->end[i] <= p) {
			i++;
			continue;
		}
		if (j < b->n && b->end[j] <= p) {
			j++;
			continue;
		}
		uint64_t as = i < a->n ? (a->start[i] > p ? a->start[i] : p) : none;
		uint64_t bs = j < b->n ? (b->start[j] > p ? b->start[j] : p) : none;
		uint64_t s = as < bs ? as : bs, e = none;
		uint8_t v = 0;
		if (as == s) {
			v = a->value[i];
			e = a->end[i];
		} else
			e = as;
		if (bs == s) {
			v = b->value[j] > v ? b->value[j] : v;
			e = b->end[j] < e ? b->end[j] : e;
		} else if (bs < e)
			e = bs;
		ann__runmask_add(c, (uint32_t)s, (uint32_t)e, v);
		p = e;
	}
	if (c->oom)
		goto oom;
	/* INTO takes C's runs; C leaves with INTO's old ones. */
	ann_runmask t = *into;
	*into = *c;
	*c = t;
	ann_runmask_free(c);
	return ANN_OK;
oom:
	ann_runmask_free(c);
	ann__error_set(err, "out of memory merging %ux%u masks", a->width,
	    a->height);
	return ANN_FATAL;
}

/* The other way goes through the mask plane: encoding is not the hot path. */
ann_status
ann_coco_to_lsrle(const ann_coco *c, uint8_t value, uint8_t **out,
    size_t *outlen, ann_error *err)
{
	ann__runs fg = { NULL, NULL, 0, 0, 0 };
	ann_coco *rows = NULL;
	uint64_t pos = 0, total = (uint64_t)c->h * c->w;
	ann_status st;

	*out = NULL;
	*outlen = 0;
	if (total == 0) {
		ann__error_set(err, "COCO size %ux%u is empty", c->h, c->w);
		return ANN_FAILED;
	}
	/* Counts were checked when the RLE was made; a hand-built one here. */
	for (size_t k = 0; k < c->n; k++) {
		uint64_t end = pos + c->counts[k];
		if (end > total) {
			ann__error_set(err, "COCO counts run past the %ux%u mask",
			    c->h, c->w);
			goto failed;
		}
		if (k & 1)
			ann__runs_add(&fg, (uint32_t)pos, (uint32_t)end);
		pos = end;
	}
	if (pos != total) {
		ann__error_set(err, "COCO counts cover %llu of %llu pixels",
		    (unsigned long long)pos, (unsigned long long)total);
		goto failed;
	}
	if (fg.oom) {
		ann__error_set(err, "out of memory converting a %ux%u mask",
		    c->w, c->h);
		st = ANN_FATAL;
		goto out;
	}
	/*
	 * COCO's column-major positions of an h x w image are the row-major
	 * ones of its w x h transpose; the sweep that turns rows into columns
	 * turns them back into the image's rows, as counts in row order.
	 * So the cost follows the runs and the width, never the pixels.
	 */
	if ((st = ann__runs_to_coco(fg.start, fg.end, fg.n, c->h, c->w, &rows,
	    err)) == ANN_OK)
		st = ann__lsrle_encode_counts(rows->counts, rows->n, total, value,
		    out, outlen, err);
	goto out;
failed:
	st = ANN_FAILED;
out:
	ann_coco_free(rows);
	free(fg.start);
	free(fg.end);
	return st;
}
