/*
 * skip.c: the reasons a converter leaves something out, their text, and
 * the summary of the counts.  Each text is plural, as ann_skip_text gives
 * it, with its singular for a count of one: "; skipped: 2 tasks without
 * an image, 1 cancelled annotation".
 */
#include <stdio.h>

#include "ann_core.h"
#include "ann_skip.h"
#include "util_private.h"

static const char *const texts[ANN_SKIP_N] = {
	[ANN_SKIP_NO_IMAGE] = "tasks without an image",
	[ANN_SKIP_NO_SIZE] = "tasks without an image size",
	[ANN_SKIP_VIDEO] = "video tasks",
	[ANN_SKIP_ITEM_NO_SIZE] = "images of multi-image tasks without a size (--image-root)",
	[ANN_SKIP_EMPTY] = "images without annotations (--skip-empty)",
	[ANN_SKIP_CANCELLED] = "cancelled annotations",
	[ANN_SKIP_ONLY_PREDICTIONS] = "tasks with predictions but no annotations (add --predictions)",
	[ANN_SKIP_NOT_CHOSEN] = "annotations not chosen",
	[ANN_SKIP_NO_LABEL] = "regions without a label",
	[ANN_SKIP_KIND] = "regions of kinds the format cannot hold",
	[ANN_SKIP_GEOMETRY] = "regions with bad geometry",
	[ANN_SKIP_MASK_URL] = "masks given only as URLs",
	[ANN_SKIP_BAD_MASK] = "masks that do not decode",
	[ANN_SKIP_FROM_NAME] = "regions of other controls (--from-name)",
	[ANN_SKIP_ITEM] = "regions on a multi-image task's second or later image",
	[ANN_SKIP_NO_PARENT] = "keypoints without their box (parentID)",
	[ANN_SKIP_OUTSIDE] = "regions wholly outside their image",
	[ANN_SKIP_NO_TEXT] = "tasks without their text (absent, empty or a URL)",
	[ANN_SKIP_UNLABELED] = "tasks without annotations (--keep-unlabeled)",
	[ANN_SKIP_TEXT_MISMATCH] = "spans whose text differs from the task's at their offsets",
	[ANN_SKIP_OVERLAP] = "regions overlapping one kept before them",
	[ANN_SKIP_COLUMN_LABEL] = "spans whose label holds a tab or line break (-f spacy-jsonl keeps them)",
	[ANN_SKIP_EXTRA_LABEL] = "labels of a region after its first",
	[ANN_SKIP_ROTATED] = "rotated rectangles (--no-rotated)",
	[ANN_SKIP_NO_KEY] = "tasks without their key (an id, or the --global-key-field)",
	[ANN_SKIP_REGION_NO_SIZE] = "regions without their image size",
	[ANN_SKIP_RELATION_END] = "relations to a region not written",
	[ANN_SKIP_UNKNOWN_IMAGE] = "regions of images the input does not list",
	[ANN_SKIP_MASK_UNTRACED] = "brush masks not traced to polygons (--masks polygon)",
	[ANN_SKIP_MASK_PART] = "mask parts too small for a polygon (under 3 points)",
};

