/*
 * columns.c: the region columns: what each one means and how its value is
 * found.  Numbers read from the export are written as the export wrote
 * them; numbers computed here (pixels from percent, percent from pixels)
 * are written in their shortest exact form.
 */
#include <math.h>
#include <string.h>

#include "ann_core.h"
#include "ann_table.h"

static const ann_cell none = { ANN_CELL_NONE, NULL, 0 };

static ann_cell
json(ann_json_val v)
{
	if (ann_json_typeof(v) == ANN_JSON_NONE)
		return none;
	return (ann_cell){ ANN_CELL_JSON, v.p, v.n };
}

static ann_cell
text(const char *s)
{
	return (ann_cell){ ANN_CELL_TEXT, s, strlen(s) };
}

static ann_cell
from_buf(ann_buf *b, ann_cell_type type, size_t mark)
{
	return (ann_cell){ type, b->p + mark, b->len - mark };
}

/*
 * Computed numbers (pixels from percent and back) carry float noise in
 * their last digits (214.00000000000003): six decimals is a millionth of
 * a pixel or of a percent, far below what any label means.
 */
#define PLACES 6

static ann_cell
number(ann_buf *b, double d)
{
	size_t mark = b->len;

	if (ann_buf_decimal(b, d, PLACES) != 0)
		return none;
	return from_buf(b, ANN_CELL_NUMBER, mark);
}

/* Geometry column: i is x, y, w or h; pct asks for percent. */
static ann_cell
box(const ann_row *row, ann_buf *b, int i, int pct)
{
	const ann_region *r = row->region;
	ann_unit u = pct ? ANN_PCT : ANN_PX;

	if (r == NULL || !r->has_box)
		return none;
	ann_json_val v = i == 0 ? r->x : i == 1 ? r->y : i == 2 ? r->w : r->h;
	if (ann_json_typeof(v) != ANN_JSON_NUMBER)
		return none;
	if (u == row->geom->source)
		return json(v);	/* as exported */
	double d = row->geom->box[u][i];
	return isfinite(d) ? number(b, d) : none;
}

static ann_cell get_x(const ann_row *r, ann_buf *b) { return box(r, b, 0, 0); }
static ann_cell get_y(const ann_row *r, ann_buf *b) { return box(r, b, 1, 0); }
static ann_cell get_w(const ann_row *r, ann_buf *b) { return box(r, b, 2, 0); }
static ann_cell get_h(const ann_row *r, ann_buf *b) { return box(r, b, 3, 0); }
static ann_cell get_xp(const ann_row *r, ann_buf *b) { return box(r, b, 0, 1); }
static ann_cell get_yp(const ann_row *r, ann_buf *b) { return box(r, b, 1, 1); }
static ann_cell get_wp(const ann_row *r, ann_buf *b) { return box(r, b, 2, 1); }
static ann_cell get_hp(const ann_row *r, ann_buf *b) { return box(r, b, 3, 1); }

/* Points as [[x,y],...] in pixels or percent. */
static ann_cell
points(const ann_row *row, ann_buf *b, int pct)
{
	const ann_region *r = row->region;
	const ann_geom *g = row->geom;
	ann_unit u = pct ? ANN_PCT : ANN_PX;
	ann_points it;
	ann_json_val x, y;
	size_t mark = b->len;

	if (r == NULL || ann_json_typeof(r->points) != ANN_JSON_ARRAY)
		return none;
	if (r->kind == ANN_KIND_VIDEO || r->kind == ANN_KIND_SEGMENT)
		return pct ? none : json(r->points);
	if (u == g->source && r->points_pct)
		return json(r->points);
	if (u != g->source && (g->width <= 0 || g->height <= 0))
		return none;
	ann_buf_put(b, "[", 1);
	ann_points_init(&it, r);
	for (int first = 1; ann_points_next(&it, &x, &y); first = 0) {
		double xy[2];
		if (x.p == NULL)
			return b->len = mark, none;
		ann_buf_put(b, first ? "[" : ",[", first ? 1 : 2);
		if (u == g->source) {
			ann_buf_put(b, x.p, x.n);
			ann_buf_put(b, ",", 1);
			ann_buf_put(b, y.p, y.n);
		} else {
			/* 1e999 is JSON, but infinity has no JSON form: no cell. */
			if (ann_geom_point(g, x, y, u, xy) != 0)
				return b->len = mark, none;
			ann_buf_decimal(b, xy[0], PLACES);
			ann_buf_put(b, ",", 1);
			ann_buf_decimal(b, xy[1], PLACES);
		}
		ann_buf_put(b, "]", 1);
	}
	ann_buf_put(b, "]", 1);
	return from_buf(b, ANN_CELL_JSON, mark);
}

