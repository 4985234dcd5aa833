/*
 * view.c: the task view: shape detection, loading a record through the
 * platform readers (Label Studio in view_ls.c, Labelbox in
 * view_labelbox.c), and the accessors.  What the readers fill the view
 * with is in view_build.c.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "json_private.h"
#include "util_private.h"
#include "view_build.h"

ann_view *
ann_view_new(void)
{
	ann_view *v = calloc(1, sizeof(ann_view));

	if (v != NULL && (v->cache = ann__json_cache_new()) == NULL) {
		free(v);
		return NULL;
	}
	return v;
}

void
ann_view_free(ann_view *v)
{
	if (v == NULL)
		return;
	free(v->projects);
	free(v->sets);
	free(v->regions);
	free(v->label0);
	free(v->labels);
	free(v->scratch);
	ann__json_cache_free(v->cache);
	free(v);
}

/*
 * Is WHO the author: a user id (number or string, by its text) or an
 * email, compared without case as email addresses are in practice?
 * Label Studio writes completed_by as a number or as {"id":..,"email":..};
 * Labelbox writes created_by as an email.
 */
int
ann_author_is(ann_json_val author, const char *who)
{
	static const char *const keys[] = { "id", "email" };
	ann_json_val m[2];
	char buf[512];
	size_t n;

	switch (ann_json_typeof(author)) {
	case ANN_JSON_NUMBER:
		return strlen(who) == author.n && memcmp(author.p, who, author.n) == 0;
	case ANN_JSON_STRING:
		if (author.n > sizeof buf - 1)
			return 0;
		n = ann_json_str_decode(author, buf);
		buf[n] = '\0';
		return strlen(buf) == n && strcasecmp(buf, who) == 0;
	case ANN_JSON_OBJECT:
		ann__json_getn(NULL, author, keys, 2, m);
		return ann_author_is(m[0], who) || ann_author_is(m[1], who);
	default:
		return 0;
	}
}


static ann_status ann__view_load(ann_view *v, const char *record, size_t len,
    const size_t *ends, size_t nends);

static ann_shape
detect(const ann_json_val *m)
{
	if (ann_json_typeof(m[ROOT_DATA_ROW]) == ANN_JSON_OBJECT)
		return ANN_SHAPE_LABELBOX_V2;
	if (m[ROOT_V1_ID].p != NULL)
		return ANN_SHAPE_LABELBOX_V1;
	if (ann_json_typeof(m[ROOT_ANNOTATIONS]) == ANN_JSON_ARRAY)
		return ANN_SHAPE_LS_TASK;
	if (ann_json_typeof(m[ROOT_COMPLETIONS]) == ANN_JSON_ARRAY)
		return ANN_SHAPE_LS_COMPLETIONS;
	if (ann_json_typeof(m[ROOT_TASK]) == ANN_JSON_OBJECT &&
	    ann_json_typeof(m[ROOT_RESULT]) == ANN_JSON_STRING)
		return ANN_SHAPE_LS_2019;
	/* A task not yet labeled: data, and maybe predictions. */
	if (ann_json_typeof(m[ROOT_DATA]) == ANN_JSON_OBJECT)
		return ANN_SHAPE_LS_TASK;
	return ANN_SHAPE_UNKNOWN;
}

ann_status
ann_view_load(ann_view *v, const char *record, size_t len)
{
	return ann__view_load(v, record, len, NULL, 0);
}

ann_status
ann_view_load_record(ann_view *v, const ann_record *rec)
{
	return ann__view_load(v, rec->data, rec->len, rec->ends, rec->nends);
}

