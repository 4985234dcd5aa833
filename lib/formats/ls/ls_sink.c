/*
 * ls_sink.c: Label Studio tasks from the region model (ann_lssink.h), for
 * Labelbox export rows moved into Label Studio.
 *
 * One task a record: data holds the row's media reference (as "image", or
 * "text" for a text row), its global key and data row id; each annotation
 * set chosen becomes an annotation (or a prediction) with its author and
 * dates, each region a result:
 *
 *   rectangle  rectanglelabels  x, y, width, height in percent, rotation 0
 *   polygon    polygonlabels    points [[x%, y%], ...]
 *   keypoint   keypointlabels   x, y in percent
 *   text span  labels           start, end (exclusive), text
 *   mask       brushlabels      Label Studio's RLE of ROOT/FEATURE_ID.png
 *   choice     choices          a radio's answer, a checklist's answers
 *   free text  textarea         text [answer]
 *   relation   relation         from_id, to_id, direction
 *
 * Every number comes from the region's ann_geom (percent, the exclusive
 * span end); nothing here scales a coordinate or moves a span end.  A
 * classification nested under an object is Label Studio's per-region
 * result: the same id as the object's.  Polylines (no Label Studio control
 * draws one), masks given only as URLs (unless downloaded to the mask
 * root) and video are counted and left out.
 *
 * Result ids are stable: a hash of the row's id and the region's feature
 * id, so the same input gives the same ids and a relation names its ends
 * by the ids they were written with.
 *
 * This file holds the sink's hooks and the task's line; a region goes to
 * ls_sink_object.c (an object) or ls_sink_answer.c (an answer or a
 * relation), both made of the pieces in ls_sink_result.c.  The config
 * that fits what was written is made from the tables of ls_sink_config.c,
 * which they fill as they write.
 *
 * Author: Label Studio's import resolves an annotation's completed_by
 * given as an object by its "email" (a bare string is refused), so a
 * Labelbox author, an email, is written as {"email": ...}.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_filter.h"
#include "ann_geom.h"
#include "ann_lssink.h"
#include "ann_writer.h"
#include "ls_sink_private.h"
#include "util_private.h"
const char *
ann_lssink_errmsg(const ann_lssink *s)
{
	return s->err.msg;
}

ann_lssink *
ann_lssink_new(const ann_lssink_opts *opts, ann_out *out, ann_error *err)
{
	ann_lssink *s = calloc(1, sizeof *s);

	if (s == NULL || (s->cats = ann_categories_new(0)) == NULL) {
		ann__error_set(err, "out of memory");
		free(s);
		return NULL;
	}
	s->o = *opts;
	s->out = out;
	if (opts->config != NULL && (s->names = ann_tols_names_new(opts->config,
	    NULL, opts->to_name, err)) == NULL) {
		ann_lssink_free(s);
		return NULL;
	}
	return s;
}

void
ann_lssink_free(ann_lssink *s)
{
	if (s == NULL)
		return;
	ann_tols_names_free(s->names);
	for (size_t i = 0; i < s->nctl; i++) {
		for (size_t k = 0; k < s->ctl[i].nvalues; k++)
			free(s->ctl[i].values[k]);
		free(s->ctl[i].values);
		free(s->ctl[i].name);
		free(s->ctl[i].to);
	}
	for (size_t i = 0; i < s->nobj; i++)
		free(s->obj[i].name);
	free(s->ctl);
	free(s->obj);
	ann_idset_free(s->objs);
	ann_categories_free(s->cats);
	ann_buf_free(&s->key);
	ann_buf_free(&s->task);
	ann_buf_free(&s->res);
	ann_buf_free(&s->tmp);
	ann_buf_free(&s->name);
	ann_buf_free(&s->rowtext);
	ann_buf_free(&s->lastid);
	ann_buf_free(&s->lastval);
	free(s);
}

/*
 * A value copied from the record, on one line: minified, as an object or
 * array of a pretty-printed input holds line breaks, and a task is a line.
 */
