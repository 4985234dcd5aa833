/*
 * ann_voc.h: a Pascal VOC dataset from the task view: one annotation file
 * (XML) per image, written as each task streams past, then the image set
 * lists and labels.txt when the input ends.
 *
 * Ownership: a converter from ann_voc_new is freed by ann_voc_free (NULL
 * is fine); it borrows its options (the config, the directory names) for
 * its life.
 */
#ifndef ANN_VOC_H
#define ANN_VOC_H

#include <stddef.h>
#include <stdint.h>

#include "ann_core.h"
#include "ann_categories.h"
#include "ann_config.h"
#include "ann_sets.h"
#include "ann_sink.h"
#include "ann_taskid.h"

typedef struct ann_voc_opts {
	const ann_labelconfig *config;	/* classes, image key */
	ann_sets sets;			/* which annotation: one per image */
	const char *dir;		/* the dataset's directory */
	const char *image_root;		/* sizes read from IMAGE_ROOT/BASENAME */
	int strict_labels;		/* a label outside the given classes is an
					   error (else it is added after them) */
	int no_rotated;			/* skip rotated rectangles (counted)
					   instead of writing their hull */
	unsigned nsplits;		/* 0 (no split: every image in train) or
					   2 to ANN_MAX_SPLITS */
	unsigned split[ANN_MAX_SPLITS];	/* percents, summing to 100 */
	uint64_t seed;			/* of the split (ann_task_split) */
} ann_voc_opts;

typedef struct ann_voc ann_voc;

/*
 * Make the dataset's directories (the directory may exist) and get ready:
 * NULL with err set on failure.
 */
ann_voc *ann_voc_new(const ann_voc_opts *opts, ann_error *err);
void ann_voc_free(ann_voc *v);
/* A class from --categories, in order. */
ann_status ann_voc_category(ann_voc *v, const char *name);
/*
 * The converter as a sink (ann_sink.h): ann_sink_record writes one task's
 * annotation file.  A task it skips and counts is ANN_WARN with
 * ann_voc_errmsg saying why; a label outside the classes, or one XML
 * cannot hold, is ANN_FAILED; an output error ANN_FATAL.
 */
void ann_voc_sink(ann_voc *v, ann_sink *s);
/*
 * Put the image set lists in place (with a split, the per-class lists
 * too) and write labels.txt.
 */
ann_status ann_voc_finish(ann_voc *v);
const char *ann_voc_errmsg(const ann_voc *v);
/* The classes, for what was added to them (ann_categories_unlisted). */
const ann_categories *ann_voc_categories(const ann_voc *v);
/* Images, empty ones, objects, classes, hulls and clipped boxes, on one line. */
void ann_voc_summary(const ann_voc *v, char *buf, size_t len);

#endif /* ANN_VOC_H */
