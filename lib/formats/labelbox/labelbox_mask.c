/*
 * labelbox_mask.c: a brush region's "mask" (labelbox_private.h).
 *
 * A brush mask is decoded by the RLE codec (ann_rle.h) into runs and
 * written by its PNG writer, row by row, into memory, then in base64:
 * labelbox-python's NDMask reads {"png"} as a binary mask, refusing any
 * value above 1, so the mask's pixels are written as 1.
 */
#include "ann_rle.h"
#include "labelbox_private.h"

/* The PNG writer's bytes, into memory. */
static int
png_put(void *ctx, const void *data, size_t n)
{
	return ann_buf_put(ctx, data, n);
}

/*
 * ,"mask":{"png":..}: the brush region's mask as a PNG of 0 and 1, in
 * base64.  0 written, -1 out of memory, 1 no mask to write (*why says
 * why), -3 refused: a mask over --max-pixels fails the task (lb->err).
 */
int
ann__labelbox_put_mask(ann_labelbox *lb, const ann_region *r, const ann_geom *g,
    ann_skip *why)
{
	ann_coco *coco = NULL;
	ann_runmask *runs = NULL;
	ann_error err;
	long W = g->width > 0 && g->height > 0 ? g->width : -1;
	long H = W > 0 ? g->height : -1;

	ann_status st = ann_region_mask(r, lb->shape, W, H, lb->o.max_pixels, &coco,
	    &runs, &err);
	ann_coco_free(coco);
	if (st == ANN_FATAL)
		return -1;
	/*
	 * The decoder refuses a mask over the limit before decoding it: an
	 * error the user can lift (--max-pixels), not a mask that does not
	 * decode, as ann-tococo has it.
	 */
	long w = r->image_w > 0 && r->image_h > 0 ? r->image_w : W;
	long h = r->image_w > 0 && r->image_h > 0 ? r->image_h : H;
	if (st == ANN_FAILED && w > 0 && h > 0 && ann_region_mask_too_big(r,
	    (uint64_t)w, (uint64_t)h, lb->o.max_pixels, &lb->err))
		return -3;
	if (st != ANN_OK) {
		*why = st == ANN_WARN ? ANN_SKIP_MASK_URL : ANN_SKIP_BAD_MASK;
		return 1;
	}
	lb->png.len = 0;
	st = ann_runmask_write_png(runs, 1, png_put, &lb->png, &err);
	ann_runmask_free(runs);
	if (st != ANN_OK)
		return -1;
	return ann_buf_put(&lb->lines, ",\"mask\":{\"png\":\"", 16) != 0 ||
	    ann_buf_base64(&lb->lines, lb->png.p, lb->png.len) != 0 ||
	    ann_buf_put(&lb->lines, "\"}", 2) != 0 ? -1 : 0;
}
