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

/*
 * Row intervals' ends, filed by column: where each row's bit flips.  The
 * sweep only XORs them into its bits, so their order within a column does
 * not matter, and one pass files them in per-column lists.  An interval
 * that ends at the row's end, x1 = w, files its end in the spare column w,
 * which is then ignored: no test for it.
 */
#define NONE UINT32_MAX

struct flips {
	uint32_t *head;		/* w + 1 columns: the last flip filed, or NONE */
	uint32_t *link;		/* flip k: its row at 2k, the column's next at 2k + 1 */
	size_t n, cap;		/* flips, and room for them */
};

static inline void
file_flip(uint32_t *head, uint32_t *link, size_t *n, uint32_t x, uint32_t y)
{
	link[2 * *n] = y;
	link[2 * *n + 1] = head[x];
	head[x] = (uint32_t)(*n)++;
}

/* Where the run being filed is: row y, which starts at pixel yw. */
struct rowpos {
	uint32_t y, yw;
};

/* Move p to the row of pixel a, at or below it: a division only for a jump. */
static inline void
row_of(struct rowpos *p, uint32_t a, uint32_t w)
{
	if (a - p->yw >= w) {
		p->y = a - p->yw < 2 * (uint64_t)w ? p->y + 1 : a / w;
		p->yw = p->y * w;
	}
}

/*
 * File [a, b), a run that goes on past the end of its row, as one interval
 * a row, keeping room for two flips for each of the LEFT runs after it.
 * 0, or -1 when out of memory or past 32-bit flip numbers (NONE included).
 */
static __attribute__((noinline)) int
file_long(struct flips *f, uint32_t w, uint32_t a, uint32_t b,
    struct rowpos *p, size_t left)
{
	for (;;) {
		row_of(p, a, w);
		uint32_t x1 = b - p->yw < w ? b - p->yw : w;
		if (f->n + 2 + 2 * left >= NONE ||
		    ann__grow((void **)&f->link, &f->cap, f->n + 2 + 2 * left,
		    2 * sizeof *f->link) != 0)
			return -1;
		file_flip(f->head, f->link, &f->n, a - p->yw, p->y);
		file_flip(f->head, f->link, &f->n, x1, p->y);
		if (b - p->yw <= w)
			return 0;
		a = p->yw + w;	/* the rest is on the rows below */
	}
}

/*
 * Room is made for two flips a run, all a run within one row needs: only
 * runs that go on into more rows need more, and file_long makes it.
 */
static int
bucket(const uint32_t *start, const uint32_t *end, size_t n, uint32_t w,
    struct flips *f)
{
	f->n = f->cap = 0;
	if (n >= NONE / 2 - 1 ||
	    (f->head = malloc(((size_t)w + 1) * sizeof *f->head)) == NULL ||
	    ann__grow((void **)&f->link, &f->cap, 2 * n, 2 * sizeof *f->link) != 0)
		return -1;
	memset(f->head, 0xFF, ((size_t)w + 1) * sizeof *f->head);
	uint32_t *head = f->head, *link = f->link;
	size_t nf = 0;
	/* Runs come in order: the row moves on, never back. */
	struct rowpos at = { 0, 0 };
	for (size_t i = 0; i < n; i++) {
		uint32_t a = start[i], b = end[i];
		if (a >= b)
			continue;
		row_of(&at, a, w);
		if (b - at.yw > w) {
			f->n = nf;
			if (file_long(f, w, a, b, &at, n - i - 1) != 0)
				return -1;
			nf = f->n;
			link = f->link;
			continue;
		}
		file_flip(head, link, &nf, a - at.yw, at.y);
		file_flip(head, link, &nf, b - at.yw, at.y);
	}
	f->n = nf;
	return 0;
}

/*
 * The sweep over the columns: one bit per row, set while the row is inside
 * an interval at the current column, flipped where intervals start and
 * end, and the column's runs read off the bits a word at a time.  Most
 * columns have no flips (masks are mostly smooth), and those repeat the
 * runs of the column before, which cost less to replay than height / 64
 * words to read.
 */
