/*
 * yolo.c: YOLO label lines from the region model, one label file per
 * image (ann_yolo.h): a task's, or each of a multi-image task's.
 *
 * Every coordinate comes from the region's ann_geom in 0-1 (ANN_NORM);
 * nothing here scales one.  A task's lines are built in memory (one
 * record's worth), in the buffer of the image each region names, and
 * written as label files when the task ends (yolo_files.c).  Keypoints may come before the box they belong to, so in
 * pose the task's boxes and keypoints are held until its set ends.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "ann_geom.h"
#include "ann_media.h"
#include "ann_rle.h"
#include "ann_sink.h"
#include "ann_taskid.h"
#include "util_private.h"
#include "yolo_private.h"

const char *
ann_yolo_errmsg(const ann_yolo *y)
{
	return y->err.msg;
}

/* The pose's keypoints, in the order the config gives them (ann_config.h). */
static int
keypoints_from_config(ann_yolo *y)
{
	const ann_cfg_label *const *l;
	size_t n = ann_labelconfig_keypoints(y->o.config, &l);

	if ((y->kp_names = calloc(n + 1, sizeof *y->kp_names)) == NULL)
		return -1;
	for (; y->nkp < n; y->nkp++)
		if ((y->kp_names[y->nkp] = strdup(l[y->nkp]->name)) == NULL)
			return -1;
	return 0;
}

const ann_categories *
ann_yolo_categories(const ann_yolo *y)
{
	return y->cats;
}

/* Say why in err, which may be NULL. */
static void
say(ann_error *err, const char *msg)
{
	if (err != NULL) {
		snprintf(err->msg, sizeof err->msg, "%s", msg);
		err->has_byte = 0;
	}
}

ann_yolo *
ann_yolo_new(const ann_yolo_opts *opts, ann_error *err)
{
	ann_yolo *y = calloc(1, sizeof *y);
	ann_status st;

	if (y == NULL || (y->cats = ann_categories_new(0)) == NULL ||
	    (y->stems = ann_idset_new()) == NULL) {
		say(err, "out of memory");
		ann_yolo_free(y);
		return NULL;
	}
	y->o = *opts;
	if (y->o.nsplits == 0) {
		y->o.nsplits = 1;
		y->o.split[0] = 100;
	}
	/* A keypoint is a part of its box in a pose, never a class of its own. */
	if (opts->config != NULL) {
		st = ann_categories_from_config_objects(y->cats, opts->config);
		if (st == ANN_OK && opts->task == ANN_YOLO_POSE &&
		    keypoints_from_config(y) != 0)
			st = ANN_FATAL;
		if (st != ANN_OK) {
			say(err, "out of memory");
			ann_yolo_free(y);
			return NULL;
		}
	}
	if (ann__yolo_open(y) != ANN_OK) {
		say(err, y->err.msg);
		ann_yolo_free(y);
		return NULL;
	}
	return y;
}

void
ann_yolo_free(ann_yolo *y)
{
	if (y == NULL)
		return;
	ann__yolo_close(y);
	ann_categories_free(y->cats);
	ann_idset_free(y->stems);
	for (size_t i = 0; i < y->nkp; i++)
		free(y->kp_names[i]);
	free(y->kp_names);
	ann_buf_free(&y->stem);
	for (size_t i = 0; i < y->capitems; i++)
		ann_buf_free(&y->items[i].lines);
	free(y->items);
	ann_buf_free(&y->scratch);
	ann_buf_free(&y->polys);
	free(y->pts);
	free(y->boxes);
	free(y->points);
	free(y);
}

ann_status
ann_yolo_category(ann_yolo *y, const char *name)
{
	if (ann_categories_add(y->cats, name) != ANN_OK)
		return ann__yolo_fail(y, ANN_FATAL, "out of memory");
	return ANN_OK;
}

/* Clip d to [0, 1], noting in *clipped whether it was outside. */
static double
clip(double d, int *clipped)
{
	if (d < 0) {
		*clipped = 1;
		return 0;
	}
	if (d > 1) {
		*clipped = 1;
		return 1;
	}
	return d;
}

/* The class index of a label, adding it when that is allowed. */
static ann_status
class_of(ann_yolo *y, ann_json_val label, long *index)
{
	return ann_categories_label(y->cats, label, !y->o.strict_labels,
	    "the classes", &y->err, index);
}

