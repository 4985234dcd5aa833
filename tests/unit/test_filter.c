/*
 * test_filter.c: dates, paths, --where expressions, id sets and the
 * filter over small records of both platforms.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann.h"
#include "check.h"

static int64_t
date(const char *s)
{
	int64_t t = -1;

	if (ann_date_parse(s, strlen(s), &t, NULL) != 0)
		return INT64_MIN;
	return t;
}

static void
test_dates(void)
{
	int64_t t, now = 1700000000LL * 1000000;

	CHECK(date("1970-01-01") == 0, "the epoch is 0");
	CHECK(date("2024-03-01") == 1709251200LL * 1000000, "a day is its midnight UTC");
	CHECK(date("2024-03-01T00:00:00Z") == date("2024-03-01"), "Z is UTC");
	CHECK(date("2024-03-01T01:00:00+01:00") == date("2024-03-01"), "+01:00 is an hour ahead");
	CHECK(date("2024-02-29T23:00:00-0100") == date("2024-03-01"), "-0100 without a colon");
	CHECK(date("2024-03-01 00:00") == date("2024-03-01"), "a space and no seconds");
	CHECK(date("2021-05-10T09:41:34.870012Z") - date("2021-05-10T09:41:34Z") == 870012,
	    "microseconds");
	CHECK(date("2024-04-10T15:21:31.517+00:00") - date("2024-04-10T15:21:31Z") == 517000,
	    "milliseconds and an explicit zero zone");
	CHECK(date("2024-04-10T15:21:31.1234567891Z") - date("2024-04-10T15:21:31Z") == 123456,
	    "fraction digits past microseconds are dropped");
	CHECK(date("1900-03-01") == -2203891200LL * 1000000, "before the epoch");
	CHECK(date("2000-02-29") != INT64_MIN && date("1900-02-29") == INT64_MIN,
	    "2000 is a leap year, 1900 is not");
	static const char *const bad[] = {
		"", "2024", "2024-3-01", "2024-13-01", "2024-04-31", "2024-03-01T",
		"2024-03-01T25:00", "2024-03-01T10:60", "2024-03-01T10:00:00.",
		"2024-03-01T10:00+24:00", "2024-03-01x", "yesterday", "2024-03-01T10",
		"2024-03-01T10:00:00Zjunk",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		CHECK(date(bad[i]) == INT64_MIN, "\"%s\" is not a date", bad[i]);
	CHECK(ann_date_arg("7d", now, 0, &t) == 0 && t == now - 7 * 86400LL * 1000000,
	    "7d is a week ago");
	CHECK(ann_date_arg("24h", now, 0, &t) == 0 && t == now - 86400LL * 1000000, "24h");
	CHECK(ann_date_arg("2w", now, 0, &t) == 0 && t == now - 14 * 86400LL * 1000000, "2w");
	CHECK(ann_date_arg("d", now, 0, &t) != 0 && ann_date_arg("7x", now, 0, &t) != 0,
	    "a unit needs a count, and a known unit");
	CHECK(ann_date_arg("2024-03-31", now, 1, &t) == 0 &&
	    t == date("2024-04-01") - 1, "--until a day is through its last microsecond");
	CHECK(ann_date_arg("2024-03-31T12:00Z", now, 1, &t) == 0 &&
	    t == date("2024-03-31T12:00Z"), "--until a time is that time");

	ann_json_val v = { "\"2024-03-01\"", 12 };
	CHECK(ann_date_value(v, &t) == 0 && t == date("2024-03-01"), "a JSON string");
	ann_json_val e = { "\"2024\\u002d03-01\"", 17 };
	CHECK(ann_date_value(e, &t) == 0 && t == date("2024-03-01"), "a JSON string with an escape");
	ann_json_val n = { "1709251200", 10 };
	CHECK(ann_date_value(n, &t) == 0 && t == date("2024-03-01"), "epoch seconds");
	ann_json_val ms = { "1709251200000", 13 };
	CHECK(ann_date_value(ms, &t) == 0 && t == date("2024-03-01"), "epoch milliseconds");
	ann_json_val nul = { "null", 4 };
	CHECK(ann_date_value(nul, &t) != 0, "null is not a date");
}

static int
where(const char *expr, const char *json)
{
	ann_error err;
	ann_json_val root;
	ann_where *w = ann_where_new(expr, &err);
	int r;

	if (w == NULL)
		return -2;
	if (ann_json_parse(json, strlen(json), &root, NULL, NULL) != 0) {
		ann_where_free(w);
		return -3;
	}
	r = ann_where_match(w, root);
	ann_where_free(w);
	return r;
}

static void
test_where(void)
{
	const char *lb = "{\"projects\":{\"p1\":{\"labels\":[{\"label_details\":"
	    "{\"created_by\":\"a@b.com\"}},{\"label_details\":{\"created_by\":\"c@d.com\"}}]},"
	    "\"p2\":{\"labels\":[]}},\"n\":5,\"s\":\"abc\",\"d\":\"2024-03-01T10:00Z\","
	    "\"t\":true,\"z\":null,\"a.b\":1,\"list\":[{\"k\":1},{\"k\":2}]}";

	CHECK(where("projects.*.labels.*.label_details.created_by = c@d.com", lb) == 1,
	    "wildcards reach the second label");
	CHECK(where("projects.*.labels.*.label_details.created_by = x@y.com", lb) == 0,
	    "and no label by someone else");
	CHECK(where("projects.p1.labels.0.label_details.created_by=a@b.com", lb) == 1,
	    "an index, no spaces");
	CHECK(where("projects.p1.labels.1.label_details.created_by=a@b.com", lb) == 0,
	    "the other index");
	CHECK(where("list.k = 2", lb) == 1, "a name applies to each element of an array");
	CHECK(where(".n >= 5", lb) == 1 && where("n > 5", lb) == 0 && where("n < 5.5", lb) == 1,
	    "numbers compare as numbers; a leading dot is jq's habit");
	CHECK(where("n == 5", lb) == 1 && where("n != 5", lb) == 0, "== is =");
	CHECK(where("n = five", lb) == 0 && where("n != five", lb) == 0,
	    "a number and a word do not compare, not even with !=");
	CHECK(where("s < abd", lb) == 1 && where("s > ab", lb) == 1 && where("s = abc", lb) == 1,
	    "strings compare byte by byte");
	CHECK(where("d > 2024-03-01T11:00+02:00", lb) == 1, "dates compare as instants");
	CHECK(where("d < 2024-03-01T11:00+02:00", lb) == 0, "and not the other way");
	CHECK(where("s ~ ^a.c$", lb) == 1 && where("s ~ ^b", lb) == 0, "~ is a regex search");
	CHECK(where("n ~ ^5$", lb) == 1, "~ on a number searches its text");
	CHECK(where("t = true", lb) == 1 && where("t != false", lb) == 1 && where("t < x", lb) == 0,
	    "true compares by = and != only");
	CHECK(where("z", lb) == 0 && where("s", lb) == 1 && where("missing", lb) == 0,
	    "PATH alone: present and not null");
	CHECK(where("missing != 1", lb) == 0, "a missing path never matches");
	CHECK(where("a\\.b = 1", lb) == 1, "\\. is a dot in a name");
	CHECK(where("n = \"5\"", lb) == 0 && where("s = \"abc\"", lb) == 1,
	    "a quoted value is text");
	CHECK(where("= 1", lb) == -2, "no path is an error");
	CHECK(where("a..b = 1", lb) == -2, "an empty name is an error");
	CHECK(where("s ~ (", lb) == -2, "a bad regex is an error");
	CHECK(where("s ! 1", lb) == -2, "a lone ! is an error");
	CHECK(where("s ~ a++++++++++++++++++++", lb) == -2 && where("s ~ b*{2}", lb) == -2,
	    "a repetition of a repetition is refused (glibc is exponential on it)");
	CHECK(where("s ~ (ab*)+", lb) == 1 && where("s ~ [+*]?c", lb) == 1 &&
	    where("s ~ a\\++", lb) == 0, "groups, brackets and escapes are not stacked");
}

static void
test_idset(void)
{
	ann_idset *s = ann_idset_new();
	char id[32];
	int all = 1, none = 1;

	for (int i = 0; i < 1000000; i++) {
		int n = snprintf(id, sizeof id, "task-%d", i * 3);
		if (ann_idset_add(s, id, (size_t)n) != ANN_OK)
			all = 0;
	}
	CHECK(all && ann_idset_count(s) == 1000000, "a million ids go in");
	ann_idset_add(s, "task-0", 6);
	CHECK(ann_idset_count(s) == 1000000, "adding one again changes nothing");
	for (int i = 0; i < 1000000; i++) {
		int n = snprintf(id, sizeof id, "task-%d", i * 3);
		all &= ann_idset_has(s, id, (size_t)n);
		n = snprintf(id, sizeof id, "task-%d", i * 3 + 1);
		none &= !ann_idset_has(s, id, (size_t)n);
	}
	CHECK(all, "every one is found");
	CHECK(none, "and nothing else");
	CHECK(!ann_idset_has(s, "", 0), "the empty id is not there");
	ann_idset_add(s, "", 0);
	CHECK(ann_idset_has(s, "", 0), "until it is added");

	/* Emptied, large (its table let go) and then small (kept): reused. */
	for (int round = 0; round < 3; round++) {
		ann_idset_clear(s);
		all = ann_idset_count(s) == 0 && !ann_idset_has(s, "task-0", 6) &&
		    !ann_idset_has(s, "", 0);
		for (int i = 0; i < 100; i++) {
			int n = snprintf(id, sizeof id, "r%d-%d", round, i);
			all &= ann_idset_add(s, id, (size_t)n) == ANN_OK;
		}
		int n = snprintf(id, sizeof id, "r%d-%d", round, 99);
		all &= ann_idset_count(s) == 100 && ann_idset_has(s, id, (size_t)n);
		n = snprintf(id, sizeof id, "r%d-%d", round - 1, 99);
		all &= !ann_idset_has(s, id, (size_t)n);
		CHECK(all, "cleared (round %d): empty, then holds the new ids only", round);
	}
	ann_idset_free(s);
}

