/*
 * fuzz_rle.c: the mask codecs on arbitrary bytes.  The first four bytes
 * pick a small mask size and a few switches; the rest is, in turn, a Label
 * Studio RLE stream, a COCO counts string and a list of COCO counts.
 * Whatever decodes must survive every round trip: encode and decode again,
 * convert to the other format and back.
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

	/* COCO string, with the size from the first two bytes. */
	if (ann_coco_from_string(h, w, (const char *)p, n, &c, &err) == ANN_OK) {
		if (ann_coco_decode(c, 1, &m, &err) != ANN_OK)
			abort();
		check_mask(m);
		ann_mask_free(m);
		ann_coco_free(c);
	}

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
