/*
 * ann_stats.h: an export at a glance.  A sink (ann_sink.h) that writes
 * nothing per task: it counts tasks, annotations, predictions, regions
 * and reviews, and breaks them down by status, label, annotator, kind,
 * project, dataset, model version, day or week; then writes the counts as
 * text tables, JSON or TSV.
 *
 * The counts are the ones ann-select -c and ann-flatten give for the same
 * question: statuses and dates are asked of the record filter
 * (ann_filter_task_statuses, ann_filter_task_date), regions are those the
 * sink driver hands out for the sets chosen, as ann-flatten's rows.
 *
 * Memory: one record (the caller's) plus a table per breakdown of at most
 * max_keys distinct keys; what comes past that is counted under "other".
 *
 * Ownership: ann_stats_new's result is freed by ann_stats_free (NULL is
 * fine); it borrows the options' date filter for its life.
 */
#ifndef ANN_STATS_H
#define ANN_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "ann_buf.h"
#include "ann_core.h"
#include "ann_filter.h"
#include "ann_sets.h"
#include "ann_sink.h"

/* The breakdowns, in the order they are written. */
typedef enum {
	ANN_STATS_STATUS,	/* tasks per status, ann-select --status names */
	ANN_STATS_LABEL,	/* regions and tasks per label */
	ANN_STATS_ANNOTATOR,	/* tasks, annotations, regions, lead time */
	ANN_STATS_KIND,		/* regions and tasks per region kind */
	ANN_STATS_PROJECT,	/* tasks per project */
	ANN_STATS_DATASET,	/* tasks per dataset */
	ANN_STATS_MODEL,	/* predictions, tasks, regions per model version */
	ANN_STATS_DAY,		/* tasks per UTC day of the date field */
	ANN_STATS_WEEK,		/* tasks per ISO week of the date field */
	ANN_STATS_NBY
} ann_stats_by;

/* When no --by is given. */
#define ANN_STATS_DEFAULT_BY \
	(1u << ANN_STATS_STATUS | 1u << ANN_STATS_LABEL | \
	 1u << ANN_STATS_ANNOTATOR | 1u << ANN_STATS_KIND)

typedef enum { ANN_STATS_TEXT, ANN_STATS_JSON, ANN_STATS_TSV } ann_stats_format;

typedef struct ann_stats_opts {
	ann_sets sets;		/* the sets whose regions are counted */
	unsigned by;		/* a bit per ann_stats_by; 0: the default */
	size_t max_keys;	/* distinct keys kept per breakdown (>= 1) */
	const ann_filter *dates;	/* its date field gives day and week;
					   NULL: ann-select's default */
	int no_chart;		/* text: no bars */
	int agreement;		/* compare the annotators of each task */
} ann_stats_opts;

typedef struct ann_stats ann_stats;

ann_stats *ann_stats_new(const ann_stats_opts *opts, ann_error *err);
void ann_stats_free(ann_stats *s);
/* The counter as a sink: ANN_FATAL only when out of memory. */
void ann_stats_sink(ann_stats *s, ann_sink *sink);
/*
 * The counts in format f, appended to out: ANN_OK, or ANN_FATAL when out
 * of memory.
 */
ann_status ann_stats_write(const ann_stats *s, ann_stats_format f,
    ann_buf *out);
/*
 * The counts as one HTML page, appended to out: the same tables, with
 * inline SVG charts, no script and nothing fetched.  ANN_OK, or ANN_FATAL
 * when out of memory.
 */
ann_status ann_stats_html(const ann_stats *s, ann_buf *out);
/*
 * The agreement of the last task counted, when agreement is on and that
 * task had two annotators or more: one line appended to out, a JSON object
 * (ANN_STATS_JSON) or a TSV row under ann_stats_task_header's (the
 * others), and 1.  0 when there is no line, -1 when out of memory.
 */
int ann_stats_task_agreement(const ann_stats *s, ann_stats_format f,
    ann_buf *out);
/* The TSV header of those rows (nothing for JSON): 0, or -1 out of memory. */
int ann_stats_task_header(ann_stats_format f, ann_buf *out);
const char *ann_stats_errmsg(const ann_stats *s);
/* "status", "label" ...; ann_stats_by_parse gives -1 for no such name. */
const char *ann_stats_by_name(ann_stats_by b);
int ann_stats_by_parse(const char *name);

#endif /* ANN_STATS_H */
