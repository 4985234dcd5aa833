/*
 * fuzz_tols_csv.c: ann-tols --from csv (tols_csv.c) on arbitrary bytes.
 * The first byte picks the options: the separator (comma, tab or
 * semicolon) and whether column "m" is a --json-columns column.
 *
 * What must hold: every task written is one line of JSON, an object with
 * an object "data" of as many members as the header has names; a failure
 * says why, and, when the input is plain, at a byte inside it; the same
 * reader reads a second table after a failed one as if it were the first
 * (no state left over), seen by reading the input twice and comparing.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ann.h"
#include "ann_tols_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct seen {
	uint64_t tasks;
	uint64_t hash;		/* of every task, in order */
	size_t members;		/* of the first task's data; 0 before it */
} seen;

static int
put_task(void *ctx, const void *p, size_t n)
{
	seen *s = ctx;
	const char *t = p;
	ann_json_val root, d, k, v;
	ann_json_iter it;
	size_t members = 0;

	if (n == 0 || t[n - 1] != '\n' || memchr(t, '\n', n - 1) != NULL ||
	    ann_json_parse(t, n - 1, &root, NULL, NULL) != 0 ||
	    ann_json_get(root, "data", &d) != 0 ||
	    ann_json_typeof(d) != ANN_JSON_OBJECT)
		abort();
	ann_json_iter_init(&it, d);
	while (ann_json_next_member(&it, &k, &v))
		members++;
	if (members == 0 || (s->members != 0 && members != s->members))
		abort();	/* a row is as wide as the header */
	s->members = members;
	s->tasks++;
	s->hash = s->hash * 31 + ann_hash(p, n);
	return 0;
}

static ann_status
run(ann_tols_csv *c, const uint8_t *data, size_t size, seen *s)
{
	int fd;
	ann_status st;

	memset(s, 0, sizeof *s);
	if ((fd = memfd_create("csv", 0)) < 0 ||
	    write(fd, data, size) != (ssize_t)size || lseek(fd, 0, SEEK_SET) != 0)
		abort();
	st = ann_tols_csv_read(c, fd, put_task, s);
	close(fd);
	return st;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char delims[] = { ',', '\t', ';', ',' };
	ann_tols_csv_opts o = { 0 };
	ann_tols_csv *c;
	ann_error err;
	seen a, b;
	ann_status sa, sb;

	if (size == 0)
		return 0;
	o.delim = delims[data[0] & 3];
	o.json_columns = data[0] & 4 ? "m" : NULL;
	data++;
	size--;
	if ((c = ann_tols_csv_new(&o, &err)) == NULL)
		abort();
	sa = run(c, data, size, &a);
	if (sa != ANN_OK) {
		uint64_t line, byte;
		int plain = !(size >= 2 && data[0] == 0x1f && data[1] == 0x8b) &&
		    !(size >= 4 && memcmp(data, "\x28\xb5\x2f\xfd", 4) == 0);
		if (ann_tols_csv_errmsg(c)[0] == '\0')
			abort();	/* a failure says why */
		if (plain && ann_tols_csv_errpos(c, &line, &byte) &&
		    (byte > size || line == 0))
			abort();	/* and where, inside the input */
	}
	sb = run(c, data, size, &b);
	if (sa != sb || a.tasks != b.tasks || a.hash != b.hash)
		abort();		/* the second read is the first */
	ann_tols_csv_free(c);
	return 0;
}
