/*
 * fuzz_conll.c: ann-toconll's tokenizer (conll_tokens.c) and its spans to
 * tags (conll.c), on arbitrary bytes.
 *
 * The tokenizer gets the input as code points (UTF-8 read leniently, a
 * stray byte as itself), cut at every '|': its tokens must be in order,
 * not empty, not overlapping, hold no white space, leave out nothing but
 * white space, and not cross a cut.
 *
 * The sink gets the input as one task (the first byte picks the format
 * and options), and what it writes must read back: CoNLL / IOB2 lines of
 * a token and a tag each, O, B-LABEL, or I-LABEL right after a tag of the
 * same label; a spaCy line whose tokens are its text's code points in
 * order and whose spans start and end on those tokens, in order, apart.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ann.h"
#include "ann_conll.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * White space as ann-toconll(1) defines it (TOKENS): restated here, from
 * the page, as the oracle the tokenizer is held to.
 */
static int
is_space(uint32_t c)
{
	return c <= 0x20 || (c >= 0x7f && c <= 0xa0) || c == 0x1680 ||
	    (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
	    c == 0x202f || c == 0x205f || c == 0x3000 || c == 0xfeff;
}

/* UTF-8 to code points, leniently; *at gets the byte each starts at. */
static size_t
decode(const uint8_t *s, size_t n, uint32_t *cp, size_t *at)
{
	size_t i = 0, m = 0;

	while (i < n) {
		uint32_t c = s[i];
		size_t len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
		if (i + len > n)
			len = 1;
		else if (len > 1) {
			c &= 0x7fu >> len;
			for (size_t j = 1; j < len; j++)
				c = c << 6 | (s[i + j] & 0x3f);
		}
		if (at != NULL)
			at[m] = i;
		cp[m++] = c;
		i += len;
	}
	if (at != NULL)
		at[m] = n;
	return m;
}

static void
check_tokenizer(const uint8_t *data, size_t size)
{
	uint32_t *cp = malloc((size + 1) * sizeof *cp);
	size_t *cuts = malloc((size + 1) * sizeof *cuts);
	size_t n = decode(data, size, cp, NULL), ncuts = 0, cap = 0, next = 0;
	ann_token *tok = NULL;

	for (size_t i = 0; i < n; i++)
		if (cp[i] == '|')
			cuts[ncuts++] = i;
	long nt = ann_tokenize(cp, n, cuts, ncuts, &tok, &cap);
	if (nt < 0)
		abort();
	for (long t = 0; t < nt; t++) {
		if (tok[t].start < next || tok[t].start >= tok[t].end || tok[t].end > n)
			abort();	/* in order, not empty, inside */
		for (size_t i = next; i < tok[t].start; i++)
			if (!is_space(cp[i]))
				abort();	/* only white space is left out */
		for (size_t i = tok[t].start; i < tok[t].end; i++)
			if (is_space(cp[i]))
				abort();	/* and no token holds any */
		for (size_t c = 0; c < ncuts; c++)
			if (cuts[c] > tok[t].start && cuts[c] < tok[t].end)
				abort();	/* a cut is a token's edge */
		next = tok[t].end;
	}
	for (size_t i = next; i < n; i++)
		if (!is_space(cp[i]))
			abort();
	free(tok);
	free(cuts);
	free(cp);
}

/* CoNLL or IOB2: token SEP tag per line, blank lines between sentences. */
static void
check_lines(const char *p, size_t n, ann_conll_format f)
{
	const char *sep = f == ANN_CONLL_CONLL ? " -X- _ " : "\t";
	const char *prev = NULL;	/* the label of the tag before, if any */
	size_t prevlen = 0, seplen = strlen(sep);

	if (f == ANN_CONLL_CONLL) {
		if (n < 17 || memcmp(p, "-DOCSTART- -X- O\n", 17) != 0)
			abort();
		p += 17;
		n -= 17;
	}
	while (n > 0) {
		const char *nl = memchr(p, '\n', n);
		if (nl == NULL)
			abort();	/* every line ends */
		size_t len = (size_t)(nl - p);
		if (len == 0) {
			prev = NULL;	/* a sentence ends */
		} else {
			const char *s = memmem(p, len, sep, seplen);
			if (s == NULL || s == p)
				abort();	/* a token, then its tag */
			for (const char *q = p; q < s; q++)
				if (*q == ' ' || *q == '\t')
					abort();
			const char *tag = s + seplen;
			size_t tlen = (size_t)(nl - tag);
			if (tlen == 1 && tag[0] == 'O')
				prev = NULL;
			else if (tlen > 2 && tag[1] == '-' && (tag[0] == 'B' ||
			    (tag[0] == 'I' && prev != NULL && prevlen == tlen - 2 &&
			    memcmp(prev, tag + 2, prevlen) == 0))) {
				prev = tag + 2;
				prevlen = tlen - 2;
			} else
				abort();	/* O, B-X, or I-X inside an X */
		}
		n -= len + 1;
		p = nl + 1;
	}
}

static size_t
num(ann_json_val obj, const char *key)
{
	ann_json_val v;
	int64_t x;

	if (ann_json_get(obj, key, &v) != 0 || ann_json_int64(v, &x) != 0 || x < 0)
		abort();
	return (size_t)x;
}

/* A spaCy line: {"text", "tokens": [{text, start, end}], "spans": [...]}. */
static void
check_spacy(const char *p, size_t n)
{
	ann_json_val root, text, toks, spans, e, v;
	ann_json_iter it;

	if (n == 0 || p[n - 1] != '\n' || memchr(p, '\n', n - 1) != NULL ||
	    ann_json_parse(p, n - 1, &root, NULL, NULL) != 0 ||
	    ann_json_get(root, "text", &text) != 0 ||
	    ann_json_get(root, "tokens", &toks) != 0 ||
	    ann_json_get(root, "spans", &spans) != 0)
		abort();
	char *s = malloc(text.n + 1), *ts = malloc(text.n + 1);
	size_t slen = ann_json_str_decode(text, s);
	uint32_t *cp = malloc((slen + 1) * sizeof *cp);
	size_t *at = malloc((slen + 1) * sizeof *at);
	size_t ncp = decode((const uint8_t *)s, slen, cp, at);
	size_t ntok = 0, next = 0, *ends = NULL, *starts = NULL;

	ann_json_iter_init(&it, toks);
	while (ann_json_next_elem(&it, &e)) {
		size_t a = num(e, "start"), b = num(e, "end");
		if (num(e, "id") != ntok || a < next || a >= b || b > ncp ||
		    ann_json_get(e, "text", &v) != 0 || v.n > text.n + 2)
			abort();	/* in order, apart, inside the text */
		size_t m = ann_json_str_decode(v, ts);
		if (m != at[b] - at[a] || memcmp(ts, s + at[a], m) != 0)
			abort();	/* its text is the text there */
		starts = realloc(starts, (ntok + 1) * sizeof *starts);
		ends = realloc(ends, (ntok + 1) * sizeof *ends);
		starts[ntok] = a;
		ends[ntok++] = b;
		next = b;
	}
	long last = -1;
	ann_json_iter_init(&it, spans);
	while (ann_json_next_elem(&it, &e)) {
		size_t a = num(e, "token_start"), b = num(e, "token_end");
		if ((long)a <= last || a > b || b >= ntok ||
		    num(e, "start") != starts[a] || num(e, "end") != ends[b] ||
		    ann_json_get(e, "label", &v) != 0 ||
		    ann_json_typeof(v) != ANN_JSON_STRING)
			abort();	/* whole tokens, in order, apart */
		last = (long)b;
	}
	free(starts);
	free(ends);
	free(at);
	free(cp);
	free(ts);
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ann_view *view;
	ann_conll_opts o = { .sets = { .newest = 1, .skip_cancelled = 1 } };
	ann_json_val root;
	ann_skips skips;
	ann_sink sink;
	ann_buf got = { 0 };

	if (size == 0)
		return 0;
	check_tokenizer(data + 1, size - 1);

	if (view == NULL && (view = ann_view_new()) == NULL)
		abort();
	o.format = (data[0] & 3) == 3 ? ANN_CONLL_SPACY : (ann_conll_format)(data[0] & 3);
	o.sentences = o.format != ANN_CONLL_SPACY && (data[0] & 4);
	o.keep_unlabeled = (data[0] & 8) != 0;
	o.sets.from = data[0] & 16 ? ANN_SETS_BOTH : ANN_SETS_ANNOTATIONS;
	o.text_key = data[0] & 32 ? "text" : NULL;
	o.strict_labels = (data[0] & 64) != 0;
	data++;
	size--;
	if (ann_json_parse((const char *)data, size, &root, NULL, NULL) != 0)
		return 0;

	ann_out *out = ann_out_memory();
	ann_conll *k = out != NULL ? ann_conll_new(&o, out) : NULL;
	if (k == NULL)
		abort();
	if (o.strict_labels && ann_conll_category(k, "PER") != ANN_OK)
		abort();
	ann_conll_sink(k, &sink);
	memset(&skips, 0, sizeof skips);
	/* As the reader hands out a record: the value, no white space round it. */
	ann_record rec = { .data = root.p, .len = root.n, .number = 1 };
	ann_status st = ann_sink_record(&sink, view, &skips, &rec);
	if (st != ANN_OK && ann_sink_errmsg(&sink)[0] == '\0')
		abort();	/* a task left out says why */
	if (st != ANN_FATAL && ann_sink_finish(&sink) != ANN_OK)
		abort();
	if (ann_out_take(out, &got) != 0)
		abort();
	if (o.format == ANN_CONLL_SPACY) {
		if (got.len > 0)
			check_spacy(got.p, got.len);
	} else
		check_lines(got.p, got.len, o.format);
	ann_buf_free(&got);
	ann_conll_free(k);
	ann_out_abort(out);
	return 0;
}
