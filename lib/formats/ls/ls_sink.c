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
 * The config that fits what was written is made from the tables of
 * ls_sink_config.c, which this file fills as it writes.
 *
 * Author: Label Studio's import resolves an annotation's completed_by
 * given as an object by its "email" (a bare string is refused), so a
 * Labelbox author, an email, is written as {"email": ...}.
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
#include "ann_lssink.h"
#include "ann_rle.h"
#include "ann_taskid.h"
#include "ann_writer.h"
#include "ls_sink_private.h"
#include "util_private.h"

static ann_status fail(ann_lssink *s, ann_status st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static ann_status
fail(ann_lssink *s, ann_status st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ann__error_vset(&s->err, fmt, ap);
	va_end(ap);
	return st;
}

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

/* --- Pieces of a task ---------------------------------------------------- */

/* A JSON string decoded into b, NUL-terminated: NULL when out of memory. */
static char *
decode(ann_json_val v, ann_buf *b)
{
	char *p = ann_buf_clear_room(b, v.n);

	if (p == NULL)
		return NULL;
	b->len = ann_json_str_decode(v, p);
	p[b->len] = '\0';
	return p;
}

/*
 * The id of the result of feature fid (its JSON text; none: the region's
 * place in the task), 12 hex digits of a hash of the row's id and it.
 */
static int
put_rid(ann_lssink *s, ann_buf *b, ann_json_val fid, size_t n)
{
	ann_buf *k = &s->key;
	size_t base = k->len;
	int bad = ann_buf_put(k, "\x1f", 1) != 0 ||
	    (fid.p != NULL ? ann_buf_put(k, fid.p, fid.n) :
	    ann_buf_printf(k, "#%zu", n)) != 0;
	uint64_t h = bad ? 0 : ann_hash(k->p, k->len);

	k->len = base;
	return bad || ann_buf_printf(b, "\"%012llx\"",
	    (unsigned long long)(h & 0xffffffffffffULL)) != 0 ? -1 : 0;
}

/* A percent kept in [0, 100]; a value moved is counted. */
static double
clip(ann_lssink *s, double pct)
{
	if (pct < 0 || pct > 100) {
		s->p.clipped++;
		return pct < 0 ? 0 : 100;
	}
	return pct;
}

static int
put_num(ann_buf *b, const char *key, double d)
{
	return ann_buf_printf(b, "\"%s\":", key) != 0 || ann_buf_double(b, d) != 0 ? -1 : 0;
}

/*
 * The names of a result of kind k: an object's from the config, else the
 * options', else the defaults (a question's own name for a
 * classification).  label is the decoded label or question.  0, -1 out of
 * memory, -2 the config has no control for it, or two (s->err says which).
 */
static int
names(ann_lssink *s, int k, const char *label, const char **from,
    const char **to)
{
	*from = NULL;
	*to = NULL;
	if (s->names != NULL && k_from[k] != NULL &&
	    ann_tols_names_get(s->names, k_type[k], label, from, to, &s->err) != 0)
		return -2;
	if (s->o.config != NULL && k_from[k] == NULL) {
		/* A question's control is the config's of its name: its object. */
		const ann_cfg_control *c;
		size_t nc = ann_labelconfig_controls(s->o.config, &c);
		for (size_t i = 0; i < nc && *to == NULL; i++)
			if (strcmp(c[i].name, label) == 0 && c[i].nto_names > 0)
				*to = c[i].to_names[0];
	}
	if (*from == NULL)
		*from = k_from[k] != NULL ? (s->o.from_name != NULL ? s->o.from_name : k_from[k]) :
		    label;
	if (*to == NULL)
		*to = s->o.to_name != NULL ? s->o.to_name : s->media;
	return ann__lssink_note_object(s, *to) != 0 ? -1 : 0;
}

/* {"id":..,"type":..,"from_name":..,"to_name":..[,sizes],"value":{ */
static int
put_head(ann_lssink *s, ann_buf *b, ann_json_val id, int k, const char *from,
    const char *to, const ann_geom *g)
{
	if (s->nres++ > 0 && ann_buf_put(b, ",", 1) != 0)
		return -1;
	if (ann_buf_put(b, "{\"id\":", 6) != 0 || put_rid(s, b, id, s->nregion) != 0 ||
	    ann_buf_printf(b, ",\"type\":\"%s\",\"from_name\":", k_type[k]) != 0 ||
	    ann_buf_json_string(b, from, strlen(from)) != 0 ||
	    ann_buf_put(b, ",\"to_name\":", 11) != 0 || ann_buf_json_string(b, to, strlen(to)) != 0)
		return -1;
	if (g != NULL && ann_buf_printf(b, ",\"original_width\":%ld,\"original_height\":%ld,"
	    "\"image_rotation\":0", g->width, g->height) != 0)
		return -1;
	if (ann_buf_put(b, ",\"value\":{", 10) != 0)
		return -1;
	s->valstart = b->len;
	return 0;
}

/* "TYPE":[LABEL]} then the score of a prediction and the result's end. */
static int
put_tail(ann_lssink *s, ann_buf *b, int k, ann_json_val label, const ann_geom *g)
{
	if (ann_buf_printf(b, "\"%s\":[", k_type[k]) != 0 || ann_buf_put(b, label.p, label.n) != 0 ||
	    ann_buf_put(b, "]}", 2) != 0)
		return -1;
	if (s->o.as_predictions && g != NULL && isfinite(g->score) &&
	    (ann_buf_put(b, ",\"score\":", 9) != 0 || ann_buf_double(b, g->score) != 0))
		return -1;
	s->p.results[k]++;
	return ann_buf_put(b, "}", 1);
}

/* --- The sink ------------------------------------------------------------ */

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
	ann_json_val media, mime;
	char id[256];

	s->err.msg[0] = '\0';
	s->skips = c->skips;
	s->key.len = s->task.len = 0;
	s->nset = s->nregion = 0;
	memset(&s->p, 0, sizeof s->p);
	if (t->shape != ANN_SHAPE_LABELBOX_V2 && t->shape != ANN_SHAPE_LABELBOX_V1)
		return fail(s, ANN_FAILED, "a %s record, not a Labelbox export row "
		    "(--from labelbox reads Labelbox rows)", ann_platform_name(t->shape));
	long idn = ann_task_id(t->record, id, sizeof id);
	if (t->video) {
		ann_skips_count(s->skips, ANN_SKIP_VIDEO, ANN_KIND_VIDEO);
		return fail(s, ANN_WARN, "row %.*s skipped: a video (its frames are "
		    "not written here)", idn >= 0 ? (int)(idn > 64 ? 64 : idn) : 1,
		    idn >= 0 ? id : "?");
	}
	/* A text row's reference goes where a <Text> tag reads it. */
	s->text = ann_json_get(t->record, "media_attributes", &media) == 0 &&
	    ann_json_get(media, "mime_type", &mime) == 0 &&
	    ann_json_typeof(mime) == ANN_JSON_STRING && mime.n > 6 &&
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
		return fail(s, ANN_FATAL, "out of memory");
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
	ann_idset_free(s->objs);
	if ((s->objs = ann_idset_new()) == NULL)
		return fail(s, ANN_FATAL, "out of memory");
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
		return fail(s, ANN_FATAL, "out of memory");
	s->p.sets++;
	return ANN_OK;
}

