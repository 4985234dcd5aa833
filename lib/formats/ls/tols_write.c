/*
 * tols_write.c: an annotation's results (ann__tols_convert, for the jobs
 * of tols_jobs.c), and the labeling config that fits what was written
 * (ann_tols.h).  Writers on other threads share the tables and only read
 * them.  Every pixel becomes a percent through geom.c (ann_geom_from_box,
 * ann_geom_convert).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_geom.h"
#include "ann_json.h"
#include "ann_rle.h"
#include "ann_skip.h"
#include "ann_tols.h"
#include "tols_private.h"
#include "tols_result.h"
#include "util_private.h"


static int
put_box(ann_tols *t, ann_buf *b, const image *im, const double px[4],
    const uint64_t ord[2], unsigned k, const category *c, double score)
{
	ann_geom g;

	ann_geom_from_box(&g, im->w, im->h, ANN_PX, px);
	return put_rect(t, b, &g, ord, k, c->name, score);
}

/* One polygon ring [x0, y0, x1, y1, ...] in pixels; 1 when it was not one. */
static int
put_ring(ann_tols *t, ann_buf *b, const image *im, ann_json_val ring,
    const uint64_t ord[2], unsigned k, const category *c, double score, int *bad)
{
	ann_json_iter it;
	ann_geom g;
	double in[2], out[2];
	size_t n = 0;
	size_t mark = b->len;
	int r;

	*bad = 0;
	ann_geom_from_box(&g, im->w, im->h, ANN_PX, NULL);
	if (put_head(t, b, ord, k, ANN_LS_POLY, im->w, im->h, c->name) || ann_buf_put(b, "\"points\":[", 10))
		return -1;
	ann_json_iter_init(&it, ring);
	while ((r = ann_json_next_number(&it, &in[n % 2])) != 0) {
		if (r < 0)
			break;
		if (++n % 2 == 1)
			continue;
		if (ann_geom_convert(&g, ANN_PX, in, ANN_PCT, out) != 0)
			break;
		if ((n > 2 && ann_buf_put(b, ",", 1)) || ann_buf_put(b, "[", 1) ||
		    ann_buf_double(b, clip(t, out[0])) || ann_buf_put(b, ",", 1) ||
		    ann_buf_double(b, clip(t, out[1])) || ann_buf_put(b, "]", 1))
			return -1;
	}
	if (r != 0 || n % 2 != 0 || n < 6) {
		b->len = mark;	/* not a polygon: counted by the caller */
		*bad = 1;
		return 0;
	}
	return ann_buf_put(b, "],", 2) || put_tail(t, b, ANN_LS_POLY, c->name, score, NULL);
}

