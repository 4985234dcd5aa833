/*
 * stats_out.c: the counts of stats.c written out as text tables with
 * bars, one JSON object, or TSV rows.  It only reads the counter.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "ann_filter.h"
#include "ann_json.h"
#include "ann_stats.h"
#include "stats_private.h"

static const char *const by_names[ANN_STATS_NBY] = {
	"status", "label", "annotator", "kind", "project", "dataset", "model",
	"day", "week"
};

/* What a breakdown's keyless count counts ("" where nothing lacks a key). */
static const char *const keyless_unit[ANN_STATS_NBY] = {
	"", "regions", "annotations", "", "tasks", "tasks", "predictions",
	"tasks", "tasks"
};

const char *
ann_stats_by_name(ann_stats_by b)
{
	return b < ANN_STATS_NBY ? by_names[b] : NULL;
}

int
ann_stats_by_parse(const char *name)
{
	for (int b = 0; b < ANN_STATS_NBY; b++)
		if (strcmp(name, by_names[b]) == 0)
			return b;
	return -1;
}

/* The columns a breakdown shows, the first one sorting it and barred. */

static const char *const col_names[C_N] = {
	"tasks", "annotations", "cancelled", "predictions", "regions",
	"lead_median"
};

static const enum col cols_of[ANN_STATS_NBY][6] = {
	[ANN_STATS_STATUS] = { C_TASKS, C_N },
	[ANN_STATS_LABEL] = { C_REGIONS, C_TASKS, C_N },
	[ANN_STATS_ANNOTATOR] = { C_ANNOTATIONS, C_TASKS, C_CANCELLED, C_REGIONS,
	    C_LEAD, C_N },
	[ANN_STATS_KIND] = { C_REGIONS, C_TASKS, C_N },
	[ANN_STATS_PROJECT] = { C_TASKS, C_N },
	[ANN_STATS_DATASET] = { C_TASKS, C_N },
	[ANN_STATS_MODEL] = { C_PREDICTIONS, C_TASKS, C_REGIONS, C_N },
	[ANN_STATS_DAY] = { C_TASKS, C_N },
	[ANN_STATS_WEEK] = { C_TASKS, C_N },
};

static uint64_t
count_of(const struct entry *e, enum col c)
{
	switch (c) {
	case C_TASKS: return e->tasks;
	case C_ANNOTATIONS: return e->annotations;
	case C_CANCELLED: return e->cancelled;
	case C_PREDICTIONS: return e->predictions;
	case C_REGIONS: return e->regions;
	default: return 0;
	}
}

/* Rounded to three significant digits: the histogram is no finer. */
static double
sig3(double d)
{
	double m;

	if (d <= 0)
		return d;
	m = pow(10, 2 - floor(log10(d)));
	return round(d * m) / m;
}

/* A cell's text: a count, or a lead time ("" when there is none). */
static int
cell(ann_buf *b, const struct entry *e, enum col c)
{
	if (c != C_LEAD)
		return ann_buf_printf(b, "%llu", (unsigned long long)count_of(e, c));
	double q = lead_quantile(e->lead, 0.5);
	return q < 0 ? 0 : ann_buf_decimal(b, sig3(q), 3);
}


static int
status_rank(const char *key)
{
	for (unsigned b = 0; ann_filter_status_name(b) != NULL; b++)
		if (strcmp(key, ann_filter_status_name(b)) == 0)
			return (int)b;
	return -1;
}

#define ENTRIES(x, y) \
	const struct entry *a = *(const struct entry *const *)(x); \
	const struct entry *b = *(const struct entry *const *)(y)

/* Statuses in ann-select's order, */
static int
cmp_status(const void *x, const void *y)
{
	ENTRIES(x, y);
	return status_rank(a->key) - status_rank(b->key);
}

/* dates in time, */
static int
cmp_key(const void *x, const void *y)
{
	ENTRIES(x, y);
	return strcmp(a->key, b->key);
}

/* the rest most first by their first column, then by key. */
#define CMP_MOST(name, field) \
static int \
name(const void *x, const void *y) \
{ \
	ENTRIES(x, y); \
	if (a->field != b->field) \
		return a->field > b->field ? -1 : 1; \
	return strcmp(a->key, b->key); \
}
CMP_MOST(cmp_tasks, tasks)
CMP_MOST(cmp_annotations, annotations)
CMP_MOST(cmp_predictions, predictions)
CMP_MOST(cmp_regions, regions)

