/*
 * view_labelbox.c: Labelbox rows in the view: export v2 (data_row,
 * projects.<id>.labels[]) and the legacy v1 rows ("DataRow ID", "Label").
 *
 * The two versions name the same things differently (feature_id and
 * featureId, name and title, bounding_box and bbox), so every lookup goes
 * through a pair of names.  Labelbox counts in pixels and ends text spans
 * on their last character.
 */
#include <string.h>

#include "json_private.h"
#include "view_build.h"

struct names {
	const char *id, *schema, *name, *box;
};

/* What a look-up in nothing finds: nothing (see ann_view_want_details). */
static const ann_json_val NONE = { NULL, 0 };

static const struct names v2 = { "feature_id", "feature_schema_id", "name", "bounding_box" };
static const struct names v1 = { "featureId", "schemaId", "title", "bbox" };

/* One export v2 label: an annotation set of its project. */
static ann_status
add_label(ann_view *v, ann_json_val label, ann_json_val pid, ann_json_val pname,
    ann_json_val status)
{
	enum { ID, DETAILS, PERF, ANNOTATIONS, LN };
	static const char *const lkeys[LN] = {
		"id", "label_details", "performance_details", "annotations"
	};
	enum { BY, CREATED, UPDATED, REVIEWS, DN };
	static const char *const dkeys[DN] = {
		"created_by", "created_at", "updated_at", "reviews"
	};
	static const char *const perfkeys[] = { "seconds_to_create", "skipped" };
	ann_json_val lm[LN], dm[DN], perf[2];
	ann_annotation *a = ann__view_add_set(v);

	if (a == NULL)
		return ann__view_fail(v, "out of memory");
	ann__json_getn(v->cache, label, lkeys, LN, lm);
	ann__json_getn(v->cache, v->no_details ? NONE : lm[DETAILS], dkeys, DN, dm);
	ann__json_getn(v->cache, v->no_details ? NONE : lm[PERF], perfkeys, 2, perf);
	a->raw = label;
	a->id = lm[ID];
	a->author = dm[BY];
	a->created = dm[CREATED];
	a->updated = dm[UPDATED];
	a->reviews = dm[REVIEWS];
	a->lead_time = perf[0];
	a->cancelled = perf[1];
	a->project = pid;
	a->project_name = pname;
	a->status = status;
	a->result = lm[ANNOTATIONS];
	return ANN_OK;
}

static ann_status
load_v2(ann_view *v, const ann_json_val *m)
{
	ann_task *t = &v->task;
	ann_json_val row = m[ROOT_DATA_ROW], media = m[ROOT_MEDIA];
	ann_json_val projects = m[ROOT_PROJECTS], pid, proj;
	ann_json_iter pi;

	enum { ID, ROW_DATA, GLOBAL_KEY, EXTERNAL_ID, DETAILS, RN };
	static const char *const rkeys[RN] = {
		"id", "row_data", "global_key", "external_id", "details"
	};
	enum { CREATED, ACTIVITY, UPDATED, DATASET_ID, DATASET_NAME, DN };
	static const char *const dkeys[DN] = {
		"created_at", "last_activity_at", "updated_at", "dataset_id",
		"dataset_name"
	};
	static const char *const mkeys[] = { "width", "height", "mime_type" };
	ann_json_val rm[RN], dm[DN], mm[3];

	ann__json_getn(v->cache, row, rkeys, RN, rm);
	ann__json_getn(v->cache, v->no_details ? NONE : rm[DETAILS], dkeys, DN, dm);
	ann__json_getn(v->cache, media, mkeys, 3, mm);
	t->id = rm[ID];
	t->data = row;
	t->data_ref = rm[ROW_DATA];
	t->global_key = rm[GLOBAL_KEY].p != NULL ? rm[GLOBAL_KEY] : rm[EXTERNAL_ID];
	t->created = dm[CREATED];
	t->updated = dm[ACTIVITY].p != NULL ? dm[ACTIVITY] : dm[UPDATED];
	t->dataset_id = dm[DATASET_ID];
	t->dataset_name = dm[DATASET_NAME];
	t->width = ann__long(mm[0]);
	t->height = ann__long(mm[1]);
	t->mime_type = mm[2];
	t->video = ann_json_typeof(mm[2]) == ANN_JSON_STRING && mm[2].n > 8 &&
	    memcmp(mm[2].p, "\"video/", 7) == 0;
	if (ann_json_typeof(projects) != ANN_JSON_OBJECT)
		return ANN_OK;
	ann__json_iter_init(&pi, projects, v->cache);
	while (ann_json_next_member(&pi, &pid, &proj)) {
		enum { NAME, LABELS, PDETAILS, PN };
		static const char *const pkeys[PN] = { "name", "labels", "project_details" };
		enum { STATUS, BATCH_ID, BATCH_NAME, SN };
		static const char *const skeys[SN] = {
			"workflow_status", "batch_id", "batch_name"
		};
		ann_json_val pm[PN], sm[SN];

		ann__json_getn(v->cache, proj, pkeys, PN, pm);
		ann__json_getn(v->cache, v->no_details ? NONE : pm[PDETAILS], skeys, SN, sm);
		ann_project *p = ann__view_add_project(v);
		if (p == NULL)
			return ann__view_fail(v, "out of memory");
		p->id = pid;
		p->name = pm[NAME];
		p->status = sm[STATUS];
		p->batch_id = sm[BATCH_ID];
		p->batch_name = sm[BATCH_NAME];
		p->labels = pm[LABELS];
	}
	/* The labels become annotation sets only when someone asks for them. */
	v->sets_pending = 1;
	return ANN_OK;
}

