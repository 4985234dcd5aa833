/*
 * ann_skip.h: what a converter leaves out, and why: one list of reasons
 * with their text, and the counts every converter keeps the same way, so
 * that each run ends with one summary of everything skipped.
 *
 * Ownership: an ann_skips is a plain value owned by whoever holds it.
 */
#ifndef ANN_SKIP_H
#define ANN_SKIP_H

#include <stddef.h>
#include <stdint.h>

#include "ann_core.h"
#include "ann_view.h"

typedef enum ann_skip {
	ANN_SKIP_NO_IMAGE,	/* a task without an image reference */
	ANN_SKIP_NO_SIZE,	/* a task without an image size */
	ANN_SKIP_VIDEO,		/* a video task, where the format holds images */
	ANN_SKIP_ITEM_NO_SIZE,	/* an image of a multi-image task without a size */
	ANN_SKIP_EMPTY,		/* an image without annotations (--skip-empty) */
	ANN_SKIP_CANCELLED,	/* a cancelled (skipped) annotation */
	ANN_SKIP_ONLY_PREDICTIONS,	/* annotations read, the task has only predictions */
	ANN_SKIP_NOT_CHOSEN,	/* an annotation the options leave out */
	ANN_SKIP_NO_LABEL,	/* a region without a label */
	ANN_SKIP_KIND,		/* a region of a kind the format cannot hold */
	ANN_SKIP_GEOMETRY,	/* a region whose numbers are not usable */
	ANN_SKIP_MASK_URL,	/* a mask given only as a URL */
	ANN_SKIP_BAD_MASK,	/* a mask that does not decode */
	ANN_SKIP_FROM_NAME,	/* a region of another control (--from-name) */
	ANN_SKIP_ITEM,		/* a region on a multi-image task's later image */
	ANN_SKIP_NO_PARENT,	/* a keypoint without the box it belongs to */
	ANN_SKIP_OUTSIDE,	/* a region wholly outside its image */
	ANN_SKIP_NO_TEXT,	/* a task without its text (absent, empty, a URL) */
	ANN_SKIP_UNLABELED,	/* a task without an annotation (--keep-unlabeled) */
	ANN_SKIP_TEXT_MISMATCH,	/* a span whose text is not the task's at its offsets */
	ANN_SKIP_OVERLAP,	/* a region overlapping one kept before it */
	ANN_SKIP_COLUMN_LABEL,	/* a label with a tab or line break, in a
				   format of tab- or space-separated columns */
	ANN_SKIP_EXTRA_LABEL,	/* a region's labels after its first */
	ANN_SKIP_ROTATED,	/* a rotated rectangle, where the options keep
				   only upright ones (--no-rotated) */
	ANN_SKIP_NO_KEY,	/* a task without the key its output is filed
				   under (an id, a chosen data field) */
	ANN_SKIP_REGION_NO_SIZE,	/* a region in pixels without its image size */
	ANN_SKIP_RELATION_END,	/* a relation to a region that was not written */
	ANN_SKIP_UNKNOWN_IMAGE,	/* a region of an image the input does not list */
	ANN_SKIP_MASK_UNTRACED,	/* a brush mask, where the options trace none */
	ANN_SKIP_MASK_PART,	/* a part of a mask too small for a polygon */
	ANN_SKIP_N
} ann_skip;

typedef struct ann_skips {
	uint64_t n[ANN_SKIP_N];
	uint64_t kinds[ANN_KIND_LAST + 1];	/* of the ANN_SKIP_KIND regions */
} ann_skips;

/* "tasks without an image" and so on: the text of a count's reason. */
const char *ann_skip_text(ann_skip why);
/* Add the counts of from to to (the counts of several threads). */
void ann_skips_add(ann_skips *to, const ann_skips *from);
/* Count one skip; for ANN_SKIP_KIND, also the region's kind. */
void ann_skips_count(ann_skips *s, ann_skip why, ann_kind kind);
/*
 * Append "; skipped: N reason, N reason (kind N, ...)" for every reason
 * counted, nothing when none was, to buf at *len (of size cap).
 */
void ann_skips_format(const ann_skips *s, char *buf, size_t cap, size_t *len);
/*
 * A converter's summary, of size len, holds n bytes (as snprintf counted
 * them): append "; COUNT ONE|MANY" and after (a hint, "" for none) when
 * count is not 0 and the summary still fits.  The new length, as
 * snprintf counts, so that calls chain: n = ann_summary_more(buf, len, n,
 * ...).
 */
int ann_summary_more(char *buf, size_t len, int n, uint64_t count,
    const char *one, const char *many, const char *after);

#endif /* ANN_SKIP_H */