static ann_cell get_points(const ann_row *r, ann_buf *b) { return points(r, b, 0); }
static ann_cell get_points_pct(const ann_row *r, ann_buf *b) { return points(r, b, 1); }

static ann_cell
get_label(const ann_row *row, ann_buf *b)
{
	const ann_region *r = row->region;
	size_t mark = b->len;

	if (r == NULL || r->nlabels == 0)
		return none;
	if (r->nlabels == 1)
		return json(r->labels[0]);
	ann_buf_put(b, "[", 1);
	for (size_t i = 0; i < r->nlabels; i++) {
		if (i > 0)
			ann_buf_put(b, ",", 1);
		ann_buf_put(b, r->labels[i].p, r->labels[i].n);
	}
	ann_buf_put(b, "]", 1);
	return from_buf(b, ANN_CELL_JSON, mark);
}

/* One convention for spans: the end is exclusive. */
static ann_cell
get_end(const ann_row *row, ann_buf *b)
{
	const ann_region *r = row->region;

	if (r == NULL)
		return none;
	if (r->end_inclusive && row->geom->has_span)
		return number(b, row->geom->end);
	return json(r->end);
}

static ann_cell
get_text(const ann_row *row, ann_buf *b)
{
	ann_json_iter it;
	ann_json_val t, e, only = { NULL, 0 };
	int n = 0;

	(void)b;
	if (row->region == NULL)
		return none;
	t = row->region->text;
	if (ann_json_typeof(t) != ANN_JSON_ARRAY)
		return json(t);
	/* A textarea answer of one line is that line. */
	ann_json_iter_init(&it, t);
	while (ann_json_next_elem(&it, &e) && n < 2)
		if (n++ == 0)
			only = e;
	return n == 1 ? json(only) : json(t);
}

static ann_cell
get_annotator(const ann_row *row, ann_buf *b)
{
	ann_json_val a = row->set ? row->set->author : (ann_json_val){ NULL, 0 }, e;

	(void)b;
	if (ann_json_typeof(a) == ANN_JSON_OBJECT) {
		if (ann_json_get(a, "email", &e) == 0 && ann_json_typeof(e) == ANN_JSON_STRING)
			return json(e);
		if (ann_json_get(a, "id", &e) == 0)
			return json(e);
	}
	return json(a);
}

static ann_cell
get_size(const ann_row *row, ann_buf *b, int height)
{
	long w = row->task->width, h = row->task->height;

	if (row->geom != NULL)
		w = row->geom->width, h = row->geom->height;
	long v = height ? h : w;
	return v > 0 ? number(b, (double)v) : none;
}

static ann_cell get_image_w(const ann_row *r, ann_buf *b) { return get_size(r, b, 0); }
static ann_cell get_image_h(const ann_row *r, ann_buf *b) { return get_size(r, b, 1); }

#define SET(field) (row->set ? json(row->set->field) : none)
#define REGION(field) (row->region ? json(row->region->field) : none)

