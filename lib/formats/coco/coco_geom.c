/*
 * coco_geom.c: region geometry in pixels, as COCO wants it: a polygon, its
 * axis-aligned box and its area.
 *
 * Label Studio stores percents of the image (x of its width, y of its
 * height) and rotates a rectangle about its top-left corner, clockwise in
 * degrees on a screen whose y goes down.  Percents scale the two axes
 * differently, so the rotation is applied after converting to pixels
 * (ann_geom.h does that, for every tool); a rotation applied to percents (as
 * label-studio-converter does) skews every rotated box of a non-square
 * image.  Labelbox stores pixels.  The region model (ann_geom.h) works out
 * the pixels and the corners; this file makes COCO's shapes of them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "ann_coco_conv.h"
#include "coco_private.h"
#include "util_private.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/*
 * A coordinate or an area, to a billionth of a pixel: exact for any use,
 * and several times faster to write than the shortest exact form, which
 * a document of millions of points would spend most of its time on.
 */
int
ann__coco_put_number(ann_buf *b, double d)
{
	return ann_buf_decimal(b, d == 0 ? 0 : d, 9);
}

int
ann__coco_put_doubles(ann_buf *b, const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((i > 0 && ann_buf_put(b, ",", 1) != 0) || ann__coco_put_number(b, v[i]) != 0)
			return -1;
	return 0;
}

void
ann_coco_shape_free(ann_coco_shape *s)
{
	free(s->xy);
	s->xy = NULL;
	s->nxy = s->capxy = 0;
}

static int
push(ann_coco_shape *s, double x, double y)
{
	if (ann__grow((void **)&s->xy, &s->capxy, s->nxy + 2, sizeof *s->xy) != 0)
		return -1;
	s->xy[s->nxy++] = x;
	s->xy[s->nxy++] = y;
	return 0;
}

/* The box around the polygon; its area by the shoelace formula. */
static void
bound(ann_coco_shape *s, int with_area)
{
	double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY, a = 0;
	size_t n = s->nxy / 2;

	for (size_t i = 0; i < n; i++) {
		double x = s->xy[2 * i], y = s->xy[2 * i + 1];
		size_t j = (i + 1) % n;
		x0 = fmin(x0, x);
		x1 = fmax(x1, x);
		y0 = fmin(y0, y);
		y1 = fmax(y1, y);
		a += x * s->xy[2 * j + 1] - s->xy[2 * j] * y;
	}
	s->bbox[0] = x0;
	s->bbox[1] = y0;
	s->bbox[2] = x1 - x0;
	s->bbox[3] = y1 - y0;
	if (with_area)
		s->area = fabs(a) / 2;
}

/*
 * The box values of g in pixels, each finite (a keypoint's width and
 * height may be absent), and a finite rotation: else -1.
 */
static int
box_px(const ann_region *r, const ann_geom *g, const double **v)
{
	*v = g->box[ANN_PX];
	if (!g->has_box || !isfinite(g->rotation))
		return -1;
	for (int i = 0; i < 4; i++)
		if (!isfinite((*v)[i]) && !(i >= 2 && r->kind == ANN_KIND_KEYPOINT))
			return -1;
	return 0;
}

static ann_status
rectangle(const ann_region *r, const ann_geom *g, ann_coco_shape *s,
    const char **why)
{
	const double *v;
	double xy[8];

	if (box_px(r, g, &v) != 0 || ann_geom_corners(g, ANN_PX, xy) != 0) {
		*why = "rectangle without finite x, y, width, height";
		return ANN_WARN;
	}
	for (int k = 0; k < 4; k++)
		if (push(s, xy[2 * k], xy[2 * k + 1]) != 0)
			return ANN_FATAL;
	bound(s, 0);
	if (g->rotation == 0) {
		/* The converter's own numbers for the box, not corner differences. */
		memcpy(s->bbox, v, sizeof s->bbox);
	}
	s->area = fabs(v[2] * v[3]);
	return ANN_OK;
}

