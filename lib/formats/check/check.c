/*
 * check.c: the checker's handle and its walk over a record: the task
 * itself (rule "task"), then, as a sink, each chosen set (the ids of its
 * results, and the rules of check_names.c and the files below it for each
 * result) and each of its
 * regions as the region model resolves them (their geometry).
 *
 * The task is looked at in the record before the view loads it: the view
 * reads what it can of a task and passes over what it cannot (a set that
 * is not an object, a data that is not one), and those are exactly what
 * the task rule is about.
 */
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include "ann_check.h"
#include "check_private.h"
#include "util_private.h"

ann_check *
ann_check_new(const ann_check_opts *o, ann_error *err)
{
	ann_check *k = calloc(1, sizeof *k);
	size_t n = 0;

	if (k == NULL) {
		ann__error_set(err, "out of memory");
		return NULL;
	}
	k->o = *o;
	if ((k->cache = ann__json_cache_new()) == NULL) {
		free(k);
		ann__error_set(err, "out of memory");
		return NULL;
	}
	k->o.sets.newest = 0;	/* every set: each is imported */
	k->ncontrols = ann_labelconfig_controls(o->config, &k->controls);
	k->nobjects = ann_labelconfig_objects(o->config, &k->objects);
	for (size_t i = 0; i < k->ncontrols && n < sizeof k->control_list; i++) {
		if (n + strlen(k->controls[i].name) + 8 > sizeof k->control_list) {
			snprintf(k->control_list + n, sizeof k->control_list - n, ", ...");
			break;
		}
		n += (size_t)snprintf(k->control_list + n, sizeof k->control_list - n,
		    "%s%s", i ? ", " : "", k->controls[i].name);
	}
	if (k->ncontrols == 0)
		snprintf(k->control_list, sizeof k->control_list, "none");
	if (ann__check_labels_index(k) != 0) {
		ann_check_free(k);
		ann__error_set(err, "out of memory");
		return NULL;
	}
	return k;
}

void
ann_check_free(ann_check *k)
{
	if (k == NULL)
		return;
	ann__json_cache_free(k->cache);
	ann__check_labels_free(k);
	free(k->scratch);
	free(k->set_starts[0]);
	free(k->set_starts[1]);
	free(k->starts);
	free(k->ids);
	free(k->relations);
	free(k->sizes);
	free(k->text.buf);
	free(k->text.marks);
	free(k->paras.items);
	ann__check_html_free(k->html);
	free(k);
}

const ann_check_counts *
ann_check_counted(const ann_check *k)
{
	return &k->n;
}

/* The type an object tag's data must have. */
static int
data_fits(const ann_cfg_object *o, ann_json_type t, const char **want)
{
	if (o->list) {
		*want = "a list";
		return t == ANN_JSON_ARRAY;
	}
	if (strcmp(o->tag, "Paragraphs") == 0) {
		*want = "a list (or a URL)";
		return t == ANN_JSON_ARRAY || t == ANN_JSON_STRING;
	}
	if (strcmp(o->tag, "Table") == 0 || strcmp(o->tag, "TimeSeries") == 0) {
		*want = "an object (or a URL)";
		return t == ANN_JSON_OBJECT || t == ANN_JSON_STRING;
	}
	*want = "a string";
	return t == ANN_JSON_STRING;
}

