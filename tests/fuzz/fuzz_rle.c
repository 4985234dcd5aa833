/*
 * fuzz_rle.c: the mask codecs on arbitrary bytes.  The first four bytes
 * pick a small mask size and a few switches; the rest is, in turn, a Label
 * Studio RLE stream, a COCO counts string and a list of COCO counts.
 * Whatever decodes must survive every round trip: encode and decode again,
 * convert to the other format and back; and its outer contours must be
 * one per part and fill back to it (check_trace).
 *
 * Byte 0, 1: width and height, 1..256.  Byte 2 bit 0: overwrite the
 * stream's word count with width * height * 4, so token decoding gets
 * explored and not only the header check.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ann_rle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
same_mask(const ann_mask *a, const ann_mask *b)
{
	return a->width == b->width && a->height == b->height &&
	    memcmp(a->pix, b->pix, (size_t)a->width * a->height) == 0;
}

static int
binary_of(const ann_mask *m, const ann_mask *ref, uint8_t value)
{
	for (size_t i = 0; i < (size_t)m->width * m->height; i++)
		if (m->pix[i] != (ref->pix[i] ? value : 0))
			return 0;
	return 1;
}

static int
same_coco(const ann_coco *a, const ann_coco *b)
{
	return a->h == b->h && a->w == b->w && a->n == b->n &&
	    memcmp(a->counts, b->counts, a->n * sizeof *a->counts) == 0;
}

/*
 * Label the parts of m in lab (0: none), pixels as `in` says they are,
 * 8- or 4-connected: how many parts; *outer counts the parts that touch
 * the image's edge.  A stack of pixels: test code, memory is no matter.
 */
static size_t
label(const ann_mask *m, int in, int eight, uint32_t *lab, size_t *outer)
{
	size_t w = m->width, h = m->height, parts = 0;
	size_t *stack = malloc(w * h * sizeof *stack), top;

	*outer = 0;
	memset(lab, 0, w * h * sizeof *lab);
	for (size_t i = 0; i < w * h; i++) {
		if ((m->pix[i] != 0) != in || lab[i] != 0)
			continue;
		int edge = 0;
		lab[i] = (uint32_t)++parts;
		stack[0] = i;
		top = 1;
		while (top > 0) {
			size_t p = stack[--top], x = p % w, y = p / w;
			edge |= x == 0 || y == 0 || x == w - 1 || y == h - 1;
			for (int dy = -1; dy <= 1; dy++)
				for (int dx = -1; dx <= 1; dx++) {
					if ((dx == 0 && dy == 0) || (!eight && dx != 0 && dy != 0) ||
					    (dx < 0 && x == 0) || (dy < 0 && y == 0) ||
					    (dx > 0 && x == w - 1) || (dy > 0 && y == h - 1))
						continue;
					size_t q = (y + dy) * w + x + dx;
					if ((m->pix[q] != 0) == in && lab[q] == 0) {
						lab[q] = (uint32_t)parts;
						stack[top++] = q;
					}
				}
		}
		*outer += edge;
	}
	free(stack);
	return parts;
}

/*
 * The outer contours of m: one per 8-connected part, each inside the
 * image, of edges across and down the grid turning at every point, and
 * together, filled, the mask with its holes filled: the winding number
 * of a pixel is how many contours hold it (each goes clockwise): at
 * least 1 on every pixel of the mask (more on an island in a hole), and
 * without holes exactly the mask.
 * The holes counted are the pieces of background, 4-connected, that do
 * not reach the edge.
 */
static void
check_trace(const ann_mask *m)
{
	size_t w = m->width, h = m->height, outer;
	ann_mask *t = ann_mask_new(m->width, m->height);
	int32_t *wind = calloc((w + 1) * h, sizeof *wind);
	uint32_t *lab = malloc(w * h * sizeof *lab);
	ann_mask_trace tr;
	ann_error err;
	ann_status st;

	memcpy(t->pix, m->pix, w * h);
	ann_mask_trace_init(&tr, t);
	while ((st = ann_mask_trace_next(&tr, &err)) == ANN_OK) {
		if (tr.n < 4)
			abort();
		for (size_t i = 0; i < tr.n; i++) {
			const uint32_t *a = tr.xy + 2 * i, *b = tr.xy + 2 * ((i + 1) % tr.n),
			    *c = tr.xy + 2 * ((i + 2) % tr.n);
			if (a[0] > w || a[1] > h || (a[0] != b[0]) == (a[1] != b[1]))
				abort();	/* outside, a point twice, or aslant */
			if ((a[0] == b[0] && b[0] == c[0]) || (a[1] == b[1] && b[1] == c[1]))
				abort();	/* a point on a straight run */
			if (a[0] == b[0])	/* up: +1 from here on; down: -1 */
				for (uint32_t y = a[1] < b[1] ? a[1] : b[1];
				    y < (a[1] < b[1] ? b[1] : a[1]); y++)
					wind[y * (w + 1) + a[0]] += a[1] > b[1] ? 1 : -1;
		}
	}
	if (st != ANN_EOF)
		abort();
	uint64_t holes = tr.holes, parts = tr.parts;
	ann_mask_trace_free(&tr);
	ann_mask_free(t);
	for (size_t y = 0; y < h; y++) {
		int32_t k = 0;
		for (size_t x = 0; x < w; x++) {
			k += wind[y * (w + 1) + x];
			int in = m->pix[y * w + x] != 0;
			if (k < in || (holes == 0 && k != in))
				abort();
		}
	}
	if (label(m, 1, 1, lab, &outer) != parts)
		abort();
	if (label(m, 0, 0, lab, &outer) - outer != holes)
		abort();
	free(wind);
	free(lab);
}

