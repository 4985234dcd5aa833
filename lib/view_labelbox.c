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

#include "view_private.h"

struct names {
	const char *id, *schema, *name, *box;
};

static const struct names v2 = { "feature_id", "feature_schema_id", "name", "bounding_box" };
static const struct names v1 = { "featureId", "schemaId", "title", "bbox" };

static ann_status
load_v2(ann_view *v, ann_json_val root)
{
	ann_task *t = &v->task;
	ann_json_val row = ann__get(root, "data_row"), media = ann__get(root, "media_attributes");
	ann_json_val projects = ann__get(root, "projects"), pid, proj, label;
	ann_json_iter pi, li;

	t->id = ann__get(row, "id");
	t->data = row;
	t->data_ref = ann__get(row, "row_data");
	t->global_key = ann__get(row, "global_key");
	if (ann_json_typeof(t->global_key) == ANN_JSON_NONE)
		t->global_key = ann__get(row, "external_id");
	t->created = ann__path(row, "details.created_at");
	t->updated = ann__path(row, "details.last_activity_at");
	if (ann_json_typeof(t->updated) == ANN_JSON_NONE)
		t->updated = ann__path(row, "details.updated_at");
	t->width = ann__get_long(media, "width");
	t->height = ann__get_long(media, "height");
	if (ann_json_typeof(projects) != ANN_JSON_OBJECT)
		return ANN_OK;
	ann_json_iter_init(&pi, projects);
	while (ann_json_next_member(&pi, &pid, &proj)) {
		ann_json_val labels = ann__get(proj, "labels");
		if (ann_json_typeof(labels) != ANN_JSON_ARRAY)
			continue;
		ann_json_iter_init(&li, labels);
		while (ann_json_next_elem(&li, &label)) {
			ann_annotation *a = ann__view_add_set(v);
			if (a == NULL)
				return ann__view_fail(v, "out of memory");
			ann_json_val d = ann__get(label, "label_details");
			a->raw = label;
			a->id = ann__get(label, "id");
			a->author = ann__get(d, "created_by");
			a->created = ann__get(d, "created_at");
			a->updated = ann__get(d, "updated_at");
			a->lead_time = ann__path(label, "performance_details.seconds_to_create");
			a->project = pid;
			a->project_name = ann__get(proj, "name");
			a->status = ann__path(proj, "project_details.workflow_status");
			a->result = ann__get(label, "annotations");
		}
	}
	return ANN_OK;
}

static ann_status
load_v1(ann_view *v, ann_json_val root)
{
	ann_task *t = &v->task;
	ann_json_val media = ann__get(root, "Media Attributes");

	t->id = ann__get(root, "DataRow ID");
	t->data = root;
	t->data_ref = ann__get(root, "Labeled Data");
	t->global_key = ann__get(root, "External ID");
	t->created = ann__get(root, "Created At");
	t->updated = ann__get(root, "Updated At");
	t->width = ann__get_long(media, "width");
	t->height = ann__get_long(media, "height");
	ann_annotation *a = ann__view_add_set(v);
	if (a == NULL)
		return ann__view_fail(v, "out of memory");
	a->raw = root;
	a->id = ann__get(root, "ID");
	a->author = ann__get(root, "Created By");
	a->created = t->created;
	a->updated = t->updated;
	a->lead_time = ann__get(root, "Seconds to Label");
	a->project_name = ann__get(root, "Project Name");
	a->result = ann__get(root, "Label");
	return ANN_OK;
}

ann_status
ann__lb_load(ann_view *v, ann_json_val root)
{
	return v->task.shape == ANN_SHAPE_LABELBOX_V2 ? load_v2(v, root) : load_v1(v, root);
}

static ann_region *
new_region(ann_view *v, ann_json_val raw, const struct names *nm,
    ann_json_val parent)
{
	ann_region *r = ann__view_add_region(v);

	if (r == NULL)
		return NULL;
	r->raw = raw;
	r->value = raw;
	r->id = ann__get(raw, nm->id);
	r->schema_id = ann__get(raw, nm->schema);
	r->parent_id = parent;
	r->image_w = v->task.width;
	r->image_h = v->task.height;
	return r;
}

