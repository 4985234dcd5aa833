/*
 * jsonmin.c: Label Studio's JSON_MIN item for one annotation set: the
 * task's data fields, its id, one member per control tag (from_name) with
 * that tag's values, and who made the annotation when.  Label Studio's CSV
 * export is the same item spread over columns, so ann-flatten --per-task
 * builds its rows from here too.
 *
 * Values: a tag whose single result is a choice, text, rating, number,
 * datetime or taxonomy gives that answer itself (a one-element list
 * unwrapped); other tags give the list of their results' values, with the
 * image's original_width and original_height added as Label Studio does.
 * Labelbox rows map feature names to answers or to the raw objects.
 */
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "ann_jsonmin.h"
#include "util_private.h"

static int
put_json(ann_buf *b, ann_json_val v)
{
	size_t mark = b->len;

	if (ann_json_typeof(v) == ANN_JSON_NONE)
		return ann_buf_put(b, "null", 4);	/* an answer with no value */
	if (ann_buf_put(b, v.p, v.n) != 0)
		return -1;
	/* Pretty-printed input: keep the item on one line. */
	if (memchr(v.p, '\n', v.n) != NULL)
		b->len = mark + ann_json_minify(v.p, v.n, b->p + mark);
	return 0;
}

static int
put_member(ann_buf *b, int *first, ann_json_val key, ann_json_val value)
{
	if (ann_json_typeof(value) == ANN_JSON_NONE)
		return 0;
	if (!*first && ann_buf_put(b, ",", 1) != 0)
		return -1;
	*first = 0;
	return put_json(b, key) != 0 || ann_buf_put(b, ":", 1) != 0 ||
	    put_json(b, value) != 0 ? -1 : 0;
}

static int
put_named(ann_buf *b, int *first, const char *name, ann_json_val value)
{
	char key[64];
	size_t n = ann_json_escape(name, strlen(name), key);
	return put_member(b, first, (ann_json_val){ key, n }, value);
}

static int
is_answer(ann_json_val type)
{
	static const char *const answers[] = {
		"choices", "textarea", "rating", "number", "datetime", "taxonomy"
	};
	for (size_t i = 0; i < sizeof answers / sizeof *answers; i++)
		if (ann_json_str_eq(type, answers[i]))
			return 1;
	return 0;
}

/* The answer inside a result's value: value[type], a lone element unwrapped. */
static ann_json_val
answer_of(ann_json_val res)
{
	ann_json_val value, type = { NULL, 0 }, a = { NULL, 0 }, e, only;
	char name[32];
	ann_json_iter it;
	int n = 0;

	if (ann_json_get(res, "value", &value) != 0 || ann_json_get(res, "type", &type) != 0 ||
	    type.n >= sizeof name)
		return a;
	name[ann_json_str_decode(type, name)] = '\0';
	if (ann_json_get(value, ann_json_str_eq(type, "textarea") ? "text" : name, &a) != 0)
		return (ann_json_val){ NULL, 0 };
	if (ann_json_typeof(a) != ANN_JSON_ARRAY || ann_json_str_eq(type, "taxonomy"))
		return a;
	ann_json_iter_init(&it, a);
	while (n < 2 && ann_json_next_elem(&it, &e))
		if (n++ == 0)
			only = e;
	return n == 1 ? only : a;
}

