/*
 * geom.c: the region model's geometry, resolved once (ann_geom.h).
 *
 * Every conversion between pixels, percent and 0-1 in the library is in
 * this file.  Dividing first keeps every finite percent finite in pixels:
 * 1e308 percent of 100 pixels is 1e308, not infinity.
 */
#include <math.h>
#include <stdlib.h>

#include "ann_core.h"
#include "ann_geom.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* d, given in unit from, in unit to, along an axis of size pixels. */
static double
convert(double d, ann_unit from, ann_unit to, double size)
{
	if (from == to)
		return d;
	if (from == ANN_PCT && to == ANN_NORM)
		return d / 100;
	if (from == ANN_NORM && to == ANN_PCT)
		return d * 100;
	if (!(size > 0))
		return NAN;
	if (from == ANN_PX)
		return to == ANN_PCT ? d / size * 100 : d / size;
	return from == ANN_PCT ? d / 100 * size : d * size;
}

static double
number_or_nan(ann_json_val v)
{
	return ann_json_typeof(v) == ANN_JSON_NUMBER ? ann_json_double(v) : NAN;
}

/* A count given as a number or a string of digits (Labelbox frame keys). */
static long
count_of(ann_json_val v)
{
	char buf[24], *end;
	double d;

	if (ann_json_typeof(v) == ANN_JSON_STRING && v.n < sizeof buf) {
		buf[ann_json_str_decode(v, buf)] = '\0';
		long n = strtol(buf, &end, 10);
		return end != buf && *end == '\0' && n >= 0 ? n : -1;
	}
	if (ann_json_number(v, &d) != 0 || !(d >= 0 && d < 1e15) || d != floor(d))
		return -1;
	return (long)d;
}

void
ann_geom_resolve(ann_geom *g, const ann_region *r, const ann_annotation *a,
    long width, long height)
{
	g->width = r->image_w > 0 ? r->image_w : width > 0 ? width : -1;
	g->height = r->image_h > 0 ? r->image_h : height > 0 ? height : -1;
	g->item = ann_json_typeof(r->item) == ANN_JSON_NONE ? 0 : count_of(r->item);
	g->frame = ann_json_typeof(r->frame) == ANN_JSON_NONE ? -1 : count_of(r->frame);
	g->source = (r->has_box ? r->box_pct : r->points_pct) ? ANN_PCT : ANN_PX;

	g->has_box = r->has_box;
	if (r->has_box) {
		ann_json_val v[4] = { r->x, r->y, r->w, r->h };
		for (int i = 0; i < 4; i++) {
			double d = number_or_nan(v[i]);
			double size = (double)(i % 2 == 0 ? g->width : g->height);
			for (int u = 0; u < ANN_UNITS; u++)
				g->box[u][i] = convert(d, g->source, (ann_unit)u, size);
		}
	}
	g->rotation = 0;
	if (ann_json_typeof(r->rotation) != ANN_JSON_NONE &&
	    ann_json_typeof(r->rotation) != ANN_JSON_NULL)
		g->rotation = number_or_nan(r->rotation);

	g->start = number_or_nan(r->start);
	g->end = number_or_nan(r->end);
	g->has_span = !isnan(g->start) && !isnan(g->end);
	if (g->has_span && r->end_inclusive)
		g->end += 1;

	g->score = number_or_nan(r->score);
	if (isnan(g->score) && a != NULL)
		g->score = number_or_nan(a->score);
	g->parent = r->parent_id;
}

void
ann_geom_of(ann_geom *g, const ann_region *r, const ann_annotation *a,
    const ann_task *t)
{
	ann_geom_resolve(g, r, a, t->width, t->height);
}

const ann_geom *
ann_geom_sized(const ann_geom *g, ann_geom *own, const ann_region *r,
    const ann_annotation *a, long width, long height)
{
	if ((g->width > 0 && g->height > 0) || width <= 0 || height <= 0)
		return g;
	ann_geom_resolve(own, r, a, width, height);
	return own;
}

int
ann_geom_corners(const ann_geom *g, ann_unit u, double xy[8])
{
	/* Corners of the unrotated box: x, y, then clockwise. */
	static const int dx[4] = { 0, 1, 1, 0 }, dy[4] = { 0, 0, 1, 1 };

	if (!g->has_box || !isfinite(g->rotation))
		return -1;
	/* Unturned, the corners are exact in any unit the box is known in. */
	ann_unit in = g->rotation == 0 ? u : ANN_PX;
	const double *b = g->box[in];
	for (int i = 0; i < 4; i++)
		if (!isfinite(b[i]))
			return -1;
	double t = g->rotation * M_PI / 180;
	double c = g->rotation == 0 ? 1 : cos(t), s = g->rotation == 0 ? 0 : sin(t);
	for (int k = 0; k < 4; k++) {
		double w = dx[k] * b[2], h = dy[k] * b[3];
		xy[2 * k] = b[0] + w * c - h * s;
		xy[2 * k + 1] = b[1] + w * s + h * c;
		if (in != u) {
			xy[2 * k] = convert(xy[2 * k], in, u, (double)g->width);
			xy[2 * k + 1] = convert(xy[2 * k + 1], in, u, (double)g->height);
		}
		if (!isfinite(xy[2 * k]) || !isfinite(xy[2 * k + 1]))
			return -1;
	}
	return 0;
}