/*
 * The text of span [start, end) in code points (Label Studio's offsets)
 * of a text row that holds its text, not a URL: 0 with *p, *n; 1 when
 * there is none (or the span runs past it); -1 out of memory.
 */
static int
slice(ann_lssink *s, double start, double end, const char **p, size_t *n)
{
	const char *t;
	size_t i = 0, cp = 0, from = 0;

	if (!s->text || s->url || ann_json_typeof(s->ref) != ANN_JSON_STRING)
		return 1;
	if (!s->decoded) {
		if (decode(s->ref, &s->rowtext) == NULL)
			return -1;
		s->decoded = 1;
	}
	t = s->rowtext.p;
	for (; i <= s->rowtext.len; i++) {
		/* A code point starts at every byte that is not a continuation. */
		if (i < s->rowtext.len && ((unsigned char)t[i] & 0xc0) == 0x80)
			continue;
		if ((double)cp == start)
			from = i;
		if ((double)cp == end) {
			*p = t + from;
			*n = i - from;
			return 0;
		}
		cp++;
	}
	return 1;
}

/*
 * A mask downloaded to the mask root, as Label Studio's RLE: 0, -1 out of
 * memory, 1 none (why: no file, or not a mask of the image's size), -2
 * the image is larger than --max-pixels (s->err says so: the user can
 * lift it, so it refuses the row rather than counting the mask).
 */