static int
matches(ann_filter *f, const char *json)
{
	ann_record rec = { json, strlen(json), 1, 0, 0, 0 };

	return ann_filter_match(f, &rec);
}

static void
test_filter(void)
{
	const char *lb_done = "{\"data_row\":{\"id\":\"r1\",\"global_key\":\"g1\","
	    "\"details\":{\"last_activity_at\":\"2024-03-07T09:00:00.000+00:00\"}},"
	    "\"projects\":{\"p1\":{\"name\":\"Cars\",\"labels\":[],\"project_details\":"
	    "{\"workflow_status\":\"TO_LABEL\"}},\"p2\":{\"name\":\"Bikes\",\"labels\":"
	    "[{\"id\":\"l1\",\"label_details\":{\"created_by\":\"Ann@Example.com\"},"
	    "\"annotations\":{\"objects\":[{\"feature_id\":\"f\",\"name\":\"Bike\","
	    "\"bounding_box\":{\"top\":1,\"left\":2,\"height\":3,\"width\":4}}],"
	    "\"classifications\":[]}}],\"project_details\":{\"workflow_status\":\"DONE\"}}}}";
	const char *ls = "{\"id\":7,\"updated_at\":\"2024-02-01T00:00:00Z\",\"data\":{},"
	    "\"annotations\":[{\"id\":1,\"completed_by\":{\"id\":3,\"email\":\"b@x.org\"},"
	    "\"was_cancelled\":true,\"result\":[]}],\"predictions\":[{\"model_version\":\"m1\","
	    "\"score\":0.4,\"result\":[{\"id\":\"a\",\"type\":\"choices\",\"value\":"
	    "{\"choices\":[\"Car\"]}}]}]}";
	ann_filter *f = ann_filter_new();

	CHECK(matches(f, lb_done) == 1 && matches(f, "[1]") == 1,
	    "no test: everything matches, tasks or not");
	CHECK(ann_filter_status(f, "InReview") == ANN_OK && matches(f, lb_done) == 0,
	    "the SDK spelling InReview; neither project is in review");
	CHECK(ann_filter_status(f, "done") == ANN_OK && matches(f, lb_done) == 1,
	    "a second status is an alternative: done matches");
	CHECK(ann_filter_status(f, "finished") == ANN_FAILED &&
	    strstr(ann_filter_errmsg(f), "TO_LABEL") != NULL, "an unknown status lists the valid ones");
	CHECK(ann_filter_project(f, "Cars") == ANN_OK && matches(f, lb_done) == 0,
	    "--project scopes the status: Cars is only to label");
	ann_filter_free(f);

	f = ann_filter_new();
	ann_filter_since(f, "2024-03-07", 0);
	ann_filter_until(f, "2024-03-07", 0);
	CHECK(matches(f, lb_done) == 1, "last activity within the day");
	CHECK(matches(f, ls) == 0, "a Label Studio task updated in February is not");
	CHECK(matches(f, "[1]") == -1 && strstr(ann_filter_errmsg(f), "not a task") != NULL,
	    "a record that is not a task cannot be tested");
	ann_filter_free(f);

	f = ann_filter_new();
	ann_filter_annotator(f, "ann@example.COM");
	ann_filter_label(f, "Bike");
	CHECK(matches(f, lb_done) == 1, "annotator without regard to case, and a label");
	ann_filter_free(f);

	f = ann_filter_new();
	ann_filter_status(f, "skipped");
	CHECK(matches(f, ls) == 1 && matches(f, lb_done) == 0, "skipped: only cancelled annotations");
	ann_filter_status(f, "labeled");
	CHECK(matches(f, lb_done) == 1, "labeled: a label not skipped");
	ann_filter_free(f);

	f = ann_filter_new();
	ann_filter_label(f, "Car");
	CHECK(matches(f, ls) == 0, "--label looks at annotations by default");
	ann_filter_sets(f, ANN_SETS_PREDICTIONS);
	CHECK(matches(f, ls) == 1, "and at predictions when asked");
	ann_filter_min_score(f, 0.5);
	CHECK(matches(f, ls) == 0, "a prediction scored 0.4 is under 0.5");
	ann_filter_free(f);

	f = ann_filter_new();
	ann_filter_id(f, "g1");
	ann_filter_id(f, "7");
	CHECK(matches(f, lb_done) == 1 && matches(f, ls) == 1, "ids and global keys");
	CHECK(matches(f, "{\"id\":8}") == 0, "another id is not");
	ann_filter_free(f);

	f = ann_filter_new();
	ann_filter_empty(f);
	CHECK(matches(f, ls) == 0 && matches(f, lb_done) == 0, "a prediction or a label with a box is not empty");
	CHECK(matches(f, "{\"id\":9,\"data\":{},\"annotations\":[{\"result\":[]}]}") == 1,
	    "an empty result is");
	ann_filter_free(f);

	f = ann_filter_new();
	ann_filter_shard(f, 1, 4);
	CHECK(ann_filter_shard(f, 4, 4) == ANN_FAILED, "shard 4 of 4 does not exist");
	CHECK(matches(f, "{\"x\":1}") == -1, "a shard needs a task id");
	ann_filter_free(f);
}