/*
 * The number written for a class: its id, or, while ids are known only at
 * the end (discovered classes), its index, which the spill's copy turns
 * into the id.
 */
static int
put_class(ann_yolo *y, ann_buf *b, long index)
{
	long id = y->deferred ? index : ann_categories_id_now(y->cats, (size_t)index);

	return ann_buf_printf(b, "%ld", id);
}

/* An extent, clipped, as xc yc w h: -1 when nothing of it is inside. */
static int
extent_box(double e[4], double b[4], int *clipped)
{
	for (int i = 0; i < 4; i++)
		e[i] = clip(e[i], clipped);
	if (!(e[2] > e[0] && e[3] > e[1]))
		return -1;
	b[0] = (e[0] + e[2]) / 2;
	b[1] = (e[1] + e[3]) / 2;
	b[2] = e[2] - e[0];
	b[3] = e[3] - e[1];
	return 0;
}

/*
 * Why a region's numbers are unusable, counted per region.  A rectangle
 * or keypoint short of a number in the unit the export gives (an "x"
 * absent or null) has bad geometry whatever the image's size; with all
 * of them, it is the image size that is missing (a rotation is applied in
 * pixels, Labelbox gives pixels), which the user can supply.
 */
static ann_status
bad_geometry(ann_yolo *y, const ann_region *r, const ann_geom *g)
{
	int n = r->kind == ANN_KIND_RECTANGLE ? 4 : r->kind == ANN_KIND_KEYPOINT ? 2 : 0;
	int given = n == 0 || g->has_box;

	if (r->kind == ANN_KIND_RECTANGLE && !isfinite(g->rotation))
		given = 0;

	for (int i = 0; i < n && given; i++)
		given = isfinite(g->box[g->source][i]);
	ann_skips_count(y->skips, y->size_known || !given ? ANN_SKIP_GEOMETRY :
	    ANN_SKIP_REGION_NO_SIZE, r->kind);
	return ANN_OK;
}

/*
 * The coordinates of region r for the task's kind of label, clipped, into
 * v (room for 2 * npoints or 8): how many numbers; 0 when the region is
 * counted as skipped.  Polygons are written point by point instead (their
 * size is the record's), so for segment this gives only what is not a
 * polygon.
 */
static size_t
coords(ann_yolo *y, const ann_region *r, const ann_geom *g, double *v,
    int *clipped)
{
	double e[4];
	int rect = r->kind == ANN_KIND_RECTANGLE, poly = r->kind == ANN_KIND_POLYGON;

	switch (y->o.task) {
	case ANN_YOLO_DETECT:
	case ANN_YOLO_POSE:
		if (rect && ann_geom_box_extent(g, ANN_NORM, e) != 0)
			return bad_geometry(y, r, g), 0;
		if (poly && y->o.task == ANN_YOLO_DETECT) {
			long n = ann_geom_points_extent(r, g, ANN_NORM, e);
			if (n < 0)
				return bad_geometry(y, r, g), 0;
			if (n < 3) {
				ann_skips_count(y->skips, ANN_SKIP_GEOMETRY, r->kind);
				return 0;
			}
		} else if (!rect) {
			ann_skips_count(y->skips, ANN_SKIP_KIND, r->kind);
			return 0;
		}
		if (extent_box(e, v, clipped) != 0) {
			ann_skips_count(y->skips, ANN_SKIP_OUTSIDE, r->kind);
			return 0;
		}
		return 4;
	case ANN_YOLO_SEGMENT:
	case ANN_YOLO_OBB:
		if (!rect) {
			ann_skips_count(y->skips, ANN_SKIP_KIND, r->kind);
			return 0;
		}
		if (ann_geom_corners(g, ANN_NORM, v) != 0)
			return bad_geometry(y, r, g), 0;
		for (int i = 0; i < 8; i++)
			v[i] = clip(v[i], clipped);
		return 8;
	}
	return 0;
}