/* A COCO RLE segmentation as a brush result; *bad when it does not decode. */
static int
put_mask(ann_tols *t, ann_buf *b, const image *im, ann_json_val seg,
    const uint64_t ord[2], unsigned k, const category *c, double score, int *bad)
{
	ann_json_val size, counts, e;
	ann_json_iter it;
	int64_t hw[2] = { -1, -1 };
	ann_coco *coco = NULL;
	uint8_t *rle = NULL;
	size_t rlen = 0, n = 0;
	int rc = 0;

	*bad = 1;
	if (ann_json_get(seg, "size", &size) != 0 || ann_json_get(seg, "counts", &counts) != 0)
		return 0;
	ann_json_iter_init(&it, size);
	while (n < 2 && ann_json_next_elem(&it, &e))
		if (ann_json_int64(e, &hw[n++]) != 0)
			return 0;
	/* A mask is the image's: one of another size cannot be placed. */
	if (n != 2 || hw[0] != im->h || hw[1] != im->w ||
	    ann_mask_check_size((uint64_t)hw[1], (uint64_t)hw[0], t->o.max_pixels, NULL) != ANN_OK)
		return 0;
	if (ann_json_typeof(counts) == ANN_JSON_STRING) {
		/* The string straight to the brush RLE: no counts between. */
		char *s = ann_buf_clear_room(&t->counts, counts.n);
		if (s == NULL)
			return -1;
		size_t sl = ann_json_str_decode(counts, s);
		ann_status st = ann_coco_string_to_lsrle((uint32_t)hw[0],
		    (uint32_t)hw[1], s, sl, 255, &rle, &rlen, NULL);
		if (st != ANN_OK)
			return st == ANN_FATAL ? -1 : 0;
	} else if (ann_json_typeof(counts) == ANN_JSON_ARRAY) {
		int64_t *v = NULL;
		size_t nv = 0, cap = 0;
		ann_json_iter_init(&it, counts);
		while (ann_json_next_elem(&it, &e)) {
			if (ann__grow((void **)&v, &cap, nv + 1, sizeof *v) != 0) {
				free(v);
				return -1;
			}
			if (ann_json_int64(e, &v[nv++]) != 0) {
				free(v);
				return 0;
			}
		}
		ann_status st = ann_coco_from_counts((uint32_t)hw[0], (uint32_t)hw[1],
		    v, nv, &coco, NULL);
		free(v);
		if (st == ANN_OK)
			st = ann_coco_to_lsrle(coco, 255, &rle, &rlen, NULL);
		ann_coco_free(coco);
		if (st != ANN_OK)
			return st == ANN_FATAL ? -1 : 0;
	} else
		return 0;
	*bad = 0;
	rc = put_head(t, b, ord, k, ANN_LS_BRUSH, im->w, im->h, c->name) ||
	    ann_buf_put(b, "\"format\":\"rle\",\"rle\":", 21) ||
	    ann_lsrle_put_list(b, rle, rlen);
	free(rle);
	return rc || ann_buf_put(b, ",", 1) || put_tail(t, b, ANN_LS_BRUSH, c->name, score, NULL);
}

/* Keypoints [x, y, v, ...] in pixels, each joined to box result `parent`. */
static int
put_keypoints(ann_tols *t, ann_buf *b, const image *im, ann_json_val kps,
    const uint64_t ord[2], unsigned *k, const category *c, double score,
    const char *parent, ann_skips *skips)
{
	ann_json_iter it;
	ann_geom g;
	double v[3], out[2];
	size_t n = 0;
	char name[32];
	int r;

	ann_geom_from_box(&g, im->w, im->h, ANN_PX, NULL);
	ann_json_iter_init(&it, kps);
	while ((r = ann_json_next_number(&it, &v[n % 3])) != 0) {
		if (r < 0) {
			ann_skips_count(skips, ANN_SKIP_GEOMETRY, ANN_KIND_KEYPOINT);
			return 0;
		}
		if (++n % 3 != 0)
			continue;
		size_t idx = n / 3 - 1;
		if (v[2] <= 0)	/* COCO's "not labelled": no point to give */
			continue;
		if (ann_geom_convert(&g, ANN_PX, v, ANN_PCT, out) != 0) {
			ann_skips_count(skips, ANN_SKIP_GEOMETRY, ANN_KIND_KEYPOINT);
			continue;
		}
		const char *label = idx < c->nkp ? c->kp[idx] : NULL;
		if (label == NULL) {
			snprintf(name, sizeof name, "%zu", idx);
			label = name;
		}
		if (put_head(t, b, ord, (*k)++, ANN_LS_KP, im->w, im->h, label) ||
		    ann__ls_put_num(b, "x", clip(t, out[0])) || ann_buf_put(b, ",", 1) ||
		    ann__ls_put_num(b, "y", clip(t, out[1])) || ann_buf_put(b, ",", 1) ||
		    put_tail(t, b, ANN_LS_KP, label, score, parent))
			return -1;
	}
	return 0;
}