static int
put_value(ann_buf *b, ann_json_val v)
{
	char *room = ann_buf_room(b, v.n);

	if (room == NULL)
		return -1;
	b->len += ann_json_minify(v.p, v.n, room);
	return 0;
}

/* Does a JSON string start with a scheme and "://" (https://, gs://, s3://)? */
static int
is_url(ann_json_val v)
{
	size_t i = 1;

	if (ann_json_typeof(v) != ANN_JSON_STRING)
		return 0;
	while (i < v.n && i < 16 && ((v.p[i] >= 'a' && v.p[i] <= 'z') || v.p[i] == '+' ||
	    (v.p[i] >= '0' && v.p[i] <= '9' && i > 1)))
		i++;
	return i > 1 && i + 3 < v.n && memcmp(v.p + i, "://", 3) == 0;
}

static ann_status
sink_task(void *self, const ann_sink_ctx *c)
{
	ann_lssink *s = self;
	const ann_task *t = c->task;
	ann_json_val mime = t->mime_type;
	char id[256];

	s->err.msg[0] = '\0';
	s->skips = c->skips;
	s->key.len = s->task.len = 0;
	s->keyh = ANN__HASH_START;
	s->nset = s->nregion = 0;
	memset(&s->p, 0, sizeof s->p);
	if (t->shape != ANN_SHAPE_LABELBOX_V2 && t->shape != ANN_SHAPE_LABELBOX_V1)
		return ann__lssink_fail(s, ANN_FAILED, "a %s record, not a Labelbox export row "
		    "(--from labelbox reads Labelbox rows)", ann_platform_name(t->shape));
	long idn = ann_task_id_of(t, id, sizeof id);
	if (t->video) {
		ann_skips_count(s->skips, ANN_SKIP_VIDEO, ANN_KIND_VIDEO);
		return ann__lssink_fail(s, ANN_WARN, "row %.*s skipped: a video (its frames are "
		    "not written here)", idn >= 0 ? (int)(idn > 64 ? 64 : idn) : 1,
		    idn >= 0 ? id : "?");
	}
	/* A text row's reference goes where a <Text> tag reads it. */
	s->text = ann_json_typeof(mime) == ANN_JSON_STRING && mime.n > 6 &&
	    memcmp(mime.p, "\"text/", 6) == 0;
	s->media = s->text ? "text" : "image";
	s->url = is_url(t->data_ref);
	s->ref = t->data_ref;
	s->decoded = 0;
	s->p.tasks++;
	if ((idn >= 0 && ann_buf_put(&s->key, id, (size_t)idn) != 0) ||
	    ann_buf_printf(&s->task, "{\"data\":{\"%s\":", s->media) != 0 ||
	    (t->data_ref.p != NULL ? put_value(&s->task, t->data_ref) :
	    ann_buf_put(&s->task, "null", 4)) != 0 ||
	    (t->global_key.p != NULL && (ann_buf_put(&s->task, ",\"global_key\":", 14) != 0 ||
	    put_value(&s->task, t->global_key) != 0)) ||
	    (t->id.p != NULL && (ann_buf_put(&s->task, ",\"data_row_id\":", 15) != 0 ||
	    put_value(&s->task, t->id) != 0)) ||
	    ann_buf_printf(&s->task, "},\"%s\":[",
	    s->o.as_predictions ? "predictions" : "annotations") != 0)
		return ann__lssink_fail(s, ANN_FATAL, "out of memory");
	/* Every result id's hash starts with the row's id: hashed once here. */
	s->keyh = ann__hash_more(ANN__HASH_START, s->key.p, s->key.len);
	return ANN_OK;
}