static ann_status
ann__view_load(ann_view *v, const char *record, size_t len,
    const size_t *ends, size_t nends)
{
	static const char *const keys[ROOT_N] = {
		[ROOT_DATA_ROW] = "data_row", [ROOT_V1_ID] = "DataRow ID",
		[ROOT_ANNOTATIONS] = "annotations", [ROOT_COMPLETIONS] = "completions",
		[ROOT_TASK] = "task", [ROOT_RESULT] = "result", [ROOT_DATA] = "data",
		[ROOT_ID] = "id", [ROOT_CREATED] = "created_at",
		[ROOT_UPDATED] = "updated_at", [ROOT_PROJECT] = "project",
		[ROOT_PREDICTIONS] = "predictions", [ROOT_MEDIA] = "media_attributes",
		[ROOT_PROJECTS] = "projects",
	};
	ann_json_val root = { record, len }, m[ROOT_N];
	ann_error why;

	memset(&v->task, 0, sizeof v->task);
	v->nprojects = v->nsets = v->nregions = v->nlabels = 0;
	v->sets_pending = 0;
	v->task.record = root;
	v->task.width = v->task.height = -1;
	if (ann_json_typeof(root) != ANN_JSON_OBJECT)
		return ann__view_fail(v, "not a task: a record must be a JSON object");
	/* What the reader found of the record is where look-ups start. */
	ann__json_cache_load(v->cache, record, record + len, ends, nends);
	ann__json_getn(v->cache, root, keys, ROOT_N, m);
	v->task.shape = detect(m);
	/* Where ann_task_id looks, in its order, for ann_task_id_of. */
	v->task.id_from[0] = m[ROOT_ID];
	v->task.id_from[1] = m[ROOT_DATA_ROW];
	v->task.id_from[2] = m[ROOT_V1_ID];
	v->task.id_from[3] = m[ROOT_TASK];
	switch (v->task.shape) {
	case ANN_SHAPE_LABELBOX_V2:
	case ANN_SHAPE_LABELBOX_V1:
		return ann__lb_load(v, root, m);
	case ANN_SHAPE_UNKNOWN:
		/* Say what it is instead, when that can be told. */
		if (ann_view_not_a_task(record, len, &why) != 0)
			return ann__view_fail(v, "%s", why.msg);
		return ann__view_fail(v, "not a task of a known shape (no annotations, "
		    "completions, data, data_row or \"DataRow ID\")");
	default:
		return ann__ls_load(v, root, m);
	}
}

/* The shape of a value by its members, as ann__view_load tells it. */
static ann_shape
shape_of(ann_json_val obj)
{
	static const char *const keys[] = {
		[ROOT_DATA_ROW] = "data_row", [ROOT_V1_ID] = "DataRow ID",
		[ROOT_ANNOTATIONS] = "annotations", [ROOT_COMPLETIONS] = "completions",
		[ROOT_TASK] = "task", [ROOT_RESULT] = "result", [ROOT_DATA] = "data",
	};
	ann_json_val m[ROOT_N] = { { 0 } };

	if (ann_json_typeof(obj) != ANN_JSON_OBJECT)
		return ANN_SHAPE_UNKNOWN;
	ann__json_getn(NULL, obj, keys, sizeof keys / sizeof *keys, m);
	return detect(m);
}

/*
 * The members an error body from a platform's API may have: Django REST
 * framework's {"detail": ...}, Label Studio's handler adding id,
 * status_code, version and exc_info, GraphQL's {"errors": [...], "data":
 * null}.  Only an object made of these alone, with one of detail, error
 * or errors, is taken for one: a flat task may well have a "message".
 */
static int
error_member(ann_json_val k, ann_json_val v, int *says)
{
	static const char *const said[] = { "detail", "error", "errors" };
	static const char *const also[] = {
		"message", "status_code", "status", "code", "id", "version",
		"exc_info", "validation_errors", "extensions", "title", "type",
		"request_id"
	};

	for (size_t i = 0; i < sizeof said / sizeof *said; i++)
		if (ann_json_str_eq(k, said[i]))
			return *says = 1;
	for (size_t i = 0; i < sizeof also / sizeof *also; i++)
		if (ann_json_str_eq(k, also[i]))
			return 1;
	return ann_json_str_eq(k, "data") && ann_json_typeof(v) == ANN_JSON_NULL;
}

