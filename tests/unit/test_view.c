/*
 * test_view.c: the task view, per platform and per region kind, on small
 * records written after the shapes in the format guides.
 */
#include <math.h>
#include <string.h>

#include "ann.h"
#include "ann_table.h"
#include "check.h"

static ann_view *view;
static const ann_annotation *sets;
static size_t nsets;

static int
load(const char *json)
{
	ann_json_val root;

	if (ann_json_parse(json, strlen(json), &root, NULL, NULL) != 0)
		return -1;
	if (ann_view_load(view, root.p, root.n) != ANN_OK)
		return -1;
	return ann_view_annotations(view, &sets, &nsets) == ANN_OK ? 0 : -1;
}

static const ann_region *
regions(size_t set, size_t *n)
{
	const ann_region *r;

	if (set >= nsets || ann_view_regions(view, &sets[set], &r, n) != ANN_OK) {
		*n = 0;
		return NULL;
	}
	return r;
}

static int
is_str(ann_json_val v, const char *s)
{
	return ann_json_str_eq(v, s);
}

static int
is_num(ann_json_val v, double d)
{
	double x = ann_json_double(v);
	return !isnan(x) && fabs(x - d) < 1e-9;
}

static int
label_is(const ann_region *r, size_t i, const char *s)
{
	return i < r->nlabels && is_str(r->labels[i], s);
}

