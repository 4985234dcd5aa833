/*
 * check_brush.c: rule 7, a brush region's mask: Label Studio's RLE, of the
 * image's size, decoding completely.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_private.h"
#include "ann_rle.h"
#include "rle_private.h"

/* --- Rule 7: brush masks ----------------------------------------------- */

/* A byte written as 0 to 255, without a sign, point or exponent: 0, or -1. */
static int
byte_of(ann_json_val v, uint8_t *out)
{
	unsigned b = 0;

	if (v.n == 0 || v.n > 3 || (v.n > 1 && v.p[0] == '0'))
		return -1;
	for (size_t i = 0; i < v.n; i++) {
		if (v.p[i] < '0' || v.p[i] > '9')
			return -1;
		b = b * 10 + (unsigned)(v.p[i] - '0');
	}
	*out = (uint8_t)b;
	return b <= 255 ? 0 : -1;
}

/* value.rle as bytes: 0 and a buffer to free, or -1 after saying why. */
static int
rle_bytes(ann_check *k, ann_json_val rle, uint8_t **out, size_t *n)
{
	ann_json_iter it;
	ann_json_val v;
	size_t i = 0;

	/* Each element takes a byte and a comma: room for all of them. */
	*n = 0;
	if ((*out = malloc(rle.n / 2 + 1)) == NULL)
		return -2;
	/*
	 * The common case read straight off the array's text, which the
	 * reader has validated: digits, commas and spaces.  Anything else
	 * (a sign, a fraction, a string) goes the long way below, which
	 * names the element.  A pretty-printed export puts each element on
	 * a line of its own under a deep indent: most of the text is the
	 * spaces, passed eight at a time.
	 */
	static const unsigned char sep[256] = {
		[' '] = 1, [','] = 1, ['\n'] = 1, ['\r'] = 1, ['\t'] = 1
	};
	const char *p = rle.p + 1, *end = rle.p + rle.n - 1;
	while (p < end) {
		unsigned char c = (unsigned char)*p;
		uint64_t w;
		if (c == ' ' && end - p >= 8 &&
		    (memcpy(&w, p, 8), w == UINT64_C(0x2020202020202020))) {
			p += 8;
			continue;
		}
		if (sep[c]) {
			p++;
			continue;
		}
		/* 0 to 255 without a sign, a point or a leading zero, as byte_of. */
		unsigned b = (unsigned char)*p - '0';
		const char *d = p++;
		if (b > 9)
			break;
		while (p < end && (unsigned char)(*p - '0') <= 9 && p - d < 4)
			b = b * 10 + (unsigned)(*p++ - '0');
		if ((p - d > 1 && *d == '0') || p - d > 3 || b > 255 ||
		    (p < end && !sep[(unsigned char)*p]))
			break;
		(*out)[i++] = (uint8_t)b;
	}
	if (p >= end) {
		*n = i;
		return 0;
	}
	i = 0;
	ann__json_iter_init(&it, rle, k->cache);
	for (; ann_json_next_elem(&it, &v); i++)
		if (byte_of(v, &(*out)[i]) != 0) {
			char a[64];
			ann__check_say(k, ANN_RULE_BRUSH, ANN_CHECK_ERROR, "value.rle[%zu] "
			    "is %s, not a byte from 0 to 255", i,
			    ann_json_typeof(v) == ANN_JSON_NUMBER ?
			    ann__check_text(v, a, sizeof a, 40) : ann__check_type_of(v));
			free(*out);
			*out = NULL;
			return -1;
		}
	*n = i;
	return 0;
}

void
ann__check_brush(ann_check *k, const ann_region *r)
{
	ann_json_val rle, format;
	ann_rle_form form;
	ann_lsrle_header hdr;
	ann_runmask *runs = NULL;
	ann_error err;
	uint8_t *bytes;
	size_t n;

	switch (ann__region_rle(r, ANN_SHAPE_LS_TASK, k->cache, &rle, &form, &err)) {
	case ANN_OK:
		break;
	case ANN_WARN:
		return;	/* a bitmask: a PNG data URL, not RLE */
	default:
		ann__check_say(k, ANN_RULE_BRUSH, ANN_CHECK_ERROR, "%s", err.msg);
		return;
	}
	if (form == ANN_RLE_COCO) {
		ann__check_say(k, ANN_RULE_BRUSH, ANN_CHECK_ERROR, "value.rle is a COCO "
		    "RLE object: Label Studio reads only its own RLE, a list of bytes");
		return;
	}
	if (ann__check_member(k, r->value, "format", &format) != 0)
		ann__check_say(k, ANN_RULE_BRUSH, ANN_CHECK_ERROR, "value.format is "
		    "missing: Label Studio reads a mask with format \"rle\"");
	else if (ann_json_typeof(format) != ANN_JSON_STRING)
		ann__check_say(k, ANN_RULE_BRUSH, ANN_CHECK_ERROR, "value.format is %s, "
		    "not \"rle\"", ann__check_type_of(format));
	else if (!ann_json_str_eq(format, "rle")) {
		char a[64];
		ann__check_say(k, ANN_RULE_BRUSH, ANN_CHECK_ERROR, "value.format is "
		    "\"%s\", not \"rle\"", ann__check_text(format, a, sizeof a, 40));
	}
	switch (rle_bytes(k, rle, &bytes, &n)) {
	case 0:
		break;
	case -2:
		snprintf(k->err, sizeof k->err, "out of memory");
		return;
	default:
		return;
	}
	if (ann_lsrle_read_header(bytes, n, &hdr, &err) != ANN_OK) {
		ann__check_say(k, ANN_RULE_BRUSH, ANN_CHECK_ERROR, "the RLE's header: %s",
		    err.msg);
		goto done;
	}
	/* Without the image's size the count cannot be checked: rule sizes says so. */
	if (r->image_w < 1 || r->image_h < 1 || r->image_w > INT32_MAX ||
	    r->image_h > INT32_MAX)
		goto done;
	uint64_t want = (uint64_t)r->image_w * (uint64_t)r->image_h * 4;
	if (hdr.num != want) {
		ann__check_say(k, ANN_RULE_BRUSH, ANN_CHECK_ERROR, "the RLE's header "
		    "counts %lu values: a %ldx%ld image needs %llu (width*height*4)",
		    (unsigned long)hdr.num, r->image_w, r->image_h, (unsigned long long)want);
		goto done;
	}
	/* The runs cost what the RLE does, whatever size it claims. */
	if (ann_lsrle_decode_runs(bytes, n, (uint32_t)r->image_w,
	    (uint32_t)r->image_h, &runs, &err) != ANN_OK)
		ann__check_say(k, ANN_RULE_BRUSH, ANN_CHECK_ERROR, "the RLE does not "
		    "decode: %s", err.msg);
	ann_runmask_free(runs);
done:
	free(bytes);
}
