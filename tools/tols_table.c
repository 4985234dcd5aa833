/*
 * tols_table.c: ann-tols --from csv or tsv: a Label Studio task per row of
 * each table, each table on its own with its own header (ann_tols_csv.h).
 */
#include <stdio.h>
#include <string.h>

#include "ann.h"
#include "ann_tols_csv.h"
#include "tols_cli.h"

static const char *prog = TOLS_PROG;

/* Read one table ("-" is standard input), a task per row to standard output. */
static ann_status
read_table(ann_tols_csv *c, const char *path)
{
	const char *name;
	int fd = tols_open(path, &name);
	uint64_t line, byte;
	ann_status st;

	if (fd < 0)
		return ANN_FATAL;
	st = ann_tols_csv_read(c, fd, tols_write_file, stdout);
	tols_close(path, fd);
	if (st != ANN_OK && ann_tols_csv_errpos(c, &line, &byte))
		fprintf(stderr, "%s: %s:%llu (byte %llu): %s\n", prog, name,
		    (unsigned long long)line, (unsigned long long)byte,
		    ann_tols_csv_errmsg(c));
	else if (st != ANN_OK)
		fprintf(stderr, "%s: %s: %s\n", prog, name, ann_tols_csv_errmsg(c));
	return st;
}

/*
 * --from csv: each table on its own, with its own header; a bad table
 * is reported and the others still read (the exit says one failed).
 */
int
tols_run_tables(const ann_tols_csv_opts *o, char **argv, int argc, int quiet)
{
	ann_tols_csv *c;
	ann_error err;
	ann_status st, worst = ANN_OK;
	char summary[256];

	if ((c = ann_tols_csv_new(o, &err)) == NULL) {
		fprintf(stderr, "%s: %s\n", prog, err.msg);
		return ANN_EXIT_ERROR;
	}
	for (int i = 0; i < argc; i++) {
		if ((st = read_table(c, argv[i])) < worst)
			worst = st;
		if (st == ANN_FATAL)
			break;
	}
	if (!quiet) {
		ann_tols_csv_summary(c, summary, sizeof summary);
		fprintf(stderr, "%s: %s\n", prog, summary);
	}
	ann_tols_csv_free(c);
	if (tols_flush_stdout() != 0)
		worst = ANN_FATAL;
	return worst != ANN_OK ? ANN_EXIT_ERROR : ANN_EXIT_OK;
}