static void
test_label_studio(void)
{
	size_t n;
	const ann_region *r;

	CHECK(load("{\"id\": 7, \"project\": 3, \"data\": {\"image\": \"s3://b/a.jpg\"},"
	    "\"annotations\": [{\"id\": 11, \"completed_by\": {\"id\": 2, \"email\": \"a@x\"},"
	    "\"was_cancelled\": false, \"result\": ["
	    "{\"id\": \"r1\", \"type\": \"rectanglelabels\", \"from_name\": \"label\", \"to_name\": \"image\","
	    " \"original_width\": 200, \"original_height\": 100, \"value\": {\"x\": 10, \"y\": 20,"
	    " \"width\": 30, \"height\": 40, \"rotation\": 15, \"rectanglelabels\": [\"Car\"]}},"
	    "{\"id\": \"p1\", \"type\": \"polygonlabels\", \"from_name\": \"poly\", \"to_name\": \"image\","
	    " \"value\": {\"points\": [[1, 2], [3, 4], [5, 6]], \"polygonlabels\": [\"Road\", \"Wet\"]}},"
	    "{\"id\": \"e1\", \"type\": \"ellipselabels\", \"value\": {\"x\": 50, \"y\": 50, \"radiusX\": 5,"
	    " \"radiusY\": 7, \"ellipselabels\": [\"Sign\"]}},"
	    "{\"id\": \"k1\", \"type\": \"keypointlabels\", \"value\": {\"x\": 1, \"y\": 2, \"width\": 0.5,"
	    " \"keypointlabels\": [\"Eye\"]}},"
	    "{\"id\": \"b1\", \"type\": \"brushlabels\", \"value\": {\"format\": \"rle\", \"rle\": [0, 1],"
	    " \"brushlabels\": [\"Sky\"]}},"
	    "{\"id\": \"s1\", \"type\": \"labels\", \"value\": {\"start\": 4, \"end\": 9, \"text\": \"Paris\","
	    " \"labels\": [\"LOC\"]}},"
	    "{\"id\": \"c1\", \"type\": \"choices\", \"from_name\": \"weather\", \"value\": {\"choices\": [\"Sunny\"]}},"
	    "{\"id\": \"t1\", \"type\": \"textarea\", \"value\": {\"text\": [\"hello\"]}},"
	    "{\"id\": \"g1\", \"type\": \"rating\", \"value\": {\"rating\": 4}},"
	    "{\"id\": \"x1\", \"type\": \"taxonomy\", \"value\": {\"taxonomy\": [[\"A\", \"B\"]]}},"
	    "{\"type\": \"relation\", \"from_id\": \"r1\", \"to_id\": \"p1\", \"direction\": \"right\","
	    " \"labels\": [\"on\"]},"
	    "{\"id\": \"v1\", \"type\": \"videorectangle\", \"value\": {\"sequence\": [{\"frame\": 1, \"x\": 1}],"
	    " \"labels\": [\"Man\"]}},"
	    "{\"id\": \"h1\", \"type\": \"hypertextlabels\", \"value\": {\"start\": \"/p[1]\", \"end\": \"/p[2]\","
	    " \"startOffset\": 0, \"endOffset\": 3, \"text\": \"abc\", \"hypertextlabels\": [\"Q\"]}},"
	    "{\"id\": \"z1\", \"type\": \"pairwise\", \"value\": {\"selected\": \"left\"}}"
	    "]}], \"predictions\": [{\"id\": 5, \"model_version\": \"m1\", \"score\": 0.5, \"result\": []}]}") == 0,
	    "a Label Studio task loads");
	const ann_task *t = ann_view_task(view);
	CHECK(t->shape == ANN_SHAPE_LS_TASK && is_num(t->id, 7) && is_str(t->data_ref, "s3://b/a.jpg"),
	    "task id and data reference");
	CHECK(t->width == 200 && t->height == 100, "image size from original_width/height");
	CHECK(nsets == 2 && !sets[0].prediction && sets[1].prediction &&
	    is_str(sets[1].model_version, "m1"), "one annotation, then one prediction");
	r = regions(0, &n);
	CHECK(n == 14, "14 regions (%zu)", n);
	if (n != 14)
		return;
	CHECK(r[0].kind == ANN_KIND_RECTANGLE && r[0].has_box && r[0].box_pct &&
	    is_num(r[0].x, 10) && is_num(r[0].h, 40) && is_num(r[0].rotation, 15) &&
	    label_is(&r[0], 0, "Car") && r[0].image_w == 200, "rectangle in percent");
	CHECK(r[1].kind == ANN_KIND_POLYGON && r[1].points_pct && r[1].nlabels == 2 &&
	    label_is(&r[1], 1, "Wet"), "polygon with two labels");
	CHECK(r[2].kind == ANN_KIND_ELLIPSE && is_num(r[2].w, 5) && is_num(r[2].h, 7),
	    "ellipse radii as width and height");
	CHECK(r[3].kind == ANN_KIND_KEYPOINT && is_num(r[3].x, 1) && r[3].w.p == NULL,
	    "keypoint: a point, no box size");
	CHECK(r[4].kind == ANN_KIND_MASK && label_is(&r[4], 0, "Sky"), "brush mask");
	CHECK(r[5].kind == ANN_KIND_SPAN && is_num(r[5].start, 4) && is_num(r[5].end, 9) &&
	    !r[5].end_inclusive && is_str(r[5].text, "Paris"), "text span, end exclusive");
	CHECK(r[6].kind == ANN_KIND_CHOICE && label_is(&r[6], 0, "Sunny") &&
	    is_str(r[6].from_name, "weather"), "choice");
	CHECK(r[7].kind == ANN_KIND_TEXT && r[7].nlabels == 0 &&
	    ann_json_typeof(r[7].text) == ANN_JSON_ARRAY, "textarea text");
	CHECK(r[8].kind == ANN_KIND_RATING && is_num(r[8].text, 4), "rating value");
	CHECK(r[9].kind == ANN_KIND_TAXONOMY && r[9].nlabels == 1 &&
	    ann_json_typeof(r[9].labels[0]) == ANN_JSON_ARRAY, "taxonomy path");
	CHECK(r[10].kind == ANN_KIND_RELATION && is_str(r[10].from_id, "r1") &&
	    is_str(r[10].to_id, "p1") && label_is(&r[10], 0, "on"), "relation");
	CHECK(r[11].kind == ANN_KIND_VIDEO && ann_json_typeof(r[11].points) == ANN_JSON_ARRAY &&
	    label_is(&r[11], 0, "Man"), "video rectangle sequence");
	CHECK(r[12].kind == ANN_KIND_HYPERTEXT && is_str(r[12].start, "/p[1]") &&
	    is_num(r[12].end_offset, 3), "hypertext span by XPath");
	CHECK(r[13].kind == ANN_KIND_OTHER && is_str(r[13].type, "pairwise"),
	    "an unknown type is kept as other");
}