/* M must survive both codecs and both conversions. */
static void
check_mask(const ann_mask *m)
{
	ann_error err;
	uint8_t *ls, *ls2;
	size_t n, n2, slen;
	ann_mask *back, *back2;
	ann_coco *c, *c2, *c3;
	char *s;

	if (ann_lsrle_encode(m, &ls, &n, &err) != ANN_OK)
		abort();
	if (ann_lsrle_decode(ls, n, m->width, m->height, &back, &err) != ANN_OK || !same_mask(back, m))
		abort();
	ann_mask_free(back);
	if (ann_coco_encode(m, &c, &err) != ANN_OK ||
	    ann_lsrle_to_coco(ls, n, m->width, m->height, &c2, &err) != ANN_OK || !same_coco(c, c2))
		abort();
	if (ann_coco_to_string(c, &s, &slen, &err) != ANN_OK ||
	    ann_coco_from_string(m->height, m->width, s, slen, &c3, &err) != ANN_OK || !same_coco(c, c3))
		abort();
	if (ann_coco_decode(c, 1, &back, &err) != ANN_OK ||
	    !binary_of(back, m, 1))
		abort();
	if (ann_coco_to_lsrle(c, 255, &ls2, &n2, &err) != ANN_OK ||
	    ann_lsrle_decode(ls2, n2, m->width, m->height, &back2, &err) != ANN_OK || !binary_of(back2, m, 255))
		abort();
	uint64_t area = 0;
	for (size_t i = 0; i < (size_t)m->width * m->height; i++)
		area += m->pix[i] != 0;
	double bb[4];
	ann_coco_bbox(c, bb);
	if (ann_coco_area(c) != area || (area == 0) != (bb[2] == 0) ||
	    bb[0] + bb[2] > m->width || bb[1] + bb[3] > m->height)
		abort();
	ann_mask_free(back);
	ann_mask_free(back2);
	check_trace(m);
	ann_coco_free(c);
	ann_coco_free(c2);
	ann_coco_free(c3);
	free(ls);
	free(ls2);
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ann_error err;
	ann_mask *m;
	ann_coco *c;
	uint8_t *rgba;

	if (size < 4)
		return 0;
	uint32_t w = 1u + data[0], h = 1u + data[1];
	int patch = data[2] & 1;
	const uint8_t *p = data + 4;
	size_t n = size - 4;

	/* Label Studio RLE. */
	uint8_t *rle = malloc(n ? n : 1);
	memcpy(rle, p, n);
	if (patch && n >= 4) {
		uint32_t num = w * h * 4;
		rle[0] = (uint8_t)(num >> 24);
		rle[1] = (uint8_t)(num >> 16);
		rle[2] = (uint8_t)(num >> 8);
		rle[3] = (uint8_t)num;
	}
	ann_status st = ann_lsrle_decode(rle, n, w, h, &m, &err);
	ann_status st2 = ann_lsrle_decode_rgba(rle, n, w, h, &rgba, &err);
	if (st != st2 || (st == ANN_OK) != (m != NULL))
		abort();
	if (st == ANN_OK) {
		for (size_t i = 0; i < (size_t)w * h; i++)
			if (rgba[4 * i + 3] != m->pix[i])
				abort();
		check_mask(m);
		ann_mask_free(m);
		free(rgba);
	}
	free(rle);

	/*
	 * COCO string, with the size from the first two bytes; straight to
	 * Label Studio RLE it must fail where the two steps fail, with the
	 * same message, or give their bytes.
	 */
	ann_error err2;
	uint8_t *ls = NULL, *ls2 = NULL;
	size_t lsn = 0, lsn2 = 0;
	st = ann_coco_from_string(h, w, (const char *)p, n, &c, &err);
	st2 = ann_coco_string_to_lsrle(h, w, (const char *)p, n, 255, &ls2,
	    &lsn2, &err2);
	if (st == ANN_OK) {
		if (ann_coco_to_lsrle(c, 255, &ls, &lsn, &err) != ANN_OK ||
		    st2 != ANN_OK || lsn != lsn2 || memcmp(ls, ls2, lsn) != 0)
			abort();
		if (ann_coco_decode(c, 1, &m, &err) != ANN_OK)
			abort();
		check_mask(m);
		ann_mask_free(m);
		ann_coco_free(c);
	} else if (st2 != st || strcmp(err.msg, err2.msg) != 0 ||
	    err.has_byte != err2.has_byte || err.byte != err2.byte || ls2 != NULL)
		abort();
	free(ls);
	free(ls2);

	/*
	 * Each byte a count; the last is stretched to fill whole columns.
	 * At most 128 of them, to keep the masks small and the runs fast.
	 */
	if (n > 128)
		n = 128;
	if (n > 0) {
		int64_t *counts = malloc(n * sizeof *counts);
		uint64_t sum = 0;
		for (size_t i = 0; i < n; i++)
			sum += counts[i] = p[i];
		uint32_t ch = 1u + data[3] % 16;
		uint64_t cw = (sum + ch - 1) / ch;
		counts[n - 1] += (int64_t)(cw * ch - sum);
		if (cw > 0 && ann_coco_from_counts(ch, (uint32_t)cw, counts, n,
		    &c, &err) == ANN_OK) {
			if (ann_coco_decode(c, 1, &m, &err) != ANN_OK)
				abort();
			check_mask(m);
			ann_mask_free(m);
			ann_coco_free(c);
		} else if (cw > 0)
			abort();
		free(counts);
	}
	return 0;
}
