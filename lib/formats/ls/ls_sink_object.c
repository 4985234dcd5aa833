/*
 * ls_sink_object.c: an object of the region model as a Label Studio
 * result (ls_sink.c hands each region here or to ls_sink_answer.c): its
 * label among the categories, its names, and its shape in percent of the
 * image (a rectangle, a polygon, a keypoint), a text span with its text,
 * or a downloaded mask as Label Studio's RLE.  The object written last is
 * kept, for a per-region answer that repeats its geometry.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_geom.h"
#include "ann_rle.h"
#include "ls_result.h"
#include "ls_sink_private.h"

/* The shared rule (ls_result.h), with this sink's count. */
static double
clip(ann_lssink *s, double pct)
{
	return ann__ls_clip(pct, &s->p.clipped);
}


/* "TYPE":[LABEL]} then the score of a prediction and the result's end. */
static int
put_tail(ann_lssink *s, ann_buf *b, int k, ann_json_val label, const ann_geom *g)
{
	if (ann_buf_put(b, "\"", 1) != 0 || ann_buf_put(b, ann__ls_type[k], strlen(ann__ls_type[k])) != 0 ||
	    ann_buf_put(b, "\":[", 3) != 0 || ann_buf_put(b, label.p, label.n) != 0 ||
	    ann_buf_put(b, "]}", 2) != 0)
		return -1;
	if (ann__lssink_put_score(s, b, g) != 0)
		return -1;
	s->p.results[k]++;
	return ann_buf_put(b, "}", 1);
}

/*
 * The text of span [start, end) in code points (Label Studio's offsets)
 * of a text row that holds its text, not a URL: 0 with *p, *n; 1 when
 * there is none (or the span runs past it); -1 out of memory.
 */
static int
slice(ann_lssink *s, double start, double end, const char **p, size_t *n)
{
	const char *t;
	size_t i = 0, cp = 0, from = 0;

	if (!s->text || s->url || ann_json_typeof(s->ref) != ANN_JSON_STRING)
		return 1;
	if (!s->decoded) {
		if (ann__lssink_decode(s->ref, &s->rowtext) == NULL)
			return -1;
		s->decoded = 1;
	}
	t = s->rowtext.p;
	for (; i <= s->rowtext.len; i++) {
		/* A code point starts at every byte that is not a continuation. */
		if (i < s->rowtext.len && ((unsigned char)t[i] & 0xc0) == 0x80)
			continue;
		if ((double)cp == start)
			from = i;
		if ((double)cp == end) {
			*p = t + from;
			*n = i - from;
			return 0;
		}
		cp++;
	}
	return 1;
}

/*
 * A mask downloaded to the mask root, as Label Studio's RLE: 0, -1 out of
 * memory, 1 none (why: no file, or not a mask of the image's size), -2
 * the image is larger than --max-pixels (s->err says so: the user can
 * lift it, so it refuses the row rather than counting the mask).
 */
static int
put_brush(ann_lssink *s, ann_buf *b, const ann_region *r, const ann_geom *g,
    ann_skip *why)
{
	ann_mask *m;
	ann_error err;
	uint8_t *rle = NULL;
	size_t n = 0;
	int rc;

	if (ann_mask_check_size((uint64_t)g->width, (uint64_t)g->height, s->o.max_pixels,
	    &err) != ANN_OK) {
		ann__lssink_fail(s, ANN_FAILED, "mask %.*s: %s", r->id.p == NULL ? 6 :
		    (int)(r->id.n > 64 ? 64 : r->id.n), r->id.p == NULL ? "(none)" : r->id.p,
		    err.msg);
		return -2;
	}
	ann_status st = ann_region_mask_file(r, s->o.mask_root, s->o.max_pixels,
	    g->width, g->height, &m, &err);
	if (st == ANN_FATAL)
		return -1;
	if (st != ANN_OK) {
		*why = st == ANN_WARN ? ANN_SKIP_MASK_URL : ANN_SKIP_BAD_MASK;
		return 1;
	}
	st = ann_lsrle_encode(m, &rle, &n, &err);
	ann_mask_free(m);
	if (st != ANN_OK) {
		*why = ANN_SKIP_BAD_MASK;
		return st == ANN_FATAL ? -1 : 1;
	}
	rc = ann_buf_put(b, "\"format\":\"rle\",\"rle\":", 21) != 0 ||
	    ann_lsrle_put_list(b, rle, n) != 0;
	free(rle);
	return rc != 0 || ann_buf_put(b, ",", 1) != 0 ? -1 : 0;
}

/*
 * An object's shape after its head: 0, -1 out of memory, 1 no shape (why),
 * -2 the row refused (s->err).
 */
