/*
 * pmap.h: an ordered parallel map over records, for a tool whose work on
 * one record does not depend on the others (ann-flatten's region rows).
 *
 * The caller pushes records in input order.  A worker thread, each with
 * its own context, runs the work function on a copy of a record and
 * writes what it makes into that record's buffer; the caller's thread
 * helps when the workers fall behind.  What comes out is handed back on
 * the caller's thread, in input order: the bytes of a record the work
 * did (emit), or the record itself where the work refused it (direct),
 * so that the caller does it there and its messages and rejects fall
 * where they would without threads.
 *
 * Ownership: pmap copies each record it keeps (its bytes and its
 * container ends); what emit and direct are given is valid during the
 * call.  The contexts are the caller's and outlive the pmap.
 */
#ifndef ANN_PMAP_H
#define ANN_PMAP_H

#include "ann.h"

typedef struct pmap pmap;

/*
 * Work on rec with ctx: append its output to out.  ANN_OK, or anything
 * else to refuse the record (what was appended is dropped).  Runs on any
 * of the threads, never on two records at once with the same ctx.
 */
typedef ann_status (*pmap_work_fn)(void *ctx, const ann_record *rec,
    ann_buf *out);
/* On the caller's thread, in order: the output of a record the work did. */
typedef ann_status (*pmap_emit_fn)(void *ctx, const ann_record *rec,
    const char *out, size_t len);
/*
 * On the caller's thread, in order: a record to do there, because the
 * work refused it, it was too large to copy, or no thread could start.
 * ANN_OK, ANN_FAILED (refused, and said so) or ANN_FATAL (stop).
 */
typedef ann_status (*pmap_direct_fn)(void *ctx, const ann_record *rec);

typedef struct pmap_opts {
	pmap_work_fn work;
	/* threads + 1 contexts for work: [0] for the caller's thread, the
	   others one per worker */
	void *const *work_ctx;
	int threads;		/* worker threads; at least 1 */
	pmap_emit_fn emit;
	pmap_direct_fn direct;
	void *ctx;		/* for emit and direct */
} pmap_opts;

/*
 * NULL only when out of memory.  If no worker thread can be started,
 * every record goes to direct as it is pushed.
 */
pmap *pmap_new(const pmap_opts *opts);
/*
 * Take rec; hand back, meanwhile, what is ready of the records before.
 * Returns the worst status emit and direct returned: ANN_OK, ANN_FAILED
 * or ANN_FATAL (then stop pushing).
 */
ann_status pmap_push(pmap *pm, const ann_record *rec);
/*
 * pmap_push for a record that stands for SIZE bytes of work and output
 * (a job naming what it reads elsewhere), by which batches are sized and
 * what is held at once is bounded, instead of by its own bytes.
 */
ann_status pmap_push_sized(pmap *pm, const ann_record *rec, size_t size);
/* Hand back everything pushed so far; the status as pmap_push's. */
ann_status pmap_flush(pmap *pm);
/* How many worker threads run (0: every record goes to direct). */
int pmap_threads(const pmap *pm);
/* Stop the workers; what was not flushed is dropped.  NULL is fine. */
void pmap_free(pmap *pm);

#endif /* ANN_PMAP_H */
