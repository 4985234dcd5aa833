/*
 * coco_region.c: one region as one COCO annotation: its geometry from
 * coco_geom.c, or its brush mask as COCO RLE, written as the members that
 * follow the annotation's ids (the ids are given when the spill is copied
 * out, see coco_conv.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "ann_rle.h"
#include "coco_private.h"

/* The members of one annotation after its ids, into b: ..."iscrowd":0} */
static ann_status
mask_members(ann_tococo *t, ann_buf *b, const ann_coco *c)
{
	char *counts;
	size_t len;
	double bbox[4];

	if (ann_coco_to_string(c, &counts, &len, &t->err) != ANN_OK)
		return ANN_FATAL;
	ann_coco_bbox(c, bbox);
	int bad = ann_buf_printf(b, "\"segmentation\":{\"size\":[%u,%u],\"counts\":",
	    c->h, c->w) != 0 || ann_buf_json_string(b, counts, len) != 0 ||
	    ann_buf_put(b, "}", 1) != 0;
	/*
	 * A result has a bbox too: pycocotools' loadRes reads every result
	 * the way it reads the first, and with a bbox first it needs one in
	 * each (the segmentation given is kept, for segm evaluation).
	 */
	if (t->o.results)
		bad = bad || ann_buf_printf(b, ",\"bbox\":[") != 0 ||
		    ann__coco_put_doubles(b, bbox, 4) != 0 || ann_buf_put(b, "]", 1) != 0;
	else
		bad = bad || ann_buf_printf(b, ",\"area\":%llu,\"bbox\":[",
		    (unsigned long long)ann_coco_area(c)) != 0 ||
		    ann__coco_put_doubles(b, bbox, 4) != 0 ||
		    ann_buf_printf(b, "],\"iscrowd\":%d", t->o.crowd_masks ? 1 : 0) != 0;
	free(counts);
	return bad ? ann__coco_fail(t, ANN_FATAL, "out of memory") : ANN_OK;
}

static ann_status
shape_members(ann_tococo *t, ann_buf *b, const ann_coco_shape *s)
{
	int bad;

	if (s->keypoint) {
		/* [x, y, 2] for each point: 2 is COCO's "labeled and visible". */
		bad = ann_buf_put(b, "\"keypoints\":[", 13) != 0;
		for (size_t i = 0; i + 1 < s->nxy && !bad; i += 2)
			bad = (i > 0 && ann_buf_put(b, ",", 1) != 0) ||
			    ann__coco_put_doubles(b, s->xy + i, 2) != 0 || ann_buf_put(b, ",2", 2) != 0;
		bad = bad || ann_buf_printf(b, "],\"num_keypoints\":%zu,\"segmentation\":[]",
		    s->nxy / 2) != 0;
	}
	else if (t->o.results)	/* scored as boxes (bbox) and as shapes (segm) */
		bad = ann_buf_printf(b, "\"bbox\":[") != 0 ||
		    ann__coco_put_doubles(b, s->bbox, 4) != 0 ||
		    ann_buf_printf(b, "],\"segmentation\":[[") != 0 ||
		    ann__coco_put_doubles(b, s->xy, s->nxy) != 0 || ann_buf_printf(b, "]]") != 0;
	else
		bad = ann_buf_printf(b, "\"segmentation\":[[") != 0 ||
		    ann__coco_put_doubles(b, s->xy, s->nxy) != 0 || ann_buf_printf(b, "]]") != 0;
	if (t->o.results && !s->keypoint)
		return bad ? ann__coco_fail(t, ANN_FATAL, "out of memory") : ANN_OK;
	bad = bad || ann_buf_printf(b, ",\"area\":") != 0 || ann__coco_put_number(b, s->area) != 0 ||
	    ann_buf_printf(b, ",\"bbox\":[") != 0 || ann__coco_put_doubles(b, s->bbox, 4) != 0 ||
	    ann_buf_printf(b, "],\"iscrowd\":0") != 0;
	return bad ? ann__coco_fail(t, ANN_FATAL, "out of memory") : ANN_OK;
}

/*
 * A mask the export gives only as a URL (Labelbox), downloaded by the user
 * (ann_region_mask_file), as a COCO RLE.
 */
static ann_status
downloaded_mask(ann_tococo *t, const ann_region *r, long W, long H,
    ann_coco **out, ann_error *err)
{
	ann_mask *m;
	ann_status st = ann_region_mask_file(r, t->o.mask_root, t->o.max_pixels, W, H,
	    &m, err);

	if (st != ANN_OK)
		return st;
	st = ann_coco_encode(m, out, err);
	ann_mask_free(m);
	return st;
}

/* The message for the first region of a task skipped for its geometry. */
static void
region_skipped(ann_tococo *t, const ann_region *r, const char *why)
{
	char id[64];
	size_t n = 0;

	if (ann_json_typeof(r->id) == ANN_JSON_STRING && r->id.n <= sizeof id)
		n = ann_json_str_decode(r->id, id);
	else if (ann_json_typeof(r->id) == ANN_JSON_NUMBER && r->id.n < sizeof id)
		memcpy(id, r->id.p, n = r->id.n);
	if (n > 0)
		ann__coco_fail(t, ANN_WARN, "region \"%.*s\" skipped: %s", (int)n, id, why);
	else
		ann__coco_fail(t, ANN_WARN, "a region without an id skipped: %s", why);
}

/*
 * The category index of a region's label, adding it unless
 * --strict-labels forbids it; with say, a label it may not add fails
 * the task with a message.
 */
static ann_status
category_of(ann_tococo *t, ann_json_val label, int say, long *index)
{
	ann_status st = ann_categories_label(t->cats, label, !t->o.strict_labels,
	    "the categories", &t->err, index);

	if (st == ANN_FAILED && !say)
		st = ANN_OK;
	return st;
}