static ann_status
load_v1(ann_view *v, ann_json_val root, const ann_json_val *m)
{
	ann_task *t = &v->task;
	ann_json_val media = ann__get(root, "Media Attributes");

	/* The v2 member, should a v1 row have it: it tells a text row. */
	t->mime_type = ann__get(m[ROOT_MEDIA], "mime_type");

	t->id = ann__get(root, "DataRow ID");
	t->data = root;
	t->data_ref = ann__get(root, "Labeled Data");
	t->global_key = ann__get(root, "External ID");
	t->created = ann__get(root, "Created At");
	t->updated = ann__get(root, "Updated At");
	t->dataset_name = ann__get(root, "Dataset Name");
	t->width = ann__get_long(media, "width");
	t->height = ann__get_long(media, "height");
	ann_project *p = ann__view_add_project(v);
	ann_annotation *a = ann__view_add_set(v);
	if (p == NULL || a == NULL)
		return ann__view_fail(v, "out of memory");
	p->name = ann__get(root, "Project Name");
	a->raw = root;
	a->id = ann__get(root, "ID");
	a->author = ann__get(root, "Created By");
	a->created = t->created;
	a->updated = t->updated;
	a->lead_time = ann__get(root, "Seconds to Label");
	a->project_name = p->name;
	a->reviews = ann__get(root, "Reviews");
	a->cancelled = ann__get(root, "Skipped");
	a->result = ann__get(root, "Label");
	/* A video's Label is its frames (or, in some exports, a URL). */
	t->video = ann_json_typeof(a->result) == ANN_JSON_ARRAY;
	return ANN_OK;
}

ann_status
ann__lb_sets(ann_view *v)
{
	ann_json_iter it;
	ann_json_val label;

	for (size_t i = 0; i < v->nprojects; i++) {
		const ann_project *p = &v->projects[i];
		if (ann_json_typeof(p->labels) != ANN_JSON_ARRAY)
			continue;
		ann__json_iter_init(&it, p->labels, v->cache);
		while (ann_json_next_elem(&it, &label))
			if (add_label(v, label, p->id, p->name, p->status) != ANN_OK)
				return ANN_FAILED;
	}
	return ANN_OK;
}

ann_status
ann__lb_load(ann_view *v, ann_json_val root, const ann_json_val *m)
{
	return v->task.shape == ANN_SHAPE_LABELBOX_V2 ? load_v2(v, m) : load_v1(v, root, m);
}

static ann_region *
new_region(ann_view *v, ann_json_val raw, ann_json_val id, ann_json_val schema,
    ann_json_val parent)
{
	ann_region *r = ann__view_add_region(v);

	if (r == NULL)
		return NULL;
	r->raw = raw;
	r->value = raw;
	r->id = id;
	r->schema_id = schema;
	r->parent_id = parent;
	r->image_w = v->task.width;
	r->image_h = v->task.height;
	return r;
}

static ann_status classifications(ann_view *v, ann_json_val list,
    const struct names *nm, ann_json_val parent);

/* The members of an answer, found in one pass. */
enum { A_NAME, A_CLASSES, A_ID, A_N };

static void
answer_members(ann_view *v, ann_json_val answer, const struct names *nm,
    ann_json_val *m)
{
	const char *const keys[A_N] = { nm->name, "classifications", nm->id };

	ann__json_getn(v->cache, answer, keys, A_N, m);
}

