/*
 * conll.c: token tags from the region model's spans (ann_conll.h).
 *
 * A task's text is decoded once into code points, with the byte where
 * each one starts, so that offsets (code points, as Label Studio counts)
 * and the text written (UTF-8 bytes) never part.  Every span comes from
 * ann_geom with an exclusive end (Labelbox's inclusive end already moved
 * by the region model); nothing here fixes an end.  A span is kept as its
 * offsets say or left out and counted, never moved to where its text is.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_conll.h"
#include "ann_geom.h"
#include "ann_json.h"
#include "ann_taskid.h"
#include "util_private.h"

struct span {
	size_t start, end;	/* code points, end exclusive */
	size_t cat;		/* its label, an index of the categories */
	size_t ntokens;
};

struct ann_conll {
	ann_conll_opts o;
	ann_out *out;
	ann_categories *cats;
	int started;		/* the header is written */
	/* The task being read. */
	int have_text;
	ann_buf text;		/* decoded, UTF-8 */
	uint32_t *cp;		/* its code points */
	size_t *off;		/* the byte each starts at, and the end */
	size_t ncp, capcp, capoff;
	struct span *spans;
	size_t nspans, capspans;
	size_t *cuts;
	size_t capcuts;
	ann_token *tokens;
	size_t captokens;
	ann_buf line;		/* what is written for the task */
	ann_buf scratch;
	uint64_t only_pred;	/* the run's count of tasks with only
				   predictions, when the task began */
	size_t mismatches;	/* of the task */
	ann_error mismatch;	/* naming its first one */
	/* Counts. */
	uint64_t tasks, sentences, ntokens, nspans_kept;
	ann_error err;
};

/* Say why on the converter's handle, and return st. */
#define fail(k, st, ...) ann__error_fail(&(k)->err, (st), __VA_ARGS__)

const char *
ann_conll_errmsg(const ann_conll *k)
{
	return k->err.msg;
}

const ann_categories *
ann_conll_categories(const ann_conll *k)
{
	return k->cats;
}

size_t
ann_conll_mismatches(const ann_conll *k, const char **msg)
{
	*msg = k->mismatch.msg;
	return k->mismatches;
}

ann_conll *
ann_conll_new(const ann_conll_opts *opts, ann_out *out)
{
	ann_conll *k = calloc(1, sizeof *k);

	if (k == NULL || (k->cats = ann_categories_new(0)) == NULL) {
		free(k);
		return NULL;
	}
	k->o = *opts;
	k->out = out;
	return k;
}

void
ann_conll_free(ann_conll *k)
{
	if (k == NULL)
		return;
	ann_categories_free(k->cats);
	ann_buf_free(&k->text);
	ann_buf_free(&k->line);
	ann_buf_free(&k->scratch);
	free(k->cp);
	free(k->off);
	free(k->spans);
	free(k->cuts);
	free(k->tokens);
	free(k);
}

ann_status
ann_conll_category(ann_conll *k, const char *name)
{
	if (ann_categories_add(k->cats, name) != ANN_OK)
		return fail(k, ANN_FATAL, "out of memory");
	return ANN_OK;
}

/* --- The text ------------------------------------------------------------ */

/*
 * Decode the UTF-8 of k->text into code points.  The JSON reader has
 * checked the record's UTF-8; a byte that still does not start a sequence
 * (a lone surrogate escaped as \ud800) counts as one code point, U+FFFD.
 */
static int
decode_text(ann_conll *k)
{
	const unsigned char *s = (const unsigned char *)k->text.p;
	size_t n = k->text.len, i = 0;

	k->ncp = 0;
	while (i < n) {
		uint32_t c = s[i];
		size_t len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
		if (i + len > n || (len == 1 && c >= 0x80)) {
			c = 0xfffd;
			len = 1;
		} else if (len > 1) {
			c &= 0x7f >> len;
			for (size_t j = 1; j < len; j++)
				c = c << 6 | (s[i + j] & 0x3f);
		}
		if (ann__grow((void **)&k->cp, &k->capcp, k->ncp + 1, sizeof *k->cp) != 0 ||
		    ann__grow((void **)&k->off, &k->capoff, k->ncp + 2, sizeof *k->off) != 0)
			return -1;
		k->cp[k->ncp] = c;
		k->off[k->ncp++] = i;
		i += len;
	}
	if (ann__grow((void **)&k->off, &k->capoff, k->ncp + 1, sizeof *k->off) != 0)
		return -1;
	k->off[k->ncp] = n;
	return 0;
}

