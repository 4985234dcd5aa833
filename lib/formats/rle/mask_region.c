/*
 * mask_region.c: the mask a brush region of the task view holds, whichever
 * way it holds it: value.rle as Label Studio's list of bytes, or, after
 * ann-rle to-coco, a COCO RLE object (counts as a string or a list).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "ann_rle.h"
#include "json_private.h"
#include "rle_private.h"
#include "util_private.h"

static ann_status
bad(ann_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static ann_status
bad(ann_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ann__error_vset(err, fmt, ap);
	va_end(ap);
	return ANN_FAILED;
}

/*
 * The common case, a list of plain decimal bytes ("[0,0,3,255]", any white
 * space), read straight off the validated text: a brush mask's list is the
 * bulk of a task, and walking it value by value costs more than decoding
 * the mask.  Returns 0, or -1 to leave anything else to the careful path.
 */
static int
plain_bytes(ann_json_val list, uint8_t *out, size_t *n)
{
	const char *p = list.p + 1, *end = list.p + list.n - 1;
	size_t k = 0;

	for (;;) {
		while (p < end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
			p++;
		if (p == end)
			break;
		unsigned v = 0, digits = 0;
		for (; p < end && *p >= '0' && *p <= '9' && digits < 4; p++, digits++)
			v = v * 10 + (unsigned)(*p - '0');
		if (digits == 0 || v > 255 || (digits > 1 && p[-(int)digits] == '0'))
			return -1;
		out[k++] = (uint8_t)v;
		while (p < end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
			p++;
		if (p < end && *p++ != ',')
			return -1;
	}
	*n = k;
	return 0;
}

/* Label Studio's list of byte values. */
static ann_status
bytes_of(ann_json_val list, uint8_t **out, size_t *n, ann_error *err)
{
	ann_json_iter it;
	ann_json_val e;
	int64_t v;

	*out = NULL;
	*n = 0;
	/* A byte takes two characters at least ("0,"): this is room enough. */
	if ((*out = malloc(list.n / 2 + 1)) == NULL) {
		ann__error_set(err, "out of memory");
		return ANN_FATAL;
	}
	if (plain_bytes(list, *out, n) == 0)
		return ANN_OK;
	/*
	 * The careful way, into the same room: each element still takes a
	 * character and a comma or bracket after it.
	 */
	*n = 0;
	ann_json_iter_init(&it, list);
	while (ann_json_next_elem(&it, &e)) {
		if (ann_json_int64(e, &v) != 0 || v < 0 || v > 255) {
			free(*out);
			*out = NULL;
			return bad(err, "value.rle[%zu] is %.*s, not a byte "
			    "from 0 to 255", *n, (int)(e.n > 32 ? 32 : e.n), e.p);
		}
		(*out)[(*n)++] = (uint8_t)v;
	}
	return ANN_OK;
}

/* {"size": [h, w], "counts": "..." or [...]}, of the region's size if it has one. */
static ann_status
coco_of(const ann_region *r, ann_json_val obj, uint64_t max_pixels,
    ann_coco **out, ann_error *err)
{
	static const char *const keys[] = { "size", "counts" };
	ann_json_val m[2], e;
	ann_json_iter it;
	int64_t hw[2], v, *counts = NULL;
	size_t k = 0, n = 0, cap = 0;
	ann_status st;

	ann__json_getn(NULL, obj, keys, 2, m);
	if (ann_json_typeof(m[0]) == ANN_JSON_ARRAY) {
		ann_json_iter_init(&it, m[0]);
		for (; ann_json_next_elem(&it, &e); k++)
			if (k >= 2 || ann_json_int64(e, &hw[k]) != 0 ||
			    hw[k] < 1 || hw[k] > INT32_MAX) {
				k = 0;
				break;
			}
	}
	if (k != 2)
		return bad(err, "value.rle.size is not [height, width]");
	if (r->image_w > 0 && r->image_h > 0 &&
	    (hw[0] != r->image_h || hw[1] != r->image_w))
		return bad(err, "value.rle.size [%lld, %lld] is not "
		    "[original_height, original_width] [%ld, %ld]",
		    (long long)hw[0], (long long)hw[1], r->image_h, r->image_w);
	if (ann_mask_check_size((uint64_t)hw[1], (uint64_t)hw[0], max_pixels,
	    err) != ANN_OK)
		return ANN_FAILED;
	if (ann_json_typeof(m[1]) == ANN_JSON_STRING) {
		char *text = malloc(m[1].n);
		if (text == NULL)
			goto oom;
		size_t len = ann_json_str_decode(m[1], text);
		st = ann_coco_from_string((uint32_t)hw[0], (uint32_t)hw[1], text, len,
		    out, err);
		free(text);
		return st;
	}
	if (ann_json_typeof(m[1]) != ANN_JSON_ARRAY)
		return bad(err, "value.rle.counts is neither a string nor a list");
	/* The uncompressed form: the counts as numbers. */
	ann_json_iter_init(&it, m[1]);
	while (ann_json_next_elem(&it, &e)) {
		if (ann_json_int64(e, &v) != 0) {
			free(counts);
			return bad(err, "value.rle.counts holds %.*s, not a count",
			    (int)(e.n > 32 ? 32 : e.n), e.p);
		}
		if (ann__grow((void **)&counts, &cap, n + 1, sizeof *counts) != 0) {
			free(counts);
			goto oom;
		}
		counts[n++] = v;
	}
	st = ann_coco_from_counts((uint32_t)hw[0], (uint32_t)hw[1], counts, n, out,
	    err);
	free(counts);
	return st;
oom:
	ann__error_set(err, "out of memory");
	return ANN_FATAL;
}

ann_status
ann__region_rle(const ann_region *r, ann_shape shape, ann__json_cache *cache,
    ann_json_val *rle, ann_rle_form *form, ann_error *err)
{
	ann_json_iter it;
	ann_json_val key;
	int found = 0;

	*form = ANN_RLE_NONE;
	/* Labelbox masks are URLs, bitmask regions PNG data URLs: no RLE here. */
	if (r->kind != ANN_KIND_MASK || shape == ANN_SHAPE_LABELBOX_V1 ||
	    shape == ANN_SHAPE_LABELBOX_V2 || ann_json_str_eq(r->type, "bitmasklabels")) {
		ann__error_set(err, "the mask is not stored in the export");
		return ANN_WARN;
	}
	/* The first "rle", as ann_json_get finds it; ends known through cache. */
	if (ann_json_typeof(r->value) == ANN_JSON_OBJECT) {
		ann__json_iter_init(&it, r->value, cache);
		while (!found && ann_json_next_member(&it, &key, rle))
			found = ann_json_str_eq(key, "rle");
	}
	if (!found)
		return bad(err, "a brush region without value.rle");
	switch (ann_json_typeof(*rle)) {
	case ANN_JSON_ARRAY:
		*form = ANN_RLE_LS;
		return ANN_OK;
	case ANN_JSON_OBJECT:
		*form = ANN_RLE_COCO;
		return ANN_OK;
	default:
		return bad(err, "value.rle is neither a list of bytes nor a "
		    "COCO RLE object");
	}
}

ann_status
ann_region_rle(const ann_region *r, ann_shape shape, ann_json_val *rle,
    ann_rle_form *form, ann_error *err)
{
	return ann__region_rle(r, shape, NULL, rle, form, err);
}

/* Is W x H a size a mask can have (each side from 1 to 2^31 - 1)? */
static int
usable(long w, long h)
{
	return w >= 1 && h >= 1 && w <= INT32_MAX && h <= INT32_MAX;
}

/*
 * The size a Label Studio list decodes at, into *w, *h: the region's, or
 * else the image's (W x H, -1 when unknown).  The stream's header says how
 * many bytes it decodes to, which must be the size's times 4 (RGBA); a
 * region's own size must also be the image's, when that is known.  Both
 * are checked here, on the header, so that the message can say what the
 * mask is and what the image is, before anything is decoded.
 */
static ann_status
ls_size(const ann_region *r, const uint8_t *bytes, size_t n, long W, long H,
    uint32_t *w, uint32_t *h, ann_error *err)
{
	ann_lsrle_header hdr;
	int own = usable(r->image_w, r->image_h);	/* else W x H is */

	if (ann_lsrle_read_header(bytes, n, &hdr, err) != ANN_OK)
		return ANN_FAILED;
	*w = (uint32_t)(own ? r->image_w : W);
	*h = (uint32_t)(own ? r->image_h : H);
	if (!own && hdr.num != (uint64_t)W * H * 4)
		return bad(err, "mask without original_width and original_height "
		    "decodes to %u bytes, image is %ldx%ld (%llu bytes of RGBA)",
		    hdr.num, W, H, (unsigned long long)W * H * 4);
	/* A wrong original_width or original_height: the decoder says so. */
	if (own && usable(W, H) && hdr.num == (uint64_t)*w * *h * 4 &&
	    (r->image_w != W || r->image_h != H))
		return bad(err, "mask %ldx%ld decodes to %u bytes, image is "
		    "%ldx%ld", r->image_w, r->image_h, hdr.num, W, H);
	return ANN_OK;
}

ann_status
ann_region_mask(const ann_region *r, ann_shape shape, long W, long H,
    uint64_t max_pixels, ann_coco **coco, ann_runmask **runs, ann_error *err)
{
	ann_json_val rle;
	ann_rle_form form;
	ann_mask *plane;
	uint8_t *bytes;
	size_t n;
	uint32_t w, h;
	ann_status st;

	*coco = NULL;
	if (runs != NULL)
		*runs = NULL;
	if ((st = ann_region_rle(r, shape, &rle, &form, err)) != ANN_OK)
		return st;
	if (form == ANN_RLE_COCO) {
		if ((st = coco_of(r, rle, max_pixels, coco, err)) != ANN_OK)
			return st;
		if (usable(W, H) && ((*coco)->w != W || (*coco)->h != H)) {
			st = bad(err, "mask %ux%u (value.rle.size), image is "
			    "%ldx%ld", (*coco)->w, (*coco)->h, W, H);
			ann_coco_free(*coco);
			*coco = NULL;
			return st;
		}
		if (runs == NULL)
			return ANN_OK;
		/*
		 * Column-major counts do not give rows without a walk down every
		 * column: this way goes through a plane, which the limit bounds.
		 */
		if ((st = ann_coco_decode(*coco, 255, &plane, err)) == ANN_OK) {
			st = ann_runmask_of_mask(plane, runs, err);
			ann_mask_free(plane);
		}
		if (st != ANN_OK) {
			ann_coco_free(*coco);
			*coco = NULL;
		}
		return st;
	}
	/* The size first, from the record alone: no list is read for nothing. */
	int own = usable(r->image_w, r->image_h);
	if (!own && !usable(W, H))
		return bad(err, "no usable original_width and original_height "
		    "(the mask's size) in the export, and no image size to take "
		    "it from (--image-root, --size)");
	if (ann_mask_check_size((uint64_t)(own ? r->image_w : W),
	    (uint64_t)(own ? r->image_h : H), max_pixels, err) != ANN_OK)
		return ANN_FAILED;
	if ((st = bytes_of(rle, &bytes, &n, err)) != ANN_OK)
		return st;
	if ((st = ls_size(r, bytes, n, W, H, &w, &h, err)) != ANN_OK) {
		free(bytes);
		return st;
	}
	if (runs == NULL)
		st = ann_lsrle_to_coco(bytes, n, w, h, coco, err);
	else if ((st = ann_lsrle_decode_runs(bytes, n, w, h, runs, err)) ==
	    ANN_OK && (st = ann_runmask_to_coco(*runs, coco, err)) != ANN_OK) {
		ann_runmask_free(*runs);
		*runs = NULL;
	}
	free(bytes);
	return st;
}

int
ann_mask_size_parse(const char *text, long *width, long *height)
{
	const char *x = strchr(text, 'x');
	char side[16];
	uint64_t w, h;

	if (x == NULL || (size_t)(x - text) >= sizeof side)
		return -1;
	memcpy(side, text, (size_t)(x - text));
	side[x - text] = '\0';
	if (ann_parse_u64(side, 1, INT32_MAX, &w) != 0 ||
	    ann_parse_u64(x + 1, 1, INT32_MAX, &h) != 0)
		return -1;
	*width = (long)w;
	*height = (long)h;
	return 0;
}

ann_status
ann_region_mask_file(const ann_region *r, const char *root, uint64_t max_pixels,
    long width, long height, ann_mask **out, ann_error *err)
{
	char id[256], path[4096];
	FILE *f;

	*out = NULL;
	if (ann_json_typeof(r->id) != ANN_JSON_STRING || r->id.n > sizeof id ||
	    width <= 0 || height <= 0 || width > UINT32_MAX || height > UINT32_MAX)
		return ANN_WARN;
	id[ann_json_str_decode(r->id, id)] = '\0';
	if (strchr(id, '/') != NULL || id[0] == '.' || id[0] == '\0')
		return ANN_WARN;	/* not a name to look for */
	if ((size_t)snprintf(path, sizeof path, "%s/%s.png", root, id) >= sizeof path ||
	    (f = fopen(path, "rb")) == NULL)
		return ANN_WARN;
	ann_status st = ann_mask_read_png(f, max_pixels, (uint32_t)width,
	    (uint32_t)height, out, err);
	fclose(f);
	return st;
}

int
ann_region_mask_too_big(const ann_region *r, uint64_t width, uint64_t height,
    uint64_t max_pixels, ann_error *err)
{
	ann_error why;

	if (ann_mask_check_size(width, height, max_pixels, &why) == ANN_OK)
		return 0;
	/* The id as the record has it, quotes and all, cut short if long. */
	ann__error_set(err, "region %.*s: %s",
	    r->id.p == NULL ? 6 : (int)(r->id.n > 64 ? 64 : r->id.n),
	    r->id.p == NULL ? "(none)" : r->id.p, why.msg);
	return 1;
}