/* Every object tag's $key is in data, of the type the tag reads. */
static void
check_data(ann_check *k, ann_json_val data)
{
	char key[256];
	ann_json_val v;

	for (size_t i = 0; i < k->nobjects; i++) {
		const ann_cfg_object *o = &k->objects[i];
		/* $images[{{idx}}].url (a Repeater): the list is data.images. */
		size_t n = strcspn(o->key, "[.");
		int whole = o->key[n] == '\0';
		if (n == 0 || n >= sizeof key)
			continue;
		memcpy(key, o->key, n);
		key[n] = '\0';
		if (ann__check_member(k, data, key, &v) != 0) {
			ann__check_say(k, ANN_RULE_TASK, ANN_CHECK_ERROR, "data has no \"%s\", "
			    "the key of %s \"%s\" (%s=\"$%s\")", key, o->tag, o->name,
			    o->list ? "valueList" : "value", o->key);
			continue;
		}
		const char *want;
		if (whole ? !data_fits(o, ann_json_typeof(v), &want) :
		    ann_json_typeof(v) != ANN_JSON_ARRAY) {
			if (!whole)
				want = "a list";
			ann__check_say(k, ANN_RULE_TASK, ANN_CHECK_ERROR, "data.%s is %s, "
			    "not %s (%s \"%s\")", key, ann__check_type_of(v),
			    want, o->tag, o->name);
		}
	}
}

/* Note where a set starts, to tell its index when the sink meets it. */
static int
note_set(ann_check *k, int kind, const char *p)
{
	if (ann__grow((void **)&k->set_starts[kind], &k->capset_starts[kind],
	    k->nset_starts[kind] + 1, sizeof *k->set_starts[kind]) != 0)
		return -1;
	k->set_starts[kind][k->nset_starts[kind]++] = p;
	return 0;
}

/* One set as the task holds it: an object, with a result list. */
static void
check_set_shape(ann_check *k, ann_json_val s, int prediction)
{
	enum { RESULT, MODEL, SCORE, N };
	static const char *const keys[N] = { "result", "model_version", "score" };
	ann_json_val m[N];
	double d;

	if (ann_json_typeof(s) != ANN_JSON_OBJECT) {
		ann__check_say(k, ANN_RULE_TASK, ANN_CHECK_ERROR, "is %s, not an object",
		    ann__check_type_of(s));
		return;
	}
	ann__json_getn(k->cache, s, keys, N, m);
	if (ann_json_typeof(m[RESULT]) != ANN_JSON_ARRAY)
		ann__check_say(k, ANN_RULE_TASK, ANN_CHECK_ERROR, "result is %s, not a "
		    "list", ann__check_type_of(m[RESULT]));
	if (m[MODEL].p != NULL && ann_json_typeof(m[MODEL]) != ANN_JSON_STRING)
		ann__check_say(k, ANN_RULE_TASK, ANN_CHECK_ERROR, "model_version is %s, "
		    "not a string", ann__check_type_of(m[MODEL]));
	if (prediction && m[SCORE].p != NULL && ann_json_typeof(m[SCORE]) != ANN_JSON_NULL &&
	    (ann_json_typeof(m[SCORE]) != ANN_JSON_NUMBER ||
	    !((d = ann_json_double(m[SCORE])) >= 0 && d <= 1))) {
		char a[64];
		ann__check_say(k, ANN_RULE_TASK, ANN_CHECK_ERROR, "score is %s, not a "
		    "number from 0 to 1", ann_json_typeof(m[SCORE]) == ANN_JSON_NUMBER ?
		    ann__check_text(m[SCORE], a, sizeof a, 40) :
		    ann__check_type_of(m[SCORE]));
	}
}

/* Rule "task": predictions or annotations, each a list of sets. */
static int
check_sets(ann_check *k, ann_json_val list, const char *name, int prediction)
{
	ann_json_iter it;
	ann_json_val s;
	unsigned from = k->o.sets.from ? k->o.sets.from : ANN_SETS_ANNOTATIONS;
	int chosen = (from & (prediction ? ANN_SETS_PREDICTIONS : ANN_SETS_ANNOTATIONS)) != 0;

	if (list.p == NULL || !chosen)
		return 0;
	if (ann_json_typeof(list) != ANN_JSON_ARRAY) {
		ann__check_say(k, ANN_RULE_TASK, ANN_CHECK_ERROR, "%s is %s, not a list",
		    name, ann__check_type_of(list));
		return 0;
	}
	k->pos.set_kind = prediction ? 2 : 1;
	k->pos.set = 0;
	ann__json_iter_init(&it, list, k->cache);
	for (; ann_json_next_elem(&it, &s); k->pos.set++) {
		if (note_set(k, prediction, s.p) != 0)
			return -1;
		check_set_shape(k, s, prediction);
	}
	k->pos.set_kind = 0;
	return 0;
}