/* Grow extent e to hold the point x, y (the first point sets it). */
static void
extend(double e[4], double x, double y, int first)
{
	if (first) {
		e[0] = e[2] = x;
		e[1] = e[3] = y;
	}
	e[0] = fmin(e[0], x);
	e[2] = fmax(e[2], x);
	e[1] = fmin(e[1], y);
	e[3] = fmax(e[3], y);
}

int
ann_geom_box_extent(const ann_geom *g, ann_unit u, double e[4])
{
	double xy[8];

	if (ann_geom_corners(g, u, xy) != 0)
		return -1;
	for (int k = 0; k < 4; k++)
		extend(e, xy[2 * k], xy[2 * k + 1], k == 0);
	return 0;
}

long
ann_geom_points_extent(const ann_region *r, const ann_geom *g, ann_unit u,
    double e[4])
{
	ann_points it;
	ann_json_val x, y;
	double xy[2];
	long n = 0;

	ann_points_init(&it, r);
	while (ann_points_next(&it, &x, &y)) {
		if (ann_geom_point(g, x, y, u, xy) != 0)
			return -1;
		extend(e, xy[0], xy[1], n++ == 0);
	}
	return n;
}

void
ann_points_init(ann_points *it, const ann_region *r)
{
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
ann_geom_point(const ann_geom *g, ann_json_val x, ann_json_val y, ann_unit u,
    double xy[2])
{
	if (x.p == NULL)
		return -1;
	xy[0] = convert(ann_json_double(x), g->source, u, (double)g->width);
	xy[1] = convert(ann_json_double(y), g->source, u, (double)g->height);
	return isfinite(xy[0]) && isfinite(xy[1]) ? 0 : -1;
}

void
ann_geom_from_box(ann_geom *g, long width, long height, ann_unit from,
    const double box[4])
{
	g->width = width > 0 ? width : -1;
	g->height = height > 0 ? height : -1;
	g->item = 0;
	g->frame = -1;
	g->source = from;
	g->has_box = box != NULL;
	for (int i = 0; box != NULL && i < 4; i++) {
		double size = (double)(i % 2 == 0 ? g->width : g->height);
		for (int u = 0; u < ANN_UNITS; u++)
			g->box[u][i] = convert(box[i], from, (ann_unit)u, size);
	}
	g->rotation = 0;
	g->has_span = 0;
	g->start = g->end = NAN;
	g->score = NAN;
	g->parent.p = NULL;
	g->parent.n = 0;
}

/*
 * The inverse of ann_geom_corners.  Corners rounded (YOLO keeps six
 * decimals) no longer make an exact rectangle, so the rectangle is fitted
 * to all four rather than read off three: its centre the corners' mean,
 * its top edge's direction the sum of the top and bottom edges (the
 * rotation, clockwise as Label Studio turns about the top-left corner),
 * its width and height the mean of the opposite edges measured along and
 * across it.  Done in pixels, where a turn keeps lengths.  Corners listed
 * the other way round (counter-clockwise on screen) are read from corner
 * 0 with 1 and 3 swapped, so the rectangle comes back in
 * ann_geom_corners' order.
 */
int
ann_geom_from_corners(ann_geom *g, long width, long height, ann_unit from,
    const double xy[8])
{
	double p[8], box[4];

	ann_geom_from_box(g, width, height, from, NULL);
	for (int k = 0; k < 4; k++)
		if (ann_geom_convert(g, from, xy + 2 * k, ANN_PX, p + 2 * k) != 0)
			return -1;
	if ((p[2] - p[0]) * (p[7] - p[1]) - (p[3] - p[1]) * (p[6] - p[0]) < 0) {
		/* y grows downwards: clockwise on screen is > 0 */
		double tx = p[2], ty = p[3];
		p[2] = p[6], p[3] = p[7];
		p[6] = tx, p[7] = ty;
	}
	double ux = (p[2] - p[0]) + (p[4] - p[6]), uy = (p[3] - p[1]) + (p[5] - p[7]);
	double len = hypot(ux, uy);
	if (!(len > 0))
		ux = 1, uy = 0, len = 1;
	ux /= len, uy /= len;
	double vx = -uy, vy = ux;	/* across, downwards when unturned */
	double w = len / 2;	/* the sum of two edges along u */
	double h = (((p[6] - p[0]) + (p[4] - p[2])) * vx +
	    ((p[7] - p[1]) + (p[5] - p[3])) * vy) / 2;
	double cx = (p[0] + p[2] + p[4] + p[6]) / 4, cy = (p[1] + p[3] + p[5] + p[7]) / 4;
	if (h < 0)
		h = 0;
	box[0] = cx - ux * w / 2 - vx * h / 2;
	box[1] = cy - uy * w / 2 - vy * h / 2;
	box[2] = w;
	box[3] = h;
	double rot = atan2(uy, ux) * 180 / M_PI;
	if (rot < 0)
		rot += 360;
	ann_geom_from_box(g, width, height, ANN_PX, box);
	g->rotation = rot >= 360 ? 0 : rot;
	return 0;
}

int
ann_geom_convert(const ann_geom *g, ann_unit from, const double in[2],
    ann_unit u, double out[2])
{
	out[0] = convert(in[0], from, u, (double)g->width);
	out[1] = convert(in[1], from, u, (double)g->height);
	return isfinite(out[0]) && isfinite(out[1]) ? 0 : -1;
}
