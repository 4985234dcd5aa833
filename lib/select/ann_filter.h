/*
 * ann_filter.h: deciding which task records to keep: dates, paths with
 * wildcards and PATH OP VALUE tests, id sets, and the filter that combines
 * them over the task view (what ann-select is made of).
 *
 * Ownership: every ann_*_new returns a handle freed by the matching
 * ann_*_free, which accepts NULL.  Constructors that can fail on bad text
 * say why in the caller's ann_error.
 */
#ifndef ANN_FILTER_H
#define ANN_FILTER_H

#include <stddef.h>
#include <stdint.h>

#include "ann_core.h"
#include "ann_date.h"
#include "ann_sets.h"
#include "ann_reader.h"
#include "ann_json.h"


/*
 * A dotted path of member names; "*" is any member or element, a number
 * an array index, and a name applied to an array applies to each element.
 * "\." is a dot inside a name; a leading dot is ignored.
 */
typedef struct ann_path ann_path;
typedef int (*ann_path_fn)(void *ctx, ann_json_val v);

ann_path *ann_path_new(const char *text, ann_error *err);
void ann_path_free(ann_path *p);
/* Call fn on each value the path reaches until it returns non-zero; returns that. */
int ann_path_each(const ann_path *p, ann_json_val root, ann_path_fn fn,
    void *ctx);

/*
 * "PATH OP VALUE" with OP one of = != < <= > >= ~ (a POSIX extended
 * regular expression), or PATH alone (present and not null).  VALUE is
 * compared as a number with numbers, as an instant with strings when both
 * are dates, else as a string; "quoted" VALUE is always a string.
 */
typedef struct ann_where ann_where;

ann_where *ann_where_new(const char *expr, ann_error *err);
void ann_where_free(ann_where *w);
/* 1 when some value at PATH passes, 0 when none does, -1 out of memory. */
int ann_where_match(ann_where *w, ann_json_val root);
/* Did PATH reach any value in the record last matched? */
int ann_where_reached(const ann_where *w);
/* The PATH of the expression, as given. */
const char *ann_where_path(const ann_where *w);

/* A set of strings, small per entry, for millions of ids. */
typedef struct ann_idset ann_idset;

ann_idset *ann_idset_new(void);
void ann_idset_free(ann_idset *s);
/* Empty s, keeping its memory for the next set (a set per record). */
void ann_idset_clear(ann_idset *s);
/* ANN_OK (also when already there), ANN_FATAL when out of memory. */
ann_status ann_idset_add(ann_idset *s, const char *id, size_t len);
int ann_idset_has(const ann_idset *s, const char *id, size_t len);
size_t ann_idset_count(const ann_idset *s);

/*
 * The filter: every kind of test given must pass (AND); the values given
 * to one kind of test are alternatives (OR).  Each adder returns ANN_OK or
 * ANN_FAILED with ann_filter_errmsg saying what is wrong with the value.
 */
typedef struct ann_filter ann_filter;


ann_filter *ann_filter_new(void);
void ann_filter_free(ann_filter *f);
const char *ann_filter_errmsg(const ann_filter *f);
/* The status names ann_filter_status accepts, for a usage message. */
const char *ann_filter_status_names(void);

