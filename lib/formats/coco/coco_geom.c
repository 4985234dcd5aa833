/*
 * coco_geom.c: region geometry in pixels, as COCO wants it: a polygon, its
 * axis-aligned box and its area.
 *
 * Label Studio stores percents of the image (x of its width, y of its
 * height) and rotates a rectangle about its top-left corner, clockwise in
 * degrees on a screen whose y goes down.  Percents scale the two axes
 * differently, so the rotation is applied after converting to pixels
 * (region.c does that, for every tool); a rotation applied to percents (as
 * label-studio-converter does) skews every rotated box of a non-square
 * image.  Labelbox stores pixels.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "ann_coco_conv.h"
#include "util_private.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

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

static int
num(ann_json_val v, double *d)
{
	return ann_json_number(v, d) == 0 && isfinite(*d) ? 0 : -1;
}

/*
 * The box values of r in pixels (region.c converts); rotation, when
 * given, as a finite number.  -1 when any is not a finite number.
 */
static int
box_px(const ann_region *r, double W, double H, double v[4], double *rot)
{
	*rot = 0;
	if (ann_region_box(r, W, H, 0, v) != 0)
		return -1;
	for (int i = 0; i < 4; i++)
		if (!isfinite(v[i]) && !(i >= 2 && r->kind == ANN_KIND_KEYPOINT))
			return -1;
	if (r->rotation.p != NULL && ann_json_typeof(r->rotation) != ANN_JSON_NULL &&
	    num(r->rotation, rot))
		return -1;
	return 0;
}

static ann_status
rectangle(const ann_region *r, double W, double H, ann_coco_shape *s,
    const char **why)
{
	double v[4], rot;

	if (box_px(r, W, H, v, &rot) != 0) {
		*why = "rectangle without finite x, y, width, height";
		return ANN_WARN;
	}
	double x = v[0], y = v[1], w = v[2], h = v[3];
	double t = rot * M_PI / 180, c = cos(t), sn = sin(t);
	if (rot == 0)
		c = 1, sn = 0;	/* keep unrotated corners exact */
	if (push(s, x, y) || push(s, x + w * c, y + w * sn) ||
	    push(s, x + w * c - h * sn, y + w * sn + h * c) ||
	    push(s, x - h * sn, y + h * c))
		return ANN_FATAL;
	bound(s, 0);
	if (rot == 0) {
		/* The converter's own numbers for the box, not corner differences. */
		s->bbox[0] = x;
		s->bbox[1] = y;
		s->bbox[2] = w;
		s->bbox[3] = h;
	}
	s->area = fabs(w * h);
	return ANN_OK;
}

/* A polygon's points (a line's too, which keeps them as keypoints). */
static ann_status
polygon(const ann_region *r, double W, double H, ann_coco_shape *s,
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
		if (ann_point_in_unit(&it, xv, yv, W, H, 0, xy) != 0) {
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
ellipse(const ann_region *r, double W, double H, ann_coco_shape *s,
    const char **why)
{
	double v[4], rot;

	if (box_px(r, W, H, v, &rot) != 0) {
		*why = "ellipse without finite x, y, radiusX, radiusY";
		return ANN_WARN;
	}
	double cx = v[0], cy = v[1], rx = fabs(v[2]), ry = fabs(v[3]);
	/* An ellipse turns about its centre. */
	double t = rot * M_PI / 180, c = cos(t), sn = sin(t);
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
keypoint(const ann_region *r, double W, double H, ann_coco_shape *s,
    const char **why)
{
	double v[4], rot;

	if (box_px(r, W, H, v, &rot) != 0) {
		*why = "keypoint without finite x and y";
		return ANN_WARN;
	}
	double x = v[0], y = v[1];
	if (push(s, x, y) != 0)
		return ANN_FATAL;
	s->keypoint = 1;
	s->bbox[0] = x;
	s->bbox[1] = y;
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
ann_coco_shape_of(const ann_region *r, double W, double H, ann_coco_shape *s,
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
		st = rectangle(r, W, H, s, why);
		break;
	case ANN_KIND_POLYGON:
	case ANN_KIND_POLYLINE:
		st = polygon(r, W, H, s, why);
		break;
	case ANN_KIND_ELLIPSE:
		st = ellipse(r, W, H, s, why);
		break;
	case ANN_KIND_KEYPOINT:
		st = keypoint(r, W, H, s, why);
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
