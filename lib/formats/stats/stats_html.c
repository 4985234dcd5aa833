/*
 * stats_html.c: the counts as one self-contained HTML page (ann-stats
 * --html): the totals, each breakdown as a bar chart in inline SVG and a
 * table, and the agreement as a matrix of Cohen's kappa and a table.  No
 * script, no style sheet or font fetched: it opens from disk anywhere.
 * It uses stats_out.c's columns and order, so the page says what the
 * text says.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "ann_stats.h"
#include "stats_private.h"

/* Bars charted per breakdown; the table below a chart has every key. */
#define CHART_KEYS 40
/* Annotators in the agreement matrix. */
#define MATRIX_RATERS 30

/* Text escaped for HTML, in an element or an attribute. */
static int
esc(ann_buf *b, const char *s, size_t n)
{
	size_t from = 0;

	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		if (ann_buf_put(b, s + from, i - from) != 0 ||
		    ann_buf_put(b, rep, strlen(rep)) != 0)
			return -1;
		from = i + 1;
	}
	return ann_buf_put(b, s + from, n - from);
}

static int
esc_str(ann_buf *b, const char *s)
{
	return esc(b, s, strlen(s));
}

static const char head[] =
"<!DOCTYPE html>\n"
"<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
"<title>ann-stats</title>\n"
"<style>\n"
"body{font-family:sans-serif;margin:2em;color:#222}\n"
"table{border-collapse:collapse;margin:.5em 0 1.5em}\n"
"th,td{padding:2px 10px;border-bottom:1px solid #ddd;text-align:right}\n"
"th:first-child,td:first-child{text-align:left}\n"
"svg text{font:12px sans-serif}\n"
"</style>\n</head>\n<body>\n<h1>ann-stats</h1>\n";

static int
totals(const ann_stats *s, ann_buf *b)
{
	const struct { const char *name; uint64_t n; } rows[] = {
		{ "tasks", s->tasks },
		{ "tasks without annotations", s->unannotated },
		{ "annotations", s->annotations },
		{ "cancelled annotations", s->cancelled },
		{ "ground-truth annotations", s->ground_truth },
		{ "predictions", s->predictions },
		{ "regions", s->regions },
		{ "regions without a label", s->unlabeled },
		{ "reviews", s->reviews },
		{ "accepted reviews", s->accepted },
		{ "rejected reviews", s->rejected },
	};
	double med = lead_quantile(&s->lead, 0.5), p90 = lead_quantile(&s->lead, 0.9);

	if (ann_buf_printf(b, "<h2>Totals</h2>\n<table id=\"totals\">\n") != 0)
		return -1;
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
		if (ann_buf_printf(b, "<tr><td>%s</td><td>%llu</td></tr>\n",
		    rows[i].name, (unsigned long long)rows[i].n) != 0)
			return -1;
	if (med >= 0 && (ann_buf_printf(b, "<tr><td>lead time, median (s)</td><td>") != 0 ||
	    ann_buf_decimal(b, med, 1) != 0 ||
	    ann_buf_printf(b, "</td></tr>\n<tr><td>lead time, p90 (s)</td><td>") != 0 ||
	    ann_buf_decimal(b, p90, 1) != 0 || ann_buf_printf(b, "</td></tr>\n") != 0))
		return -1;
	return ann_buf_printf(b, "</table>\n");
}

