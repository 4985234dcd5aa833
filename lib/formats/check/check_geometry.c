/*
 * check_geometry.c: the rules about image regions: their size (rule 6,
 * read off the result) and their geometry (rule 5, as the region model
 * resolved it, never scaled here).
 */
#include <math.h>
#include <string.h>

#include "check_private.h"
#include "util_private.h"

/* --- Rule 6: image sizes ------------------------------------------------ */

/* Does to_name name an Image of the config? */
static int
on_image(const ann_check *k, ann_json_val to)
{
	const ann_cfg_object *o = ann__check_object(k, to);

	return o != NULL && strcmp(o->tag, "Image") == 0;
}

/* A size: 0 and its value, or -1 after saying what is wrong with it. */
static int
size_of(ann_check *k, const char *name, ann_json_val v, int64_t *out)
{
	char a[64];

	if (ann_json_typeof(v) == ANN_JSON_NUMBER && ann_json_int64(v, out) == 0 &&
	    *out > 0)
		return 0;
	ann__check_say(k, ANN_RULE_SIZES, ANN_CHECK_ERROR, "%s is %s: the image's "
	    "size in pixels is a whole number above 0", name,
	    ann_json_typeof(v) == ANN_JSON_NUMBER ? ann__check_text(v, a, sizeof a, 40) :
	    ann__check_type_of(v));
	return -1;
}

/* Room for this many images' sizes per task; past it they go unchecked. */
#define SIZES_MAX 1024

void
ann__check_sizes(ann_check *k, const ann_json_val *res)
{
	enum { OW, OH, ITEM, N };
	static const char *const keys[N] = {
		"original_width", "original_height", "item_index"
	};
	static const char *const where[] = { "x", "points", "rle" };
	const ann_json_val m[N] = {
		res[ANN__RES_OW], res[ANN__RES_OH], res[ANN__RES_ITEM]
	};
	ann_json_val value = res[ANN__RES_VALUE], g[3];
	int64_t w, h, item = 0;

	if (!on_image(k, res[ANN__RES_TO]) ||
	    ann_json_typeof(value) != ANN_JSON_OBJECT ||
	    ann__json_getn(k->cache, value, where, 3, g) == 0)
		return;	/* not a region on an image: no size needed */
	if (m[OW].p == NULL || m[OH].p == NULL) {
		ann__check_say(k, ANN_RULE_SIZES, ANN_CHECK_WARNING, "has no %s: "
		    "converters skip regions without the image's size",
		    m[OW].p == NULL && m[OH].p == NULL ? "original_width and "
		    "original_height" : m[OW].p == NULL ? "original_width" :
		    "original_height");
		return;
	}
	int bad = size_of(k, keys[OW], m[OW], &w) != 0;
	if (size_of(k, keys[OH], m[OH], &h) != 0 || bad)
		return;
	if (m[ITEM].p != NULL && (ann_json_int64(m[ITEM], &item) != 0 || item < 0))
		return;	/* not an image of the list: no size to compare with */
	for (size_t i = 0; i < k->nsizes; i++) {
		const struct ann__check_size *z = &k->sizes[i];
		if (z->item != item)
			continue;
		if (z->width != w || z->height != h)
			ann__check_say(k, ANN_RULE_SIZES, ANN_CHECK_WARNING, "the image is "
			    "%lldx%lld here and %lldx%lld in an earlier result of the task: "
			    "converters place regions by the size each gives",
			    (long long)w, (long long)h, (long long)z->width,
			    (long long)z->height);
		return;
	}
	if (k->nsizes < SIZES_MAX && ann__grow((void **)&k->sizes, &k->capsizes,
	    k->nsizes + 1, sizeof *k->sizes) == 0)
		k->sizes[k->nsizes++] = (struct ann__check_size){ item, w, h,
		    k->pos.region, k->pos.result };
}
/* --- Rule 5: geometry -------------------------------------------------- */

/* The numbers Label Studio's image tools write, and where each stops. */
static int
in_percent(ann_check *k, const ann_region *r, const char *name, double d,
    double max, long size)
{
	if (d >= 0 && d <= max + 1e-9)
		return 1;
	if (d > 100 && size > 0)
		ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_ERROR, "%s is %.10g, "
		    "over 100: it looks like pixels (the image is %ld px %s); Label "
		    "Studio wants percent of the image", name, d, size,
		    strcmp(name, "y") == 0 || strcmp(name, "height") == 0 ||
		    strcmp(name, "radiusY") == 0 ? "high" : "wide");
	else
		ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_ERROR, "%s is %.10g, "
		    "outside 0..%g percent of the image", name, d, max);
	(void)r;
	return 0;
}

/*
 * A member of the value that must be a finite number: 0, or -1 said.  v
 * is the member as the region model found it, or none: then it is looked
 * up here, to tell a missing member from one of another type.
 */
static int
number(ann_check *k, const ann_region *r, const char *name, ann_json_val v,
    double *d)
{
	if (v.p == NULL && ann__check_member(k, r->value, name, &v) != 0) {
		ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_ERROR, "value has no %s",
		    name);
		return -1;
	}
	if (ann_json_typeof(v) != ANN_JSON_NUMBER) {
		ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_ERROR, "%s is %s, not "
		    "a number", name, ann__check_type_of(v));
		return -1;
	}
	if (!isfinite(*d = ann_json_double(v))) {
		char a[64];
		ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_ERROR, "%s is %s, not "
		    "a finite number", name, ann__check_text(v, a, sizeof a, 40));
		return -1;
	}
	return 0;
}

