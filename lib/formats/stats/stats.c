/*
 * stats.c: counting a stream of tasks (ann_stats.h).  The task hook
 * counts what is about the task and all its sets (statuses, dates,
 * projects, annotators, reviews, lead times); the region hook counts the
 * regions of the sets chosen, as ann-flatten writes them.  Writing the
 * counts out is stats_out.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "ann_core.h"
#include "ann_filter.h"
#include "ann_json.h"
#include "ann_stats.h"
#include "stats_private.h"
#include "util_private.h"

ann_stats *
ann_stats_new(const ann_stats_opts *opts, ann_error *err)
{
	ann_stats *s;

	if (opts->max_keys == 0 || opts->max_keys > UINT32_MAX / 4) {
		ann__error_set(err, "the most keys must be from 1 to %u",
		    (unsigned)(UINT32_MAX / 4));
		return NULL;
	}
	if ((s = calloc(1, sizeof *s)) == NULL) {
		ann__error_set(err, "out of memory");
		return NULL;
	}
	s->o = *opts;
	if (s->o.by == 0)
		s->o.by = ANN_STATS_DEFAULT_BY;
	return s;
}

void
ann_stats_free(ann_stats *s)
{
	if (s == NULL)
		return;
	for (int b = 0; b < ANN_STATS_NBY; b++)
		ann__stats_table_free(&s->by[b]);
	ann__stats_agree_free(&s->agree);
	ann_buf_free(&s->scratch);
	ann_buf_free(&s->task_id);
	free(s);
}

const char *
ann_stats_errmsg(const ann_stats *s)
{
	return s->err.msg;
}

static int
wanted(const ann_stats *s, ann_stats_by b)
{
	return (s->o.by >> b) & 1;
}

/*
 * The entry of key in breakdown b: a new one while there is room, else
 * "other".  NULL when out of memory.
 */
static struct entry *
entry(ann_stats *s, ann_stats_by b, const char *key, size_t len)
{
	return ann__stats_entry(&s->by[b], s->o.max_keys, key, len);
}

/* Count the current task once for e. */
static void
task_once(const ann_stats *s, struct entry *e)
{
	if (e->stamp != s->tasks) {
		e->stamp = s->tasks;
		e->tasks++;
	}
}

/*
 * The text of a key value: a string decoded, a number as written, an
 * author object by its email, else its id.  0 when v gives no key.
 */
static int
key_text(ann_json_val v, ann_buf *scratch, const char **key, size_t *len)
{
	ann_json_val m;
	char *p;

	switch (ann_json_typeof(v)) {
	case ANN_JSON_STRING:
		if ((p = ann_buf_clear_room(scratch, v.n)) == NULL)
			return -1;
		*len = ann_json_str_decode(v, p);
		*key = p;
		return 1;
	case ANN_JSON_NUMBER:
		*key = v.p;
		*len = v.n;
		return 1;
	case ANN_JSON_OBJECT:
		if (ann_json_get(v, "email", &m) == 0 &&
		    ann_json_typeof(m) == ANN_JSON_STRING)
			return key_text(m, scratch, key, len);
		if (ann_json_get(v, "id", &m) == 0)
			return key_text(m, scratch, key, len);
		return 0;
	default:
		return 0;
	}
}

/*
 * The entry of value v in breakdown b: *e NULL when v gives no key (then
 * the breakdown's keyless count goes up if count_keyless).  -1 when out of memory.
 */
static int
entry_of(ann_stats *s, ann_stats_by b, ann_json_val v, int count_keyless,
    struct entry **e)
{
	const char *key;
	size_t len;
	int r = key_text(v, &s->scratch, &key, &len);

	*e = NULL;
	if (r == 0)
		s->by[b].keyless += count_keyless != 0;
	else if (r > 0 && (*e = entry(s, b, key, len)) == NULL)
		r = -1;
	return r < 0 ? -1 : 0;
}

