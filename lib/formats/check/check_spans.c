/*
 * check_spans.c: rule 8, text spans against the task's text, and the
 * offsets of HyperText and Paragraphs regions.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_private.h"
#include "util_private.h"

/* --- Rule 8: spans ----------------------------------------------------- */

#define TEXT_STEP 64

/* Decode the task's text v once: -1 when out of memory. */
static int
load_text(ann_check *k, ann_json_val v)
{
	if (k->text.of == v.p)
		return 0;
	if (ann__grow((void **)&k->text.buf, &k->text.cap, v.n + 1, 1) != 0)
		return -1;
	k->text.len = ann_json_str_decode(v, k->text.buf);
	size_t need = k->text.len / TEXT_STEP + 2, cps = 0;
	if (ann__grow((void **)&k->text.marks, &k->text.capmarks, need,
	    sizeof *k->text.marks) != 0)
		return -1;
	/* The data is valid UTF-8: a code point starts at each non-continuation byte. */
	for (size_t i = 0; i < k->text.len; i++)
		if (((unsigned char)k->text.buf[i] & 0xC0) != 0x80) {
			if (cps % TEXT_STEP == 0)
				k->text.marks[cps / TEXT_STEP] = i;
			cps++;
		}
	k->text.cps = cps;
	k->text.of = v.p;
	return 0;
}

/* The byte where code point cp (at most the length) starts. */
static size_t
text_byte(const ann_check *k, size_t cp)
{
	if (cp >= k->text.cps)
		return k->text.len;
	size_t b = k->text.marks[cp / TEXT_STEP];
	for (size_t n = cp % TEXT_STEP; n > 0; n--)
		do
			b++;
		while (((unsigned char)k->text.buf[b] & 0xC0) == 0x80);
	return b;
}

/* A whole number from 0: 0, or -1 after saying what is wrong with it. */
static int
offset_of(ann_check *k, const char *name, ann_json_val v, int64_t *out)
{
	char a[64];

	if (ann_json_typeof(v) == ANN_JSON_NUMBER && ann_json_int64(v, out) == 0 &&
	    *out >= 0)
		return 0;
	ann__check_say(k, ANN_RULE_SPANS, ANN_CHECK_ERROR, "%s is %s: offsets are "
	    "whole numbers from 0", name, ann_json_typeof(v) == ANN_JSON_NUMBER ?
	    ann__check_text(v, a, sizeof a, 40) : ann__check_type_of(v));
	return -1;
}

/*
 * value.text, when given, against code points start..end of the text
 * loaded (load_text): Label Studio shows the text it holds.
 */
static void
check_slice(ann_check *k, const ann_region *r, int64_t start, int64_t end)
{
	char a[96], b[96];

	if (ann_json_typeof(r->text) == ANN_JSON_NONE)
		return;
	size_t b0 = text_byte(k, (size_t)start), b1 = text_byte(k, (size_t)end);
	int same = 0;
	if (ann_json_typeof(r->text) == ANN_JSON_STRING && r->text.n <= 6 * (b1 - b0) + 2) {
		/* Decoded, a string is never longer than its JSON text. */
		char *d = malloc(r->text.n);
		if (d != NULL) {
			size_t n = ann_json_str_decode(r->text, d);
			same = n == b1 - b0 && memcmp(d, k->text.buf + b0, n) == 0;
			free(d);
		}
	}
	if (same)
		return;
	/* The slice, cut for the message like any other text. */
	size_t n = b1 - b0 < sizeof b - 1 ? b1 - b0 : sizeof b - 1;
	while (n > 0 && n < b1 - b0 && ((unsigned char)k->text.buf[b0 + n] & 0xC0) == 0x80)
		n--;
	memcpy(b, k->text.buf + b0, n);
	b[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)b[i] < 0x20)
			b[i] = '?';
	if (ann_json_typeof(r->text) != ANN_JSON_STRING)
		ann__check_say(k, ANN_RULE_SPANS, ANN_CHECK_ERROR, "value.text is %s, "
		    "not the text at %lld..%lld (\"%s\")",
		    ann__check_type_of(r->text), (long long)start, (long long)end, b);
	else
		ann__check_say(k, ANN_RULE_SPANS, ANN_CHECK_ERROR, "value.text \"%s\" is "
		    "not the text at %lld..%lld (\"%s\")",
		    ann__check_text(r->text, a, sizeof a, 64), (long long)start,
		    (long long)end, b);
}

