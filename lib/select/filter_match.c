/*
 * filter_match.c: testing one record against the filter.
 *
 * Tests that need only the task id or the raw JSON (shard, sample, ids,
 * --where, a date path) run first and without the view, so that a record
 * they refuse costs no more than its validation.  The rest ask the view.
 * With --project, the project-level tests (status, batch, labels,
 * annotators, label dates) look only at the projects that matched.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ann_core.h"
#include "ann_taskid.h"
#include "ann_filter.h"
#include "filter_private.h"
#include "json_private.h"
#include "util_private.h"

/* Does v (a string, or a number by its text) say exactly s? */
static int
says(ann_json_val v, const char *s, int nocase)
{
	char buf[512];
	size_t n;

	switch (ann_json_typeof(v)) {
	case ANN_JSON_STRING:
		if (!nocase)
			return ann_json_str_eq(v, s);
		if (v.n > sizeof buf - 1)
			return 0;
		n = ann_json_str_decode(v, buf);
		buf[n] = '\0';
		return strcasecmp(buf, s) == 0;
	case ANN_JSON_NUMBER:
		return strlen(s) == v.n && memcmp(v.p, s, v.n) == 0;
	default:
		return 0;
	}
}

static int
says_any(ann_json_val v, const struct strlist *l, int nocase)
{
	for (size_t i = 0; i < l->n; i++)
		if (says(v, l->v[i], nocase))
			return 1;
	return 0;
}

static int
nonempty(ann_json_val v)
{
	ann_json_iter it;
	ann_json_val e;

	if (ann_json_typeof(v) != ANN_JSON_ARRAY)
		return 0;
	ann_json_iter_init(&it, v);
	return ann_json_next_elem(&it, &e);
}

static int
in_range(const ann_filter *f, int64_t t)
{
	return (!f->has_since || t >= f->since) && (!f->has_until || t <= f->until);
}

/* A date path: is some value it reaches a date, and is one in range? */
struct path_date {
	const ann_filter *f;
	int dated;
	int64_t when;	/* the first date in range, else the first date */
};

static int
path_date_fn(void *ctx, ann_json_val v)
{
	struct path_date *d = ctx;
	int64_t t;

	if (ann_date_value(v, &t) != 0)
		return 0;
	if (!d->dated || in_range(d->f, t))
		d->when = t;
	d->dated = 1;
	return in_range(d->f, t);
}

/* Count a record a test looked at, and whether it lacked the field. */
static void
looked(ann_filter *f, ann_filter_field t, int lacked)
{
	f->seen[t]++;
	f->absent[t] += lacked != 0;
}

/* The task id, or another key of the task (ann_task_keys), is in the id set. */
static int
id_listed(ann_filter *f, ann_json_val root, const char *id, long idlen)
{
	ann_json_val keys[2];
	char buf[1024];

	size_t n = ann_task_keys(root, keys);

	looked(f, ANN_FILTER_ID, idlen < 0 && n == 0);
	if (idlen >= 0 && ann_idset_has(f->ids, id, (size_t)idlen))
		return 1;
	for (size_t i = 0; i < n; i++)
		if (keys[i].n <= sizeof buf &&
		    ann_idset_has(f->ids, buf, ann_json_str_decode(keys[i], buf)))
			return 1;
	return 0;
}

/* The tests that need no view: -1 when the record has no id to test. */
static int
match_raw(ann_filter *f, const ann_record *rec)
{
	ann_json_val root = { rec->data, rec->len };
	char id[1024];
	long idlen = -1;

	if (f->shard_n > 0 || f->sample || f->ids != NULL) {
		idlen = ann_task_id(root, id, sizeof id);
		if (idlen < 0 && f->ids == NULL) {
			ann__error_set(&f->err, "record has no task id "
			    "(id, data_row.id or \"DataRow ID\") to %s by",
			    f->sample ? "sample" : "shard");
			return -1;
		}
	}
	if (f->shard_n > 0 && ann_hash(id, (size_t)idlen) % f->shard_n != f->shard_i)
		return 0;
	if (f->sample &&
	    ann_task_hash(id, (size_t)idlen, f->seed) >= f->sample_below)
		return 0;
	if (f->ids != NULL && !id_listed(f, root, id, idlen))
		return 0;
	if (f->nwheres > 0) {
		int any = 0, reached = 0;
		for (size_t i = 0; i < f->nwheres && !any; i++) {
			if ((any = ann_where_match(f->wheres[i], root)) < 0) {
				ann__error_set(&f->err, "out of memory");
				return -1;
			}
			reached |= ann_where_reached(f->wheres[i]);
		}
		looked(f, ANN_FILTER_WHERE, !reached);
		if (!any)
			return 0;
	}
	if (f->date_field == DF_PATH && (f->has_since || f->has_until)) {
		struct path_date d = { f, 0, 0 };
		int in = ann_path_each(f->date_path, root, path_date_fn, &d);
		looked(f, ANN_FILTER_DATE, !d.dated);
		if (!in)
			return 0;
	}
	return 1;
}