static void
check_box(ann_check *k, const ann_region *r, const ann_geom *g)
{
	static const char *const rect[4] = { "x", "y", "width", "height" };
	static const char *const ellipse[4] = { "x", "y", "radiusX", "radiusY" };
	int is_ellipse = r->kind == ANN_KIND_ELLIPSE;
	int n = r->kind == ANN_KIND_KEYPOINT ? 2 : 4, bad = 0;
	const char *const *names = is_ellipse ? ellipse : rect;
	/* The model has them when x is a number (radii for an ellipse). */
	const ann_json_val none = { NULL, 0 };
	const ann_json_val known[4] = {
		r->has_box ? r->x : none, r->has_box ? r->y : none,
		r->has_box ? r->w : none, r->has_box ? r->h : none
	};
	double d[4];

	for (int i = 0; i < n; i++) {
		if (number(k, r, names[i], known[i], &d[i]) != 0) {
			bad = 1;
			continue;
		}
		/* The region model's percent, as the export gave it. */
		d[i] = g->box[ANN_PCT][i];
		bad |= !in_percent(k, r, names[i], d[i], is_ellipse && i >= 2 ? 50 : 100,
		    i % 2 == 0 ? g->width : g->height);
	}
	if (ann_json_typeof(r->rotation) != ANN_JSON_NONE &&
	    ann_json_typeof(r->rotation) != ANN_JSON_NULL) {
		if (!isfinite(g->rotation))
			ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_ERROR, "rotation is "
			    "not a finite number");
		else if (!(g->rotation >= 0 && g->rotation < 360))
			ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_ERROR, "rotation is "
			    "%.10g, outside 0 to below 360 degrees", g->rotation);
	}
	if (bad || r->kind != ANN_KIND_RECTANGLE)
		return;
	if (g->rotation == 0) {
		for (int i = 0; i < 2; i++)
			if (d[i] + d[i + 2] > 100 + 1e-9)
				ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_ERROR, "%s+%s is "
				    "%.10g, over 100: the box runs off the image", names[i],
				    names[i + 2], d[i] + d[i + 2]);
		return;
	}
	/* Turned: where its corners land, which needs the image's size. */
	double xy[8];
	if (ann_geom_corners(g, ANN_PCT, xy) != 0)
		return;
	for (int i = 0; i < 8; i++)
		if (xy[i] < -1e-9 || xy[i] > 100 + 1e-9) {
			ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_WARNING, "turned by "
			    "%.10g degrees, the box runs off the image (a corner at %.4g%% "
			    "of its %s)", g->rotation, xy[i], i % 2 ? "height" : "width");
			return;
		}
}

static void
check_points(ann_check *k, const ann_region *r, const ann_geom *g)
{
	ann_points it;
	ann_json_val x, y;
	size_t n = 0;
	int said = 0;
	double xy[2];

	ann_points_init(&it, r);
	if (!it.ok) {
		ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_ERROR, "value has no "
		    "list of points");
		return;
	}
	while (ann_points_next(&it, &x, &y)) {
		n++;
		if (said)
			continue;
		if (ann_geom_point(g, x, y, ANN_PCT, xy) != 0 || !isfinite(xy[0]) ||
		    !isfinite(xy[1])) {
			ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_ERROR, "point %zu is "
			    "not two finite numbers", n - 1);
			said = 1;
		} else if (!(xy[0] >= 0 && xy[0] <= 100 + 1e-9 && xy[1] >= 0 &&
		    xy[1] <= 100 + 1e-9)) {
			int px = (xy[0] > 100 || xy[1] > 100) && g->width > 0;
			ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_ERROR, "point %zu "
			    "(%.10g, %.10g) is outside 0..100 percent of the image%s",
			    n - 1, xy[0], xy[1], px ? ": it looks like pixels (the image "
			    "is given a size); Label Studio wants percent" : "");
			said = 1;
		}
	}
	if (r->kind == ANN_KIND_POLYGON && n < 3)
		ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_ERROR, "a polygon of %zu "
		    "point%s: it needs 3 or more", n, n == 1 ? "" : "s");
}

/* A keypoint's width is its drawn size, not a coordinate: above 0. */
static void
check_keypoint_width(ann_check *k, const ann_region *r)
{
	ann_json_val w;
	double d;

	if (ann__check_member(k, r->value, "width", &w) != 0)
		return;
	if (ann_json_typeof(w) != ANN_JSON_NUMBER || !((d = ann_json_double(w)) > 0 &&
	    d <= 100))
		ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_ERROR, "a keypoint's "
		    "width must be a number above 0 and at most 100");
}

void
ann__check_geometry(ann_check *k, const ann_region *r, const ann_geom *g)
{
	/* Only Label Studio's image tools measure in percent. */
	switch (r->kind) {
	case ANN_KIND_RECTANGLE:
	case ANN_KIND_ELLIPSE:
		check_box(k, r, g);
		break;
	case ANN_KIND_KEYPOINT:
		check_box(k, r, g);
		check_keypoint_width(k, r);
		break;
	case ANN_KIND_POLYGON:
	case ANN_KIND_POLYLINE:
		check_points(k, r, g);
		break;
	default:
		break;
	}
}