/* The answers under one answer: their own classifications nest further. */
static ann_status
nested(ann_view *v, const ann_json_val *m, const struct names *nm)
{
	if (ann_json_typeof(m[A_CLASSES]) != ANN_JSON_ARRAY)
		return ANN_OK;
	return classifications(v, m[A_CLASSES], nm, m[A_ID]);
}

static ann_status
classification(ann_view *v, ann_json_val c, const struct names *nm,
    ann_json_val parent)
{
	enum { ID, SCHEMA, NAME, RADIO, CHECK, TEXT, ANSWER, ANSWERS, N };
	const char *const keys[N] = {
		nm->id, nm->schema, nm->name, "radio_answer", "checklist_answers",
		"text_answer", "answer", "answers"
	};
	ann_json_val m[N], e, am[A_N];
	ann_json_iter it;

	ann__json_getn(v->cache, c, keys, N, m);
	ann_region *r = new_region(v, c, m[ID], m[SCHEMA], parent);
	ann_json_val radio = m[RADIO], check = m[CHECK];

	if (r == NULL)
		return ann__view_fail(v, "out of memory");
	r->from_name = m[NAME];
	r->kind = ANN_KIND_CHOICE;
	r->checklist = m[CHECK].p != NULL || m[ANSWERS].p != NULL;
	if (ann_json_typeof(radio) == ANN_JSON_NONE && ann_json_typeof(m[ANSWER]) == ANN_JSON_OBJECT)
		radio = m[ANSWER];	/* v1 */
	if (ann_json_typeof(check) == ANN_JSON_NONE)
		check = m[ANSWERS];	/* v1 checklist */
	if (ann_json_typeof(check) == ANN_JSON_NONE && ann_json_typeof(m[ANSWER]) == ANN_JSON_ARRAY)
		check = m[ANSWER];	/* v1 dropdown */
	if (ann_json_typeof(m[TEXT]) == ANN_JSON_OBJECT) {
		r->kind = ANN_KIND_TEXT;
		r->text = ann__get(m[TEXT], "content");
		return ANN_OK;
	}
	if (ann_json_typeof(m[ANSWER]) == ANN_JSON_STRING) {
		r->kind = ANN_KIND_TEXT;	/* v1 free text */
		r->text = m[ANSWER];
		return ANN_OK;
	}
	if (ann_json_typeof(radio) == ANN_JSON_OBJECT) {
		answer_members(v, radio, nm, am);
		if (ann__view_add_label(v, r, am[A_NAME]) != 0)
			return ann__view_fail(v, "out of memory");
		return nested(v, am, nm);
	}
	if (ann_json_typeof(check) == ANN_JSON_ARRAY) {
		ann__json_iter_init(&it, check, v->cache);
		while (ann_json_next_elem(&it, &e)) {
			answer_members(v, e, nm, am);
			if (ann__view_add_label(v, r, am[A_NAME]) != 0)
				return ann__view_fail(v, "out of memory");
		}
		/* r may move as nested regions are added: it is not used below. */
		ann__json_iter_init(&it, check, v->cache);
		while (ann_json_next_elem(&it, &e)) {
			answer_members(v, e, nm, am);
			if (nested(v, am, nm) != ANN_OK)
				return ANN_FAILED;
		}
		return ANN_OK;
	}
	r->kind = ANN_KIND_OTHER;
	return ANN_OK;
}

static ann_status
classifications(ann_view *v, ann_json_val list, const struct names *nm,
    ann_json_val parent)
{
	ann_json_iter it;
	ann_json_val c;

	if (ann_json_typeof(list) != ANN_JSON_ARRAY)
		return ANN_OK;
	ann__json_iter_init(&it, list, v->cache);
	while (ann_json_next_elem(&it, &c)) {
		/* v1 wraps some checklists in a list of their own: [[...]]. */
		ann_status st = ann_json_typeof(c) == ANN_JSON_ARRAY ?
		    classifications(v, c, nm, parent) : classification(v, c, nm, parent);
		if (st != ANN_OK)
			return ANN_FAILED;
	}
	return ANN_OK;
}

/* The members of an object, found in one pass. */
enum {
	O_ID, O_SCHEMA, O_NAME, O_KIND, O_BOX, O_POLYGON, O_LINE, O_POINT,
	O_LOCATION, O_DATA, O_MASK, O_URI, O_CLASSES, O_N
};

static ann_kind
object_kind(const ann_json_val *m)
{
	if (m[O_BOX].p != NULL)
		return ANN_KIND_RECTANGLE;
	if (m[O_POLYGON].p != NULL)
		return ANN_KIND_POLYGON;
	if (m[O_LINE].p != NULL)
		return ANN_KIND_POLYLINE;
	if (m[O_POINT].p != NULL)
		return ANN_KIND_KEYPOINT;
	if (m[O_LOCATION].p != NULL || m[O_DATA].p != NULL)
		return ANN_KIND_SPAN;
	if (m[O_MASK].p != NULL || m[O_URI].p != NULL)
		return ANN_KIND_MASK;
	return ANN_KIND_OTHER;
}