/*
 * Mark the record's projects that --project names; with no --project,
 * all.  Returns how many are marked, or -1 out of memory.
 */
static long
scope_projects(ann_filter *f, const ann_project *p, size_t n)
{
	long marked = 0;

	if (n > f->scope_cap) {
		unsigned char *s = realloc(f->in_scope, n);
		if (s == NULL)
			return -1;
		f->in_scope = s;
		f->scope_cap = n;
	}
	for (size_t i = 0; i < n; i++) {
		f->in_scope[i] = f->projects.n == 0 || says_any(p[i].id, &f->projects, 0) ||
		    says_any(p[i].name, &f->projects, 0);
		marked += f->in_scope[i];
	}
	return marked;
}

/* Is annotation set a in a project in scope?  Sets name their project by pointer. */
static int
set_in_scope(const ann_filter *f, const ann_annotation *a,
    const ann_project *p, size_t np)
{
	if (f->projects.n == 0 || a->project.p == NULL)
		return 1;
	for (size_t i = 0; i < np; i++)
		if (p[i].id.p == a->project.p)
			return f->in_scope[i];
	return 0;
}

/*
 * The statuses a task has, a bit each (ann_filter_status_name): its
 * projects' workflow statuses (of those in scope; scope NULL: all) and
 * what its sets in use say (use NULL: all).
 */
static unsigned
statuses_of(const ann_project *p, size_t np, const unsigned char *scope,
    const ann_annotation *sets, size_t nsets, const unsigned char *use)
{
	int labeled = 0, cancelled = 0, predicted = 0, reviewed = 0;
	unsigned bits = 0;

	/* A project's workflow status, spelled as Labelbox spells it or not. */
	for (size_t i = 0; i < np; i++) {
		char got[32];
		if ((scope != NULL && !scope[i]) ||
		    ann_json_typeof(p[i].status) != ANN_JSON_STRING ||
		    p[i].status.n > sizeof got)
			continue;
		int bit = ann__status_bit(got, ann_json_str_decode(p[i].status, got));
		if (bit >= 0 && bit < ST_WORKFLOW)
			bits |= 1u << bit;
	}
	for (size_t i = 0; i < nsets; i++) {
		if (use != NULL && !use[i])
			continue;
		if (sets[i].prediction)
			predicted = 1;
		else if (ann_json_typeof(sets[i].cancelled) == ANN_JSON_TRUE)
			cancelled = 1;
		else
			labeled = 1;
		reviewed |= nonempty(sets[i].reviews);
	}
	return bits | (unsigned)labeled << ST_LABELED |
	    (unsigned)(!labeled && !cancelled) << ST_UNLABELED |
	    (unsigned)(cancelled && !labeled) << ST_SKIPPED |
	    (unsigned)predicted << ST_PREDICTED | (unsigned)reviewed << ST_REVIEWED;
}

static int
status_matches(ann_filter *f, const ann_project *p, size_t np,
    const ann_annotation *sets, size_t nsets, const unsigned char *use)
{
	int told = 0;

	for (size_t i = 0; i < np; i++)
		told |= f->in_scope[i] && ann_json_typeof(p[i].status) == ANN_JSON_STRING;
	if (f->statuses & ((1u << ST_WORKFLOW) - 1))
		looked(f, ANN_FILTER_STATUS, !told);
	return (statuses_of(p, np, f->in_scope, sets, nsets, use) & f->statuses) != 0;
}

/* The newest annotation date, for Label Studio tasks without updated_at. */
static int
newest_annotation(const ann_annotation *sets, size_t n, int64_t *newest)
{
	int found = 0;
	int64_t t;

	for (size_t i = 0; i < n; i++) {
		if (sets[i].prediction)
			continue;
		if ((ann_date_value(sets[i].updated, &t) == 0 ||
		    ann_date_value(sets[i].created, &t) == 0) && (!found || t > *newest)) {
			*newest = t;
			found = 1;
		}
	}
	return found;
}

/* There, and not null. */
static int
present(ann_json_val v)
{
	ann_json_type t = ann_json_typeof(v);

	return t != ANN_JSON_NONE && t != ANN_JSON_NULL;
}

static int
is_labelbox(const ann_task *t)
{
	return t->shape == ANN_SHAPE_LABELBOX_V2 || t->shape == ANN_SHAPE_LABELBOX_V1;
}