static ann_status
sink_set(void *self, const ann_sink_ctx *c, const ann_annotation *a)
{
	ann_lssink *s = self;
	ann_buf *b = &s->task;
	int bad;

	(void)c;
	s->res.len = 0;
	s->nres = 0;
	s->lastid.len = 0;
	/* The objects of this set: the set made once, emptied for each. */
	if (s->objs != NULL)
		ann_idset_clear(s->objs);
	else if ((s->objs = ann_idset_new()) == NULL)
		return ann__lssink_fail(s, ANN_FATAL, "out of memory");
	bad = (s->nset++ > 0 && ann_buf_put(b, ",", 1) != 0) || ann_buf_put(b, "{", 1) != 0;
	if (s->o.as_predictions) {
		if (s->o.model_version != NULL)
			bad = bad || ann_buf_put(b, "\"model_version\":", 16) != 0 ||
			    ann_buf_json_string(b, s->o.model_version, strlen(s->o.model_version)) != 0 ||
			    ann_buf_put(b, ",", 1) != 0;
	} else {
		/* Label Studio resolves an author given as an object by email. */
		switch (ann_json_typeof(a->author)) {
		case ANN_JSON_STRING:
			bad = bad || ann_buf_put(b, "\"completed_by\":{\"email\":", 24) != 0 ||
			    put_value(b, a->author) != 0 ||
			    ann_buf_put(b, "},", 2) != 0;
			break;
		case ANN_JSON_OBJECT:
		case ANN_JSON_NUMBER:
			bad = bad || ann_buf_put(b, "\"completed_by\":", 15) != 0 ||
			    put_value(b, a->author) != 0 ||
			    ann_buf_put(b, ",", 1) != 0;
			break;
		default:
			break;
		}
		if (ann_json_typeof(a->lead_time) == ANN_JSON_NUMBER)
			bad = bad || ann_buf_put(b, "\"lead_time\":", 12) != 0 ||
			    ann_buf_put(b, a->lead_time.p, a->lead_time.n) != 0 ||
			    ann_buf_put(b, ",", 1) != 0;
		/*
		 * Label Studio takes an imported annotation as ground truth
		 * unless told: Labelbox labels are not, unless a benchmark.
		 */
		bad = bad || ann_buf_put(b, "\"ground_truth\":false,\"was_cancelled\":false,", 43) != 0;
	}
	if (ann_json_typeof(a->created) == ANN_JSON_STRING)
		bad = bad || ann_buf_put(b, "\"created_at\":", 13) != 0 ||
		    ann_buf_put(b, a->created.p, a->created.n) != 0 || ann_buf_put(b, ",", 1) != 0;
	if (ann_json_typeof(a->updated) == ANN_JSON_STRING)
		bad = bad || ann_buf_put(b, "\"updated_at\":", 13) != 0 ||
		    ann_buf_put(b, a->updated.p, a->updated.n) != 0 || ann_buf_put(b, ",", 1) != 0;
	if (bad)
		return ann__lssink_fail(s, ANN_FATAL, "out of memory");
	s->p.sets++;
	return ANN_OK;
}

static ann_status
sink_region(void *self, const ann_sink_ctx *c, const ann_annotation *a,
    const ann_region *r, const ann_geom *g)
{
	ann_lssink *s = self;

	(void)c;
	(void)a;
	s->nregion++;
	switch (r->kind) {
	case ANN_KIND_RECTANGLE: return ann__lssink_object(s, r, g, ANN_LS_RECT);
	case ANN_KIND_POLYGON: return ann__lssink_object(s, r, g, ANN_LS_POLY);
	case ANN_KIND_KEYPOINT: return ann__lssink_object(s, r, g, ANN_LS_KP);
	case ANN_KIND_SPAN: return ann__lssink_object(s, r, g, ANN_LS_SPAN);
	case ANN_KIND_CHOICE: return ann__lssink_classification(s, r, g, ANN_LS_CHOICE);
	case ANN_KIND_TEXT: return ann__lssink_classification(s, r, g, ANN_LS_TEXT);
	case ANN_KIND_RELATION: return ann__lssink_relation(s, r);
	case ANN_KIND_MASK:
		if (s->o.mask_root != NULL)
			return ann__lssink_object(s, r, g, ANN_LS_BRUSH);
		ann_skips_count(s->skips, ANN_SKIP_MASK_URL, r->kind);
		return ANN_OK;
	default:
		/* A polyline among them: Label Studio has no control for one. */
		ann_skips_count(s->skips, ANN_SKIP_KIND, r->kind);
		return ANN_OK;
	}
}

