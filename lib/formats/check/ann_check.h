/*
 * ann_check.h: Label Studio tasks and their results checked against a
 * labeling config before they are imported: what Label Studio would
 * reject or silently not show (errors), and what it would import but a
 * converter would lose (warnings).
 *
 * The checker is a sink (ann_sink.h) over every chosen set, with one step
 * before it: ann_check_record first looks at the task itself (its data
 * and the types of its lists), which the view does not judge, then drives
 * the sink.  Each problem found goes to the caller's report function as
 * it is found, so memory stays bounded by one record however many there
 * are; libann prints nothing.
 *
 * Every check belongs to one named rule of ann_check_rules(), the one
 * table --list-rules and the manual page are made from.
 *
 * Ownership: the checker borrows the config for its life.  A problem
 * handed to the report function, and everything it points to, is valid
 * only during the call.
 */
#ifndef ANN_CHECK_H
#define ANN_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "ann_core.h"
#include "ann_config.h"
#include "ann_json.h"
#include "ann_reader.h"
#include "ann_sets.h"
#include "ann_sink.h"
#include "ann_skip.h"
#include "ann_view.h"

typedef enum {
	ANN_CHECK_ERROR = 0,	/* Label Studio would reject it or not show it */
	ANN_CHECK_WARNING	/* imported, but a converter would lose it */
} ann_check_severity;

/* The rules, in the order of the issue that asked for them. */
typedef enum {
	ANN_RULE_TASK = 0,
	ANN_RULE_IDS,
	ANN_RULE_NAMES,
	ANN_RULE_LABELS,
	ANN_RULE_GEOMETRY,
	ANN_RULE_SIZES,
	ANN_RULE_BRUSH,
	ANN_RULE_SPANS,
	ANN_RULE_ANSWERS,
	ANN_RULE_RELATIONS,
	ANN_RULE_N
} ann_check_rule_id;

typedef struct ann_check_rule {
	const char *name;	/* "names": what --format ndjson and the summary say */
	ann_check_severity severity;	/* of most of its findings */
	const char *text;	/* what it checks, one sentence */
	const char *example;	/* a result that breaks it ... */
	const char *message;	/* ... and what ann-check says of it */
} ann_check_rule;

/* The table, ANN_RULE_N entries in ann_check_rule_id order. */
const ann_check_rule *ann_check_rules(size_t *n);

typedef struct ann_check_problem {
	ann_check_rule_id rule;
	ann_check_severity severity;	/* after --strict */
	ann_json_val task;	/* the task's id as written, or none */
	int set_kind;		/* 0 none, 1 annotation, 2 prediction */
	size_t set;		/* its index among the task's sets of its kind */
	ann_json_val region;	/* the result's id as written, or none */
	long result;		/* the result's index in its list, or -1 */
	const char *where;	/* all of the above as text: task 12,
				   prediction 0, region "abc" (maybe "") */
	const char *message;
} ann_check_problem;

typedef void (*ann_check_report_fn)(void *ctx, const ann_check_problem *p);

typedef struct ann_check_opts {
	const ann_labelconfig *config;	/* from ann_labelconfig_read_all */
	ann_sets sets;		/* which sets to check */
	int strict;		/* warnings are errors */
	ann_check_report_fn report;
	void *report_ctx;
} ann_check_opts;

typedef struct ann_check ann_check;

/* NULL with err set when out of memory. */
ann_check *ann_check_new(const ann_check_opts *o, ann_error *err);
void ann_check_free(ann_check *k);	/* accepts NULL */
/* Fill s with the checker's hooks. */
void ann_check_sink(ann_check *k, ann_sink *s);
/*
 * Check one record: the task, then every chosen set through the sink s
 * (from ann_check_sink).  ANN_OK however many problems were found (they
 * went to the report function); ANN_FAILED or ANN_FATAL (out of memory)
 * with ann_sink_errmsg when the record could not be checked.
 */
ann_status ann_check_record(ann_check *k, ann_sink *s, ann_view *v,
    ann_skips *skips, const ann_record *rec);

/* What was checked and found, so far. */
typedef struct ann_check_counts {
	uint64_t tasks, sets, results;
	uint64_t problems[ANN_RULE_N][2];	/* by rule and severity */
} ann_check_counts;
const ann_check_counts *ann_check_counted(const ann_check *k);

#endif /* ANN_CHECK_H */
