/*
 * labelbox.c: Labelbox import NDJSON from the region model (ann_labelbox.h).
 *
 * The shapes are those of Labelbox's NDJSON import (label import and
 * model-assisted labeling), one annotation a line:
 *
 *   {"uuid":..,"dataRow":{"id"|"globalKey":..},"name":TOOL,"bbox":{"top":..,
 *    "left":..,"height":..,"width":..},"classifications":[]}
 *   ... "polygon":[{"x":..,"y":..},..]   "line":[..]   "point":{"x":..,"y":..}
 *   ... "location":{"start":..,"end":..}   (text: the end is inclusive)
 *   {"uuid":..,"dataRow":..,"name":QUESTION,"answer":{"name":..}}  (radio)
 *   ... "answer":[{"name":..},..] (checklist)   "answer":"text" (free text)
 *   {"uuid":..,"dataRow":..,"name":..,"relationship":{"source":UUID,
 *    "target":UUID,"type":"unidirectional"|"bidirectional"}}
 *
 * Every number comes from the region's ann_geom in pixels (ANN_PX) or its
 * span (exclusive end); nothing here scales a coordinate.  A rectangle
 * turned by a rotation, which a Labelbox bbox cannot hold, is written as
 * the polygon of its four corners, so that no region moves.
 *
 * uuids are stable: a hash of the task's id, the annotation set's and the
 * region's, so the same input gives the same lines, and a relationship
 * names its ends by the uuids they were written with.  The set is part of
 * the key because Label Studio copies a prediction's region ids into the
 * annotation made from it: with --both, the two would share uuids.
 *
 * A task's lines are made in memory (one record's worth) and written when
 * the task ends, so a task refused half way leaves no line behind.
 * Relations wait for their set's end: one may come before the regions it
 * joins, and only ends that were written can be named.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_filter.h"
#include "ann_geom.h"
#include "ann_labelbox.h"
#include "ann_taskid.h"
#include "ann_writer.h"
#include "util_private.h"

/* A relation of the set being read, written at its end. */
typedef struct relation {
	ann_json_val id, from, to, label, direction;
	size_t n;		/* its place in the set, for a uuid without an id */
} relation;

struct ann_labelbox {
	ann_labelbox_opts o;
	ann_out *out;
	ann_categories *cats;
	ann_skips *skips;	/* the run's counts, lent with each task */
	/* The task being read. */
	ann_buf key;		/* the task's part of every uuid */
	ann_buf row;		/* its "dataRow" object */
	ann_buf lines;		/* its lines */
	ann_buf set;		/* the set's part of every uuid */
	size_t nset, nregion;	/* sets and regions met in the task, set */
	ann_idset *written;	/* ids of the set's regions written */
	relation *rel;
	size_t nrel, caprel;
	/* Counts. */
	uint64_t tasks, rows, objects, classifications, relationships, turned;
	uint64_t unnamed;	/* relations skipped for want of a name */
	ann_error err;
};