/*
 * The record's date in the date field: 1 with *t, or 0 when it has none
 * (a label date: the first of its annotations in scope that is in range,
 * else any of them).
 */
static int
date_of(const ann_filter *f, const ann_task *t, const ann_annotation *sets,
    size_t nsets, const unsigned char *use, int64_t *when)
{
	ann_json_val v;
	int found = 0;

	switch (f->date_field) {
	case DF_ACTIVITY:
		if (present(t->updated) || is_labelbox(t))
			return ann_date_value(t->updated, when) == 0;
		/* Label Studio tasks without updated_at: their newest annotation. */
		return newest_annotation(sets, nsets, when);
	case DF_CREATED:
		return ann_date_value(t->created, when) == 0;
	case DF_UPDATED:
		if (t->shape == ANN_SHAPE_LABELBOX_V2)
			return ann_json_path(t->data, "details.updated_at", &v) == 0 &&
			    ann_date_value(v, when) == 0;
		return ann_date_value(t->updated, when) == 0;
	default:	/* a label date: any label of the projects in scope */
		for (size_t i = 0; i < nsets; i++) {
			int64_t d;
			if ((use != NULL && !use[i]) || sets[i].prediction || ann_date_value(
			    f->date_field == DF_LABEL_CREATED ? sets[i].created :
			    sets[i].updated, &d) != 0)
				continue;
			if (!found || in_range(f, d))
				*when = d;
			found = 1;
			if (in_range(f, d))
				break;
		}
		return found;
	}
}

static int
date_matches(ann_filter *f, const ann_task *t, const ann_annotation *sets,
    size_t nsets, const unsigned char *use)
{
	int64_t when = 0;
	int dated = date_of(f, t, sets, nsets, use, &when);

	looked(f, ANN_FILTER_DATE, !dated);
	return dated && in_range(f, when);
}

static int
author_matches(const ann_filter *f, ann_json_val who)
{
	for (size_t i = 0; i < f->annotators.n; i++)
		if (ann_author_is(who, f->annotators.v[i]))
			return 1;
	return 0;
}

static int
label_matches(ann_filter *f, const ann_annotation *a)
{
	const ann_region *r;
	size_t n;
	ann_json_iter it;
	ann_json_val e;

	if (ann_view_regions(f->view, a, &r, &n) < 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < r[i].nlabels; j++) {
			ann_json_val l = r[i].labels[j];
			if (ann_json_typeof(l) != ANN_JSON_ARRAY) {
				if (says_any(l, &f->labels, 0))
					return 1;
				continue;
			}
			/* A taxonomy path: any of its levels. */
			ann_json_iter_init(&it, l);
			while (ann_json_next_elem(&it, &e))
				if (says_any(e, &f->labels, 0))
					return 1;
		}
	return 0;
}

static int
has_regions(ann_filter *f, const ann_annotation *a)
{
	const ann_region *r;
	size_t n;

	return ann_view_regions(f->view, a, &r, &n) >= 0 && n > 0;
}

static int
score_matches(const ann_filter *f, ann_json_val score)
{
	double d;

	return ann_json_number(score, &d) == 0 &&
	    (!f->has_min || d >= f->min_score) && (!f->has_max || d <= f->max_score);
}

/* The tests over the annotation sets in scope, each "some set does". */
static int
match_sets(ann_filter *f, const ann_annotation *sets, size_t n,
    const unsigned char *use)
{
	int label = f->labels.n == 0, who = f->annotators.n == 0;
	int model = f->models.n == 0, score = !f->has_min && !f->has_max;
	unsigned has = 0;
	int regions = 0, authored = 0, versioned = 0, scored = 0, readable = 0;

	for (size_t i = 0; i < n; i++) {
		const ann_annotation *a = &sets[i];
		if (!use[i])
			continue;
		if (a->prediction) {
			versioned |= present(a->model_version);
			scored |= present(a->score);
		} else
			authored |= present(a->author);
		has |= a->prediction ? HAS_PREDICTIONS : HAS_ANNOTATIONS;
		has |= nonempty(a->reviews) ? HAS_REVIEWS : 0;
		readable |= ann_sets_from(&f->sets, a);
		if (!label && ann_sets_from(&f->sets, a) &&
		    ann_json_typeof(a->cancelled) != ANN_JSON_TRUE)
			label = label_matches(f, a);
		if (!who && !a->prediction)
			who = author_matches(f, a->author);
		if (!model && a->prediction)
			model = says_any(a->model_version, &f->models, 0);
		if (!score && a->prediction)
			score = score_matches(f, a->score);
		if (f->empty && !regions)
			regions = has_regions(f, a);
	}
	/* Lacking: sets of the kind the test reads are there, none with the field. */
	if (f->annotators.n > 0 && (has & HAS_ANNOTATIONS))
		looked(f, ANN_FILTER_ANNOTATOR, !authored);
	if (f->models.n > 0 && (has & HAS_PREDICTIONS))
		looked(f, ANN_FILTER_MODEL, !versioned);
	if ((f->has_min || f->has_max) && (has & HAS_PREDICTIONS))
		looked(f, ANN_FILTER_SCORE, !scored);
	if (f->labels.n > 0 && has != 0)
		looked(f, ANN_FILTER_LABEL, !readable);
	return label && who && model && score && (f->has == 0 || (has & f->has) != 0) &&
	    !(f->empty && regions);
}

