/*
 * tols_csv.c: Label Studio tasks from a CSV or TSV table (ann_tols_csv.h).
 *
 * libcsv does the quoting: it hands out each cell (quotes undone, quoted
 * line breaks kept) and says where each row ends.  It is run strict, so a
 * stray quote is an error with its byte rather than a guess at what the
 * cell was.  Cells are kept byte for byte: libcsv's trimming of spaces
 * around unquoted cells is turned off, as spaces in a text are data.
 *
 * libcsv does not say where in the input a cell was.  So the input is fed
 * to it in pieces that each end at a separator or a line break (or at the
 * end of the read buffer): a cell or a row can only end on the last byte
 * of a piece, so a callback knows the byte it fires at, and from it where
 * the next cell starts.  A row starts at the first piece after the last
 * row's end that is not a line break (libcsv passes blank lines over).
 *
 * Each row is built as one NDJSON line, {"data":{...}}, and written whole
 * once its last cell is in, so memory is one row (and the header's names,
 * kept escaped).  Cells are strings; a cell of a --json-columns column is
 * validated with the JSON reader and written minified, numbers and strings
 * as they are.  Label Studio's own import (pandas read_csv) turns cells
 * that look like numbers into numbers ("007" becomes 7, a number column
 * with a blank becomes floats); here a cell is only ever what it says,
 * and --json-columns is how a number is asked for.  No task id is made up:
 * an "id" column is data, as in Label Studio's import.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_json.h"
#include "ann_tols.h"
#include "ann_tols_csv.h"
#include "source_private.h"
#include "util_private.h"

#define CSV_READ (1u << 16)
/* The largest row held, as the record reader's default largest record. */
#define CSV_MAX_ROW ((size_t)1 << 30)

struct ann_tols_csv {
	unsigned char delim;
	char **json;			/* --json-columns */
	size_t njson;
	ann_error err;
	uint64_t err_line;
	int has_line;
	uint64_t tables, tasks;

	/* One input's state, reset by ann_tols_csv_read. */
	struct csv_parser p;
	ann_tols_write_fn write;
	void *ctx;
	ann_status st;			/* the first error a callback met */
	int header;			/* the header row is being read */
	ann_buf keys;			/* the header's names, each escaped and ":" */
	size_t *keyoff;			/* keys of column i: keyoff[i] to keyoff[i+1] */
	unsigned char *isjson;
	size_t ncol, capcol;
	size_t *slot;			/* the header's names hashed: dup check */
	ann_buf row, cell;
	size_t nfield;
	uint64_t end;			/* the byte the callbacks of this piece fire at */
	uint64_t line;			/* line breaks before the piece */
	uint64_t row_start, row_line, field_start;
	int between;			/* no byte of a row met since the last row ended */
};

/* libcsv's spaces: none, so that a cell keeps its spaces. */
static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

ann_tols_csv *
ann_tols_csv_new(const ann_tols_csv_opts *opts, ann_error *err)
{
	ann_tols_csv *c = calloc(1, sizeof *c);
	const char *s = opts->json_columns;

	if (c == NULL)
		goto oom;
	c->delim = opts->delim ? opts->delim : ',';
	while (s != NULL) {
		const char *comma = strchr(s, ',');
		size_t n = comma ? (size_t)(comma - s) : strlen(s);
		char **json;

		if (n == 0) {
			ann__error_set(err, "--json-columns %s: an empty column name",
			    opts->json_columns);
			ann_tols_csv_free(c);
			return NULL;
		}
		if ((json = realloc(c->json, (c->njson + 1) * sizeof *json)) == NULL)
			goto oom;
		c->json = json;
		if ((c->json[c->njson] = strndup(s, n)) == NULL)
			goto oom;
		c->njson++;
		s = comma ? comma + 1 : NULL;
	}
	return c;
oom:
	ann_tols_csv_free(c);
	ann__error_set(err, "out of memory");
	return NULL;
}

static void
reset(ann_tols_csv *c)
{
	ann_buf_free(&c->keys);
	ann_buf_free(&c->row);
	ann_buf_free(&c->cell);
	free(c->keyoff);
	free(c->isjson);
	free(c->slot);
	c->keyoff = NULL;
	c->isjson = NULL;
	c->slot = NULL;
	c->ncol = c->capcol = 0;
}