static ann_status lb_fail(ann_labelbox *lb, ann_status st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static ann_status
lb_fail(ann_labelbox *lb, ann_status st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ann__error_vset(&lb->err, fmt, ap);
	va_end(ap);
	return st;
}

const char *
ann_labelbox_errmsg(const ann_labelbox *lb)
{
	return lb->err.msg;
}

const ann_categories *
ann_labelbox_categories(const ann_labelbox *lb)
{
	return lb->cats;
}

/* Does a control's tag end in "Labels" (RectangleLabels, Labels, ...)? */
static int
labels_tag(const char *tag)
{
	size_t n = strlen(tag);

	return n >= 6 && strcasecmp(tag + n - 6, "labels") == 0;
}

ann_labelbox *
ann_labelbox_new(const ann_labelbox_opts *opts, ann_out *out, ann_error *err)
{
	ann_labelbox *lb = calloc(1, sizeof *lb);

	if (lb == NULL || (lb->cats = ann_categories_new(0)) == NULL) {
		ann__error_set(err, "out of memory");
		ann_labelbox_free(lb);
		return NULL;
	}
	lb->o = *opts;
	lb->out = out;
	/*
	 * A tool's name is a label of a *Labels control, whatever it
	 * targets (an image, a text): Labelbox names text entities the same
	 * way as boxes.  Choices are answers, not tools.
	 */
	if (opts->config != NULL) {
		const ann_cfg_control *ctl;
		size_t n = ann_labelconfig_controls(opts->config, &ctl);
		for (size_t i = 0; i < n; i++) {
			if (!labels_tag(ctl[i].tag))
				continue;
			for (size_t k = 0; k < ctl[i].noptions; k++)
				if (ann_categories_add(lb->cats, ctl[i].options[k].value) != ANN_OK) {
					ann__error_set(err, "out of memory");
					ann_labelbox_free(lb);
					return NULL;
				}
		}
	}
	return lb;
}

void
ann_labelbox_free(ann_labelbox *lb)
{
	if (lb == NULL)
		return;
	ann_categories_free(lb->cats);
	ann_idset_free(lb->written);
	ann_buf_free(&lb->key);
	ann_buf_free(&lb->row);
	ann_buf_free(&lb->lines);
	ann_buf_free(&lb->set);
	free(lb->rel);
	free(lb);
}

ann_status
ann_labelbox_category(ann_labelbox *lb, const char *name)
{
	if (ann_categories_add(lb->cats, name) != ANN_OK)
		return lb_fail(lb, ANN_FATAL, "out of memory");
	return ANN_OK;
}

/* --- Pieces of a line --------------------------------------------------- */

/* A JSON string value as text, quoted: decoded then escaped again (-1 no memory). */
static int
put_string(ann_buf *b, ann_json_val s)
{
	char small[256], *t = small;
	int bad;

	if (s.n > sizeof small && (t = malloc(s.n)) == NULL)
		return -1;
	size_t n = ann_json_str_decode(s, t);
	bad = ann_buf_json_string(b, t, n);
	if (t != small)
		free(t);
	return bad;
}

/*
 * The uuid of region id (its JSON text; none: its place n in the set): a
 * 128-bit hash of the task's key, the set's and the region's, written as
 * an RFC 9562 version 8 (vendor-defined) uuid, which Labelbox takes as any
 * other.
 */
static int
put_uuid(ann_labelbox *lb, ann_json_val id, size_t n)
{
	ann_buf *k = &lb->key;
	size_t base = k->len;
	int bad;

	bad = ann_buf_put(k, "\x1f", 1) != 0 || ann_buf_put(k, lb->set.p, lb->set.len) != 0 ||
	    ann_buf_put(k, "\x1f", 1) != 0 ||
	    (id.p != NULL ? ann_buf_put(k, id.p, id.n) : ann_buf_printf(k, "#%zu", n)) != 0;
	if (bad) {
		k->len = base;
		return -1;
	}
	uint64_t hi = ann_hash(k->p, k->len);
	uint64_t lo = ann_task_hash(k->p, k->len, 0x6c62ULL);
	k->len = base;
	hi = (hi & ~0xf000ULL) | 0x8000ULL;			/* version 8 */
	lo = (lo & ~(3ULL << 62)) | (2ULL << 62);		/* variant 10 */
	return ann_buf_printf(&lb->lines, "\"%08lx-%04lx-%04lx-%04lx-%012llx\"",
	    (unsigned long)(hi >> 32), (unsigned long)((hi >> 16) & 0xffff),
	    (unsigned long)(hi & 0xffff), (unsigned long)(lo >> 48),
	    (unsigned long long)(lo & 0xffffffffffffULL));
}

/* {"uuid":..,"dataRow":..,"name":NAME: the head of every line. */
static int
put_head(ann_labelbox *lb, ann_json_val id, size_t n, ann_json_val name)
{
	ann_buf *b = &lb->lines;

	return ann_buf_put(b, "{\"uuid\":", 8) != 0 || put_uuid(lb, id, n) != 0 ||
	    ann_buf_put(b, ",\"dataRow\":", 11) != 0 ||
	    ann_buf_put(b, lb->row.p, lb->row.len) != 0 ||
	    ann_buf_put(b, ",\"name\":", 8) != 0 || put_string(b, name) != 0 ? -1 : 0;
}

/* "x":X,"y":Y */
static int
put_xy(ann_buf *b, const double xy[2])
{
	return ann_buf_put(b, "{\"x\":", 5) != 0 || ann_buf_double(b, xy[0]) != 0 ||
	    ann_buf_put(b, ",\"y\":", 5) != 0 || ann_buf_double(b, xy[1]) != 0 ||
	    ann_buf_put(b, "}", 1) != 0 ? -1 : 0;
}

/* A line's end: the score of a prediction as its confidence, then '}\n'. */
static int
put_tail(ann_labelbox *lb, const ann_annotation *a, const ann_geom *g)
{
	ann_buf *b = &lb->lines;

	if (a->prediction && g != NULL && isfinite(g->score) &&
	    (ann_buf_put(b, ",\"confidence\":", 14) != 0 || ann_buf_double(b, g->score) != 0))
		return -1;
	return ann_buf_put(b, "}\n", 2);
}

/* --- The sink ------------------------------------------------------------ */

static ann_status
sink_task(void *self, const ann_sink_ctx *c)
{
	ann_labelbox *lb = self;
	const ann_task *task = c->task;
	char id[256];
	ann_json_val key = { NULL, 0 };

	lb->err.msg[0] = '\0';
	lb->skips = c->skips;
	lb->lines.len = lb->key.len = lb->row.len = 0;
	lb->nset = 0;
	lb->tasks++;
	long idn = ann_task_id(task->record, id, sizeof id);
	if (task->video) {
		ann_skips_count(lb->skips, ANN_SKIP_VIDEO, ANN_KIND_OTHER);
		return lb_fail(lb, ANN_WARN, "task %.*s skipped: a video (Labelbox "
		    "imports video annotations by frame, which is not written here)",
		    idn >= 0 ? (int)(idn > 64 ? 64 : idn) : 1, idn >= 0 ? id : "?");
	}
	if (lb->o.global_key_field != NULL) {
		if (ann_json_get(task->data, lb->o.global_key_field, &key) != 0 ||
		    ann_json_typeof(key) != ANN_JSON_STRING || key.n <= 2) {
			ann_skips_count(lb->skips, ANN_SKIP_NO_KEY, ANN_KIND_OTHER);
			return lb_fail(lb, ANN_WARN, "task %.*s skipped: no data.%s string "
			    "for its global key (--global-key-field)",
			    idn >= 0 ? (int)(idn > 64 ? 64 : idn) : 1, idn >= 0 ? id : "?",
			    lb->o.global_key_field);
		}
		if (ann_buf_put(&lb->row, "{\"globalKey\":", 13) != 0 ||
		    put_string(&lb->row, key) != 0 || ann_buf_put(&lb->row, "}", 1) != 0)
			return lb_fail(lb, ANN_FATAL, "out of memory");
	} else if (idn < 0) {
		ann_skips_count(lb->skips, ANN_SKIP_NO_KEY, ANN_KIND_OTHER);
		return lb_fail(lb, ANN_WARN, "task skipped: it has no id to name its "
		    "data row by (--global-key-field NAME takes one from its data)");
	} else if (ann_buf_put(&lb->row, "{\"id\":", 6) != 0 ||
	    ann_buf_json_string(&lb->row, id, (size_t)idn) != 0 ||
	    ann_buf_put(&lb->row, "}", 1) != 0)
		return lb_fail(lb, ANN_FATAL, "out of memory");
	/* The task's part of the uuids: its id, else its global key. */
	if ((idn >= 0 ? ann_buf_put(&lb->key, id, (size_t)idn) :
	    ann_buf_put(&lb->key, key.p, key.n)) != 0)
		return lb_fail(lb, ANN_FATAL, "out of memory");
	return ANN_OK;
}

static ann_status
sink_set(void *self, const ann_sink_ctx *c, const ann_annotation *a)
{
	ann_labelbox *lb = self;

	(void)c;
	lb->set.len = 0;
	lb->nregion = 0;
	lb->nrel = 0;
	ann_idset_free(lb->written);
	if ((lb->written = ann_idset_new()) == NULL ||
	    ann_buf_printf(&lb->set, "%c", a->prediction ? 'p' : 'a') != 0 ||
	    (a->id.p != NULL ? ann_buf_put(&lb->set, a->id.p, a->id.n) :
	    ann_buf_printf(&lb->set, "#%zu", lb->nset)) != 0)
		return lb_fail(lb, ANN_FATAL, "out of memory");
	lb->nset++;
	return ANN_OK;
}

/*
 * The name of an object: its first label, checked against the given
 * names.  ANN_WARN when it has none (counted).
 */
static ann_status
tool_name(ann_labelbox *lb, const ann_region *r)
{
	char small[256], *name = small;
	ann_status st;
	long index;

	if (r->nlabels == 0 || ann_json_typeof(r->labels[0]) != ANN_JSON_STRING) {
		ann_skips_count(lb->skips, ANN_SKIP_NO_LABEL, r->kind);
		return ANN_WARN;
	}
	if (r->labels[0].n > sizeof small && (name = malloc(r->labels[0].n)) == NULL)
		return lb_fail(lb, ANN_FATAL, "out of memory");
	size_t n = ann_json_str_decode(r->labels[0], name);
	st = ann_categories_index(lb->cats, name, n, !lb->o.strict_labels, &index);
	if (st == ANN_FAILED)
		lb_fail(lb, ANN_FAILED, "label \"%.*s\" is not among the given names "
		    "(without --strict-labels it is added after them)",
		    (int)(n > 100 ? 100 : n), name);
	else if (st == ANN_FATAL)
		lb_fail(lb, ANN_FATAL, "out of memory");
	else
		ann_categories_use(lb->cats, (size_t)index);
	if (name != small)
		free(name);
	/* One name a line: the others are counted, not written. */
	for (size_t i = 1; st == ANN_OK && i < r->nlabels; i++)
		ann_skips_count(lb->skips, ANN_SKIP_EXTRA_LABEL, r->kind);
	return st;
}

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
		if (ann_buf_put(b, *n > 0 ? "," : "[", 1) != 0 || put_xy(b, xy) != 0)
			return -1;
		(*n)++;
	}
	return *n > 0 && ann_buf_put(b, "]", 1) != 0 ? -1 : 0;
}

