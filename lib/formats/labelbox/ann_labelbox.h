/*
 * ann_labelbox.h: Labelbox import NDJSON (label import and model-assisted
 * labeling) from the task view: one line per annotation, with its uuid,
 * its data row and the name of its tool or question, written task by task
 * as the tasks stream past.
 *
 * Ownership: a converter from ann_labelbox_new is freed by
 * ann_labelbox_free (NULL is fine); it borrows its options (the config,
 * the names) and its output for its life.
 */
#ifndef ANN_LABELBOX_H
#define ANN_LABELBOX_H

#include <stddef.h>
#include <stdint.h>

#include "ann_core.h"
#include "ann_categories.h"
#include "ann_config.h"
#include "ann_sets.h"
#include "ann_sink.h"
#include "ann_writer.h"

typedef struct ann_labelbox_opts {
	const ann_labelconfig *config;	/* read whole (ann_labelconfig_read_all):
					   the tool names, checklists */
	ann_sets sets;			/* which annotation sets */
	const char *global_key_field;	/* dataRow.globalKey from data.NAME;
					   NULL: dataRow.id, the task id */
	const char *relation_name;	/* the name of relations without a
					   label, or NULL (they are skipped) */
	int strict_labels;		/* a label outside the given names is an
					   error (else it is added after them) */
	uint64_t max_pixels;		/* a brush mask of more pixels fails its
					   task (ann_rle.h); 0: no limit */
} ann_labelbox_opts;

typedef struct ann_labelbox ann_labelbox;

/* NULL with err set when out of memory. */
ann_labelbox *ann_labelbox_new(const ann_labelbox_opts *opts, ann_out *out,
    ann_error *err);
void ann_labelbox_free(ann_labelbox *lb);
/* A tool name from --categories. */
ann_status ann_labelbox_category(ann_labelbox *lb, const char *name);
/*
 * The converter as a sink (ann_sink.h): ann_sink_record writes one task's
 * lines, all of them or none.  A task it skips and counts is ANN_WARN with
 * ann_labelbox_errmsg saying why; a label outside the names with
 * strict_labels ANN_FAILED; an output error ANN_FATAL.
 */
void ann_labelbox_sink(ann_labelbox *lb, ann_sink *s);
const char *ann_labelbox_errmsg(const ann_labelbox *lb);
/* The tool names, for what was added to them (ann_categories_unlisted). */
const ann_categories *ann_labelbox_categories(const ann_labelbox *lb);
/* Tasks, lines by shape and what was turned, on one line. */
void ann_labelbox_summary(const ann_labelbox *lb, char *buf, size_t len);

#endif /* ANN_LABELBOX_H */