static ann_cell get_task_id(const ann_row *row, ann_buf *b) { (void)b; return json(row->task->id); }
static ann_cell get_platform(const ann_row *row, ann_buf *b) { (void)b; return text(ann_platform_name(row->task->shape)); }
static ann_cell get_shape(const ann_row *row, ann_buf *b) { (void)b; return text(ann_shape_name(row->task->shape)); }
static ann_cell
get_project(const ann_row *row, ann_buf *b)
{
	(void)b;
	if (row->set && ann_json_typeof(row->set->project) != ANN_JSON_NONE)
		return json(row->set->project);
	return json(row->task->project);
}
static ann_cell get_project_name(const ann_row *row, ann_buf *b) { (void)b; return SET(project_name); }
static ann_cell get_status(const ann_row *row, ann_buf *b) { (void)b; return SET(status); }
static ann_cell get_annotation_id(const ann_row *row, ann_buf *b) { (void)b; return SET(id); }
static ann_cell
get_source(const ann_row *row, ann_buf *b)
{
	(void)b;
	return row->set ? text(row->set->prediction ? "prediction" : "annotation") : none;
}
static ann_cell get_model_version(const ann_row *row, ann_buf *b) { (void)b; return SET(model_version); }
static ann_cell
get_score(const ann_row *row, ann_buf *b)
{
	(void)b;
	ann_json_type t = row->region ? ann_json_typeof(row->region->score) : ANN_JSON_NONE;
	if (t != ANN_JSON_NONE && t != ANN_JSON_NULL)
		return json(row->region->score);
	return SET(score);
}
static ann_cell get_created(const ann_row *row, ann_buf *b) { (void)b; return SET(created); }
static ann_cell get_updated(const ann_row *row, ann_buf *b) { (void)b; return SET(updated); }
static ann_cell get_lead_time(const ann_row *row, ann_buf *b) { (void)b; return SET(lead_time); }
static ann_cell get_cancelled(const ann_row *row, ann_buf *b) { (void)b; return SET(cancelled); }
static ann_cell get_ground_truth(const ann_row *row, ann_buf *b) { (void)b; return SET(ground_truth); }
static ann_cell get_from_name(const ann_row *row, ann_buf *b) { (void)b; return REGION(from_name); }
static ann_cell get_to_name(const ann_row *row, ann_buf *b) { (void)b; return REGION(to_name); }
static ann_cell get_schema_id(const ann_row *row, ann_buf *b) { (void)b; return REGION(schema_id); }
static ann_cell get_region_id(const ann_row *row, ann_buf *b) { (void)b; return REGION(id); }
static ann_cell get_parent_id(const ann_row *row, ann_buf *b) { (void)b; return REGION(parent_id); }
static ann_cell
get_kind(const ann_row *row, ann_buf *b)
{
	(void)b;
	return row->region ? text(ann_kind_name(row->region->kind)) : none;
}
static ann_cell get_type(const ann_row *row, ann_buf *b) { (void)b; return REGION(type); }
static ann_cell get_rotation(const ann_row *row, ann_buf *b) { (void)b; return REGION(rotation); }
static ann_cell get_start(const ann_row *row, ann_buf *b) { (void)b; return REGION(start); }
static ann_cell get_start_offset(const ann_row *row, ann_buf *b) { (void)b; return REGION(start_offset); }
static ann_cell get_end_offset(const ann_row *row, ann_buf *b) { (void)b; return REGION(end_offset); }
static ann_cell get_frame(const ann_row *row, ann_buf *b) { (void)b; return REGION(frame); }
static ann_cell get_from_id(const ann_row *row, ann_buf *b) { (void)b; return REGION(from_id); }
static ann_cell get_to_id(const ann_row *row, ann_buf *b) { (void)b; return REGION(to_id); }
static ann_cell get_value(const ann_row *row, ann_buf *b) { (void)b; return REGION(value); }
static ann_cell get_data(const ann_row *row, ann_buf *b) { (void)b; return json(row->task->data_ref); }
static ann_cell
get_item(const ann_row *row, ann_buf *b)
{
	if (row->region == NULL || ann_json_typeof(row->region->item) == ANN_JSON_NONE)
		return none;
	return row->geom->item >= 0 ? number(b, (double)row->geom->item) : json(row->region->item);
}
static ann_cell get_global_key(const ann_row *row, ann_buf *b) { (void)b; return json(row->task->global_key); }

