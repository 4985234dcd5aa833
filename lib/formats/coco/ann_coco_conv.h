/*
 * ann_coco_conv.h: COCO from the task view: the labeling config's
 * categories, image sizes from file headers, region geometry in pixels,
 * and the converter that streams one COCO document in bounded memory.
 *
 * Ownership: handles from *_new or *_read are freed by the matching
 * *_free (NULL is fine).  The converter borrows its output and options.
 */
#ifndef ANN_COCO_CONV_H
#define ANN_COCO_CONV_H

#include <stddef.h>
#include <stdint.h>

#include "ann_core.h"
#include "ann_sets.h"
#include "ann_sink.h"
#include "ann_config.h"
#include "ann_categories.h"
#include "ann_skip.h"
#include "ann_writer.h"
#include "ann_geom.h"
#include "ann_view.h"

/* --- Geometry ------------------------------------------------------------ */

/* Points in an ellipse's polygon. */
#define ANN_ELLIPSE_POINTS 32

typedef struct ann_coco_shape {
	double bbox[4];		/* x, y, width, height in pixels */
	double area;
	double *xy;		/* the polygon, or the keypoints: x, y, x, y... */
	size_t nxy, capxy;	/* doubles in xy */
	int keypoint;		/* xy are keypoints (a point, or a line's points) */
} ann_coco_shape;

/*
 * A rectangle, polygon, ellipse, keypoint or line region in pixels of its
 * image (g, its resolved geometry).  ANN_OK; ANN_WARN when the region has no such geometry (*reason
 * ANN_SKIP_KIND) or its numbers, given or in pixels, are not finite
 * (ANN_SKIP_GEOMETRY, and *why says how); ANN_FATAL out of memory.
 */
ann_status ann_coco_shape_of(const ann_region *r, const ann_geom *g,
    ann_coco_shape *s, ann_skip *reason, const char **why);
void ann_coco_shape_free(ann_coco_shape *s);

/* --- The converter ------------------------------------------------------- */

typedef struct ann_tococo_opts {
	const ann_labelconfig *config;	/* categories and the image key */
	const char *from_name;		/* only this control's regions */
	ann_sets sets;			/* which sets: annotations or predictions;
					   one per task or one image each */
	int results;			/* COCO results, not a document */
	int skip_empty;			/* no image without annotations */
	int file_name;			/* ANN_FILE_NAME_* (ann_media.h) */
	const char *image_root;		/* for sizes from image headers */
	long width, height;		/* --size: of images without one; 0: none */
	const char *mask_root;		/* Labelbox masks as DIR/FEATURE_ID.png */
	int category_base;		/* 0 (as the converter) or 1 */
	int strict_labels;		/* a label outside the given categories is
					   an error, not added after them */
	int crowd_masks;		/* iscrowd 1 for masks */
	uint64_t max_pixels;		/* larger masks fail the task; 0: no limit */
} ann_tococo_opts;

typedef struct ann_tococo ann_tococo;

ann_tococo *ann_tococo_new(const ann_tococo_opts *opts, ann_out *out,
    ann_error *err);
void ann_tococo_free(ann_tococo *t);
/* A category from --categories, in order. */
ann_status ann_tococo_category(ann_tococo *t, const char *name);
/*
 * The converter as a sink (ann_sink.h), reading the sets its options
 * choose: ann_sink_record converts one task.  A task it skips and counts
 * is ANN_WARN, with ann_tococo_errmsg saying why; a task that cannot be
 * converted as asked (a label outside the categories) is ANN_FAILED; an
 * output error ANN_FATAL.
 */
void ann_tococo_sink(ann_tococo *t, ann_sink *s);
/* Write the annotations and categories: the document is complete. */
ann_status ann_tococo_finish(ann_tococo *t);
/* The categories, for what was added to them (ann_categories_unlisted). */
const ann_categories *ann_tococo_categories(const ann_tococo *t);
const char *ann_tococo_errmsg(const ann_tococo *t);
/*
 * The one-line summary: tasks, images, annotations and categories (what
 * was skipped is in the run's ann_skips).
 */
void ann_tococo_summary(const ann_tococo *t, char *buf, size_t len);

/* --- Merging documents ---------------------------------------------------- */

/*
 * One document from several that the converter wrote, one per part of an
 * export (--part), as one process over the whole export would have written
 * it: image ids moved past the previous documents' largest, annotation ids
 * likewise, categories checked to agree (no id with two names, no name
 * with two ids) and listed once.  Each document is read twice, as a
 * stream: memory holds one element and the categories, never a document.
 * The output is borrowed.  NULL when out of memory.
 */
typedef struct ann_coco_merge ann_coco_merge;

ann_coco_merge *ann_coco_merge_new(ann_out *out);
void ann_coco_merge_free(ann_coco_merge *m);
/*
 * Merge the n documents at paths (regular files: each is read twice),
 * in that order.  ANN_OK, or ANN_FATAL with the message and where.
 */
ann_status ann_coco_merge_run(ann_coco_merge *m, const char *const *paths,
    size_t n);
const char *ann_coco_merge_errmsg(const ann_coco_merge *m);
/*
 * Where the error is: the document (NULL: the output), the element of its
 * array (0: none), the byte offset in the document.
 */
void ann_coco_merge_errpos(const ann_coco_merge *m, const char **name,
    uint64_t *elem, uint64_t *offset);
/* "N documents merged: images, annotations, categories". */
void ann_coco_merge_summary(const ann_coco_merge *m, size_t ndocs, char *buf,
    size_t len);

#endif /* ANN_COCO_CONV_H */
