/*
 * fuzz_lssink.c: ann-tols --from labelbox's sink (ls_sink.c) on arbitrary
 * bytes.  The first byte picks the options: predictions or annotations,
 * a --from-name, --categories with --strict-labels; the rest is one
 * record, as the reader hands it out.
 *
 * What must hold: a record the sink refuses says why and writes nothing;
 * one it takes is one line of JSON, an object with an object "data" and
 * an array of sets ("annotations" or "predictions"), each with an array
 * "result" whose results have an id of 12 hex digits and a type; a
 * relation names results of its own set; percent coordinates lie in
 * [0, 100], and a rectangle stays inside the image.  The config made
 * after it is one <View> element.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ann.h"
#include "ann_lssink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
pct(ann_json_val v, double *d)
{
	return ann_json_number(v, d) == 0 && *d >= 0 && *d <= 100 ? 0 : -1;
}

/* One result of a set: its id, type, and percents. */
static void
check_result(ann_json_val r, ann_json_val set)
{
	ann_json_val id, type, value, v, e, x, y;
	ann_json_iter it;
	double n[4];

	if (ann_json_get(r, "type", &type) != 0 || ann_json_typeof(type) != ANN_JSON_STRING)
		abort();
	if (ann_json_str_eq(type, "relation")) {
		/* Its ends are results of the same set. */
		static const char *const ends[] = { "from_id", "to_id" };
		for (int k = 0; k < 2; k++) {
			ann_json_val end, o, oid;
			int found = 0;
			if (ann_json_get(r, ends[k], &end) != 0)
				abort();
			ann_json_iter_init(&it, set);
			while (!found && ann_json_next_elem(&it, &o))
				found = ann_json_get(o, "id", &oid) == 0 && oid.n == end.n &&
				    memcmp(oid.p, end.p, end.n) == 0;
			if (!found)
				abort();
		}
		return;
	}
	if (ann_json_get(r, "id", &id) != 0 || ann_json_typeof(id) != ANN_JSON_STRING ||
	    id.n != 14 || strspn(id.p + 1, "0123456789abcdef") != 12)
		abort();
	if (ann_json_get(r, "value", &value) != 0 || ann_json_typeof(value) != ANN_JSON_OBJECT)
		abort();
	static const char *const box[] = { "x", "y", "width", "height" };
	int has = 0;
	for (int k = 0; k < 4; k++)
		if (ann_json_get(value, box[k], &v) == 0) {
			if (pct(v, &n[k]) != 0)
				abort();
			has |= 1 << k;
		}
	if (has == 15 && (n[0] + n[2] > 100 + 1e-9 || n[1] + n[3] > 100 + 1e-9))
		abort();	/* a rectangle stays inside */
	if (ann_json_get(value, "points", &v) == 0) {
		ann_json_iter_init(&it, v);
		while (ann_json_next_elem(&it, &e)) {
			ann_json_iter pi;
			ann_json_iter_init(&pi, e);
			if (!ann_json_next_elem(&pi, &x) || !ann_json_next_elem(&pi, &y) ||
			    pct(x, &n[0]) != 0 || pct(y, &n[1]) != 0)
				abort();
		}
	}
}

static void
check_task(const char *p, size_t n, int predictions)
{
	ann_json_val root, d, sets, set, res, r;
	ann_json_iter si, ri;

	if (n == 0 || p[n - 1] != '\n' || memchr(p, '\n', n - 1) != NULL ||
	    ann_json_parse(p, n - 1, &root, NULL, NULL) != 0 ||
	    ann_json_get(root, "data", &d) != 0 || ann_json_typeof(d) != ANN_JSON_OBJECT ||
	    ann_json_get(root, predictions ? "predictions" : "annotations", &sets) != 0 ||
	    ann_json_typeof(sets) != ANN_JSON_ARRAY)
		abort();
	ann_json_iter_init(&si, sets);
	while (ann_json_next_elem(&si, &set)) {
		if (ann_json_get(set, "result", &res) != 0 || ann_json_typeof(res) != ANN_JSON_ARRAY)
			abort();
		ann_json_iter_init(&ri, res);
		while (ann_json_next_elem(&ri, &r))
			check_result(r, res);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ann_view *view;
	ann_lssink_opts o = {
	    .sets = { .from = ANN_SETS_ANNOTATIONS, .skip_cancelled = 1 },
	    .max_pixels = 1 << 20 };
	ann_json_val root;
	ann_sink sink;
	ann_skips skips;
	ann_buf got = { 0 }, cfg = { 0 };
	ann_error err;

	if (size < 1)
		return 0;
	if (view == NULL && (view = ann_view_new()) == NULL)
		abort();
	o.as_predictions = data[0] & 1;
	if (data[0] & 2)
		o.from_name = "box";
	o.strict_labels = (data[0] & 4) != 0;
	if (ann_json_parse((const char *)data + 1, size - 1, &root, NULL, NULL) != 0)
		return 0;

	ann_out *out = ann_out_memory(), *cout = ann_out_memory();
	ann_lssink *s = out != NULL ? ann_lssink_new(&o, out, &err) : NULL;
	if (s == NULL || cout == NULL)
		abort();
	if (o.strict_labels && ann_lssink_category(s, "car") != ANN_OK)
		abort();
	ann_lssink_sink(s, &sink);
	memset(&skips, 0, sizeof skips);
	ann_record rec = { .data = root.p, .len = root.n, .number = 1 };
	ann_status st = ann_sink_record(&sink, view, &skips, &rec);
	if (st != ANN_OK && ann_sink_errmsg(&sink)[0] == '\0')
		abort();	/* a record left out says why */
	if (ann_out_take(out, &got) != 0)
		abort();
	if (st != ANN_OK && got.len > 0)
		abort();	/* a task whole or not at all */
	if (st == ANN_OK)
		check_task(got.p, got.len, o.as_predictions);
	if (ann_lssink_config(s, cout) == ANN_OK &&
	    (ann_out_take(cout, &cfg) != 0 || cfg.len < 15 ||
	    memcmp(cfg.p, "<View>\n", 7) != 0 ||
	    memcmp(cfg.p + cfg.len - 8, "</View>\n", 8) != 0))
		abort();
	ann_out_abort(cout);
	ann_out_abort(out);
	ann_lssink_free(s);
	ann_buf_free(&got);
	ann_buf_free(&cfg);
	return 0;
}
