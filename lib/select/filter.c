/*
 * filter.c: building a filter from command-line values, each checked when
 * it is given, so that a typo is a usage error and not a silent no-match.
 * The tests themselves are in filter_match.c.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ann_core.h"
#include "ann_filter.h"
#include "filter_private.h"
#include "util_private.h"

static const char *const status_names[] = {
	"TO_LABEL", "IN_REVIEW", "IN_REWORK", "DONE",
	"labeled", "unlabeled", "skipped", "predicted", "reviewed"
};

static const char *const date_fields[] = {
	"activity", "created", "updated", "label-created", "label-updated"
};

ann_filter *
ann_filter_new(void)
{
	ann_filter *f = calloc(1, sizeof *f);

	if (f == NULL)
		return NULL;
	f->date_field = DF_ACTIVITY;
	f->sets.from = ANN_SETS_ANNOTATIONS;
	return f;
}

static void
strlist_free(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

void
ann_filter_free(ann_filter *f)
{
	if (f == NULL)
		return;
	ann_view_free(f->view);
	ann_path_free(f->date_path);
	free(f->date_path_text);
	strlist_free(&f->projects);
	strlist_free(&f->datasets);
	strlist_free(&f->batches);
	strlist_free(&f->labels);
	strlist_free(&f->annotators);
	strlist_free(&f->models);
	ann_idset_free(f->ids);
	for (size_t i = 0; i < f->nwheres; i++)
		ann_where_free(f->wheres[i]);
	free(f->wheres);
	free(f->in_scope);
	free(f);
}

const char *
ann_filter_errmsg(const ann_filter *f)
{
	return f->err.msg;
}

static ann_status
fail(ann_filter *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ann__error_vset(&f->err, fmt, ap);
	va_end(ap);
	return ANN_FAILED;
}

static ann_status
add(ann_filter *f, struct strlist *l, const char *s)
{
	char **v = realloc(l->v, (l->n + 1) * sizeof *v);

	if (v == NULL || (v[l->n] = strdup(s)) == NULL) {
		if (v != NULL)
			l->v = v;
		return fail(f, "out of memory");
	}
	l->v = v;
	l->n++;
	f->needs_view = 1;
	return ANN_OK;
}

/* "in_review", "InReview", "IN-REVIEW": one spelling, for comparing. */
static size_t
fold_status(const char *s, size_t n, char *out, size_t cap)
{
	size_t o = 0;

	for (size_t i = 0; i < n && o < cap; i++)
		if (s[i] != '_' && s[i] != '-' && s[i] != ' ')
			out[o++] = (char)toupper((unsigned char)s[i]);
	return o;
}

const char *
ann_filter_status_names(void)
{
	return "TO_LABEL, IN_REVIEW, IN_REWORK, DONE (Labelbox); labeled, "
	    "unlabeled, skipped, predicted, reviewed";
}

const char *
ann_filter_status_name(unsigned bit)
{
	return bit < sizeof status_names / sizeof *status_names ?
	    status_names[bit] : NULL;
}

int
ann__status_bit(const char *status, size_t len)
{
	char want[32], name[32];
	size_t n = fold_status(status, len, want, sizeof want);

	if (len > sizeof want)
		return -1;
	for (size_t i = 0; i < sizeof status_names / sizeof *status_names; i++) {
		const char *s = status_names[i];
		if (fold_status(s, strlen(s), name, sizeof name) == n &&
		    memcmp(name, want, n) == 0)
			return (int)i;
	}
	return -1;
}

ann_status
ann_filter_status(ann_filter *f, const char *status)
{
	int bit = ann__status_bit(status, strlen(status));

	if (bit < 0)
		return fail(f, "unknown status \"%s\"; the statuses are %s", status,
		    ann_filter_status_names());
	f->statuses |= 1u << bit;
	f->needs_view = 1;
	return ANN_OK;
}

ann_status
ann_filter_date_field(ann_filter *f, const char *field)
{
	for (size_t i = 0; i < sizeof date_fields / sizeof *date_fields; i++)
		if (strcmp(field, date_fields[i]) == 0) {
			f->date_field = (int)i;
			return ANN_OK;
		}
	ann_path_free(f->date_path);
	free(f->date_path_text);
	f->date_path_text = NULL;
	f->date_path = ann_path_new(field, &f->err);
	if (f->date_path == NULL)
		return ANN_FAILED;
	if ((f->date_path_text = strdup(field)) == NULL)
		return fail(f, "out of memory");
	f->date_field = DF_PATH;
	return ANN_OK;
}

