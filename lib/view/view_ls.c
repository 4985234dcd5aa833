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

#include "json_private.h"
#include "view_build.h"

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

/* The kind of a result type, and the type's name as a constant when known. */
static ann_kind
kind_of(ann_json_val type, const char **name)
{
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		if (ann_json_str_eq(type, kinds[i].type)) {
			*name = kinds[i].type;
			return kinds[i].kind;
		}
	*name = NULL;
	return ANN_KIND_OTHER;
}

ann_kind
ann_view_ls_kind(ann_json_val type)
{
	const char *name;

	return kind_of(type, &name);
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
	ann__json_iter_init(&it, result, v->cache);
	while (v->task.width < 0 && ann_json_next_elem(&it, &r)) {
		static const char *const keys[] = { "original_width", "original_height" };
		ann_json_val m[2];
		ann__json_getn(v->cache, r, keys, 2, m);
		long w = ann__long(m[0]), h = ann__long(m[1]);
		/*
		 * Both from one result, or neither: a result with only its width
		 * ended the search with the height unknown, though a later
		 * result gave both.
		 */
		if (w > 0 && h > 0) {
			v->task.width = w;
			v->task.height = h;
		}
	}
}

static ann_status
add_sets(ann_view *v, ann_json_val list, int prediction)
{
	enum {
		ID, BY, CREATED, UPDATED, LEAD, CANCELLED, GT, MODEL, SCORE,
		RESULT, REVIEWS, N
	};
	static const char *const keys[N] = {
		"id", "completed_by", "created_at", "updated_at", "lead_time",
		"was_cancelled", "ground_truth", "model_version", "score", "result",
		"reviews"
	};
	ann_json_iter it;
	ann_json_val s, m[N];

	if (ann_json_typeof(list) != ANN_JSON_ARRAY)
		return ANN_OK;
	ann__json_iter_init(&it, list, v->cache);
	while (ann_json_next_elem(&it, &s)) {
		if (ann_json_typeof(s) != ANN_JSON_OBJECT)
			continue;
		ann_annotation *a = ann__view_add_set(v);
		if (a == NULL)
			return ann__view_fail(v, "out of memory");
		ann__json_getn(v->cache, s, keys, N, m);
		a->prediction = prediction;
		a->raw = s;
		a->id = m[ID];
		a->author = m[BY];
		a->created = m[CREATED];
		a->updated = m[UPDATED];
		a->lead_time = m[LEAD];
		a->cancelled = m[CANCELLED];
		a->ground_truth = m[GT];
		a->model_version = m[MODEL];
		a->score = m[SCORE];
		a->result = m[RESULT];
		a->reviews = m[REVIEWS];
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
ann__ls_load(ann_view *v, ann_json_val root, const ann_json_val *m)
{
	ann_task *t = &v->task;
	ann_status st;

	if (t->shape == ANN_SHAPE_LS_2019)
		return load_2019(v, root);
	t->id = m[ROOT_ID];
	t->data = m[ROOT_DATA];
	t->data_ref = first_string(t->data);
	t->created = m[ROOT_CREATED];
	t->updated = m[ROOT_UPDATED];
	t->project = m[ROOT_PROJECT];
	if (t->project.p != NULL) {
		ann_project *p = ann__view_add_project(v);
		if (p == NULL)
			return ann__view_fail(v, "out of memory");
		p->id = t->project;
	}
	st = add_sets(v, t->shape == ANN_SHAPE_LS_COMPLETIONS ? m[ROOT_COMPLETIONS] :
	    m[ROOT_ANNOTATIONS], 0);
	if (st == ANN_OK)
		st = add_sets(v, m[ROOT_PREDICTIONS], 1);
	return st;
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

/* The members of a result's value, found in one pass. */
enum {
	V_X, V_Y, V_W, V_H, V_RX, V_RY, V_ROT, V_POINTS, V_SEQUENCE, V_RANGES,
	V_START, V_END, V_START_OFF, V_END_OFF, V_TEXT, V_LABELS, V_TYPED, V_N
};

static void
take_geometry(ann_region *r, const ann_json_val *m, ann_kind kind)
{
	if (ann_json_typeof(m[V_X]) == ANN_JSON_NUMBER) {
		r->x = m[V_X];
		r->y = m[V_Y];
		r->has_box = 1;
		r->box_pct = 1;
		if (kind == ANN_KIND_ELLIPSE) {
			r->w = m[V_RX];
			r->h = m[V_RY];
		} else if (kind != ANN_KIND_KEYPOINT) {
			r->w = m[V_W];
			r->h = m[V_H];
		}
	}
	r->rotation = m[V_ROT];
	if (kind == ANN_KIND_VIDEO)
		r->points = m[V_SEQUENCE];
	else if (kind == ANN_KIND_SEGMENT)
		r->points = m[V_RANGES];
	else {
		r->points = m[V_POINTS];
		r->points_pct = 1;
	}
}

static ann_status
add_result(ann_view *v, struct idmap *map, ann_json_val res)
{
	enum {
		ID, TYPE, VALUE, FROM, TO, OW, OH, SCORE, LABELS, FROM_ID, TO_ID,
		ITEM, PARENT, N
	};
	static const char *const keys[N] = {
		"id", "type", "value", "from_name", "to_name", "original_width",
		"original_height", "score", "labels", "from_id", "to_id",
		"item_index", "parentID"
	};
	ann_json_val m[N], val[V_N];
	const char *vkeys[V_N] = {
		"x", "y", "width", "height", "radiusX", "radiusY", "rotation", "points",
		"sequence", "ranges", "start", "end", "startOffset", "endOffset", "text",
		"labels", ""
	};
	char typename[64];
	int fresh;

	ann__json_getn(v->cache, res, keys, N, m);
	const char *known;
	ann_kind kind = kind_of(m[TYPE], &known);
	/*
	 * The labels sit under the type's own name: value.rectanglelabels.
	 * A type of no known kind is copied out, and its list of names then
	 * changes from call to call: it must not be kept (ann__json_getn).
	 */
	if (known != NULL) {
		vkeys[V_TYPED] = known;
		ann__json_getn(v->cache, m[VALUE], vkeys, V_N, val);
	} else {
		if (ann_json_typeof(m[TYPE]) == ANN_JSON_STRING && m[TYPE].n < sizeof typename) {
			typename[ann_json_str_decode(m[TYPE], typename)] = '\0';
			vkeys[V_TYPED] = typename;
		}
		ann_json_getn(m[VALUE], vkeys, V_N, val);
	}
	ann_region *r = find_facet(v, map, m[ID], &fresh);
	if (r == NULL)
		return ann__view_fail(v, "out of memory");
	if (fresh) {
		r->raw = res;
		r->value = m[VALUE];
		r->from_name = m[FROM];
		r->to_name = m[TO];
		r->image_w = ann__long(m[OW]);
		r->image_h = ann__long(m[OH]);
		r->item = m[ITEM];
		r->parent_id = m[PARENT];
	}
	r->facets++;
	if (fresh || weight(kind) > weight(r->kind)) {
		r->kind = kind;
		r->type = m[TYPE];
		if (!fresh)
			r->value = m[VALUE];
	}
	if (ann_json_typeof(r->score) == ANN_JSON_NONE)
		r->score = m[SCORE];
	if (r->image_w < 0) {
		r->image_w = ann__long(m[OW]);
		r->image_h = ann__long(m[OH]);
	}
	/* A type named "labels" (or video's plain labels) found them as V_LABELS. */
	ann_json_val typed = val[V_TYPED];
	if (ann_json_typeof(typed) == ANN_JSON_NONE && (kind == ANN_KIND_VIDEO ||
	    kind == ANN_KIND_SEGMENT || strcmp(vkeys[V_TYPED], "labels") == 0))
		typed = val[V_LABELS];
	/* HyperText results keep their labels as htmllabels. */
	if (ann_json_typeof(typed) == ANN_JSON_NONE && kind == ANN_KIND_HYPERTEXT)
		typed = ann__get(m[VALUE], "htmllabels");
	if (r->nlabels == 0) {
		ann_json_val l = kind == ANN_KIND_RELATION ? m[LABELS] : typed;
		if (kind == ANN_KIND_TEXT || kind == ANN_KIND_RATING ||
		    kind == ANN_KIND_NUMBER || kind == ANN_KIND_DATETIME)
			l.p = NULL, l.n = 0;	/* answers, not labels: see text */
		if (ann__view_add_labels(v, r, l) != 0)
			return ann__view_fail(v, "out of memory");
	}
	/*
	 * An answer folded into a region of more weight that has a text of
	 * its own (a perRegion text area on an entity) is an answer about
	 * it: the entity's text stays.  A box has none: it takes the answer
	 * (an OCR transcription).
	 */
	int own_text = weight(r->kind) > weight(kind) &&
	    ann_json_typeof(r->text) != ANN_JSON_NONE;
	switch (kind) {
	case ANN_KIND_TEXT:
		if (!own_text)
			r->text = val[V_TEXT];
		break;
	case ANN_KIND_RATING:
	case ANN_KIND_NUMBER:
	case ANN_KIND_DATETIME:
		if (!own_text)
			r->text = typed;
		break;
	case ANN_KIND_RELATION:
		r->from_id = m[FROM_ID];
		r->to_id = m[TO_ID];
		break;
	case ANN_KIND_SPAN:
	case ANN_KIND_HYPERTEXT:
	case ANN_KIND_PARAGRAPH:
	case ANN_KIND_TIMESERIES:
		r->start = val[V_START];
		r->end = val[V_END];
		r->start_offset = val[V_START_OFF];
		r->end_offset = val[V_END_OFF];
		if (ann_json_typeof(r->text) == ANN_JSON_NONE)
			r->text = val[V_TEXT];
		break;
	case ANN_KIND_CHOICE:
	case ANN_KIND_TAXONOMY:
	case ANN_KIND_OTHER:
		break;
	default:
		take_geometry(r, val, kind);
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
	ann__json_iter_init(&it, a->result, v->cache);
	while (st == ANN_OK && ann_json_next_elem(&it, &res))
		if (ann_json_typeof(res) == ANN_JSON_OBJECT)
			st = add_result(v, &m, res);
	free(m.slot);
	return st;
}