/* A polygon's points, clipped, after its class: 0, or -1 when counted. */
static int
polygon_line(ann_yolo *y, const ann_region *r, const ann_geom *g, size_t at,
    int *clipped)
{
	ann_points it;
	ann_json_val x, yv;
	double xy[2];
	size_t n = 0;

	ann_points_init(&it, r);
	while (ann_points_next(&it, &x, &yv)) {
		if (ann_geom_point(g, x, yv, ANN_NORM, xy) != 0) {
			y->lines->len = at;
			return bad_geometry(y, r, g), -1;
		}
		if (ann__yolo_coord(y->lines, clip(xy[0], clipped)) != 0 ||
		    ann__yolo_coord(y->lines, clip(xy[1], clipped)) != 0)
			return ann__yolo_fail(y, ANN_FATAL, "out of memory"), -2;
		n++;
	}
	if (n < 3) {	/* Ultralytics wants an area */
		y->lines->len = at;
		ann_skips_count(y->skips, ANN_SKIP_GEOMETRY, r->kind);
		return -1;
	}
	return 0;
}

/* One line per label of the region (several labels: several lines). */
static ann_status
region_lines(ann_yolo *y, const ann_region *r, const ann_geom *g)
{
	double v[8];
	size_t nv = 0;
	int clipped = 0, polygon = y->o.task == ANN_YOLO_SEGMENT &&
	    r->kind == ANN_KIND_POLYGON;
	ann_status st;

	if (!polygon && (nv = coords(y, r, g, v, &clipped)) == 0)
		return ANN_OK;
	for (size_t i = 0; i < r->nlabels; i++) {
		long cls;
		if ((st = class_of(y, r->labels[i], &cls)) != ANN_OK)
			return st;
		size_t at = y->lines->len;
		if (put_class(y, y->lines, cls) != 0)
			return ann__yolo_fail(y, ANN_FATAL, "out of memory");
		if (polygon) {
			int k = polygon_line(y, r, g, at, &clipped);
			if (k == -2)
				return ANN_FATAL;
			if (k == -1)
				return ANN_OK;	/* counted; the other labels would be too */
		}
		for (size_t j = 0; j < nv; j++)
			if (ann__yolo_coord(y->lines, v[j]) != 0)
				return ann__yolo_fail(y, ANN_FATAL, "out of memory");
		if (ann_buf_put(y->lines, "\n", 1) != 0)
			return ann__yolo_fail(y, ANN_FATAL, "out of memory");
		ann_categories_use(y->cats, (size_t)cls);
		y->nlines++;
	}
	y->clipped += clipped;
	return ANN_OK;
}

/*
 * A brush mask traced (--masks polygon): a line per part and label, each
 * label's lines together.  Nothing to clip: a contour is in its mask.
 */
static ann_status
mask_lines(ann_yolo *y, const ann_region *r, ann_shape shape)
{
	size_t n;
	ann_status st;

	if ((st = ann__yolo_mask_polygons(y, r, shape, &n)) != ANN_OK || n == 0)
		return st;
	for (size_t i = 0; i < r->nlabels; i++) {
		long cls;
		if ((st = class_of(y, r->labels[i], &cls)) != ANN_OK)
			return st;
		for (size_t at = 0, end; at < y->polys.len; at = end + 1) {
			end = at;
			while (y->polys.p[end] != '\n')
				end++;
			if (put_class(y, y->lines, cls) != 0 ||
			    ann_buf_put(y->lines, y->polys.p + at, end - at + 1) != 0)
				return ann__yolo_fail(y, ANN_FATAL, "out of memory");
			y->nlines++;
		}
		ann_categories_use(y->cats, (size_t)cls);
	}
	return ANN_OK;
}

/* Pose: a box, held for its keypoints. */
static ann_status
pose_box(ann_yolo *y, const ann_region *r, const ann_geom *g)
{
	double v[8];
	int clipped = 0;
	ann_status st;

	if (coords(y, r, g, v, &clipped) == 0)
		return ANN_OK;
	for (size_t i = 0; i < r->nlabels; i++) {
		long cls;
		if ((st = class_of(y, r->labels[i], &cls)) != ANN_OK)
			return st;
		if (ann__grow((void **)&y->boxes, &y->capboxes, y->nboxes + 1,
		    sizeof *y->boxes) != 0)
			return ann__yolo_fail(y, ANN_FATAL, "out of memory");
		struct yolo_box *b = &y->boxes[y->nboxes++];
		b->item = g->item;
		b->id = r->id;
		b->cls = cls;
		memcpy(b->b, v, sizeof b->b);
	}
	y->clipped += clipped;
	return ANN_OK;
}

