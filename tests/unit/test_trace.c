/*
 * test_trace.c: the outer contours of masks drawn by hand (ann_rle.h,
 * "Outer contours"), each polygon worked out on paper: pixel-corner
 * coordinates, clockwise on the screen from the top-left corner of the
 * part's first pixel, only the points where the boundary turns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann.h"
#include "ann_rle.h"
#include "check.h"

/* A mask from rows of '#' (in) and '.' (out). */
static ann_mask *
draw(const char *const *rows)
{
	uint32_t h = 0, w = (uint32_t)strlen(rows[0]);

	while (rows[h] != NULL)
		h++;
	ann_mask *m = ann_mask_new(w, h);
	for (uint32_t y = 0; y < h; y++)
		for (uint32_t x = 0; x < w; x++)
			m->pix[y * w + x] = rows[y][x] == '#' ? 255 : 0;
	return m;
}

/*
 * Trace the mask drawn by rows: WANT holds its parts' polygons, each as
 * "x,y x,y ...", separated by " | ", and the mask HOLES holes.
 */
static void
trace_is(const char *name, const char *const *rows, const char *want,
    unsigned long long holes)
{
	ann_mask *m = draw(rows);
	ann_mask_trace t;
	ann_error err;
	ann_status st;
	char got[1024];
	size_t len = 0;

	got[0] = '\0';
	ann_mask_trace_init(&t, m);
	while ((st = ann_mask_trace_next(&t, &err)) == ANN_OK) {
		if (len > 0)
			len += (size_t)snprintf(got + len, sizeof got - len, " | ");
		for (size_t i = 0; i < t.n; i++)
			len += (size_t)snprintf(got + len, sizeof got - len, "%s%u,%u",
			    i > 0 ? " " : "", t.xy[2 * i], t.xy[2 * i + 1]);
	}
	CHECK(st == ANN_EOF, "%s: the tracer ends with ANN_EOF", name);
	CHECK(strcmp(got, want) == 0, "%s: %s (want %s)", name, got, want);
	CHECK(t.holes == holes, "%s: %llu holes (want %llu)", name,
	    (unsigned long long)t.holes, holes);
	ann_mask_trace_free(&t);
	ann_mask_free(m);
}

int
main(void)
{
	trace_is("a square", (const char *[]){
	    "....",
	    ".##.",
	    ".##.",
	    "....", NULL }, "1,1 3,1 3,3 1,3", 0);
	trace_is("an L", (const char *[]){
	    "#.",
	    "#.",
	    "##", NULL }, "0,0 1,0 1,2 2,2 2,3 0,3", 0);
	trace_is("two blobs, in the order of their first pixels", (const char *[]){
	    "...##",
	    "#..##",
	    "#....", NULL }, "3,0 5,0 5,2 3,2 | 0,1 1,1 1,3 0,3", 0);
	trace_is("a ring: its outer contour, the hole counted", (const char *[]){
	    "###",
	    "#.#",
	    "###", NULL }, "0,0 3,0 3,3 0,3", 1);
	trace_is("an island in a ring's hole: a part of its own", (const char *[]){
	    "#####",
	    "#...#",
	    "#.#.#",
	    "#...#",
	    "#####", NULL }, "0,0 5,0 5,5 0,5 | 2,2 3,2 3,3 2,3", 1);
	trace_is("a diagonal pair (\\): one part, touching itself at 1,1",
	    (const char *[]){
	    "#.",
	    ".#", NULL }, "0,0 1,0 1,1 2,1 2,2 1,2 1,1 0,1", 0);
	trace_is("a diagonal pair (/): one part, touching itself at 1,1",
	    (const char *[]){
	    ".#",
	    "#.", NULL }, "1,0 2,0 2,1 1,1 1,2 0,2 0,1 1,1", 0);
	trace_is("a one-pixel mask: a unit square", (const char *[]){
	    "#", NULL }, "0,0 1,0 1,1 0,1", 0);
	trace_is("one pixel inside a larger mask", (const char *[]){
	    "...",
	    "..#",
	    "...", NULL }, "2,1 3,1 3,2 2,2", 0);
	trace_is("a full-image mask: the image's corners", (const char *[]){
	    "###",
	    "###", NULL }, "0,0 3,0 3,2 0,2", 0);
	trace_is("an empty mask: no part", (const char *[]){
	    "...",
	    "...", NULL }, "", 0);
	trace_is("a U: the notch is no hole", (const char *[]){
	    "#.#",
	    "###", NULL }, "0,0 1,0 1,1 2,1 2,0 3,0 3,2 0,2", 0);
	trace_is("two holes touching at a corner are two holes (4-connected)",
	    (const char *[]){
	    "####",
	    "#.##",
	    "##.#",
	    "####", NULL }, "0,0 4,0 4,4 0,4", 2);
	return done_testing();
}