static int
put_brush(ann_lssink *s, ann_buf *b, const ann_region *r, const ann_geom *g,
    ann_skip *why)
{
	ann_mask *m;
	ann_error err;
	uint8_t *rle = NULL;
	size_t n = 0;
	int rc;

	if (ann_mask_check_size((uint64_t)g->width, (uint64_t)g->height, s->o.max_pixels,
	    &err) != ANN_OK) {
		fail(s, ANN_FAILED, "mask %.*s: %s", r->id.p == NULL ? 6 :
		    (int)(r->id.n > 64 ? 64 : r->id.n), r->id.p == NULL ? "(none)" : r->id.p,
		    err.msg);
		return -2;
	}
	ann_status st = ann_region_mask_file(r, s->o.mask_root, s->o.max_pixels,
	    g->width, g->height, &m, &err);
	if (st == ANN_FATAL)
		return -1;
	if (st != ANN_OK) {
		*why = st == ANN_WARN ? ANN_SKIP_MASK_URL : ANN_SKIP_BAD_MASK;
		return 1;
	}
	st = ann_lsrle_encode(m, &rle, &n, &err);
	ann_mask_free(m);
	if (st != ANN_OK) {
		*why = ANN_SKIP_BAD_MASK;
		return st == ANN_FATAL ? -1 : 1;
	}
	rc = ann_buf_put(b, "\"format\":\"rle\",\"rle\":", 21) != 0 ||
	    ann_lsrle_put_list(b, rle, n) != 0;
	free(rle);
	return rc != 0 || ann_buf_put(b, ",", 1) != 0 ? -1 : 0;
}

/*
 * An object's shape after its head: 0, -1 out of memory, 1 no shape (why),
 * -2 the row refused (s->err).
 */
static int
put_shape(ann_lssink *s, ann_buf *b, int k, const ann_region *r, const ann_geom *g,
    ann_skip *why)
{
	const double *p = g->box[ANN_PCT];
	ann_points it;
	ann_json_val x, y;
	double xy[2];
	size_t n = 0;

	*why = ANN_SKIP_GEOMETRY;
	switch (k) {
	case K_RECT:
		if (!(isfinite(p[0]) && isfinite(p[1]) && isfinite(p[2]) && isfinite(p[3])) ||
		    p[2] < 0 || p[3] < 0)
			return 1;
		double x0 = clip(s, p[0]), y0 = clip(s, p[1]);
		double x1 = clip(s, p[0] + p[2]), y1 = clip(s, p[1] + p[3]);
		return put_num(b, "x", x0) || ann_buf_put(b, ",", 1) ||
		    put_num(b, "y", y0) || ann_buf_put(b, ",", 1) ||
		    put_num(b, "width", x1 - x0) || ann_buf_put(b, ",", 1) ||
		    put_num(b, "height", y1 - y0) ||
		    ann_buf_put(b, ",\"rotation\":0,", 14) ? -1 : 0;
	case K_POLY:
		if (ann_buf_put(b, "\"points\":[", 10) != 0)
			return -1;
		ann_points_init(&it, r);
		while (ann_points_next(&it, &x, &y)) {
			if (ann_geom_point(g, x, y, ANN_PCT, xy) != 0)
				return 1;
			if ((n++ > 0 && ann_buf_put(b, ",", 1) != 0) || ann_buf_put(b, "[", 1) != 0 ||
			    ann_buf_double(b, clip(s, xy[0])) != 0 || ann_buf_put(b, ",", 1) != 0 ||
			    ann_buf_double(b, clip(s, xy[1])) != 0 || ann_buf_put(b, "]", 1) != 0)
				return -1;
		}
		if (n < 3)	/* no area */
			return 1;
		return ann_buf_put(b, "],", 2) != 0 ? -1 : 0;
	case K_KP:
		if (!(isfinite(p[0]) && isfinite(p[1])))
			return 1;
		return put_num(b, "x", clip(s, p[0])) || ann_buf_put(b, ",", 1) ||
		    put_num(b, "y", clip(s, p[1])) || ann_buf_put(b, ",", 1) ? -1 : 0;
	case K_SPAN:
		/* Character offsets, whole numbers, the end exclusive. */
		if (!g->has_span || g->start != floor(g->start) || g->end != floor(g->end) ||
		    g->start < 0 || g->end <= g->start || g->end > 9e15)
			return 1;
		if (ann_buf_printf(b, "\"start\":%.0f,\"end\":%.0f,", g->start, g->end) != 0)
			return -1;
		/* Labelbox's token, else the row's own text at the offsets. */
		if (ann_json_typeof(r->text) == ANN_JSON_STRING)
			return ann_buf_put(b, "\"text\":", 7) != 0 ||
			    ann_buf_put(b, r->text.p, r->text.n) != 0 ||
			    ann_buf_put(b, ",", 1) != 0 ? -1 : 0;
		const char *tp;
		size_t tn;
		int sl = slice(s, g->start, g->end, &tp, &tn);
		if (sl < 0)
			return -1;
		return sl == 0 && (ann_buf_put(b, "\"text\":", 7) != 0 ||
		    ann_buf_json_string(b, tp, tn) != 0 || ann_buf_put(b, ",", 1) != 0) ? -1 : 0;
	case K_BRUSH:
		return put_brush(s, b, r, g, why);
	default:
		*why = ANN_SKIP_KIND;
		return 1;
	}
}

