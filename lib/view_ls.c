/*
 * view_ls.c: Label Studio tasks in the view: the export (annotations[]),
 * the older completions[] form, and 2019 tasks whose result is a string.
 *
 * Results that share an id are one region seen through several control
 * tags (a rectangle, its labels and its transcription in the OCR
 * template), so they are folded into one region with several facets.
 */
#include <string.h>
#include <stdlib.h>

#include "view_private.h"

static const struct {
	const char *type;
	ann_kind kind;
} kinds[] = {
	{ "rectanglelabels", ANN_KIND_RECTANGLE }, { "rectangle", ANN_KIND_RECTANGLE },
	{ "polygonlabels", ANN_KIND_POLYGON }, { "polygon", ANN_KIND_POLYGON },
	{ "polylinelabels", ANN_KIND_POLYLINE }, { "polyline", ANN_KIND_POLYLINE },
	{ "ellipselabels", ANN_KIND_ELLIPSE }, { "ellipse", ANN_KIND_ELLIPSE },
	{ "keypointlabels", ANN_KIND_KEYPOINT }, { "keypoint", ANN_KIND_KEYPOINT },
	{ "brushlabels", ANN_KIND_MASK }, { "brush", ANN_KIND_MASK },
	{ "magicwand", ANN_KIND_MASK }, { "bitmasklabels", ANN_KIND_MASK },
	{ "labels", ANN_KIND_SPAN },
	{ "hypertextlabels", ANN_KIND_HYPERTEXT },
	{ "paragraphlabels", ANN_KIND_PARAGRAPH },
	{ "timeserieslabels", ANN_KIND_TIMESERIES },
	{ "choices", ANN_KIND_CHOICE },
	{ "textarea", ANN_KIND_TEXT },
	{ "rating", ANN_KIND_RATING },
	{ "number", ANN_KIND_NUMBER },
	{ "datetime", ANN_KIND_DATETIME },
	{ "taxonomy", ANN_KIND_TAXONOMY },
	{ "relation", ANN_KIND_RELATION },
	{ "videorectangle", ANN_KIND_VIDEO },
	{ "timelinelabels", ANN_KIND_SEGMENT },
};

static ann_kind
kind_of(ann_json_val type)
{
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		if (ann_json_str_eq(type, kinds[i].type))
			return kinds[i].kind;
	return ANN_KIND_OTHER;
}

/* How much a facet says about where a region is: the most telling wins. */
static int
weight(ann_kind k)
{
	switch (k) {
	case ANN_KIND_OTHER: return 0;
	case ANN_KIND_CHOICE: case ANN_KIND_TEXT: case ANN_KIND_RATING:
	case ANN_KIND_NUMBER: case ANN_KIND_DATETIME: case ANN_KIND_TAXONOMY:
		return 1;
	case ANN_KIND_SPAN: case ANN_KIND_HYPERTEXT: case ANN_KIND_PARAGRAPH:
	case ANN_KIND_TIMESERIES: case ANN_KIND_SEGMENT:
		return 2;
	default:
		return 3;
	}
}

static ann_json_val
first_string(ann_json_val obj)
{
	ann_json_iter it;
	ann_json_val k, val, none = { NULL, 0 };

	if (ann_json_typeof(obj) != ANN_JSON_OBJECT)
		return none;
	ann_json_iter_init(&it, obj);
	while (ann_json_next_member(&it, &k, &val))
		if (ann_json_typeof(val) == ANN_JSON_STRING)
			return val;
	return none;
}

static void
image_size(ann_view *v, ann_json_val result)
{
	ann_json_iter it;
	ann_json_val r;

	if (ann_json_typeof(result) != ANN_JSON_ARRAY)
		return;
	ann_json_iter_init(&it, result);
	while (v->task.width < 0 && ann_json_next_elem(&it, &r)) {
		v->task.width = ann__get_long(r, "original_width");
		v->task.height = ann__get_long(r, "original_height");
	}
}

static ann_status
add_sets(ann_view *v, ann_json_val list, int prediction)
{
	ann_json_iter it;
	ann_json_val s;

	if (ann_json_typeof(list) != ANN_JSON_ARRAY)
		return ANN_OK;
	ann_json_iter_init(&it, list);
	while (ann_json_next_elem(&it, &s)) {
		if (ann_json_typeof(s) != ANN_JSON_OBJECT)
			continue;
		ann_annotation *a = ann__view_add_set(v);
		if (a == NULL)
			return ann__view_fail(v, "out of memory");
		a->prediction = prediction;
		a->raw = s;
		a->id = ann__get(s, "id");
		a->author = ann__get(s, "completed_by");
		a->created = ann__get(s, "created_at");
		a->updated = ann__get(s, "updated_at");
		a->lead_time = ann__get(s, "lead_time");
		a->cancelled = ann__get(s, "was_cancelled");
		a->ground_truth = ann__get(s, "ground_truth");
		a->model_version = ann__get(s, "model_version");
		a->score = ann__get(s, "score");
		a->result = ann__get(s, "result");
		if (v->task.width < 0)
			image_size(v, a->result);
	}
	return ANN_OK;
}

