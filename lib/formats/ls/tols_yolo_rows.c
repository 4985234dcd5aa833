/*
 * tols_yolo_rows.c: a row of a YOLO label file as Label Studio results,
 * after t->line: a box (with a confidence), an OBB box, a segment polygon
 * or a pose box with its keypoints, told apart by the number of columns
 * and --task.  Coordinates go from 0-1 to percent only through the region
 * model (ann_geom).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_geom.h"
#include "tols_private.h"
#include "tols_result.h"
#include "tols_yolo_private.h"

enum { ROW_DETECT = ANN_TOLS_YOLO_DETECT, ROW_SEGMENT = ANN_TOLS_YOLO_SEGMENT,
    ROW_OBB = ANN_TOLS_YOLO_OBB, ROW_POSE = ANN_TOLS_YOLO_POSE };

/*
 * What a row of n columns (its class among them) is under the --task
 * asked for: a ROW_*, or -1 with the message set.
 */
static int
row_kind(yolo *y, size_t n, unsigned long line)
{
	int task = y->t->o.yolo_task;
	size_t pose = y->kpt > 0 ? 5 + (size_t)(y->kpt * y->kdim) : 0;
	const char *at = y->label.p;

	switch (task) {
	case ANN_TOLS_YOLO_DETECT:
		if (n == 5 || n == 6)
			return ROW_DETECT;
		yolo_fail(y, ANN_FAILED, "%s:%lu: %zu columns: a detect row has 5 (class, "
		    "x, y, width, height), 6 with a confidence%s", at, line, n,
		    n >= 7 && n % 2 ? "; a polygon is --task segment, never a box" : "");
		return -1;
	case ANN_TOLS_YOLO_SEGMENT:
		if (n >= 7 && n % 2 == 1)
			return ROW_SEGMENT;
		yolo_fail(y, ANN_FAILED, "%s:%lu: %zu columns: a segment row is a class "
		    "and 3 or more x y points (an odd number from 7)", at, line, n);
		return -1;
	case ANN_TOLS_YOLO_OBB:
		if (n == 9)
			return ROW_OBB;
		yolo_fail(y, ANN_FAILED, "%s:%lu: %zu columns: an OBB row has 9 (class and "
		    "4 corners)", at, line, n);
		return -1;
	case ANN_TOLS_YOLO_POSE:
		if (pose == 0) {
			yolo_fail(y, ANN_FAILED, "%s: --task pose needs kpt_shape in data.yaml",
			    y->names.p);
			return -1;
		}
		if (n == pose)
			return ROW_POSE;
		yolo_fail(y, ANN_FAILED, "%s:%lu: %zu columns: a pose row of kpt_shape "
		    "[%ld, %ld] has %zu", at, line, n, y->kpt, y->kdim, pose);
		return -1;
	}
	if (pose != 0 && n == pose)
		return ROW_POSE;
	if (n == 5 || n == 6)
		return ROW_DETECT;
	if (n == 9) {
		yolo_fail(y, ANN_FAILED, "%s:%lu: 9 columns: an OBB box or a 4-point "
		    "polygon; say which with --task obb or --task segment", at, line);
		return -1;
	}
	if (n >= 7 && n % 2 == 1)
		return ROW_SEGMENT;
	yolo_fail(y, ANN_FAILED, "%s:%lu: %zu columns: not a YOLO row (5 or 6 detect, "
	    "an odd number from 7 segment, 9 OBB%s)", at, line, n,
	    pose ? ", or pose as kpt_shape says" : "");
	return -1;
}