/*
 * The shape of an object, after its head: 0 written, -1 out of memory,
 * 1 when it has none Labelbox can hold, with *why the reason to count.
 */
static int
put_shape(ann_labelbox *lb, const ann_region *r, const ann_geom *g, ann_skip *why)
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
				if ((i > 0 && ann_buf_put(b, ",", 1) != 0) || put_xy(b, xy + 2 * i) != 0)
					return -1;
			lb->turned++;
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
		return ann_buf_put(b, ",\"point\":", 9) != 0 || put_xy(b, px) != 0 ? -1 : 0;
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

/* Is a span a text entity: offsets into a text, which Label Studio gives with it? */
static int
text_span(const ann_region *r)
{
	return r->kind == ANN_KIND_SPAN && ann_json_typeof(r->text) == ANN_JSON_STRING;
}

/* Does the config say this question takes several answers (a checklist)? */
static int
checklist(const ann_labelbox *lb, const ann_region *r)
{
	const ann_cfg_control *ctl;
	char name[256];

	if (lb->o.config == NULL || ann_json_typeof(r->from_name) != ANN_JSON_STRING ||
	    r->from_name.n >= sizeof name)
		return r->nlabels > 1;
	size_t n = ann_json_str_decode(r->from_name, name);
	size_t nc = ann_labelconfig_controls(lb->o.config, &ctl);
	for (size_t i = 0; i < nc; i++)
		if (ann_cfg_name_matches(ctl[i].name, ctl[i].index_flag, name, n))
			return ctl[i].choice != NULL && strcmp(ctl[i].choice, "multiple") == 0;
	return r->nlabels > 1;
}

