/*
 * fuzz_png.c: the PNG reader on arbitrary bytes.  What it reads as a mask
 * must write back as an 8-bit grey PNG and read again as the same mask.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann_rle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ann_error err;
	ann_mask *m = NULL, *again = NULL;
	char *png = NULL;
	size_t pnglen = 0;

	if (size == 0)
		return 0;
	FILE *in = fmemopen((void *)(uintptr_t)data, size, "rb");
	if (in == NULL)
		return 0;
	/* The tools' default limit: a claimed size alone must not take memory. */
	ann_status st = ann_mask_read_png(in, ANN_MASK_MAX_PIXELS, 0, 0, &m, &err);
	fclose(in);
	if (st != ANN_OK) {
		if (m != NULL || err.msg[0] == '\0')
			abort();	/* a failure leaves nothing, and says why */
		return 0;
	}
	FILE *out = open_memstream(&png, &pnglen);
	if (out == NULL || ann_mask_write_png(out, m, &err) != ANN_OK)
		abort();
	fclose(out);
	in = fmemopen(png, pnglen, "rb");
	if (in == NULL || ann_mask_read_png(in, 0, m->width, m->height, &again, &err) != ANN_OK)
		abort();
	fclose(in);
	if (again->width != m->width || again->height != m->height ||
	    memcmp(again->pix, m->pix, (size_t)m->width * m->height) != 0)
		abort();
	ann_mask_free(again);
	ann_mask_free(m);
	free(png);
	return 0;
}
