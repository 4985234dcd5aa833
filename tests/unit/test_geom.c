/*
 * test_geom.c: the region model's geometry (ann_geom.h): one record per
 * platform, each number worked out by hand from the format guides' rules.
 */
#include <math.h>
#include <string.h>

#include "ann.h"
#include "check.h"

static ann_view *view;
static const ann_annotation *sets;
static size_t nsets;

/* Region i of set s of json, resolved against its task; NULL when absent. */
static const ann_region *
resolve(const char *json, size_t s, size_t i, ann_geom *g)
{
	ann_json_val root;
	const ann_region *r;
	size_t n;

	if (ann_json_parse(json, strlen(json), &root, NULL, NULL) != 0 ||
	    ann_view_load(view, root.p, root.n) != ANN_OK ||
	    ann_view_annotations(view, &sets, &nsets) != ANN_OK || s >= nsets ||
	    ann_view_regions(view, &sets[s], &r, &n) != ANN_OK || i >= n)
		return NULL;
	ann_geom_of(g, &r[i], &sets[s], ann_view_task(view));
	return &r[i];
}

static int
near(double a, double b)
{
	return fabs(a - b) < 1e-9 * (fabs(b) > 1 ? fabs(b) : 1);
}

static int
near4(const double *a, double b0, double b1, double b2, double b3)
{
	return near(a[0], b0) && near(a[1], b1) && near(a[2], b2) && near(a[3], b3);
}

/* Label Studio: percent of an 800 x 400 image, rotated 90 degrees. */
static const char ls_task[] =
    "{\"id\":1,\"data\":{\"image\":\"a.jpg\"},\"annotations\":[{\"id\":7,"
    "\"result\":[{\"id\":\"r1\",\"type\":\"rectanglelabels\",\"from_name\":\"l\","
    "\"to_name\":\"img\",\"original_width\":800,\"original_height\":400,"
    "\"item_index\":2,\"value\":{\"x\":10,\"y\":25,\"width\":50,\"height\":50,"
    "\"rotation\":90,\"rectanglelabels\":[\"Car\"]}},"
    "{\"id\":\"k1\",\"type\":\"keypointlabels\",\"parentID\":\"r1\","
    "\"original_width\":800,\"original_height\":400,"
    "\"value\":{\"x\":50,\"y\":50,\"width\":1,\"keypointlabels\":[\"nose\"]}},"
    "{\"id\":\"p1\",\"type\":\"polygonlabels\",\"original_width\":800,"
    "\"original_height\":400,\"value\":{\"points\":[[0,0],[100,50],[25,100]],"
    "\"polygonlabels\":[\"Road\"]}},"
    "{\"id\":\"s1\",\"type\":\"labels\",\"value\":{\"start\":3,\"end\":8,"
    "\"text\":\"hello\",\"labels\":[\"PER\"]}}]}],"
    "\"predictions\":[{\"score\":0.25,\"result\":[{\"id\":\"q\","
    "\"type\":\"rectanglelabels\",\"value\":{\"x\":1,\"y\":2,\"width\":3,"
    "\"height\":4,\"rectanglelabels\":[\"Car\"]}},{\"id\":\"q2\",\"score\":0.5,"
    "\"type\":\"rectanglelabels\",\"value\":{\"x\":1,\"y\":2,\"width\":3,"
    "\"height\":4,\"rotation\":\"x\",\"rectanglelabels\":[\"Car\"]}}]}]}";

static const char ls_nosize[] =
    "{\"id\":2,\"data\":{\"image\":\"b.jpg\"},\"annotations\":[{\"result\":["
    "{\"id\":\"q\",\"type\":\"rectanglelabels\",\"value\":{\"x\":1,\"y\":2,"
    "\"width\":3,\"height\":4,\"rectanglelabels\":[\"Car\"]}}]}]}";