/* One control tag's results in an LS result array, as one JSON value. */
static int
put_tag(ann_buf *b, ann_json_val result, ann_json_val from)
{
	ann_json_iter it;
	ann_json_val res, f, type = { NULL, 0 }, value, w, h;
	int count = 0, answers = 1;

	ann_json_iter_init(&it, result);
	while (ann_json_next_elem(&it, &res))
		if (ann_json_get(res, "from_name", &f) == 0 && f.n == from.n &&
		    memcmp(f.p, from.p, f.n) == 0) {
			count++;
			ann_json_get(res, "type", &type);
			answers &= is_answer(type);
		}
	if (ann_buf_put(b, count > 1 || !answers ? "[" : "", count > 1 || !answers) != 0)
		return -1;
	int first = 1;
	ann_json_iter_init(&it, result);
	while (ann_json_next_elem(&it, &res)) {
		if (ann_json_get(res, "from_name", &f) != 0 || f.n != from.n ||
		    memcmp(f.p, from.p, f.n) != 0)
			continue;
		if (!first && ann_buf_put(b, ",", 1) != 0)
			return -1;
		first = 0;
		if (answers) {
			ann_json_val a = answer_of(res);
			if (put_json(b, ann_json_typeof(a) ? a : (ann_json_val){ "null", 4 }) != 0)
				return -1;
			continue;
		}
		if (ann_json_get(res, "value", &value) != 0 || ann_json_typeof(value) != ANN_JSON_OBJECT) {
			if (ann_buf_put(b, "null", 4) != 0)
				return -1;
			continue;
		}
		/* The value object, with the image size added before its '}'. */
		if (put_json(b, value) != 0)
			return -1;
		b->len--;
		int none_yet = b->p[b->len - 1] == '{';	/* an empty value object */
		if (ann_json_get(res, "original_width", &w) == 0 &&
		    ann_json_get(res, "original_height", &h) == 0 &&
		    (put_named(b, &none_yet, "original_width", w) != 0 ||
		    put_named(b, &none_yet, "original_height", h) != 0))
			return -1;
		if (ann_buf_put(b, "}", 1) != 0)
			return -1;
	}
	return ann_buf_put(b, count > 1 || !answers ? "]" : "", count > 1 || !answers);
}

/* Distinct JSON strings in order of first appearance. */
struct keys {
	ann_json_val *k;
	size_t n, cap;
};

static int
key_find(const struct keys *ks, ann_json_val k)
{
	for (size_t i = 0; i < ks->n; i++)
		if (ks->k[i].n == k.n && memcmp(ks->k[i].p, k.p, k.n) == 0)
			return (int)i;
	return -1;
}

static int
key_index(struct keys *ks, ann_json_val k)
{
	int i = key_find(ks, k);

	if (i >= 0)
		return i;
	if (ann__grow((void **)&ks->k, &ks->cap, ks->n + 1, sizeof *ks->k) != 0)
		return -1;
	ks->k[ks->n] = k;
	return (int)ks->n++;
}

/* The control tags of a result array, in order of first appearance. */
static int
ls_tag_names(ann_json_val result, struct keys *tags)
{
	ann_json_iter it;
	ann_json_val res, from;

	if (ann_json_typeof(result) != ANN_JSON_ARRAY)
		return 0;
	ann_json_iter_init(&it, result);
	while (ann_json_next_elem(&it, &res))
		if (ann_json_get(res, "from_name", &from) == 0 && key_index(tags, from) < 0)
			return -1;
	return 0;
}

static int
ls_tags(ann_buf *b, int *first, ann_json_val result, struct keys tags)
{
	int bad = 0;

	/* Each tag once, where it first appears, with all its results. */
	for (size_t i = 0; i < tags.n && !bad; i++) {
		if ((!*first && ann_buf_put(b, ",", 1) != 0) || put_json(b, tags.k[i]) != 0 ||
		    ann_buf_put(b, ":", 1) != 0 || put_tag(b, result, tags.k[i]) != 0)
			bad = 1;
		*first = 0;
	}
	return bad ? -1 : 0;
}

static int
lb_value(ann_buf *b, const ann_region *r)
{
	if (r->kind == ANN_KIND_TEXT)
		return put_json(b, r->text);
	if (r->kind == ANN_KIND_CHOICE && r->nlabels == 1)
		return put_json(b, r->labels[0]);
	if (r->kind == ANN_KIND_CHOICE) {
		if (ann_buf_put(b, "[", 1) != 0)
			return -1;
		for (size_t k = 0; k < r->nlabels; k++)
			if ((k && ann_buf_put(b, ",", 1) != 0) || put_json(b, r->labels[k]) != 0)
				return -1;
		return ann_buf_put(b, "]", 1);
	}
	return put_json(b, r->raw);
}

static ann_json_val
lb_key(const ann_region *r)
{
	if (r->kind == ANN_KIND_CHOICE || r->kind == ANN_KIND_TEXT)
		return r->from_name;
	return r->nlabels ? r->labels[0] : (ann_json_val){ NULL, 0 };
}

/*
 * Labelbox: feature name -> answer for classifications, the raw objects
 * for the rest; a name used more than once gives the list of its values.
 */