static void
lead_add(struct lead *h, double secs)
{
	int i = 0;

	if (secs > 0)
		i = (int)floor((log2(secs) - LEAD_MIN_OCTAVE) * LEAD_PER_OCTAVE);
	if (i < 0)
		i = 0;
	if (i >= LEAD_BUCKETS)
		i = LEAD_BUCKETS - 1;
	h->b[i]++;
	h->n++;
}

/* Reviews: Label Studio's "accepted": true/false, Labelbox's actions. */
static void
count_reviews(ann_stats *s, ann_json_val reviews)
{
	static const char *const actions[] = { "review_action", "action" };
	ann_json_iter it;
	ann_json_val r, v;
	char word[16];

	if (ann_json_typeof(reviews) != ANN_JSON_ARRAY)
		return;
	ann_json_iter_init(&it, reviews);
	while (ann_json_next_elem(&it, &r)) {
		s->reviews++;
		if (ann_json_get(r, "accepted", &v) == 0 &&
		    ann_json_typeof(v) == ANN_JSON_TRUE) {
			s->accepted++;
			continue;
		}
		if (ann_json_get(r, "accepted", &v) == 0 &&
		    ann_json_typeof(v) == ANN_JSON_FALSE) {
			s->rejected++;
			continue;
		}
		for (size_t i = 0; i < 2; i++) {
			size_t n;
			if (ann_json_get(r, actions[i], &v) != 0 ||
			    ann_json_typeof(v) != ANN_JSON_STRING ||
			    v.n >= sizeof word)
				continue;
			n = ann_json_str_decode(v, word);
			word[n] = '\0';
			if (strncasecmp(word, "approve", 7) == 0 ||
			    strncasecmp(word, "accept", 6) == 0)
				s->accepted++;
			else if (strncasecmp(word, "reject", 6) == 0)
				s->rejected++;
			break;
		}
	}
}

static ann_status
count_set(ann_stats *s, const ann_annotation *a)
{
	struct entry *e;
	double secs;
	int has_lead;

	if (a->prediction) {
		s->predictions++;
		if (wanted(s, ANN_STATS_MODEL)) {
			if (entry_of(s, ANN_STATS_MODEL, a->model_version, 1, &e) != 0)
				return ANN_FATAL;
			if (e != NULL) {
				task_once(s, e);
				e->predictions++;
			}
		}
		return ANN_OK;
	}
	int cancelled = ann_json_typeof(a->cancelled) == ANN_JSON_TRUE;
	if (cancelled)
		s->cancelled++;
	else
		s->annotations++;
	s->ground_truth += ann_json_typeof(a->ground_truth) == ANN_JSON_TRUE;
	count_reviews(s, a->reviews);
	has_lead = ann_json_number(a->lead_time, &secs) == 0 && isfinite(secs);
	if (has_lead)
		lead_add(&s->lead, secs);
	if (!wanted(s, ANN_STATS_ANNOTATOR))
		return ANN_OK;
	if (entry_of(s, ANN_STATS_ANNOTATOR, a->author, 1, &e) != 0)
		return ANN_FATAL;
	if (e == NULL)
		return ANN_OK;
	task_once(s, e);
	if (cancelled)
		e->cancelled++;
	else
		e->annotations++;
	if (has_lead) {
		if (e->lead == NULL && (e->lead = calloc(1, sizeof *e->lead)) == NULL)
			return ANN_FATAL;
		lead_add(e->lead, secs);
	}
	return ANN_OK;
}

