/*
 * region.c: a region's geometry in the unit a caller asks for, worked out
 * one way for every tool.
 *
 * Label Studio stores percents of the image (x and width of its width, y
 * and height of its height); Labelbox stores pixels.  The one conversion is
 * pixels = percent / 100 * size and back percent = pixels / size * 100;
 * nothing else in the library scales a coordinate.  The media size is the
 * region's own (Label Studio's original_width and original_height) when it
 * has one, else the task's.  (Dividing first keeps every finite percent
 * finite in pixels: 1e308 percent of 100 pixels is 1e308, not infinity.)
 */
#include <math.h>

#include "ann_core.h"
#include "ann_view.h"

double
ann_px_of_pct(double pct, double size)
{
	return pct / 100 * size;
}

double
ann_pct_of_px(double px, double size)
{
	return px / size * 100;
}

void
ann_region_media_size(const ann_region *r, const ann_task *t, long *width,
    long *height)
{
	*width = r->image_w > 0 ? r->image_w : t->width;
	*height = r->image_h > 0 ? r->image_h : t->height;
}

/* A number of the export in the unit asked for: NAN when it cannot be. */
static double
in_unit(ann_json_val v, int from_pct, int to_pct, double size)
{
	double d;

	if (ann_json_number(v, &d) != 0)
		return NAN;
	if (from_pct == to_pct)
		return d;
	if (!(size > 0))
		return NAN;
	return to_pct ? ann_pct_of_px(d, size) : ann_px_of_pct(d, size);
}

int
ann_region_box(const ann_region *r, double width, double height, int pct,
    double box[4])
{
	if (!r->has_box)
		return -1;
	box[0] = in_unit(r->x, r->box_pct, pct, width);
	box[1] = in_unit(r->y, r->box_pct, pct, height);
	box[2] = in_unit(r->w, r->box_pct, pct, width);
	box[3] = in_unit(r->h, r->box_pct, pct, height);
	return 0;
}

double
ann_region_box_value(const ann_region *r, double width, double height,
    int pct, int i)
{
	ann_json_val v = i == 0 ? r->x : i == 1 ? r->y : i == 2 ? r->w : r->h;

	if (!r->has_box)
		return NAN;
	return in_unit(v, r->box_pct, pct, i == 0 || i == 2 ? width : height);
}

void
ann_points_init(ann_points *it, const ann_region *r)
{
	it->pct = r->points_pct;
	it->ok = ann_json_typeof(r->points) == ANN_JSON_ARRAY;
	if (it->ok)
		ann_json_iter_init(&it->it, r->points);
}

int
ann_points_next(ann_points *it, ann_json_val *x, ann_json_val *y)
{
	ann_json_val pt;

	if (!it->ok || !ann_json_next_elem(&it->it, &pt))
		return 0;
	if (ann_json_typeof(pt) == ANN_JSON_ARRAY) {
		ann_json_iter pi;
		ann_json_iter_init(&pi, pt);
		if (!ann_json_next_elem(&pi, x) || !ann_json_next_elem(&pi, y))
			x->p = y->p = NULL;
	} else if (ann_json_get(pt, "x", x) != 0 || ann_json_get(pt, "y", y) != 0)
		x->p = y->p = NULL;
	if (x->p != NULL && (ann_json_typeof(*x) != ANN_JSON_NUMBER ||
	    ann_json_typeof(*y) != ANN_JSON_NUMBER))
		x->p = y->p = NULL;
	return 1;
}

int
ann_point_in_unit(const ann_points *it, ann_json_val x, ann_json_val y,
    double width, double height, int pct, double xy[2])
{
	if (x.p == NULL)
		return -1;
	xy[0] = in_unit(x, it->pct, pct, width);
	xy[1] = in_unit(y, it->pct, pct, height);
	return isfinite(xy[0]) && isfinite(xy[1]) ? 0 : -1;
}
