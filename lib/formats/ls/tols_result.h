/*
 * tols_result.h: how ann-tols writes a result and a task, whatever the
 * source (COCO in tols_write.c, YOLO in tols_yolo.c): one result id rule,
 * one clipping count, one task shape.  Inline, so that the readers of the
 * sources do not call one another.
 */
#ifndef ANN_TOLS_RESULT_H
#define ANN_TOLS_RESULT_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ann_buf.h"
#include "ann_config.h"
#include "ann_geom.h"
#include "ls_result.h"
#include "tols_private.h"
#include "util_private.h"

/*
 * The id of result k of a source's element: 12 hex digits of the hash of
 * the source and the element's place in it (where), so the same input gives
 * the same ids.  buf needs 13 bytes.
 */
static inline void
result_id(char *buf, const uint64_t where[2], unsigned k)
{
	uint64_t key[3] = { where[0], where[1], k };

	ann__ls_id(buf, ann_hash(key, sizeof key));
}

/* The shared rule (ls_result.h), with ann-tols' count. */
static inline double
clip(ann_tols *t, double pct)
{
	return ann__ls_clip(pct, &t->clipped);
}

/*
 * "id":..,"type":..,"from_name":..,"to_name":..,sizes, then "value":{ for
 * a result of LABEL.  -1 out of memory, or when the config has no control
 * (or two) for the label: then t->pending says so, for oom().
 */
static inline int
put_head(ann_tols *t, ann_buf *b, const uint64_t ord[2], unsigned k, int kind,
    long w, long h, const char *label)
{
	const char *from, *to;

	if (ann_tols_names_get(t->names, ann__ls_type[kind], label, &from, &to, &t->err) != 0) {
		t->pending = ANN_FAILED;
		return -1;
	}
	if (b->len > 0 && ann_buf_put(b, ",", 1) != 0)
		return -1;
	char id[13];
	result_id(id, ord, k);
	return ann__ls_put_head(b, id, kind, from, to, w, h);
}

/* The label list, the value's end, the score and the result's end. */
static inline int
put_tail(ann_tols *t, ann_buf *b, int kind, const char *label, double score,
    const char *parent)
{
	if (ann_buf_put(b, "\"", 1) || ann_buf_put(b, ann__ls_type[kind], strlen(ann__ls_type[kind])) ||
	    ann_buf_put(b, "\":[", 3) ||
	    ann_buf_json_string(b, label, strlen(label)) ||
	    ann_buf_put(b, "]}", 2))
		return -1;
	if (parent && ann_buf_printf(b, ",\"parentID\":\"%s\"", parent))
		return -1;
	if (!isnan(score) && (ann_buf_put(b, ",\"score\":", 9) ||
	    ann_buf_double(b, score)))
		return -1;
	t->results++;
	return ann_buf_put(b, "}", 1);
}


/*
 * A rectangle result from g (ann_geom_from_box or ann_geom_from_corners).
 * An upright box is clipped to the image, edge by edge; a turned one only
 * at its top-left corner, as its width and height run along its own axes.
 */
static inline int
put_rect(ann_tols *t, ann_buf *b, const ann_geom *g, const uint64_t ord[2],
    unsigned k, const char *label, double score)
{
	double x0, y0, x1, y1;

	x0 = clip(t, g->box[ANN_PCT][0]);
	y0 = clip(t, g->box[ANN_PCT][1]);
	if (g->rotation == 0) {
		x1 = clip(t, g->box[ANN_PCT][0] + g->box[ANN_PCT][2]);
		y1 = clip(t, g->box[ANN_PCT][1] + g->box[ANN_PCT][3]);
	} else {
		x1 = x0 + g->box[ANN_PCT][2];
		y1 = y0 + g->box[ANN_PCT][3];
	}
	return put_head(t, b, ord, k, ANN_LS_RECT, g->width, g->height, label) ||
	    ann__ls_put_num(b, "x", x0) || ann_buf_put(b, ",", 1) ||
	    ann__ls_put_num(b, "y", y0) || ann_buf_put(b, ",", 1) ||
	    ann__ls_put_num(b, "width", x1 - x0) || ann_buf_put(b, ",", 1) ||
	    ann__ls_put_num(b, "height", y1 - y0) || ann_buf_put(b, ",", 1) ||
	    ann__ls_put_num(b, "rotation", g->rotation) || ann_buf_put(b, ",", 1) ||
	    put_tail(t, b, ANN_LS_RECT, label, score, NULL);
}

