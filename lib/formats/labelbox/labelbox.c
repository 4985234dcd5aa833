/*
 * labelbox.c: Labelbox import NDJSON from the region model (ann_labelbox.h):
 * the converter's handle and its sink, which reads each task's regions and
 * hands each to the file that writes its kind (labelbox_private.h).
 *
 * The shapes are those of Labelbox's NDJSON import (label import and
 * model-assisted labeling), one annotation a line:
 *
 *   {"uuid":..,"dataRow":{"id"|"globalKey":..},"name":TOOL,"bbox":{"top":..,
 *    "left":..,"height":..,"width":..},"classifications":[]}
 *   ... "polygon":[{"x":..,"y":..},..]   "line":[..]   "point":{"x":..,"y":..}
 *   ... "location":{"start":..,"end":..}   (text: the end is inclusive)
 *   ... "mask":{"png":BASE64}   (a PNG of the image's size, 0 and 1)
 *   ... "classifications":[{"name":QUESTION,"answer":..},..]  (nested)
 *   {"uuid":..,"dataRow":..,"name":QUESTION,"answer":{"name":..}}  (radio)
 *   ... "answer":[{"name":..},..] (checklist)   "answer":"text" (free text)
 *   {"uuid":..,"dataRow":..,"name":..,"relationship":{"source":UUID,
 *    "target":UUID,"type":"unidirectional"|"bidirectional"}}
 *
 * Objects' shapes are written by labelbox_shapes.c, brush masks by
 * labelbox_mask.c, answers by labelbox_answers.c, every line's head and
 * tail (uuids among them) by labelbox_line.c; the relationships here.
 *
 * A task's lines are made in memory (one record's worth) and written when
 * the task ends, so a task refused half way leaves no line behind.
 * Relations wait for their set's end: one may come before the regions it
 * joins, and only ends that were written can be named.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "labelbox_private.h"

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
	ann_buf_free(&lb->png);
	ann_buf_free(&lb->scratch);
	free(lb->rel);
	free(lb->ans);
	free(lb->choices);
	free(lb);
}

ann_status
ann_labelbox_category(ann_labelbox *lb, const char *name)
{
	if (ann_categories_add(lb->cats, name) != ANN_OK)
		return ann__labelbox_fail(lb, ANN_FATAL, "out of memory");
	return ANN_OK;
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
	lb->shape = task->shape;
	lb->at_task = lb->n;
	lb->lines.len = lb->key.len = lb->row.len = 0;
	lb->nset = 0;
	lb->tasks++;
	long idn = ann_task_id_of(task, id, sizeof id);
	/* The task as messages name it: its id's first 64 bytes, else "?". */
	int shown = idn >= 0 ? (int)(idn > 64 ? 64 : idn) : 1;
	const char *who = idn >= 0 ? id : "?";
	if (task->video) {
		ann_skips_count(lb->skips, ANN_SKIP_VIDEO, ANN_KIND_OTHER);
		return ann__labelbox_fail(lb, ANN_WARN, "task %.*s skipped: a video (Labelbox "
		    "imports video annotations by frame, which is not written here)",
		    shown, who);
	}
	if (lb->o.global_key_field != NULL) {
		if (ann_json_get(task->data, lb->o.global_key_field, &key) != 0 ||
		    ann_json_typeof(key) != ANN_JSON_STRING || key.n <= 2) {
			ann_skips_count(lb->skips, ANN_SKIP_NO_KEY, ANN_KIND_OTHER);
			return ann__labelbox_fail(lb, ANN_WARN, "task %.*s skipped: no data.%s string "
			    "for its global key (--global-key-field)", shown, who,
			    lb->o.global_key_field);
		}
		if (ann_buf_put(&lb->row, "{\"globalKey\":", 13) != 0 ||
		    ann__labelbox_put_string(&lb->row, key) != 0 ||
		    ann_buf_put(&lb->row, "}", 1) != 0)
			return ann__labelbox_fail(lb, ANN_FATAL, "out of memory");
	} else if (idn < 0) {
		ann_skips_count(lb->skips, ANN_SKIP_NO_KEY, ANN_KIND_OTHER);
		return ann__labelbox_fail(lb, ANN_WARN, "task skipped: it has no id to name its "
		    "data row by (--global-key-field NAME takes one from its data)");
	} else if (ann_buf_put(&lb->row, "{\"id\":", 6) != 0 ||
	    ann_buf_json_string(&lb->row, id, (size_t)idn) != 0 ||
	    ann_buf_put(&lb->row, "}", 1) != 0)
		return ann__labelbox_fail(lb, ANN_FATAL, "out of memory");
	/* The task's part of the uuids: its id, else its global key. */
	if ((idn >= 0 ? ann_buf_put(&lb->key, id, (size_t)idn) :
	    ann_buf_put(&lb->key, key.p, key.n)) != 0)
		return ann__labelbox_fail(lb, ANN_FATAL, "out of memory");
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
	lb->nans = 0;
	lb->ans_made = 0;
	/* The regions written of this set: the set made once, emptied for each. */
	if (lb->written != NULL)
		ann_idset_clear(lb->written);
	if ((lb->written == NULL && (lb->written = ann_idset_new()) == NULL) ||
	    ann_buf_printf(&lb->set, "%c", a->prediction ? 'p' : 'a') != 0 ||
	    (a->id.p != NULL ? ann_buf_put(&lb->set, a->id.p, a->id.n) :
	    ann_buf_printf(&lb->set, "#%zu", lb->nset)) != 0)
		return ann__labelbox_fail(lb, ANN_FATAL, "out of memory");
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
	ann_status st;
	long index;

	if (r->nlabels == 0 || ann_json_typeof(r->labels[0]) != ANN_JSON_STRING) {
		ann_skips_count(lb->skips, ANN_SKIP_NO_LABEL, r->kind);
		return ANN_WARN;
	}
	st = ann_categories_label(lb->cats, r->labels[0], !lb->o.strict_labels,
	    "the given names", &lb->err, &index);
	if (st == ANN_OK)
		ann_categories_use(lb->cats, (size_t)index);
	/* One name a line: the others are counted, not written. */
	for (size_t i = 1; st == ANN_OK && i < r->nlabels; i++)
		ann_skips_count(lb->skips, ANN_SKIP_EXTRA_LABEL, r->kind);
	return st;
}