/* A text that is only a link to the text: a URL without white space. */
static int
is_url(const char *s, size_t n)
{
	static const char *const schemes[] = { "http://", "https://", "s3://",
	    "gs://", "azure-blob://", "/data/" };

	for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++) {
		size_t m = strlen(schemes[i]);
		if (n > m && strncmp(s, schemes[i], m) == 0)
			return memchr(s, ' ', n) == NULL && memchr(s, '\n', n) == NULL;
	}
	return 0;
}

static ann_status
conll_task(void *self, const ann_sink_ctx *c)
{
	ann_conll *k = self;
	const ann_task *t = c->task;
	ann_json_val v = t->data_ref;
	char *p;

	k->tasks++;
	k->have_text = 0;
	k->nspans = 0;
	k->mismatches = 0;
	k->mismatch.msg[0] = '\0';
	k->only_pred = c->skips->n[ANN_SKIP_ONLY_PREDICTIONS];
	if (k->o.text_key != NULL && ann_json_get(t->data, k->o.text_key, &v) != 0)
		v.p = NULL;
	if (v.p == NULL || ann_json_typeof(v) != ANN_JSON_STRING) {
		ann_skips_count(c->skips, ANN_SKIP_NO_TEXT, ANN_KIND_OTHER);
		if (k->o.text_key != NULL)
			return fail(k, ANN_WARN, "no text: data.%s is %s", k->o.text_key,
			    v.p == NULL ? "absent" : "not a string");
		return fail(k, ANN_WARN, "no text: the task has no string in its data "
		    "(--text-key names the member that holds it)");
	}
	if ((p = ann_buf_clear_room(&k->text, v.n)) == NULL)
		return fail(k, ANN_FATAL, "out of memory");
	k->text.len = ann_json_str_decode(v, p);
	if (k->text.len == 0 || is_url(k->text.p, k->text.len)) {
		ann_skips_count(c->skips, ANN_SKIP_NO_TEXT, ANN_KIND_OTHER);
		if (k->text.len == 0)
			return fail(k, ANN_WARN, "no text: it is empty");
		return fail(k, ANN_WARN, "no text: only a link to it, \"%.*s\"",
		    (int)(k->text.len > 80 ? 80 : k->text.len), k->text.p);
	}
	if (decode_text(k) != 0)
		return fail(k, ANN_FATAL, "out of memory");
	k->have_text = 1;
	return ANN_OK;
}

static ann_status
conll_set(void *self, const ann_sink_ctx *c, const ann_annotation *a)
{
	ann_conll *k = self;

	(void)c;
	(void)a;
	k->nspans = 0;
	return ANN_OK;
}

/* A JSON value as short text for a message: a string decoded, else as is. */
static const char *
shown(ann_conll *k, ann_json_val v)
{
	char *p;

	if (v.p == NULL)
		return "(no id)";
	if ((p = ann_buf_clear_room(&k->scratch, v.n)) == NULL)
		return "";
	if (ann_json_typeof(v) == ANN_JSON_STRING)
		k->scratch.len = ann_json_str_decode(v, p);
	else {
		memcpy(p, v.p, v.n);
		k->scratch.len = v.n;
	}
	p[k->scratch.len] = '\0';
	return p;
}

