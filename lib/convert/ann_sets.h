/*
 * ann_sets.h: which annotation sets of a task a tool reads: annotations,
 * predictions or both; all of them, or one per task (ground truth first,
 * else the newest); one annotator's; cancelled ones or not.  Every tool
 * asks this one question the same way (sets.c), and counts what the
 * answer leaves out.
 *
 * Ownership: an ann_sets is a plain value; annotator is borrowed.
 */
#ifndef ANN_SETS_H
#define ANN_SETS_H

#include <stddef.h>

#include "ann_core.h"
#include "ann_skip.h"
#include "ann_view.h"

/* Annotations, predictions, or both (a bit each). */
enum { ANN_SETS_ANNOTATIONS = 1, ANN_SETS_PREDICTIONS = 2, ANN_SETS_BOTH = 3 };

typedef struct ann_sets {
	unsigned from;		/* ANN_SETS_*; 0 is taken as annotations */
	int newest;		/* one per task: a ground-truth set if there is
				   one, else the newest by created_at (the later
				   in the export when dates tie or are missing) */
	const char *annotator;	/* only this author's (ann_author_is) */
	int ground_truth_only;
	int skip_cancelled;	/* leave out cancelled annotations */
} ann_sets;

/* Is a set of this kind (annotation or prediction) one that is read? */
int ann_sets_from(const ann_sets *s, const ann_annotation *a);
/*
 * The sets of a task to read, as indexes into sets[0..n) in export order,
 * into chosen (room for n); returns how many.  What the choice leaves out
 * of the kind read is counted in skips (may be NULL): cancelled ones as
 * ANN_SKIP_CANCELLED, the rest as ANN_SKIP_NOT_CHOSEN; a task read for
 * annotations that has only predictions as ANN_SKIP_ONLY_PREDICTIONS.
 */
size_t ann_sets_choose(const ann_sets *s, const ann_annotation *sets,
    size_t n, size_t *chosen, ann_skips *skips);

#endif /* ANN_SETS_H */