/* Do the tests left need the annotation sets, or only the task and projects? */
static int
needs_sets(const ann_filter *f, const ann_task *t)
{
	int dated = f->has_since || f->has_until;

	return (f->statuses >> ST_WORKFLOW) != 0 || f->labels.n > 0 ||
	    f->annotators.n > 0 || f->models.n > 0 || f->has_min || f->has_max ||
	    f->has != 0 || f->empty || (dated && (f->date_field == DF_LABEL_CREATED ||
	    f->date_field == DF_LABEL_UPDATED ||
	    (f->date_field == DF_ACTIVITY && !present(t->updated) && !is_labelbox(t))));
}

static int
match_view(ann_filter *f, const ann_record *rec)
{
	const ann_project *p;
	const ann_annotation *sets = NULL;
	size_t nsets = 0;
	unsigned char use[256], *usep = use;
	int ok = 0;

	if (f->view == NULL && (f->view = ann_view_new()) == NULL)
		goto oom;
	if (ann_view_load_record(f->view, rec) != ANN_OK) {
		ann__error_set(&f->err, "%s", ann_view_errmsg(f->view));
		return -1;
	}
	const ann_task *t = ann_view_task(f->view);
	size_t np = ann_view_projects(f->view, &p);
	long scoped = scope_projects(f, p, np);
	if (scoped < 0)
		goto oom;
	if (f->projects.n > 0) {
		int named = 0;
		for (size_t i = 0; i < np; i++)
			named |= present(p[i].id) || present(p[i].name);
		looked(f, ANN_FILTER_PROJECT, !named);
		if (scoped == 0)
			return 0;
	}
	if (f->datasets.n > 0) {
		looked(f, ANN_FILTER_DATASET,
		    !present(t->dataset_id) && !present(t->dataset_name));
		if (!says_any(t->dataset_id, &f->datasets, 0) &&
		    !says_any(t->dataset_name, &f->datasets, 0))
			return 0;
	}
	if (f->batches.n > 0) {
		int any = 0, told = 0;
		for (size_t i = 0; i < np; i++) {
			told |= f->in_scope[i] && (present(p[i].batch_id) ||
			    present(p[i].batch_name));
			any |= f->in_scope[i] && (says_any(p[i].batch_id, &f->batches, 0) ||
			    says_any(p[i].batch_name, &f->batches, 0));
		}
		looked(f, ANN_FILTER_BATCH, !told);
		if (!any)
			return 0;
	}
	if (needs_sets(f, t) &&
	    ann_view_annotations(f->view, &sets, &nsets) != ANN_OK)
		goto oom;
	if (nsets > sizeof use && (usep = malloc(nsets)) == NULL)
		goto oom;
	for (size_t i = 0; i < nsets; i++)
		usep[i] = (unsigned char)set_in_scope(f, &sets[i], p, np);
	ok = (f->statuses == 0 || status_matches(f, p, np, sets, nsets, usep)) &&
	    (f->date_field == DF_PATH || (!f->has_since && !f->has_until) ||
	    date_matches(f, t, sets, nsets, usep)) &&
	    match_sets(f, sets, nsets, usep);
	if (usep != use)
		free(usep);
	return ok;
oom:
	ann__error_set(&f->err, "out of memory");
	return -1;
}

int
ann_filter_match(ann_filter *f, const ann_record *rec)
{
	int r = match_raw(f, rec);

	if (r != 1 || !ann_filter_uses_view(f))
		return r;
	return match_view(f, rec);
}

unsigned
ann_filter_task_statuses(const ann_project *p, size_t np,
    const ann_annotation *sets, size_t nsets)
{
	return statuses_of(p, np, NULL, sets, nsets, NULL);
}

int
ann_filter_task_date(const ann_filter *f, const ann_task *t,
    const ann_annotation *sets, size_t nsets, int64_t *when)
{
	if (f->date_field == DF_PATH) {
		struct path_date d = { f, 0, 0 };
		ann_path_each(f->date_path, t->record, path_date_fn, &d);
		*when = d.when;
		return d.dated;
	}
	return date_of(f, t, sets, nsets, NULL, when);
}