void
ann_tols_csv_free(ann_tols_csv *c)
{
	if (c == NULL)
		return;
	reset(c);
	for (size_t i = 0; i < c->njson; i++)
		free(c->json[i]);
	free(c->json);
	free(c);
}

const char *
ann_tols_csv_errmsg(const ann_tols_csv *c)
{
	return c->err.msg;
}

int
ann_tols_csv_errpos(const ann_tols_csv *c, uint64_t *line, uint64_t *byte)
{
	*line = c->err_line;
	*byte = c->err.byte;
	return c->has_line && c->err.has_byte;
}

void
ann_tols_csv_summary(const ann_tols_csv *c, char *buf, size_t len)
{
	snprintf(buf, len, "%llu %s read, %llu %s written",
	    (unsigned long long)c->tables, ann__plural(c->tables, "table", "tables"),
	    (unsigned long long)c->tasks, ann__plural(c->tasks, "task", "tasks"));
}

/* Fail the table at BYTE, on the row that starts on line c->row_line. */
static void
fail(ann_tols_csv *c, ann_status st, uint64_t byte, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void
fail(ann_tols_csv *c, ann_status st, uint64_t byte, const char *fmt, ...)
{
	va_list ap;

	if (c->st != ANN_OK)
		return;
	va_start(ap, fmt);
	ann__error_vset(&c->err, fmt, ap);
	va_end(ap);
	ann__error_byte(&c->err, byte);
	c->err_line = c->row_line;
	c->has_line = 1;
	c->st = st;
}

/* Column i's name, unescaped, for a message (at most 200 bytes). */
static const char *
col_name(ann_tols_csv *c, size_t i, char *dst, size_t len)
{
	ann_json_val v = { c->keys.p + c->keyoff[i], c->keyoff[i + 1] - c->keyoff[i] - 1 };
	char *s = malloc(v.n);
	size_t n;

	if (s == NULL)
		return "?";
	n = ann_json_str_decode(v, s);
	snprintf(dst, len, "%.*s", (int)(n > 200 ? 200 : n), s);
	free(s);
	return dst;
}

/*
 * Append S as a JSON string to B: 0, -1 out of memory (failed), -2 when S
 * is not UTF-8 (for the caller to say where).  The JSON reader is the one
 * judge of UTF-8 in libann, so the string written is read back by it.
 */
static int
put_string(ann_tols_csv *c, ann_buf *b, const char *s, size_t n)
{
	size_t at = b->len;

	if (ann_buf_json_string(b, s, n) != 0) {
		fail(c, ANN_FATAL, c->field_start, "out of memory");
		return -1;
	}
	return ann_json_parse(b->p + at, b->len - at, NULL, NULL, NULL) == 0 ? 0 : -2;
}

#define NOT_UTF8 "is not UTF-8 text (convert the table, e.g. with iconv)"

/* A header cell: a column's name, none empty, none twice. */
static void
header_cell(ann_tols_csv *c, const char *s, size_t n)
{
	size_t i = c->ncol;
	int r;

	if (n == 0) {
		fail(c, ANN_FAILED, c->field_start,
		    "column %zu of the header has no name", i + 1);
		return;
	}
	if (ann__grow((void **)&c->keyoff, &c->capcol, i + 2, sizeof *c->keyoff) != 0) {
		fail(c, ANN_FATAL, c->field_start, "out of memory");
		return;
	}
	c->keyoff[i] = c->keys.len;
	if ((r = put_string(c, &c->keys, s, n)) != 0) {
		if (r == -2)
			fail(c, ANN_FAILED, c->field_start,
			    "the name of column %zu " NOT_UTF8, i + 1);
		return;
	}
	if (ann_buf_put(&c->keys, ":", 1) != 0) {
		fail(c, ANN_FATAL, c->field_start, "out of memory");
		return;
	}
	c->keyoff[i + 1] = c->keys.len;
	c->ncol++;
}

/* The header is complete: no name twice, and every --json-columns found. */
static void
header_end(ann_tols_csv *c)
{
	size_t cap = 16, mask;
	char name[256];

	while (cap < c->ncol * 2)
		cap *= 2;
	mask = cap - 1;
	free(c->slot);
	if ((c->slot = malloc(cap * sizeof *c->slot)) == NULL ||
	    (c->isjson = calloc(c->ncol ? c->ncol : 1, 1)) == NULL) {
		fail(c, ANN_FATAL, c->row_start, "out of memory");
		return;
	}
	memset(c->slot, 0xff, cap * sizeof *c->slot);
	for (size_t i = 0; i < c->ncol; i++) {
		const char *k = c->keys.p + c->keyoff[i];
		size_t n = c->keyoff[i + 1] - c->keyoff[i];
		size_t h = (size_t)ann_hash(k, n) & mask;

		for (; c->slot[h] != (size_t)-1; h = (h + 1) & mask) {
			size_t j = c->slot[h];
			if (c->keyoff[j + 1] - c->keyoff[j] == n &&
			    memcmp(c->keys.p + c->keyoff[j], k, n) == 0) {
				fail(c, ANN_FAILED, c->row_start,
				    "column \"%s\" is named twice in the header "
				    "(columns %zu and %zu)",
				    col_name(c, i, name, sizeof name), j + 1, i + 1);
				return;
			}
		}
		c->slot[h] = i;
	}
	for (size_t k = 0; k < c->njson; k++) {
		size_t i;
		for (i = 0; i < c->ncol; i++) {
			ann_json_val v = { c->keys.p + c->keyoff[i],
			    c->keyoff[i + 1] - c->keyoff[i] - 1 };
			if (ann_json_str_eq(v, c->json[k]))
				break;
		}
		if (i == c->ncol) {
			fail(c, ANN_FAILED, c->row_start,
			    "--json-columns: the header has no column \"%.200s\"",
			    c->json[k]);
			return;
		}
		c->isjson[i] = 1;
	}
	c->header = 0;
}

static void
on_cell(void *s, size_t n, void *data)
{
	ann_tols_csv *c = data;
	size_t i = c->nfield;
	const char *cell = s ? s : "";	/* libcsv has no buffer before a first byte */
	char name[256];

	if (c->st != ANN_OK)
		return;
	c->nfield++;
	if (c->header)
		header_cell(c, cell, n);
	else if (i >= c->ncol)
		fail(c, ANN_FAILED, c->field_start,
		    "a row with more cells than the header's %zu", c->ncol);
	else {
		ann_buf *r = &c->row;
		int bad = 0;

		if (i == 0)
			bad = ann_buf_put(r, "{\"data\":{", 9);
		else
			bad = ann_buf_put(r, ",", 1);
		if (bad || ann_buf_put(r, c->keys.p + c->keyoff[i],
		    c->keyoff[i + 1] - c->keyoff[i]) != 0) {
			fail(c, ANN_FATAL, c->field_start, "out of memory");
			return;
		}
		if (c->isjson[i] && n > 0) {
			ann_json_val v;
			const char *msg;
			size_t off;
			char *dst;

			if (ann_json_parse(cell, n, &v, &msg, &off) != 0) {
				fail(c, ANN_FAILED, c->field_start,
				    "column \"%s\": %s (at byte %zu of the cell; "
				    "--json-columns names it)",
				    col_name(c, i, name, sizeof name), msg, off);
				return;
			}
			if ((dst = ann_buf_room(r, n)) == NULL) {
				fail(c, ANN_FATAL, c->field_start, "out of memory");
				return;
			}
			r->len += ann_json_minify(cell, n, dst);
		} else if (put_string(c, r, cell, n) == -2)
			fail(c, ANN_FAILED, c->field_start, "column \"%s\": the cell "
			    NOT_UTF8, col_name(c, i, name, sizeof name));
	}
	c->field_start = c->end + 1;
}

static void
on_row(int term, void *data)
{
	ann_tols_csv *c = data;

	(void)term;
	if (c->st != ANN_OK)
		return;
	if (c->header)
		header_end(c);
	else if (c->nfield < c->ncol)
		fail(c, ANN_FAILED, c->row_start,
		    "a row with %zu %s, the header has %zu", c->nfield,
		    ann__plural(c->nfield, "cell", "cells"), c->ncol);
	else if (ann_buf_put(&c->row, "}}\n", 3) != 0)
		fail(c, ANN_FATAL, c->row_start, "out of memory");
	else if (c->write(c->ctx, c->row.p, c->row.len) != 0)
		fail(c, ANN_FATAL, c->row_start, "write error");
	else
		c->tasks++;
	c->row.len = 0;
	c->nfield = 0;
	c->between = 1;
}

/* Feed one piece (ending at a separator, a line break or the buffer's end). */
static int
feed(ann_tols_csv *c, const char *p, size_t n, uint64_t at)
{
	size_t used;

	if (c->between && p[0] != '\r' && p[0] != '\n') {
		c->between = 0;
		c->row_start = c->field_start = at;
		c->row_line = c->line + 1;
	}
	c->end = at + n - 1;
	used = csv_parse(&c->p, p, n, on_cell, on_row, c);
	if (c->st != ANN_OK)
		return -1;
	if (used < n) {
		if (csv_error(&c->p) == CSV_EPARSE)
			fail(c, ANN_FAILED, at + used,
			    "a quote in the middle of a cell (quote the whole "
			    "cell and double the quotes inside it)");
		else
			fail(c, ANN_FATAL, at + used, "out of memory");
		return -1;
	}
	if (p[n - 1] == '\n')
		c->line++;
	if (c->row.len > CSV_MAX_ROW || csv_get_buffer_size(&c->p) > CSV_MAX_ROW) {
		fail(c, ANN_FAILED, c->row_start,
		    "a row of more than %zu bytes", CSV_MAX_ROW);
		return -1;
	}
	return 0;
}

/* Feed a buffer in pieces, each ending where a callback may fire. */
static int
feed_all(ann_tols_csv *c, const char *p, size_t n, uint64_t at)
{
	size_t i = 0;

	while (i < n) {
		size_t j = i;
		while (j < n && p[j] != (char)c->delim && p[j] != '\n' && p[j] != '\r')
			j++;
		if (j < n)
			j++;
		if (feed(c, p + i, j - i, at + i) != 0)
			return -1;
		i = j;
	}
	return 0;
}

ann_status
ann_tols_csv_read(ann_tols_csv *c, int fd, ann_tols_write_fn write,
    void *ctx)
{
	static const char bom[] = "\xef\xbb\xbf";
	ann__source *src;
	char *buf = NULL;
	size_t len = 0, skip = 0;
	uint64_t off = 0;
	int eof = 0;

	reset(c);
	memset(&c->err, 0, sizeof c->err);
	c->has_line = 0;
	c->st = ANN_OK;
	c->write = write;
	c->ctx = ctx;
	c->header = 1;
	c->nfield = 0;
	c->line = 0;
	c->row_line = 1;
	c->row_start = c->field_start = 0;
	c->between = 1;
	if (csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		ann__error_set(&c->err, "out of memory");
		return ANN_FATAL;
	}
	csv_set_delim(&c->p, c->delim);
	csv_set_space_func(&c->p, no_space);
	if ((src = ann__source_open(fd, 0)) == NULL || (buf = malloc(CSV_READ)) == NULL) {
		ann__source_close(src);
		csv_free(&c->p);
		ann__error_set(&c->err, "out of memory");
		return ANN_FATAL;
	}
	/* The first read holds the byte order mark whole, or the input is shorter. */
	while (!eof && len < 3) {
		ssize_t r = ann__source_read(src, buf + len, CSV_READ - len);
		if (r < 0)
			goto ioerr;
		eof = r == 0;
		len += (size_t)r;
	}
	if (len >= 3 && memcmp(buf, bom, 3) == 0)
		skip = 3;
	c->between = 1;
	c->row_start = c->field_start = skip;
	for (;;) {
		if (len > skip && feed_all(c, buf + skip, len - skip, off + skip) != 0)
			break;
		off += len;
		skip = len = 0;
		if (eof)
			break;
		ssize_t r = ann__source_read(src, buf, CSV_READ);
		if (r < 0)
			goto ioerr;
		if (r == 0)
			eof = 1;
		len = (size_t)r;
	}
	if (c->st == ANN_OK) {
		c->end = off;
		if (csv_fini(&c->p, on_cell, on_row, c) != 0 && c->st == ANN_OK)
			fail(c, ANN_FAILED, c->field_start,
			    "a quoted cell is not closed before the end of the input");
	}
	if (c->st == ANN_OK && c->header)
		c->header = 0;		/* an empty input: no columns, no rows */
	ann__source_close(src);
	csv_free(&c->p);
	free(buf);
	if (c->st == ANN_OK)
		c->tables++;
	return c->st;
ioerr:
	ann__error_set(&c->err, "read error: %s", ann__source_error(src));
	ann__source_close(src);
	csv_free(&c->p);
	free(buf);
	return ANN_FATAL;
}