static ann_status classifications(ann_view *v, ann_json_val list,
    const struct names *nm, ann_json_val parent);

/* The answers under one answer: their own classifications nest further. */
static ann_status
nested(ann_view *v, ann_json_val answer, const struct names *nm)
{
	ann_json_val sub = ann__get(answer, "classifications");

	if (ann_json_typeof(sub) != ANN_JSON_ARRAY)
		return ANN_OK;
	return classifications(v, sub, nm, ann__get(answer, nm->id));
}

static ann_status
classification(ann_view *v, ann_json_val c, const struct names *nm,
    ann_json_val parent)
{
	ann_region *r = new_region(v, c, nm, parent);
	ann_json_val radio = ann__get(c, "radio_answer"), check = ann__get(c, "checklist_answers");
	ann_json_val text = ann__get(c, "text_answer"), answer = ann__get(c, "answer");
	ann_json_val answers = ann__get(c, "answers"), e;
	ann_json_iter it;

	if (r == NULL)
		return ann__view_fail(v, "out of memory");
	r->from_name = ann__get(c, nm->name);
	r->kind = ANN_KIND_CHOICE;
	if (ann_json_typeof(radio) == ANN_JSON_NONE && ann_json_typeof(answer) == ANN_JSON_OBJECT)
		radio = answer;	/* v1 */
	if (ann_json_typeof(check) == ANN_JSON_NONE)
		check = answers;	/* v1 */
	if (ann_json_typeof(text) == ANN_JSON_OBJECT) {
		r->kind = ANN_KIND_TEXT;
		r->text = ann__get(text, "content");
		return ANN_OK;
	}
	if (ann_json_typeof(answer) == ANN_JSON_STRING) {
		r->kind = ANN_KIND_TEXT;	/* v1 free text */
		r->text = answer;
		return ANN_OK;
	}
	if (ann_json_typeof(radio) == ANN_JSON_OBJECT) {
		if (ann__view_add_label(v, r, ann__get(radio, nm->name)) != 0)
			return ann__view_fail(v, "out of memory");
		return nested(v, radio, nm);
	}
	if (ann_json_typeof(check) == ANN_JSON_ARRAY) {
		ann_json_iter_init(&it, check);
		while (ann_json_next_elem(&it, &e))
			if (ann__view_add_label(v, r, ann__get(e, nm->name)) != 0)
				return ann__view_fail(v, "out of memory");
		/* r may move as nested regions are added: use indexes from here. */
		ann_json_iter_init(&it, check);
		while (ann_json_next_elem(&it, &e))
			if (nested(v, e, nm) != ANN_OK)
				return ANN_FAILED;
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
	ann_json_iter_init(&it, list);
	while (ann_json_next_elem(&it, &c))
		if (classification(v, c, nm, parent) != ANN_OK)
			return ANN_FAILED;
	return ANN_OK;
}

static ann_kind
object_kind(ann_json_val o, const struct names *nm)
{
	ann_json_val x;

	if (ann_json_get(o, nm->box, &x) == 0)
		return ANN_KIND_RECTANGLE;
	if (ann_json_get(o, "polygon", &x) == 0)
		return ANN_KIND_POLYGON;
	if (ann_json_get(o, "line", &x) == 0)
		return ANN_KIND_POLYLINE;
	if (ann_json_get(o, "point", &x) == 0)
		return ANN_KIND_KEYPOINT;
	if (ann_json_get(o, "location", &x) == 0 || ann_json_get(o, "data", &x) == 0)
		return ANN_KIND_SPAN;
	if (ann_json_get(o, "mask", &x) == 0 || ann_json_get(o, "instanceURI", &x) == 0)
		return ANN_KIND_MASK;
	return ANN_KIND_OTHER;
}

static ann_status
object(ann_view *v, ann_json_val o, const struct names *nm, ann_json_val frame)
{
	ann_region *r = new_region(v, o, nm, (ann_json_val){ NULL, 0 });
	ann_json_val g;

	if (r == NULL)
		return ann__view_fail(v, "out of memory");
	r->kind = object_kind(o, nm);
	r->type = ann__get(o, "annotation_kind");
	r->frame = frame;
	if (ann__view_add_label(v, r, ann__get(o, nm->name)) != 0)
		return ann__view_fail(v, "out of memory");
	switch (r->kind) {
	case ANN_KIND_RECTANGLE:
		g = ann__get(o, nm->box);
		r->has_box = 1;
		r->x = ann__get(g, "left");
		r->y = ann__get(g, "top");
		r->w = ann__get(g, "width");
		r->h = ann__get(g, "height");
		break;
	case ANN_KIND_POLYGON:
		r->points = ann__get(o, "polygon");
		break;
	case ANN_KIND_POLYLINE:
		r->points = ann__get(o, "line");
		break;
	case ANN_KIND_KEYPOINT:
		g = ann__get(o, "point");
		r->has_box = 1;
		r->x = ann__get(g, "x");
		r->y = ann__get(g, "y");
		break;
	case ANN_KIND_SPAN:
		g = ann__get(o, "location");
		if (ann_json_typeof(g) == ANN_JSON_NONE)
			g = ann__path(o, "data.location");
		r->start = ann__get(g, "start");
		r->end = ann__get(g, "end");
		r->end_inclusive = 1;
		r->text = ann__get(g, "token");
		break;
	default:
		break;
	}
	return classifications(v, ann__get(o, "classifications"), nm, ann__get(o, nm->id));
}

/* Video: frames.<n>.objects.<feature id>, and segments.<feature id>. */
static ann_status
video(ann_view *v, ann_json_val ann, const struct names *nm)
{
	ann_json_val frames = ann__get(ann, "frames"), segs = ann__get(ann, "segments");
	ann_json_val key, frame, fid, obj, ranges, range;
	ann_json_iter fi, oi, ri;

	if (ann_json_typeof(frames) == ANN_JSON_OBJECT) {
		ann_json_iter_init(&fi, frames);
		while (ann_json_next_member(&fi, &key, &frame)) {
			ann_json_val objs = ann__get(frame, "objects");
			if (ann_json_typeof(objs) == ANN_JSON_OBJECT) {
				ann_json_iter_init(&oi, objs);
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
	ann_json_iter_init(&fi, segs);
	while (ann_json_next_member(&fi, &fid, &ranges)) {
		if (ann_json_typeof(ranges) != ANN_JSON_ARRAY)
			continue;
		ann_json_iter_init(&ri, ranges);
		while (ann_json_next_elem(&ri, &range)) {
			ann_region *r = new_region(v, range, nm, (ann_json_val){ NULL, 0 });
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
	ann_json_iter_init(&it, list);
	while (ann_json_next_elem(&it, &rel)) {
		ann_region *r = new_region(v, rel, nm, (ann_json_val){ NULL, 0 });
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

ann_status
ann__lb_regions(ann_view *v, const ann_annotation *a)
{
	const struct names *nm = v->task.shape == ANN_SHAPE_LABELBOX_V2 ? &v2 : &v1;
	ann_json_val objects = ann__get(a->result, "objects"), o;
	ann_json_iter it;

	if (ann_json_typeof(a->result) != ANN_JSON_OBJECT)
		return ANN_OK;	/* v1 video rows hold a URL here */
	if (ann_json_typeof(objects) == ANN_JSON_ARRAY) {
		ann_json_iter_init(&it, objects);
		while (ann_json_next_elem(&it, &o))
			if (object(v, o, nm, (ann_json_val){ NULL, 0 }) != ANN_OK)
				return ANN_FAILED;
	}
	if (video(v, a->result, nm) != ANN_OK ||
	    classifications(v, ann__get(a->result, "classifications"), nm,
	    (ann_json_val){ NULL, 0 }) != ANN_OK ||
	    relationships(v, ann__get(a->result, "relationships"), nm) != ANN_OK)
		return ANN_FAILED;
	return ANN_OK;
}
