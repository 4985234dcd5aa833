/*
 * yolo_private.h: the YOLO converter's state, shared by the regions and
 * label lines (yolo.c) and the dataset's files (yolo_files.c).
 */
#ifndef ANN_YOLO_PRIVATE_H
#define ANN_YOLO_PRIVATE_H

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_categories.h"
#include "ann_filter.h"
#include "ann_view.h"
#include "ann_writer.h"
#include "ann_yolo.h"
#include "util_private.h"

/* A box of the task being read, waiting for its keypoints (pose). */
struct yolo_box {
	long item;		/* the task's image it is on */
	ann_json_val id;	/* the region's, which keypoints name as parentID */
	long cls;		/* class index */
	double b[4];		/* xc yc w h, clipped */
};

/*
 * An image of the task being read: the only one, or one of a multi-image
 * task's list (<Image valueList>), each its own label file.
 */
struct yolo_item {
	ann_json_val ref;	/* a string; NULL when the list's entry is none */
	long w, h;		/* its size: 0 not looked for, -1 none */
	ann_buf lines;		/* its label lines */
};

/* A keypoint of the task being read (pose). */
struct yolo_point {
	long item;		/* the task's image it is on */
	ann_json_val parent;
	size_t k;		/* its place in the pose */
	double xy[2];
	int used;
};

struct ann_yolo {
	ann_yolo_opts o;
	ann_categories *cats;
	char **kp_names;	/* the pose's keypoints, in model_index order */
	size_t nkp;
	int deferred;		/* class ids known only at the end: spill */
	FILE *spill;		/* label files waiting for their ids */
	ann_idset *stems;	/* the stems given so far */
	ann_out *list[ANN_YOLO_MAX_SPLITS];	/* <split>.txt, without --image-root */
	ann_skips *skips;	/* the run's counts, lent with each task */
	char root[PATH_MAX];	/* --image-root, absolute */
	/* The task being read. */
	ann_json_val ref;	/* its image, or its list of images */
	struct yolo_item *items;	/* its images, one for a string ref */
	size_t nitems, capitems;
	int multi;		/* ref is a list */
	long W, H;		/* the size of the image of the region being read */
	int size_known;
	unsigned split;
	char id[256];		/* its id, for stems that are taken */
	long idlen;		/* -1 without one */
	ann_buf stem;		/* the label file's stem of the image being written */
	ann_buf *lines;		/* the label lines of the image being read */
	ann_buf scratch;	/* decoded references, paths */
	struct yolo_box *boxes;
	size_t nboxes, capboxes;
	struct yolo_point *points;
	size_t npoints, cappoints;
	ann_buf polys;		/* a mask's polygons, a line of coordinates each */
	long long *pts;		/* a contour's points, in millionths */
	size_t cappts;
	/* Counts. */
	uint64_t tasks, images, empty, nlines, clipped;
	uint64_t masks, polygons, holed;	/* traced, their parts, with holes */
	ann_error err;
};

/* The names of the splits, in order. */
extern const char *const ann__yolo_split_names[ANN_YOLO_MAX_SPLITS];

/*
 * Say why on the converter's handle, and return st.  Through lib/base, so
 * that the files of the converter that say why do not call each other.
 */
#define ann__yolo_fail(y, st, ...) ann__error_fail(&(y)->err, (st), __VA_ARGS__)

/* The directories, and the split lists without --image-root. */
ann_status ann__yolo_open(ann_yolo *y);
/*
 * An image of the task, in the task's split: its stem (unique in the
 * dataset) into y->stem, from the reference's base name or, when that is
 * taken, with "_<task id>".
 */
ann_status ann__yolo_stem(ann_yolo *y, ann_json_val ref, const char *taskid,
    size_t idlen);
/* An image's label file from its lines, and its entry or link. */
ann_status ann__yolo_write_image(ann_yolo *y, const struct yolo_item *it);
/* Deferred label files, the lists' end, data.yaml, classes.txt, notes.json. */
ann_status ann__yolo_write_dataset(ann_yolo *y);
void ann__yolo_close(ann_yolo *y);
/*
 * A coordinate in 0-1 given in millionths, to six decimals: " 0.123457".
 * Six decimals, fixed, as Ultralytics' own converters write them: an
 * integer count of millionths is exact and much faster than printf.
 */
static inline int
ann__yolo_millionths(ann_buf *b, long long u)
{
	char *p = ann_buf_room(b, 9);

	if (p == NULL)
		return -1;
	p[0] = ' ';
	p[1] = (char)('0' + u / 1000000);
	p[2] = '.';
	u %= 1000000;
	for (int i = 8; i >= 3; i--, u /= 10)
		p[i] = (char)('0' + u % 10);
	b->len += 9;
	return 0;
}

/* A coordinate in 0-1, rounded to six decimals. */
static inline int
ann__yolo_coord(ann_buf *b, double d)
{
	return ann__yolo_millionths(b, llround(d * 1e6));
}

/*
 * --masks polygon: the outer contours of brush region r's mask
 * (yolo_mask.c), each a line of coordinates without its class in
 * y->polys, *n of them.  ANN_OK with *n 0 when the region is counted as
 * skipped; ANN_FAILED for a mask over --max-pixels; ANN_FATAL.
 */
ann_status ann__yolo_mask_polygons(ann_yolo *y, const ann_region *r,
    ann_shape shape, size_t *n);

#endif
