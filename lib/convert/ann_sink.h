/*
 * ann_sink.h: what every converter is.  A sink is driven the same way
 * whatever it writes: for each task, its view loaded, the sets chosen
 * (ann_sets.h), and each chosen set's regions; then, after the last task,
 * finish.  What it leaves out it counts in the run's ann_skips, so every
 * tool ends with one summary of it.
 *
 *     task        once per task; ANN_WARN skips the task (counted by the
 *                 sink, which says why in its message)
 *     set         once per chosen set, before its regions
 *     region      once per region of that set, with its geometry resolved
 *                 (ann_geom.h) against the task's media size
 *     set_end     once per chosen set, after its regions
 *     task_end    once per task, with how many sets were chosen
 *     finish      after the last task
 *
 * Every hook may be NULL (nothing to do there).  Each returns ANN_OK to
 * go on, ANN_WARN (task only), ANN_FAILED to refuse the record (the rest
 * of it is not driven), or ANN_FATAL to stop; the sink's errmsg says why.
 *
 * Ownership: the caller owns the view, the choice and the counts, and
 * lends them to the sink through ann_sink_ctx for one record.
 */
#ifndef ANN_SINK_H
#define ANN_SINK_H

#include <stddef.h>

#include "ann_core.h"
#include "ann_geom.h"
#include "ann_reader.h"
#include "ann_sets.h"
#include "ann_skip.h"
#include "ann_view.h"

typedef struct ann_sink_ctx {
	ann_view *view;
	const ann_record *record;
	const ann_task *task;
	ann_skips *skips;	/* the run's counts */
} ann_sink_ctx;

typedef struct ann_sink_ops {
	ann_status (*task)(void *sink, const ann_sink_ctx *c);
	ann_status (*set)(void *sink, const ann_sink_ctx *c,
	    const ann_annotation *a);
	ann_status (*region)(void *sink, const ann_sink_ctx *c,
	    const ann_annotation *a, const ann_region *r, const ann_geom *g);
	ann_status (*set_end)(void *sink, const ann_sink_ctx *c,
	    const ann_annotation *a);
	ann_status (*task_end)(void *sink, const ann_sink_ctx *c, size_t nsets);
	ann_status (*finish)(void *sink);
	const char *(*errmsg)(const void *sink);
} ann_sink_ops;

typedef struct ann_sink {
	const ann_sink_ops *ops;
	void *self;
	ann_sets sets;		/* which sets it reads */
	const char *err;	/* set by ann_sink_record when the failure was
				   not the sink's (the view's, or memory) */
} ann_sink;

/*
 * Drive one record through the sink: load it into the view, then the
 * hooks.  Returns the first status that is not ANN_OK (ANN_WARN: the task
 * was skipped); ann_sink_errmsg says why.  A record the view cannot read
 * is ANN_FAILED.
 */
ann_status ann_sink_record(ann_sink *s, ann_view *v, ann_skips *skips,
    const ann_record *rec);
ann_status ann_sink_finish(const ann_sink *s);
/* The message of the last failure: the view's or the sink's. */
const char *ann_sink_errmsg(const ann_sink *s);

#endif /* ANN_SINK_H */