/* Does the span's own text, when it has one, say what the task's text says? */
static int
text_agrees(ann_conll *k, const ann_region *r, size_t s, size_t e)
{
	const char *at = k->text.p + k->off[s];
	size_t n = k->off[e] - k->off[s];
	char small[256], *t = small;
	int same;

	if (r->text.p == NULL || ann_json_typeof(r->text) != ANN_JSON_STRING)
		return 1;
	if (r->text.n > sizeof small && (t = malloc(r->text.n)) == NULL)
		return -1;
	size_t m = ann_json_str_decode(r->text, t);
	same = m == n && memcmp(t, at, n) == 0;
	if (!same && k->mismatches++ == 0) {
		/* Name the first; the rest of the task's are counted. */
		ann__error_set(&k->mismatch, "span %.40s [%zu, %zu): its text \"%.*s%s\" "
		    "is not the task's text there, \"%.*s%s\"; left out",
		    shown(k, r->id), s, e, (int)(m > 60 ? 60 : m), t, m > 60 ? "..." : "",
		    (int)(n > 60 ? 60 : n), at, n > 60 ? "..." : "");
	}
	if (t != small)
		free(t);
	return same;
}

/* Is a region's from_name the chosen control's (in a Repeater, any index)? */
static int
from_matches(ann_conll *k, ann_json_val from)
{
	char *p;

	if (k->o.from_index_flag == NULL)
		return from.p != NULL && ann_json_str_eq(from, k->o.from_name);
	if (from.p == NULL || ann_json_typeof(from) != ANN_JSON_STRING ||
	    (p = ann_buf_clear_room(&k->scratch, from.n)) == NULL)
		return 0;
	k->scratch.len = ann_json_str_decode(from, p);
	return ann_cfg_name_matches(k->o.from_name, k->o.from_index_flag, p,
	    k->scratch.len);
}

static ann_status
conll_region(void *self, const ann_sink_ctx *c, const ann_annotation *a,
    const ann_region *r, const ann_geom *g)
{
	ann_conll *k = self;
	long cat;
	char small[256], *name = small;

	(void)a;
	/* The config's control (or --from-name's): another's spans are not read. */
	if (k->o.from_name != NULL && !from_matches(k, r->from_name)) {
		ann_skips_count(c->skips, ANN_SKIP_FROM_NAME, r->kind);
		return ANN_OK;
	}
	if (r->kind != ANN_KIND_SPAN) {
		ann_skips_count(c->skips, ANN_SKIP_KIND, r->kind);
		return ANN_OK;
	}
	if (r->nlabels == 0 || ann_json_typeof(r->labels[0]) != ANN_JSON_STRING) {
		ann_skips_count(c->skips, ANN_SKIP_NO_LABEL, r->kind);
		return ANN_OK;
	}
	/* Offsets are whole code points inside the text, start before end. */
	if (!g->has_span || !(g->start >= 0) || g->end > (double)k->ncp ||
	    !(g->start < g->end) || g->start != floor(g->start) ||
	    g->end != floor(g->end)) {
		ann_skips_count(c->skips, ANN_SKIP_GEOMETRY, r->kind);
		return ANN_OK;
	}
	size_t s = (size_t)g->start, e = (size_t)g->end;
	int agree = text_agrees(k, r, s, e);
	if (agree < 0)
		return fail(k, ANN_FATAL, "out of memory");
	if (!agree) {
		ann_skips_count(c->skips, ANN_SKIP_TEXT_MISMATCH, r->kind);
		return ANN_OK;
	}

	if (r->labels[0].n > sizeof small && (name = malloc(r->labels[0].n)) == NULL)
		return fail(k, ANN_FATAL, "out of memory");
	size_t n = ann_json_str_decode(r->labels[0], name);
	/*
	 * A tag is one column of a line: a label with a line break or a tab
	 * would make lines or columns of its own.  JSON keeps it whole.
	 */
	if (k->o.format != ANN_CONLL_SPACY) {
		size_t i = 0;
		while (i < n && (unsigned char)name[i] >= 0x20)
			i++;
		if (i < n) {
			if (name != small)
				free(name);
			ann_skips_count(c->skips, ANN_SKIP_COLUMN_LABEL, r->kind);
			return ANN_OK;
		}
	}
	ann_status st = ann_categories_index_said(k->cats, name, n,
	    !k->o.strict_labels, "the labels given", &k->err, &cat);
	if (name != small)
		free(name);
	if (st != ANN_OK)
		return st;
	/* One tag per token: the first label; the others are counted. */
	for (size_t i = 1; i < r->nlabels; i++)
		ann_skips_count(c->skips, ANN_SKIP_EXTRA_LABEL, r->kind);
	if (ann__grow((void **)&k->spans, &k->capspans, k->nspans + 1,
	    sizeof *k->spans) != 0)
		return fail(k, ANN_FATAL, "out of memory");
	k->spans[k->nspans++] = (struct span){ s, e, (size_t)cat, 0 };
	return ANN_OK;
}