/* Pose: a keypoint, at its place in the pose. */
static ann_status
pose_point(ann_yolo *y, const ann_region *r, const ann_geom *g)
{
	char name[256];
	size_t k;
	int clipped = 0;

	if (ann_json_typeof(g->parent) != ANN_JSON_STRING) {
		ann_skips_count(y->skips, ANN_SKIP_NO_PARENT, r->kind);
		return ANN_OK;
	}
	if (r->labels[0].n > sizeof name) {
		ann_skips_count(y->skips, ANN_SKIP_NO_LABEL, r->kind);
		return ANN_OK;
	}
	name[ann_json_str_decode(r->labels[0], name)] = '\0';
	for (k = 0; k < y->nkp && strcmp(y->kp_names[k], name) != 0; k++)
		;
	if (k == y->nkp) {
		/* Not a keypoint of the config's: no place in the pose. */
		ann_skips_count(y->skips, ANN_SKIP_NO_LABEL, r->kind);
		return ANN_OK;
	}
	if (!isfinite(g->box[ANN_NORM][0]) || !isfinite(g->box[ANN_NORM][1]))
		return bad_geometry(y, r, g);
	if (ann__grow((void **)&y->points, &y->cappoints, y->npoints + 1,
	    sizeof *y->points) != 0)
		return ann__yolo_fail(y, ANN_FATAL, "out of memory");
	struct yolo_point *p = &y->points[y->npoints++];
	p->item = g->item;
	p->parent = g->parent;
	p->k = k;
	p->xy[0] = clip(g->box[ANN_NORM][0], &clipped);
	p->xy[1] = clip(g->box[ANN_NORM][1], &clipped);
	p->used = 0;
	y->clipped += clipped;
	return ANN_OK;
}

static int
same_id(ann_json_val a, ann_json_val b)
{
	return a.p != NULL && b.p != NULL && a.n == b.n && memcmp(a.p, b.p, a.n) == 0;
}

/*
 * Pose lines: each box with its keypoints in the pose's order, "0 0 0"
 * for one it lacks (Ultralytics' "not labeled"), 2 ("visible") for one it
 * has: Label Studio keeps no visibility.  A keypoint joins a box of its
 * own image only, into that image's label file.
 */
static ann_status
pose_lines(ann_yolo *y)
{
	for (size_t i = 0; i < y->nboxes; i++) {
		const struct yolo_box *x = &y->boxes[i];
		ann_buf *b = &y->items[x->item].lines;
		int bad = put_class(y, b, x->cls) != 0;
		for (int j = 0; j < 4 && !bad; j++)
			bad = ann__yolo_coord(b, x->b[j]) != 0;
		for (size_t k = 0; k < y->nkp && !bad; k++) {
			const struct yolo_point *p = NULL;
			/* The last one wins, as when the export repeats a point. */
			for (size_t m = 0; m < y->npoints; m++)
				if (y->points[m].k == k && y->points[m].item == x->item &&
				    same_id(y->points[m].parent, x->id)) {
					p = &y->points[m];
					y->points[m].used = 1;
				}
			bad = p == NULL ? ann_buf_put(b, " 0.000000 0.000000 0", 20) != 0 :
			    ann__yolo_coord(b, p->xy[0]) != 0 ||
			    ann__yolo_coord(b, p->xy[1]) != 0 || ann_buf_put(b, " 2", 2) != 0;
		}
		if (bad || ann_buf_put(b, "\n", 1) != 0)
			return ann__yolo_fail(y, ANN_FATAL, "out of memory");
		ann_categories_use(y->cats, (size_t)x->cls);
		y->nlines++;
	}
	for (size_t m = 0; m < y->npoints; m++)
		if (!y->points[m].used)
			ann_skips_count(y->skips, ANN_SKIP_NO_PARENT, ANN_KIND_KEYPOINT);
	y->nboxes = y->npoints = 0;
	return ANN_OK;
}

/* --- The sink ------------------------------------------------------------ */

