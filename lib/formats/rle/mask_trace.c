/*
 * mask_trace.c: the outer contours of a mask's connected parts, as
 * polygons on the pixel grid (ann_rle.h, "Outer contours").
 *
 * The boundary is followed along pixel edges ("cracks"), never through
 * pixel centres, so a contour is exact: the polygon encloses exactly the
 * part's pixels (less its holes), and a one-pixel part is a unit square,
 * not a point.  The walk keeps the foreground on its right; on a screen
 * whose y goes down that goes clockwise around a part and counter-
 * clockwise around a hole, so the sum of its turns (+1 right, -1 left)
 * tells the two apart: +4 for a part, -4 for a hole.
 *
 * Every boundary cycle has a top edge (a pixel of the foreground under one
 * of the background), and the first one met in raster order starts the
 * walk.  Walking such an edge marks its pixel, so the scan never starts
 * the same cycle twice: the only state is a bit in the mask itself, which
 * the caller gave up for it.  Holes are walked too (that marks them) but
 * only counted.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "ann_rle.h"
#include "util_private.h"

enum {
	FG = 1,		/* the pixel is in the mask */
	TOP = 2		/* its top edge, under the background, was walked */
};

/* Directions, clockwise on the screen: east, south, west, north. */
static const int dx[4] = { 1, 0, -1, 0 };
static const int dy[4] = { 0, 1, 0, -1 };

void
ann_mask_trace_init(ann_mask_trace *t, ann_mask *m)
{
	size_t n = (size_t)m->width * m->height;

	memset(t, 0, sizeof *t);
	t->m = m;
	/* One bit for the foreground, whatever value the mask kept. */
	for (size_t i = 0; i < n; i++)
		m->pix[i] = m->pix[i] != 0 ? FG : 0;
}

void
ann_mask_trace_free(ann_mask_trace *t)
{
	free(t->xy);
	t->xy = NULL;
	t->n = t->cap = 0;
}

/* Is pixel (x, y) in the mask?  Outside the image is background. */
static int
fg(const ann_mask *m, int64_t x, int64_t y)
{
	return x >= 0 && y >= 0 && x < m->width && y < m->height &&
	    (m->pix[(size_t)y * m->width + (size_t)x] & FG);
}

/* Append corner (x, y): 0, or -1 when out of memory. */
static int
corner(ann_mask_trace *t, uint32_t x, uint32_t y)
{
	if (ann__grow((void **)&t->xy, &t->cap, 2 * t->n + 2, sizeof *t->xy) != 0)
		return -1;
	t->xy[2 * t->n] = x;
	t->xy[2 * t->n + 1] = y;
	t->n++;
	return 0;
}

/*
 * Walk the cycle whose top edge is pixel (x0, y0)'s, from its top-left
 * corner eastwards, keeping its corners (the points where it turns) in
 * t->xy: +4 for a part's outer boundary, -4 for a hole's; -1000 when out
 * of memory.
 */
static int
walk(ann_mask_trace *t, uint32_t x0, uint32_t y0)
{
	ann_mask *m = t->m;
	int64_t x = x0, y = y0;
	int d = 0, turns = 0;

	t->n = 0;
	/*
	 * The start turns: the cycle comes up the pixel's left side (a part:
	 * nothing of it is left of or above its first pixel) or along the
	 * bottom of a hole, whose first top edge has no walked one before it.
	 */
	if (corner(t, x0, y0) != 0)
		return -1000;
	for (;;) {
		/* The edge from (x, y) heading d; an eastward one is a top edge. */
		if (d == 0)
			m->pix[(size_t)y * m->width + (size_t)x] |= TOP;
		x += dx[d];
		y += dy[d];
		/*
		 * The two pixels ahead, left and right of the way on: with the
		 * right-hand side (-dy, dx), the pixel ahead-right holds the
		 * corner's point plus (d + r) / 2, rounded down, and ahead-left
		 * plus (d - r) / 2.
		 */
		int rx = -dy[d], ry = dx[d];
		int64_t alx = x + (dx[d] - rx - 1) / 2, aly = y + (dy[d] - ry - 1) / 2;
		int64_t arx = x + (dx[d] + rx - 1) / 2, ary = y + (dy[d] + ry - 1) / 2;
		int nd;
		/*
		 * The foreground is 8-connected: where two pixels touch only at
		 * this corner, ahead-left and behind-right, the walk turns left
		 * to go round both as one part, and the contour touches itself
		 * here (the background between them is two pieces, 4-connected).
		 */
		if (fg(m, alx, aly))
			nd = (d + 3) & 3, turns--;
		else if (fg(m, arx, ary))
			nd = d;
		else
			nd = (d + 1) & 3, turns++;
		if (x == x0 && y == y0 && nd == 0)
			break;
		/* A corner where it turns: points on a straight run are left out. */
		if (nd != d && corner(t, (uint32_t)x, (uint32_t)y) != 0)
			return -1000;
		d = nd;
	}
	/*
	 * Back at the start, heading east again (that last turn is counted):
	 * it turned there, the first corner, unless it came in eastwards,
	 * which the scan order rules out; keep the polygon exact even so.
	 */
	if (d == 0) {
		memmove(t->xy, t->xy + 2, (t->n - 1) * 2 * sizeof *t->xy);
		t->n--;
	}
	return turns;
}

ann_status
ann_mask_trace_next(ann_mask_trace *t, ann_error *err)
{
	ann_mask *m = t->m;

	for (; t->y < m->height; t->y++, t->x = 0)
		for (; t->x < m->width; t->x++) {
			uint8_t p = m->pix[(size_t)t->y * m->width + t->x];
			if (!(p & FG) || (p & TOP) || fg(m, t->x, (int64_t)t->y - 1))
				continue;
			int turns = walk(t, t->x, t->y);
			if (turns == -1000) {
				ann__error_set(err, "out of memory");
				t->n = 0;
				return ANN_FATAL;
			}
			if (turns > 0) {
				t->parts++;
				return ANN_OK;
			}
			t->holes++;
		}
	t->n = 0;
	return ANN_EOF;
}