static ann_status
put_object(ann_lssink *s, const ann_annotation *a, const ann_region *r, const ann_geom *g,
    int k)
{
	ann_buf *b = &s->res;
	size_t at = b->len, nres = s->nres;
	const char *from, *to;
	ann_skip why;
	int rc;

	(void)a;
	if (r->nlabels == 0 || ann_json_typeof(r->labels[0]) != ANN_JSON_STRING) {
		ann_skips_count(s->skips, ANN_SKIP_NO_LABEL, r->kind);
		return ANN_OK;
	}
	if (k != K_SPAN && (g->width <= 0 || g->height <= 0)) {
		/* Percent needs the image's size (media_attributes). */
		ann_skips_count(s->skips, ANN_SKIP_REGION_NO_SIZE, r->kind);
		return ANN_OK;
	}
	const char *label = decode(r->labels[0], &s->name);
	if (label == NULL)
		return fail(s, ANN_FATAL, "out of memory");
	size_t n = s->name.len;
	long index;
	ann_status st = ann_categories_index(s->cats, label, n, !s->o.strict_labels, &index);
	if (st == ANN_FAILED)
		return fail(s, ANN_FAILED, "label \"%.*s\" is not among the given labels "
		    "(without --strict-labels it is added after them)",
		    (int)(n > 100 ? 100 : n), label);
	if (st != ANN_OK)
		return fail(s, ANN_FATAL, "out of memory");
	if ((rc = names(s, k, label, &from, &to)) != 0)
		return rc == -2 ? ANN_FAILED : fail(s, ANN_FATAL, "out of memory");
	if (put_head(s, b, r->id, k, from, to, k == K_SPAN ? NULL : g) != 0)
		goto nomem;
	if ((rc = put_shape(s, b, k, r, g, &why)) == -2) {
		b->len = at;
		s->nres = nres;
		return ANN_FAILED;
	}
	if (rc < 0)
		goto nomem;
	if (rc > 0) {
		b->len = at;
		s->nres = nres;
		ann_skips_count(s->skips, why, r->kind);
		return ANN_OK;
	}
	ann_categories_use(s->cats, (size_t)index);
	/* The geometry a per-region answer of this object repeats. */
	s->lastid.len = s->lastval.len = 0;
	if (r->id.p != NULL && (ann_buf_put(&s->lastid, r->id.p, r->id.n) != 0 ||
	    ann_buf_put(&s->lastval, b->p + s->valstart, b->len - s->valstart) != 0))
		goto nomem;
	s->lastg = k == K_SPAN ? NULL : g;
	s->lastw = g->width;
	s->lasth = g->height;
	if (put_tail(s, b, k, r->labels[0], g) != 0 ||
	    ann__lssink_note_value(s, from, to, k, label, n, 0, 0) != 0 ||
	    (r->id.p != NULL && ann_idset_add(s->objs, r->id.p, r->id.n) != ANN_OK))
		goto nomem;
	for (size_t i = 1; i < r->nlabels; i++)
		ann_skips_count(s->skips, ANN_SKIP_EXTRA_LABEL, r->kind);
	return ANN_OK;
nomem:
	b->len = at;
	s->nres = nres;
	return fail(s, ANN_FATAL, "out of memory");
}