static void
test_label_studio(void)
{
	ann_geom g;
	double xy[8];

	CHECK(resolve(ls_task, 0, 0, &g) != NULL, "LS rectangle resolves");
	CHECK(g.width == 800 && g.height == 400 && g.source == ANN_PCT,
	    "its size is its own, its unit percent");
	CHECK(near4(g.box[ANN_PCT], 10, 25, 50, 50), "percent as exported");
	CHECK(near4(g.box[ANN_PX], 80, 100, 400, 200), "pixels = percent / 100 * size");
	CHECK(near4(g.box[ANN_NORM], .1, .25, .5, .5), "0-1 = percent / 100");
	CHECK(g.item == 2 && g.frame == -1, "item_index 2, no frame");
	/* 90 degrees clockwise about (80,100) with y down: width runs down. */
	CHECK(ann_geom_corners(&g, ANN_PX, xy) == 0 &&
	    near(xy[0], 80) && near(xy[1], 100) && near(xy[2], 80) &&
	    near(xy[3], 500) && near(xy[4], -120) && near(xy[5], 500) &&
	    near(xy[6], -120) && near(xy[7], 100),
	    "rotation about the top-left corner, clockwise, in pixels");
	CHECK(ann_geom_corners(&g, ANN_NORM, xy) == 0 && near(xy[3], 1.25) &&
	    near(xy[4], -.15), "the rotated corners in 0-1 come from the pixels");
	CHECK(isnan(g.score), "an annotation's region without a score has none");
	double e[4];
	CHECK(ann_geom_box_extent(&g, ANN_PX, e) == 0 && near4(e, -120, 100, 80, 500),
	    "a rotated box's extent is its corners'");

	CHECK(resolve(ls_task, 0, 1, &g) != NULL && g.parent.p != NULL &&
	    ann_json_str_eq(g.parent, "r1"), "a keypoint's parentID is its parent");
	CHECK(near(g.box[ANN_PX][0], 400) && near(g.box[ANN_PX][1], 200),
	    "keypoint in pixels");

	const ann_region *r = resolve(ls_task, 0, 2, &g);
	ann_points it;
	ann_json_val x, y;
	double p[2], want[6] = { 0, 0, 800, 200, 200, 400 };
	int k = 0, ok = r != NULL;
	if (ok) {
		ann_points_init(&it, r);
		while (ann_points_next(&it, &x, &y) && k < 3) {
			ok &= ann_geom_point(&g, x, y, ANN_PX, p) == 0 &&
			    near(p[0], want[2 * k]) && near(p[1], want[2 * k + 1]);
			k++;
		}
	}
	CHECK(ok && k == 3, "polygon points in pixels");
	CHECK(ann_geom_points_extent(r, &g, ANN_NORM, e) == 3 && near4(e, 0, 0, 1, 1),
	    "a polygon's extent in 0-1, and its number of points");
	CHECK(ann_geom_point(&g, x, y, ANN_NORM, p) == 0 && near(p[0], .25) &&
	    near(p[1], 1), "and in 0-1");

	CHECK(resolve(ls_task, 0, 3, &g) != NULL && g.has_span &&
	    g.start == 3 && g.end == 8 && !g.has_box,
	    "a Label Studio span's end is already exclusive");

	CHECK(resolve(ls_task, 1, 0, &g) != NULL && g.score == 0.25 &&
	    g.width == 800 && near(g.box[ANN_PX][2], 24),
	    "a prediction's score; a region without a size takes the task's");
	CHECK(resolve(ls_nosize, 0, 0, &g) != NULL && g.width == -1 &&
	    isnan(g.box[ANN_PX][0]) && near(g.box[ANN_NORM][2], .03),
	    "no size anywhere: no pixels, but 0-1 from percent");
	CHECK(ann_geom_corners(&g, ANN_PX, xy) == -1 &&
	    ann_geom_corners(&g, ANN_PCT, xy) == 0 && near(xy[4], 4),
	    "unrotated corners in percent need no size; pixels do");
	CHECK(resolve(ls_task, 1, 1, &g) != NULL && g.score == 0.5 &&
	    isnan(g.rotation) && ann_geom_corners(&g, ANN_PCT, xy) == -1,
	    "the region's own score wins; a rotation that is not a number is no corners");
}

