/*
 * table.c: writing rows.  CSV and TSV quote through libcsv, and only the
 * fields that need it, so numbers stay numbers to the tools that read the
 * file; NDJSON rows are objects with the columns as keys.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "ann_core.h"
#include "ann_table.h"

struct ann_table {
	ann_out *out;
	ann_table_format format;
	char sep;		/* between fields: ',' or a tab */
	int safe;		/* text that starts like a formula gets a ' */
	int cells;		/* in the current row */
	ann_buf field;		/* a decoded or quoted field */
	ann_buf min;		/* minified JSON */
};

ann_table *
ann_table_new(ann_out *out, ann_table_format format)
{
	ann_table *t = calloc(1, sizeof *t);

	if (t != NULL) {
		t->out = out;
		t->format = format;
		t->sep = format == ANN_TABLE_TSV ? '\t' : ',';
	}
	return t;
}

void
ann_table_set_safe(ann_table *t, int on)
{
	t->safe = on;
}

void
ann_table_free(ann_table *t)
{
	if (t == NULL)
		return;
	ann_buf_free(&t->field);
	ann_buf_free(&t->min);
	free(t);
}

static ann_status
put(ann_table *t, const char *p, size_t n)
{
	return ann_out_write(t->out, p, n);
}

/*
 * Does a CSV or TSV field need quotes?  It does when it holds the
 * separator, a quote or a line break, or starts or ends with a space.
 */
static int
needs_quotes(const ann_table *t, const char *p, size_t n)
{
	if (n > 0 && (p[0] == ' ' || p[n - 1] == ' '))
		return 1;
#if defined(__SSE2__)
	/* Ids and labels are tens of bytes: 16 at a time, the rest padded. */
	const __m128i sep = _mm_set1_epi8(t->sep);
	const __m128i dq = _mm_set1_epi8('"'), lf = _mm_set1_epi8('\n');
	const __m128i cr = _mm_set1_epi8('\r');
	char tail[16] = { 0 };
	for (size_t i = 0; i < n; i += 16) {
		const char *at = p + i;
		if (n - i < 16)
			at = memcpy(tail, p + i, n - i);
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)at);
		if (_mm_movemask_epi8(_mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(v, sep), _mm_cmpeq_epi8(v, dq)),
		    _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)))) != 0)
			return 1;
	}
	return 0;
#else
	for (size_t i = 0; i < n; i++)
		if (p[i] == t->sep || p[i] == '"' || p[i] == '\n' || p[i] == '\r')
			return 1;
	return 0;
#endif
}

/* A field as it is, after its separator (sep, or none when 0). */
static inline ann_status
emit(ann_table *t, char sep, const char *p, size_t n)
{
	size_t k = sep != 0;
	char *d = ann_out_room(t->out, n + k);
	if (d == NULL)	/* a huge field, or a failed writer: the slow way */
		return (k && put(t, &sep, 1) != ANN_OK) ? ANN_FATAL : put(t, p, n);
	if (k)
		d[0] = sep;
	memcpy(d + k, p, n);
	ann_out_wrote(t->out, n + k);
	return ANN_OK;
}

/*
 * A CSV or TSV field, quoted (doubling quotes) only when it must be; built
 * in the table's buffer.
 */
static ann_status
put_field(ann_table *t, char sep, const char *p, size_t n)
{
	if (needs_quotes(t, p, n)) {
		size_t need = csv_write(NULL, 0, p, n);
		char *q = ann_buf_clear_room(&t->field, need);
		if (q == NULL)
			return ANN_FATAL;
		csv_write(q, need, p, n);
		p = q;
		n = need;
	}
	return emit(t, sep, p, n);
}

/*
 * A text field.  With ann_table_set_safe, text that starts with = + - @,
 * a tab or a carriage return, which spreadsheets read as a formula, gets
 * a leading ' (shown by none of them, and which stops the evaluation) and
 * quotes, as OWASP's advice on CSV injection says.  Numbers never come
 * here: -3.5 from a JSON number stays a number.
 */
