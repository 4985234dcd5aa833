/*
 * ann_yolo.h: an Ultralytics-ready YOLO dataset from the task view: one
 * label file per image, written as each task streams past, then data.yaml,
 * classes.txt and notes.json when the input ends.
 *
 * Ownership: a converter from ann_yolo_new is freed by ann_yolo_free (NULL
 * is fine); it borrows its options (the config, the directory name) for
 * its life.
 */
#ifndef ANN_YOLO_H
#define ANN_YOLO_H

#include <stddef.h>
#include <stdint.h>

#include "ann_core.h"
#include "ann_categories.h"
#include "ann_config.h"
#include "ann_sets.h"
#include "ann_sink.h"

/* What the labels are for: Ultralytics' four tasks. */
typedef enum {
	ANN_YOLO_DETECT,	/* cls xc yc w h */
	ANN_YOLO_SEGMENT,	/* cls x1 y1 ... xn yn */
	ANN_YOLO_OBB,		/* cls x1 y1 x2 y2 x3 y3 x4 y4 */
	ANN_YOLO_POSE		/* cls xc yc w h, then x y v per keypoint */
} ann_yolo_task;

/* What becomes of a brush mask in segment. */
typedef enum {
	ANN_YOLO_MASKS_SKIP,	/* counted, not converted */
	ANN_YOLO_MASKS_POLYGON	/* a line per part: its outer contour */
} ann_yolo_masks;

/* At most train, val and test. */
#define ANN_YOLO_MAX_SPLITS 3

typedef struct ann_yolo_opts {
	const ann_labelconfig *config;	/* classes, image key, keypoints */
	ann_sets sets;			/* which annotation: one per image */
	ann_yolo_task task;
	const char *dir;		/* the dataset's directory */
	const char *image_root;		/* images as IMAGE_ROOT/BASENAME: linked
					   into images/, and sizes read */
	int strict_labels;		/* a label outside the given classes is an
					   error (else it is added after them) */
	unsigned nsplits;		/* 1 (all train) to ANN_YOLO_MAX_SPLITS */
	unsigned split[ANN_YOLO_MAX_SPLITS];	/* percents, summing to 100 */
	uint64_t seed;			/* of the split's task order */
	ann_yolo_masks masks;		/* brush masks, in segment */
	uint64_t max_pixels;		/* larger masks fail the task; 0: no limit */
} ann_yolo_opts;

typedef struct ann_yolo ann_yolo;

/*
 * Make the dataset's directories (the directory may exist) and get ready:
 * NULL with err set on failure.
 */
ann_yolo *ann_yolo_new(const ann_yolo_opts *opts, ann_error *err);
void ann_yolo_free(ann_yolo *y);
/* A class from --categories, in id order. */
ann_status ann_yolo_category(ann_yolo *y, const char *name);
/*
 * The converter as a sink (ann_sink.h): ann_sink_record writes one task's
 * label file.  A task it skips and counts is ANN_WARN with ann_yolo_errmsg
 * saying why; a label outside the classes is ANN_FAILED; an output error
 * ANN_FATAL.
 */
void ann_yolo_sink(ann_yolo *y, ann_sink *s);
/* Write the lists, data.yaml, classes.txt and notes.json. */
ann_status ann_yolo_finish(ann_yolo *y);
const char *ann_yolo_errmsg(const ann_yolo *y);
/* The classes, for what was added to them (ann_categories_unlisted). */
const ann_categories *ann_yolo_categories(const ann_yolo *y);
/*
 * Images, empty ones, lines, classes, clipped regions and masks traced,
 * on one line.
 */
void ann_yolo_summary(const ann_yolo *y, char *buf, size_t len);

#endif /* ANN_YOLO_H */
