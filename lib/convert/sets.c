/*
 * sets.c: which annotation sets of a task are read (ann_sets.h).
 */
#include <stdint.h>

#include "ann_core.h"
#include "ann_date.h"
#include "ann_sets.h"

int
ann_sets_from(const ann_sets *s, const ann_annotation *a)
{
	unsigned from = s->from != 0 ? s->from : ANN_SETS_ANNOTATIONS;

	return (from & (a->prediction ? ANN_SETS_PREDICTIONS :
	    ANN_SETS_ANNOTATIONS)) != 0;
}

static void
count(ann_skips *skips, ann_skip why)
{
	if (skips != NULL)
		ann_skips_count(skips, why, ANN_KIND_OTHER);
}

/* Does the set pass the options, apart from the one-per-task choice? */
static int
eligible(const ann_sets *s, const ann_annotation *a, ann_skips *skips)
{
	if (!ann_sets_from(s, a))
		return 0;
	if (s->skip_cancelled && ann_json_typeof(a->cancelled) == ANN_JSON_TRUE) {
		count(skips, ANN_SKIP_CANCELLED);
		return 0;
	}
	if ((s->ground_truth_only && ann_json_typeof(a->ground_truth) != ANN_JSON_TRUE) ||
	    (s->annotator != NULL && !ann_author_is(a->author, s->annotator))) {
		count(skips, ANN_SKIP_NOT_CHOSEN);
		return 0;
	}
	return 1;
}

size_t
ann_sets_choose(const ann_sets *s, const ann_annotation *sets, size_t n,
    size_t *chosen, ann_skips *skips)
{
	size_t k = 0, best = (size_t)-1, npredictions = 0;
	int64_t best_t = INT64_MIN, when;
	int best_gt = 0;

	/* Reading annotations from a task that has only predictions: say so. */
	for (size_t i = 0; i < n; i++)
		npredictions += sets[i].prediction != 0;
	if (n > 0 && npredictions == n && !ann_sets_from(s, &sets[0]))
		count(skips, ANN_SKIP_ONLY_PREDICTIONS);

	for (size_t i = 0; i < n; i++) {
		if (!eligible(s, &sets[i], skips))
			continue;
		if (!s->newest) {
			chosen[k++] = i;
			continue;
		}
		int gt = ann_json_typeof(sets[i].ground_truth) == ANN_JSON_TRUE;
		if (ann_date_value(sets[i].created, &when) != 0)
			when = INT64_MIN;
		if (best != (size_t)-1)
			count(skips, ANN_SKIP_NOT_CHOSEN);
		if (best == (size_t)-1 || gt > best_gt || (gt == best_gt && when >= best_t)) {
			best = i;
			best_t = when;
			best_gt = gt;
		}
	}
	if (s->newest && best != (size_t)-1)
		chosen[k++] = best;
	return k;
}