/* "2024-03-01" and "2024-W09" (ISO 8601 week) of an instant, in UTC. */
static ann_status
count_date(ann_stats *s, int64_t us)
{
	static const ann_stats_by bys[] = { ANN_STATS_DAY, ANN_STATS_WEEK };
	time_t secs = (time_t)(us >= 0 ? us / 1000000 : -((-us + 999999) / 1000000));
	struct tm tm;
	char key[32];

	if (gmtime_r(&secs, &tm) == NULL)
		return ANN_OK;	/* out of time_t's range: keyless below */
	for (size_t i = 0; i < 2; i++) {
		size_t n;
		struct entry *e;
		if (!wanted(s, bys[i]))
			continue;
		n = i == 0 ? strftime(key, sizeof key, "%Y-%m-%d", &tm) :
		    strftime(key, sizeof key, "%G-W%V", &tm);
		if (n == 0) {
			s->by[bys[i]].keyless++;
			continue;
		}
		if ((e = entry(s, bys[i], key, n)) == NULL)
			return ANN_FATAL;
		task_once(s, e);
	}
	return ANN_OK;
}

/*
 * The id of a task its annotators were compared on, for its line of
 * ann_stats_task_agreement: the record is gone by the time that is asked.
 */
static int
keep_task_id(ann_stats *s, const ann_task *t)
{
	char id[256];
	long n;

	s->task_id.len = 0;
	if (s->agree.task.raters == 0)
		return 0;
	if ((n = ann_task_id_of(t, id, sizeof id)) < 0)
		return 0;
	s->task_id_number = ann_json_typeof(t->id) == ANN_JSON_NUMBER;
	return ann_buf_put(&s->task_id, id, (size_t)n);
}

static ann_status
count_task(ann_stats *s, const ann_sink_ctx *c)
{
	const ann_task *t = c->task;
	const ann_annotation *sets;
	const ann_project *p;
	size_t nsets, np = ann_view_projects(c->view, &p);
	struct entry *e;
	int annotated = 0;

	if (ann_view_annotations(c->view, &sets, &nsets) != ANN_OK)
		return ANN_FATAL;
	s->tasks++;
	for (size_t i = 0; i < nsets; i++) {
		annotated |= !sets[i].prediction;
		if (count_set(s, &sets[i]) != ANN_OK)
			return ANN_FATAL;
	}
	s->unannotated += !annotated;
	if (s->o.agreement &&
	    (ann__stats_agree_task(&s->agree, c->view, s->o.max_keys, sets,
	    nsets) != ANN_OK || keep_task_id(s, t) != 0))
		return ANN_FATAL;
	if (wanted(s, ANN_STATS_STATUS)) {
		unsigned bits = ann_filter_task_statuses(p, np, sets, nsets);
		for (unsigned b = 0; ann_filter_status_name(b) != NULL; b++) {
			const char *name = ann_filter_status_name(b);
			if (!((bits >> b) & 1))
				continue;
			if ((e = entry(s, ANN_STATS_STATUS, name, strlen(name))) == NULL)
				return ANN_FATAL;
			task_once(s, e);
		}
	}
	if (wanted(s, ANN_STATS_PROJECT)) {
		if (np == 0)
			s->by[ANN_STATS_PROJECT].keyless++;
		for (size_t i = 0; i < np; i++) {
			if (entry_of(s, ANN_STATS_PROJECT, p[i].id.p != NULL ? p[i].id :
			    p[i].name, 1, &e) != 0)
				return ANN_FATAL;
			if (e != NULL)
				task_once(s, e);
		}
	}
	if (wanted(s, ANN_STATS_DATASET)) {
		if (entry_of(s, ANN_STATS_DATASET, t->dataset_name.p != NULL ?
		    t->dataset_name : t->dataset_id, 1, &e) != 0)
			return ANN_FATAL;
		if (e != NULL)
			task_once(s, e);
	}
	if (wanted(s, ANN_STATS_DAY) || wanted(s, ANN_STATS_WEEK)) {
		int64_t when;
		int dated = s->o.dates != NULL ?
		    ann_filter_task_date(s->o.dates, t, sets, nsets, &when) : 0;
		if (!dated) {
			s->by[ANN_STATS_DAY].keyless += wanted(s, ANN_STATS_DAY);
			s->by[ANN_STATS_WEEK].keyless += wanted(s, ANN_STATS_WEEK);
		} else if (count_date(s, when) != ANN_OK)
			return ANN_FATAL;
	}
	return ANN_OK;
}