/* --- Tags ---------------------------------------------------------------- */

/* By start, the longer first at one start, then by export order (stable). */
static int
by_start(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1;
	return x < y ? -1 : x > y;
}

/*
 * IOB2 holds one tag per token, so spans may not overlap: in start order,
 * a span that begins before the end of the last one kept is left out and
 * counted.  Then the tokens, cut at every kept span's ends.
 */
static long
tokens_of_task(ann_conll *k, ann_skips *skips)
{
	size_t kept = 0, ncuts = 0;

	/* A task without spans has no list yet: qsort's base may not be NULL. */
	if (k->nspans > 1)
		qsort(k->spans, k->nspans, sizeof *k->spans, by_start);
	for (size_t i = 0; i < k->nspans; i++) {
		if (kept > 0 && k->spans[i].start < k->spans[kept - 1].end) {
			ann_skips_count(skips, ANN_SKIP_OVERLAP, ANN_KIND_SPAN);
			continue;
		}
		k->spans[kept++] = k->spans[i];
	}
	k->nspans = kept;
	if (ann__grow((void **)&k->cuts, &k->capcuts, 2 * kept + 1, sizeof *k->cuts) != 0)
		return -1;
	for (size_t i = 0; i < kept; i++) {
		k->cuts[ncuts++] = k->spans[i].start;
		k->cuts[ncuts++] = k->spans[i].end;
	}
	return ann_tokenize(k->cp, k->ncp, k->cuts, ncuts, &k->tokens, &k->captokens);
}

/*
 * Does token i end a sentence (with sentences): . ! ? and their kin, but
 * not the period of a title or initial, a word of one to three letters
 * that begins with a capital (Dr. Mr. St. J.), right before it.
 */
static int
ends_sentence(const ann_conll *k, size_t i)
{
	const ann_token *t = &k->tokens[i];
	uint32_t c = k->cp[t->start];

	if (t->end != t->start + 1)
		return 0;
	if (c == '.' && i > 0 && k->tokens[i - 1].end == t->start) {
		const ann_token *w = &k->tokens[i - 1];
		size_t n = w->end - w->start, letters = 0;
		for (size_t j = w->start; j < w->end; j++)
			letters += (k->cp[j] | 0x20) >= 'a' && (k->cp[j] | 0x20) <= 'z';
		if (n <= 3 && letters == n && k->cp[w->start] >= 'A' &&
		    k->cp[w->start] <= 'Z')
			return 0;
	}
	return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x3002 ||
	    c == 0xff01 || c == 0xff0e || c == 0xff1f;
}

static int
put_label(ann_conll *k, ann_buf *b, const struct span *sp, int first)
{
	const char *name = ann_categories_name(k->cats, sp->cat);

	return ann_buf_put(b, first ? "B-" : "I-", 2) != 0 ||
	    ann_buf_put(b, name, strlen(name)) != 0 ? -1 : 0;
}