/* Horizontal bars of a breakdown's first column, most first. */
static int
chart(const ann_stats *s, ann_stats_by by, const struct sorted *t, ann_buf *b)
{
	enum col c = ann__stats_cols(by)[0];
	size_t n = t->n < CHART_KEYS ? t->n : CHART_KEYS;
	uint64_t max = 0;
	const int row = 20, label = 220, span = 360;

	(void)s;
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (ann__stats_count(t->e[i], c) > max)
			max = ann__stats_count(t->e[i], c);
	if (ann_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"%d\" height=\"%zu\" role=\"img\" aria-label=\"%s by %s\">\n",
	    label + span + 80, n * (size_t)row + 4, ann__stats_col_name(c),
	    ann_stats_by_name(by)) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct entry *e = t->e[i];
		uint64_t v = ann__stats_count(e, c);
		double w = max > 0 ? (double)v / (double)max * span : 0;
		size_t y = i * (size_t)row;
		/* Keys past 32 characters are cut in the chart, not the table. */
		size_t klen = e->len > 32 ? 32 : e->len;
		while (klen > 0 && klen < e->len && ((unsigned char)e->key[klen] & 0xC0) == 0x80)
			klen--;
		if (ann_buf_printf(b, "<text x=\"%d\" y=\"%zu\" text-anchor=\"end\">",
		    label - 6, y + 15) != 0 || esc(b, e->key, klen) != 0 ||
		    ann_buf_printf(b, "%s</text><rect x=\"%d\" y=\"%zu\" width=\"%.1f\" "
		    "height=\"%d\" fill=\"#4a7ebb\"/><text x=\"%.1f\" y=\"%zu\">%llu</text>\n",
		    klen < e->len ? "\xe2\x80\xa6" : "", label, y + 3, w, row - 5,
		    label + w + 4, y + 15, (unsigned long long)v) != 0)
			return -1;
	}
	return ann_buf_printf(b, "</svg>\n");
}

static int
table(const ann_stats *s, ann_stats_by by, const struct sorted *t, ann_buf *b)
{
	const enum col *cols = ann__stats_cols(by);
	const struct table *tb = &s->by[by];

	if (ann_buf_printf(b, "<table id=\"by-%s\">\n<tr><th>%s</th>",
	    ann_stats_by_name(by), ann_stats_by_name(by)) != 0)
		return -1;
	for (size_t j = 0; cols[j] != C_N; j++)
		if (ann_buf_printf(b, "<th>%s</th>", ann__stats_col_name(cols[j])) != 0)
			return -1;
	if (ann_buf_printf(b, "</tr>\n") != 0)
		return -1;
	for (size_t i = 0; i <= t->n; i++) {
		const struct entry *e = i < t->n ? t->e[i] : &tb->other;
		if (i == t->n && tb->folded == 0)
			break;
		if (ann_buf_printf(b, "<tr><td>") != 0 ||
		    (i < t->n ? esc(b, e->key, e->len) : esc_str(b, "(other)")) != 0 ||
		    ann_buf_printf(b, "</td>") != 0)
			return -1;
		for (size_t j = 0; cols[j] != C_N; j++)
			if (ann_buf_printf(b, "<td>") != 0 ||
			    ann__stats_cell(b, e, cols[j]) != 0 ||
			    ann_buf_printf(b, "</td>") != 0)
				return -1;
		if (ann_buf_printf(b, "</tr>\n") != 0)
			return -1;
	}
	if (tb->keyless > 0 && ann_buf_printf(b, "<tr><td>(none)</td><td>%llu %s</td></tr>\n",
	    (unsigned long long)tb->keyless, ann__stats_keyless_unit(by)) != 0)
		return -1;
	return ann_buf_printf(b, "</table>\n");
}

static int
figure(ann_buf *b, double d)
{
	return isfinite(d) ? ann_buf_printf(b, "%.3f", d) : ann_buf_printf(b, "-");
}

/* The annotators named in the pairs, sorted, at most MATRIX_RATERS. */
static int
cmp_name(const void *x, const void *y)
{
	const char *const *a = x, *const *b = y;

	return strcmp(*a, *b);
}

static const struct pairstat *
find_pair(const struct agree *g, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	for (size_t i = 0; i < g->pairs.n; i++) {
		const struct entry *e = &g->pairs.e[i];
		if (e->len == la + lb + 1 && memcmp(e->key, a, la) == 0 &&
		    e->key[la] == '\x1f' && memcmp(e->key + la + 1, b, lb) == 0)
			return e->pair;
	}
	return NULL;
}

