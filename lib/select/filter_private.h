/*
 * filter_private.h: the filter's state, shared by its construction
 * (filter.c) and its tests of records (filter_match.c).
 */
#ifndef ANN_FILTER_PRIVATE_H
#define ANN_FILTER_PRIVATE_H

#include "ann_core.h"
#include "ann_view.h"
#include "ann_filter.h"

/* Statuses, a bit each, in the order of status_names (filter.c). */
enum { ST_WORKFLOW = 4, ST_LABELED = 4, ST_UNLABELED, ST_SKIPPED, ST_PREDICTED, ST_REVIEWED };

enum { DF_ACTIVITY, DF_CREATED, DF_UPDATED, DF_LABEL_CREATED, DF_LABEL_UPDATED, DF_PATH };

enum { HAS_ANNOTATIONS = 1, HAS_PREDICTIONS = 2, HAS_REVIEWS = 4 };

struct strlist {
	char **v;
	size_t n;
};

struct ann_filter {
	ann_view *view;
	int needs_view;
	unsigned statuses;
	int date_field, has_since, has_until;
	ann_path *date_path;
	int64_t since, until;
	struct strlist projects, datasets, batches, labels, annotators, models;
	int has_min, has_max;
	double min_score, max_score;
	unsigned has;
	int empty;
	ann_idset *ids;
	ann_where **wheres;
	size_t nwheres;
	int sample;
	uint64_t sample_below, seed;
	uint64_t shard_i, shard_n;
	ann_sets sets;		/* which sets --label looks at */
	unsigned char *in_scope;	/* per project of the record */
	size_t scope_cap;
	uint64_t seen[ANN_FILTER_NFIELDS];	/* records each test looked at */
	uint64_t absent[ANN_FILTER_NFIELDS];	/* of those, lacking its field */
	char *date_path_text;	/* --date-field PATH, for messages */
	ann_error err;
};

/*
 * The status bit a name means, whatever its case and underscores
 * ("InReview" is IN_REVIEW), or -1 when it names none.
 */
int ann__status_bit(const char *status, size_t len);

#endif
