/*
 * ann_loop.h: the input loop every record-reading tool shares: expand the
 * operands (files, directories, "-"), read each one's records, report bad
 * input through ann_diag, apply the --keep-going / --rejects policy and
 * count what happened.  This is the front end (fe/): unlike libann, it
 * prints, on standard error.
 *
 * Ownership: the loop borrows the rejects writer and the callback context;
 * records handed to the callback are borrowed from the reader.
 */
#ifndef ANN_LOOP_H
#define ANN_LOOP_H

#include <stdint.h>
#include <stdio.h>

#include "ann_core.h"
#include "ann_reader.h"
#include "ann_writer.h"

/*
 * The loop is opaque: a tool sets it up through the calls below and reads
 * its counts back, so what the loop keeps for itself (the reader being read,
 * the progress clock) can change without touching a tool.
 */
typedef struct ann_loop ann_loop;

/* A loop whose messages start with "PROG: "; NULL when out of memory. */
ann_loop *ann_loop_new(const char *prog);
/*
 * A second loop with the same options (reader options, keep-going,
 * progress, quiet, flush), no rejects writer and zero counts: for a first pass
 * over the input.  NULL when out of memory.
 */
ann_loop *ann_loop_dup(const ann_loop *loop);
void ann_loop_free(ann_loop *loop);	/* accepts NULL */

/* The options of the readers the loop opens, for the tool to set. */
ann_reader_opts *ann_loop_reader_opts(ann_loop *loop);
const char *ann_loop_prog(const ann_loop *loop);
/*
 * The name of the input being read ("<stdin>" for standard input), as
 * messages give it, for a tool that reports records in a format of its
 * own (ann-check --format ndjson); NULL between inputs.
 */
const char *ann_loop_input(const ann_loop *loop);
/* Skip bad records and inputs instead of stopping at the first. */
void ann_loop_set_keep_going(ann_loop *loop, int on);
int ann_loop_keep_going(const ann_loop *loop);
/* Records and MB/s on stderr while reading. */
void ann_loop_set_progress(ann_loop *loop, int on);
/* Report nothing (a first pass over the input). */
void ann_loop_set_quiet(ann_loop *loop, int on);
/*
 * Optional: the callback keeps records to finish later (a parallel map):
 * flush finishes them all, in order, now.  The loop calls it before it
 * reports a bad record or closes an input, so that what is said about
 * records stays in input order.  ANN_OK, ANN_FAILED (some were refused)
 * or ANN_FATAL (stop).
 */
void ann_loop_set_flush(ann_loop *loop,
    ann_status (*flush)(void *ctx, ann_loop *loop));
/* Where bad records go (borrowed), or NULL. */
void ann_loop_set_rejects(ann_loop *loop, ann_out *rejects);
ann_out *ann_loop_rejects(const ann_loop *loop);

/* Counts, filled by ann_loop_run. */
uint64_t ann_loop_records(const ann_loop *loop);  /* good records handed on */
uint64_t ann_loop_rejected(const ann_loop *loop); /* bad records */
uint64_t ann_loop_bytes(const ann_loop *loop);	  /* decompressed input */
/* An error was reported (or ann_loop_fail was called). */
int ann_loop_failed(const ann_loop *loop);
/* Count an error that was already reported elsewhere. */
void ann_loop_fail(ann_loop *loop);

/*
 * The callback's verdict on a record: ANN_OK, ANN_FAILED after
 * ann_loop_reject, ANN_EOF to end the run early and well (it has all it
 * wants: the rest of the input is not read), or ANN_FATAL to stop (it has
 * reported why).
 */
typedef ann_status (*ann_record_fn)(void *ctx, ann_loop *loop,
    const ann_record *rec);

/*
 * Run over operands (none means standard input).  Directories are read as
 * Label Studio completions folders: their files in numeric order of name.
 * Returns ANN_OK, or ANN_FATAL when the run stopped on an error.
 */
ann_status ann_loop_run(ann_loop *loop, char *const *operands, int count,
    ann_record_fn fn, void *ctx);

/*
 * Refuse a record of the current input: report it, keep its bytes, count
 * it as rejected rather than good.
 */
ann_status ann_loop_reject(ann_loop *loop, const ann_record *rec,
    const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/*
 * Report a problem at the position of a record that is not refused (a
 * warning): it does not count as a failure.
 */
void ann_loop_warn(ann_loop *loop, const ann_record *rec, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Report a problem with no record position (an output, an option). */
void ann_loop_error(ann_loop *loop, const char *name, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/*
 * Diagnostics: "PROG: NAME:RECORD (byte OFFSET): MESSAGE" on the given
 * stream.  RECORD 0 means "no record yet" and prints "PROG: NAME: MESSAGE";
 * a NULL name prints "PROG: MESSAGE".
 */
void ann_diag(FILE *to, const char *prog, const char *name, uint64_t record,
    uint64_t offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

#endif /* ANN_LOOP_H */