static ann_status
stats_task(void *self, const ann_sink_ctx *c)
{
	ann_stats *s = self;

	if (count_task(s, c) != ANN_OK) {
		ann__error_set(&s->err, "out of memory");
		return ANN_FATAL;
	}
	/* Figures from part of the pairs would pass for the whole. */
	if (s->agree.overflow) {
		ann__error_set(&s->err, "more than %zu annotator pairs or "
		    "categories to compare: raise --max-keys", s->o.max_keys);
		return ANN_FATAL;
	}
	return ANN_OK;
}

/* A label's keys: a string, or each level of a taxonomy path. */
static ann_status
count_label(ann_stats *s, ann_json_val l, int cancelled)
{
	ann_json_iter it;
	ann_json_val e;
	struct entry *x;

	if (ann_json_typeof(l) == ANN_JSON_ARRAY) {
		ann_json_iter_init(&it, l);
		while (ann_json_next_elem(&it, &e))
			if (count_label(s, e, cancelled) != ANN_OK)
				return ANN_FATAL;
		return ANN_OK;
	}
	if (entry_of(s, ANN_STATS_LABEL, l, 1, &x) != 0)
		return ANN_FATAL;
	if (x != NULL) {
		x->regions++;
		/* As ann-select --label: a task is counted by its kept sets. */
		if (!cancelled)
			task_once(s, x);
	}
	return ANN_OK;
}

static ann_status
count_region(ann_stats *s, const ann_annotation *a, const ann_region *r)
{
	int cancelled = ann_json_typeof(a->cancelled) == ANN_JSON_TRUE;
	struct entry *e;

	s->regions++;
	s->unlabeled += r->nlabels == 0;
	if (wanted(s, ANN_STATS_KIND)) {
		const char *k = ann_kind_name(r->kind);
		if ((e = entry(s, ANN_STATS_KIND, k, strlen(k))) == NULL)
			return ANN_FATAL;
		e->regions++;
		task_once(s, e);
	}
	if (wanted(s, ANN_STATS_LABEL)) {
		if (r->nlabels == 0)
			s->by[ANN_STATS_LABEL].keyless++;
		for (size_t i = 0; i < r->nlabels; i++)
			if (count_label(s, r->labels[i], cancelled) != ANN_OK)
				return ANN_FATAL;
	}
	if (wanted(s, ANN_STATS_ANNOTATOR) && !a->prediction) {
		if (entry_of(s, ANN_STATS_ANNOTATOR, a->author, 0, &e) != 0)
			return ANN_FATAL;
		if (e != NULL)
			e->regions++;
	}
	if (wanted(s, ANN_STATS_MODEL) && a->prediction) {
		if (entry_of(s, ANN_STATS_MODEL, a->model_version, 0, &e) != 0)
			return ANN_FATAL;
		if (e != NULL)
			e->regions++;
	}
	return ANN_OK;
}

static ann_status
stats_region(void *self, const ann_sink_ctx *c, const ann_annotation *a,
    const ann_region *r, const ann_geom *g)
{
	ann_stats *s = self;

	(void)c;
	(void)g;
	if (count_region(s, a, r) != ANN_OK) {
		ann__error_set(&s->err, "out of memory");
		return ANN_FATAL;
	}
	return ANN_OK;
}

static const char *
stats_errmsg(const void *self)
{
	return ann_stats_errmsg(self);
}

static const ann_sink_ops stats_ops = {
	.task = stats_task,
	.region = stats_region,
	.errmsg = stats_errmsg,
};

void
ann_stats_sink(ann_stats *s, ann_sink *sink)
{
	sink->ops = &stats_ops;
	sink->self = s;
	sink->sets = s->o.sets;
	sink->err = NULL;
}
