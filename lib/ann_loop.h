/*
 * ann_loop.h: the input loop every record-reading tool shares: expand the
 * operands (files, directories, "-"), read each one's records, report bad
 * input through ann_diag, apply the --keep-going / --rejects policy and
 * count what happened.
 *
 * Ownership: the loop borrows the rejects writer and the callback context;
 * records handed to the callback are borrowed from the reader.
 */
#ifndef ANN_LOOP_H
#define ANN_LOOP_H

#include <stdint.h>

#include "ann.h"

typedef struct ann_loop {
	const char *prog;	/* for messages */
	ann_reader_opts reader;
	int keep_going;		/* skip bad records and inputs */
	ann_out *rejects;	/* where bad records go, or NULL */
	int progress;		/* records and MB/s on stderr */
	int quiet;		/* report nothing (a first pass over the input) */
	/*
	 * Optional: the callback keeps records to finish later (a parallel
	 * map): finish them all, in order, now.  Called before the loop
	 * reports a bad record or closes an input, so that what is said
	 * about records stays in input order.  ANN_OK, ANN_FAILED (some
	 * were refused) or ANN_FATAL (stop).
	 */
	ann_status (*flush)(void *ctx, struct ann_loop *loop);
	/* Counts, filled by ann_loop_run. */
	uint64_t records;	/* good records handed to the callback */
	uint64_t rejected;	/* bad records (read or refused) */
	uint64_t bytes;		/* decompressed input bytes */
	int failed;		/* an error was reported */
	/* Private. */
	const ann_reader *cur;
	double started, shown;
} ann_loop;

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

/* Report a problem with no record position (an output, an option). */
void ann_loop_error(ann_loop *loop, const char *name, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