/* How many records lacked the field of test t, and how many it looked at. */
static int
absent(ann_filter *f, ann_filter_field t, uint64_t want, uint64_t seen_want,
    const char *field_has)
{
	uint64_t a, seen;
	char field[256];

	return ann_filter_absent(f, t, &a, &seen, field, sizeof field) &&
	    a == want && seen == seen_want && strstr(field, field_has) != NULL;
}

/* Issue 16: a filter on a field no record has says so, by counts. */
static void
test_absent(void)
{
	/* A Labelbox row exported without details: no dates, status, batch. */
	const char *bare = "{\"data_row\":{\"id\":\"r1\"},\"projects\":{\"p1\":"
	    "{\"name\":\"Cars\",\"labels\":[{\"id\":\"l1\",\"annotations\":"
	    "{\"objects\":[],\"classifications\":[]}}]}}}";
	const char *dated = "{\"id\":7,\"updated_at\":\"2024-02-01T00:00:00Z\","
	    "\"data\":{\"x\":[1,2]},\"annotations\":[],\"predictions\":[{\"result\":[]}]}";
	uint64_t a, seen;
	char field[64];
	ann_filter *f = ann_filter_new();

	CHECK(ann_filter_absent(f, ANN_FILTER_DATE, &a, &seen, field, sizeof field) == 0,
	    "a test not given has no count");
	ann_filter_since(f, "2024-01-01", 0);
	CHECK(matches(f, bare) == 0 && matches(f, dated) == 1 && matches(f, bare) == 0,
	    "--since: rows without a date match nothing");
	CHECK(absent(f, ANN_FILTER_DATE, 2, 3, "date in updated_at"),
	    "--since: 2 of 3 records had no date, in updated_at");
	ann_filter_free(f);

	f = ann_filter_new();
	ann_filter_date_field(f, "data.when");
	ann_filter_until(f, "2024-01-01", 0);
	CHECK(matches(f, dated) == 0 && absent(f, ANN_FILTER_DATE, 1, 1, "date in data.when"),
	    "a --date-field path that reaches no date is named");
	ann_filter_free(f);

	f = ann_filter_new();
	ann_filter_status(f, "DONE");
	CHECK(matches(f, bare) == 0 && absent(f, ANN_FILTER_STATUS, 1, 1, "workflow status"),
	    "--status DONE on a row without project_details");
	ann_filter_batch(f, "b1");
	CHECK(matches(f, bare) == 0 && absent(f, ANN_FILTER_BATCH, 1, 1, "batch") &&
	    absent(f, ANN_FILTER_STATUS, 1, 1, "workflow status"),
	    "--batch is looked at before --status: a row it fails is not looked at again");
	ann_filter_free(f);

	f = ann_filter_new();
	ann_filter_status(f, "labeled");
	CHECK(matches(f, bare) == 1 &&
	    ann_filter_absent(f, ANN_FILTER_STATUS, &a, &seen, field, sizeof field) == 0,
	    "a Label Studio status reads no field a record may lack");
	ann_filter_free(f);

	f = ann_filter_new();
	ann_filter_annotator(f, "a@b.org");
	ann_filter_model_version(f, "m1");
	CHECK(matches(f, bare) == 0 && absent(f, ANN_FILTER_ANNOTATOR, 1, 1, "author"),
	    "--annotator: a label without label_details has no author");
	CHECK(absent(f, ANN_FILTER_MODEL, 0, 0, "model_version"),
	    "--model-version: a record without predictions is not counted");
	CHECK(matches(f, dated) == 0 && absent(f, ANN_FILTER_MODEL, 1, 1, "model_version"),
	    "--model-version: a prediction without one is");
	ann_filter_free(f);

	f = ann_filter_new();
	ann_filter_dataset(f, "d");
	CHECK(matches(f, bare) == 0 && absent(f, ANN_FILTER_DATASET, 1, 1, "dataset"),
	    "--dataset without data_row_details");
	ann_filter_free(f);

	f = ann_filter_new();
	ann_filter_where(f, "data.y = 1");
	CHECK(matches(f, dated) == 0 && matches(f, "{\"data\":{\"y\":2}}") == 0 &&
	    absent(f, ANN_FILTER_WHERE, 1, 2, "value at data.y"),
	    "--where: a path that reaches nothing is counted, a value that differs is not");
	ann_filter_free(f);

	f = ann_filter_new();
	ann_filter_id(f, "7");
	CHECK(matches(f, "{\"data\":{}}") == 0 && matches(f, dated) == 1 &&
	    absent(f, ANN_FILTER_ID, 1, 2, "task id"), "--id: a record without an id");
	ann_filter_free(f);
}

int
main(void)
{
	test_dates();
	test_where();
	test_idset();
	test_filter();
	test_absent();
	return done_testing();
}