static int
sort_table(const struct table *t, ann_stats_by by, struct sorted *out)
{
	int (*cmp)(const void *, const void *);

	switch (by) {
	case ANN_STATS_STATUS: cmp = cmp_status; break;
	case ANN_STATS_DAY: case ANN_STATS_WEEK: cmp = cmp_key; break;
	default:
		switch (cols_of[by][0]) {
		case C_ANNOTATIONS: cmp = cmp_annotations; break;
		case C_PREDICTIONS: cmp = cmp_predictions; break;
		case C_REGIONS: cmp = cmp_regions; break;
		default: cmp = cmp_tasks; break;
		}
	}
	out->n = t->n;
	if ((out->e = malloc((t->n + 1) * sizeof *out->e)) == NULL)
		return -1;
	for (size_t i = 0; i < t->n; i++)
		out->e[i] = &t->e[i];
	qsort(out->e, out->n, sizeof *out->e, cmp);
	return 0;
}

/* Display width of UTF-8 text: its code points. */
static size_t
width(const char *s, size_t n)
{
	size_t w = 0;

	for (size_t i = 0; i < n; i++)
		w += ((unsigned char)s[i] & 0xC0) != 0x80;
	return w;
}

static int
pad(ann_buf *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ann_buf_put(b, " ", 1) != 0)
			return -1;
	return 0;
}

#define BAR_CELLS 30

/* v of max as a bar of up to BAR_CELLS cells, in eighths of a cell. */
static int
bar(ann_buf *b, uint64_t v, uint64_t max)
{
	static const char *const part[8] = { "", "\u258F", "\u258E", "\u258D",
	    "\u258C", "\u258B", "\u258A", "\u2589" };
	uint64_t eighths;

	if (max == 0 || v == 0)
		return 0;
	eighths = (uint64_t)llround((double)v / (double)max * BAR_CELLS * 8);
	if (eighths == 0)
		eighths = 1;
	for (uint64_t i = 0; i < eighths / 8; i++)
		if (ann_buf_printf(b, "\u2588") != 0)
			return -1;
	return ann_buf_printf(b, "%s", part[eighths % 8]);
}

static int
text_totals(const ann_stats *s, ann_buf *b)
{
	const struct { const char *name; uint64_t n; } rows[] = {
		{ "tasks", s->tasks },
		{ "  without annotations", s->unannotated },
		{ "annotations", s->annotations },
		{ "  cancelled", s->cancelled },
		{ "  ground truth", s->ground_truth },
		{ "predictions", s->predictions },
		{ "regions", s->regions },
		{ "  without a label", s->unlabeled },
		{ "reviews", s->reviews },
		{ "  accepted", s->accepted },
		{ "  rejected", s->rejected },
	};
	double med = lead_quantile(&s->lead, 0.5), p90 = lead_quantile(&s->lead, 0.9);

	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
		if (ann_buf_printf(b, "%-22s %12llu\n", rows[i].name,
		    (unsigned long long)rows[i].n) != 0)
			return -1;
	if (med < 0)
		return ann_buf_printf(b, "%-22s %12s\n", "lead time (s)", "-");
	return ann_buf_printf(b, "%-22s %12s", "lead time (s)", "median ") ||
	    ann_buf_decimal(b, sig3(med), 3) || ann_buf_printf(b, ", p90 ") ||
	    ann_buf_decimal(b, sig3(p90), 3) || ann_buf_printf(b, "\n");
}