static int
matrix(const struct agree *g, ann_buf *b)
{
	char **names = NULL;
	size_t n = 0;
	int rc = -1;
	const int cell = 56, margin = 160;

	if ((names = calloc(2 * g->pairs.n + 1, sizeof *names)) == NULL)
		return -1;
	for (size_t i = 0; i < g->pairs.n; i++) {
		const struct entry *e = &g->pairs.e[i];
		size_t k = strcspn(e->key, "\x1f");
		char *a = strndup(e->key, k), *c = strdup(e->key + k + 1);
		if (a == NULL || c == NULL) {
			free(a);
			free(c);
			goto out;
		}
		names[n++] = a;
		names[n++] = c;
	}
	qsort(names, n, sizeof *names, cmp_name);
	size_t u = 0;
	for (size_t i = 0; i < n; i++) {
		if (u > 0 && strcmp(names[u - 1], names[i]) == 0) {
			free(names[i]);
			continue;
		}
		names[u++] = names[i];
	}
	n = u;
	size_t m = n < MATRIX_RATERS ? n : MATRIX_RATERS;
	if (ann_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%zu\" "
	    "height=\"%zu\" role=\"img\" aria-label=\"Cohen's kappa per pair\">\n",
	    margin + m * (size_t)cell + 10, margin + m * (size_t)cell + 10) != 0)
		goto out;
	for (size_t i = 0; i < m; i++) {
		size_t at = margin + i * (size_t)cell + (size_t)cell / 2;
		if (ann_buf_printf(b, "<text x=\"%d\" y=\"%zu\" text-anchor=\"end\">",
		    margin - 6, at + 4) != 0 || esc_str(b, names[i]) != 0 ||
		    ann_buf_printf(b, "</text><text transform=\"translate(%zu,%d) "
		    "rotate(-60)\">", at, margin - 6) != 0 || esc_str(b, names[i]) != 0 ||
		    ann_buf_printf(b, "</text>\n") != 0)
			goto out;
	}
	for (size_t i = 0; i < m; i++)
		for (size_t j = 0; j < m; j++) {
			const struct pairstat *p = i == j ? NULL : strcmp(names[i], names[j]) < 0 ?
			    find_pair(g, names[i], names[j]) : find_pair(g, names[j], names[i]);
			double k = p != NULL ? ann__stats_kappa(p) : NAN;
			size_t x = margin + j * (size_t)cell, y = margin + i * (size_t)cell;
			/* Red at kappa 0 or below, through yellow, to green at 1. */
			int hue = isfinite(k) ? (int)lround(120 * fmax(0, fmin(1, k))) : -1;
			if ((hue < 0 ? ann_buf_printf(b, "<rect x=\"%zu\" y=\"%zu\" width=\"%d\" "
			    "height=\"%d\" fill=\"#eee\" stroke=\"#fff\"/>", x, y, cell, cell) :
			    ann_buf_printf(b, "<rect x=\"%zu\" y=\"%zu\" width=\"%d\" height=\"%d\" "
			    "fill=\"hsl(%d,60%%,70%%)\" stroke=\"#fff\"/>", x, y, cell, cell, hue)) != 0 ||
			    ann_buf_printf(b, "<text x=\"%zu\" y=\"%zu\" text-anchor=\"middle\">",
			    x + (size_t)cell / 2, y + (size_t)cell / 2 + 4) != 0 ||
			    (i == j ? ann_buf_printf(b, " ") : figure(b, k)) != 0 ||
			    ann_buf_printf(b, "</text>\n") != 0)
				goto out;
		}
	rc = ann_buf_printf(b, "</svg>\n");
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