ann_status
ann_check_record(ann_check *k, ann_sink *s, ann_view *v, ann_skips *skips,
    const ann_record *rec)
{
	enum { DATA, ID, PREDICTIONS, ANNOTATIONS, COMPLETIONS, DATA_ROW, V1, N };
	static const char *const keys[N] = {
		"data", "id", "predictions", "annotations", "completions", "data_row",
		"DataRow ID"
	};
	ann_json_val root = { rec->data, rec->len }, m[N];

	memset(&k->pos, 0, sizeof k->pos);
	k->pos.result = -1;
	ann__json_cache_load(k->cache, rec->data, rec->data + rec->len, rec->ends,
	    rec->nends);
	k->nset_starts[0] = k->nset_starts[1] = 0;
	k->nsizes = 0;
	k->err[0] = '\0';
	k->text.of = NULL;	/* the next record may sit where this one did */
	k->text.object = NULL;
	k->paras.object = NULL;
	k->html_object = NULL;
	k->data.p = NULL;
	k->n.tasks++;
	if (ann_json_typeof(root) != ANN_JSON_OBJECT) {
		ann__check_say(k, ANN_RULE_TASK, ANN_CHECK_ERROR, "a task is a JSON "
		    "object, and this is %s", ann__check_type_of(root));
		return ANN_OK;
	}
	ann__json_getn(k->cache, root, keys, N, m);
	k->pos.task = m[ID];
	if (ann_json_typeof(m[DATA]) == ANN_JSON_OBJECT)
		k->data = m[DATA];
	if (m[DATA_ROW].p != NULL || m[V1].p != NULL) {
		ann__check_say(k, ANN_RULE_TASK, ANN_CHECK_ERROR, "a Labelbox row, not a "
		    "Label Studio task");
		return ANN_OK;
	}
	if (ann_json_typeof(m[DATA]) == ANN_JSON_OBJECT)
		check_data(k, m[DATA]);
	else if (m[DATA].p == NULL)
		ann__check_say(k, ANN_RULE_TASK, ANN_CHECK_ERROR, "has no data: the "
		    "object the config's $keys name");
	else
		ann__check_say(k, ANN_RULE_TASK, ANN_CHECK_ERROR, "data is %s, not an "
		    "object", ann__check_type_of(m[DATA]));
	if (check_sets(k, m[ANNOTATIONS].p != NULL ? m[ANNOTATIONS] : m[COMPLETIONS],
	    m[ANNOTATIONS].p != NULL ? "annotations" : "completions", 0) != 0 ||
	    check_sets(k, m[PREDICTIONS], "predictions", 1) != 0) {
		s->err = "out of memory";
		return ANN_FATAL;
	}
	/* Without an object for data the view has no task to read. */
	if (ann_json_typeof(m[DATA]) != ANN_JSON_OBJECT &&
	    ann_json_typeof(m[ANNOTATIONS]) != ANN_JSON_ARRAY &&
	    ann_json_typeof(m[COMPLETIONS]) != ANN_JSON_ARRAY)
		return ANN_OK;
	return ann_sink_record(s, v, skips, rec);
}

/* The index of the pointer p in the increasing list a of n, or -1. */
static long
find_start(const char *const *a, size_t n, const char *p)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a[mid] < p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && a[lo] == p ? (long)lo : -1;
}

