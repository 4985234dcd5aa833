/*
 * yolo_mask.c: brush masks as segment polygons (--masks polygon).  The
 * mask is decoded by the codec in lib/formats/rle (bounded by
 * --max-pixels before anything is decoded) and each of its parts traced
 * to its outer contour there (ann_mask_trace): one YOLO line per part, as
 * Ultralytics holds one polygon per line and none with holes.
 *
 * Memory: the region's bytes, its COCO runs and the decoded mask (a byte
 * a pixel, at most --max-pixels), then one contour at a time: its
 * corners, their millionths and its line.
 */
#include <math.h>
#include <stdlib.h>

#include "ann_core.h"
#include "ann_geom.h"
#include "ann_rle.h"
#include "ann_skip.h"
#include "util_private.h"
#include "yolo_private.h"

/*
 * The contour in t as a line of coordinates in y->polys, in 0-1 of the
 * mask's size g: 1, or 0 when it is counted as too small; -1 out of
 * memory.  Six decimals cannot tell apart the corners of a pixel of an
 * image over a million pixels wide: corners that round to the one before
 * are one point, and a part left with fewer than 3 is no polygon.
 */
static int
contour_line(ann_yolo *y, const ann_mask_trace *t, const ann_geom *g)
{
	size_t k = 0;

	if (ann__grow((void **)&y->pts, &y->cappts, 2 * t->n, sizeof *y->pts) != 0)
		return -1;
	for (size_t i = 0; i < t->n; i++) {
		double px[2] = { t->xy[2 * i], t->xy[2 * i + 1] }, xy[2];
		/* A corner is in 0..width, 0..height: always finite, never clipped. */
		ann_geom_convert(g, ANN_PX, px, ANN_NORM, xy);
		long long u = llround(xy[0] * 1e6), v = llround(xy[1] * 1e6);
		if (k > 0 && y->pts[2 * k - 2] == u && y->pts[2 * k - 1] == v)
			continue;
		y->pts[2 * k] = u;
		y->pts[2 * k + 1] = v;
		k++;
	}
	while (k > 1 && y->pts[0] == y->pts[2 * k - 2] && y->pts[1] == y->pts[2 * k - 1])
		k--;
	if (k < 3) {
		ann_skips_count(y->skips, ANN_SKIP_MASK_PART, ANN_KIND_MASK);
		return 0;
	}
	for (size_t i = 0; i < 2 * k; i++)
		if (ann__yolo_millionths(&y->polys, y->pts[i]) != 0)
			return -1;
	return ann_buf_put(&y->polys, "\n", 1) != 0 ? -1 : 1;
}

ann_status
ann__yolo_mask_polygons(ann_yolo *y, const ann_region *r, ann_shape shape,
    size_t *n)
{
	long W = y->W > 0 ? y->W : -1, H = y->H > 0 ? y->H : -1;
	long mw = r->image_w > 0 ? r->image_w : W, mh = r->image_h > 0 ? r->image_h : H;
	ann_coco *coco = NULL;
	ann_mask *plane = NULL;
	ann_mask_trace t;
	ann_geom g;
	ann_error err;
	ann_status st;

	*n = 0;
	y->polys.len = 0;
	/*
	 * Over the limit is an error the user can lift, not a mask that does
	 * not decode: said before the region's bytes are read.
	 */
	if (mw > 0 && mh > 0 && ann_mask_check_size((uint64_t)mw, (uint64_t)mh,
	    y->o.max_pixels, &err) != ANN_OK)
		return ann__yolo_fail(y, ANN_FAILED, "region %.*s: %s",
		    r->id.p == NULL ? 6 : (int)(r->id.n > 64 ? 64 : r->id.n),
		    r->id.p == NULL ? "(none)" : r->id.p, err.msg);
	st = ann_region_mask(r, shape, W, H, y->o.max_pixels, &coco, NULL, &err);
	if (st == ANN_OK) {
		st = ann_coco_decode(coco, 1, &plane, &err);
		ann_coco_free(coco);
	}
	if (st == ANN_FATAL)
		return ann__yolo_fail(y, ANN_FATAL, "%s", err.msg);
	if (st != ANN_OK) {
		ann_skips_count(y->skips, st == ANN_WARN ? ANN_SKIP_MASK_URL :
		    ANN_SKIP_BAD_MASK, r->kind);
		return ANN_OK;
	}
	/* The contour's pixels in 0-1 of the mask's size, by the region model. */
	ann_geom_from_box(&g, (long)plane->width, (long)plane->height, ANN_PX, NULL);
	ann_mask_trace_init(&t, plane);
	while ((st = ann_mask_trace_next(&t, &err)) == ANN_OK) {
		int k = contour_line(y, &t, &g);
		if (k < 0) {
			st = ANN_FATAL;
			break;
		}
		*n += (size_t)k;
	}
	if (st == ANN_EOF) {
		st = ANN_OK;
		y->masks++;
		y->polygons += *n;
		y->holed += t.holes > 0;
		/* Nothing set in it: no polygon, and no line to write. */
		if (t.parts == 0)
			ann_skips_count(y->skips, ANN_SKIP_GEOMETRY, r->kind);
	}
	ann_mask_trace_free(&t);
	ann_mask_free(plane);
	return st == ANN_OK ? ANN_OK : ann__yolo_fail(y, ANN_FATAL, "out of memory");
}