/* 2019 exports keep the result as JSON text inside a string. */
static ann_status
load_2019(ann_view *v, ann_json_val root)
{
	ann_json_val task = ann__get(root, "task"), text = ann__get(root, "result");
	const char *msg;
	size_t off;

	if (text.n > v->scratch_cap) {
		char *s = realloc(v->scratch, text.n);
		if (s == NULL)
			return ann__view_fail(v, "out of memory");
		v->scratch = s;
		v->scratch_cap = text.n;
	}
	size_t n = ann_json_str_decode(text, v->scratch);
	ann_annotation *a = ann__view_add_set(v);
	if (a == NULL)
		return ann__view_fail(v, "out of memory");
	a->raw = root;
	if (ann_json_parse(v->scratch, n, &a->result, &msg, &off) != 0)
		return ann__view_fail(v, "2019 task: \"result\" is not JSON: %s at "
		    "character %zu of the string", msg, off);
	v->task.id = ann__get(task, "id");
	v->task.data = ann__get(task, "data");
	v->task.data_ref = first_string(v->task.data);
	image_size(v, a->result);
	return ANN_OK;
}

ann_status
ann__ls_load(ann_view *v, ann_json_val root)
{
	ann_task *t = &v->task;
	ann_status st;

	if (t->shape == ANN_SHAPE_LS_2019)
		return load_2019(v, root);
	t->id = ann__get(root, "id");
	t->data = ann__get(root, "data");
	t->data_ref = first_string(t->data);
	t->created = ann__get(root, "created_at");
	t->updated = ann__get(root, "updated_at");
	t->project = ann__get(root, "project");
	st = add_sets(v, ann__get(root, t->shape == ANN_SHAPE_LS_COMPLETIONS ?
	    "completions" : "annotations"), 0);
	if (st == ANN_OK)
		st = add_sets(v, ann__get(root, "predictions"), 1);
	return st;
}

/* The value member that holds a result's labels: value[type], mostly. */
static ann_json_val
labels_of(ann_json_val value, ann_json_val type, ann_kind kind)
{
	char name[64];
	ann_json_val none = { NULL, 0 };

	if (ann_json_typeof(type) != ANN_JSON_STRING || type.n >= sizeof name)
		return none;
	size_t n = ann_json_str_decode(type, name);
	name[n] = '\0';
	ann_json_val l = ann__get(value, name);
	if (ann_json_typeof(l) != ANN_JSON_NONE)
		return l;
	if (kind == ANN_KIND_VIDEO || kind == ANN_KIND_SEGMENT)
		return ann__get(value, "labels");
	return none;
}

/*
 * Regions by id, for folding facets: an open-addressing table of region
 * indexes, rebuilt for each annotation set.
 */
struct idmap {
	size_t *slot;	/* region index + 1; 0 is empty */
	size_t cap;
};

static ann_region *
find_facet(ann_view *v, struct idmap *m, ann_json_val id, int *fresh)
{
	*fresh = 0;
	if (ann_json_typeof(id) != ANN_JSON_STRING && ann_json_typeof(id) != ANN_JSON_NUMBER) {
		*fresh = 1;
		return ann__view_add_region(v);
	}
	if ((v->nregions + 1) * 2 > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		size_t *s = calloc(cap, sizeof *s);
		if (s == NULL)
			return NULL;
		for (size_t i = 0; i < m->cap; i++) {
			if (m->slot[i] == 0)
				continue;
			ann_json_val k = v->regions[m->slot[i] - 1].id;
			size_t j = ann_hash(k.p, k.n) & (cap - 1);
			while (s[j] != 0)
				j = (j + 1) & (cap - 1);
			s[j] = m->slot[i];
		}
		free(m->slot);
		m->slot = s;
		m->cap = cap;
	}
	size_t j = ann_hash(id.p, id.n) & (m->cap - 1);
	for (; m->slot[j] != 0; j = (j + 1) & (m->cap - 1)) {
		ann_region *r = &v->regions[m->slot[j] - 1];
		if (r->id.n == id.n && memcmp(r->id.p, id.p, id.n) == 0)
			return r;
	}
	ann_region *r = ann__view_add_region(v);
	if (r != NULL) {
		r->id = id;
		m->slot[j] = v->nregions;
		*fresh = 1;
	}
	return r;
}