/* Rule "ids" for one result: an id, a non-empty string. */
static int
check_id(ann_check *k, const ann_json_val *m, size_t index)
{
	enum { ID = ANN__RES_ID, TYPE = ANN__RES_TYPE, FROM = ANN__RES_FROM,
	    VALUE = ANN__RES_VALUE };
	char a[64];

	k->pos.region = m[ID];
	switch (ann_json_typeof(m[ID])) {
	case ANN_JSON_STRING:
		if (m[ID].n == 2)
			ann__check_say(k, ANN_RULE_IDS, ANN_CHECK_ERROR, "id is empty");
		break;
	case ANN_JSON_NUMBER:
		ann__check_say(k, ANN_RULE_IDS, ANN_CHECK_ERROR, "id %s is a number: "
		    "ids are strings", ann__check_text(m[ID], a, sizeof a, 40));
		break;
	case ANN_JSON_NONE:
		/* A relation is named by the ids it joins. */
		if (ann_json_typeof(m[TYPE]) == ANN_JSON_STRING &&
		    ann_json_str_eq(m[TYPE], "relation"))
			return 0;
		ann__check_say(k, ANN_RULE_IDS, ANN_CHECK_ERROR, "has no id");
		return 0;
	default:
		ann__check_say(k, ANN_RULE_IDS, ANN_CHECK_ERROR, "id is %s, not a string",
		    ann__check_type_of(m[ID]));
		return 0;
	}
	if (ann__grow((void **)&k->ids, &k->capids, k->nids + 1, sizeof *k->ids) != 0)
		return -1;
	struct ann__check_id *e = &k->ids[k->nids++];
	e->id = m[ID];
	e->from_name = m[FROM];
	e->value = m[VALUE];
	e->result = index;
	return 0;
}

/* Two texts as written, in byte order (a missing one first). */
static int
bytes_cmp(ann_json_val a, ann_json_val b)
{
	size_t n = a.n < b.n ? a.n : b.n;
	int c = n > 0 ? memcmp(a.p, b.p, n) : 0;

	return c != 0 ? c : (a.n > b.n) - (a.n < b.n);
}

/* By id, then from_name, then place: a control's repeats sit together. */
static int
by_id(const void *a, const void *b)
{
	const struct ann__check_id *x = a, *y = b;
	int c = bytes_cmp(x->id, y->id);

	if (c == 0)
		c = bytes_cmp(x->from_name, y->from_name);
	return c != 0 ? c : (x->result > y->result) - (x->result < y->result);
}