/* CoNLL or IOB2 lines for the tokens, a blank line after each sentence. */
static int
write_lines(ann_conll *k, size_t nt)
{
	ann_buf *b = &k->line;
	size_t sp = 0;
	const struct span *in = NULL;	/* the span of the token before */

	for (size_t i = 0; i < nt; i++) {
		const ann_token *t = &k->tokens[i];
		const struct span *now = NULL;
		while (sp < k->nspans && k->spans[sp].end <= t->start)
			sp++;
		if (sp < k->nspans && k->spans[sp].start <= t->start)
			now = &k->spans[sp];	/* cut at its ends: wholly inside */
		if (ann_buf_put(b, k->text.p + k->off[t->start],
		    k->off[t->end] - k->off[t->start]) != 0 ||
		    ann_buf_put(b, k->o.format == ANN_CONLL_CONLL ? " -X- _ " : "\t",
		    k->o.format == ANN_CONLL_CONLL ? 7 : 1) != 0)
			return -1;
		if (now == NULL ? ann_buf_put(b, "O", 1) != 0 :
		    put_label(k, b, now, now != in) != 0)
			return -1;
		if (now != NULL && now != in)
			k->spans[sp].ntokens++;
		if (ann_buf_put(b, "\n", 1) != 0)
			return -1;
		in = now;
		/* A sentence ends here, with sentences, unless a span goes on. */
		if (k->o.sentences && i + 1 < nt && ends_sentence(k, i) &&
		    k->tokens[i + 1].start > t->end &&
		    (now == NULL || now->end <= k->tokens[i + 1].start)) {
			if (ann_buf_put(b, "\n", 1) != 0)
				return -1;
			k->sentences++;
		}
	}
	k->sentences++;
	return ann_buf_put(b, "\n", 1);
}

/* One JSON line: the text, its tokens, its spans as whole tokens. */
static int
write_spacy(ann_conll *k, size_t nt)
{
	ann_buf *b = &k->line;
	size_t sp = 0, first = 0;
	int any = 0;

	if (ann_buf_put(b, "{\"text\":", 8) != 0 ||
	    ann_buf_json_string(b, k->text.p, k->text.len) != 0 ||
	    ann_buf_put(b, ",\"tokens\":[", 11) != 0)
		return -1;
	for (size_t i = 0; i < nt; i++) {
		const ann_token *t = &k->tokens[i];
		if (ann_buf_printf(b, "%s{\"text\":", i > 0 ? "," : "") != 0 ||
		    ann_buf_json_string(b, k->text.p + k->off[t->start],
		    k->off[t->end] - k->off[t->start]) != 0 ||
		    ann_buf_printf(b, ",\"start\":%zu,\"end\":%zu,\"id\":%zu,\"ws\":%s}",
		    t->start, t->end, i, t->end < k->ncp && k->cp[t->end] <= 0x20 ?
		    "true" : "false") != 0)
			return -1;
	}
	if (ann_buf_put(b, "],\"spans\":[", 11) != 0)
		return -1;
	/* A span is written as the tokens it holds: its white space trimmed. */
	for (size_t i = 0; i < nt; i++) {
		const ann_token *t = &k->tokens[i];
		while (sp < k->nspans && k->spans[sp].end <= t->start)
			sp++;
		if (sp >= k->nspans || k->spans[sp].start > t->start)
			continue;
		struct span *s = &k->spans[sp];
		if (s->ntokens++ == 0)
			first = i;
		if (i + 1 < nt && k->tokens[i + 1].start < s->end)
			continue;
		const char *name = ann_categories_name(k->cats, s->cat);
		if (ann_buf_printf(b, "%s{\"start\":%zu,\"end\":%zu,\"token_start\":%zu,"
		    "\"token_end\":%zu,\"label\":", any ? "," : "",
		    k->tokens[first].start, t->end, first, i) != 0 ||
		    ann_buf_json_string(b, name, strlen(name)) != 0 ||
		    ann_buf_put(b, "}", 1) != 0)
			return -1;
		any = 1;
	}
	k->sentences++;
	return ann_buf_put(b, "]}\n", 3);
}