static ann_status
set_date(ann_filter *f, const char *date, int64_t now, int until)
{
	int64_t t;

	if (ann_date_arg(date, now, until, &t) != 0)
		return fail(f, "\"%s\" is not a date (YYYY-MM-DD, "
		    "YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM], or 7d, 24h, 30m ago)", date);
	if (until) {
		f->has_until = 1;
		f->until = t;
	} else {
		f->has_since = 1;
		f->since = t;
	}
	return ANN_OK;
}

ann_status
ann_filter_since(ann_filter *f, const char *date, int64_t now)
{
	return set_date(f, date, now, 0);
}

ann_status
ann_filter_until(ann_filter *f, const char *date, int64_t now)
{
	return set_date(f, date, now, 1);
}

ann_status ann_filter_project(ann_filter *f, const char *s) { return add(f, &f->projects, s); }
ann_status ann_filter_dataset(ann_filter *f, const char *s) { return add(f, &f->datasets, s); }
ann_status ann_filter_batch(ann_filter *f, const char *s) { return add(f, &f->batches, s); }
ann_status ann_filter_label(ann_filter *f, const char *s) { return add(f, &f->labels, s); }
ann_status ann_filter_annotator(ann_filter *f, const char *s) { return add(f, &f->annotators, s); }
ann_status ann_filter_model_version(ann_filter *f, const char *s) { return add(f, &f->models, s); }

ann_status
ann_filter_min_score(ann_filter *f, double min)
{
	f->has_min = 1;
	f->min_score = min;
	f->needs_view = 1;
	return ANN_OK;
}

ann_status
ann_filter_max_score(ann_filter *f, double max)
{
	f->has_max = 1;
	f->max_score = max;
	f->needs_view = 1;
	return ANN_OK;
}

ann_status
ann_filter_has(ann_filter *f, const char *what)
{
	if (strcmp(what, "annotations") == 0)
		f->has |= HAS_ANNOTATIONS;
	else if (strcmp(what, "predictions") == 0)
		f->has |= HAS_PREDICTIONS;
	else if (strcmp(what, "reviews") == 0)
		f->has |= HAS_REVIEWS;
	else
		return fail(f, "expected annotations, predictions or reviews");
	f->needs_view = 1;
	return ANN_OK;
}

ann_status
ann_filter_empty(ann_filter *f)
{
	f->empty = 1;
	f->needs_view = 1;
	return ANN_OK;
}

ann_status
ann_filter_id(ann_filter *f, const char *id)
{
	if (f->ids == NULL && (f->ids = ann_idset_new()) == NULL)
		return fail(f, "out of memory");
	if (ann_idset_add(f->ids, id, strlen(id)) != ANN_OK)
		return fail(f, "out of memory");
	return ANN_OK;
}

ann_status
ann_filter_id_file(ann_filter *f, const char *path)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	ann_status st = ANN_OK;

	if (fp == NULL)
		return fail(f, "%s: %s", path, strerror(errno));
	if (f->ids == NULL && (f->ids = ann_idset_new()) == NULL)
		st = fail(f, "out of memory");
	while (st == ANN_OK && (n = getline(&line, &cap, fp)) >= 0) {
		char *s = line;
		while (n > 0 && isspace((unsigned char)s[n - 1]))
			n--;
		while (n > 0 && isspace((unsigned char)*s))
			s++, n--;
		if (n > 0 && ann_idset_add(f->ids, s, (size_t)n) != ANN_OK)
			st = fail(f, "%s: out of memory", path);
	}
	if (st == ANN_OK && ferror(fp))
		st = fail(f, "%s: %s", path, strerror(errno));
	free(line);
	if (fp != stdin)
		fclose(fp);
	return st;
}

ann_status
ann_filter_where(ann_filter *f, const char *expr)
{
	ann_where **w = realloc(f->wheres, (f->nwheres + 1) * sizeof *w);

	if (w == NULL)
		return fail(f, "out of memory");
	f->wheres = w;
	if ((w[f->nwheres] = ann_where_new(expr, &f->err)) == NULL)
		return ANN_FAILED;
	f->nwheres++;
	return ANN_OK;
}

ann_status
ann_filter_sample(ann_filter *f, double p, uint64_t seed)
{
	if (!(p > 0 && p <= 1))
		return fail(f, "a sample is a fraction above 0 and at most 1");
	f->sample = 1;
	f->seed = seed;
	f->sample_below = p >= 1 ? UINT64_MAX : (uint64_t)ldexp(p, 64);
	return ANN_OK;
}