/* A classification: the question is the control, the answer its value. */
static ann_status
classification(ann_labelbox *lb, const ann_annotation *a, const ann_region *r,
    const ann_geom *g)
{
	ann_buf *b = &lb->lines;
	size_t at = b->len;
	ann_json_iter it;
	ann_json_val e;
	int bad, many = 0;

	if (ann_json_typeof(r->from_name) != ANN_JSON_STRING) {
		ann_skips_count(lb->skips, ANN_SKIP_NO_LABEL, r->kind);
		return ANN_OK;
	}
	if (r->kind == ANN_KIND_CHOICE) {
		for (size_t i = 0; i < r->nlabels; i++)
			if (ann_json_typeof(r->labels[i]) != ANN_JSON_STRING) {
				ann_skips_count(lb->skips, ANN_SKIP_GEOMETRY, r->kind);
				return ANN_OK;
			}
		if (r->nlabels == 0) {
			ann_skips_count(lb->skips, ANN_SKIP_NO_LABEL, r->kind);
			return ANN_OK;
		}
		int list = checklist(lb, r);
		if (!list && r->nlabels > 1) {	/* a radio question holds one */
			for (size_t i = 1; i < r->nlabels; i++)
				ann_skips_count(lb->skips, ANN_SKIP_EXTRA_LABEL, r->kind);
		}
		bad = put_head(lb, r->id, lb->nregion, r->from_name) != 0 ||
		    ann_buf_put(b, list ? ",\"answer\":[" : ",\"answer\":", list ? 11 : 10) != 0;
		for (size_t i = 0; !bad && i < (list ? r->nlabels : 1); i++)
			bad = (i > 0 && ann_buf_put(b, ",", 1) != 0) ||
			    ann_buf_put(b, "{\"name\":", 8) != 0 || put_string(b, r->labels[i]) != 0 ||
			    ann_buf_put(b, "}", 1) != 0;
		bad = bad || (list && ann_buf_put(b, "]", 1) != 0);
	} else {
		/* Free text: Label Studio keeps a list of lines, Labelbox one string. */
		ann_json_type t = ann_json_typeof(r->text);
		if (t != ANN_JSON_STRING && t != ANN_JSON_ARRAY) {
			ann_skips_count(lb->skips, ANN_SKIP_NO_LABEL, r->kind);
			return ANN_OK;
		}
		ann_buf text = { 0 };
		bad = 0;
		if (t == ANN_JSON_ARRAY) {
			ann_json_iter_init(&it, r->text);
			while (!bad && ann_json_next_elem(&it, &e)) {
				if (ann_json_typeof(e) != ANN_JSON_STRING)
					continue;
				char *room = ann_buf_room(&text, e.n + 1);
				if (room == NULL) {
					bad = 1;
					break;
				}
				if (many++ > 0)
					text.p[text.len++] = '\n';
				text.len += ann_json_str_decode(e, text.p + text.len);
			}
		} else if (ann_buf_room(&text, r->text.n) == NULL)
			bad = 1;
		else
			text.len = ann_json_str_decode(r->text, text.p);
		bad = bad || put_head(lb, r->id, lb->nregion, r->from_name) != 0 ||
		    ann_buf_put(b, ",\"answer\":", 10) != 0 ||
		    ann_buf_json_string(b, text.len > 0 ? text.p : "", text.len) != 0;
		ann_buf_free(&text);
	}
	if (bad || put_tail(lb, a, g) != 0) {
		b->len = at;
		return lb_fail(lb, ANN_FATAL, "out of memory");
	}
	lb->classifications++;
	return ANN_OK;
}