ann_status
ann__tols_convert(ann_tols *t, const image *im, ann_json_val a, const uint64_t ord[2],
    ann_skips *skips, double *score_sum, uint64_t *nscores)
{
	int64_t cid;
	size_t ci;
	category *c;
	ann_json_val seg, bbox, kps, sv, e;
	double score = NAN, box[4];
	unsigned k = 0;
	int has_box = 0, bad;
	ann_buf *b = &t->line;

	if (get_id(a, "category_id", &cid) != 0 ||
	    (ci = idmap_get(&t->catmap, cid)) == (size_t)-1) {
		ann_skips_count(skips, ANN_SKIP_NO_LABEL, ANN_KIND_OTHER);
		return ANN_OK;
	}
	c = &t->cat[ci];
	/*
	 * The members in one pass: a lookup each went over the segmentation,
	 * often most of the annotation, up to four times.
	 */
	static const char *const keys[] = { "score", "bbox", "keypoints", "segmentation" };
	ann_json_val m[4];
	ann_json_getn(a, keys, 4, m);
	sv = m[0], bbox = m[1], kps = m[2], seg = m[3];
	if (sv.p != NULL && ann_json_number(sv, &score) == 0) {
		*score_sum += score;
		++*nscores;
	} else
		score = NAN;
	if (bbox.p != NULL) {
		ann_json_iter it;
		size_t n = 0;
		ann_json_iter_init(&it, bbox);
		while (n < 4 && ann_json_next_number(&it, &box[n]) > 0 && isfinite(box[n]))
			n++;
		has_box = n == 4 && !ann_json_next_elem(&it, &e) &&
		    box[2] >= 0 && box[3] >= 0;
	}
	int has_kp = kps.p != NULL &&
	    ann_json_typeof(kps) == ANN_JSON_ARRAY;
	int segs = 0;
	if (seg.p != NULL) {
		if (ann_json_typeof(seg) == ANN_JSON_OBJECT) {
			if (put_mask(t, b, im, seg, ord, k++, c, score, &bad) != 0)
				return oom(t);
			if (bad)
				ann_skips_count(skips, ANN_SKIP_BAD_MASK, ANN_KIND_MASK);
			else
				c->used |= 1u << ANN_LS_BRUSH;
			segs++;
		} else if (ann_json_typeof(seg) == ANN_JSON_ARRAY) {
			ann_json_iter it;
			ann_json_iter_init(&it, seg);
			while (ann_json_next_elem(&it, &e)) {
				if (put_ring(t, b, im, e, ord, k++, c, score, &bad) != 0)
					return oom(t);
				if (bad)
					ann_skips_count(skips, ANN_SKIP_GEOMETRY, ANN_KIND_POLYGON);
				else
					c->used |= 1u << ANN_LS_POLY;
				segs++;
			}
		}
	}
	/*
	 * The box is a region of its own when it is all there is, and for
	 * keypoints, whose parentID it is.  A segmentation's box is only its
	 * extent, which Label Studio works out itself.
	 */
	if ((segs == 0 || has_kp) && !has_box) {
		ann_skips_count(skips, has_kp ? ANN_SKIP_NO_PARENT : ANN_SKIP_GEOMETRY,
		    has_kp ? ANN_KIND_KEYPOINT : ANN_KIND_RECTANGLE);
		return ANN_OK;
	}
	if (segs == 0 || has_kp) {
		char parent[13];
		result_id(parent, ord, k);
		if (put_box(t, b, im, box, ord, k++, c, score))
			return oom(t);
		c->used |= 1u << ANN_LS_RECT;
		if (has_kp) {
			if (put_keypoints(t, b, im, kps, ord, &k, c, score, parent, skips))
				return oom(t);
			c->used |= 1u << ANN_LS_KP;
		}
	}
	return ANN_OK;
}

/* XML text of an attribute value. */
static int
put_xml(ann_buf *b, const char *s)
{
	int rc = 0;

	for (; *s && rc == 0; s++)
		switch (*s) {
		case '&': rc = ann_buf_put(b, "&amp;", 5); break;
		case '<': rc = ann_buf_put(b, "&lt;", 4); break;
		case '>': rc = ann_buf_put(b, "&gt;", 4); break;
		case '"': rc = ann_buf_put(b, "&quot;", 6); break;
		case '\n': rc = ann_buf_put(b, "&#10;", 5); break;
		default: rc = ann_buf_put(b, s, 1);
		}
	return rc;
}

/*
 * Is keypoint NAME listed already, by a category before category i that
 * was written with keypoints?  Categories of one skeleton (every YOLO pose
 * class; COCO's person and its kin) share names, and a control lists a
 * label once.
 */