static void
test_facets(void)
{
	size_t n;
	const ann_region *r;

	/* The OCR template: rectangle, labels and transcription share an id. */
	CHECK(load("{\"id\": 1, \"data\": {\"image\": \"i.png\"}, \"annotations\": [{\"result\": ["
	    "{\"id\": \"o1\", \"type\": \"rectangle\", \"from_name\": \"bbox\", \"value\": {\"x\": 1,"
	    " \"y\": 2, \"width\": 3, \"height\": 4}},"
	    "{\"id\": \"o1\", \"type\": \"labels\", \"from_name\": \"label\", \"value\": {\"x\": 1,"
	    " \"y\": 2, \"width\": 3, \"height\": 4, \"labels\": [\"Text\"]}},"
	    "{\"id\": \"o1\", \"type\": \"textarea\", \"from_name\": \"transcription\", \"value\": {\"x\": 1,"
	    " \"y\": 2, \"width\": 3, \"height\": 4, \"text\": [\"STOP\"]}},"
	    "{\"id\": \"o2\", \"type\": \"labels\", \"value\": {\"labels\": [\"Handwriting\"]}}"
	    "]}]}") == 0, "an OCR task loads");
	r = regions(0, &n);
	CHECK(n == 2, "three results sharing an id are one region (%zu regions)", n);
	if (n != 2)
		return;
	CHECK(r[0].kind == ANN_KIND_RECTANGLE && r[0].facets == 3 && label_is(&r[0], 0, "Text") &&
	    ann_json_typeof(r[0].text) == ANN_JSON_ARRAY && is_num(r[0].w, 3),
	    "it is a rectangle, with the label and the transcription");
	CHECK(label_is(&r[1], 0, "Handwriting"), "the next region keeps its own label");

	/* perRegion on text: an answer folded into an entity keeps its text. */
	CHECK(load("{\"id\": 2, \"data\": {\"text\": \"Ada met Bob\"}, \"annotations\": [{\"result\": ["
	    "{\"id\": \"e1\", \"type\": \"labels\", \"from_name\": \"ner\", \"value\": {\"start\": 0,"
	    " \"end\": 3, \"text\": \"Ada\", \"labels\": [\"PER\"]}},"
	    "{\"id\": \"e1\", \"type\": \"textarea\", \"from_name\": \"note\", \"value\": {\"start\": 0,"
	    " \"end\": 3, \"text\": [\"a mathematician\"]}}"
	    "]}]}") == 0, "an entity with a perRegion answer loads");
	r = regions(0, &n);
	CHECK(n == 1 && r[0].kind == ANN_KIND_SPAN && r[0].facets == 2 && is_str(r[0].text, "Ada"),
	    "it is a span, with its own text, not the answer's");
}

static void
test_older_shapes(void)
{
	size_t n;
	const ann_region *r;

	CHECK(load("{\"id\": 1, \"data\": {\"text\": \"x\"}, \"completions\": [{\"id\": \"1001\","
	    " \"result\": [{\"id\": \"a\", \"type\": \"choices\", \"value\": {\"choices\": [\"Pos\"]}}]}]}") == 0 &&
	    ann_view_task(view)->shape == ANN_SHAPE_LS_COMPLETIONS && nsets == 1,
	    "a completions task loads");
	r = regions(0, &n);
	CHECK(n == 1 && label_is(&r[0], 0, "Pos"), "its choice");
	CHECK(load("{\"result\": \"[{\\\"id\\\":\\\"3f\\\",\\\"type\\\":\\\"choices\\\","
	    "\\\"value\\\":{\\\"choices\\\":[\\\"Negative\\\"]}}]\","
	    " \"task\": {\"id\": \"tasks-0\", \"data\": {\"text\": \"t\"}}}") == 0 &&
	    ann_view_task(view)->shape == ANN_SHAPE_LS_2019 &&
	    is_str(ann_view_task(view)->id, "tasks-0"), "a 2019 task loads");
	r = regions(0, &n);
	CHECK(n == 1 && label_is(&r[0], 0, "Negative"), "its result string is read as JSON");
	CHECK(load("{\"result\": \"[{\", \"task\": {\"id\": 1}}") != 0 &&
	    strstr(ann_view_errmsg(view), "not JSON") != NULL,
	    "a 2019 result that is not JSON is an error: %s", ann_view_errmsg(view));
	CHECK(load("{\"foo\": 1}") != 0 && strstr(ann_view_errmsg(view), "known shape"),
	    "a record of no known shape is an error");
	CHECK(load("{\"id\": 3, \"data\": {\"image\": \"a\"}}") == 0 && nsets == 0,
	    "an unlabeled task has no annotation sets");
}