static ann_status
sink_region(void *self, const ann_sink_ctx *c, const ann_annotation *a,
    const ann_region *r, const ann_geom *g)
{
	ann_labelbox *lb = self;
	ann_buf *b = &lb->lines;
	size_t at = b->len;
	ann_skip why = ANN_SKIP_KIND;
	ann_status st;

	(void)c;
	lb->nregion++;
	if (g->item != 0) {	/* a data row is one image: a list's first */
		ann_skips_count(lb->skips, ANN_SKIP_ITEM, r->kind);
		return ANN_OK;
	}
	switch (r->kind) {
	case ANN_KIND_RELATION:
		if (ann__grow((void **)&lb->rel, &lb->caprel, lb->nrel + 1, sizeof *lb->rel) != 0)
			return lb_fail(lb, ANN_FATAL, "out of memory");
		relation *rl = &lb->rel[lb->nrel++];
		rl->id = r->id;
		rl->from = r->from_id;
		rl->to = r->to_id;
		rl->n = lb->nregion - 1;
		rl->label = r->nlabels > 0 ? r->labels[0] : (ann_json_val){ NULL, 0 };
		if (ann_json_get(r->raw, "direction", &rl->direction) != 0)
			rl->direction = (ann_json_val){ NULL, 0 };
		return ANN_OK;
	case ANN_KIND_CHOICE:
	case ANN_KIND_TEXT:
		return classification(lb, a, r, g);
	case ANN_KIND_RECTANGLE:
	case ANN_KIND_POLYGON:
	case ANN_KIND_POLYLINE:
	case ANN_KIND_KEYPOINT:
		/* Pixels need the image's size, which the region or task gives. */
		if (g->width <= 0 || g->height <= 0) {
			ann_skips_count(lb->skips, ANN_SKIP_REGION_NO_SIZE, r->kind);
			return ANN_OK;
		}
		break;
	case ANN_KIND_SPAN:
		if (text_span(r))
			break;
		/* A time range, which Labelbox imports by frame. */
		ann_skips_count(lb->skips, ANN_SKIP_KIND, r->kind);
		return ANN_OK;
	default:
		ann_skips_count(lb->skips, ANN_SKIP_KIND, r->kind);
		return ANN_OK;
	}
	if ((st = tool_name(lb, r)) != ANN_OK)
		return st == ANN_WARN ? ANN_OK : st;
	if (put_head(lb, r->id, lb->nregion - 1, r->labels[0]) != 0)
		goto nomem;
	int k = put_shape(lb, r, g, &why);
	if (k < 0)
		goto nomem;
	if (k > 0) {
		b->len = at;
		ann_skips_count(lb->skips, why, r->kind);
		return ANN_OK;
	}
	if (ann_buf_put(b, ",\"classifications\":[]", 21) != 0 || put_tail(lb, a, g) != 0)
		goto nomem;
	/* An end a relation may name. */
	if (r->id.p != NULL && ann_idset_add(lb->written, r->id.p, r->id.n) != ANN_OK)
		goto nomem;
	lb->objects++;
	return ANN_OK;
nomem:
	b->len = at;
	return lb_fail(lb, ANN_FATAL, "out of memory");
}

