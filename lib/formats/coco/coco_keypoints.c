/*
 * coco_keypoints.c: keypoints joined to the box they belong to, as COCO
 * keypoint datasets hold them.
 *
 * Label Studio ties a keypoint to its rectangle with the keypoint's
 * parentID, and orders a skeleton's keypoints by the model_index of each
 * KeyPointLabels label in the config.  COCO keeps them in the box's own
 * annotation: "keypoints" [x, y, v] for every name of the category's
 * "keypoints" list, in that order (0, 0, 0 for one not placed), and
 * "num_keypoints" placed.  So with a config that has KeyPointLabels, a
 * keypoint whose parent is a rectangle of the same set goes into that
 * rectangle's annotation; every other keypoint stays an annotation of its
 * own.  Without a config there is no order to follow, and none is made up.
 */
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "coco_private.h"
#include "util_private.h"

ann_status
ann__coco_kp_init(ann_tococo *t)
{
	if (t->o.config != NULL)
		t->kp.nnames = ann_labelconfig_keypoints(t->o.config, &t->kp.names);
	return ANN_OK;
}

void
ann__coco_kp_free(ann__coco_kp *kp)
{
	free(kp->joints);
	free(kp->boxes);
	free(kp->cat_has);
}

/* The keypoint name index of a region's first label, or -1. */
static long
name_index(const ann__coco_kp *kp, const ann_region *r)
{
	if (r->nlabels == 0)
		return -1;
	for (size_t i = 0; i < kp->nnames; i++)
		if (ann_json_str_eq(r->labels[0], kp->names[i]->name))
			return (long)i;
	return -1;
}

static int
same(ann_json_val a, ann_json_val b)
{
	return a.p != NULL && b.p != NULL && a.n == b.n && memcmp(a.p, b.p, a.n) == 0;
}

ann_status
ann__coco_kp_scan(ann_tococo *t, ann_view *v, const ann_annotation *a)
{
	ann__coco_kp *kp = &t->kp;
	const ann_region *r;
	size_t n;

	kp->njoints = kp->nboxes = 0;
	if (kp->nnames == 0)
		return ANN_OK;
	if (ann_view_regions(v, a, &r, &n) != ANN_OK)
		return ann__coco_fail(t, ANN_FAILED, "%s", ann_view_errmsg(v));
	for (size_t i = 0; i < n; i++) {
		if (r[i].kind != ANN_KIND_RECTANGLE || r[i].id.p == NULL)
			continue;
		if (ann__grow((void **)&kp->boxes, &kp->capboxes, kp->nboxes + 1,
		    sizeof *kp->boxes) != 0)
			return ann__coco_fail(t, ANN_FATAL, "out of memory");
		kp->boxes[kp->nboxes++] = r[i].id;
	}
	for (size_t i = 0; i < n; i++) {
		long k;
		ann_geom g;
		if (r[i].kind != ANN_KIND_KEYPOINT || (k = name_index(kp, &r[i])) < 0)
			continue;
		ann_geom_resolve(&g, &r[i], a, t->W, t->H);
		size_t b = 0;
		while (b < kp->nboxes && !same(kp->boxes[b], g.parent))
			b++;
		if (b == kp->nboxes)
			continue;	/* no box of this set: a keypoint of its own */
		if (ann__grow((void **)&kp->joints, &kp->capjoints, kp->njoints + 1,
		    sizeof *kp->joints) != 0)
			return ann__coco_fail(t, ANN_FATAL, "out of memory");
		struct ann__coco_joint *j = &kp->joints[kp->njoints++];
		j->id = r[i].id;
		j->parent = g.parent;
		j->name = (size_t)k;
		j->xy[0] = g.box[ANN_PX][0];
		j->xy[1] = g.box[ANN_PX][1];
	}
	return ANN_OK;
}

int
ann__coco_kp_joined(const ann_tococo *t, const ann_region *r)
{
	for (size_t i = 0; i < t->kp.njoints; i++)
		if (same(t->kp.joints[i].id, r->id))
			return 1;
	return 0;
}

ann_status
ann__coco_kp_members(ann_tococo *t, ann_buf *b, const ann_region *r, long cat)
{
	ann__coco_kp *kp = &t->kp;
	size_t placed = 0, first = 1;

	if (r->kind != ANN_KIND_RECTANGLE)
		return ANN_OK;
	for (size_t i = 0; i < kp->njoints; i++)
		placed += same(kp->joints[i].parent, r->id);
	if (placed == 0)
		return ANN_OK;
	int bad = ann_buf_put(b, ",\"keypoints\":[", 14) != 0;
	placed = 0;
	for (size_t k = 0; k < kp->nnames && !bad; k++, first = 0) {
		const struct ann__coco_joint *j = NULL;
		for (size_t i = 0; i < kp->njoints && j == NULL; i++)
			if (kp->joints[i].name == k && same(kp->joints[i].parent, r->id))
				j = &kp->joints[i];
		bad = (!first && ann_buf_put(b, ",", 1) != 0);
		if (j == NULL)	/* not placed: COCO's 0, 0, 0 */
			bad = bad || ann_buf_put(b, "0,0,0", 5) != 0;
		else	/* 2: labeled and visible */
			bad = bad || ann__coco_put_doubles(b, j->xy, 2) != 0 ||
			    ann_buf_put(b, ",2", 2) != 0;
		placed += j != NULL;
	}
	bad = bad || ann_buf_printf(b, "],\"num_keypoints\":%zu", placed) != 0;
	if (!bad && ann__grow((void **)&kp->cat_has, &kp->capcats, (size_t)cat + 1,
	    sizeof *kp->cat_has) == 0) {
		for (size_t i = kp->ncats; i <= (size_t)cat; i++)
			kp->cat_has[i] = 0;
		if ((size_t)cat >= kp->ncats)
			kp->ncats = (size_t)cat + 1;
		kp->cat_has[cat] = 1;
	} else
		bad = 1;
	return bad ? ann__coco_fail(t, ANN_FATAL, "out of memory") : ANN_OK;
}

ann_status
ann__coco_kp_category(const ann_tococo *t, ann_buf *b, size_t cat)
{
	const ann__coco_kp *kp = &t->kp;
	int bad = 0;

	if (cat >= kp->ncats || !kp->cat_has[cat])
		return ANN_OK;
	bad = ann_buf_put(b, ",\"keypoints\":[", 14) != 0;
	for (size_t k = 0; k < kp->nnames && !bad; k++)
		bad = (k > 0 && ann_buf_put(b, ",", 1) != 0) ||
		    ann_buf_json_string(b, kp->names[k]->name,
		    strlen(kp->names[k]->name)) != 0;
	bad = bad || ann_buf_put(b, "],\"skeleton\":[]", 15) != 0;
	return bad ? ANN_FATAL : ANN_OK;
}