static int
text_table(const ann_stats *s, ann_stats_by by, const struct sorted *t, ann_buf *b)
{
	const struct table *tb = &s->by[by];
	const enum col *cols = cols_of[by];
	size_t kw = strlen(by_names[by]) + 3, cw[C_N] = { 0 };
	uint64_t max = tb->other.tasks + tb->other.regions + tb->other.annotations +
	    tb->other.predictions > 0 ? count_of(&tb->other, cols[0]) : 0;
	ann_buf c = { 0 };
	int r = -1;

	for (size_t i = 0; i < t->n; i++) {
		kw = kw > width(t->e[i]->key, t->e[i]->len) ? kw :
		    width(t->e[i]->key, t->e[i]->len);
		max = count_of(t->e[i], cols[0]) > max ? count_of(t->e[i], cols[0]) : max;
	}
	kw = kw < 7 ? 7 : kw;	/* "(other)" */
	for (size_t j = 0; cols[j] != C_N; j++) {
		cw[j] = strlen(col_names[cols[j]]);
		for (size_t i = 0; i <= t->n; i++) {
			const struct entry *e = i < t->n ? t->e[i] : &tb->other;
			c.len = 0;
			if (cell(&c, e, cols[j]) != 0)
				goto out;
			cw[j] = c.len > cw[j] ? c.len : cw[j];
		}
	}
	if (ann_buf_printf(b, "\nby %s", by_names[by]) != 0 ||
	    pad(b, kw - strlen(by_names[by]) - 3) != 0)
		goto out;
	for (size_t j = 0; cols[j] != C_N; j++)
		if (ann_buf_printf(b, "  %*s", (int)cw[j], col_names[cols[j]]) != 0)
			goto out;
	if (ann_buf_printf(b, "\n") != 0)
		goto out;
	for (size_t i = 0; i <= t->n; i++) {
		const struct entry *e = i < t->n ? t->e[i] : &tb->other;
		const char *key = i < t->n ? e->key : "(other)";
		if (i == t->n && tb->folded == 0)
			break;
		if (ann_buf_printf(b, "%s", key) != 0 ||
		    pad(b, kw - width(key, strlen(key))) != 0)
			goto out;
		for (size_t j = 0; cols[j] != C_N; j++) {
			c.len = 0;
			if (cell(&c, e, cols[j]) != 0 || ann_buf_printf(b, "  %*.*s",
			    (int)cw[j], (int)c.len, c.len ? c.p : "") != 0)
				goto out;
		}
		if (!s->o.no_chart && (ann_buf_printf(b, "  ") != 0 ||
		    bar(b, count_of(e, cols[0]), max) != 0))
			goto out;
		/* No trailing blanks when the bar is empty. */
		while (b->len > 0 && b->p[b->len - 1] == ' ')
			b->len--;
		if (ann_buf_printf(b, "\n") != 0)
			goto out;
	}
	if (tb->keyless > 0 && ann_buf_printf(b, "(none): %llu %s\n",
	    (unsigned long long)tb->keyless, keyless_unit[by]) != 0)
		goto out;
	r = 0;
out:
	ann_buf_free(&c);
	return r;
}

/* A figure with 6 decimals, or null. */
static int
json_figure(ann_buf *b, double d)
{
	return isfinite(d) ? ann_buf_decimal(b, d, 6) : ann_buf_printf(b, "null");
}

/* A pair's key "A\x1fB" split. */
static size_t
pair_split(const struct entry *e)
{
	return strcspn(e->key, "\x1f");
}