/* The row's columns as numbers into y->v: how many, or -1 (message set), -2 out of memory. */
static long
row_numbers(yolo *y, char *s, unsigned long line)
{
	size_t n = 0;
	char *tok, *save = NULL;

	for (tok = strtok_r(s, " \t\r", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t\r", &save)) {
		char *end;
		double d;
		if (ann__grow((void **)&y->v, &y->capv, n + 1, sizeof *y->v) != 0)
			return -2;
		errno = 0;
		d = strtod(tok, &end);
		if (*end != '\0' || !isfinite(d) || errno == ERANGE) {
			yolo_fail(y, ANN_FAILED, "%s:%lu: column %zu: \"%.40s\" is not a number",
			    y->label.p, line, n + 1, tok);
			return -1;
		}
		y->v[n++] = d;
	}
	return (long)n;
}

/* One row's results, after t->line; *k counts the image's results. */
ann_status
ann__yolo_row(yolo *y, char *s, unsigned long line, long W, long H, double *score_sum,
    uint64_t *nscores)
{
	ann_tols *t = y->t;
	ann_buf *b = &t->line;
	long n = row_numbers(y, s, line);
	int kind;
	double *v = y->v, score = NAN;
	ann_geom g;

	if (n < 0)
		return n == -2 ? oom(t) : ANN_FAILED;
	if (n == 0)
		return ANN_OK;	/* a blank line */
	if ((kind = row_kind(y, (size_t)n, line)) < 0)
		return ANN_FAILED;
	if (v[0] != floor(v[0]) || v[0] < 0 || v[0] >= (double)t->ncat)
		return yolo_fail(y, ANN_FAILED, "%s:%lu: class %g is not one of %s's "
		    "(0 to %zu)", y->label.p, line, v[0], y->names.p, t->ncat - 1);
	category *c = &t->cat[(size_t)v[0]];
	uint64_t ord[2] = { ann_hash(y->label.p + y->prefix,
	    y->label.len - y->prefix), line };
	int rc;

	if (kind == ROW_DETECT || kind == ROW_POSE) {
		if (v[3] < 0 || v[4] < 0)
			return yolo_fail(y, ANN_FAILED, "%s:%lu: a negative width or height",
			    y->label.p, line);
		double box[4] = { v[1] - v[3] / 2, v[2] - v[4] / 2, v[3], v[4] };
		if (kind == ROW_DETECT && n == 6) {
			score = v[5];
			*score_sum += score;
			++*nscores;
		}
		ann_geom_from_box(&g, W, H, ANN_NORM, box);
		char parent[13];
		result_id(parent, ord, 0);
		if (put_rect(t, b, &g, ord, 0, c->name, score) != 0)
			return oom(t);
		c->used |= 1u << ANN_LS_RECT;
		for (long k = 0; kind == ROW_POSE && k < y->kpt; k++) {
			double *p = v + 5 + k * y->kdim, out[2];
			if (y->kdim == 3 && p[2] == 0)
				continue;	/* not labelled: no point to give */
			if (ann_geom_convert(&g, ANN_NORM, p, ANN_PCT, out) != 0)
				return oom(t);	/* finite in, finite out */
			if (put_head(t, b, ord, (unsigned)k + 1, ANN_LS_KP, W, H, c->kp[k]) ||
			    ann__ls_put_num(b, "x", clip(t, out[0])) || ann_buf_put(b, ",", 1) ||
			    ann__ls_put_num(b, "y", clip(t, out[1])) || ann_buf_put(b, ",", 1) ||
			    put_tail(t, b, ANN_LS_KP, c->kp[k], NAN, parent))
				return oom(t);
			c->used |= 1u << ANN_LS_KP;
		}
		return ANN_OK;
	}
	if (kind == ROW_OBB) {
		if (ann_geom_from_corners(&g, W, H, ANN_NORM, v + 1) != 0)
			return yolo_fail(y, ANN_FAILED, "%s:%lu: corners without a size",
			    y->label.p, line);
		if (put_rect(t, b, &g, ord, 0, c->name, NAN) != 0)
			return oom(t);
		c->used |= 1u << ANN_LS_RECT;
		return ANN_OK;
	}
	ann_geom_from_box(&g, W, H, ANN_NORM, NULL);
	rc = put_head(t, b, ord, 0, ANN_LS_POLY, W, H, c->name) || ann_buf_put(b, "\"points\":[", 10);
	for (long i = 1; rc == 0 && i + 1 < n; i += 2) {
		double out[2];
		(void)ann_geom_convert(&g, ANN_NORM, v + i, ANN_PCT, out);
		rc = (i > 1 && ann_buf_put(b, ",", 1)) || ann_buf_put(b, "[", 1) ||
		    ann_buf_double(b, clip(t, out[0])) || ann_buf_put(b, ",", 1) ||
		    ann_buf_double(b, clip(t, out[1])) || ann_buf_put(b, "]", 1);
	}
	if (rc || ann_buf_put(b, "],", 2) || put_tail(t, b, ANN_LS_POLY, c->name, NAN, NULL))
		return oom(t);
	c->used |= 1u << ANN_LS_POLY;
	return ANN_OK;
}