static ann_status
object(ann_view *v, ann_json_val o, const struct names *nm, ann_json_val frame)
{
	const char *const keys[O_N] = {
		nm->id, nm->schema, nm->name, "annotation_kind", nm->box, "polygon",
		"line", "point", "location", "data", "mask", "instanceURI",
		"classifications"
	};
	static const char *const box[] = { "left", "top", "width", "height" };
	static const char *const span[] = { "start", "end", "token" };
	static const char *const xy[] = { "x", "y" };
	ann_json_val m[O_N], g[4];

	ann__json_getn(v->cache, o, keys, O_N, m);
	ann_kind kind = object_kind(m);
	int nested_wanted = ann__view_wants(v, ANN_KIND_CHOICE) ||
	    ann__view_wants(v, ANN_KIND_TEXT) || ann__view_wants(v, ANN_KIND_OTHER);
	if (!ann__view_wants(v, kind))
		return nested_wanted ?
		    classifications(v, m[O_CLASSES], nm, m[O_ID]) : ANN_OK;
	ann_region *r = new_region(v, o, m[O_ID], m[O_SCHEMA], (ann_json_val){ NULL, 0 });
	if (r == NULL)
		return ann__view_fail(v, "out of memory");
	r->kind = kind;
	r->type = m[O_KIND];
	r->frame = frame;
	if (ann__view_add_label(v, r, m[O_NAME]) != 0)
		return ann__view_fail(v, "out of memory");
	switch (r->kind) {
	case ANN_KIND_RECTANGLE:
		ann__json_getn(v->cache, m[O_BOX], box, 4, g);
		r->has_box = 1;
		r->x = g[0];
		r->y = g[1];
		r->w = g[2];
		r->h = g[3];
		break;
	case ANN_KIND_POLYGON:
		r->points = m[O_POLYGON];
		break;
	case ANN_KIND_POLYLINE:
		r->points = m[O_LINE];
		break;
	case ANN_KIND_KEYPOINT:
		ann__json_getn(v->cache, m[O_POINT], xy, 2, g);
		r->has_box = 1;
		r->x = g[0];
		r->y = g[1];
		break;
	case ANN_KIND_SPAN:
		ann__json_getn(v->cache, m[O_LOCATION].p ? m[O_LOCATION] : ann__get(m[O_DATA], "location"),
		    span, 3, g);
		r->start = g[0];
		r->end = g[1];
		r->end_inclusive = 1;
		r->text = g[2];
		break;
	default:
		break;
	}
	return nested_wanted ? classifications(v, m[O_CLASSES], nm, m[O_ID]) : ANN_OK;
}

/* Video: frames.<n>.objects.<feature id>, and segments.<feature id>. */
static ann_status
video(ann_view *v, ann_json_val frames, ann_json_val segs, const struct names *nm)
{
	ann_json_val key, frame, fid, obj, ranges, range;
	ann_json_iter fi, oi, ri;

	if (ann_json_typeof(frames) == ANN_JSON_OBJECT) {
		ann__json_iter_init(&fi, frames, v->cache);
		while (ann_json_next_member(&fi, &key, &frame)) {
			ann_json_val objs = ann__get(frame, "objects");
			if (ann_json_typeof(objs) == ANN_JSON_OBJECT) {
				ann__json_iter_init(&oi, objs, v->cache);
				while (ann_json_next_member(&oi, &fid, &obj))
					if (object(v, obj, nm, key) != ANN_OK)
						return ANN_FAILED;
			}
			if (classifications(v, ann__get(frame, "classifications"), nm,
			    (ann_json_val){ NULL, 0 }) != ANN_OK)
				return ANN_FAILED;
		}
	}
	if (ann_json_typeof(segs) != ANN_JSON_OBJECT)
		return ANN_OK;
	ann__json_iter_init(&fi, segs, v->cache);
	while (ann_json_next_member(&fi, &fid, &ranges)) {
		if (ann_json_typeof(ranges) != ANN_JSON_ARRAY)
			continue;
		ann__json_iter_init(&ri, ranges, v->cache);
		while (ann_json_next_elem(&ri, &range)) {
			ann_region *r = new_region(v, range, fid, (ann_json_val){ NULL, 0 },
			    (ann_json_val){ NULL, 0 });
			if (r == NULL)
				return ann__view_fail(v, "out of memory");
			r->kind = ANN_KIND_SEGMENT;
			r->id = fid;
			r->start = ann__path(range, "0");
			r->end = ann__path(range, "1");
			r->end_inclusive = 1;
		}
	}
	return ANN_OK;
}