static int
json_agreement(const ann_stats *s, ann_buf *b)
{
	const struct agree *g = &s->agree;

	if (ann_buf_printf(b, ",\"agreement\":{\"tasks\":%llu,\"classification\":"
	    "{\"items\":%llu,\"percent\":", (unsigned long long)g->tasks,
	    (unsigned long long)g->items) != 0 ||
	    json_figure(b, g->items ? 100 * g->sum_p / (double)g->items : NAN) != 0 ||
	    ann_buf_printf(b, ",\"fleiss_kappa\":") != 0 ||
	    json_figure(b, ann__stats_fleiss(g)) != 0 ||
	    ann_buf_printf(b, "},\"regions\":{\"matched\":%llu,\"f1\":",
	    (unsigned long long)g->reg_match) != 0 ||
	    json_figure(b, ann__stats_f1(g->reg_match, g->reg_a, g->reg_b)) != 0 ||
	    ann_buf_printf(b, "},\"spans\":{\"exact_f1\":") != 0 ||
	    json_figure(b, ann__stats_f1(g->span_exact, g->span_a, g->span_b)) != 0 ||
	    ann_buf_printf(b, ",\"overlap_f1\":") != 0 ||
	    json_figure(b, ann__stats_f1(g->span_overlap, g->span_a, g->span_b)) != 0 ||
	    ann_buf_printf(b, "},\"pairs\":[") != 0)
		return -1;
	for (size_t i = 0; i < g->pairs.n; i++) {
		const struct entry *e = &g->pairs.e[i];
		const struct pairstat *p = e->pair;
		size_t k = pair_split(e);
		if (ann_buf_printf(b, "%s{\"a\":", i ? "," : "") != 0 ||
		    ann_buf_json_string(b, e->key, k) != 0 ||
		    ann_buf_printf(b, ",\"b\":") != 0 ||
		    ann_buf_json_string(b, e->key + k + 1, e->len - k - 1) != 0 ||
		    ann_buf_printf(b, ",\"items\":%llu,\"percent\":",
		    (unsigned long long)p->items) != 0 ||
		    json_figure(b, p->items ? 100.0 * (double)p->agree /
		    (double)p->items : NAN) != 0 ||
		    ann_buf_printf(b, ",\"cohen_kappa\":") != 0 ||
		    json_figure(b, ann__stats_kappa(p)) != 0 ||
		    ann_buf_printf(b, ",\"region_f1\":") != 0 ||
		    json_figure(b, ann__stats_f1(p->reg_match, p->reg_a, p->reg_b)) != 0 ||
		    ann_buf_printf(b, ",\"span_exact_f1\":") != 0 ||
		    json_figure(b, ann__stats_f1(p->span_exact, p->span_a, p->span_b)) != 0 ||
		    ann_buf_printf(b, ",\"span_overlap_f1\":") != 0 ||
		    json_figure(b, ann__stats_f1(p->span_overlap, p->span_a, p->span_b)) != 0 ||
		    ann_buf_printf(b, "}") != 0)
			return -1;
	}
	return ann_buf_printf(b, "]}");
}

int
ann_stats_task_header(ann_stats_format f, ann_buf *out)
{
	if (f == ANN_STATS_JSON)
		return 0;
	return ann_buf_printf(out, "task\tannotators\titems\tpercent\t"
	    "region_f1\tspan_exact_f1\tspan_overlap_f1\n");
}

/* A figure in a TSV cell: 6 decimals, or empty. */
static int
tsv_figure(ann_buf *b, double d)
{
	if (ann_buf_put(b, "\t", 1) != 0)
		return -1;
	return isfinite(d) ? ann_buf_decimal(b, d, 6) : 0;
}

int
ann_stats_task_agreement(const ann_stats *s, ann_stats_format f, ann_buf *out)
{
	const struct agree_fig *t = &s->agree.task;
	const ann_buf *id = &s->task_id;
	double fig[4] = {
		t->items ? 100.0 * (double)t->agree / (double)t->items : NAN,
		ann__stats_f1(t->reg_match, t->reg_a, t->reg_b),
		ann__stats_f1(t->span_exact, t->span_a, t->span_b),
		ann__stats_f1(t->span_overlap, t->span_a, t->span_b),
	};
	static const char *const name[4] = { "percent", "region_f1",
	    "span_exact_f1", "span_overlap_f1" };

	if (!s->o.agreement || t->raters < 2)
		return 0;
	if (f != ANN_STATS_JSON) {
		/* The id's own tabs and line breaks would shift the columns. */
		for (size_t i = 0; i < id->len; i++) {
			char c = id->p[i];
			if (ann_buf_put(out, c == '\t' || c == '\n' || c == '\r' ?
			    " " : &c, 1) != 0)
				return -1;
		}
		if (ann_buf_printf(out, "\t%llu\t%llu", (unsigned long long)t->raters,
		    (unsigned long long)t->items) != 0)
			return -1;
		for (int i = 0; i < 4; i++)
			if (tsv_figure(out, fig[i]) != 0)
				return -1;
		return ann_buf_put(out, "\n", 1) != 0 ? -1 : 1;
	}
	if (ann_buf_printf(out, "{\"task\":") != 0 ||
	    (id->len == 0 ? ann_buf_printf(out, "null") : s->task_id_number ?
	    ann_buf_put(out, id->p, id->len) :
	    ann_buf_json_string(out, id->p, id->len)) != 0 ||
	    ann_buf_printf(out, ",\"annotators\":%llu,\"items\":%llu",
	    (unsigned long long)t->raters, (unsigned long long)t->items) != 0)
		return -1;
	for (int i = 0; i < 4; i++)
		if (ann_buf_printf(out, ",\"%s\":", name[i]) != 0 ||
		    json_figure(out, fig[i]) != 0)
			return -1;
	return ann_buf_printf(out, "}\n") != 0 ? -1 : 1;
}