/*
 * The task of one image, appended to b: data.image (--image-url and file),
 * and, when t->line holds results, one prediction (or annotation) with
 * them; a prediction's score is the mean of its regions' (documented).
 * 0, or -1 out of memory.
 */
static inline int
put_task(ann_tols *t, ann_buf *b, const char *file, double score_sum,
    uint64_t nscores)
{
	const char *key = ann_tols_names_image_key(t->names);

	if (ann_buf_put(b, "{\"data\":{", 9) ||
	    ann_buf_json_string(b, key, strlen(key)) || ann_buf_put(b, ":", 1) ||
	    ann_buf_clear_room(&t->name, 0) == NULL ||
	    (t->o.image_url && ann_buf_put(&t->name, t->o.image_url, strlen(t->o.image_url))) ||
	    ann_buf_put(&t->name, file, strlen(file)) ||
	    ann_buf_json_string(b, t->name.p, t->name.len) || ann_buf_put(b, "}", 1))
		return -1;
	if (t->line.len == 0)
		t->empty++;
	else {
		if (t->o.as_annotations ? ann_buf_put(b, ",\"annotations\":[{", 17) :
		    ann_buf_put(b, ",\"predictions\":[{", 17))
			return -1;
		if (!t->o.as_annotations && t->o.model_version &&
		    (ann_buf_put(b, "\"model_version\":", 16) ||
		    ann_buf_json_string(b, t->o.model_version, strlen(t->o.model_version)) ||
		    ann_buf_put(b, ",", 1)))
			return -1;
		if (!t->o.as_annotations && nscores > 0 && (ann_buf_put(b, "\"score\":", 8) ||
		    ann_buf_double(b, score_sum / (double)nscores) || ann_buf_put(b, ",", 1)))
			return -1;
		if (ann_buf_put(b, "\"result\":[", 10) ||
		    ann_buf_put(b, t->line.p, t->line.len) || ann_buf_put(b, "]}]", 3))
			return -1;
	}
	if (ann_buf_put(b, "}\n", 2))
		return -1;
	t->tasks++;
	return 0;
}

/*
 * The size of image NAME (a path relative to --image-root) read from its
 * header under --image-root, for an image whose source gives none: 0, or
 * -1 with why saying what to do (naming --image-root when not given).
 * path is scratch.
 */
static inline int
size_from_root(const ann_tols *t, const char *name, ann_buf *path, long *w,
    long *h, ann_error *why)
{
	if (t->o.image_root == NULL) {
		ann__error_set(why, "no size known; --image-root DIR reads it from "
		    "DIR/%s", name);
		return -1;
	}
	path->len = 0;
	if (ann_buf_printf(path, "%s/%s", t->o.image_root, name) != 0) {
		ann__error_set(why, "out of memory");
		return -1;
	}
	return ann_image_size(path->p, w, h, why);
}

/* A task skipped for want of a size: named (opts.note_skip) with why. */
static inline void
name_skip(const ann_tols *t, const char *name, const ann_error *why)
{
	char msg[ANN_ERROR_MAX + 256 + 32];	/* name, ": task skipped: ", why */

	if (t->o.note_skip == NULL)
		return;
	snprintf(msg, sizeof msg, "%.255s: task skipped: %s", name, why->msg);
	t->o.note_skip(t->o.note_ctx, msg);
}

#endif /* ANN_TOLS_RESULT_H */