struct sweep {
	struct flips f;
	uint64_t *bits;
	uint32_t *len;		/* the runs of the column swept last, */
	size_t n;		/* values alternating from v0 */
	int v0;
};

static void
sweep_free(struct sweep *s)
{
	free(s->f.head);
	free(s->f.link);
	free(s->bits);
	free(s->len);
}

/*
 * Runs that touch (a run mask's, where values differ) flip the same bit
 * twice at the same column, which leaves it as it was: they need no
 * joining.  A column has at most two runs for each bit set, and one more,
 * and at most height: room for them is made once.  0, or -1 when out of memory.
 */
static int
sweep_begin(struct sweep *s, const uint32_t *start, const uint32_t *end,
    size_t n, uint32_t width, uint32_t height)
{
	memset(s, 0, sizeof *s);
	if (bucket(start, end, n, width, &s->f) != 0)
		return -1;
	uint64_t most = (uint64_t)s->f.n + 1;
	if (most > height)
		most = height;
	if ((s->bits = calloc(((size_t)height + 63) / 64, sizeof *s->bits)) == NULL ||
	    (s->len = malloc((size_t)most * sizeof *s->len)) == NULL)
		return -1;
	return 0;
}

/* Column x's runs, in s->len, from its flips: call it where there are some. */
static void
sweep_column(struct sweep *s, uint32_t x, uint32_t height)
{
	const struct flips *f = &s->f;
	uint64_t *bits = s->bits;

	for (uint32_t k = f->head[x]; k != NONE; k = f->link[2 * k + 1])
		bits[f->link[2 * k] >> 6] ^= 1ULL << (f->link[2 * k] & 63);
	/* A column that ends empty reads its words for nothing: rare. */
	s->n = 0;
	s->v0 = (int)(bits[0] & 1);
	for (uint32_t y = 0; y < height;) {
		int v = (int)(bits[y >> 6] >> (y & 63) & 1);
		uint32_t next = next_change(bits, y, v, height);
		s->len[s->n++] = next - y;
		y = next;
	}
}

/* Whether column x has flips, or is the one before again. */
static inline int
sweep_flips(const struct sweep *s, uint32_t x)
{
	return x == 0 || s->f.head[x] != NONE;
}

ann_status
ann__runs_to_coco(const uint32_t *start, const uint32_t *end, size_t n,
    uint32_t width, uint32_t height, ann_coco **out, ann_error *err)
{
	struct sweep s;
	struct counts k = { NULL, 64, 0, 0, 0 };

	*out = NULL;
	if (ann__coco_check_size(width, height, err) != ANN_OK)
		return ANN_FAILED;
	if (sweep_begin(&s, start, end, n, width, height) != 0 ||
	    (k.c = ann__coco_new(height, width, k.cap)) == NULL)
		goto oom;
	for (uint32_t x = 0; x < width && !k.oom; x++) {
		if (sweep_flips(&s, x))
			sweep_column(&s, x, height);
		for (size_t i = 0; i < s.n; i++)
			segment(&k, (int)(i & 1) ^ s.v0, s.len[i]);
	}
	segment(&k, !k.cur, 0);	/* the last run */
	if (k.oom)
		goto oom;
	*out = k.c;
	sweep_free(&s);
	return ANN_OK;
oom:
	ann__error_set(err, "out of memory converting a %ux%u mask", width,
	    height);
	ann_coco_free(k.c);
	sweep_free(&s);
	return ANN_FATAL;
}