/* A polygon's points (a line's too, which keeps them as keypoints). */
static ann_status
polygon(const ann_region *r, const ann_geom *g, ann_coco_shape *s,
    const char **why)
{
	int line = r->kind == ANN_KIND_POLYLINE;

	ann_points it;
	ann_json_val xv, yv;

	if (ann_json_typeof(r->points) != ANN_JSON_ARRAY) {
		*why = line ? "line without points" : "polygon without points";
		return ANN_WARN;
	}
	ann_points_init(&it, r);
	while (ann_points_next(&it, &xv, &yv)) {
		double xy[2];
		if (ann_geom_point(g, xv, yv, ANN_PX, xy) != 0) {
			*why = "polygon point without finite x and y";
			return ANN_WARN;
		}
		if (push(s, xy[0], xy[1]) != 0)
			return ANN_FATAL;
	}
	if (s->nxy < (line ? 4u : 6u)) {
		*why = line ? "line of fewer than 2 points" : "polygon of fewer than 3 points";
		return ANN_WARN;
	}
	bound(s, !line);
	s->keypoint = line;	/* COCO has no lines: their points, in order */
	return ANN_OK;
}

static ann_status
ellipse(const ann_region *r, const ann_geom *g, ann_coco_shape *s,
    const char **why)
{
	const double *v;

	if (box_px(r, g, &v) != 0) {
		*why = "ellipse without finite x, y, radiusX, radiusY";
		return ANN_WARN;
	}
	double cx = v[0], cy = v[1], rx = fabs(v[2]), ry = fabs(v[3]);
	/* An ellipse turns about its centre. */
	double t = g->rotation * M_PI / 180, c = cos(t), sn = sin(t);
	for (int k = 0; k < ANN_ELLIPSE_POINTS; k++) {
		double a = 2 * M_PI * k / ANN_ELLIPSE_POINTS;
		double px = rx * cos(a), py = ry * sin(a);
		if (push(s, cx + px * c - py * sn, cy + px * sn + py * c) != 0)
			return ANN_FATAL;
	}
	/* The exact box and area, not the polygon's. */
	double hw = sqrt(rx * rx * c * c + ry * ry * sn * sn);
	double hh = sqrt(rx * rx * sn * sn + ry * ry * c * c);
	s->bbox[0] = cx - hw;
	s->bbox[1] = cy - hh;
	s->bbox[2] = 2 * hw;
	s->bbox[3] = 2 * hh;
	s->area = M_PI * rx * ry;
	return ANN_OK;
}

static ann_status
keypoint(const ann_region *r, const ann_geom *g, ann_coco_shape *s,
    const char **why)
{
	const double *v;

	if (box_px(r, g, &v) != 0) {
		*why = "keypoint without finite x and y";
		return ANN_WARN;
	}
	if (push(s, v[0], v[1]) != 0)
		return ANN_FATAL;
	s->keypoint = 1;
	s->bbox[0] = v[0];
	s->bbox[1] = v[1];
	s->bbox[2] = s->bbox[3] = 0;
	s->area = 0;
	return ANN_OK;
}

/* Is every number of the shape finite (JSON has no infinity)? */
static int
finite_shape(const ann_coco_shape *s)
{
	int ok = isfinite(s->area);

	for (int i = 0; i < 4; i++)
		ok &= isfinite(s->bbox[i]) != 0;
	for (size_t i = 0; i < s->nxy; i++)
		ok &= isfinite(s->xy[i]) != 0;
	return ok;
}

ann_status
ann_coco_shape_of(const ann_region *r, const ann_geom *g, ann_coco_shape *s,
    ann_skip *reason, const char **why)
{
	ann_status st;

	*reason = ANN_SKIP_GEOMETRY;
	s->nxy = 0;
	s->keypoint = 0;
	s->area = 0;
	memset(s->bbox, 0, sizeof s->bbox);
	switch (r->kind) {
	case ANN_KIND_RECTANGLE:
		st = rectangle(r, g, s, why);
		break;
	case ANN_KIND_POLYGON:
	case ANN_KIND_POLYLINE:
		st = polygon(r, g, s, why);
		break;
	case ANN_KIND_ELLIPSE:
		st = ellipse(r, g, s, why);
		break;
	case ANN_KIND_KEYPOINT:
		st = keypoint(r, g, s, why);
		break;
	default:
		*reason = ANN_SKIP_KIND;
		*why = "no COCO geometry";
		return ANN_WARN;
	}
	/*
	 * Finite numbers can still overflow on the way to pixels: 1e307
	 * percent of a width, a rotated 1e308 box, an area of 1e307 squared.
	 * Such a shape is as bad as one given as 1e999, so it goes the same
	 * way, not on to the writer, which has no form for infinity.
	 */
	if (st == ANN_OK && !finite_shape(s)) {
		*why = "geometry beyond the range of a double once in pixels";
		return ANN_WARN;
	}
	return st;
}
