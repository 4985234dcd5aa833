/*
 * ann_geom.h: the region model's geometry, resolved once per region.
 *
 * A region (ann_view.h) is what the export says, as JSON values pointing
 * into the record.  Converters want numbers: where the region is in
 * pixels, in percent of the media, or normalised to 0-1; which media item
 * and video frame it belongs to; its span with an exclusive end; its score.
 * ann_geom_resolve works all of that out one way for every tool, so no
 * converter scales a coordinate or reads a span end itself.
 *
 * The one documented way:
 *   - Label Studio stores percent of the image (x and width of its width,
 *     y and height of its height), Labelbox pixels.  pixels = percent /
 *     100 * size, percent = pixels / size * 100, normalised = percent /
 *     100.  The media size is the region's own (Label Studio's
 *     original_width and original_height), else the one the caller gives
 *     (the task's, or one a sink found in the image file).
 *   - A rectangle turns about its top-left corner, clockwise in degrees,
 *     on a screen whose y goes down; an ellipse about its centre.  Percents
 *     scale the two axes differently, so a rotation is applied in pixels.
 *   - A span's end is exclusive (Labelbox's inclusive end plus one).
 *
 * Ownership: an ann_geom holds numbers and values pointing into the
 * record; it owns nothing and lives as long as the caller keeps it.
 */
#ifndef ANN_GEOM_H
#define ANN_GEOM_H

#include "ann_core.h"
#include "ann_json.h"
#include "ann_view.h"

typedef enum {
	ANN_PX = 0,	/* pixels of the media */
	ANN_PCT,	/* percent of the media's width or height */
	ANN_NORM,	/* 0-1 of the media's width or height */
	ANN_UNITS
} ann_unit;

typedef struct ann_geom {
	long width, height;	/* media size in pixels; -1 when unknown */
	long item;		/* media item of a multi-item task (valueList),
				   0 for the first or only one */
	long frame;		/* video frame; -1 when not in a video frame */
	ann_unit source;	/* the unit the export gives box and points in */
	/*
	 * x, y, width, height in each unit: a rectangle's top-left corner
	 * and size before rotation, an ellipse's centre and radii, a
	 * keypoint's position (and Label Studio's keypoint width).  NAN
	 * where the export has no number, or a unit needs the media size
	 * and it is unknown.
	 */
	int has_box;
	double box[ANN_UNITS][4];
	double rotation;	/* degrees; 0 when absent, NAN when not a number */
	int has_span;		/* start and end are numbers */
	double start, end;	/* characters or seconds; end exclusive */
	double score;		/* the region's, else its set's; NAN when neither */
	ann_json_val parent;	/* the region it belongs to (keypoints, nested
				   classifications) */
} ann_geom;

/*
 * Resolve r, a region of set a (NULL: no set score), measured against
 * width x height (pixels, -1 when unknown) unless it carries its own size.
 */
void ann_geom_resolve(ann_geom *g, const ann_region *r,
    const ann_annotation *a, long width, long height);
/* The same, measured against the task's media size. */
void ann_geom_of(ann_geom *g, const ann_region *r, const ann_annotation *a,
    const ann_task *t);

/*
 * g, or when g has no media size and width x height is one (a sink read
 * it from the image file), r resolved against it into own: the geometry
 * a sink measures r by.
 */
const ann_geom *ann_geom_sized(const ann_geom *g, ann_geom *own,
    const ann_region *r, const ann_annotation *a, long width, long height);

/*
 * A rectangle's four corners (x0,y0 .. x3,y3, clockwise from the top-left
 * corner as drawn before rotation) in unit u.  -1 when the region has no
 * finite box or rotation, or u needs a size that is unknown.
 */
int ann_geom_corners(const ann_geom *g, ann_unit u, double xy[8]);

/*
 * The extent x0, y0, x1, y1 in unit u of a rectangle, whatever its
 * rotation (its corners'): 0, or -1 as ann_geom_corners.  And of a
 * region's points: how many there are, or -1 when one has no finite
 * value in u.
 */
int ann_geom_box_extent(const ann_geom *g, ann_unit u, double e[4]);
long ann_geom_points_extent(const ann_region *r, const ann_geom *g, ann_unit u,
    double e[4]);

/*
 * A region's points, from Label Studio's [[x%,y%],...] or Labelbox's
 * [{"x":..,"y":..},...]: ann_points_next gives each point's x and y as
 * exported (both NULL when the point is not two numbers), 0 at the end.
 */
typedef struct ann_points {
	ann_json_iter it;
	int ok;		/* there is an array of points */
} ann_points;
void ann_points_init(ann_points *it, const ann_region *r);
int ann_points_next(ann_points *it, ann_json_val *x, ann_json_val *y);
/* A point of g's region in unit u: 0, or -1 when it has no finite value. */
int ann_geom_point(const ann_geom *g, ann_json_val x, ann_json_val y,
    ann_unit u, double xy[2]);

/*
 * For readers of formats that give pixels or 0-1 (COCO, YOLO) into Label
 * Studio's percent: g measured against width x height with the box
 * x, y, w, h given in unit FROM (NULL: no box) in every unit, no span, no
 * score, no parent.  The conversion is the one above, kept in this file.
 */
void ann_geom_from_box(ann_geom *g, long width, long height, ann_unit from,
    const double box[4]);
/*
 * A rectangle from its four corners (ann_geom_corners' order: clockwise
 * from the top-left as drawn), given in unit FROM: g as ann_geom_from_box
 * with the box and its rotation in degrees [0, 360).  -1 when a corner is
 * not finite in pixels (FROM needs a size that is unknown).
 */
int ann_geom_from_corners(ann_geom *g, long width, long height, ann_unit from,
    const double xy[8]);
/* A point given in unit from, of g's media, in unit u: 0, or -1 if not finite. */
int ann_geom_convert(const ann_geom *g, ann_unit from, const double in[2],
    ann_unit u, double out[2]);

#endif /* ANN_GEOM_H */