ann_status ann_filter_status(ann_filter *f, const char *status);
/* A named date field (activity, created, updated, label-created, label-updated) or a path. */
ann_status ann_filter_date_field(ann_filter *f, const char *field);
ann_status ann_filter_since(ann_filter *f, const char *date, int64_t now);
ann_status ann_filter_until(ann_filter *f, const char *date, int64_t now);
ann_status ann_filter_project(ann_filter *f, const char *id_or_name);
ann_status ann_filter_dataset(ann_filter *f, const char *id_or_name);
ann_status ann_filter_batch(ann_filter *f, const char *id_or_name);
ann_status ann_filter_label(ann_filter *f, const char *name);
ann_status ann_filter_annotator(ann_filter *f, const char *who);
ann_status ann_filter_model_version(ann_filter *f, const char *version);
ann_status ann_filter_min_score(ann_filter *f, double min);
ann_status ann_filter_max_score(ann_filter *f, double max);
/* "annotations", "predictions" or "reviews". */
ann_status ann_filter_has(ann_filter *f, const char *what);
ann_status ann_filter_empty(ann_filter *f);
ann_status ann_filter_id(ann_filter *f, const char *id);
/* One id per line; blank lines and surrounding spaces ignored. */
ann_status ann_filter_id_file(ann_filter *f, const char *path);
ann_status ann_filter_where(ann_filter *f, const char *expr);
/* Keep a fraction 0 < p <= 1 of the tasks, the same ones for each seed. */
ann_status ann_filter_sample(ann_filter *f, double p, uint64_t seed);
/* Keep the tasks whose id hashes to shard i of n (as ann-cat --split). */
ann_status ann_filter_shard(ann_filter *f, uint64_t i, uint64_t n);
/* Which annotation sets --label looks at: ANN_SETS_* (ann_sets.h). */
void ann_filter_sets(ann_filter *f, unsigned from);
/* Do the tests need the task view?  (Then read with the index option.) */
int ann_filter_uses_view(const ann_filter *f);

/*
 * The tests that read a field a record may lack: a date, a Labelbox
 * workflow status, a dataset or batch (exported only with the details
 * asked for), an annotation's author, a prediction's model version or
 * score, a task id, a --where path.  A record that lacks the field fails
 * the test whatever its value would be, so that a filter on a field no
 * record has matches nothing; these counts let a tool say so.
 */
typedef enum {
	ANN_FILTER_DATE,	/* --since, --until: the date field */
	ANN_FILTER_STATUS,	/* a workflow status: the projects' status */
	ANN_FILTER_PROJECT,
	ANN_FILTER_DATASET,
	ANN_FILTER_BATCH,
	ANN_FILTER_ANNOTATOR,	/* records with annotations, none with an author */
	ANN_FILTER_MODEL,	/* records with predictions, none with a model version */
	ANN_FILTER_SCORE,	/* records with predictions, none with a score */
	ANN_FILTER_LABEL,	/* records with sets, none of the kind --label reads */
	ANN_FILTER_ID,
	ANN_FILTER_WHERE,	/* no --where path reached a value */
	ANN_FILTER_NFIELDS
} ann_filter_field;

/*
 * Of the records test T looked at (*seen; a record that failed an earlier
 * test is not looked at by the later ones), how many lacked its field
 * (*absent); what the field is goes to buf, for a message ("date in
 * updated_at", "value at data.x").  Returns 0 when no test of T was given.
 */
int ann_filter_absent(const ann_filter *f, ann_filter_field t,
    uint64_t *absent, uint64_t *seen, char *buf, size_t cap);

/*
 * Test one record: 1 it matches, 0 it does not, -1 it cannot be tested
 * (not a task of a known shape when a test needs one, no task id for
 * --id, --sample or --shard, out of memory), with ann_filter_errmsg.
 */
int ann_filter_match(ann_filter *f, const ann_record *rec);

/*
 * What a tool that counts rather than filters (ann-stats) asks, answered
 * as the tests answer it, so that its counts are ann-select -c's.  The
 * statuses a task has, a bit each (all its projects and sets): bit i is
 * the status ann_filter_status_name(i) names (NULL past the last one).
 */
unsigned ann_filter_task_statuses(const ann_project *p, size_t np,
    const ann_annotation *sets, size_t nsets);
const char *ann_filter_status_name(unsigned bit);
/*
 * The task's date in the filter's date field (ann_filter_date_field),
 * within --since/--until if some are: 1 with *when, 0 when it has none.
 */
int ann_filter_task_date(const ann_filter *f, const ann_task *t,
    const ann_annotation *sets, size_t nsets, int64_t *when);

#endif /* ANN_FILTER_H */