/* The set's relations, between the regions written. */
static ann_status
sink_set_end(void *self, const ann_sink_ctx *c, const ann_annotation *a)
{
	ann_labelbox *lb = self;
	ann_buf *b = &lb->lines;

	(void)c;
	for (size_t i = 0; i < lb->nrel; i++) {
		relation *rl = &lb->rel[i];
		ann_json_val name = rl->label, from = rl->from, to = rl->to;
		ann_json_val given = { NULL, 0 };
		char *quoted = NULL;
		if (ann_json_typeof(name) != ANN_JSON_STRING) {
			if (lb->o.relation_name == NULL) {
				ann_skips_count(lb->skips, ANN_SKIP_NO_LABEL, ANN_KIND_RELATION);
				lb->unnamed++;
				continue;
			}
			/* The name given, as the JSON string the head writes. */
			size_t n = strlen(lb->o.relation_name);
			if ((quoted = malloc(6 * n + 2)) == NULL)
				return lb_fail(lb, ANN_FATAL, "out of memory");
			given.p = quoted;
			given.n = ann_json_escape(lb->o.relation_name, n, quoted);
			name = given;
		}
		if (from.p == NULL || to.p == NULL ||
		    !ann_idset_has(lb->written, from.p, from.n) ||
		    !ann_idset_has(lb->written, to.p, to.n)) {
			ann_skips_count(lb->skips, ANN_SKIP_RELATION_END, ANN_KIND_RELATION);
			free(quoted);
			continue;
		}
		/* Label Studio's "left" points from to_id to from_id. */
		int bi = ann_json_str_eq(rl->direction, "bi");
		if (ann_json_str_eq(rl->direction, "left")) {
			from = rl->to;
			to = rl->from;
		}
		size_t at = b->len;
		int bad = put_head(lb, rl->id, rl->n, name) != 0 ||
		    ann_buf_put(b, ",\"relationship\":{\"source\":", 26) != 0 ||
		    put_uuid(lb, from, 0) != 0 || ann_buf_put(b, ",\"target\":", 10) != 0 ||
		    put_uuid(lb, to, 0) != 0 ||
		    ann_buf_printf(b, ",\"type\":\"%s\"}", bi ? "bidirectional" : "unidirectional") != 0 ||
		    put_tail(lb, a, NULL) != 0;
		free(quoted);
		if (bad) {
			b->len = at;
			return lb_fail(lb, ANN_FATAL, "out of memory");
		}
		lb->relationships++;
	}
	lb->nrel = 0;
	return ANN_OK;
}