static void
check_text_span(ann_check *k, const ann_region *r, const ann_geom *g,
    const ann_cfg_object *o)
{
	int64_t start, end;
	ann_json_val text;

	/* The ends as the region model has them: the end exclusive. */
	if (!g->has_span) {
		ann__check_say(k, ANN_RULE_SPANS, ANN_CHECK_ERROR, "start is %s and end "
		    "is %s: offsets are whole numbers from 0",
		    ann__check_type_of(r->start), ann__check_type_of(r->end));
		return;
	}
	if (!(g->start >= 0 && g->start == floor(g->start) && g->start < 9e15 &&
	    g->end >= 0 && g->end == floor(g->end) && g->end < 9e15)) {
		ann__check_say(k, ANN_RULE_SPANS, ANN_CHECK_ERROR, "start %.10g and end "
		    "%.10g: offsets are whole numbers from 0", g->start, g->end);
		return;
	}
	start = (int64_t)g->start;
	end = (int64_t)g->end;
	if (start >= end) {
		ann__check_say(k, ANN_RULE_SPANS, ANN_CHECK_ERROR, "start %lld is not "
		    "before end %lld", (long long)start, (long long)end);
		return;
	}
	/* A text given by URL is not in the task: nothing to measure. */
	if (o->value_type != NULL && strcmp(o->value_type, "text") != 0)
		return;
	/* Found and decoded once a task: finding it means reading past it. */
	if (k->text.object != o) {
		k->text.object = o;
		k->text.of = NULL;
		if (k->data.p != NULL && strchr(o->key, '[') == NULL &&
		    ann__check_member(k, k->data, o->key, &text) == 0 &&
		    ann_json_typeof(text) == ANN_JSON_STRING && load_text(k, text) != 0) {
			k->text.object = NULL;
			snprintf(k->err, sizeof k->err, "out of memory");
		}
	}
	if (k->text.of == NULL)
		return;	/* no text in the task: said by the task rule */
	if ((uint64_t)end > k->text.cps) {
		ann__check_say(k, ANN_RULE_SPANS, ANN_CHECK_ERROR, "end %lld is past the "
		    "end of the text (%zu characters)", (long long)end, k->text.cps);
		return;
	}
	check_slice(k, r, start, end);
}

/*
 * The paragraphs the task gives object o (data[key], a list), noted once
 * a task in k->paras: their number, or -1 when the task holds none (a
 * URL, a Repeater's key).  -2 when out of memory.
 */
static long
paragraphs(ann_check *k, const ann_cfg_object *o)
{
	ann_json_val list, v;
	ann_json_iter it;

	if (k->paras.object == o)
		return k->paras.n;
	k->paras.object = o;
	k->paras.n = -1;
	if (k->data.p == NULL || strchr(o->key, '[') != NULL ||
	    ann__check_member(k, k->data, o->key, &list) != 0 ||
	    ann_json_typeof(list) != ANN_JSON_ARRAY)
		return -1;
	size_t n = 0;
	ann__json_iter_init(&it, list, k->cache);
	while (ann_json_next_elem(&it, &v)) {
		if (ann__grow((void **)&k->paras.items, &k->paras.cap, n + 1,
		    sizeof *k->paras.items) != 0) {
			k->paras.object = NULL;
			snprintf(k->err, sizeof k->err, "out of memory");
			return -2;
		}
		k->paras.items[n++] = v;
	}
	k->paras.n = (long)n;
	return k->paras.n;
}

/*
 * A paragraph index: Label Studio writes it as a number or a string of
 * digits.  0 and the index in *out, or -1 after saying what is wrong.
 */