int
ann_view_not_a_task(const char *record, size_t len, ann_error *err)
{
	ann_json_val root = { record, len }, k, e, first, page = { 0 }, pagekey = { 0 };
	ann_json_iter it, items;
	int says = 0, only_error = 1, next = 0, full = 0;

	if (ann_json_typeof(root) != ANN_JSON_OBJECT || shape_of(root) != ANN_SHAPE_UNKNOWN)
		return 0;
	ann_json_iter_init(&it, root);
	while (ann_json_next_member(&it, &k, &e)) {
		only_error &= error_member(k, e, &says);
		next |= ann_json_str_eq(k, "next");
		if (ann_json_typeof(e) != ANN_JSON_ARRAY || page.p != NULL)
			continue;
		/* A member holding tasks, or an empty one beside "next". */
		ann_json_iter_init(&items, e);
		int some = ann_json_next_elem(&items, &first);
		if (!some || shape_of(first) != ANN_SHAPE_UNKNOWN) {
			page = e;
			pagekey = k;
			full = some;
		}
	}
	if (says && only_error) {
		ann__error_set(err, "not a task: an error the server sent in place "
		    "of the export: %.*s%s", len > 200 ? 200 : (int)len, record,
		    len > 200 ? "..." : "");
		return -1;
	}
	if (page.p != NULL && (next || full)) {
		char key[128];
		size_t n = pagekey.n <= sizeof key ? ann_json_str_decode(pagekey, key) : 0;
		ann__error_set(err, "not a task: a page of tasks, %s \"%.*s\": "
		    "add --unwrap %.*s", full ? "the tasks in" : "with no tasks in",
		    (int)n, key, (int)n, key);
		return -1;
	}
	return 0;
}

const ann_task *
ann_view_task(const ann_view *v)
{
	return &v->task;
}

size_t
ann_view_projects(const ann_view *v, const ann_project **projects)
{
	*projects = v->projects;
	return v->nprojects;
}

ann_status
ann_view_annotations(ann_view *v, const ann_annotation **sets, size_t *n)
{
	ann_status st = ANN_OK;

	if (v->sets_pending) {
		v->sets_pending = 0;
		st = ann__lb_sets(v);
	}
	*sets = v->sets;
	*n = v->nsets;
	return st;
}

ann_status
ann_view_regions(ann_view *v, const ann_annotation *a,
    const ann_region **regions, size_t *n)
{
	ann_status st;

	v->nregions = v->nlabels = 0;
	if (v->task.shape == ANN_SHAPE_LABELBOX_V2 ||
	    v->task.shape == ANN_SHAPE_LABELBOX_V1)
		st = ann__lb_regions(v, a);
	else
		st = ann__ls_regions(v, a);
	/* The label array may have moved while it grew: point at it now. */
	for (size_t i = 0; i < v->nregions; i++)
		v->regions[i].labels = v->nlabels ? &v->labels[v->label0[i]] : NULL;
	*regions = v->regions;
	*n = v->nregions;
	return st;
}

void
ann_view_want_kinds(ann_view *v, unsigned kinds)
{
	v->kinds = kinds;
}

void
ann_view_want_details(ann_view *v, int want)
{
	v->no_details = !want;
}

const char *
ann_view_errmsg(const ann_view *v)
{
	return v->err;
}

const char *
ann_kind_name(ann_kind k)
{
	static const char *const names[] = {
		"other", "rectangle", "polygon", "polyline", "ellipse", "keypoint",
		"mask", "span", "choice", "text", "rating", "number", "datetime",
		"taxonomy", "relation", "video", "segment", "paragraph",
		"hypertext", "timeseries"
	};
	return (size_t)k < sizeof names / sizeof *names ? names[k] : "other";
}

const char *
ann_shape_name(ann_shape s)
{
	switch (s) {
	case ANN_SHAPE_LS_TASK: return "label-studio";
	case ANN_SHAPE_LS_COMPLETIONS: return "label-studio-completions";
	case ANN_SHAPE_LS_2019: return "label-studio-2019";
	case ANN_SHAPE_LABELBOX_V2: return "labelbox-v2";
	case ANN_SHAPE_LABELBOX_V1: return "labelbox-v1";
	default: return "unknown";
	}
}

const char *
ann_platform_name(ann_shape s)
{
	return s == ANN_SHAPE_LABELBOX_V2 || s == ANN_SHAPE_LABELBOX_V1 ?
	    "labelbox" : "label-studio";
}