static ann_status
sink_task_end(void *self, const ann_sink_ctx *c, size_t nsets)
{
	ann_labelbox *lb = self;

	(void)c;
	(void)nsets;
	if (lb->lines.len == 0)
		return ANN_OK;
	lb->rows++;
	if (ann_out_write(lb->out, lb->lines.p, lb->lines.len) != ANN_OK)
		return lb_fail(lb, ANN_FATAL, "%s", ann_out_errmsg(lb->out));
	return ANN_OK;
}

static const char *sink_errmsg(const void *self) { return ann_labelbox_errmsg(self); }

static const ann_sink_ops labelbox_sink = {
	sink_task, sink_set, sink_region, sink_set_end, sink_task_end, NULL, sink_errmsg
};

void
ann_labelbox_sink(ann_labelbox *lb, ann_sink *s)
{
	s->ops = &labelbox_sink;
	s->self = lb;
	s->sets = lb->o.sets;
	s->err = NULL;
}

void
ann_labelbox_summary(const ann_labelbox *lb, char *buf, size_t len)
{
	uint64_t lines = lb->objects + lb->classifications + lb->relationships;
	int n = snprintf(buf, len, "%llu %s, %llu %s, %llu %s (%llu %s, %llu %s, "
	    "%llu %s)", (unsigned long long)lb->tasks,
	    ann__plural(lb->tasks, "task", "tasks"), (unsigned long long)lb->rows,
	    ann__plural(lb->rows, "data row", "data rows"), (unsigned long long)lines,
	    ann__plural(lines, "annotation", "annotations"),
	    (unsigned long long)lb->objects, ann__plural(lb->objects, "object", "objects"),
	    (unsigned long long)lb->classifications,
	    ann__plural(lb->classifications, "classification", "classifications"),
	    (unsigned long long)lb->relationships,
	    ann__plural(lb->relationships, "relationship", "relationships"));
	if (lb->turned > 0 && n > 0 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, "; %llu %s", (unsigned long long)lb->turned,
		    ann__plural(lb->turned, "rotated box as a polygon",
		    "rotated boxes as polygons"));
	if (lb->unnamed > 0 && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, "; %llu %s (--relation-name NAME names them)",
		    (unsigned long long)lb->unnamed,
		    ann__plural(lb->unnamed, "relation without a label",
		    "relations without a label"));
}
