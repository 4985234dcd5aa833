/*
 * test_convert.c: the pieces every converter shares, said once: a label's
 * category and why it is refused (ann_categories.h), a mask over
 * --max-pixels named with its region (ann_rle.h), a summary's optional
 * counts (ann_skip.h).  The converters' tests hold the wording each tool
 * gives; these hold the rules of the shared pieces themselves.
 */
#include <stdlib.h>
#include <string.h>

#include "ann.h"
#include "ann_categories.h"
#include "ann_rle.h"
#include "ann_skip.h"
#include "check.h"

/* A JSON string of text (its quotes included), parsed as the reader would. */
static ann_json_val
str(const char *json)
{
	ann_json_val v = { NULL, 0 };

	if (ann_json_parse(json, strlen(json), &v, NULL, NULL) != 0)
		v.p = NULL;
	return v;
}

static void
test_labels(void)
{
	ann_categories *c = ann_categories_new(0);
	ann_error err = { "untouched", 0, 0 };
	long index = -1;

	CHECK(c != NULL && ann_categories_add(c, "Car") == ANN_OK &&
	    ann_categories_add(c, "Tab\tbed") == ANN_OK, "a given list");
	CHECK(ann_categories_label(c, str("\"Car\""), 0, "the classes", &err,
	    &index) == ANN_OK && index == 0 && strcmp(err.msg, "untouched") == 0,
	    "a given label: its index, no message");
	/* The label is decoded before it is looked up. */
	CHECK(ann_categories_label(c, str("\"Tab\\tbed\""), 0, "the classes", &err,
	    &index) == ANN_OK && index == 1, "an escaped label is found decoded");
	CHECK(ann_categories_label(c, str("\"Truck\""), 0, "the classes", &err,
	    &index) == ANN_FAILED && strcmp(err.msg, "label \"Truck\" is not among "
	    "the classes (without --strict-labels it is added after them)") == 0,
	    "a strict set refuses an unknown label in the converter's words: %s",
	    err.msg);
	CHECK(ann_categories_label(c, str("\"Truck\""), 0, "the classes", NULL,
	    &index) == ANN_FAILED, "without an error record, only the status");
	CHECK(ann_categories_label(c, str("\"Truck\""), 1, "the classes", &err,
	    &index) == ANN_OK && index == 2, "added when unknown labels are");

	/* Longer than the stack's room, and named by its first 100 bytes. */
	char json[1003], want[200];
	json[0] = '"';
	memset(json + 1, 'x', 1000);
	strcpy(json + 1001, "\"");
	CHECK(ann_categories_label(c, str(json), 0, "the categories", &err,
	    &index) == ANN_FAILED, "a 1000-byte label is decoded and refused");
	snprintf(want, sizeof want, "label \"%.100s\" is not among the categories "
	    "(without", json + 1);
	CHECK(strncmp(err.msg, want, strlen(want)) == 0,
	    "its message names its first 100 bytes");
	CHECK(ann_categories_index_said(c, "Bus", 3, 0, "the given names", &err,
	    &index) == ANN_FAILED && strstr(err.msg, "\"Bus\" is not among the "
	    "given names (") != NULL, "a name already decoded: %s", err.msg);
	ann_categories_free(c);
}

static void
test_too_big(void)
{
	ann_region r;
	ann_error err = { "untouched", 0, 0 };

	memset(&r, 0, sizeof r);
	r.id = str("\"r1\"");
	CHECK(ann_region_mask_too_big(&r, 100, 100, 10000, &err) == 0 &&
	    strcmp(err.msg, "untouched") == 0, "a mask at the limit is not too big");
	CHECK(ann_region_mask_too_big(&r, 100, 101, 10000, &err) == 1 &&
	    strncmp(err.msg, "region \"r1\": a 100x101 mask", 27) == 0 &&
	    strstr(err.msg, "(--max-pixels)") != NULL,
	    "one over: named with its region and the option: %s", err.msg);
	CHECK(ann_region_mask_too_big(&r, 100, 101, 0, &err) == 0,
	    "0: no limit");
	r.id.p = NULL;
	r.id.n = 0;
	CHECK(ann_region_mask_too_big(&r, 100, 101, 10, &err) == 1 &&
	    strncmp(err.msg, "region (none): ", 15) == 0,
	    "a region without an id: %s", err.msg);
}

static void
test_summary(void)
{
	char buf[64];
	int n = snprintf(buf, sizeof buf, "2 tasks");

	n = ann_summary_more(buf, sizeof buf, n, 0, "box", "boxes", "");
	n = ann_summary_more(buf, sizeof buf, n, 1, "box", "boxes", "");
	n = ann_summary_more(buf, sizeof buf, n, 3, "line", "lines", " (--hint)");
	CHECK(strcmp(buf, "2 tasks; 1 box; 3 lines (--hint)") == 0 &&
	    n == (int)strlen(buf), "counts appended in order, none for 0: %s", buf);
	/* Full: nothing more is written, and the length says what was wanted. */
	char small[12];
	n = snprintf(small, sizeof small, "1234567890");
	n = ann_summary_more(small, sizeof small, n, 5, "box", "boxes", "");
	CHECK(strcmp(small, "1234567890;") == 0 && n == 19,
	    "cut at the buffer's end: \"%s\", %d", small, n);
	int m = ann_summary_more(small, sizeof small, n, 5, "box", "boxes", "");
	CHECK(m == n && strcmp(small, "1234567890;") == 0,
	    "past the end, nothing more");
}

int
main(void)
{
	test_labels();
	test_too_big();
	test_summary();
	return done_testing();
}