static ann_status
sink_task(void *self, const ann_sink_ctx *c)
{
	ann_yolo *y = self;
	const ann_task *task = c->task;
	const char *key;

	y->err.msg[0] = '\0';
	y->skips = c->skips;
	y->nitems = 0;
	y->nboxes = y->npoints = 0;
	if (y->tasks++ == 0)	/* --categories are read after ann_yolo_new */
		y->deferred = !ann_categories_fixed(y->cats);
	if (task->video) {
		ann_skips_count(y->skips, ANN_SKIP_VIDEO, ANN_KIND_OTHER);
		return ann__yolo_fail(y, ANN_WARN, "task skipped: a video, and YOLO "
		    "labels images (ann-flatten -c frame,... lists its regions by frame)");
	}
	if (ann_media_ref(task, y->o.config, &y->ref, &key) != 0) {
		ann_skips_count(y->skips, ANN_SKIP_NO_IMAGE, ANN_KIND_OTHER);
		return ann__yolo_fail(y, ANN_WARN, "task skipped: no image reference (%s)",
		    key);
	}
	/* One label file per image: a multi-image task's list has several. */
	y->multi = ann_json_typeof(y->ref) == ANN_JSON_ARRAY;
	size_t n = ann_media_items(y->ref), had = y->capitems;
	if (ann__grow((void **)&y->items, &y->capitems, n, sizeof *y->items) != 0)
		return ann__yolo_fail(y, ANN_FATAL, "out of memory");
	memset(y->items + had, 0, (y->capitems - had) * sizeof *y->items);
	for (y->nitems = 0; y->nitems < n; y->nitems++) {
		struct yolo_item *it = &y->items[y->nitems];
		if (ann_media_item(y->ref, y->nitems, &it->ref) != 0)
			it->ref.p = NULL;	/* not a string: no image */
		it->w = it->h = 0;
		it->lines.len = 0;
	}
	/*
	 * YOLO is in 0-1 and Label Studio in percent, so most regions need no
	 * size: a task without one is converted, and only the regions that
	 * need it (rotated boxes, pixels) are counted as skipped.  A
	 * multi-image task's images are measured one by one, as their
	 * regions come (ann_media_item_size).
	 */
	if (!y->multi) {
		ann_error why;
		struct yolo_item *it = &y->items[0];
		ann_status st = ann_media_size(task, it->ref, y->o.image_root,
		    &y->scratch, &it->w, &it->h, &why);
		if (st == ANN_FATAL)
			return ann__yolo_fail(y, st, "%s", why.msg);
		if (st != ANN_OK)
			it->w = it->h = -1;
	}
	y->lines = &y->items[0].lines;

	/*
	 * The split, by the task's place in ann_task_hash's order: all its
	 * images in one.  Its id also makes the stems of its images that are
	 * taken.
	 */
	y->idlen = ann_task_id_of(task, y->id, sizeof y->id);
	/* No id: the (first) image reference stands for it. */
	y->split = ann_task_split(y->id, y->idlen, y->items[0].ref, y->o.seed,
	    y->o.split, y->o.nsplits);
	return ANN_OK;
}

static ann_status
sink_region(void *self, const ann_sink_ctx *c, const ann_annotation *a,
    const ann_region *r, const ann_geom *g)
{
	ann_yolo *y = self;
	ann_geom own;

	if (g->item < 0 || (size_t)g->item >= y->nitems || y->items[g->item].ref.p == NULL) {
		ann_skips_count(y->skips, ANN_SKIP_UNKNOWN_IMAGE, r->kind);
		return ANN_OK;
	}
	/* What is not a shape on the image (choices, relations) is no label line. */
	if (r->kind != ANN_KIND_RECTANGLE && r->kind != ANN_KIND_POLYGON &&
	    !(r->kind == ANN_KIND_KEYPOINT && y->o.task == ANN_YOLO_POSE) &&
	    !(r->kind == ANN_KIND_MASK && y->o.task == ANN_YOLO_SEGMENT)) {
		ann_skips_count(y->skips, ANN_SKIP_KIND, r->kind);
		return ANN_OK;
	}
	if (r->kind == ANN_KIND_MASK && y->o.masks == ANN_YOLO_MASKS_SKIP) {
		/* Told apart from the masks no option would convert: URLs. */
		ann_json_val rle;
		ann_rle_form form;
		ann_error why;
		ann_skips_count(y->skips, ann_region_rle(r, c->task->shape, &rle,
		    &form, &why) == ANN_WARN ? ANN_SKIP_MASK_URL :
		    ANN_SKIP_MASK_UNTRACED, r->kind);
		return ANN_OK;
	}
	if (r->nlabels == 0 || ann_json_typeof(r->labels[0]) != ANN_JSON_STRING) {
		ann_skips_count(y->skips, ANN_SKIP_NO_LABEL, r->kind);
		return ANN_OK;
	}
	struct yolo_item *it = &y->items[g->item];
	if (y->multi) {
		ann_error why;
		if (ann_media_item_size(it->ref, g, y->o.image_root, &y->scratch,
		    &it->w, &it->h, &why) == ANN_FATAL)
			return ann__yolo_fail(y, ANN_FATAL, "%s", why.msg);
	}
	y->lines = &it->lines;
	y->W = it->w;
	y->H = it->h;
	y->size_known = it->w > 0 && it->h > 0;
	/* A size read from the image file (--image-root): measure against it. */
	g = ann_geom_sized(g, &own, r, a, y->W, y->H);
	if (r->kind == ANN_KIND_MASK)
		return mask_lines(y, r, c->task->shape);
	if (y->o.task == ANN_YOLO_POSE)
		return r->kind == ANN_KIND_KEYPOINT ? pose_point(y, r, g) :
		    r->kind == ANN_KIND_RECTANGLE ? pose_box(y, r, g) :
		    (ann_skips_count(y->skips, ANN_SKIP_KIND, r->kind), ANN_OK);
	return region_lines(y, r, g);
}