static const char labelbox_row[] =
    "{\"data_row\": {\"id\": \"ck1\", \"global_key\": \"g.jpg\", \"row_data\": \"https://x/g.jpg\","
    " \"details\": {\"created_at\": \"2024-01-01\", \"last_activity_at\": \"2024-02-01\"}},"
    " \"media_attributes\": {\"width\": 400, \"height\": 200},"
    " \"projects\": {\"p1\": {\"name\": \"Streets\", \"project_details\": {\"workflow_status\": \"DONE\"},"
    " \"labels\": [{\"id\": \"l1\", \"label_details\": {\"created_by\": \"a@x\"}, \"annotations\": {"
    "\"objects\": ["
    "{\"feature_id\": \"f1\", \"feature_schema_id\": \"s1\", \"name\": \"Car\", \"annotation_kind\": \"ImageBoundingBox\","
    " \"bounding_box\": {\"top\": 10, \"left\": 20, \"height\": 30, \"width\": 40},"
    " \"classifications\": [{\"feature_id\": \"f2\", \"name\": \"occluded\", \"radio_answer\":"
    " {\"feature_id\": \"f3\", \"name\": \"yes\", \"classifications\": [{\"feature_id\": \"f4\","
    " \"name\": \"how much\", \"text_answer\": {\"content\": \"half\"}}]}}]},"
    "{\"feature_id\": \"f5\", \"name\": \"Lane\", \"annotation_kind\": \"ImagePolygon\","
    " \"polygon\": [{\"x\": 1, \"y\": 2}, {\"x\": 3, \"y\": 4}, {\"x\": 5, \"y\": 6}]},"
    "{\"feature_id\": \"f6\", \"name\": \"Pole\", \"annotation_kind\": \"ImagePoint\", \"point\": {\"x\": 7, \"y\": 8}},"
    "{\"feature_id\": \"f7\", \"name\": \"Wire\", \"annotation_kind\": \"ImagePolyline\","
    " \"line\": [{\"x\": 1, \"y\": 1}, {\"x\": 2, \"y\": 2}]},"
    "{\"feature_id\": \"f8\", \"name\": \"Sky\", \"annotation_kind\": \"ImageSegmentationMask\","
    " \"mask\": {\"url\": \"https://x/m.png\"}},"
    "{\"feature_id\": \"f9\", \"name\": \"ORG\", \"annotation_kind\": \"TextEntity\","
    " \"location\": {\"start\": 112, \"end\": 127, \"token\": \"research suggests\"}}],"
    "\"classifications\": [{\"feature_id\": \"c1\", \"name\": \"tags\", \"checklist_answers\":"
    " [{\"feature_id\": \"c2\", \"name\": \"night\"}, {\"feature_id\": \"c3\", \"name\": \"rain\"}]}],"
    "\"relationships\": [{\"name\": \"near\", \"relationship\": {\"source\": \"f1\", \"target\": \"f6\"}}]"
    "}}]}}}";

static void
test_labelbox(void)
{
	size_t n;
	const ann_region *r;

	CHECK(load(labelbox_row) == 0, "a Labelbox export v2 row loads");
	const ann_task *t = ann_view_task(view);
	CHECK(t->shape == ANN_SHAPE_LABELBOX_V2 && is_str(t->id, "ck1") &&
	    is_str(t->global_key, "g.jpg") && t->width == 400 && is_str(t->updated, "2024-02-01"),
	    "data row id, global key, size, last activity");
	CHECK(nsets == 1 && is_str(sets[0].project, "p1") && is_str(sets[0].status, "DONE") &&
	    is_str(sets[0].author, "a@x") && is_str(sets[0].project_name, "Streets"),
	    "a label per project, with its workflow status");
	r = regions(0, &n);
	CHECK(n == 10, "10 regions (%zu)", n);
	if (n != 10)
		return;
	CHECK(r[0].kind == ANN_KIND_RECTANGLE && !r[0].box_pct && is_num(r[0].x, 20) &&
	    is_num(r[0].y, 10) && is_num(r[0].w, 40) && label_is(&r[0], 0, "Car") &&
	    is_str(r[0].schema_id, "s1"), "bounding box in pixels, left/top");
	CHECK(r[1].kind == ANN_KIND_CHOICE && is_str(r[1].parent_id, "f1") &&
	    label_is(&r[1], 0, "yes") && is_str(r[1].from_name, "occluded") && !r[1].checklist,
	    "a nested radio belongs to its object");
	CHECK(r[2].kind == ANN_KIND_TEXT && is_str(r[2].parent_id, "f3") && is_str(r[2].text, "half"),
	    "a text answer nested under the radio answer");
	CHECK(r[3].kind == ANN_KIND_POLYGON && !r[3].points_pct, "polygon in pixels");
	CHECK(r[4].kind == ANN_KIND_KEYPOINT && is_num(r[4].y, 8), "point");
	CHECK(r[5].kind == ANN_KIND_POLYLINE, "polyline");
	CHECK(r[6].kind == ANN_KIND_MASK, "mask");
	CHECK(r[7].kind == ANN_KIND_SPAN && r[7].end_inclusive && is_num(r[7].end, 127) &&
	    is_str(r[7].text, "research suggests"), "text entity, end inclusive");
	CHECK(r[8].kind == ANN_KIND_CHOICE && r[8].nlabels == 2 && label_is(&r[8], 1, "rain") &&
	    r[8].checklist, "checklist with two answers");
	CHECK(r[9].kind == ANN_KIND_RELATION && is_str(r[9].from_id, "f1") &&
	    is_str(r[9].to_id, "f6") && label_is(&r[9], 0, "near"), "relationship");
}