/*
 * A classification: the question is the control.  One nested under an
 * object written is that region's answer: it takes the object's id.
 */
static ann_status
classification(ann_lssink *s, const ann_region *r, const ann_geom *g, int k)
{
	ann_buf *b = &s->res;
	size_t at = b->len, nres = s->nres;
	const char *from, *to;
	ann_json_val id = r->id, e;
	int rc, per_region = 0, multiple = 0;

	if (ann_json_typeof(r->from_name) != ANN_JSON_STRING) {
		ann_skips_count(s->skips, ANN_SKIP_NO_LABEL, r->kind);
		return ANN_OK;
	}
	if (r->parent_id.p != NULL && ann_idset_has(s->objs, r->parent_id.p, r->parent_id.n)) {
		id = r->parent_id;
		per_region = 1;
	}
	/* Its object's geometry, when it is the object just written. */
	int geo = per_region && s->lastid.len == r->parent_id.n &&
	    memcmp(s->lastid.p, r->parent_id.p, r->parent_id.n) == 0;
	ann_geom sized;
	if (geo && s->lastg != NULL) {
		sized.width = s->lastw;
		sized.height = s->lasth;
	}
	if (k == K_CHOICE) {
		if (r->nlabels == 0) {
			ann_skips_count(s->skips, ANN_SKIP_NO_LABEL, r->kind);
			return ANN_OK;
		}
		for (size_t i = 0; i < r->nlabels; i++)
			if (ann_json_typeof(r->labels[i]) != ANN_JSON_STRING) {
				ann_skips_count(s->skips, ANN_SKIP_GEOMETRY, r->kind);
				return ANN_OK;
			}
		/* A checklist, whether one or several were ticked. */
		multiple = r->nlabels > 1 || ann_json_get(r->raw, "checklist_answers", &e) == 0 ||
		    ann_json_get(r->raw, "answers", &e) == 0;
	} else if (ann_json_typeof(r->text) != ANN_JSON_STRING) {
		ann_skips_count(s->skips, ANN_SKIP_NO_LABEL, r->kind);
		return ANN_OK;
	}
	char *q = decode(r->from_name, &s->tmp);
	if (q == NULL)
		return fail(s, ANN_FATAL, "out of memory");
	if ((rc = names(s, k, q, &from, &to)) != 0)
		return rc == -2 ? ANN_FAILED : fail(s, ANN_FATAL, "out of memory");
	if (put_head(s, b, id, k, from, to, geo && s->lastg != NULL ? &sized : NULL) != 0 ||
	    (geo && ann_buf_put(b, s->lastval.p, s->lastval.len) != 0))
		goto nomem;
	if (k == K_CHOICE) {
		rc = ann_buf_put(b, "\"choices\":[", 11);
		for (size_t i = 0; rc == 0 && i < r->nlabels; i++) {
			rc = (i > 0 && ann_buf_put(b, ",", 1) != 0) ||
			    ann_buf_put(b, r->labels[i].p, r->labels[i].n) != 0;
			char *v = rc ? NULL : decode(r->labels[i], &s->name);
			rc = rc || v == NULL ||
			    ann__lssink_note_value(s, from, to, k, v, s->name.len, multiple, per_region) != 0;
		}
		rc = rc || ann_buf_put(b, "]}", 2) != 0;
	} else
		rc = ann_buf_put(b, "\"text\":[", 8) != 0 ||
		    ann_buf_put(b, r->text.p, r->text.n) != 0 || ann_buf_put(b, "]}", 2) != 0 ||
		    ann__lssink_note_value(s, from, to, k, NULL, 0, 0, per_region) != 0;
	if (rc != 0 || (s->o.as_predictions && isfinite(g->score) &&
	    (ann_buf_put(b, ",\"score\":", 9) != 0 || ann_buf_double(b, g->score) != 0)) ||
	    ann_buf_put(b, "}", 1) != 0)
		goto nomem;
	s->p.results[k]++;
	return ANN_OK;
nomem:
	b->len = at;
	s->nres = nres;
	return fail(s, ANN_FATAL, "out of memory");
}