static int
put_shape(ann_lssink *s, ann_buf *b, int k, const ann_region *r, const ann_geom *g,
    ann_skip *why)
{
	const double *p = g->box[ANN_PCT];
	ann_points it;
	ann_json_val x, y;
	double xy[2];
	size_t n = 0;

	*why = ANN_SKIP_GEOMETRY;
	switch (k) {
	case ANN_LS_RECT:
		if (!(isfinite(p[0]) && isfinite(p[1]) && isfinite(p[2]) && isfinite(p[3])) ||
		    p[2] < 0 || p[3] < 0)
			return 1;
		double x0 = clip(s, p[0]), y0 = clip(s, p[1]);
		double x1 = clip(s, p[0] + p[2]), y1 = clip(s, p[1] + p[3]);
		return ann__ls_put_num(b, "x", x0) || ann_buf_put(b, ",", 1) ||
		    ann__ls_put_num(b, "y", y0) || ann_buf_put(b, ",", 1) ||
		    ann__ls_put_num(b, "width", x1 - x0) || ann_buf_put(b, ",", 1) ||
		    ann__ls_put_num(b, "height", y1 - y0) ||
		    ann_buf_put(b, ",\"rotation\":0,", 14) ? -1 : 0;
	case ANN_LS_POLY:
		if (ann_buf_put(b, "\"points\":[", 10) != 0)
			return -1;
		ann_points_init(&it, r);
		while (ann_points_next(&it, &x, &y)) {
			if (ann_geom_point(g, x, y, ANN_PCT, xy) != 0)
				return 1;
			if ((n++ > 0 && ann_buf_put(b, ",", 1) != 0) || ann_buf_put(b, "[", 1) != 0 ||
			    ann_buf_double(b, clip(s, xy[0])) != 0 || ann_buf_put(b, ",", 1) != 0 ||
			    ann_buf_double(b, clip(s, xy[1])) != 0 || ann_buf_put(b, "]", 1) != 0)
				return -1;
		}
		if (n < 3)	/* no area */
			return 1;
		return ann_buf_put(b, "],", 2) != 0 ? -1 : 0;
	case ANN_LS_KP:
		if (!(isfinite(p[0]) && isfinite(p[1])))
			return 1;
		return ann__ls_put_num(b, "x", clip(s, p[0])) || ann_buf_put(b, ",", 1) ||
		    ann__ls_put_num(b, "y", clip(s, p[1])) || ann_buf_put(b, ",", 1) ? -1 : 0;
	case ANN_LS_SPAN:
		/* Character offsets, whole numbers, the end exclusive. */
		if (!g->has_span || g->start != floor(g->start) || g->end != floor(g->end) ||
		    g->start < 0 || g->end <= g->start || g->end > 9e15)
			return 1;
		if (ann_buf_printf(b, "\"start\":%.0f,\"end\":%.0f,", g->start, g->end) != 0)
			return -1;
		/* Labelbox's token, else the row's own text at the offsets. */
		if (ann_json_typeof(r->text) == ANN_JSON_STRING)
			return ann_buf_put(b, "\"text\":", 7) != 0 ||
			    ann_buf_put(b, r->text.p, r->text.n) != 0 ||
			    ann_buf_put(b, ",", 1) != 0 ? -1 : 0;
		const char *tp;
		size_t tn;
		int sl = slice(s, g->start, g->end, &tp, &tn);
		if (sl < 0)
			return -1;
		return sl == 0 && (ann_buf_put(b, "\"text\":", 7) != 0 ||
		    ann_buf_json_string(b, tp, tn) != 0 || ann_buf_put(b, ",", 1) != 0) ? -1 : 0;
	case ANN_LS_BRUSH:
		return put_brush(s, b, r, g, why);
	default:
		*why = ANN_SKIP_KIND;
		return 1;
	}
}

ann_status
ann__lssink_object(ann_lssink *s, const ann_region *r, const ann_geom *g, int k)
{
	ann_buf *b = &s->res;
	size_t at = b->len, nres = s->nres;
	const char *from, *to;
	ann_skip why;
	int rc;

	if (r->nlabels == 0 || ann_json_typeof(r->labels[0]) != ANN_JSON_STRING) {
		ann_skips_count(s->skips, ANN_SKIP_NO_LABEL, r->kind);
		return ANN_OK;
	}
	if (k != ANN_LS_SPAN && (g->width <= 0 || g->height <= 0)) {
		/* Percent needs the image's size (media_attributes). */
		ann_skips_count(s->skips, ANN_SKIP_REGION_NO_SIZE, r->kind);
		return ANN_OK;
	}
	const char *label = ann__lssink_decode(r->labels[0], &s->name);
	if (label == NULL)
		return ann__lssink_fail(s, ANN_FATAL, "out of memory");
	size_t n = s->name.len;
	long index;
	ann_status st = ann_categories_index_said(s->cats, label, n,
	    !s->o.strict_labels, "the given labels", &s->err, &index);
	if (st != ANN_OK)
		return st;
	if ((rc = ann__lssink_names(s, k, label, &from, &to)) != 0)
		return rc == -2 ? ANN_FAILED : ann__lssink_fail(s, ANN_FATAL, "out of memory");
	if (ann__lssink_put_head(s, b, r->id, k, from, to, k == ANN_LS_SPAN ? NULL : g) != 0)
		goto nomem;
	if ((rc = put_shape(s, b, k, r, g, &why)) == -2) {
		b->len = at;
		s->nres = nres;
		return ANN_FAILED;
	}
	if (rc < 0)
		goto nomem;
	if (rc > 0) {
		b->len = at;
		s->nres = nres;
		ann_skips_count(s->skips, why, r->kind);
		return ANN_OK;
	}
	ann_categories_use(s->cats, (size_t)index);
	/* The geometry a per-region answer of this object repeats. */
	s->lastid.len = s->lastval.len = 0;
	if (r->id.p != NULL && (ann_buf_put(&s->lastid, r->id.p, r->id.n) != 0 ||
	    ann_buf_put(&s->lastval, b->p + s->valstart, b->len - s->valstart) != 0))
		goto nomem;
	s->lastg = k == ANN_LS_SPAN ? NULL : g;
	s->lastw = g->width;
	s->lasth = g->height;
	if (put_tail(s, b, k, r->labels[0], g) != 0 ||
	    ann__lssink_note_value(s, from, to, k, label, n, 0, 0) != 0 ||
	    (r->id.p != NULL && ann_idset_add(s->objs, r->id.p, r->id.n) != ANN_OK))
		goto nomem;
	for (size_t i = 1; i < r->nlabels; i++)
		ann_skips_count(s->skips, ANN_SKIP_EXTRA_LABEL, r->kind);
	return ANN_OK;
nomem:
	b->len = at;
	s->nres = nres;
	return ann__lssink_fail(s, ANN_FATAL, "out of memory");
}