static void
test_labelbox_v1_and_video(void)
{
	size_t n;
	const ann_region *r;

	CHECK(load("{\"ID\": \"lab1\", \"DataRow ID\": \"dr1\", \"Labeled Data\": \"https://x/1.jpg\","
	    " \"Created By\": \"a@x\", \"Label\": {\"objects\": [{\"featureId\": \"o1\", \"schemaId\": \"s1\","
	    " \"title\": \"deer\", \"bbox\": {\"top\": 1, \"left\": 2, \"height\": 3, \"width\": 4},"
	    " \"instanceURI\": \"https://x/m\", \"classifications\": [{\"featureId\": \"c1\", \"title\": \"age\","
	    " \"answer\": {\"featureId\": \"a1\", \"title\": \"adult\"}}]}],"
	    " \"classifications\": [{\"title\": \"note\", \"answer\": \"free text\"},"
	    " {\"title\": \"tags\", \"answers\": [{\"title\": \"a\"}, {\"title\": \"b\"}]}]}}") == 0 &&
	    ann_view_task(view)->shape == ANN_SHAPE_LABELBOX_V1, "a Labelbox v1 row loads");
	r = regions(0, &n);
	CHECK(n == 4, "4 regions (%zu)", n);
	if (n == 4) {
		CHECK(r[0].kind == ANN_KIND_RECTANGLE && is_num(r[0].x, 2) && label_is(&r[0], 0, "deer"),
		    "v1 bbox (instanceURI does not make it a mask)");
		CHECK(r[1].kind == ANN_KIND_CHOICE && is_str(r[1].parent_id, "o1") &&
		    label_is(&r[1], 0, "adult"), "v1 nested answer");
		CHECK(r[2].kind == ANN_KIND_TEXT && is_str(r[2].text, "free text"), "v1 text answer");
		CHECK(r[3].nlabels == 2 && label_is(&r[3], 0, "a"), "v1 checklist answers");
	}
	CHECK(load("{\"data_row\": {\"id\": \"v\"}, \"projects\": {\"p\": {\"labels\": [{\"id\": \"l\","
	    " \"annotations\": {\"frames\": {\"3\": {\"objects\": {\"f1\": {\"feature_id\": \"f1\","
	    " \"name\": \"ball\", \"annotation_kind\": \"VideoBoundingBox\", \"bounding_box\": {\"top\": 1,"
	    " \"left\": 2, \"height\": 3, \"width\": 4}}}, \"classifications\": []}},"
	    " \"segments\": {\"f1\": [[3, 9], [12, 12]]}, \"classifications\": []}}]}}}") == 0,
	    "a Labelbox video row loads");
	r = regions(0, &n);
	CHECK(n == 3 && r[0].kind == ANN_KIND_RECTANGLE && is_str(r[0].frame, "3") &&
	    r[1].kind == ANN_KIND_SEGMENT && is_num(r[1].start, 3) && is_num(r[1].end, 9) &&
	    r[1].end_inclusive && is_num(r[2].start, 12),
	    "a box in frame 3 and two segments (%zu regions)", n);
}

