/*
 * coco_private.h: the COCO converter's state, shared by the document
 * (coco_conv.c) and the regions it turns into annotations (coco_region.c).
 */
#ifndef ANN_COCO_PRIVATE_H
#define ANN_COCO_PRIVATE_H

#include <stdarg.h>
#include <stdio.h>

#include "ann_core.h"
#include "ann_categories.h"
#include "ann_coco_conv.h"
#include "ann_skip.h"
#include "util_private.h"

/* A keypoint joined to its box (coco_keypoints.c). */
struct ann__coco_joint {
	ann_json_val id, parent;
	size_t name;		/* index in the config's keypoint names */
	double xy[2];		/* pixels */
};

typedef struct ann__coco_kp {
	const ann_cfg_label *const *names;	/* the config's keypoint names */
	size_t nnames;
	ann_json_val *boxes;		/* this set's rectangle ids */
	size_t nboxes, capboxes;
	struct ann__coco_joint *joints;	/* this set's keypoints with a box */
	size_t njoints, capjoints;
	unsigned char *cat_has;		/* categories whose boxes carry keypoints */
	size_t ncats, capcats;
} ann__coco_kp;

struct ann_tococo {
	ann_tococo_opts o;
	ann_out *out;
	FILE *spill;
	ann_categories *cats;
	uint64_t tasks, images, annotations;
	ann_skips *skips;	/* the run's counts, lent with each task */
	ann_json_val ref;	/* the task's image reference (an array: its images) */
	long W, H;		/* and its size */
	uint64_t next_id;	/* the next image's id, less 1 */
	struct ann__coco_item {	/* each image of a multi-image task */
		long w, h;
		int used;	/* a region of this set is on it */
	} *items;
	size_t nitems, capitems;	/* 0: a task of one image */
	ann_buf task_lines;	/* this task's annotations, until its image is out */
	ann_buf line;		/* an image reference, decoded */
	ann_buf image;		/* an image's entry */
	ann_coco_shape shape;
	ann_shape task_shape;	/* of the task being converted */
	uint64_t task_bad_regions;	/* of bad geometry, in this task; err names the first */
	ann__coco_kp kp;
	ann_error err;
};

/* Say why on the converter's handle, and return st. */
#define ann__coco_fail(t, st, ...) ann__error_fail(&(t)->err, (st), __VA_ARGS__)

/*
 * A document's framing, around its images, annotations and categories
 * (each element after "\n", and "," before all but the first): the
 * converter and the merge of documents (coco_merge.c) write the same.
 */
#define ANN__COCO_HEAD "{\"info\":{\"description\":\"\",\"url\":\"\"," \
	"\"version\":\"1.0\",\"contributor\":\"ann-tococo\"},\n\"images\":["
#define ANN__COCO_ANNOTATIONS "\n],\n\"annotations\":["
#define ANN__COCO_CATEGORIES "\n],\n\"categories\":["
#define ANN__COCO_END "\n]}\n"

ann_status ann__coco_emit(ann_tococo *t, const char *s, size_t n);
/* Numbers as COCO documents hold them (coco_geom.c): 0, or -1 out of memory. */
int ann__coco_put_number(ann_buf *b, double d);
int ann__coco_put_doubles(ann_buf *b, const double *v, size_t n);

/* Keypoints joined to their box (coco_keypoints.c). */
ann_status ann__coco_kp_init(ann_tococo *t);
void ann__coco_kp_free(ann__coco_kp *kp);
/* Before a set's regions: find its keypoints that belong to one of its boxes. */
ann_status ann__coco_kp_scan(ann_tococo *t, ann_view *v, const ann_annotation *a);
/* Is this keypoint in its box's annotation (and not one of its own)? */
int ann__coco_kp_joined(const ann_tococo *t, const ann_region *r);
/* A box's ,"keypoints":[...],"num_keypoints":N, when it has any. */
ann_status ann__coco_kp_members(ann_tococo *t, ann_buf *b, const ann_region *r,
    long cat);
/* A category's ,"keypoints":[names],"skeleton":[] when its boxes carry some. */
ann_status ann__coco_kp_category(const ann_tococo *t, ann_buf *b, size_t cat);
#define EMIT(t, lit) ann__coco_emit((t), (lit), sizeof(lit) - 1)
/*
 * Meet the labels of every set of the task in v, annotations and
 * predictions alike, before any is converted: categories then do not
 * depend on which sets are read.
 */
ann_status ann__coco_meet_labels(ann_tococo *t, ann_view *v);
/*
 * Append region r, with its geometry g, on image `image` of W x H, to
 * t->task_lines.
 */
ann_status ann__coco_region(ann_tococo *t, const ann_region *r,
    const ann_geom *g, uint64_t image, long W, long H);

#endif
