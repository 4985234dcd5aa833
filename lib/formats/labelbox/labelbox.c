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
 *   ... "mask":{"png":BASE64}   (a PNG of the image's size, 0 and 1)
 *   ... "classifications":[{"name":QUESTION,"answer":..},..]  (nested)
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
 * A brush mask is decoded by the RLE codec (ann_rle.h) into runs and
 * written by its PNG writer, row by row, into memory, then in base64:
 * labelbox-python's NDMask reads {"png"} as a binary mask, refusing any
 * value above 1, so the mask's pixels are written as 1.
 *
 * Label Studio keeps a per-region answer (perRegion choices or a text
 * area, the OCR pattern) as a result of its own with the region's id; the
 * view folds them into one region (ann_region.facets).  An object whose
 * region folds answers finds them in its set's results, through an index
 * made once per set when one is first needed, and writes them as its
 * nested classifications, as labelbox-python's nested_import fixture has
 * them.  An answer whose id names no object is a region of its own, and
 * a line of its own.
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
#include "ann_rle.h"
#include "ann_taskid.h"
#include "ann_writer.h"
#include "util_private.h"

/* A result of the set that answers a question: perhaps an object's. */
typedef struct answer {
	uint64_t hash;		/* of its id's JSON text */
	size_t order;		/* its place in the set's results */
	ann_json_val id, res;
} answer;

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
	ann_shape shape;	/* its platform's form, for its masks */
	ann_buf key;		/* the task's part of every uuid */
	ann_buf row;		/* its "dataRow" object */
	ann_buf lines;		/* its lines */
	ann_buf set;		/* the set's part of every uuid */
	size_t nset, nregion;	/* sets and regions met in the task, set */
	ann_idset *written;	/* ids of the set's regions written */
	relation *rel;
	size_t nrel, caprel;
	answer *ans;		/* the set's answers by id, once one is needed */
	size_t nans, capans;
	int ans_made;
	ann_json_val *choices;	/* an answer's choices, one by one */
	size_t capchoices;
	ann_buf png;		/* a mask's PNG, before its base64 */
	ann_buf scratch;	/* an answer's key for its uuid */
	/* Counts. */
	uint64_t tasks, rows;
	struct counts {
		uint64_t objects, classifications, relationships, turned;
		uint64_t nested;	/* answers in objects' classifications */
		uint64_t unnamed;	/* relations skipped for want of a name */
	} n, at_task;		/* the run's; as they were when the task began */
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
	lb->shape = task->shape;
	lb->at_task = lb->n;
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
	lb->nans = 0;
	lb->ans_made = 0;
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
			lb->n.turned++;
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

/*
 * Does the config say question FROM takes several answers (a checklist)?
 * Without a config, or for a question it does not name, several answers
 * (NANSWERS) say so.
 */
static int
checklist(const ann_labelbox *lb, ann_json_val from, size_t nanswers)
{
	const ann_cfg_control *ctl;
	char name[256];

	if (lb->o.config == NULL || ann_json_typeof(from) != ANN_JSON_STRING ||
	    from.n >= sizeof name)
		return nanswers > 1;
	size_t n = ann_json_str_decode(from, name);
	size_t nc = ann_labelconfig_controls(lb->o.config, &ctl);
	for (size_t i = 0; i < nc; i++)
		if (ann_cfg_name_matches(ctl[i].name, ctl[i].index_flag, name, n))
			return ctl[i].choice != NULL && strcmp(ctl[i].choice, "multiple") == 0;
	return nanswers > 1;
}

/*
 * ,"answer":.. for question FROM, of a line or of a nested classification
 * alike: choices as a radio's one answer or a checklist's list, free text
 * as one string.  0 written, -1 out of memory, 1 none Labelbox can hold
 * (counted: the caller takes back what it wrote of the question).
 */
static int
put_answer(ann_labelbox *lb, ann_kind kind, ann_json_val from,
    const ann_json_val *labels, size_t nlabels, ann_json_val text)
{
	ann_buf *b = &lb->lines;
	ann_json_iter it;
	ann_json_val e;
	int bad = 0, many = 0;

	if (kind == ANN_KIND_CHOICE) {
		for (size_t i = 0; i < nlabels; i++)
			if (ann_json_typeof(labels[i]) != ANN_JSON_STRING) {
				ann_skips_count(lb->skips, ANN_SKIP_GEOMETRY, kind);
				return 1;
			}
		if (nlabels == 0) {
			ann_skips_count(lb->skips, ANN_SKIP_NO_LABEL, kind);
			return 1;
		}
		int list = checklist(lb, from, nlabels);
		if (!list)	/* a radio question holds one */
			for (size_t i = 1; i < nlabels; i++)
				ann_skips_count(lb->skips, ANN_SKIP_EXTRA_LABEL, kind);
		bad = ann_buf_put(b, list ? ",\"answer\":[" : ",\"answer\":", list ? 11 : 10) != 0;
		for (size_t i = 0; !bad && i < (list ? nlabels : 1); i++)
			bad = (i > 0 && ann_buf_put(b, ",", 1) != 0) ||
			    ann_buf_put(b, "{\"name\":", 8) != 0 || put_string(b, labels[i]) != 0 ||
			    ann_buf_put(b, "}", 1) != 0;
		return bad || (list && ann_buf_put(b, "]", 1) != 0) ? -1 : 0;
	}
	if (kind != ANN_KIND_TEXT) {	/* ratings, numbers, dates: no such question */
		ann_skips_count(lb->skips, ANN_SKIP_KIND, kind);
		return 1;
	}
	/* Free text: Label Studio keeps a list of lines, Labelbox one string. */
	ann_json_type t = ann_json_typeof(text);
	if (t != ANN_JSON_STRING && t != ANN_JSON_ARRAY) {
		ann_skips_count(lb->skips, ANN_SKIP_NO_LABEL, kind);
		return 1;
	}
	ann_buf joined = { 0 };
	if (t == ANN_JSON_ARRAY) {
		ann_json_iter_init(&it, text);
		while (!bad && ann_json_next_elem(&it, &e)) {
			if (ann_json_typeof(e) != ANN_JSON_STRING)
				continue;
			if (ann_buf_room(&joined, e.n + 1) == NULL) {
				bad = 1;
				break;
			}
			if (many++ > 0)
				joined.p[joined.len++] = '\n';
			joined.len += ann_json_str_decode(e, joined.p + joined.len);
		}
	} else if (ann_buf_room(&joined, text.n) == NULL)
		bad = 1;
	else
		joined.len = ann_json_str_decode(text, joined.p);
	bad = bad || ann_buf_put(b, ",\"answer\":", 10) != 0 ||
	    ann_buf_json_string(b, joined.len > 0 ? joined.p : "", joined.len) != 0;
	ann_buf_free(&joined);
	return bad ? -1 : 0;
}

/* A classification: the question is the control, the answer its value. */
static ann_status
classification(ann_labelbox *lb, const ann_annotation *a, const ann_region *r,
    const ann_geom *g)
{
	ann_buf *b = &lb->lines;
	size_t at = b->len;
	int k;

	if (ann_json_typeof(r->from_name) != ANN_JSON_STRING) {
		ann_skips_count(lb->skips, ANN_SKIP_NO_LABEL, r->kind);
		return ANN_OK;
	}
	if (put_head(lb, r->id, lb->nregion, r->from_name) != 0 ||
	    (k = put_answer(lb, r->kind, r->from_name, r->labels, r->nlabels, r->text)) < 0 ||
	    (k == 0 && put_tail(lb, a, g) != 0)) {
		b->len = at;
		return lb_fail(lb, ANN_FATAL, "out of memory");
	}
	if (k > 0) {
		b->len = at;
		return ANN_OK;
	}
	lb->n.classifications++;
	return ANN_OK;
}

/* --- Nested classifications ---------------------------------------------- */

/* Is a kind an answer to a question, which the view folds into a region? */
static int
answer_kind(ann_kind k)
{
	return k == ANN_KIND_CHOICE || k == ANN_KIND_TEXT || k == ANN_KIND_RATING ||
	    k == ANN_KIND_NUMBER || k == ANN_KIND_DATETIME || k == ANN_KIND_TAXONOMY;
}

static int
answer_cmp(const void *pa, const void *pb)
{
	const answer *x = pa, *y = pb;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The set's answers with an id, by the id's hash, in the set's order: 0, or -1 no memory. */
static int
make_answers(ann_labelbox *lb, const ann_annotation *a)
{
	ann_json_iter it;
	ann_json_val res, id, type;
	size_t order = 0;

	lb->ans_made = 1;
	lb->nans = 0;
	if (ann_json_typeof(a->result) != ANN_JSON_ARRAY)
		return 0;
	ann_json_iter_init(&it, a->result);
	while (ann_json_next_elem(&it, &res)) {
		order++;
		if (ann_json_typeof(res) != ANN_JSON_OBJECT ||
		    ann_json_get(res, "type", &type) != 0 ||
		    !answer_kind(ann_view_ls_kind(type)) || ann_json_get(res, "id", &id) != 0 ||
		    (ann_json_typeof(id) != ANN_JSON_STRING && ann_json_typeof(id) != ANN_JSON_NUMBER))
			continue;
		if (ann__grow((void **)&lb->ans, &lb->capans, lb->nans + 1, sizeof *lb->ans) != 0)
			return -1;
		lb->ans[lb->nans++] = (answer){ ann_hash(id.p, id.n), order, id, res };
	}
	qsort(lb->ans, lb->nans, sizeof *lb->ans, answer_cmp);
	return 0;
}

/* The next answer after *i (from 0) of the set with id ID, or NULL. */
static const answer *
next_answer(const ann_labelbox *lb, ann_json_val id, size_t *i)
{
	uint64_t h = ann_hash(id.p, id.n);

	if (*i == 0) {
		size_t lo = 0, hi = lb->nans;
		while (lo < hi) {	/* the first answer of hash h */
			size_t mid = lo + (hi - lo) / 2;
			if (lb->ans[mid].hash < h)
				lo = mid + 1;
			else
				hi = mid;
		}
		*i = lo + 1;
	}
	for (; *i - 1 < lb->nans && lb->ans[*i - 1].hash == h; (*i)++) {
		const answer *x = &lb->ans[*i - 1];
		if (x->id.n == id.n && memcmp(x->id.p, id.p, id.n) == 0) {
			(*i)++;
			return x;
		}
	}
	return NULL;
}

/*
 * What an answer's result holds, as the view gives a region's: its kind,
 * its question, its choices one by one (in lb->choices) and its text.
 * 0, -1 out of memory, 1 no question to name it by (counted).
 */
static int
answer_parts(ann_labelbox *lb, ann_json_val res, ann_kind *kind, ann_json_val *from,
    size_t *nchoices, ann_json_val *text)
{
	ann_json_val type, value, choices = { NULL, 0 }, e;
	ann_json_iter it;

	*nchoices = 0;
	*text = (ann_json_val){ NULL, 0 };
	*kind = ann_json_get(res, "type", &type) == 0 ? ann_view_ls_kind(type) : ANN_KIND_OTHER;
	if (ann_json_get(res, "from_name", from) != 0 ||
	    ann_json_typeof(*from) != ANN_JSON_STRING) {
		ann_skips_count(lb->skips, ANN_SKIP_NO_LABEL, *kind);
		return 1;
	}
	if (ann_json_get(res, "value", &value) == 0) {
		if (ann_json_get(value, "choices", &choices) != 0)
			choices = (ann_json_val){ NULL, 0 };
		if (ann_json_get(value, "text", text) != 0)
			*text = (ann_json_val){ NULL, 0 };
	}
	if (ann_json_typeof(choices) == ANN_JSON_ARRAY) {
		ann_json_iter_init(&it, choices);
		while (ann_json_next_elem(&it, &e)) {
			if (ann__grow((void **)&lb->choices, &lb->capchoices, *nchoices + 1,
			    sizeof *lb->choices) != 0)
				return -1;
			lb->choices[(*nchoices)++] = e;
		}
	}
	return 0;
}

/*
 * ,"classifications":[..]: the answers folded into object r, each
 * {"name":..,"answer":..} (none when it folds none).  0, or -1 out of
 * memory.
 */
static int
put_nested(ann_labelbox *lb, const ann_annotation *a, const ann_region *r)
{
	ann_buf *b = &lb->lines;
	const answer *x;
	size_t n = 0, i = 0, nchoices;
	ann_json_val from, text;
	ann_kind kind;
	int k;

	if (ann_buf_put(b, ",\"classifications\":", 19) != 0)
		return -1;
	if (r->facets > 1 && r->id.p != NULL) {
		if (!lb->ans_made && make_answers(lb, a) != 0)
			return -1;
		while ((x = next_answer(lb, r->id, &i)) != NULL) {
			size_t at = b->len;
			if ((k = answer_parts(lb, x->res, &kind, &from, &nchoices, &text)) < 0)
				return -1;
			if (k > 0)
				continue;
			if (ann_buf_put(b, n > 0 ? "," : "[", 1) != 0 ||
			    ann_buf_put(b, "{\"name\":", 8) != 0 || put_string(b, from) != 0 ||
			    (k = put_answer(lb, kind, from, lb->choices, nchoices, text)) < 0 ||
			    (k == 0 && ann_buf_put(b, "}", 1) != 0))
				return -1;
			if (k > 0)
				b->len = at;
			else
				n++;
		}
	}
	lb->n.nested += n;
	return ann_buf_put(b, n > 0 ? "]" : "[]", n > 0 ? 1 : 2);
}

/*
 * Answers sharing an id that names no object, which the view folds into
 * one region: a line each, as if each were a region of its own, the
 * first with the region's uuid, the others with the id and their place.
 */
static ann_status
folded_answers(ann_labelbox *lb, const ann_annotation *a, const ann_region *r,
    const ann_geom *g)
{
	ann_buf *b = &lb->lines;
	const answer *x;
	size_t i = 0, nchoices, nth = 0;
	ann_json_val from, text, id;
	ann_kind kind;
	int k;

	if (!lb->ans_made && make_answers(lb, a) != 0)
		return lb_fail(lb, ANN_FATAL, "out of memory");
	while ((x = next_answer(lb, r->id, &i)) != NULL) {
		size_t at = b->len;
		if ((k = answer_parts(lb, x->res, &kind, &from, &nchoices, &text)) < 0)
			return lb_fail(lb, ANN_FATAL, "out of memory");
		if (k > 0)
			continue;
		/* The id, then a unit separator and the answer's place: no id's text. */
		lb->scratch.len = 0;
		if (ann_buf_put(&lb->scratch, r->id.p, r->id.n) != 0 ||
		    (nth > 0 && ann_buf_printf(&lb->scratch, "\x1f%zu", nth) != 0))
			return lb_fail(lb, ANN_FATAL, "out of memory");
		id = (ann_json_val){ lb->scratch.p, lb->scratch.len };
		nth++;
		if (put_head(lb, id, 0, from) != 0 ||
		    (k = put_answer(lb, kind, from, lb->choices, nchoices, text)) < 0 ||
		    (k == 0 && put_tail(lb, a, g) != 0)) {
			b->len = at;
			return lb_fail(lb, ANN_FATAL, "out of memory");
		}
		if (k > 0)
			b->len = at;
		else
			lb->n.classifications++;
	}
	return ANN_OK;
}

/* --- Masks --------------------------------------------------------------- */

/* The PNG writer's bytes, into memory. */
static int
png_put(void *ctx, const void *data, size_t n)
{
	return ann_buf_put(ctx, data, n);
}

/*
 * ,"mask":{"png":..}: the brush region's mask as a PNG of 0 and 1, in
 * base64.  0 written, -1 out of memory, 1 no mask to write (*why says
 * why), -3 refused: a mask over --max-pixels fails the task (lb->err).
 */
static int
put_mask(ann_labelbox *lb, const ann_region *r, const ann_geom *g, ann_skip *why)
{
	ann_coco *coco = NULL;
	ann_runmask *runs = NULL;
	ann_error err;
	long W = g->width > 0 && g->height > 0 ? g->width : -1;
	long H = W > 0 ? g->height : -1;

	ann_status st = ann_region_mask(r, lb->shape, W, H, lb->o.max_pixels, &coco,
	    &runs, &err);
	ann_coco_free(coco);
	if (st == ANN_FATAL)
		return -1;
	/*
	 * The decoder refuses a mask over the limit before decoding it: an
	 * error the user can lift (--max-pixels), not a mask that does not
	 * decode, as ann-tococo has it.
	 */
	long w = r->image_w > 0 && r->image_h > 0 ? r->image_w : W;
	long h = r->image_w > 0 && r->image_h > 0 ? r->image_h : H;
	if (st == ANN_FAILED && w > 0 && h > 0 &&
	    ann_mask_check_size((uint64_t)w, (uint64_t)h, lb->o.max_pixels, &err) != ANN_OK) {
		lb_fail(lb, ANN_FAILED, "region %.*s: %s",
		    r->id.p == NULL ? 6 : (int)(r->id.n > 64 ? 64 : r->id.n),
		    r->id.p == NULL ? "(none)" : r->id.p, err.msg);
		return -3;
	}
	if (st != ANN_OK) {
		*why = st == ANN_WARN ? ANN_SKIP_MASK_URL : ANN_SKIP_BAD_MASK;
		return 1;
	}
	lb->png.len = 0;
	st = ann_runmask_write_png(runs, 1, png_put, &lb->png, &err);
	ann_runmask_free(runs);
	if (st != ANN_OK)
		return -1;
	return ann_buf_put(&lb->lines, ",\"mask\":{\"png\":\"", 16) != 0 ||
	    ann_buf_base64(&lb->lines, lb->png.p, lb->png.len) != 0 ||
	    ann_buf_put(&lb->lines, "\"}", 2) != 0 ? -1 : 0;
}

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
	if (answer_kind(r->kind) && r->facets > 1 && r->id.p != NULL)
		return folded_answers(lb, a, r, g);
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
	if (put_head(lb, r->id, lb->nregion - 1, r->labels[0]) != 0)
		goto nomem;
	int k = r->kind == ANN_KIND_MASK ? put_mask(lb, r, g, &why) : put_shape(lb, r, g, &why);
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
	if (put_nested(lb, a, r) != 0 || put_tail(lb, a, g) != 0)
		goto nomem;
	/* An end a relation may name. */
	if (r->id.p != NULL && ann_idset_add(lb->written, r->id.p, r->id.n) != ANN_OK)
		goto nomem;
	lb->n.objects++;
	return ANN_OK;
nomem:
	b->len = at;
	return lb_fail(lb, ANN_FATAL, "out of memory");
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
	if (lb->n.turned > 0 && n > 0 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, "; %llu %s", (unsigned long long)lb->n.turned,
		    ann__plural(lb->n.turned, "rotated box as a polygon",
		    "rotated boxes as polygons"));
	if (lb->n.nested > 0 && n > 0 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, "; %llu %s", (unsigned long long)lb->n.nested,
		    ann__plural(lb->n.nested, "answer nested in its object",
		    "answers nested in their objects"));
	if (lb->n.unnamed > 0 && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, "; %llu %s (--relation-name NAME names them)",
		    (unsigned long long)lb->n.unnamed,
		    ann__plural(lb->n.unnamed, "relation without a label",
		    "relations without a label"));
}
