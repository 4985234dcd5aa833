/*
 * imagesize.c: an image's width and height from its PNG or JPEG header,
 * for tasks whose export does not say (reading the header costs a few
 * hundred bytes; decoding the image is not needed).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ann_core.h"
#include "ann_config.h"
#include "util_private.h"

static unsigned long
be(const unsigned char *p, int n)
{
	unsigned long v = 0;

	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

static int
png_size(FILE *f, long *w, long *h)
{
	unsigned char b[24];

	/* The signature, then IHDR: length, "IHDR", width, height. */
	if (fread(b, 1, sizeof b, f) != sizeof b || memcmp(b + 12, "IHDR", 4) != 0)
		return -1;
	*w = (long)be(b + 16, 4);
	*h = (long)be(b + 20, 4);
	return 0;
}

/* The first start-of-frame segment holds the size. */
static int
jpeg_size(FILE *f, long *w, long *h)
{
	unsigned char b[8];
	int c;

	for (;;) {
		while ((c = getc(f)) != EOF && c != 0xFF)
			;	/* not at a marker: skip to one */
		while ((c = getc(f)) == 0xFF)
			;	/* fill bytes */
		if (c == EOF)
			return -1;
		if (c == 0xD8 || c == 0x01 || (c >= 0xD0 && c <= 0xD7))
			continue;	/* markers without a length */
		if (c == 0xD9 || c == 0xDA)
			return -1;	/* end of image, or scan data, before a frame */
		if (fread(b, 1, 2, f) != 2)
			return -1;
		unsigned long len = be(b, 2);
		if (len < 2)
			return -1;
		int sof = c >= 0xC0 && c <= 0xCF && c != 0xC4 && c != 0xC8 && c != 0xCC;
		if (sof) {
			if (len < 7 || fread(b, 1, 5, f) != 5)
				return -1;
			*h = (long)be(b + 1, 2);
			*w = (long)be(b + 3, 2);
			return 0;
		}
		if (fseek(f, (long)len - 2, SEEK_CUR) != 0)
			return -1;
	}
}

int
ann_image_size(const char *path, long *width, long *height, ann_error *err)
{
	static const unsigned char png[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
	unsigned char magic[8];
	FILE *f = fopen(path, "rb");
	int r = -1;

	if (f == NULL) {
		ann__error_set(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fread(magic, 1, sizeof magic, f) == sizeof magic) {
		if (memcmp(magic, png, sizeof png) == 0) {
			rewind(f);
			r = png_size(f, width, height);
		} else if (magic[0] == 0xFF && magic[1] == 0xD8) {
			fseek(f, 2, SEEK_SET);
			r = jpeg_size(f, width, height);
		}
	}
	fclose(f);
	if (r != 0 || *width <= 0 || *height <= 0) {
		ann__error_set(err, "%s: not a PNG or JPEG whose header gives its size", path);
		return -1;
	}
	return 0;
}