static int
index_of(ann_check *k, const char *name, ann_json_val v, long count,
    int64_t *out)
{
	char buf[24], *end;
	int64_t i = -1;

	if (ann_json_typeof(v) == ANN_JSON_STRING && v.n < sizeof buf) {
		buf[ann_json_str_decode(v, buf)] = '\0';
		long long l = strtoll(buf, &end, 10);
		i = end != buf && *end == '\0' && l >= 0 ? l : -1;
	} else if (ann_json_typeof(v) == ANN_JSON_NUMBER && ann_json_int64(v, &i) != 0)
		i = -1;
	if (i < 0) {
		ann__check_say(k, ANN_RULE_SPANS, ANN_CHECK_ERROR, "%s is not a "
		    "paragraph's index", name);
		return -1;
	}
	if (count >= 0 && i >= count) {
		ann__check_say(k, ANN_RULE_SPANS, ANN_CHECK_ERROR, "%s is paragraph "
		    "%lld, and the task has %ld", name, (long long)i, count);
		return -1;
	}
	*out = i;
	return 0;
}

/*
 * Load the text of paragraph i of o (its textKey, "text" unless the tag
 * names another) to measure offsets in: 0, or -1 after saying why not
 * (or, out of memory, with k->err set).
 */
static int
load_paragraph(ann_check *k, const ann_cfg_object *o, int64_t i)
{
	const char *key = o->text_key != NULL ? o->text_key : "text";
	ann_json_val text;

	if (ann__check_member(k, k->paras.items[i], key, &text) != 0 ||
	    ann_json_typeof(text) != ANN_JSON_STRING) {
		ann__check_say(k, ANN_RULE_SPANS, ANN_CHECK_ERROR, "paragraph %lld "
		    "has no string \"%s\" (the textKey of Paragraphs \"%s\") to "
		    "measure offsets in", (long long)i, key, o->name);
		return -1;
	}
	/* Not the Text object's text any more: it is found again when needed. */
	k->text.object = o;
	if (load_text(k, text) != 0) {
		k->text.object = NULL;
		k->text.of = NULL;
		snprintf(k->err, sizeof k->err, "out of memory");
		return -1;
	}
	return 0;
}

/*
 * A Paragraphs region: start and end are paragraphs, startOffset a place
 * in the first, endOffset in the last, in code points as for a Text.
 */
static void
check_paragraph_span(ann_check *k, const ann_region *r, const ann_cfg_object *o)
{
	int64_t off[2], at[2];
	static const char *const name[2] = { "startOffset", "endOffset" };

	if (offset_of(k, name[0], r->start_offset, &off[0]) != 0 ||
	    offset_of(k, name[1], r->end_offset, &off[1]) != 0)
		return;
	long n = paragraphs(k, o);
	if (n == -2 || index_of(k, "start", r->start, n, &at[0]) != 0 ||
	    index_of(k, "end", r->end, n, &at[1]) != 0)
		return;
	if (at[0] > at[1]) {
		ann__check_say(k, ANN_RULE_SPANS, ANN_CHECK_ERROR, "start is paragraph "
		    "%lld, after end, paragraph %lld", (long long)at[0],
		    (long long)at[1]);
		return;
	}
	if (at[0] == at[1] && off[0] >= off[1]) {
		ann__check_say(k, ANN_RULE_SPANS, ANN_CHECK_ERROR, "startOffset %lld "
		    "is not before endOffset %lld in paragraph %lld",
		    (long long)off[0], (long long)off[1], (long long)at[0]);
		return;
	}
	if (n < 0)
		return;	/* the paragraphs are not in the task */
	for (int e = 0; e < 2; e++) {
		if (load_paragraph(k, o, at[e]) != 0)
			return;
		if ((uint64_t)off[e] > k->text.cps) {
			ann__check_say(k, ANN_RULE_SPANS, ANN_CHECK_ERROR, "%s %lld is "
			    "past the end of paragraph %lld (%zu characters)", name[e],
			    (long long)off[e], (long long)at[e], k->text.cps);
			return;
		}
	}
	/* Within one paragraph, value.text is its slice (which is loaded). */
	if (at[0] == at[1])
		check_slice(k, r, off[0], off[1]);
}