static const char *const singular[ANN_SKIP_N] = {
	[ANN_SKIP_NO_IMAGE] = "task without an image",
	[ANN_SKIP_NO_SIZE] = "task without an image size",
	[ANN_SKIP_VIDEO] = "video task",
	[ANN_SKIP_ITEM_NO_SIZE] = "image of a multi-image task without a size (--image-root)",
	[ANN_SKIP_EMPTY] = "image without annotations (--skip-empty)",
	[ANN_SKIP_CANCELLED] = "cancelled annotation",
	[ANN_SKIP_ONLY_PREDICTIONS] = "task with predictions but no annotations (add --predictions)",
	[ANN_SKIP_NOT_CHOSEN] = "annotation not chosen",
	[ANN_SKIP_NO_LABEL] = "region without a label",
	[ANN_SKIP_KIND] = "region of a kind the format cannot hold",
	[ANN_SKIP_GEOMETRY] = "region with bad geometry",
	[ANN_SKIP_MASK_URL] = "mask given only as a URL",
	[ANN_SKIP_BAD_MASK] = "mask that does not decode",
	[ANN_SKIP_FROM_NAME] = "region of another control (--from-name)",
	[ANN_SKIP_ITEM] = "region on a multi-image task's second or later image",
	[ANN_SKIP_NO_PARENT] = "keypoint without its box (parentID)",
	[ANN_SKIP_OUTSIDE] = "region wholly outside its image",
	[ANN_SKIP_NO_TEXT] = "task without its text (absent, empty or a URL)",
	[ANN_SKIP_UNLABELED] = "task without annotations (--keep-unlabeled)",
	[ANN_SKIP_TEXT_MISMATCH] = "span whose text differs from the task's at its offsets",
	[ANN_SKIP_OVERLAP] = "region overlapping one kept before it",
	[ANN_SKIP_COLUMN_LABEL] = "span whose label holds a tab or line break (-f spacy-jsonl keeps it)",
	[ANN_SKIP_EXTRA_LABEL] = "label of a region after its first",
	[ANN_SKIP_ROTATED] = "rotated rectangle (--no-rotated)",
	[ANN_SKIP_NO_KEY] = "task without its key (an id, or the --global-key-field)",
	[ANN_SKIP_REGION_NO_SIZE] = "region without its image size",
	[ANN_SKIP_RELATION_END] = "relation to a region not written",
	[ANN_SKIP_UNKNOWN_IMAGE] = "region of an image the input does not list",
	[ANN_SKIP_MASK_UNTRACED] = "brush mask not traced to polygons (--masks polygon)",
	[ANN_SKIP_MASK_PART] = "mask part too small for a polygon (under 3 points)",
};

const char *
ann_skip_text(ann_skip why)
{
	return why < ANN_SKIP_N ? texts[why] : "";
}

void
ann_skips_add(ann_skips *to, const ann_skips *from)
{
	for (int i = 0; i < ANN_SKIP_N; i++)
		to->n[i] += from->n[i];
	for (int k = 0; k <= ANN_KIND_LAST; k++)
		to->kinds[k] += from->kinds[k];
}

void
ann_skips_count(ann_skips *s, ann_skip why, ann_kind kind)
{
	if (why >= ANN_SKIP_N)
		return;
	s->n[why]++;
	if (why == ANN_SKIP_KIND && kind <= ANN_KIND_LAST)
		s->kinds[kind]++;
}

void
ann_skips_format(const ann_skips *s, char *buf, size_t cap, size_t *len)
{
	size_t n = *len;
	int first = 1;

#define SAY(...) do { int k_ = snprintf(buf + n, cap - n, __VA_ARGS__); \
	n = k_ < 0 || (size_t)k_ >= cap - n ? cap - 1 : n + (size_t)k_; } while (0)
	if (cap == 0 || n >= cap)
		return;
	for (int i = 0; i < ANN_SKIP_N; i++) {
		if (s->n[i] == 0)
			continue;
		SAY("%s %llu %s", first ? "; skipped:" : ",",
		    (unsigned long long)s->n[i],
		    s->n[i] == 1 && singular[i] != NULL ? singular[i] : texts[i]);
		first = 0;
		if (i != ANN_SKIP_KIND)
			continue;
		for (int k = 0, open = 0; k <= ANN_KIND_LAST; k++)
			if (s->kinds[k] > 0) {
				SAY("%s%s %llu", open ? ", " : " (",
				    ann_kind_name((ann_kind)k),
				    (unsigned long long)s->kinds[k]);
				open = 1;
			}
		SAY(")");
	}
#undef SAY
	*len = n;
}

int
ann_summary_more(char *buf, size_t len, int n, uint64_t count, const char *one,
    const char *many, const char *after)
{
	if (count == 0 || n <= 0 || (size_t)n >= len)
		return n;
	return n + snprintf(buf + n, len - (size_t)n, "; %llu %s%s",
	    (unsigned long long)count, ann__plural(count, one, many), after);
}