static ann_status
relationships(ann_view *v, ann_json_val list, const struct names *nm)
{
	ann_json_iter it;
	ann_json_val rel;

	if (ann_json_typeof(list) != ANN_JSON_ARRAY)
		return ANN_OK;
	ann__json_iter_init(&it, list, v->cache);
	while (ann_json_next_elem(&it, &rel)) {
		ann_region *r = new_region(v, rel, ann__get(rel, nm->id),
		    ann__get(rel, nm->schema), (ann_json_val){ NULL, 0 });
		if (r == NULL || ann__view_add_label(v, r, ann__get(rel, nm->name)) != 0)
			return ann__view_fail(v, "out of memory");
		r->kind = ANN_KIND_RELATION;
		ann_json_val inner = ann__get(rel, "relationship");
		if (ann_json_typeof(inner) != ANN_JSON_OBJECT)
			inner = rel;
		r->from_id = ann__get(inner, "source");
		r->to_id = ann__get(inner, "target");
	}
	return ANN_OK;
}

/*
 * A v1 video row's Label is a list of frames, each with its frameNumber,
 * objects and classifications: every frame's objects are regions, with
 * their frame.
 */
static ann_status
v1_frames(ann_view *v, ann_json_val frames, const struct names *nm)
{
	static const char *const keys[] = { "frameNumber", "objects", "classifications" };
	ann_json_iter fi, oi;
	ann_json_val frame, m[3], o;
	int answers = ann__view_wants(v, ANN_KIND_CHOICE) ||
	    ann__view_wants(v, ANN_KIND_TEXT) || ann__view_wants(v, ANN_KIND_OTHER);

	ann__json_iter_init(&fi, frames, v->cache);
	while (ann_json_next_elem(&fi, &frame)) {
		if (ann_json_typeof(frame) != ANN_JSON_OBJECT)
			continue;
		ann__json_getn(v->cache, frame, keys, 3, m);
		if (ann_json_typeof(m[1]) == ANN_JSON_ARRAY) {
			ann__json_iter_init(&oi, m[1], v->cache);
			while (ann_json_next_elem(&oi, &o))
				if (object(v, o, nm, m[0]) != ANN_OK)
					return ANN_FAILED;
		}
		if (answers && classifications(v, m[2], nm, (ann_json_val){ NULL, 0 }) != ANN_OK)
			return ANN_FAILED;
	}
	return ANN_OK;
}

ann_status
ann__lb_regions(ann_view *v, const ann_annotation *a)
{
	enum { OBJECTS, FRAMES, SEGMENTS, CLASSES, RELATIONS, N };
	static const char *const keys[N] = {
		"objects", "frames", "segments", "classifications", "relationships"
	};
	const struct names *nm = v->task.shape == ANN_SHAPE_LABELBOX_V2 ? &v2 : &v1;
	ann_json_val m[N], o;
	ann_json_iter it;

	if (ann_json_typeof(a->result) == ANN_JSON_ARRAY)
		return v1_frames(v, a->result, nm);
	if (ann_json_typeof(a->result) != ANN_JSON_OBJECT)
		return ANN_OK;	/* some v1 video rows hold a URL here */
	ann__json_getn(v->cache, a->result, keys, N, m);
	if (ann_json_typeof(m[OBJECTS]) == ANN_JSON_ARRAY) {
		ann__json_iter_init(&it, m[OBJECTS], v->cache);
		while (ann_json_next_elem(&it, &o))
			if (object(v, o, nm, (ann_json_val){ NULL, 0 }) != ANN_OK)
				return ANN_FAILED;
	}
	/* Classifications are choices, text answers or (unanswered) other. */
	int answers = ann__view_wants(v, ANN_KIND_CHOICE) ||
	    ann__view_wants(v, ANN_KIND_TEXT) || ann__view_wants(v, ANN_KIND_OTHER);
	if (video(v, m[FRAMES], m[SEGMENTS], nm) != ANN_OK ||
	    (answers && classifications(v, m[CLASSES], nm, (ann_json_val){ NULL, 0 }) != ANN_OK) ||
	    (ann__view_wants(v, ANN_KIND_RELATION) &&
	    relationships(v, m[RELATIONS], nm) != ANN_OK))
		return ANN_FAILED;
	return ANN_OK;
}