/*
 * A view told to leave the Labelbox details out (ann_view_want_details)
 * must give every column not flagged as reading them the same cells.
 */
static void
test_details_left_out(void)
{
	ann_view *lean = ann_view_new();
	const ann_annotation *lsets;
	const ann_region *r, *lr;
	size_t ncols, nlsets, n, ln, same = 0, differ = 0, wrong = 0;
	const ann_column *cols = ann_columns(&ncols);
	ann_buf a = { 0 }, b = { 0 };
	ann_json_val root;

	ann_view_want_details(lean, 0);
	if (load(labelbox_row) != 0 ||
	    ann_json_parse(labelbox_row, strlen(labelbox_row), &root, NULL, NULL) != 0 ||
	    ann_view_load(lean, root.p, root.n) != ANN_OK ||
	    ann_view_annotations(lean, &lsets, &nlsets) != ANN_OK || nlsets != nsets) {
		CHECK(0, "the Labelbox row loads in a view without details");
		ann_view_free(lean);
		return;
	}
	for (size_t s = 0; s < nsets; s++) {
		r = regions(s, &n);
		if (ann_view_regions(lean, &lsets[s], &lr, &ln) != ANN_OK || ln != n)
			wrong++;
		for (size_t i = 0; i < n && ln == n; i++)
			for (size_t c = 0; c < ncols; c++) {
				ann_geom fg, pg;
				ann_geom_of(&fg, &r[i], &sets[s], ann_view_task(view));
				ann_geom_of(&pg, &lr[i], &lsets[s], ann_view_task(lean));
				ann_row full = { ann_view_task(view), &sets[s], &r[i], &fg };
				ann_row part = { ann_view_task(lean), &lsets[s], &lr[i], &pg };
				a.len = b.len = 0;
				ann_cell x = cols[c].get(&full, &a), y = cols[c].get(&part, &b);
				int eq = x.type == y.type && x.n == y.n &&
				    (x.n == 0 || memcmp(x.p, y.p, x.n) == 0);
				if (!eq && !ann_column_needs_details(&cols[c]))
					wrong++;
				eq ? same++ : differ++;
			}
	}
	CHECK(wrong == 0 && differ > 0 && same > 0,
	    "only the detail columns change without details (%zu cells differ, %zu wrong)",
	    differ, wrong);
	ann_buf_free(&a);
	ann_buf_free(&b);
	ann_view_free(lean);
}

/* The view's task id is ann_task_id's for the record, shape by shape. */
static void
test_task_id(void)
{
	static const char *const records[] = {
		"{\"id\": 42, \"data\": {\"image\": \"a\"}, \"annotations\": []}",
		"{\"data\": {\"text\": \"x\"}, \"completions\": []}",
		"{\"result\": \"[]\", \"task\": {\"id\": \"tasks-0\"}}",
		"{\"DataRow ID\": \"dr\\u0031\", \"Label\": {}}",
		"{\"id\": [1], \"data_row\": {\"id\": 7}, \"projects\": {}}",
		"{\"data_row\": {\"global_key\": \"g\"}, \"DataRow ID\": \"v1\"}",
		labelbox_row,
	};
	char a[64], b[64];

	for (size_t i = 0; i < sizeof records / sizeof *records; i++) {
		ann_json_val root;
		if (ann_json_parse(records[i], strlen(records[i]), &root, NULL, NULL) != 0 ||
		    ann_view_load(view, root.p, root.n) != ANN_OK) {
			CHECK(0, "record %zu loads", i);
			continue;
		}
		long n = ann_task_id(root, a, sizeof a);
		long m = ann_task_id_of(ann_view_task(view), b, sizeof b);
		CHECK(n == m && (n < 0 || memcmp(a, b, (size_t)n) == 0),
		    "record %zu: the view's task id is ann_task_id's (%ld, %ld)", i, n, m);
		/* Too long for the buffer: the same answer as well. */
		CHECK(ann_task_id(root, a, 2) == ann_task_id_of(ann_view_task(view), b, 2),
		    "record %zu: the same in a short buffer", i);
	}
}

int
main(void)
{
	view = ann_view_new();
	test_label_studio();
	test_facets();
	test_older_shapes();
	test_labelbox();
	test_labelbox_v1_and_video();
	test_details_left_out();
	test_task_id();
	ann_view_free(view);
	return done_testing();
}
