/*
 * cli.h: the few things every tool's main() does the same way: refuse a
 * bad command line, print its version, and sum up skipped records.
 */
#ifndef ANN_CLI_H
#define ANN_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "ann_core.h"
#include "ann_categories.h"
#include "ann_skip.h"
#include "ann_sink.h"
#include "ann_view.h"
#include "ann_loop.h"
#include "ann_writer.h"

#if defined(__GNUC__)
#define CLI_NORETURN __attribute__((noreturn))
#else
#define CLI_NORETURN
#endif

/*
 * The input options of every tool that reads records, for its getopt_long
 * table, its short-option string and its --help.
 */
enum { CLI_OPT_BUFFER_SIZE = 0x4000, CLI_OPT_MAX_RECORD, CLI_OPT_PART };

#define CLI_INPUT_LONGOPTS \
	{ "buffer-size", required_argument, NULL, CLI_OPT_BUFFER_SIZE }, \
	{ "keep-going",  no_argument,       NULL, 'k' }, \
	{ "max-record",  required_argument, NULL, CLI_OPT_MAX_RECORD }, \
	{ "part",        required_argument, NULL, CLI_OPT_PART }, \
	{ "progress",    no_argument,       NULL, 'p' }, \
	{ "rejects",     required_argument, NULL, 'r' }, \
	{ "unwrap",      required_argument, NULL, 'u' }

#define CLI_INPUT_SHORTOPTS "kpr:u:"

/*
 * Which annotation sets a tool reads (ann_sets.h): the same three option
 * names in every tool that reads regions; each tool says in its help what
 * the choice means for it.
 */
enum { CLI_OPT_ANNOTATIONS = 0x4100, CLI_OPT_PREDICTIONS, CLI_OPT_BOTH };

#define CLI_SETS_LONGOPTS \
	{ "annotations", no_argument, NULL, CLI_OPT_ANNOTATIONS }, \
	{ "both",        no_argument, NULL, CLI_OPT_BOTH }, \
	{ "predictions", no_argument, NULL, CLI_OPT_PREDICTIONS }

/* One of those options sets *from to ANN_SETS_*: 1; 0 for any other. */
int cli_sets_option(int ch, unsigned *from);

#define CLI_INPUT_HELP \
"  -k, --keep-going       report and skip bad records instead of stopping\n" \
"  -r, --rejects=FILE     write bad records to FILE (implies --keep-going)\n" \
"  -u, --unwrap=KEY       records are in member KEY of each top-level object\n" \
"  -p, --progress         show records, MB and MB/s on stderr\n" \
"      --buffer-size=SIZE read size (default 1M)\n" \
"      --max-record=SIZE  largest record accepted (default 1G)\n" \
"      --part=I/N         read only part I (from 0) of N of each NDJSON file\n"

/*
 * Take option ch if it is one of the input options: 1 when it was (a bad
 * value is a usage error), 0 when it is the tool's own.
 */
int cli_input_option(ann_loop *L, int ch, const char *arg, const char **rejects,
    void (*usage)(FILE *, int));

/*
 * Close an output (ann_out_close) and report a failure as NAME: why, unless
 * a write to it had already failed: that was reported then.
 */
ann_status cli_close_output(ann_loop *L, ann_out *o, const char *name);

/*
 * --max-pixels, for the tools that read masks: the help line and the
 * value's check (N from 1 to 4G, suffixes k, M, G; a bad one is a usage
 * error).  The default is libann's ANN_MASK_MAX_PIXELS, 256M.
 */
#define CLI_MAX_PIXELS_HELP \
"      --max-pixels=N     refuse masks of more than N pixels (default 256M)\n"

uint64_t cli_max_pixels(const char *prog, void (*usage)(FILE *, int),
    const char *arg);

/* Create the --rejects file, if asked: 0, or -1 after saying why. */
int cli_open_rejects(ann_loop *L, const char *rejects);

/*
 * Close the --rejects file and say how many bad records were skipped:
 * ANN_OK, or ANN_FATAL when the file could not be written.
 */
ann_status cli_close_rejects(ann_loop *L, const char *rejects);

/* Print "PROG: message", then the short usage (which exits 2). */
void cli_usage_error(const char *prog, void (*usage)(FILE *, int),
    const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4), noreturn))
#endif
    ;

/*
 * On SIGINT, SIGTERM or SIGHUP remove the temporary files of unfinished
 * outputs, then die of the signal as usual.
 */
void cli_clean_up_on_signals(void);

/* "PROG (annkit) X, libann Y" on standard output; returns the exit code. */
int cli_version(const char *prog);
/*
 * Warn, once at the end, of the labels a converter added to the
 * categories it was given (a config or a list), each with its count.
 */
void cli_warn_added_labels(const char *prog, const ann_categories *c);
/*
 * Say, once at the end, that tasks read for their annotations had only
 * predictions (ANN_SKIP_ONLY_PREDICTIONS), naming the option, for the tools
 * whose summary does not list every skip.
 */
void cli_hint_predictions(const char *prog, const ann_skips *s);

/*
 * A converter's run (ann-tococo, ann-toyolo, ...): its sink, the view it
 * loads records into, the counts it fills, and how many skipped tasks it
 * has named.  Every converter reports what its sink says the same way.
 */
typedef struct cli_run {
	ann_sink sink;
	ann_view *view;
	ann_skips skips;
	int quiet;		/* -q: no warnings */
	unsigned long named;	/* skipped tasks named so far */
} cli_run;

/*
 * What the sink said of one record, reported: a skipped task is named (the
 * first CLI_NAMED of them; the rest are only counted), a refused record
 * rejected (--keep-going), anything else an error that stops the run.
 */
#define CLI_NAMED 10
ann_status cli_run_report(cli_run *r, ann_loop *L, const ann_record *rec,
    ann_status st);
/* One more skipped task or left-out region named, as cli_run_report names them. */
void cli_run_warn(cli_run *r, ann_loop *L, const ann_record *rec,
    const char *what);
/*
 * The run's summary on stderr, unless -q: "PROG: COUNTS; skipped: N
 * reason, ...", COUNTS being the converter's own summary in buf (of size
 * cap, the skips appended to it); then the labels added to the categories
 * it was given (cli_warn_added_labels; cats may be NULL).
 */
void cli_run_summary(const char *prog, const cli_run *r, char *buf, size_t cap,
    const ann_categories *cats);
/* The record through the sink, reported: an ann_loop callback, ctx a cli_run. */
ann_status cli_run_record(void *ctx, ann_loop *L, const ann_record *rec);
/*
 * --categories FILE: each non-empty line (without its line end), in
 * order, to add(conv, name); a file that cannot be read, or a name add
 * refuses, is a usage error naming the file.
 */
void cli_read_categories(const char *prog, void (*usage)(FILE *, int),
    const char *path, void *conv, ann_status (*add)(void *conv, const char *name),
    const char *(*errmsg)(const void *conv));
/*
 * --split "90/10" or "80/10/10": two to max whole percents, each above 0,
 * summing to 100, into pct[0..*n); anything else is a usage error naming
 * the value.  ann-toyolo and ann-tovoc read it the same way.
 */
void cli_parse_split(const char *prog, void (*usage)(FILE *, int),
    const char *arg, unsigned *pct, unsigned max, unsigned *n);


#endif