static void
take_geometry(ann_region *r, ann_json_val value, ann_kind kind)
{
	ann_json_val x = ann__get(value, "x"), w = ann__get(value, "width");

	if (ann_json_typeof(x) == ANN_JSON_NUMBER) {
		r->x = x;
		r->y = ann__get(value, "y");
		r->has_box = 1;
		r->box_pct = 1;
		if (kind == ANN_KIND_ELLIPSE) {
			r->w = ann__get(value, "radiusX");
			r->h = ann__get(value, "radiusY");
		} else if (kind != ANN_KIND_KEYPOINT) {
			r->w = w;
			r->h = ann__get(value, "height");
		}
	}
	r->rotation = ann__get(value, "rotation");
	if (kind == ANN_KIND_VIDEO)
		r->points = ann__get(value, "sequence");
	else if (kind == ANN_KIND_SEGMENT)
		r->points = ann__get(value, "ranges");
	else {
		r->points = ann__get(value, "points");
		r->points_pct = 1;
	}
}

static void
take_span(ann_region *r, ann_json_val value)
{
	r->start = ann__get(value, "start");
	r->end = ann__get(value, "end");
	r->start_offset = ann__get(value, "startOffset");
	r->end_offset = ann__get(value, "endOffset");
	if (ann_json_typeof(r->start) == ANN_JSON_NONE &&
	    ann_json_typeof(r->start_offset) == ANN_JSON_NONE) {
		/* Time series ranges. */
		r->start = ann__get(value, "start");
	}
}

static ann_status
add_result(ann_view *v, struct idmap *m, ann_json_val res)
{
	ann_json_val type = ann__get(res, "type"), value = ann__get(res, "value");
	ann_kind kind = kind_of(type);
	int fresh;
	ann_region *r = find_facet(v, m, ann__get(res, "id"), &fresh);

	if (r == NULL)
		return ann__view_fail(v, "out of memory");
	if (fresh) {
		r->raw = res;
		r->value = value;
		r->from_name = ann__get(res, "from_name");
		r->to_name = ann__get(res, "to_name");
		r->image_w = ann__get_long(res, "original_width");
		r->image_h = ann__get_long(res, "original_height");
	}
	r->facets++;
	if (fresh || weight(kind) > weight(r->kind)) {
		r->kind = kind;
		r->type = type;
		if (!fresh)
			r->value = value;
	}
	if (ann_json_typeof(r->score) == ANN_JSON_NONE)
		r->score = ann__get(res, "score");
	if (r->image_w < 0) {
		r->image_w = ann__get_long(res, "original_width");
		r->image_h = ann__get_long(res, "original_height");
	}
	if (r->nlabels == 0) {
		ann_json_val l = kind == ANN_KIND_RELATION ? ann__get(res, "labels") :
		    labels_of(value, type, kind);
		if (kind == ANN_KIND_TEXT || kind == ANN_KIND_RATING ||
		    kind == ANN_KIND_NUMBER || kind == ANN_KIND_DATETIME)
			l.p = NULL, l.n = 0;	/* answers, not labels: see text */
		if (ann__view_add_labels(v, r, l) != 0)
			return ann__view_fail(v, "out of memory");
	}
	switch (kind) {
	case ANN_KIND_TEXT:
		r->text = ann__get(value, "text");
		break;
	case ANN_KIND_RATING:
	case ANN_KIND_NUMBER:
	case ANN_KIND_DATETIME:
		r->text = labels_of(value, type, kind);
		break;
	case ANN_KIND_RELATION:
		r->from_id = ann__get(res, "from_id");
		r->to_id = ann__get(res, "to_id");
		break;
	case ANN_KIND_SPAN:
	case ANN_KIND_HYPERTEXT:
	case ANN_KIND_PARAGRAPH:
	case ANN_KIND_TIMESERIES:
		take_span(r, value);
		if (ann_json_typeof(r->text) == ANN_JSON_NONE)
			r->text = ann__get(value, "text");
		break;
	case ANN_KIND_CHOICE:
	case ANN_KIND_TAXONOMY:
	case ANN_KIND_OTHER:
		break;
	default:
		take_geometry(r, value, kind);
		break;
	}
	return ANN_OK;
}

ann_status
ann__ls_regions(ann_view *v, const ann_annotation *a)
{
	struct idmap m = { NULL, 0 };
	ann_json_iter it;
	ann_json_val res;
	ann_status st = ANN_OK;

	if (ann_json_typeof(a->result) != ANN_JSON_ARRAY)
		return ANN_OK;
	ann_json_iter_init(&it, a->result);
	while (st == ANN_OK && ann_json_next_elem(&it, &res))
		if (ann_json_typeof(res) == ANN_JSON_OBJECT)
			st = add_result(v, &m, res);
	free(m.slot);
	return st;
}