static int
agreement(const ann_stats *s, ann_buf *b)
{
	const struct agree *g = &s->agree;

	if (ann_buf_printf(b, "<h2>Agreement</h2>\n<table id=\"agreement\">\n"
	    "<tr><td>tasks with two annotators or more</td><td>%llu</td></tr>\n"
	    "<tr><td>classification items</td><td>%llu</td></tr>\n"
	    "<tr><td>percent agreement</td><td>", (unsigned long long)g->tasks,
	    (unsigned long long)g->items) != 0 ||
	    figure(b, g->items ? 100 * g->sum_p / (double)g->items : NAN) != 0 ||
	    ann_buf_printf(b, "</td></tr>\n<tr><td>Fleiss' kappa</td><td>") != 0 ||
	    figure(b, ann__stats_fleiss(g)) != 0 ||
	    ann_buf_printf(b, "</td></tr>\n<tr><td>regions F1</td><td>") != 0 ||
	    figure(b, ann__stats_f1(g->reg_match, g->reg_a, g->reg_b)) != 0 ||
	    ann_buf_printf(b, "</td></tr>\n<tr><td>spans exact F1</td><td>") != 0 ||
	    figure(b, ann__stats_f1(g->span_exact, g->span_a, g->span_b)) != 0 ||
	    ann_buf_printf(b, "</td></tr>\n<tr><td>spans overlap F1</td><td>") != 0 ||
	    figure(b, ann__stats_f1(g->span_overlap, g->span_a, g->span_b)) != 0 ||
	    ann_buf_printf(b, "</td></tr>\n</table>\n") != 0)
		return -1;
	if (g->pairs.n == 0)
		return 0;
	if (ann_buf_printf(b, "<h3>Cohen's kappa per pair</h3>\n") != 0 ||
	    matrix(g, b) != 0 ||
	    ann_buf_printf(b, "<table id=\"pairs\">\n<tr><th>a</th><th>b</th>"
	    "<th>items</th><th>percent</th><th>kappa</th><th>region_f1</th>"
	    "<th>span_exact</th><th>span_overlap</th></tr>\n") != 0)
		return -1;
	for (size_t i = 0; i < g->pairs.n; i++) {
		const struct entry *e = &g->pairs.e[i];
		const struct pairstat *p = e->pair;
		size_t k = strcspn(e->key, "\x1f");
		if (ann_buf_printf(b, "<tr><td>") != 0 || esc(b, e->key, k) != 0 ||
		    ann_buf_printf(b, "</td><td>") != 0 ||
		    esc(b, e->key + k + 1, e->len - k - 1) != 0 ||
		    ann_buf_printf(b, "</td><td>%llu</td><td>",
		    (unsigned long long)p->items) != 0 ||
		    figure(b, p->items ? 100.0 * (double)p->agree / (double)p->items :
		    NAN) != 0 || ann_buf_printf(b, "</td><td>") != 0 ||
		    figure(b, ann__stats_kappa(p)) != 0 || ann_buf_printf(b, "</td><td>") != 0 ||
		    figure(b, ann__stats_f1(p->reg_match, p->reg_a, p->reg_b)) != 0 ||
		    ann_buf_printf(b, "</td><td>") != 0 ||
		    figure(b, ann__stats_f1(p->span_exact, p->span_a, p->span_b)) != 0 ||
		    ann_buf_printf(b, "</td><td>") != 0 ||
		    figure(b, ann__stats_f1(p->span_overlap, p->span_a, p->span_b)) != 0 ||
		    ann_buf_printf(b, "</td></tr>\n") != 0)
			return -1;
	}
	return ann_buf_printf(b, "</table>\n");
}

ann_status
ann_stats_html(const ann_stats *s, ann_buf *b)
{
	int r = ann_buf_put(b, head, sizeof head - 1) != 0 || totals(s, b) != 0;

	for (int by = 0; by < ANN_STATS_NBY && !r; by++) {
		struct sorted t = { NULL, 0 };
		if (!((s->o.by >> by) & 1))
			continue;
		r = ann__stats_sort(&s->by[by], (ann_stats_by)by, &t) != 0 ||
		    ann_buf_printf(b, "<h2>By %s</h2>\n", ann_stats_by_name((ann_stats_by)by)) != 0 ||
		    chart(s, (ann_stats_by)by, &t, b) != 0 ||
		    table(s, (ann_stats_by)by, &t, b) != 0;
		free(t.e);
	}
	if (!r && s->o.agreement)
		r = agreement(s, b) != 0;
	if (!r)
		r = ann_buf_printf(b, "</body>\n</html>\n") != 0;
	return r ? ANN_FATAL : ANN_OK;
}
