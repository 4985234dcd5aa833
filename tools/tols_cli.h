/*
 * tols_cli.h: what the files of ann-tols share, and nothing else: the
 * program's name and usage (ann-tols.c, where main() parses the options
 * and checks which go with which source) and one run per source, each in
 * its own file: tols_coco.c (a COCO file or a YOLO dataset, both through
 * the ann_tols handle), tols_table.c (CSV/TSV tables) and
 * tols_labelbox.c (Labelbox export rows through the record loop).
 * Private to the tool.
 *
 * A run returns the exit status (ANN_EXIT_OK or ANN_EXIT_ERROR), its
 * messages and summary written to standard error.  Options and argv are
 * borrowed from main() for the run.
 */
#ifndef TOLS_CLI_H
#define TOLS_CLI_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ann.h"
#include "ann_lssink.h"
#include "ann_tols.h"
#include "ann_tols_csv.h"
#include "cli.h"

#define TOLS_PROG "ann-tols"

/* ann-tols.c: the usage, to stdout (-h) or stderr (an error), and exit. */
void tols_usage(FILE *to, int status) CLI_NORETURN;

/* The output callback of the lib's readers: ctx is a FILE *. */
static inline int
tols_write_file(void *ctx, const void *data, size_t n)
{
	return fwrite(data, 1, n, ctx) == n ? 0 : -1;
}

/*
 * An input of a COCO or table run opened, "-" being standard input (named
 * <stdin> in messages): its descriptor with *name, or -1 said on stderr.
 */
static inline int
tols_open(const char *path, const char **name)
{
	int fd;

	if (strcmp(path, "-") == 0) {
		*name = "<stdin>";
		return STDIN_FILENO;
	}
	*name = path;
	if ((fd = open(path, O_RDONLY)) < 0)
		fprintf(stderr, "%s: %s: %s\n", TOLS_PROG, path, strerror(errno));
	return fd;
}

/* The input of tols_open closed, standard input left open. */
static inline void
tols_close(const char *path, int fd)
{
	if (strcmp(path, "-") != 0)
		close(fd);
}

/* Standard output flushed at the end of a run: 0, or -1 said (a full disk). */
static inline int
tols_flush_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "%s: standard output: %s\n", TOLS_PROG, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * tols_coco.c: the COCO files of argv (none: standard input), after the
 * dataset images names, or the YOLO dataset argv[0]; the config written
 * to config_out (or not).
 */
int tols_run_coco(const ann_tols_opts *o, int yolo, const char *images,
    const char *config_out, char **argv, int argc, int quiet);

/* tols_table.c: each table of argv on its own, a task per row. */
int tols_run_tables(const ann_tols_csv_opts *o, char **argv, int argc, int quiet);

/*
 * tols_labelbox.c: the rows of argv through the record loop L (which the
 * run frees), the labels of the file categories given first, the rejects
 * to rejects and the config to config_out.
 */
int tols_run_labelbox(ann_loop *L, const ann_lssink_opts *o, char **argv, int argc,
    const char *rejects, const char *config_out, const char *categories, int quiet);

#endif