/* Regions of these kinds are converted (and their labels are categories). */
static int
converted(ann_kind k)
{
	return k == ANN_KIND_RECTANGLE || k == ANN_KIND_POLYGON ||
	    k == ANN_KIND_POLYLINE || k == ANN_KIND_ELLIPSE ||
	    k == ANN_KIND_KEYPOINT || k == ANN_KIND_MASK;
}

ann_status
ann__coco_meet_labels(ann_tococo *t, ann_view *v)
{
	const ann_annotation *sets;
	const ann_region *r;
	size_t nsets, n;
	long index;
	ann_status st = ANN_OK;

	if (ann_view_annotations(v, &sets, &nsets) != ANN_OK)
		return ann__coco_fail(t, ANN_FAILED, "%s", ann_view_errmsg(v));
	for (size_t s = 0; s < nsets && st == ANN_OK; s++) {
		if (ann_view_regions(v, &sets[s], &r, &n) != ANN_OK)
			return ann__coco_fail(t, ANN_FAILED, "%s", ann_view_errmsg(v));
		for (size_t i = 0; i < n && st == ANN_OK; i++)
			if (converted(r[i].kind) && r[i].nlabels > 0 &&
			    ann_json_typeof(r[i].labels[0]) == ANN_JSON_STRING &&
			    (t->o.from_name == NULL ||
			    ann_json_str_eq(r[i].from_name, t->o.from_name)))
				st = category_of(t, r[i].labels[0], 0, &index);
	}
	return st;
}

ann_status
ann__coco_region(ann_tococo *t, const ann_region *r, const ann_geom *g,
    uint64_t image, long W, long H)
{
	ann_buf *b = &t->task_lines;
	const char *why = NULL;
	ann_coco *mask = NULL;
	ann_status st;

	if (t->o.from_name != NULL && !ann_json_str_eq(r->from_name, t->o.from_name)) {
		ann_skips_count(t->skips, ANN_SKIP_FROM_NAME, r->kind);
		return ANN_OK;
	}
	if (r->kind == ANN_KIND_KEYPOINT && ann__coco_kp_joined(t, r))
		return ANN_OK;	/* in its box's annotation */
	if (r->kind == ANN_KIND_MASK) {
		ann_error err;
		/*
		 * W x H is the image's size: a mask of an older export (no
		 * original_width, original_height) is decoded at it, and any
		 * other must have it.
		 */
		st = ann_region_mask(r, t->task_shape, W, H, t->o.max_pixels,
		    &mask, NULL, &err);
		if (st == ANN_WARN && t->o.mask_root != NULL)
			st = downloaded_mask(t, r, W, H, &mask, &err);
		/*
		 * A mask is the image's size, whichever way it is kept, and the
		 * readers refuse one over the limit before decoding it: that is
		 * an error the user can lift, not a mask that does not decode.
		 */
		if (st == ANN_FAILED && ann_region_mask_too_big(r, (uint64_t)W,
		    (uint64_t)H, t->o.max_pixels, &t->err))
			return ANN_FAILED;
		if (st == ANN_FATAL)
			return ann__coco_fail(t, ANN_FATAL, "%s", err.msg);
		if (st != ANN_OK) {
			ann_skips_count(t->skips, st == ANN_WARN ? ANN_SKIP_MASK_URL :
			    ANN_SKIP_BAD_MASK, r->kind);
			/* Named with its reason, as a region of bad geometry is. */
			if (st == ANN_FAILED && t->task_bad_regions++ == 0)
				region_skipped(t, r, err.msg);
			return ANN_OK;
		}
	} else {
		ann_skip reason;
		st = ann_coco_shape_of(r, g, &t->shape, &reason, &why);
		if (st == ANN_WARN) {
			ann_skips_count(t->skips, reason, r->kind);
			/* Named, as a task's skip is: sink_task_end says it at the end. */
			if (reason == ANN_SKIP_GEOMETRY && t->task_bad_regions++ == 0)
				region_skipped(t, r, why);
			return ANN_OK;
		}
		if (st != ANN_OK)
			return ann__coco_fail(t, ANN_FATAL, "out of memory");
	}
	if (r->nlabels == 0 || ann_json_typeof(r->labels[0]) != ANN_JSON_STRING) {
		ann_skips_count(t->skips, ANN_SKIP_NO_LABEL, r->kind);
		ann_coco_free(mask);
		return ANN_OK;
	}
	long cat;
	if ((st = category_of(t, r->labels[0], 1, &cat)) != ANN_OK) {
		ann_coco_free(mask);
		return st;
	}
	ann_categories_use(t->cats, (size_t)cat);
	if (ann_buf_printf(b, "%llu\t%ld\t", (unsigned long long)image, cat) != 0) {
		ann_coco_free(mask);
		return ann__coco_fail(t, ANN_FATAL, "out of memory");
	}
	st = mask != NULL ? mask_members(t, b, mask) : shape_members(t, b, &t->shape);
	ann_coco_free(mask);
	if (st == ANN_OK)
		st = ann__coco_kp_members(t, b, r, cat);
	if (st != ANN_OK)
		return st;
	if (t->o.results && (ann_buf_printf(b, ",\"score\":") != 0 ||
	    ann_buf_double(b, isnan(g->score) ? 1 : g->score) != 0))
		return ann__coco_fail(t, ANN_FATAL, "out of memory");
	if (ann_buf_put(b, "}\n", 2) != 0)
		return ann__coco_fail(t, ANN_FATAL, "out of memory");
	return ANN_OK;
}