/* Is a span a text entity: offsets into a text, which Label Studio gives with it? */
static int
text_span(const ann_region *r)
{
	return r->kind == ANN_KIND_SPAN && ann_json_typeof(r->text) == ANN_JSON_STRING;
}

/*
 * A region: answers to the files that write them, a relation kept for its
 * set's end, an object's line (head, shape or mask, nested answers, tail)
 * written whole or not at all; what Labelbox cannot hold, counted.
 */
static ann_status
region(ann_labelbox *lb, const ann_annotation *a, const ann_region *r, const ann_geom *g)
{
	ann_buf *b = &lb->lines;
	size_t at = b->len;
	ann_skip why = ANN_SKIP_KIND;
	ann_status st;

	lb->nregion++;
	if (g->item != 0) {	/* a data row is one image: a list's first */
		ann_skips_count(lb->skips, ANN_SKIP_ITEM, r->kind);
		return ANN_OK;
	}
	if (ann__labelbox_answer_kind(r->kind) && r->facets > 1 && r->id.p != NULL)
		return ann__labelbox_folded_answers(lb, a, r, g);
	switch (r->kind) {
	case ANN_KIND_RELATION:
		if (ann__grow((void **)&lb->rel, &lb->caprel, lb->nrel + 1, sizeof *lb->rel) != 0)
			return ann__labelbox_fail(lb, ANN_FATAL, "out of memory");
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
		return ann__labelbox_classification(lb, a, r, g);
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
	case ANN_KIND_MASK:
		/* Its size is its own, or the image's (ann_region_mask). */
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
	if (ann__labelbox_put_head(lb, r->id, lb->nregion - 1, r->labels[0]) != 0)
		goto nomem;
	int k = r->kind == ANN_KIND_MASK ? ann__labelbox_put_mask(lb, r, g, &why) :
	    ann__labelbox_put_shape(lb, r, g, &why);
	if (k == -3) {
		b->len = at;
		return ANN_FAILED;
	}
	if (k < 0)
		goto nomem;
	if (k > 0) {
		b->len = at;
		ann_skips_count(lb->skips, why, r->kind);
		return ANN_OK;
	}
	if (ann__labelbox_put_nested(lb, a, r) != 0 ||
	    ann__labelbox_put_tail(lb, a, g) != 0)
		goto nomem;
	/* An end a relation may name. */
	if (r->id.p != NULL && ann_idset_add(lb->written, r->id.p, r->id.n) != ANN_OK)
		goto nomem;
	lb->n.objects++;
	return ANN_OK;
nomem:
	b->len = at;
	return ann__labelbox_fail(lb, ANN_FATAL, "out of memory");
}

static ann_status
sink_region(void *self, const ann_sink_ctx *c, const ann_annotation *a,
    const ann_region *r, const ann_geom *g)
{
	ann_labelbox *lb = self;
	ann_status st = region(lb, a, r, g);

	(void)c;
	/* A task refused writes no line: its counts are taken back too. */
	if (st == ANN_FAILED)
		lb->n = lb->at_task;
	return st;
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
				lb->n.unnamed++;
				continue;
			}
			/* The name given, as the JSON string the head writes. */
			size_t n = strlen(lb->o.relation_name);
			if ((quoted = malloc(6 * n + 2)) == NULL)
				return ann__labelbox_fail(lb, ANN_FATAL, "out of memory");
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
		int bad = ann__labelbox_put_head(lb, rl->id, rl->n, name) != 0 ||
		    ann_buf_put(b, ",\"relationship\":{\"source\":", 26) != 0 ||
		    ann__labelbox_put_uuid(lb, from, 0) != 0 ||
		    ann_buf_put(b, ",\"target\":", 10) != 0 ||
		    ann__labelbox_put_uuid(lb, to, 0) != 0 ||
		    ann_buf_printf(b, ",\"type\":\"%s\"}", bi ? "bidirectional" : "unidirectional") != 0 ||
		    ann__labelbox_put_tail(lb, a, NULL) != 0;
		free(quoted);
		if (bad) {
			b->len = at;
			return ann__labelbox_fail(lb, ANN_FATAL, "out of memory");
		}
		lb->n.relationships++;
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
		return ann__labelbox_fail(lb, ANN_FATAL, "%s", ann_out_errmsg(lb->out));
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
	uint64_t lines = lb->n.objects + lb->n.classifications + lb->n.relationships;
	int n = snprintf(buf, len, "%llu %s, %llu %s, %llu %s (%llu %s, %llu %s, "
	    "%llu %s)", (unsigned long long)lb->tasks,
	    ann__plural(lb->tasks, "task", "tasks"), (unsigned long long)lb->rows,
	    ann__plural(lb->rows, "data row", "data rows"), (unsigned long long)lines,
	    ann__plural(lines, "annotation", "annotations"),
	    (unsigned long long)lb->n.objects, ann__plural(lb->n.objects, "object", "objects"),
	    (unsigned long long)lb->n.classifications,
	    ann__plural(lb->n.classifications, "classification", "classifications"),
	    (unsigned long long)lb->n.relationships,
	    ann__plural(lb->n.relationships, "relationship", "relationships"));
	n = ann_summary_more(buf, len, n, lb->n.turned, "rotated box as a polygon",
	    "rotated boxes as polygons", "");
	n = ann_summary_more(buf, len, n, lb->n.nested, "answer nested in its object",
	    "answers nested in their objects", "");
	ann_summary_more(buf, len, n, lb->n.unnamed, "relation without a label",
	    "relations without a label", " (--relation-name NAME names them)");
}