/* A figure for the text tables: 3 decimals, or "-". */
static int
text_figure(ann_buf *b, int w, double d)
{
	if (!isfinite(d))
		return ann_buf_printf(b, "  %*s", w, "-");
	return ann_buf_printf(b, "  %*.3f", w, d);
}

static int
text_agreement(const ann_stats *s, ann_buf *b)
{
	const struct agree *g = &s->agree;
	size_t wa = 1, wb = 1;

	if (ann_buf_printf(b, "\nagreement: %llu tasks with two annotators or more\n"
	    "%-22s %12llu\n", (unsigned long long)g->tasks,
	    "classification items", (unsigned long long)g->items) != 0 ||
	    ann_buf_printf(b, "%-22s", "  percent agreement") != 0 ||
	    text_figure(b, 11, g->items ? 100 * g->sum_p / (double)g->items : NAN) != 0 ||
	    ann_buf_printf(b, "\n%-22s", "  Fleiss' kappa") != 0 ||
	    text_figure(b, 11, ann__stats_fleiss(g)) != 0 ||
	    ann_buf_printf(b, "\n%-22s", "regions F1") != 0 ||
	    text_figure(b, 11, ann__stats_f1(g->reg_match, g->reg_a, g->reg_b)) != 0 ||
	    ann_buf_printf(b, "\n%-22s", "spans exact F1") != 0 ||
	    text_figure(b, 11, ann__stats_f1(g->span_exact, g->span_a, g->span_b)) != 0 ||
	    ann_buf_printf(b, "\n%-22s", "spans overlap F1") != 0 ||
	    text_figure(b, 11, ann__stats_f1(g->span_overlap, g->span_a, g->span_b)) != 0 ||
	    ann_buf_printf(b, "\n") != 0)
		return -1;
	if (g->pairs.n == 0)
		return 0;
	for (size_t i = 0; i < g->pairs.n; i++) {
		const struct entry *e = &g->pairs.e[i];
		size_t k = pair_split(e);
		wa = width(e->key, k) > wa ? width(e->key, k) : wa;
		wb = width(e->key + k + 1, e->len - k - 1) > wb ?
		    width(e->key + k + 1, e->len - k - 1) : wb;
	}
	if (ann_buf_printf(b, "\n%-*s  %-*s  %7s  %7s  %7s  %9s  %10s  %12s\n",
	    (int)wa, "a", (int)wb, "b", "items", "percent", "kappa", "region_f1",
	    "span_exact", "span_overlap") != 0)
		return -1;
	for (size_t i = 0; i < g->pairs.n; i++) {
		const struct entry *e = &g->pairs.e[i];
		const struct pairstat *p = e->pair;
		size_t k = pair_split(e);
		if (ann_buf_put(b, e->key, k) != 0 || pad(b, wa - width(e->key, k) + 2) != 0 ||
		    ann_buf_put(b, e->key + k + 1, e->len - k - 1) != 0 ||
		    pad(b, wb - width(e->key + k + 1, e->len - k - 1)) != 0 ||
		    ann_buf_printf(b, "  %7llu", (unsigned long long)p->items) != 0 ||
		    text_figure(b, 7, p->items ? 100.0 * (double)p->agree /
		    (double)p->items : NAN) != 0 ||
		    text_figure(b, 7, ann__stats_kappa(p)) != 0 ||
		    text_figure(b, 9, ann__stats_f1(p->reg_match, p->reg_a, p->reg_b)) != 0 ||
		    text_figure(b, 10, ann__stats_f1(p->span_exact, p->span_a, p->span_b)) != 0 ||
		    text_figure(b, 12, ann__stats_f1(p->span_overlap, p->span_a, p->span_b)) != 0 ||
		    ann_buf_printf(b, "\n") != 0)
			return -1;
	}
	return 0;
}

