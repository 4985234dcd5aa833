/*
 * fuzz_where.c: the date parser and the --where expression and path
 * parsers on arbitrary text.  The input is split at its first NUL: before
 * it an expression (also tried as a date and as a path), after it a
 * record to test it on, or a fixed task when that part is not valid JSON.
 *
 * What must hold: nothing reads past the text it is given (the date parser
 * gets an exact-size copy, no NUL after it), a date without a time is a
 * midnight and --until's end of day is that day's last microsecond, and a
 * compiled expression answers 0 or 1 on any record.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ann.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define USEC_PER_DAY (86400LL * 1000000)

static const char task[] =
    "{\"id\":7,\"data\":{\"image\":\"a.png\",\"n\":3,\"when\":\"2024-03-01\"},"
    "\"created_at\":\"2024-03-01T10:00:00.5Z\",\"updated_at\":1709287200,"
    "\"annotations\":[{\"id\":1,\"completed_by\":{\"email\":\"a@b.c\"},"
    "\"result\":[{\"type\":\"choices\",\"value\":{\"choices\":[\"Y\",\"N\"]}},"
    "{\"type\":\"rectanglelabels\",\"value\":{\"x\":1.5,\"y\":-2e3,"
    "\"rectanglelabels\":[\"Car\"]}}]}],\"predictions\":[],"
    "\"a.b\":{\"c\":null},\"u\":\"\\u00e9\\ud83d\\ude00\",\"dup\":1,\"dup\":2}";

static int
count(void *ctx, ann_json_val v)
{
	(void)v;
	++*(int *)ctx;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t elen = nul ? (size_t)(nul - data) : size;
	ann_error err;
	ann_json_val root;
	int64_t t, t0, t1;
	int timed;

	/* The date parser takes a length: give it exactly that many bytes. */
	char *exact = malloc(elen ? elen : 1);
	memcpy(exact, data, elen);
	if (ann_date_parse(exact, elen, &t, &timed) == 0 && !timed &&
	    t % USEC_PER_DAY != 0)
		abort();
	free(exact);

	char *expr = malloc(elen + 1);
	memcpy(expr, data, elen);
	expr[elen] = '\0';
	const int64_t now = 1700000000LL * 1000000;
	int a = ann_date_arg(expr, now, 0, &t0);
	int b = ann_date_arg(expr, now, 1, &t1);
	if (a != b || (a == 0 && t1 - t0 != 0 && t1 - t0 != USEC_PER_DAY - 1))
		abort();

	const char *rec = task;
	size_t rlen = sizeof task - 1;
	if (nul != NULL && ann_json_parse((const char *)nul + 1,
	    size - elen - 1, &root, NULL, NULL) == 0) {
		rec = (const char *)nul + 1;
		rlen = size - elen - 1;
	}
	if (ann_json_parse(rec, rlen, &root, NULL, NULL) != 0)
		abort();

	ann_path *p = ann_path_new(expr, &err);
	if (p != NULL) {
		int n = 0;
		ann_path_each(p, root, count, &n);
		ann_path_free(p);
	} else if (memchr(err.msg, '\0', sizeof err.msg) == NULL)
		abort();

	ann_where *w = ann_where_new(expr, &err);
	if (w != NULL) {
		int m = ann_where_match(w, root);
		if (m != 0 && m != 1)
			abort();
		ann_where_free(w);
	} else if (memchr(err.msg, '\0', sizeof err.msg) == NULL)
		abort();
	free(expr);
	return 0;
}