ann_status
ann_lsrle_to_coco(const uint8_t *rle, size_t len, uint32_t width,
    uint32_t height, ann_coco **out, ann_error *err)
{
	ann__runs runs = { 0 };
	ann_status st;

	*out = NULL;
	if (ann__coco_check_size(width, height, err) != ANN_OK)
		return ANN_FAILED;
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

/*
 * The foreground runs [START[j], END[j]) of an h x w COCO RLE, column-major
 * pixels, in order, as Label Studio RLE.  COCO's column-major positions of
 * an h x w image are the row-major ones of its w x h transpose; the sweep
 * that turns rows into columns turns them back into the image's rows,
 * which go to the encoder as they come, each run of rows without flips in
 * one call.  So the cost follows the runs and the height, never the pixels.
 */
static ann_status
runs_to_lsrle(uint32_t h, uint32_t w, const uint32_t *start,
    const uint32_t *end, size_t n, uint8_t value, uint8_t **out,
    size_t *outlen, ann_error *err)
{
	struct sweep s;
	ann__lsenc o;
	ann_status st;

	if (ann__coco_check_size(h, w, err) != ANN_OK)
		return ANN_FAILED;
	if ((st = ann__lsenc_begin(&o, (uint64_t)h * w * 4, err)) != ANN_OK)
		return st;
	if (sweep_begin(&s, start, end, n, h, w) != 0) {
		free(o.buf);
		sweep_free(&s);
		ann__error_set(err, "out of memory converting a %ux%u mask", w, h);
		return ANN_FATAL;
	}
	for (uint32_t y = 0, next; y < h && !o.oom; y = next) {
		sweep_column(&s, y, w);
		/* The rows without flips after it are the same again. */
		for (next = y + 1; next < h && !sweep_flips(&s, next); next++)
			;
		ann__lsenc_counts(&o, s.len, s.n, s.v0, value, next - y);
	}
	sweep_free(&s);
	return ann__lsenc_finish(&o, out, outlen, err);
}

ann_status
ann_coco_to_lsrle(const ann_coco *c, uint8_t value, uint8_t **out,
    size_t *outlen, ann_error *err)
{
	uint64_t pos = 0, total = (uint64_t)c->h * c->w;
	uint32_t *start, *end;
	size_t k = 0, nfg = 0;
	ann_status st = ANN_FAILED;

	*out = NULL;
	*outlen = 0;
	if (total == 0) {
		ann__error_set(err, "COCO size %ux%u is empty", c->h, c->w);
		return ANN_FAILED;
	}
	/* The foreground: every other count, at most one run in two. */
	if ((start = malloc(2 * (c->n / 2 + 1) * sizeof *start)) == NULL) {
		ann__error_set(err, "out of memory converting a %ux%u mask",
		    c->w, c->h);
		return ANN_FATAL;
	}
	end = start + c->n / 2 + 1;
	/*
	 * Counts were checked when the RLE was made; a hand-built one here,
	 * a pair at a time: a background count past the end takes the pair
	 * past it too, and the message is the same.
	 */
	for (; k + 1 < c->n; k += 2) {
		uint64_t a = pos + c->counts[k], e = a + c->counts[k + 1];
		if (e > total)
			goto past;
		start[nfg] = (uint32_t)a;
		end[nfg] = (uint32_t)e;
		nfg += e > a;
		pos = e;
	}
	if (k < c->n && (pos += c->counts[k]) > total)
		goto past;
	if (pos != total) {
		ann__error_set(err, "COCO counts cover %llu of %llu pixels",
		    (unsigned long long)pos, (unsigned long long)total);
		goto out;
	}
	st = runs_to_lsrle(c->h, c->w, start, end, nfg, value, out, outlen,
	    err);
	goto out;
past:
	ann__error_set(err, "COCO counts run past the %ux%u mask", c->h, c->w);
out:
	free(start);
	return st;
}

ann_status
ann_coco_string_to_lsrle(uint32_t h, uint32_t w, const char *s, size_t len,
    uint8_t value, uint8_t **out, size_t *outlen, ann_error *err)
{
	uint32_t *start, *end;
	size_t n = 0;
	ann_status st;

	*out = NULL;
	*outlen = 0;
	if ((st = ann__coco_check_size(h, w, err)) != ANN_OK)
		return st;
	if ((start = malloc(2 * (len / 2 + 1) * sizeof *start)) == NULL) {
		ann__error_set(err, "out of memory for %zu counts", len);
		return ANN_FATAL;
	}
	end = start + len / 2 + 1;
	if ((st = ann__coco_decode_runs(h, w, s, len, start, end, &n, err)) ==
	    ANN_OK) {
		if ((uint64_t)h * w == 0) {
			ann__error_set(err, "COCO size %ux%u is empty", h, w);
			st = ANN_FAILED;
		} else
			st = runs_to_lsrle(h, w, start, end, n, value, out,
			    outlen, err);
	}
	free(start);
	return st;
}