static int
json_lead(ann_buf *b, const struct lead *h)
{
	double med = lead_quantile(h, 0.5), p90 = lead_quantile(h, 0.9);

	if (med < 0)
		return ann_buf_printf(b, "null");
	return ann_buf_printf(b, "{\"n\":%llu,\"median\":",
	    (unsigned long long)h->n) || ann_buf_decimal(b, sig3(med), 3) ||
	    ann_buf_printf(b, ",\"p90\":") || ann_buf_decimal(b, sig3(p90), 3) ||
	    ann_buf_printf(b, "}");
}

static int
json_entry(ann_buf *b, ann_stats_by by, const struct entry *e)
{
	const enum col *cols = cols_of[by];

	if (e->key != NULL && (ann_buf_printf(b, "{\"key\":") != 0 ||
	    ann_buf_json_string(b, e->key, e->len) != 0))
		return -1;
	if (e->key == NULL && ann_buf_printf(b, "{\"key\":null") != 0)
		return -1;
	for (size_t j = 0; cols[j] != C_N; j++) {
		if (cols[j] == C_LEAD) {
			if (ann_buf_printf(b, ",\"lead_time\":") != 0 ||
			    json_lead(b, e->lead) != 0)
				return -1;
		} else if (ann_buf_printf(b, ",\"%s\":%llu", col_names[cols[j]],
		    (unsigned long long)count_of(e, cols[j])) != 0)
			return -1;
	}
	return ann_buf_printf(b, "}");
}

static int
json_out(const ann_stats *s, const struct sorted *t, ann_buf *b)
{
	if (ann_buf_printf(b, "{\"totals\":{\"tasks\":%llu,"
	    "\"tasks_without_annotations\":%llu,\"annotations\":%llu,"
	    "\"cancelled\":%llu,\"ground_truth\":%llu,\"predictions\":%llu,"
	    "\"regions\":%llu,\"regions_without_label\":%llu,\"reviews\":%llu,"
	    "\"accepted\":%llu,\"rejected\":%llu,\"lead_time\":",
	    (unsigned long long)s->tasks, (unsigned long long)s->unannotated,
	    (unsigned long long)s->annotations, (unsigned long long)s->cancelled,
	    (unsigned long long)s->ground_truth, (unsigned long long)s->predictions,
	    (unsigned long long)s->regions, (unsigned long long)s->unlabeled,
	    (unsigned long long)s->reviews, (unsigned long long)s->accepted,
	    (unsigned long long)s->rejected) != 0 || json_lead(b, &s->lead) != 0 ||
	    ann_buf_printf(b, "},\"by\":{") != 0)
		return -1;
	const char *sep = "";
	for (int by = 0; by < ANN_STATS_NBY; by++) {
		const struct table *tb = &s->by[by];
		if (!((s->o.by >> by) & 1))
			continue;
		if (ann_buf_printf(b, "%s\"%s\":{\"keys\":[", sep, by_names[by]) != 0)
			return -1;
		sep = ",";
		for (size_t i = 0; i < t[by].n; i++)
			if ((i > 0 && ann_buf_printf(b, ",") != 0) ||
			    json_entry(b, by, t[by].e[i]) != 0)
				return -1;
		if (ann_buf_printf(b, "],\"other\":") != 0 ||
		    (tb->folded > 0 ? json_entry(b, by, &tb->other) :
		    ann_buf_printf(b, "null")) != 0 ||
		    ann_buf_printf(b, ",\"without_key\":%llu}",
		    (unsigned long long)tb->keyless) != 0)
			return -1;
	}
	if (ann_buf_printf(b, "}") != 0 ||
	    (s->o.agreement && json_agreement(s, b) != 0))
		return -1;
	return ann_buf_printf(b, "}\n");
}

/* A TSV field: tabs and line ends in a key would break the row. */
static int
tsv_field(ann_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i];
		if (ann_buf_put(b, &c, 1) != 0)
			return -1;
	}
	return 0;
}

static int
tsv_row(ann_buf *b, const char *by, const char *key, size_t klen,
    const struct entry *e, const enum col *cols, enum col keyless_col,
    uint64_t keyless)
{
	if (ann_buf_printf(b, "%s\t", by) != 0 || tsv_field(b, key, klen) != 0)
		return -1;
	for (int c = 0; c < C_N; c++) {
		int shown = 0;
		for (size_t j = 0; cols != NULL && cols[j] != C_N; j++)
			shown |= cols[j] == (enum col)c;
		if (ann_buf_printf(b, "\t") != 0)
			return -1;
		if (e != NULL && shown && cell(b, e, (enum col)c) != 0)
			return -1;
		if (e == NULL && c == (int)keyless_col &&
		    ann_buf_printf(b, "%llu", (unsigned long long)keyless) != 0)
			return -1;
	}
	return ann_buf_printf(b, "\n");
}