/* Labelbox: pixels, an inclusive span end, a video frame. */
static const char lb_row[] =
    "{\"data_row\":{\"id\":\"d1\",\"row_data\":\"a.jpg\"},"
    "\"media_attributes\":{\"width\":200,\"height\":100},"
    "\"projects\":{\"p\":{\"labels\":[{\"id\":\"L\",\"annotations\":{\"objects\":["
    "{\"feature_id\":\"f1\",\"name\":\"Car\",\"annotation_kind\":\"ImageBoundingBox\","
    "\"bounding_box\":{\"top\":10,\"left\":20,\"height\":30,\"width\":40}},"
    "{\"feature_id\":\"f2\",\"name\":\"PER\",\"annotation_kind\":\"TextEntity\","
    "\"location\":{\"start\":4,\"end\":9}}],\"classifications\":[]}}]}}}";

static const char lb_video[] =
    "{\"data_row\":{\"id\":\"d2\",\"row_data\":\"v.mp4\"},"
    "\"media_attributes\":{\"width\":640,\"height\":480},"
    "\"projects\":{\"p\":{\"labels\":[{\"id\":\"L\",\"annotations\":{\"frames\":"
    "{\"12\":{\"objects\":{\"f3\":{\"feature_id\":\"f3\",\"name\":\"Fish\","
    "\"annotation_kind\":\"VideoBoundingBox\",\"bounding_box\":{\"top\":48,"
    "\"left\":64,\"height\":96,\"width\":128}}},\"classifications\":[]}},"
    "\"segments\":{},\"key_frame_feature_map\":{}}}]}}}";

static void
test_labelbox(void)
{
	ann_geom g;

	CHECK(resolve(lb_row, 0, 0, &g) != NULL && g.source == ANN_PX &&
	    g.width == 200 && g.height == 100, "Labelbox box in pixels of the media");
	CHECK(near4(g.box[ANN_PX], 20, 10, 40, 30) &&
	    near4(g.box[ANN_PCT], 10, 10, 20, 30) &&
	    near4(g.box[ANN_NORM], .1, .1, .2, .3) && g.rotation == 0,
	    "and in percent and 0-1 of it");
	CHECK(resolve(lb_row, 0, 1, &g) != NULL && g.has_span && g.start == 4 &&
	    g.end == 10, "a Labelbox span's inclusive end becomes exclusive");
	CHECK(resolve(lb_video, 0, 0, &g) != NULL && g.frame == 12 &&
	    near4(g.box[ANN_NORM], .1, .1, .2, .2), "a video box knows its frame");
}

/* Readers of pixel formats (ann-tols) convert through the same model. */
static void
test_from_pixels(void)
{
	ann_geom g;
	double box[4] = { 20, 10, 40, 30 }, px[2] = { 50, 25 }, pct[2];

	ann_geom_from_box(&g, 200, 100, ANN_PX, box);
	CHECK(g.has_box && near4(g.box[ANN_PCT], 10, 10, 20, 30) &&
	    near4(g.box[ANN_NORM], .1, .1, .2, .3) && !g.has_span && isnan(g.score),
	    "a pixel box in percent and 0-1 of its image");
	CHECK(ann_geom_convert(&g, ANN_PX, px, ANN_PCT, pct) == 0 &&
	    pct[0] == 25 && pct[1] == 25, "a pixel point in percent");
	ann_geom_from_box(&g, -1, 100, ANN_PX, NULL);
	CHECK(!g.has_box && ann_geom_convert(&g, ANN_PX, px, ANN_PCT, pct) == -1,
	    "no percent without the image's width");
}

int
main(void)
{
	if ((view = ann_view_new()) == NULL)
		return 2;
	test_label_studio();
	test_labelbox();
	test_from_pixels();
	ann_view_free(view);
	return done_testing();
}