static ann_status
write_task(ann_conll *k, ann_skips *skips)
{
	long nt = tokens_of_task(k, skips);

	if (nt < 0)
		return fail(k, ANN_FATAL, "out of memory");
	if (nt == 0) {	/* nothing but white space */
		ann_skips_count(skips, ANN_SKIP_NO_TEXT, ANN_KIND_OTHER);
		return fail(k, ANN_WARN, "no text: only white space");
	}
	k->line.len = 0;
	if (!k->started && k->o.format == ANN_CONLL_CONLL &&
	    ann_buf_put(&k->line, "-DOCSTART- -X- O\n", 17) != 0)
		return fail(k, ANN_FATAL, "out of memory");
	k->started = 1;
	if ((k->o.format == ANN_CONLL_SPACY ? write_spacy(k, (size_t)nt) :
	    write_lines(k, (size_t)nt)) != 0)
		return fail(k, ANN_FATAL, "out of memory");
	/* A span with no token in it (white space only) could not be written. */
	for (size_t i = 0; i < k->nspans; i++) {
		if (k->spans[i].ntokens == 0) {
			ann_skips_count(skips, ANN_SKIP_GEOMETRY, ANN_KIND_SPAN);
			continue;
		}
		k->nspans_kept++;
		ann_categories_use(k->cats, k->spans[i].cat);
	}
	k->ntokens += (uint64_t)nt;
	if (ann_out_write(k->out, k->line.p, k->line.len) != ANN_OK)
		return fail(k, ANN_FATAL, "%s", ann_out_errmsg(k->out));
	return ANN_OK;
}

static ann_status
conll_set_end(void *self, const ann_sink_ctx *c, const ann_annotation *a)
{
	(void)a;
	return write_task(self, c->skips);
}

static ann_status
conll_task_end(void *self, const ann_sink_ctx *c, size_t nsets)
{
	ann_conll *k = self;

	if (nsets > 0)
		return ANN_OK;
	if (k->o.keep_unlabeled) {
		k->nspans = 0;
		return write_task(k, c->skips);
	}
	/* sets.c counted a task with only predictions already, naming the option. */
	if (c->skips->n[ANN_SKIP_ONLY_PREDICTIONS] != k->only_pred)
		return fail(k, ANN_WARN, "not written: it has predictions but no "
		    "annotations (add --predictions)");
	ann_skips_count(c->skips, ANN_SKIP_UNLABELED, ANN_KIND_OTHER);
	return fail(k, ANN_WARN, "not written: no annotation, and its tokens all O "
	    "would teach that it names nothing (--keep-unlabeled writes it)");
}

static ann_status
conll_finish(void *self)
{
	ann_conll *k = self;

	/* The header even for no task, as label-studio-converter writes it. */
	if (!k->started && k->o.format == ANN_CONLL_CONLL) {
		k->started = 1;
		if (ann_out_write(k->out, "-DOCSTART- -X- O\n", 17) != ANN_OK)
			return fail(k, ANN_FATAL, "%s", ann_out_errmsg(k->out));
	}
	return ANN_OK;
}

static const char *
conll_errmsg(const void *self)
{
	return ((const ann_conll *)self)->err.msg;
}

void
ann_conll_sink(ann_conll *k, ann_sink *s)
{
	static const ann_sink_ops ops = {
		.task = conll_task,
		.set = conll_set,
		.region = conll_region,
		.set_end = conll_set_end,
		.task_end = conll_task_end,
		.finish = conll_finish,
		.errmsg = conll_errmsg,
	};

	s->ops = &ops;
	s->self = k;
	s->sets = k->o.sets;
	s->err = NULL;
}

void
ann_conll_summary(const ann_conll *k, char *buf, size_t len)
{
	size_t nlabels = ann_categories_count(k->cats);

	snprintf(buf, len, "%llu %s, %llu %s, %llu %s, %llu %s, %zu %s",
	    (unsigned long long)k->tasks, ann__plural(k->tasks, "task", "tasks"),
	    (unsigned long long)k->sentences,
	    ann__plural(k->sentences, "sentence", "sentences"),
	    (unsigned long long)k->ntokens, ann__plural(k->ntokens, "token", "tokens"),
	    (unsigned long long)k->nspans_kept,
	    ann__plural(k->nspans_kept, "span", "spans"),
	    nlabels, ann__plural(nlabels, "label", "labels"));
}