ann_status
ann_filter_shard(ann_filter *f, uint64_t i, uint64_t n)
{
	if (n == 0 || i >= n)
		return fail(f, "shard %llu of %llu: shards are numbered from 0 to N-1",
		    (unsigned long long)i, (unsigned long long)n);
	f->shard_i = i;
	f->shard_n = n;
	return ANN_OK;
}

void
ann_filter_sets(ann_filter *f, unsigned from)
{
	f->sets.from = from;
}

int
ann_filter_uses_view(const ann_filter *f)
{
	int dated = f->has_since || f->has_until;

	return f->needs_view || (dated && f->date_field != DF_PATH);
}

/* What each named date field reads, as ann_filter_absent says it. */
static const char *const date_texts[] = {
	[DF_ACTIVITY] = "updated_at (Labelbox: last_activity_at)",
	[DF_CREATED] = "created_at",
	[DF_UPDATED] = "updated_at",
	[DF_LABEL_CREATED] = "their annotations' created_at",
	[DF_LABEL_UPDATED] = "their annotations' updated_at",
};

/* Which tests were given, and the field each reads, for ann_filter_absent. */
static int
given(const ann_filter *f, ann_filter_field t)
{
	switch (t) {
	case ANN_FILTER_DATE: return f->has_since || f->has_until;
	case ANN_FILTER_STATUS: return (f->statuses & ((1u << ST_WORKFLOW) - 1)) != 0;
	case ANN_FILTER_PROJECT: return f->projects.n > 0;
	case ANN_FILTER_DATASET: return f->datasets.n > 0;
	case ANN_FILTER_BATCH: return f->batches.n > 0;
	case ANN_FILTER_ANNOTATOR: return f->annotators.n > 0;
	case ANN_FILTER_MODEL: return f->models.n > 0;
	case ANN_FILTER_SCORE: return f->has_min || f->has_max;
	case ANN_FILTER_LABEL: return f->labels.n > 0;
	case ANN_FILTER_ID: return f->ids != NULL;
	case ANN_FILTER_WHERE: return f->nwheres > 0;
	default: return 0;
	}
}

int
ann_filter_absent(const ann_filter *f, ann_filter_field t, uint64_t *absent,
    uint64_t *seen, char *buf, size_t cap)
{
	*absent = *seen = 0;
	if (cap > 0)
		buf[0] = '\0';
	if (t >= ANN_FILTER_NFIELDS || !given(f, t))
		return 0;
	*absent = f->absent[t];
	*seen = f->seen[t];
	switch (t) {
	case ANN_FILTER_DATE:
		snprintf(buf, cap, "date in %s", f->date_field == DF_PATH ?
		    f->date_path_text : date_texts[f->date_field]);
		break;
	case ANN_FILTER_STATUS:
		snprintf(buf, cap, "workflow status (projects' project_details."
		    "workflow_status)");
		break;
	case ANN_FILTER_PROJECT:
		snprintf(buf, cap, "project (project; Labelbox: projects)");
		break;
	case ANN_FILTER_DATASET:
		snprintf(buf, cap, "dataset (data_row.details.dataset_id or "
		    "dataset_name)");
		break;
	case ANN_FILTER_BATCH:
		snprintf(buf, cap, "batch (projects' project_details.batch_id or "
		    "batch_name)");
		break;
	case ANN_FILTER_ANNOTATOR:
		snprintf(buf, cap, "author in their annotations (completed_by; "
		    "Labelbox: label_details.created_by)");
		break;
	case ANN_FILTER_MODEL:
		snprintf(buf, cap, "model_version in their predictions");
		break;
	case ANN_FILTER_LABEL:
		snprintf(buf, cap, "%s", ann_sets_from(&f->sets, &(ann_annotation){
		    .prediction = 1 }) ? "predictions, only annotations" :
		    "annotations, only predictions");
		break;
	case ANN_FILTER_SCORE:
		snprintf(buf, cap, "score in their predictions");
		break;
	case ANN_FILTER_ID:
		snprintf(buf, cap, "task id or global key");
		break;
	default:
		snprintf(buf, cap, "value at %s%s", ann_where_path(f->wheres[0]),
		    f->nwheres > 1 ? " or the other paths" : "");
		break;
	}
	return 1;
}