/* A relationship between two objects written: Label Studio's relation. */
static ann_status
relation(ann_lssink *s, const ann_region *r)
{
	ann_buf *b = &s->res;
	size_t at = b->len;
	ann_json_val inner, type;

	if (r->from_id.p == NULL || r->to_id.p == NULL ||
	    !ann_idset_has(s->objs, r->from_id.p, r->from_id.n) ||
	    !ann_idset_has(s->objs, r->to_id.p, r->to_id.n)) {
		ann_skips_count(s->skips, ANN_SKIP_RELATION_END, ANN_KIND_RELATION);
		return ANN_OK;
	}
	if (ann_json_get(r->raw, "relationship", &inner) != 0)
		inner = r->raw;
	int bi = ann_json_get(inner, "type", &type) == 0 &&
	    ann_json_str_eq(type, "bidirectional");
	if ((s->nres > 0 && ann_buf_put(b, ",", 1) != 0) ||
	    ann_buf_put(b, "{\"from_id\":", 11) != 0 || put_rid(s, b, r->from_id, 0) != 0 ||
	    ann_buf_put(b, ",\"to_id\":", 9) != 0 || put_rid(s, b, r->to_id, 0) != 0 ||
	    ann_buf_printf(b, ",\"type\":\"relation\",\"direction\":\"%s\"", bi ? "bi" : "right") != 0 ||
	    (r->nlabels > 0 && ann_json_typeof(r->labels[0]) == ANN_JSON_STRING &&
	    (ann_buf_put(b, ",\"labels\":[", 11) != 0 ||
	    ann_buf_put(b, r->labels[0].p, r->labels[0].n) != 0 || ann_buf_put(b, "]", 1) != 0)) ||
	    ann_buf_put(b, "}", 1) != 0) {
		b->len = at;
		return fail(s, ANN_FATAL, "out of memory");
	}
	s->nres++;
	s->p.relations++;
	return ANN_OK;
}

static ann_status
sink_region(void *self, const ann_sink_ctx *c, const ann_annotation *a,
    const ann_region *r, const ann_geom *g)
{
	ann_lssink *s = self;

	(void)c;
	s->nregion++;
	switch (r->kind) {
	case ANN_KIND_RECTANGLE: return put_object(s, a, r, g, K_RECT);
	case ANN_KIND_POLYGON: return put_object(s, a, r, g, K_POLY);
	case ANN_KIND_KEYPOINT: return put_object(s, a, r, g, K_KP);
	case ANN_KIND_SPAN: return put_object(s, a, r, g, K_SPAN);
	case ANN_KIND_CHOICE: return classification(s, r, g, K_CHOICE);
	case ANN_KIND_TEXT: return classification(s, r, g, K_TEXT);
	case ANN_KIND_RELATION: return relation(s, r);
	case ANN_KIND_MASK:
		if (s->o.mask_root != NULL)
			return put_object(s, a, r, g, K_BRUSH);
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
		return fail(s, ANN_FATAL, "out of memory");
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
		return fail(s, ANN_FATAL, "out of memory");
	if (ann_out_write(s->out, s->task.p, s->task.len) != ANN_OK)
		return fail(s, ANN_FATAL, "%s", ann_out_errmsg(s->out));
	s->n.tasks += s->p.tasks;
	s->n.sets += s->p.sets;
	for (int k = 0; k < K_N; k++)
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
	uint64_t objects = s->n.results[K_RECT] + s->n.results[K_POLY] + s->n.results[K_KP] +
	    s->n.results[K_SPAN] + s->n.results[K_BRUSH];
	uint64_t answers = s->n.results[K_CHOICE] + s->n.results[K_TEXT];

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