static enum col
unit_col(ann_stats_by by)
{
	const char *u = keyless_unit[by];

	for (int c = 0; c < C_N; c++)
		if (strcmp(u, col_names[c]) == 0)
			return (enum col)c;
	return C_N;
}

static int
tsv_out(const ann_stats *s, const struct sorted *t, ann_buf *b)
{
	static const enum col all[] = { C_TASKS, C_ANNOTATIONS, C_CANCELLED,
	    C_PREDICTIONS, C_REGIONS, C_LEAD, C_N };
	struct entry tot = { .tasks = s->tasks, .annotations = s->annotations,
	    .cancelled = s->cancelled, .predictions = s->predictions,
	    .regions = s->regions, .lead = (struct lead *)&s->lead };

	if (ann_buf_printf(b, "breakdown\tkey") != 0)
		return -1;
	for (int c = 0; c < C_N; c++)
		if (ann_buf_printf(b, "\t%s", col_names[c]) != 0)
			return -1;
	if (ann_buf_printf(b, "\n") != 0 ||
	    tsv_row(b, "total", "all", 3, &tot, all, C_N, 0) != 0)
		return -1;
	for (int by = 0; by < ANN_STATS_NBY; by++) {
		const struct table *tb = &s->by[by];
		if (!((s->o.by >> by) & 1))
			continue;
		for (size_t i = 0; i < t[by].n; i++)
			if (tsv_row(b, by_names[by], t[by].e[i]->key, t[by].e[i]->len,
			    t[by].e[i], cols_of[by], C_N, 0) != 0)
				return -1;
		if (tb->folded > 0 && tsv_row(b, by_names[by], "(other)", 7,
		    &tb->other, cols_of[by], C_N, 0) != 0)
			return -1;
		if (tb->keyless > 0 && tsv_row(b, by_names[by], "(none)", 6, NULL,
		    NULL, unit_col((ann_stats_by)by), tb->keyless) != 0)
			return -1;
	}
	return 0;
}

ann_status
ann_stats_write(const ann_stats *s, ann_stats_format f, ann_buf *b)
{
	struct sorted t[ANN_STATS_NBY] = { { NULL, 0 } };
	int r = 0;

	for (int by = 0; by < ANN_STATS_NBY && r == 0; by++)
		if ((s->o.by >> by) & 1)
			r = sort_table(&s->by[by], (ann_stats_by)by, &t[by]);
	if (r == 0 && f == ANN_STATS_JSON)
		r = json_out(s, t, b);
	else if (r == 0 && f == ANN_STATS_TSV)
		r = tsv_out(s, t, b);
	else if (r == 0) {
		r = text_totals(s, b);
		for (int by = 0; by < ANN_STATS_NBY && r == 0; by++)
			if ((s->o.by >> by) & 1)
				r = text_table(s, (ann_stats_by)by, &t[by], b);
		if (r == 0 && s->o.agreement)
			r = text_agreement(s, b);
	}
	for (int by = 0; by < ANN_STATS_NBY; by++)
		free(t[by].e);
	return r == 0 ? ANN_OK : ANN_FATAL;
}

/* For stats_html.c, which writes the same tables as a page. */
const enum col *
ann__stats_cols(ann_stats_by by)
{
	return cols_of[by];
}

const char *
ann__stats_col_name(enum col c)
{
	return col_names[c];
}

uint64_t
ann__stats_count(const struct entry *e, enum col c)
{
	return count_of(e, c);
}

int
ann__stats_cell(ann_buf *b, const struct entry *e, enum col c)
{
	return cell(b, e, c);
}

int
ann__stats_sort(const struct table *t, ann_stats_by by, struct sorted *out)
{
	return sort_table(t, by, out);
}

const char *
ann__stats_keyless_unit(ann_stats_by by)
{
	return keyless_unit[by];
}