/*
 * The HyperText o's HTML, indexed once a task: 0, or -1 when the task
 * does not hold it (or out of memory, with k->err set).
 */
static int
load_html(ann_check *k, const ann_cfg_object *o)
{
	ann_json_val html;

	if (k->html_object == o)
		return k->html_ok ? 0 : -1;
	k->html_object = o;
	k->html_ok = 0;
	if (k->data.p == NULL || strchr(o->key, '[') != NULL ||
	    (o->value_type != NULL && strcmp(o->value_type, "text") != 0) ||
	    ann__check_member(k, k->data, o->key, &html) != 0 ||
	    ann_json_typeof(html) != ANN_JSON_STRING)
		return -1;
	/* Decoded where a Text's text is: that is found again when needed. */
	k->text.object = o;
	if (load_text(k, html) != 0 ||
	    ann__check_html_index(&k->html, k->text.buf, k->text.len) != 0) {
		k->text.object = NULL;
		k->text.of = NULL;
		snprintf(k->err, sizeof k->err, "out of memory");
		return -1;
	}
	k->html_ok = 1;
	return 0;
}

/*
 * A HyperText region: start and end are XPaths of text nodes from the
 * tag's root, startOffset and endOffset places in them, in code points.
 */
static void
check_hypertext_span(ann_check *k, const ann_region *r, const ann_cfg_object *o)
{
	static const char *const name[2] = { "startOffset", "endOffset" };
	const ann_json_val path[2] = { r->start, r->end };
	int64_t off[2];
	char xpath[2][256], a[96];
	size_t n[2] = { 0, 0 }, cps;

	if (offset_of(k, name[0], r->start_offset, &off[0]) != 0 ||
	    offset_of(k, name[1], r->end_offset, &off[1]) != 0)
		return;
	for (int e = 0; e < 2; e++)
		if (ann_json_typeof(path[e]) == ANN_JSON_STRING &&
		    path[e].n <= sizeof xpath[e])
			n[e] = ann_json_str_decode(path[e], xpath[e]);
	if (n[0] > 0 && n[0] == n[1] && memcmp(xpath[0], xpath[1], n[0]) == 0 &&
	    off[0] >= off[1]) {
		ann__check_say(k, ANN_RULE_SPANS, ANN_CHECK_ERROR, "startOffset %lld "
		    "is not before endOffset %lld in one text node (\"%s\")",
		    (long long)off[0], (long long)off[1],
		    ann__check_text(path[0], a, sizeof a, 64));
		return;
	}
	if (load_html(k, o) != 0)
		return;	/* not in the task: nothing to measure */
	for (int e = 0; e < 2; e++) {
		/* A path this reading of the HTML does not find: nothing said. */
		if (n[e] == 0 || ann__check_html_text(k->html, xpath[e], n[e], &cps) != 0)
			continue;
		if ((uint64_t)off[e] > cps) {
			ann__check_say(k, ANN_RULE_SPANS, ANN_CHECK_ERROR, "%s %lld is past "
			    "the end of the text node \"%s\" (%zu characters)", name[e],
			    (long long)off[e], ann__check_text(path[e], a, sizeof a, 64), cps);
			return;
		}
	}
}

void
ann__check_span(ann_check *k, const ann_region *r, const ann_geom *g)
{
	const ann_cfg_object *o = ann__check_object(k, r->to_name);

	if (o == NULL)
		return;	/* said by the names rule */
	if (strcmp(o->tag, "Text") == 0 && r->kind == ANN_KIND_SPAN)
		check_text_span(k, r, g, o);
	else if (strcmp(o->tag, "Paragraphs") == 0)
		check_paragraph_span(k, r, o);
	else if (strcmp(o->tag, "HyperText") == 0)
		check_hypertext_span(k, r, o);
}