static int
kp_listed(const ann_tols *t, size_t i, const char *name)
{
	for (size_t j = 0; j < i; j++)
		for (size_t k = 0; ((t->cat[j].used >> ANN_LS_KP) & 1) && k < t->cat[j].nkp; k++)
			if (strcmp(t->cat[j].kp[k], name) == 0)
				return 1;
	return 0;
}

ann_status
ann_tols_config(ann_tols *t, ann_tols_write_fn write, void *ctx)
{
	ann_buf *b = &t->task;
	const char *from, *to, *key = ann_tols_names_image_key(t->names);
	int rc, kinds = 0;

	/* The names the results were written with (no config: by kind). */
	if (ann_tols_names_get(t->names, ann__ls_type[ANN_LS_RECT], NULL, &from, &to, &t->err) != 0)
		return ANN_FAILED;
	b->len = 0;
	rc = ann_buf_put(b, "<View>\n  <Image name=\"", 22) || put_xml(b, to) ||
	    ann_buf_put(b, "\" value=\"$", 10) || put_xml(b, key) ||
	    ann_buf_put(b, "\"/>\n", 4);
	/* The controls in the order ann-tols has always written them. */
	static const int kinds_written[] = {
		ANN_LS_RECT, ANN_LS_POLY, ANN_LS_BRUSH, ANN_LS_KP
	};
	for (size_t ki = 0; ki < sizeof kinds_written / sizeof *kinds_written && rc == 0; ki++) {
		int kind = kinds_written[ki];
		int any = 0;
		for (size_t i = 0; i < t->ncat; i++)
			any |= (t->cat[i].used >> kind) & 1;
		if (!any)
			continue;
		if (ann_tols_names_get(t->names, ann__ls_type[kind], NULL, &from, &to, &t->err) != 0)
			return ANN_FAILED;
		/* One control is of one type: --from-name cannot name two. */
		if (kinds++ > 0 && t->o.from_name != NULL) {
			ann__error_set(&t->err, "--from-name %s: the results are of "
			    "several types, which one control cannot hold; give "
			    "--config", t->o.from_name);
			return ANN_FAILED;
		}
		rc = ann_buf_printf(b, "  <%s name=\"", ann__ls_tag[kind]) || put_xml(b, from) ||
		    ann_buf_put(b, "\" toName=\"", 10) ||
		    put_xml(b, to) || ann_buf_put(b, "\">\n", 3);
		for (size_t i = 0; i < t->ncat && rc == 0; i++) {
			const category *c = &t->cat[i];
			if (kind != ANN_LS_KP) {
				if ((c->used >> kind) & 1)
					rc = ann_buf_put(b, "    <Label value=\"", 18) ||
					    put_xml(b, c->name) ||
					    ann_buf_printf(b, "\" category=\"%lld\"/>\n",
					    (long long)c->id);
				continue;
			}
			/* A keypoint is a named part: model_index keeps its place. */
			for (size_t k = 0; ((c->used >> kind) & 1) && k < c->nkp && rc == 0; k++) {
				if (kp_listed(t, i, c->kp[k]))
					continue;
				rc = ann_buf_put(b, "    <Label value=\"", 18) ||
				    put_xml(b, c->kp[k]) ||
				    ann_buf_printf(b, "\" model_index=\"%zu\"/>\n", k);
			}
		}
		rc = rc || ann_buf_printf(b, "  </%s>\n", ann__ls_tag[kind]);
	}
	if (rc || ann_buf_put(b, "</View>\n", 8))
		return oom(t);
	if (write(ctx, b->p, b->len) != 0) {
		ann__error_set(&t->err, "write error: %s", strerror(errno));
		return ANN_FATAL;
	}
	return ANN_OK;
}

void
ann_tols_summary(const ann_tols *t, char *buf, size_t len)
{
	snprintf(buf, len, "%llu %s (%llu without results), %llu %s, "
	    "%llu %s clipped to the image",
	    (unsigned long long)t->tasks, ann__plural(t->tasks, "task", "tasks"),
	    (unsigned long long)t->empty,
	    (unsigned long long)t->results, ann__plural(t->results, "result", "results"),
	    (unsigned long long)t->clipped,
	    ann__plural(t->clipped, "coordinate", "coordinates"));
}