static ann_status
sink_task_end(void *self, const ann_sink_ctx *c, size_t nsets)
{
	ann_yolo *y = self;
	ann_status st;

	(void)c;
	(void)nsets;
	if (y->o.task == ANN_YOLO_POSE && (st = pose_lines(y)) != ANN_OK)
		return st;
	for (size_t i = 0; i < y->nitems; i++) {
		const struct yolo_item *it = &y->items[i];
		if (it->ref.p == NULL)	/* no image: its regions were counted */
			continue;
		if ((st = ann__yolo_stem(y, it->ref, y->idlen >= 0 ? y->id : NULL,
		    y->idlen >= 0 ? (size_t)y->idlen : 0)) != ANN_OK)
			return st;
		/* No regions: an empty label file, a negative image, never dropped. */
		if (it->lines.len == 0)
			y->empty++;
		y->images++;
		if ((st = ann__yolo_write_image(y, it)) != ANN_OK)
			return st;
	}
	return ANN_OK;
}

static ann_status sink_finish(void *self) { return ann_yolo_finish(self); }
static const char *sink_errmsg(const void *self) { return ann_yolo_errmsg(self); }

static const ann_sink_ops yolo_sink = {
	sink_task, NULL, sink_region, NULL, sink_task_end, sink_finish, sink_errmsg
};

void
ann_yolo_sink(ann_yolo *y, ann_sink *s)
{
	s->ops = &yolo_sink;
	s->self = y;
	s->sets = y->o.sets;
	/* One label file per image: one annotation of each task. */
	s->sets.newest = 1;
	s->err = NULL;
}

ann_status
ann_yolo_finish(ann_yolo *y)
{
	return ann__yolo_write_dataset(y);
}

void
ann_yolo_summary(const ann_yolo *y, char *buf, size_t len)
{
	size_t ncls = ann_categories_count(y->cats);
	int n = snprintf(buf, len, "%llu %s, %llu %s (%llu without regions), "
	    "%llu %s, %zu %s", (unsigned long long)y->tasks,
	    ann__plural(y->tasks, "task", "tasks"), (unsigned long long)y->images,
	    ann__plural(y->images, "image", "images"), (unsigned long long)y->empty,
	    (unsigned long long)y->nlines,
	    ann__plural(y->nlines, "label line", "label lines"), ncls,
	    ann__plural(ncls, "class", "classes"));
	n = ann_summary_more(buf, len, n, y->clipped, "region clipped to its image",
	    "regions clipped to their image", "");
	/* Holes are left out of the polygons: how many masks lost some. */
	if (y->masks > 0 && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, "; %llu %s traced to %llu %s, "
		    "%llu with holes left out", (unsigned long long)y->masks,
		    ann__plural(y->masks, "mask", "masks"),
		    (unsigned long long)y->polygons,
		    ann__plural(y->polygons, "polygon", "polygons"),
		    (unsigned long long)y->holed);
}