static int
lb_tags(ann_view *v, ann_buf *b, int *first, const ann_annotation *a)
{
	struct keys names = { NULL, 0, 0 };
	const ann_region *regions;
	size_t n;
	int bad = 0;

	if (ann_view_regions(v, a, &regions, &n) != ANN_OK)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (ann_json_typeof(lb_key(&regions[i])) == ANN_JSON_STRING &&
		    key_index(&names, lb_key(&regions[i])) < 0)
			bad = 1;
	for (size_t k = 0; k < names.n && !bad; k++) {
		size_t count = 0;
		for (size_t i = 0; i < n; i++) {
			ann_json_val key = lb_key(&regions[i]);
			count += key.n == names.k[k].n && memcmp(key.p, names.k[k].p, key.n) == 0;
		}
		if ((!*first && ann_buf_put(b, ",", 1) != 0) || put_json(b, names.k[k]) != 0 ||
		    ann_buf_put(b, count > 1 ? ":[" : ":", count > 1 ? 2 : 1) != 0)
			bad = 1;
		*first = 0;
		for (size_t i = 0, done = 0; i < n && !bad; i++) {
			ann_json_val key = lb_key(&regions[i]);
			if (key.n != names.k[k].n || memcmp(key.p, names.k[k].p, key.n) != 0)
				continue;
			if ((done++ && ann_buf_put(b, ",", 1) != 0) || lb_value(b, &regions[i]) != 0)
				bad = 1;
		}
		if (!bad && count > 1 && ann_buf_put(b, "]", 1) != 0)
			bad = 1;
	}
	free(names.k);
	return bad ? -1 : 0;
}

ann_status
ann_jsonmin_item(ann_view *v, const ann_annotation *a, ann_buf *b)
{
	const ann_task *t = ann_view_task(v);
	int lb = t->shape == ANN_SHAPE_LABELBOX_V2 || t->shape == ANN_SHAPE_LABELBOX_V1;
	struct keys tags = { NULL, 0, 0 };
	ann_json_iter it;
	ann_json_val key, val;
	ann_status st = ANN_FATAL;
	int first = 1;

	b->len = 0;
	if (a != NULL && !lb && ls_tag_names(a->result, &tags) != 0)
		goto out;
	if (ann_buf_put(b, "{", 1) != 0)
		goto out;
	/*
	 * Data fields first.  One named like the task id or a tag would be
	 * hidden by it (Label Studio's JSON_MIN loses it), so it is renamed
	 * _data_NAME, as Label Studio's CSV export does.
	 */
	if (ann_json_typeof(t->data) == ANN_JSON_OBJECT && t->shape != ANN_SHAPE_LABELBOX_V1) {
		ann_json_iter_init(&it, t->data);
		while (ann_json_next_member(&it, &key, &val)) {
			if (ann_json_str_eq(key, "id") && val.n == t->id.n &&
			    memcmp(val.p, t->id.p, val.n) == 0)
				continue;	/* Labelbox: data_row.id is the task id */
			if (!ann_json_str_eq(key, "id") && key_find(&tags, key) < 0) {
				if (put_member(b, &first, key, val) != 0)
					goto out;
				continue;
			}
			if ((!first && ann_buf_put(b, ",", 1) != 0) ||
			    ann_buf_put(b, "\"_data_", 7) != 0 ||
			    ann_buf_put(b, key.p + 1, key.n - 1) != 0 ||
			    ann_buf_put(b, ":", 1) != 0 || put_json(b, val) != 0)
				goto out;
			first = 0;
		}
	}
	if (put_named(b, &first, "id", t->id) != 0)
		goto out;
	if (a != NULL) {
		int bad = lb ? lb_tags(v, b, &first, a) : ls_tags(b, &first, a->result, tags);
		ann_json_val who = a->author, email;
		if (ann_json_typeof(who) == ANN_JSON_OBJECT && ann_json_get(who, "email", &email) == 0)
			who = email;
		if (bad != 0 || put_named(b, &first, "annotator", who) != 0 ||
		    put_named(b, &first, "annotation_id", a->id) != 0 ||
		    put_named(b, &first, "created_at", a->created) != 0 ||
		    put_named(b, &first, "updated_at", a->updated) != 0 ||
		    put_named(b, &first, "lead_time", a->lead_time) != 0)
			goto out;
	}
	ann_json_val agreement = { NULL, 0 };
	if (ann_json_get(t->record, "agreement", &agreement) == 0 &&
	    put_named(b, &first, "agreement", agreement) != 0)
		goto out;
	if (ann_buf_put(b, "}", 1) == 0)
		st = ANN_OK;
out:
	free(tags.k);
	return st;
}
