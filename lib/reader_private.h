/*
 * reader_private.h: the record reader's second thread (readahead.c).
 *
 * Ownership: ann__ahead_start takes the inner reader, open on a regular
 * file, and ann__ahead_stop frees it.  What ann__ahead_next hands out is
 * valid until its next call.
 */
#ifndef ANN_READER_PRIVATE_H
#define ANN_READER_PRIVATE_H

#include "ann.h"

typedef struct ann__ahead ann__ahead;

/* What the inner reader said besides the record. */
typedef struct ann__ahead_info {
	const char *data;	/* a bad record's bytes (ANN_FAILED) */
	size_t len;
	const char *msg;	/* the error, for ANN_FAILED and ANN_FATAL */
	uint64_t err_rec, err_off;
	uint64_t bytes;		/* input consumed after this step */
} ann__ahead_info;

/*
 * Read `in` on a new thread; index, render and render_ctx as in opts.
 * NULL: no thread.
 */
ann__ahead *ann__ahead_start(ann_reader *in, const ann_reader_opts *opts);
/* The inner reader's next step, in order, as ann_reader_next returns it. */
ann_status ann__ahead_next(ann__ahead *a, ann_record *rec,
    ann__ahead_info *info);
ann_reader *ann__ahead_inner(const ann__ahead *a);
/* Stop the thread, wherever it is, and free everything. */
void ann__ahead_stop(ann__ahead *a);

#endif /* ANN_READER_PRIVATE_H */