static ann_status
put_text(ann_table *t, char sep, const char *p, size_t n)
{
	if (!t->safe || n == 0 || memchr("=+-@\t\r", p[0], 6) == NULL)
		return put_field(t, sep, p, n);
	size_t need = 1 + csv_write(NULL, 0, p, n);
	char *q = ann_buf_clear_room(&t->field, need);
	if (q == NULL)
		return ANN_FATAL;
	/* csv_write's opening quote goes to q[1], where the ' then goes. */
	csv_write(q + 1, need - 1, p, n);
	q[0] = '"';
	q[1] = '\'';
	return emit(t, sep, q, need);
}

ann_status
ann_table_header(ann_table *t, const char *const *names, size_t n, int bom)
{
	/*
	 * No columns (ann-flatten -t over no tasks): no header line either, for
	 * a blank line would read as a row of one empty field.
	 */
	if (t->format == ANN_TABLE_NDJSON || n == 0)
		return ANN_OK;
	if (bom && put(t, "\xEF\xBB\xBF", 3) != ANN_OK)
		return ANN_FATAL;
	for (size_t i = 0; i < n; i++)
		if (put_text(t, i == 0 ? 0 : t->sep,
		    names[i], strlen(names[i])) != ANN_OK)
			return ANN_FATAL;
	return put(t, "\n", 1);
}

ann_status
ann_table_begin_row(ann_table *t)
{
	t->cells = 0;
	return t->format == ANN_TABLE_NDJSON ? put(t, "{", 1) : ANN_OK;
}

static ann_status
put_json_string(ann_table *t, const char *p, size_t n)
{
	char *q = ann_buf_clear_room(&t->field, 6 * n + 2);

	if (q == NULL)
		return ANN_FATAL;
	return put(t, q, ann_json_escape(p, n, q));
}

/* Raw JSON from a record may be pretty-printed: one line per row. */
static int
minify(ann_table *t, ann_cell *c)
{
	if (memchr(c->p, '\n', c->n) == NULL && memchr(c->p, ' ', c->n) == NULL)
		return 0;
	char *q = ann_buf_clear_room(&t->min, c->n);
	if (q == NULL)
		return -1;
	c->n = ann_json_minify(c->p, c->n, q);
	c->p = q;
	return 0;
}

ann_status
ann_table_cell(ann_table *t, const char *name, ann_cell c)
{
	int ndjson = t->format == ANN_TABLE_NDJSON;
	/* CSV and TSV write it with the field; NDJSON before the name. */
	char sep = t->cells++ == 0 ? 0 : t->sep;

	if (ndjson && sep != 0 && put(t, &sep, 1) != ANN_OK)
		return ANN_FATAL;
	if (ndjson && (put_json_string(t, name, strlen(name)) != ANN_OK ||
	    put(t, ":", 1) != ANN_OK))
		return ANN_FATAL;
	if (c.type == ANN_CELL_JSON && c.n == 4 && memcmp(c.p, "null", 4) == 0)
		c.type = ANN_CELL_NONE;	/* an empty field, the same as absent */
	if (c.type == ANN_CELL_JSON && c.n > 0 && c.p[0] == '"' && !ndjson &&
	    memchr(c.p, '\\', c.n) == NULL) {
		c.p++;	/* a string without escapes is its own text */
		c.n -= 2;
		c.type = ANN_CELL_TEXT;
	} else if (c.type == ANN_CELL_JSON && c.n > 0 && c.p[0] == '"' && !ndjson) {
		ann_json_val v = { c.p, c.n };
		char *q = ann_buf_clear_room(&t->min, c.n);
		if (q == NULL)
			return ANN_FATAL;
		c.n = ann_json_str_decode(v, q);
		c.p = q;
		c.type = ANN_CELL_TEXT;
	} else if (c.type == ANN_CELL_JSON && (c.p[0] == '[' || c.p[0] == '{') &&
	    minify(t, &c) != 0)
		return ANN_FATAL;	/* only containers can hold whitespace */
	switch (c.type) {
	case ANN_CELL_NONE:
		return ndjson ? put(t, "null", 4) : put_field(t, sep, "", 0);
	case ANN_CELL_TEXT:
		return ndjson ? put_json_string(t, c.p, c.n) : put_text(t, sep, c.p, c.n);
	default:
		return ndjson ? put(t, c.p, c.n) : put_field(t, sep, c.p, c.n);
	}
}

ann_status
ann_table_end_row(ann_table *t)
{
	return put(t, t->format == ANN_TABLE_NDJSON ? "}\n" : "\n",
	    t->format == ANN_TABLE_NDJSON ? 2 : 1);
}