static ann_status
sink_set_end(void *self, const ann_sink_ctx *c, const ann_annotation *a)
{
	ann_lssink *s = self;
	ann_buf *b = &s->task;

	(void)c;
	(void)a;
	if (ann_buf_put(b, "\"result\":[", 10) != 0 || ann_buf_put(b, s->res.p, s->res.len) != 0 ||
	    ann_buf_put(b, "]}", 2) != 0)
		return ann__lssink_fail(s, ANN_FATAL, "out of memory");
	return ANN_OK;
}

static ann_status
sink_task_end(void *self, const ann_sink_ctx *c, size_t nsets)
{
	ann_lssink *s = self;

	(void)c;
	(void)nsets;
	/* A row without labels is still a task: its data, to be labeled. */
	if (ann__lssink_note_object(s, s->o.to_name != NULL ? s->o.to_name : s->media) != 0 ||
	    ann_buf_put(&s->task, "]}\n", 3) != 0)
		return ann__lssink_fail(s, ANN_FATAL, "out of memory");
	if (ann_out_write(s->out, s->task.p, s->task.len) != ANN_OK)
		return ann__lssink_fail(s, ANN_FATAL, "%s", ann_out_errmsg(s->out));
	s->n.tasks += s->p.tasks;
	s->n.sets += s->p.sets;
	for (int k = 0; k < ANN_LS_KINDS; k++)
		s->n.results[k] += s->p.results[k];
	s->n.relations += s->p.relations;
	s->n.clipped += s->p.clipped;
	return ANN_OK;
}

static const char *sink_errmsg(const void *self) { return ann_lssink_errmsg(self); }

static const ann_sink_ops ls_sink_ops = {
	sink_task, sink_set, sink_region, sink_set_end, sink_task_end, NULL, sink_errmsg
};

void
ann_lssink_sink(ann_lssink *s, ann_sink *sink)
{
	sink->ops = &ls_sink_ops;
	sink->self = s;
	sink->sets = s->o.sets;
	sink->err = NULL;
}

void
ann_lssink_summary(const ann_lssink *s, char *buf, size_t len)
{
	uint64_t objects = s->n.results[ANN_LS_RECT] + s->n.results[ANN_LS_POLY] + s->n.results[ANN_LS_KP] +
	    s->n.results[ANN_LS_SPAN] + s->n.results[ANN_LS_BRUSH];
	uint64_t answers = s->n.results[ANN_LS_CHOICE] + s->n.results[ANN_LS_TEXT];

	snprintf(buf, len, "%llu %s, %llu %s, %llu %s, %llu %s, %llu %s; "
	    "%llu %s clipped to the image",
	    (unsigned long long)s->n.tasks, ann__plural(s->n.tasks, "task", "tasks"),
	    (unsigned long long)s->n.sets, s->o.as_predictions ?
	    ann__plural(s->n.sets, "prediction", "predictions") :
	    ann__plural(s->n.sets, "annotation", "annotations"),
	    (unsigned long long)objects, ann__plural(objects, "region", "regions"),
	    (unsigned long long)answers, ann__plural(answers, "answer", "answers"),
	    (unsigned long long)s->n.relations,
	    ann__plural(s->n.relations, "relation", "relations"),
	    (unsigned long long)s->n.clipped,
	    ann__plural(s->n.clipped, "coordinate", "coordinates"));
}