static const ann_column columns[] = {
	{ "task_id", "task id: Label Studio id, Labelbox data_row.id", 1, get_task_id, 0 },
	{ "platform", "label-studio or labelbox", 1, get_platform, 0 },
	{ "project", "project: Label Studio project id, Labelbox project id", 1, get_project, 0 },
	{ "annotation_id", "annotation, prediction or Labelbox label id", 1, get_annotation_id, 0 },
	{ "source", "annotation or prediction", 1, get_source, 0 },
	{ "annotator", "completed_by (its email when the export has it), Labelbox created_by", 1, get_annotator, 1 },
	{ "model_version", "prediction model version", 1, get_model_version, 0 },
	{ "score", "region score, else the prediction's score", 1, get_score, 0 },
	{ "created_at", "annotation created", 1, get_created, 1 },
	{ "updated_at", "annotation updated", 1, get_updated, 1 },
	{ "from_name", "Label Studio control tag; Labelbox classification question", 1, get_from_name, 0 },
	{ "to_name", "Label Studio object tag", 1, get_to_name, 0 },
	{ "region_id", "Label Studio result id, Labelbox feature id", 1, get_region_id, 0 },
	{ "parent_id", "the object or answer a nested classification belongs to", 1, get_parent_id, 0 },
	{ "kind", "region kind (see KINDS)", 1, get_kind, 0 },
	{ "label", "the label or answer; several as a JSON array", 1, get_label, 0 },
	{ "x", "left edge (center for ellipses, the point for keypoints), pixels", 1, get_x, 0 },
	{ "y", "top edge (center, point), pixels", 1, get_y, 0 },
	{ "width", "width (x radius for ellipses), pixels", 1, get_w, 0 },
	{ "height", "height (y radius for ellipses), pixels", 1, get_h, 0 },
	{ "x_pct", "x in percent of the image width", 1, get_xp, 0 },
	{ "y_pct", "y in percent of the image height", 1, get_yp, 0 },
	{ "width_pct", "width in percent of the image width", 1, get_wp, 0 },
	{ "height_pct", "height in percent of the image height", 1, get_hp, 0 },
	{ "rotation", "rotation in degrees, clockwise about the top-left corner", 1, get_rotation, 0 },
	{ "points", "polygon or line points [[x,y],...] in pixels; video: the sequence", 1, get_points, 0 },
	{ "start", "span start: character offset, seconds or frame", 1, get_start, 0 },
	{ "end", "span end, exclusive (Labelbox's inclusive end plus one)", 1, get_end, 0 },
	{ "text", "span text, text answer, rating, number or datetime value", 1, get_text, 0 },
	{ "image_width", "image width in pixels", 1, get_image_w, 0 },
	{ "image_height", "image height in pixels", 1, get_image_h, 0 },
	{ "data", "what was labeled: first data string (Label Studio), row_data (Labelbox)", 1, get_data, 0 },
	{ "points_pct", "points in percent of the image", 0, get_points_pct, 0 },
	{ "project_name", "Labelbox project name", 0, get_project_name, 0 },
	{ "status", "Labelbox workflow status", 0, get_status, 1 },
	{ "lead_time", "seconds spent (Labelbox: seconds to create)", 0, get_lead_time, 1 },
	{ "cancelled", "the annotation was skipped (was_cancelled)", 0, get_cancelled, 1 },
	{ "ground_truth", "the annotation is marked ground truth", 0, get_ground_truth, 0 },
	{ "schema_id", "Labelbox feature_schema_id", 0, get_schema_id, 0 },
	{ "type", "the source's own type: Label Studio type, Labelbox annotation_kind", 0, get_type, 0 },
	{ "start_offset", "character offset in the start node (HyperText, Paragraphs)", 0, get_start_offset, 0 },
	{ "end_offset", "character offset in the end node", 0, get_end_offset, 0 },
	{ "frame", "video frame (Labelbox)", 0, get_frame, 0 },
	{ "item", "which image of a multi-image task (Label Studio item_index, from 0)", 0, get_item, 0 },
	{ "from_id", "relation: source region id", 0, get_from_id, 0 },
	{ "to_id", "relation: target region id", 0, get_to_id, 0 },
	{ "global_key", "Labelbox global_key (or external id)", 0, get_global_key, 0 },
	{ "shape", "record shape: label-studio, label-studio-completions, label-studio-2019, labelbox-v2, labelbox-v1", 0, get_shape, 0 },
	{ "value", "the region's raw value as JSON", 0, get_value, 0 },
};

const ann_column *
ann_columns(size_t *n)
{
	*n = sizeof columns / sizeof *columns;
	return columns;
}

int
ann_column_needs_details(const ann_column *c)
{
	return c->details;
}

const ann_column *
ann_column_find(const char *name)
{
	for (size_t i = 0; i < sizeof columns / sizeof *columns; i++)
		if (strcmp(columns[i].name, name) == 0)
			return &columns[i];
	return NULL;
}