static int
same_text(ann_json_val a, ann_json_val b)
{
	return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

/*
 * Facets of one region (the OCR template's rectangle, labels and
 * transcription) repeat its geometry; a tool rounding differently
 * (9.73333 and 9.7333 in Label Studio's own example) is still one region,
 * so numbers within a thousandth of a percent agree.
 */
static void
compare_geometry(ann_check *k, const struct ann__check_id *first,
    const struct ann__check_id *e)
{
	static const char *const keys[] = {
		"x", "y", "width", "height", "radiusX", "radiusY", "rotation",
		"start", "end", "startOffset", "endOffset"
	};
	enum { N = sizeof keys / sizeof *keys };
	ann_json_val a[N], b[N];

	ann__json_getn(k->cache, first->value, keys, N, a);
	ann__json_getn(k->cache, e->value, keys, N, b);
	for (size_t i = 0; i < N; i++) {
		if (ann_json_typeof(a[i]) != ANN_JSON_NUMBER ||
		    ann_json_typeof(b[i]) != ANN_JSON_NUMBER)
			continue;
		double x = ann_json_double(a[i]), y = ann_json_double(b[i]);
		if (fabs(x - y) <= 1e-3)
			continue;
		ann__check_say(k, ANN_RULE_IDS, ANN_CHECK_ERROR, "shares its id with "
		    "result %zu, as facets of one region do, but not its geometry: "
		    "%s is %.10g there and %.10g here", first->result, keys[i], x, y);
		return;
	}
}

/*
 * Rule "ids": unique in the list, but for the facets of one region.
 * Sorted, a result that repeats an id with the same from_name follows
 * the one it repeats, and each facet is compared with the first result
 * of its id: linear after the sort, however many results share an id.
 */
static void
check_unique(ann_check *k)
{
	if (k->nids > 1)
		qsort(k->ids, k->nids, sizeof *k->ids, by_id);
	for (size_t i = 0, j; i < k->nids; i = j) {
		size_t first = i;
		for (j = i + 1; j < k->nids && same_text(k->ids[j].id, k->ids[i].id); j++)
			if (k->ids[j].result < k->ids[first].result)
				first = j;
		for (size_t e = i; e < j; e++) {
			const struct ann__check_id *x = &k->ids[e];
			if (e == first)
				continue;
			k->pos.region = x->id;
			k->pos.result = (long)x->result;
			if (e > i && same_text(k->ids[e - 1].from_name, x->from_name))
				ann__check_say(k, ANN_RULE_IDS, ANN_CHECK_ERROR, "result %zu has "
				    "this id and the same from_name: ids are unique in a "
				    "result list", k->ids[e - 1].result);
			else
				compare_geometry(k, &k->ids[first], x);
		}
	}
}

/* Is id (as written) the id of a result of the list?  k->ids is sorted. */
static int
known_id(const ann_check *k, ann_json_val id)
{
	size_t lo = 0, hi = k->nids;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		ann_json_val m = k->ids[mid].id;
		size_t n = m.n < id.n ? m.n : id.n;
		int c = memcmp(m.p, id.p, n);
		if (c == 0)
			c = (m.n > id.n) - (m.n < id.n);
		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Rule "relations": both ends name results of the list; a known direction. */
static void
check_relations(ann_check *k, ann_json_val list)
{
	enum { FROM, TO, DIRECTION, N };
	static const char *const keys[N] = { "from_id", "to_id", "direction" };
	ann_json_iter it;
	ann_json_val res, m[N];
	size_t i = 0, r = 0;
	char a[96];

	if (k->nrelations == 0)
		return;
	ann__json_iter_init(&it, list, k->cache);
	for (; r < k->nrelations && ann_json_next_elem(&it, &res); i++) {
		if (i != k->relations[r])
			continue;
		r++;
		k->pos.result = (long)i;
		k->pos.region.p = NULL;
		ann__json_getn(k->cache, res, keys, N, m);
		for (int e = FROM; e <= TO; e++) {
			if (ann_json_typeof(m[e]) != ANN_JSON_STRING)
				ann__check_say(k, ANN_RULE_RELATIONS, ANN_CHECK_ERROR, "%s is %s, "
				    "not the id of a result", keys[e],
				    ann__check_type_of(m[e]));
			else if (!known_id(k, m[e]))
				ann__check_say(k, ANN_RULE_RELATIONS, ANN_CHECK_ERROR, "%s \"%s\" "
				    "is the id of no result of this list", keys[e],
				    ann__check_text(m[e], a, sizeof a, 64));
		}
		if (m[DIRECTION].p != NULL && !ann_json_str_eq(m[DIRECTION], "left") &&
		    !ann_json_str_eq(m[DIRECTION], "right") &&
		    !ann_json_str_eq(m[DIRECTION], "bi"))
		{
			int str = ann_json_typeof(m[DIRECTION]) == ANN_JSON_STRING;
			ann__check_say(k, ANN_RULE_RELATIONS, ANN_CHECK_ERROR, "direction "
			    "%s%s%s is not \"left\", \"right\" or \"bi\"", str ? "\"" : "",
			    str ? ann__check_text(m[DIRECTION], a, sizeof a, 64) :
			    ann__check_type_of(m[DIRECTION]), str ? "\"" : "");
		}
	}
}

static ann_status
on_set(void *self, const ann_sink_ctx *c, const ann_annotation *a)
{
	/* Every member of a result a rule reads, in one pass over it. */
	static const char *const result_keys[ANN__RES_N] = {
		[ANN__RES_ID] = "id", [ANN__RES_TYPE] = "type",
		[ANN__RES_FROM] = "from_name", [ANN__RES_TO] = "to_name",
		[ANN__RES_VALUE] = "value", [ANN__RES_OW] = "original_width",
		[ANN__RES_OH] = "original_height", [ANN__RES_ITEM] = "item_index"
	};
	ann_check *k = self;
	ann_json_iter it;
	ann_json_val res, m[ANN__RES_N];
	size_t i = 0;
	int kind = a->prediction ? 1 : 0;
	long index = find_start(k->set_starts[kind], k->nset_starts[kind], a->raw.p);

	(void)c;
	k->n.sets++;
	k->pos.set_kind = a->prediction ? 2 : 1;
	k->pos.set = index >= 0 ? (size_t)index : 0;
	k->nstarts = k->nids = k->nrelations = 0;
	if (ann_json_typeof(a->result) != ANN_JSON_ARRAY)
		return ANN_OK;	/* said by the task rule */
	ann__json_iter_init(&it, a->result, k->cache);
	for (; ann_json_next_elem(&it, &res); i++) {
		k->n.results++;
		k->pos.result = (long)i;
		k->pos.region.p = NULL;
		if (ann__grow((void **)&k->starts, &k->capstarts, k->nstarts + 1,
		    sizeof *k->starts) != 0)
			goto oom;
		k->starts[k->nstarts++] = res.p;
		if (ann_json_typeof(res) != ANN_JSON_OBJECT) {
			ann__check_say(k, ANN_RULE_TASK, ANN_CHECK_ERROR, "a result is %s, "
			    "not an object", ann__check_type_of(res));
			continue;
		}
		ann__json_getn(k->cache, res, result_keys, ANN__RES_N, m);
		if (check_id(k, m, i) != 0)
			goto oom;
		ann__check_result(k, m);
		if (ann_json_str_eq(m[ANN__RES_TYPE], "relation")) {
			if (ann__grow((void **)&k->relations, &k->caprelations,
			    k->nrelations + 1, sizeof *k->relations) != 0)
				goto oom;
			k->relations[k->nrelations++] = i;
		}
	}
	check_unique(k);
	check_relations(k, a->result);
	k->pos.result = -1;
	k->pos.region.p = NULL;
	return k->err[0] != '\0' ? ANN_FATAL : ANN_OK;
oom:
	snprintf(k->err, sizeof k->err, "out of memory");
	return ANN_FATAL;
}

static ann_status
on_region(void *self, const ann_sink_ctx *c, const ann_annotation *a,
    const ann_region *r, const ann_geom *g)
{
	ann_check *k = self;

	(void)c;
	(void)a;
	k->pos.region = r->id;
	k->pos.result = find_start(k->starts, k->nstarts, r->raw.p);
	ann__check_geometry(k, r, g);
	if (r->kind == ANN_KIND_MASK)
		ann__check_brush(k, r);
	if (r->kind == ANN_KIND_SPAN || r->kind == ANN_KIND_HYPERTEXT ||
	    r->kind == ANN_KIND_PARAGRAPH)
		ann__check_span(k, r, g);
	/* A check that ran out of memory said so in err: stop, never pass it. */
	return k->err[0] != '\0' ? ANN_FATAL : ANN_OK;
}

static ann_status
on_set_end(void *self, const ann_sink_ctx *c, const ann_annotation *a)
{
	ann_check *k = self;

	(void)c;
	(void)a;
	k->pos.set_kind = 0;
	k->pos.region.p = NULL;
	k->pos.result = -1;
	return ANN_OK;
}

static const char *
errmsg(const void *self)
{
	return ((const ann_check *)self)->err;
}

void
ann_check_sink(ann_check *k, ann_sink *s)
{
	static const ann_sink_ops ops = {
		.set = on_set, .region = on_region, .set_end = on_set_end,
		.errmsg = errmsg,
	};

	memset(s, 0, sizeof *s);
	s->ops = &ops;
	s->self = k;
	s->sets = k->o.sets;
}
