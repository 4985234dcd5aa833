/*
 * labelbox_shapes.c: an object's shape, after its line's head
 * (labelbox_private.h): "bbox", "polygon", "line", "point", and a text
 * entity's "location".
 *
 * Every number comes from the region's ann_geom in pixels (ANN_PX) or its
 * span (exclusive end); nothing here scales a coordinate.  A rectangle
 * turned by a rotation, which a Labelbox bbox cannot hold, is written as
 * the polygon of its four corners, so that no region moves.
 */
#include <math.h>

#include "labelbox_private.h"

/* A polygon's or a line's points in pixels: -1 no memory, -2 a bad point. */
static int
put_points(ann_buf *b, const ann_region *r, const ann_geom *g, size_t *n)
{
	ann_points it;
	ann_json_val x, y;
	double xy[2];

	*n = 0;
	ann_points_init(&it, r);
	while (ann_points_next(&it, &x, &y)) {
		if (ann_geom_point(g, x, y, ANN_PX, xy) != 0)
			return -2;
		if (ann_buf_put(b, *n > 0 ? "," : "[", 1) != 0 ||
		    ann__labelbox_put_xy(b, xy) != 0)
			return -1;
		(*n)++;
	}
	return *n > 0 && ann_buf_put(b, "]", 1) != 0 ? -1 : 0;
}

/*
 * The shape of an object, after its head: 0 written, -1 out of memory,
 * 1 when it has none Labelbox can hold, with *why the reason to count.
 */
int
ann__labelbox_put_shape(ann_labelbox *lb, const ann_region *r, const ann_geom *g,
    ann_skip *why)
{
	ann_buf *b = &lb->lines;
	const double *px = g->box[ANN_PX];
	double xy[8];
	size_t n;
	int k;

	switch (r->kind) {
	case ANN_KIND_RECTANGLE:
		if (!isfinite(g->rotation)) {
			*why = ANN_SKIP_GEOMETRY;
			return 1;
		}
		if (g->rotation != 0) {
			/* No rotation in a bbox: the turned corners, as a polygon. */
			if (ann_geom_corners(g, ANN_PX, xy) != 0) {
				*why = ANN_SKIP_GEOMETRY;
				return 1;
			}
			if (ann_buf_put(b, ",\"polygon\":[", 12) != 0)
				return -1;
			for (int i = 0; i < 4; i++)
				if ((i > 0 && ann_buf_put(b, ",", 1) != 0) ||
				    ann__labelbox_put_xy(b, xy + 2 * i) != 0)
					return -1;
			lb->n.turned++;
			return ann_buf_put(b, "]", 1) != 0 ? -1 : 0;
		}
		if (!(isfinite(px[0]) && isfinite(px[1]) && isfinite(px[2]) && isfinite(px[3]))) {
			*why = ANN_SKIP_GEOMETRY;
			return 1;
		}
		return ann_buf_put(b, ",\"bbox\":{\"top\":", 15) != 0 || ann_buf_double(b, px[1]) != 0 ||
		    ann_buf_put(b, ",\"left\":", 8) != 0 || ann_buf_double(b, px[0]) != 0 ||
		    ann_buf_put(b, ",\"height\":", 10) != 0 || ann_buf_double(b, px[3]) != 0 ||
		    ann_buf_put(b, ",\"width\":", 9) != 0 || ann_buf_double(b, px[2]) != 0 ||
		    ann_buf_put(b, "}", 1) != 0 ? -1 : 0;
	case ANN_KIND_POLYGON:
	case ANN_KIND_POLYLINE:
		if (ann_buf_printf(b, ",\"%s\":", r->kind == ANN_KIND_POLYGON ? "polygon" : "line") != 0)
			return -1;
		if ((k = put_points(b, r, g, &n)) == -1)
			return -1;
		/* A polygon has an area, a line a length: else no shape. */
		if (k == -2 || n < (r->kind == ANN_KIND_POLYGON ? 3u : 2u)) {
			*why = ANN_SKIP_GEOMETRY;
			return 1;
		}
		return 0;
	case ANN_KIND_KEYPOINT:
		if (!(isfinite(px[0]) && isfinite(px[1]))) {
			*why = ANN_SKIP_GEOMETRY;
			return 1;
		}
		return ann_buf_put(b, ",\"point\":", 9) != 0 ||
		    ann__labelbox_put_xy(b, px) != 0 ? -1 : 0;
	case ANN_KIND_SPAN:
		/*
		 * A text entity: character offsets, whole numbers.  Labelbox's
		 * end is the last character, the region model's the one after.
		 */
		if (!g->has_span || g->start != floor(g->start) || g->end != floor(g->end) ||
		    g->start < 0 || g->end <= g->start || g->end > 9e15) {
			*why = ANN_SKIP_GEOMETRY;
			return 1;
		}
		return ann_buf_printf(b, ",\"location\":{\"start\":%.0f,\"end\":%.0f}",
		    g->start, g->end - 1) != 0 ? -1 : 0;
	default:
		*why = ANN_SKIP_KIND;
		return 1;
	}
}
