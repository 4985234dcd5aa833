/*
 * check_result.c: the rule table, the one way a problem is reported, and
 * the rules about one result: its names against the config's controls,
 * its labels against that control's, its geometry (through the region
 * model, never scaled here).  check.c walks tasks and sets and calls in.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <stdlib.h>

#include "ann_check.h"
#include "ann_rle.h"
#include "check_private.h"
#include "util_private.h"

/*
 * One table: --list-rules prints it and the manual page's RULES section
 * holds the same entries (tests/check.sh compares them).  Each example is
 * a result that breaks only its rule, against the config of the manual's
 * example, and the message it gets.
 */
static const ann_check_rule rules[ANN_RULE_N] = {
	[ANN_RULE_TASK] = { "task", ANN_CHECK_ERROR,
	    "data is an object holding every object tag's $key (a string, a list "
	    "for valueList); predictions and annotations are lists of objects "
	    "with a result list; model_version is a string; a prediction's score "
	    "a number from 0 to 1",
	    "{\"data\":{\"img\":\"a.jpg\"},\"predictions\":[]}",
	    "data has no \"image\", the key of Image \"image\" (value=\"$image\")" },
	[ANN_RULE_IDS] = { "ids", ANN_CHECK_ERROR,
	    "every result has an id, a non-empty string, unique in its result "
	    "list, except the facets of one region (a rectangle, its labels and "
	    "its transcription), which share an id and its geometry",
	    "{\"id\":7,\"from_name\":\"label\",...}",
	    "id 7 is a number: ids are strings" },
	[ANN_RULE_NAMES] = { "names", ANN_CHECK_ERROR,
	    "from_name is a control of the config, to_name one of that "
	    "control's toName, and type the control's tag in lower case (or a "
	    "geometry tool's type ending in labels for a plain Labels control)",
	    "{\"from_name\":\"lable\",\"to_name\":\"image\",...}",
	    "from_name \"lable\" is not a control of the config (controls: "
	    "label, choice)" },
	[ANN_RULE_LABELS] = { "labels", ANN_CHECK_ERROR,
	    "labels, choices and taxonomy paths are values (or aliases) of that "
	    "control, byte for byte; a single-choice control has one choice",
	    "{\"value\":{\"rectanglelabels\":[\"car\"],...},...}",
	    "label \"car\" is not one of control \"label\" (did you mean \"Car\"?)" },
	[ANN_RULE_GEOMETRY] = { "geometry", ANN_CHECK_ERROR,
	    "image regions are in percent: finite, from 0 to 100, x+width and "
	    "y+height at most 100 (a warning when rotated), rotation from 0 to "
	    "below 360, ellipse radii at most 50, polygons of 3 points or more, "
	    "a keypoint's width above 0; numbers over 100 with the image's size "
	    "given look like pixels",
	    "{\"value\":{\"x\":340,\"y\":10,\"width\":20,\"height\":20,...},"
	    "\"original_width\":600,...}",
	    "x is 340, over 100: it looks like pixels (the image is 600 px wide); "
	    "Label Studio wants percent of the image" },
	[ANN_RULE_SIZES] = { "sizes", ANN_CHECK_WARNING,
	    "a region on an image gives original_width and original_height, whole "
	    "numbers above 0 (an error when not), the same for every result on "
	    "that image in the task (a warning when absent or different: "
	    "converters skip or misplace such regions)",
	    "{\"from_name\":\"label\",\"to_name\":\"image\",\"value\":{\"x\":10,...}}",
	    "has no original_width and original_height: converters skip regions "
	    "without the image's size" },
	[ANN_RULE_BRUSH] = { "brush", ANN_CHECK_ERROR,
	    "a brush region's value.rle is Label Studio's RLE, a list of bytes "
	    "from 0 to 255 with format \"rle\", whose header counts "
	    "width*height*4 values of the image's size and whose stream decodes "
	    "completely",
	    "{\"type\":\"brushlabels\",\"original_width\":10,"
	    "\"original_height\":10,\"value\":{\"format\":\"rle\",\"rle\":[0,0,1,144,...],...}}",
	    "the RLE's header counts 100 values: a 10x10 image needs 400 "
	    "(width*height*4)" },
	[ANN_RULE_SPANS] = { "spans", ANN_CHECK_ERROR,
	    "a span of a Text has whole-number ends, 0 <= start < end <= the "
	    "text's length in code points, and its value.text is that slice of "
	    "the task's text; HyperText and Paragraphs offsets are whole numbers "
	    "from 0, within the paragraphs given",
	    "{\"from_name\":\"ner\",\"to_name\":\"text\",\"value\":{\"start\":0,"
	    "\"end\":4,\"text\":\"Ann\",...}} on the text \"Anna went to Paris.\"",
	    "value.text \"Ann\" is not the text at 0..4 (\"Anna\")" },
	[ANN_RULE_ANSWERS] = { "answers", ANN_CHECK_ERROR,
	    "a Rating is a whole number from 0 to its maxRating (5 unless "
	    "given); a Number within its min and max; a TextArea's text a list "
	    "of strings; a DateTime in the form its only= asks for "
	    "(2024-03-01T12:30, 2024-03-01, 12:30, 2024-03 or 2024)",
	    "{\"from_name\":\"stars\",\"type\":\"rating\",\"value\":{\"rating\":7}} "
	    "with <Rating name=\"stars\" maxRating=\"5\" .../>",
	    "rating 7 is not a whole number from 0 to 5 (maxRating)" },
	[ANN_RULE_RELATIONS] = { "relations", ANN_CHECK_ERROR,
	    "a relation's from_id and to_id are ids of results of the same result "
	    "list, and its direction, when given, is left, right or bi",
	    "{\"type\":\"relation\",\"from_id\":\"a\",\"to_id\":\"zz\","
	    "\"direction\":\"right\"}",
	    "to_id \"zz\" is the id of no result of this list" },
};

const ann_check_rule *
ann_check_rules(size_t *n)
{
	*n = ANN_RULE_N;
	return rules;
}

/* The text of a value for the position: 12, or "abc" quoted. */
static size_t
piece(char *dst, size_t cap, ann_json_val v)
{
	char buf[96];

	if (ann_json_typeof(v) == ANN_JSON_STRING)
		return (size_t)snprintf(dst, cap, "\"%s\"",
		    ann__check_text(v, buf, sizeof buf, 64));
	return (size_t)snprintf(dst, cap, "%s", ann__check_text(v, buf, sizeof buf, 40));
}

static void
format_where(ann_check *k)
{
	const struct ann__check_pos *p = &k->pos;
	size_t n = 0, cap = sizeof k->where;
	const char *sep = "";

	k->where[0] = '\0';
	if (p->task.p != NULL) {
		n += (size_t)snprintf(k->where + n, cap - n, "task ");
		n += piece(k->where + n, n < cap ? cap - n : 0, p->task);
		sep = ", ";
	}
	if (n < cap && p->set_kind != 0) {
		n += (size_t)snprintf(k->where + n, cap - n, "%s%s %zu", sep,
		    p->set_kind == 2 ? "prediction" : "annotation", p->set);
		sep = ", ";
	}
	if (n < cap && p->region.p != NULL) {
		n += (size_t)snprintf(k->where + n, cap - n, "%sregion ", sep);
		if (n < cap)
			piece(k->where + n, cap - n, p->region);
	} else if (n < cap && p->result >= 0)
		snprintf(k->where + n, cap - n, "%sresult %ld", sep, p->result);
}

void
ann__check_say(ann_check *k, ann_check_rule_id rule, ann_check_severity sev,
    const char *fmt, ...)
{
	va_list ap;
	ann_check_problem p;

	if (k->o.strict)
		sev = ANN_CHECK_ERROR;
	k->n.problems[rule][sev]++;
	if (k->o.report == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(k->msg, sizeof k->msg, fmt, ap);
	va_end(ap);
	format_where(k);
	p.rule = rule;
	p.severity = sev;
	p.task = k->pos.task;
	p.set_kind = k->pos.set_kind;
	p.set = k->pos.set;
	p.region = k->pos.region;
	p.result = k->pos.result;
	p.where = k->where;
	p.message = k->msg;
	k->o.report(k->o.report_ctx, &p);
}

const char *
ann__check_text(ann_json_val v, char *buf, size_t cap, size_t max)
{
	size_t n;

	if (cap == 0)
		return "";
	if (max > cap - 1)
		max = cap - 1;
	if (ann_json_typeof(v) == ANN_JSON_STRING && v.n <= cap) {
		n = ann_json_str_decode(v, buf);
	} else if (ann_json_typeof(v) == ANN_JSON_STRING) {
		/* Too long to decode here: its text between the quotes. */
		n = v.n - 2 < max ? v.n - 2 : max;
		memcpy(buf, v.p + 1, n);
	} else if (v.p == NULL) {
		n = 0;
	} else {
		n = v.n < max ? v.n : max;
		memcpy(buf, v.p, n);
	}
	if (n > max) {
		n = max;
		/* Not inside a character: back to the start of the one cut. */
		while (n > 0 && ((unsigned char)buf[n] & 0xC0) == 0x80)
			n--;
	}
	buf[n] = '\0';
	/* One problem, one line: no control characters in a message. */
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)buf[i] < 0x20 || buf[i] == 0x7f)
			buf[i] = '?';
	return buf;
}

int
ann__check_member(const ann_check *k, ann_json_val obj, const char *name,
    ann_json_val *out)
{
	ann_json_iter it;
	ann_json_val key, v;

	out->p = NULL;
	out->n = 0;
	if (ann_json_typeof(obj) != ANN_JSON_OBJECT)
		return -1;
	ann__json_iter_init(&it, obj, k->cache);
	while (ann_json_next_member(&it, &key, &v))
		if (ann_json_str_eq(key, name)) {
			*out = v;
			return 0;
		}
	return -1;
}

const ann_cfg_control *
ann__check_control(const ann_check *k, ann_json_val from_name)
{
	char name[512];

	if (ann_json_typeof(from_name) != ANN_JSON_STRING || from_name.n > sizeof name)
		return NULL;
	size_t n = ann_json_str_decode(from_name, name);
	for (size_t i = 0; i < k->ncontrols; i++)
		if (ann_cfg_name_matches(k->controls[i].name, k->controls[i].index_flag,
		    name, n))
			return &k->controls[i];
	return NULL;
}

static const char *
type_name(ann_json_type t)
{
	switch (t) {
	case ANN_JSON_OBJECT: return "an object";
	case ANN_JSON_ARRAY: return "a list";
	case ANN_JSON_STRING: return "a string";
	case ANN_JSON_NUMBER: return "a number";
	case ANN_JSON_TRUE: case ANN_JSON_FALSE: return "a boolean";
	case ANN_JSON_NULL: return "null";
	default: return "missing";
	}
}

/* Is s the lower-case form of tag (ASCII), followed by suffix? */
static int
is_type_of(const char *s, size_t n, const char *tag, const char *suffix)
{
	size_t t = strlen(tag), x = strlen(suffix);

	if (n != t + x)
		return 0;
	for (size_t i = 0; i < t; i++)
		if (s[i] != tolower((unsigned char)tag[i]))
			return 0;
	return memcmp(s + t, suffix, x) == 0;
}

/*
 * Does a result of this type fit control c?  Its own type, the tag in
 * lower case; and for a plain <Labels> control, which Label Studio lets
 * label the regions of the geometry tools beside it, a tool's type with
 * "labels" after it (rectanglelabels beside a Rectangle).
 */
static int
type_fits(const ann_check *k, const ann_cfg_control *c, const char *type, size_t n)
{
	if (is_type_of(type, n, c->tag, ""))
		return 1;
	/* Label Studio's HyperTextLabels write their older name too. */
	if (strcmp(c->tag, "HyperTextLabels") == 0 && n == 10 &&
	    memcmp(type, "htmllabels", 10) == 0)
		return 1;
	if (strcmp(c->tag, "Labels") != 0)
		return 0;
	for (size_t i = 0; i < k->ncontrols; i++)
		if (is_type_of(type, n, k->controls[i].tag, "labels"))
			return 1;
	return 0;
}

static void
list_to_names(const ann_cfg_control *c, char *buf, size_t cap)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < c->nto_names && n < cap; i++)
		n += (size_t)snprintf(buf + n, cap - n, "%s%s", i ? ", " : "",
		    c->to_names[i]);
}

/* Rule 3: from_name, to_name, type.  The control named, or NULL. */
static const ann_cfg_control *
check_names(ann_check *k, ann_json_val from, ann_json_val to, ann_json_val type)
{
	char a[96], b[256];
	const ann_cfg_control *c;

	if (ann_json_typeof(from) != ANN_JSON_STRING) {
		ann__check_say(k, ANN_RULE_NAMES, ANN_CHECK_ERROR, "from_name is %s, "
		    "not a string naming a control (controls: %s)",
		    type_name(ann_json_typeof(from)), k->control_list);
		return NULL;
	}
	if ((c = ann__check_control(k, from)) == NULL) {
		ann__check_say(k, ANN_RULE_NAMES, ANN_CHECK_ERROR, "from_name \"%s\" is "
		    "not a control of the config (controls: %s)",
		    ann__check_text(from, a, sizeof a, 64), k->control_list);
		return NULL;
	}
	int fits = 0;
	if (ann_json_typeof(to) == ANN_JSON_STRING && to.n <= sizeof b) {
		size_t n = ann_json_str_decode(to, b);
		for (size_t i = 0; i < c->nto_names && !fits; i++)
			fits = ann_cfg_name_matches(c->to_names[i], c->index_flag, b, n);
		/* A Pairwise choice is about both objects: it names itself. */
		if (!fits && strcmp(c->tag, "Pairwise") == 0)
			fits = ann_cfg_name_matches(c->name, c->index_flag, b, n);
	}
	if (!fits) {
		char names[128];
		list_to_names(c, names, sizeof names);
		if (ann_json_typeof(to) != ANN_JSON_STRING)
			ann__check_say(k, ANN_RULE_NAMES, ANN_CHECK_ERROR, "to_name is %s, "
			    "not a string (control \"%s\" has toName \"%s\")",
			    type_name(ann_json_typeof(to)), c->name, names);
		else
			ann__check_say(k, ANN_RULE_NAMES, ANN_CHECK_ERROR, "to_name \"%s\" "
			    "is not a toName of control \"%s\" (toName \"%s\")",
			    ann__check_text(to, a, sizeof a, 64), c->name, names);
	}
	fits = 0;
	if (ann_json_typeof(type) == ANN_JSON_STRING && type.n <= sizeof b)
		fits = type_fits(k, c, b, ann_json_str_decode(type, b));
	if (!fits) {
		size_t t = strlen(c->tag);
		char want[64];
		for (size_t i = 0; i < t && i < sizeof want - 1; i++)
			want[i] = (char)tolower((unsigned char)c->tag[i]);
		want[t < sizeof want - 1 ? t : sizeof want - 1] = '\0';
		if (ann_json_typeof(type) != ANN_JSON_STRING)
			ann__check_say(k, ANN_RULE_NAMES, ANN_CHECK_ERROR, "type is %s, not "
			    "\"%s\" (control \"%s\" is a %s)", type_name(ann_json_typeof(type)),
			    want, c->name, c->tag);
		else
			ann__check_say(k, ANN_RULE_NAMES, ANN_CHECK_ERROR, "type \"%s\" does "
			    "not fit control \"%s\", a %s: its results are type \"%s\"",
			    ann__check_text(type, a, sizeof a, 64), c->name, c->tag, want);
	}
	return c;
}

/* The same but for case and the spaces around: a likely slip. */
static int
loosely_equal(const char *a, size_t an, const char *b)
{
	size_t bn = strlen(b);

	while (an > 0 && isspace((unsigned char)*a))
		a++, an--;
	while (an > 0 && isspace((unsigned char)a[an - 1]))
		an--;
	while (bn > 0 && isspace((unsigned char)*b))
		b++, bn--;
	while (bn > 0 && isspace((unsigned char)b[bn - 1]))
		bn--;
	return an == bn && strncasecmp(a, b, an) == 0;
}

/*
 * Option of c under parent (-1: the top; -2: anywhere, for flat lists)
 * that string v names by value or alias: its index, -1 when none does,
 * with a near miss in *near (or -1).
 */
static long
find_option(const ann_cfg_control *c, long parent, ann_json_val v, long *near)
{
	char buf[512];
	size_t n = 0;
	int decoded = v.n <= sizeof buf;

	*near = -1;
	if (decoded)
		n = ann_json_str_decode(v, buf);
	for (size_t i = 0; i < c->noptions; i++) {
		const ann_cfg_option *o = &c->options[i];
		if (parent != -2 && o->parent != parent)
			continue;
		if (ann_json_str_eq(v, o->value) ||
		    (o->alias != NULL && ann_json_str_eq(v, o->alias)))
			return (long)i;
		if (*near < 0 && decoded && (loosely_equal(buf, n, o->value) ||
		    (o->alias != NULL && loosely_equal(buf, n, o->alias))))
			*near = (long)i;
	}
	return -1;
}

/* "Airplane, Car", the options under parent, for a message. */
static void
list_options(const ann_cfg_control *c, long parent, char *buf, size_t cap)
{
	size_t n = 0, shown = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < c->noptions && n < cap; i++) {
		if (parent != -2 && c->options[i].parent != parent)
			continue;
		if (++shown > 8) {
			snprintf(buf + n, cap - n, ", ...");
			return;
		}
		n += (size_t)snprintf(buf + n, cap - n, "%s%s", shown > 1 ? ", " : "",
		    c->options[i].value);
	}
}

static void
no_such_option(ann_check *k, const ann_cfg_control *c, const char *what,
    ann_json_val v, long parent, long near)
{
	char a[96], list[200];

	if (near >= 0)
		ann__check_say(k, ANN_RULE_LABELS, ANN_CHECK_ERROR, "%s \"%s\" is not "
		    "one of control \"%s\" (did you mean \"%s\"?)", what,
		    ann__check_text(v, a, sizeof a, 64), c->name,
		    c->options[near].value);
	else {
		list_options(c, parent, list, sizeof list);
		ann__check_say(k, ANN_RULE_LABELS, ANN_CHECK_ERROR, "%s \"%s\" is not "
		    "one of control \"%s\" (%s)", what,
		    ann__check_text(v, a, sizeof a, 64), c->name,
		    list[0] != '\0' ? list : "it has none");
	}
}

/* A taxonomy path: each step a Choice under the one before. */
static void
check_path(ann_check *k, const ann_cfg_control *c, ann_json_val path)
{
	ann_json_iter it;
	ann_json_val step;
	long parent = -1, near;

	if (ann_json_typeof(path) != ANN_JSON_ARRAY) {
		ann__check_say(k, ANN_RULE_LABELS, ANN_CHECK_ERROR, "a taxonomy path is "
		    "%s, not a list of choices", type_name(ann_json_typeof(path)));
		return;
	}
	ann__json_iter_init(&it, path, k->cache);
	while (ann_json_next_elem(&it, &step)) {
		if (ann_json_typeof(step) != ANN_JSON_STRING) {
			ann__check_say(k, ANN_RULE_LABELS, ANN_CHECK_ERROR, "a step of a "
			    "taxonomy path is %s, not a string",
			    type_name(ann_json_typeof(step)));
			return;
		}
		long i = find_option(c, parent, step, &near);
		if (i < 0) {
			no_such_option(k, c, parent < 0 ? "taxonomy choice" :
			    "taxonomy step", step, parent, near);
			return;
		}
		parent = i;
	}
}

/* Does this control take a single choice (Choices' default)? */
static int
single_choice(const ann_cfg_control *c)
{
	return strcmp(c->tag, "Choices") == 0 && (c->choice == NULL ||
	    strcmp(c->choice, "single") == 0 || strcmp(c->choice, "single-radio") == 0);
}

/* Rule 4: the labels (choices, paths) of a result of control c. */
static void
check_labels(ann_check *k, const ann_cfg_control *c, ann_json_val type,
    ann_json_val value)
{
	char key[64];
	ann_json_val list = { NULL, 0 }, v;
	ann_json_iter it;
	size_t count = 0;
	long near;

	if (c->noptions == 0 || ann_json_typeof(value) != ANN_JSON_OBJECT)
		return;
	/* The labels are under the type's name: value.rectanglelabels. */
	if (ann_json_typeof(type) == ANN_JSON_STRING && type.n <= sizeof key) {
		key[ann_json_str_decode(type, key)] = '\0';
		ann__check_member(k, value, key, &list);
		if (list.p == NULL && strcmp(key, "hypertextlabels") == 0)
			ann__check_member(k, value, "htmllabels", &list);
	}
	if (list.p == NULL)
		ann__check_member(k, value, "labels", &list);
	if (list.p == NULL)
		return;
	if (ann_json_typeof(list) != ANN_JSON_ARRAY) {
		ann__check_say(k, ANN_RULE_LABELS, ANN_CHECK_ERROR, "the labels are %s, "
		    "not a list", type_name(ann_json_typeof(list)));
		return;
	}
	int taxonomy = strcmp(c->tag, "Taxonomy") == 0;
	const char *what = strcmp(c->tag, "Choices") == 0 ? "choice" : "label";
	ann__json_iter_init(&it, list, k->cache);
	while (ann_json_next_elem(&it, &v)) {
		count++;
		if (taxonomy) {
			check_path(k, c, v);
			continue;
		}
		if (ann_json_typeof(v) != ANN_JSON_STRING) {
			ann__check_say(k, ANN_RULE_LABELS, ANN_CHECK_ERROR, "a %s is %s, "
			    "not a string", what, type_name(ann_json_typeof(v)));
			continue;
		}
		if (find_option(c, -2, v, &near) < 0)
			no_such_option(k, c, what, v, -2, near);
	}
	if (count > 1 && single_choice(c))
		ann__check_say(k, ANN_RULE_LABELS, ANN_CHECK_ERROR, "control \"%s\" "
		    "takes one choice (choice=\"%s\"), and this has %zu", c->name,
		    c->choice != NULL ? c->choice : "single", count);
}

/* --- Rule 6: image sizes ------------------------------------------------ */

/* The object tag to_name names, or NULL. */
static const ann_cfg_object *
object_of(const ann_check *k, ann_json_val to)
{
	char name[512];
	size_t n;

	if (ann_json_typeof(to) != ANN_JSON_STRING || to.n > sizeof name)
		return NULL;
	n = ann_json_str_decode(to, name);
	for (size_t i = 0; i < k->nobjects; i++)
		if (ann_cfg_name_matches(k->objects[i].name, k->objects[i].index_flag,
		    name, n))
			return &k->objects[i];
	return NULL;
}

/* Does to_name name an Image of the config? */
static int
on_image(const ann_check *k, ann_json_val to)
{
	const ann_cfg_object *o = object_of(k, to);

	return o != NULL && strcmp(o->tag, "Image") == 0;
}

/* A size: 0 and its value, or -1 after saying what is wrong with it. */
static int
size_of(ann_check *k, const char *name, ann_json_val v, int64_t *out)
{
	char a[64];

	if (ann_json_typeof(v) == ANN_JSON_NUMBER && ann_json_int64(v, out) == 0 &&
	    *out > 0)
		return 0;
	ann__check_say(k, ANN_RULE_SIZES, ANN_CHECK_ERROR, "%s is %s: the image's "
	    "size in pixels is a whole number above 0", name,
	    ann_json_typeof(v) == ANN_JSON_NUMBER ? ann__check_text(v, a, sizeof a, 40) :
	    type_name(ann_json_typeof(v)));
	return -1;
}

/* Room for this many images' sizes per task; past it they go unchecked. */
#define SIZES_MAX 1024

static void
check_sizes(ann_check *k, ann_json_val res, ann_json_val to, ann_json_val value)
{
	enum { OW, OH, ITEM, N };
	static const char *const keys[N] = {
		"original_width", "original_height", "item_index"
	};
	static const char *const where[] = { "x", "points", "rle" };
	ann_json_val m[N], g[3];
	int64_t w, h, item = 0;

	if (!on_image(k, to) || ann_json_typeof(value) != ANN_JSON_OBJECT ||
	    ann__json_getn(k->cache, value, where, 3, g) == 0)
		return;	/* not a region on an image: no size needed */
	ann__json_getn(k->cache, res, keys, N, m);
	if (m[OW].p == NULL || m[OH].p == NULL) {
		ann__check_say(k, ANN_RULE_SIZES, ANN_CHECK_WARNING, "has no %s: "
		    "converters skip regions without the image's size",
		    m[OW].p == NULL && m[OH].p == NULL ? "original_width and "
		    "original_height" : m[OW].p == NULL ? "original_width" :
		    "original_height");
		return;
	}
	int bad = size_of(k, keys[OW], m[OW], &w) != 0;
	if (size_of(k, keys[OH], m[OH], &h) != 0 || bad)
		return;
	if (m[ITEM].p != NULL && (ann_json_int64(m[ITEM], &item) != 0 || item < 0))
		return;	/* not an image of the list: no size to compare with */
	for (size_t i = 0; i < k->nsizes; i++) {
		const struct ann__check_size *z = &k->sizes[i];
		if (z->item != item)
			continue;
		if (z->width != w || z->height != h)
			ann__check_say(k, ANN_RULE_SIZES, ANN_CHECK_WARNING, "the image is "
			    "%lldx%lld here and %lldx%lld in an earlier result of the task: "
			    "converters place regions by the size each gives",
			    (long long)w, (long long)h, (long long)z->width,
			    (long long)z->height);
		return;
	}
	if (k->nsizes < SIZES_MAX && ann__grow((void **)&k->sizes, &k->capsizes,
	    k->nsizes + 1, sizeof *k->sizes) == 0)
		k->sizes[k->nsizes++] = (struct ann__check_size){ item, w, h,
		    k->pos.region, k->pos.result };
}

/* --- Rule 9: answers ---------------------------------------------------- */

/* An attribute of the config as a number: 0, or -1 when it is not one. */
static int
attr_number(const char *s, double *d)
{
	char *end;

	if (s == NULL || *s == '\0')
		return -1;
	*d = strtod(s, &end);
	return *end == '\0' && isfinite(*d) ? 0 : -1;
}

/* n digits at s, each a digit: their value, or -1. */
static long
digits(const char *s, int n)
{
	long v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* YYYY-MM-DD at s: the number of bytes, or 0. */
static size_t
date_at(const char *s, size_t n, int parts)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	long y, m, d;

	if (n < 4 || (y = digits(s, 4)) < 0)
		return 0;
	if (parts == 1)
		return 4;
	if (n < 7 || s[4] != '-' || (m = digits(s + 5, 2)) < 1 || m > 12)
		return 0;
	if (parts == 2)
		return 7;
	if (n < 10 || s[7] != '-' || (d = digits(s + 8, 2)) < 1 || d > days[m - 1] ||
	    (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))))
		return 0;
	return 10;
}

/* HH:MM, or HH:MM:SS: the number of bytes, or 0. */
static size_t
time_at(const char *s, size_t n)
{
	long h, m, sec;

	if (n < 5 || (h = digits(s, 2)) < 0 || h > 23 || s[2] != ':' ||
	    (m = digits(s + 3, 2)) < 0 || m > 59)
		return 0;
	if (n >= 8 && s[5] == ':' && (sec = digits(s + 6, 2)) >= 0 && sec <= 59)
		return 8;
	return 5;
}

/*
 * Does s hold a value of the form a DateTime's only= asks for: "date",
 * "time", "month", "year", or date and time (the default)?
 */
static int
datetime_fits(const char *only, const char *s, size_t n, const char **form)
{
	size_t k;

	if (only == NULL || strstr(only, "date") != NULL) {
		int time = only == NULL || strstr(only, "time") != NULL;
		*form = time ? "2024-03-01T12:30" : "2024-03-01";
		if ((k = date_at(s, n, 3)) == 0)
			return 0;
		if (!time)
			return k == n;
		return n > k + 1 && (s[k] == 'T' || s[k] == ' ') &&
		    time_at(s + k + 1, n - k - 1) == n - k - 1;
	}
	if (strstr(only, "time") != NULL) {
		*form = "12:30";
		return time_at(s, n) == n;
	}
	if (strstr(only, "month") != NULL) {
		*form = "2024-03";
		return date_at(s, n, 2) == n;
	}
	*form = "2024";
	return date_at(s, n, 1) == n;
}

static void
check_answer(ann_check *k, const ann_cfg_control *c, ann_json_val value)
{
	ann_json_val v, e;
	ann_json_iter it;
	char a[96];
	double d, lo, hi;

	if (ann_json_typeof(value) != ANN_JSON_OBJECT)
		return;
	if (strcmp(c->tag, "Rating") == 0 && ann__check_member(k, value, "rating", &v) == 0) {
		if (attr_number(c->max_rating, &hi) != 0)
			hi = 5;
		d = ann_json_typeof(v) == ANN_JSON_NUMBER ? ann_json_double(v) : NAN;
		if (!(d == floor(d) && d >= 0 && d <= hi))
			ann__check_say(k, ANN_RULE_ANSWERS, ANN_CHECK_ERROR, "rating %s is "
			    "not a whole number from 0 to %g (maxRating)",
			    ann__check_text(v, a, sizeof a, 40), hi);
	} else if (strcmp(c->tag, "Number") == 0 && ann__check_member(k, value, "number", &v) == 0) {
		if (ann_json_typeof(v) != ANN_JSON_NUMBER || !isfinite(d = ann_json_double(v)))
			ann__check_say(k, ANN_RULE_ANSWERS, ANN_CHECK_ERROR, "number is %s, "
			    "not a finite number", ann_json_typeof(v) == ANN_JSON_NUMBER ?
			    ann__check_text(v, a, sizeof a, 40) : type_name(ann_json_typeof(v)));
		else if (attr_number(c->min, &lo) == 0 && d < lo)
			ann__check_say(k, ANN_RULE_ANSWERS, ANN_CHECK_ERROR, "number %.10g is "
			    "below the control's min=\"%s\"", d, c->min);
		else if (attr_number(c->max, &hi) == 0 && d > hi)
			ann__check_say(k, ANN_RULE_ANSWERS, ANN_CHECK_ERROR, "number %.10g is "
			    "above the control's max=\"%s\"", d, c->max);
	} else if (strcmp(c->tag, "TextArea") == 0 && ann__check_member(k, value, "text", &v) == 0) {
		int ok = ann_json_typeof(v) == ANN_JSON_ARRAY;
		if (ok) {
			ann__json_iter_init(&it, v, k->cache);
			while (ok && ann_json_next_elem(&it, &e))
				ok = ann_json_typeof(e) == ANN_JSON_STRING;
		}
		if (!ok)
			ann__check_say(k, ANN_RULE_ANSWERS, ANN_CHECK_ERROR, "text is %s: a "
			    "TextArea's answer is a list of strings",
			    ann_json_typeof(v) == ANN_JSON_ARRAY ? "a list with a value that "
			    "is not a string" : type_name(ann_json_typeof(v)));
	} else if (strcmp(c->tag, "DateTime") == 0 &&
	    ann__check_member(k, value, "datetime", &v) == 0) {
		const char *form = NULL, *q = ann_json_typeof(v) == ANN_JSON_STRING ?
		    "\"" : "";
		char buf[64];
		int ok = 0;
		if (ann_json_typeof(v) == ANN_JSON_STRING && v.n <= sizeof buf) {
			size_t n = ann_json_str_decode(v, buf);
			ok = datetime_fits(c->only, buf, n, &form);
		} else
			datetime_fits(c->only, "", 0, &form);
		if (!ok)
			ann__check_say(k, ANN_RULE_ANSWERS, ANN_CHECK_ERROR, "datetime %s%s%s "
			    "is not of the form %s (only=\"%s\")", q, ann__check_text(v, a,
			    sizeof a, 64), q, form,
			    c->only != NULL ? c->only : "date,time");
	}
}

void
ann__check_result(ann_check *k, ann_json_val res)
{
	enum { FROM, TO, TYPE, VALUE, N };
	static const char *const keys[N] = { "from_name", "to_name", "type", "value" };
	ann_json_val m[N];

	ann__json_getn(k->cache, res, keys, N, m);
	/* A relation names regions, not a control (rule 10). */
	if (ann_json_typeof(m[TYPE]) == ANN_JSON_STRING &&
	    ann_json_str_eq(m[TYPE], "relation"))
		return;
	const ann_cfg_control *c = check_names(k, m[FROM], m[TO], m[TYPE]);
	if (c != NULL)
		check_labels(k, c, m[TYPE], m[VALUE]);
	check_sizes(k, res, m[TO], m[VALUE]);
	if (c != NULL)
		check_answer(k, c, m[VALUE]);
}

/* --- Rule 5: geometry -------------------------------------------------- */

/* The numbers Label Studio's image tools write, and where each stops. */
static int
in_percent(ann_check *k, const ann_region *r, const char *name, double d,
    double max, long size)
{
	if (d >= 0 && d <= max + 1e-9)
		return 1;
	if (d > 100 && size > 0)
		ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_ERROR, "%s is %.10g, "
		    "over 100: it looks like pixels (the image is %ld px %s); Label "
		    "Studio wants percent of the image", name, d, size,
		    strcmp(name, "y") == 0 || strcmp(name, "height") == 0 ||
		    strcmp(name, "radiusY") == 0 ? "high" : "wide");
	else
		ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_ERROR, "%s is %.10g, "
		    "outside 0..%g percent of the image", name, d, max);
	(void)r;
	return 0;
}

/* A member of the value that must be a finite number: 0, or -1 said. */
static int
number(ann_check *k, const ann_region *r, const char *name, double *d)
{
	ann_json_val v;

	if (ann__check_member(k, r->value, name, &v) != 0) {
		ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_ERROR, "value has no %s",
		    name);
		return -1;
	}
	if (ann_json_typeof(v) != ANN_JSON_NUMBER) {
		ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_ERROR, "%s is %s, not "
		    "a number", name, type_name(ann_json_typeof(v)));
		return -1;
	}
	if (!isfinite(*d = ann_json_double(v))) {
		char a[64];
		ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_ERROR, "%s is %s, not "
		    "a finite number", name, ann__check_text(v, a, sizeof a, 40));
		return -1;
	}
	return 0;
}

static void
check_box(ann_check *k, const ann_region *r, const ann_geom *g)
{
	static const char *const rect[4] = { "x", "y", "width", "height" };
	static const char *const ellipse[4] = { "x", "y", "radiusX", "radiusY" };
	int is_ellipse = r->kind == ANN_KIND_ELLIPSE;
	int n = r->kind == ANN_KIND_KEYPOINT ? 2 : 4, bad = 0;
	const char *const *names = is_ellipse ? ellipse : rect;
	double d[4];

	for (int i = 0; i < n; i++) {
		if (number(k, r, names[i], &d[i]) != 0) {
			bad = 1;
			continue;
		}
		/* The region model's percent, as the export gave it. */
		d[i] = g->box[ANN_PCT][i];
		bad |= !in_percent(k, r, names[i], d[i], is_ellipse && i >= 2 ? 50 : 100,
		    i % 2 == 0 ? g->width : g->height);
	}
	if (ann_json_typeof(r->rotation) != ANN_JSON_NONE &&
	    ann_json_typeof(r->rotation) != ANN_JSON_NULL) {
		if (!isfinite(g->rotation))
			ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_ERROR, "rotation is "
			    "not a finite number");
		else if (!(g->rotation >= 0 && g->rotation < 360))
			ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_ERROR, "rotation is "
			    "%.10g, outside 0 to below 360 degrees", g->rotation);
	}
	if (bad || r->kind != ANN_KIND_RECTANGLE)
		return;
	if (g->rotation == 0) {
		for (int i = 0; i < 2; i++)
			if (d[i] + d[i + 2] > 100 + 1e-9)
				ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_ERROR, "%s+%s is "
				    "%.10g, over 100: the box runs off the image", names[i],
				    names[i + 2], d[i] + d[i + 2]);
		return;
	}
	/* Turned: where its corners land, which needs the image's size. */
	double xy[8];
	if (ann_geom_corners(g, ANN_PCT, xy) != 0)
		return;
	for (int i = 0; i < 8; i++)
		if (xy[i] < -1e-9 || xy[i] > 100 + 1e-9) {
			ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_WARNING, "turned by "
			    "%.10g degrees, the box runs off the image (a corner at %.4g%% "
			    "of its %s)", g->rotation, xy[i], i % 2 ? "height" : "width");
			return;
		}
}

static void
check_points(ann_check *k, const ann_region *r, const ann_geom *g)
{
	ann_points it;
	ann_json_val x, y;
	size_t n = 0;
	int said = 0;
	double xy[2];

	ann_points_init(&it, r);
	if (!it.ok) {
		ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_ERROR, "value has no "
		    "list of points");
		return;
	}
	while (ann_points_next(&it, &x, &y)) {
		n++;
		if (said)
			continue;
		if (ann_geom_point(g, x, y, ANN_PCT, xy) != 0 || !isfinite(xy[0]) ||
		    !isfinite(xy[1])) {
			ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_ERROR, "point %zu is "
			    "not two finite numbers", n - 1);
			said = 1;
		} else if (!(xy[0] >= 0 && xy[0] <= 100 + 1e-9 && xy[1] >= 0 &&
		    xy[1] <= 100 + 1e-9)) {
			int px = (xy[0] > 100 || xy[1] > 100) && g->width > 0;
			ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_ERROR, "point %zu "
			    "(%.10g, %.10g) is outside 0..100 percent of the image%s",
			    n - 1, xy[0], xy[1], px ? ": it looks like pixels (the image "
			    "is given a size); Label Studio wants percent" : "");
			said = 1;
		}
	}
	if (r->kind == ANN_KIND_POLYGON && n < 3)
		ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_ERROR, "a polygon of %zu "
		    "point%s: it needs 3 or more", n, n == 1 ? "" : "s");
}

/* A keypoint's width is its drawn size, not a coordinate: above 0. */
static void
check_keypoint_width(ann_check *k, const ann_region *r)
{
	ann_json_val w;
	double d;

	if (ann__check_member(k, r->value, "width", &w) != 0)
		return;
	if (ann_json_typeof(w) != ANN_JSON_NUMBER || !((d = ann_json_double(w)) > 0 &&
	    d <= 100))
		ann__check_say(k, ANN_RULE_GEOMETRY, ANN_CHECK_ERROR, "a keypoint's "
		    "width must be a number above 0 and at most 100");
}

void
ann__check_geometry(ann_check *k, const ann_region *r, const ann_geom *g)
{
	/* Only Label Studio's image tools measure in percent. */
	switch (r->kind) {
	case ANN_KIND_RECTANGLE:
	case ANN_KIND_ELLIPSE:
		check_box(k, r, g);
		break;
	case ANN_KIND_KEYPOINT:
		check_box(k, r, g);
		check_keypoint_width(k, r);
		break;
	case ANN_KIND_POLYGON:
	case ANN_KIND_POLYLINE:
		check_points(k, r, g);
		break;
	default:
		break;
	}
}

/* --- Rule 7: brush masks ----------------------------------------------- */

/* A byte written as 0 to 255, without a sign, point or exponent: 0, or -1. */
static int
byte_of(ann_json_val v, uint8_t *out)
{
	unsigned b = 0;

	if (v.n == 0 || v.n > 3 || (v.n > 1 && v.p[0] == '0'))
		return -1;
	for (size_t i = 0; i < v.n; i++) {
		if (v.p[i] < '0' || v.p[i] > '9')
			return -1;
		b = b * 10 + (unsigned)(v.p[i] - '0');
	}
	*out = (uint8_t)b;
	return b <= 255 ? 0 : -1;
}

/* value.rle as bytes: 0 and a buffer to free, or -1 after saying why. */
static int
rle_bytes(ann_check *k, ann_json_val rle, uint8_t **out, size_t *n)
{
	ann_json_iter it;
	ann_json_val v;
	size_t i = 0;

	/* Each element takes a byte and a comma: room for all of them. */
	*n = 0;
	if ((*out = malloc(rle.n / 2 + 1)) == NULL)
		return -2;
	/*
	 * The common case read straight off the array's text, which the
	 * reader has validated: digits, commas and spaces.  Anything else
	 * (a sign, a fraction, a string) goes the long way below, which
	 * names the element.
	 */
	const char *p = rle.p + 1, *end = rle.p + rle.n - 1;
	while (p < end) {
		if (*p == ' ' || *p == ',' || *p == '\n' || *p == '\r' || *p == '\t') {
			p++;
			continue;
		}
		const char *d = p;
		while (p < end && *p >= '0' && *p <= '9' && p - d < 4)
			p++;
		ann_json_val num = { d, (size_t)(p - d) };
		if (p == d || (p < end && *p != ',' && *p != ' ' && *p != '\n' &&
		    *p != '\r' && *p != '\t') || byte_of(num, &(*out)[i]) != 0)
			break;
		i++;
	}
	if (p >= end) {
		*n = i;
		return 0;
	}
	i = 0;
	ann__json_iter_init(&it, rle, k->cache);
	for (; ann_json_next_elem(&it, &v); i++)
		if (byte_of(v, &(*out)[i]) != 0) {
			char a[64];
			ann__check_say(k, ANN_RULE_BRUSH, ANN_CHECK_ERROR, "value.rle[%zu] "
			    "is %s, not a byte from 0 to 255", i,
			    ann_json_typeof(v) == ANN_JSON_NUMBER ?
			    ann__check_text(v, a, sizeof a, 40) : type_name(ann_json_typeof(v)));
			free(*out);
			*out = NULL;
			return -1;
		}
	*n = i;
	return 0;
}

void
ann__check_brush(ann_check *k, const ann_region *r)
{
	ann_json_val rle, format;
	ann_rle_form form;
	ann_lsrle_header hdr;
	ann_runmask *runs = NULL;
	ann_error err;
	uint8_t *bytes;
	size_t n;

	switch (ann_region_rle(r, ANN_SHAPE_LS_TASK, &rle, &form, &err)) {
	case ANN_OK:
		break;
	case ANN_WARN:
		return;	/* a bitmask: a PNG data URL, not RLE */
	default:
		ann__check_say(k, ANN_RULE_BRUSH, ANN_CHECK_ERROR, "%s", err.msg);
		return;
	}
	if (form == ANN_RLE_COCO) {
		ann__check_say(k, ANN_RULE_BRUSH, ANN_CHECK_ERROR, "value.rle is a COCO "
		    "RLE object: Label Studio reads only its own RLE, a list of bytes");
		return;
	}
	if (ann__check_member(k, r->value, "format", &format) != 0)
		ann__check_say(k, ANN_RULE_BRUSH, ANN_CHECK_ERROR, "value.format is "
		    "missing: Label Studio reads a mask with format \"rle\"");
	else if (ann_json_typeof(format) != ANN_JSON_STRING)
		ann__check_say(k, ANN_RULE_BRUSH, ANN_CHECK_ERROR, "value.format is %s, "
		    "not \"rle\"", type_name(ann_json_typeof(format)));
	else if (!ann_json_str_eq(format, "rle")) {
		char a[64];
		ann__check_say(k, ANN_RULE_BRUSH, ANN_CHECK_ERROR, "value.format is "
		    "\"%s\", not \"rle\"", ann__check_text(format, a, sizeof a, 40));
	}
	switch (rle_bytes(k, rle, &bytes, &n)) {
	case 0:
		break;
	case -2:
		snprintf(k->err, sizeof k->err, "out of memory");
		return;
	default:
		return;
	}
	if (ann_lsrle_read_header(bytes, n, &hdr, &err) != ANN_OK) {
		ann__check_say(k, ANN_RULE_BRUSH, ANN_CHECK_ERROR, "the RLE's header: %s",
		    err.msg);
		goto done;
	}
	/* Without the image's size the count cannot be checked: rule sizes says so. */
	if (r->image_w < 1 || r->image_h < 1 || r->image_w > INT32_MAX ||
	    r->image_h > INT32_MAX)
		goto done;
	uint64_t want = (uint64_t)r->image_w * (uint64_t)r->image_h * 4;
	if (hdr.num != want) {
		ann__check_say(k, ANN_RULE_BRUSH, ANN_CHECK_ERROR, "the RLE's header "
		    "counts %lu values: a %ldx%ld image needs %llu (width*height*4)",
		    (unsigned long)hdr.num, r->image_w, r->image_h, (unsigned long long)want);
		goto done;
	}
	/* The runs cost what the RLE does, whatever size it claims. */
	if (ann_lsrle_decode_runs(bytes, n, (uint32_t)r->image_w,
	    (uint32_t)r->image_h, &runs, &err) != ANN_OK)
		ann__check_say(k, ANN_RULE_BRUSH, ANN_CHECK_ERROR, "the RLE does not "
		    "decode: %s", err.msg);
	ann_runmask_free(runs);
done:
	free(bytes);
}

/* --- Rule 8: spans ----------------------------------------------------- */

#define TEXT_STEP 64

/* Decode the task's text v once: -1 when out of memory. */
static int
load_text(ann_check *k, ann_json_val v)
{
	if (k->text.of == v.p)
		return 0;
	if (ann__grow((void **)&k->text.buf, &k->text.cap, v.n + 1, 1) != 0)
		return -1;
	k->text.len = ann_json_str_decode(v, k->text.buf);
	size_t need = k->text.len / TEXT_STEP + 2, cps = 0;
	if (ann__grow((void **)&k->text.marks, &k->text.capmarks, need,
	    sizeof *k->text.marks) != 0)
		return -1;
	/* The data is valid UTF-8: a code point starts at each non-continuation byte. */
	for (size_t i = 0; i < k->text.len; i++)
		if (((unsigned char)k->text.buf[i] & 0xC0) != 0x80) {
			if (cps % TEXT_STEP == 0)
				k->text.marks[cps / TEXT_STEP] = i;
			cps++;
		}
	k->text.cps = cps;
	k->text.of = v.p;
	return 0;
}

/* The byte where code point cp (at most the length) starts. */
static size_t
text_byte(const ann_check *k, size_t cp)
{
	if (cp >= k->text.cps)
		return k->text.len;
	size_t b = k->text.marks[cp / TEXT_STEP];
	for (size_t n = cp % TEXT_STEP; n > 0; n--)
		do
			b++;
		while (((unsigned char)k->text.buf[b] & 0xC0) == 0x80);
	return b;
}

/* A whole number from 0: 0, or -1 after saying what is wrong with it. */
static int
offset_of(ann_check *k, const char *name, ann_json_val v, int64_t *out)
{
	char a[64];

	if (ann_json_typeof(v) == ANN_JSON_NUMBER && ann_json_int64(v, out) == 0 &&
	    *out >= 0)
		return 0;
	ann__check_say(k, ANN_RULE_SPANS, ANN_CHECK_ERROR, "%s is %s: offsets are "
	    "whole numbers from 0", name, ann_json_typeof(v) == ANN_JSON_NUMBER ?
	    ann__check_text(v, a, sizeof a, 40) : type_name(ann_json_typeof(v)));
	return -1;
}

static void
check_text_span(ann_check *k, const ann_region *r, const ann_geom *g,
    const ann_cfg_object *o)
{
	int64_t start, end;
	ann_json_val text;
	char a[96], b[96];

	/* The ends as the region model has them: the end exclusive. */
	if (!g->has_span) {
		ann__check_say(k, ANN_RULE_SPANS, ANN_CHECK_ERROR, "start is %s and end "
		    "is %s: offsets are whole numbers from 0",
		    type_name(ann_json_typeof(r->start)), type_name(ann_json_typeof(r->end)));
		return;
	}
	if (!(g->start >= 0 && g->start == floor(g->start) && g->start < 9e15 &&
	    g->end >= 0 && g->end == floor(g->end) && g->end < 9e15)) {
		ann__check_say(k, ANN_RULE_SPANS, ANN_CHECK_ERROR, "start %.10g and end "
		    "%.10g: offsets are whole numbers from 0", g->start, g->end);
		return;
	}
	start = (int64_t)g->start;
	end = (int64_t)g->end;
	if (start >= end) {
		ann__check_say(k, ANN_RULE_SPANS, ANN_CHECK_ERROR, "start %lld is not "
		    "before end %lld", (long long)start, (long long)end);
		return;
	}
	/* A text given by URL is not in the task: nothing to measure. */
	if (o->value_type != NULL && strcmp(o->value_type, "text") != 0)
		return;
	/* Found and decoded once a task: finding it means reading past it. */
	if (k->text.object != o) {
		k->text.object = o;
		k->text.of = NULL;
		if (k->data.p != NULL && strchr(o->key, '[') == NULL &&
		    ann__check_member(k, k->data, o->key, &text) == 0 &&
		    ann_json_typeof(text) == ANN_JSON_STRING && load_text(k, text) != 0) {
			k->text.object = NULL;
			snprintf(k->err, sizeof k->err, "out of memory");
		}
	}
	if (k->text.of == NULL)
		return;	/* no text in the task: said by the task rule */
	if ((uint64_t)end > k->text.cps) {
		ann__check_say(k, ANN_RULE_SPANS, ANN_CHECK_ERROR, "end %lld is past the "
		    "end of the text (%zu characters)", (long long)end, k->text.cps);
		return;
	}
	if (ann_json_typeof(r->text) == ANN_JSON_NONE)
		return;
	size_t b0 = text_byte(k, (size_t)start), b1 = text_byte(k, (size_t)end);
	int same = 0;
	if (ann_json_typeof(r->text) == ANN_JSON_STRING && r->text.n <= 6 * (b1 - b0) + 2) {
		/* Decoded, a string is never longer than its JSON text. */
		char *d = malloc(r->text.n);
		if (d != NULL) {
			size_t n = ann_json_str_decode(r->text, d);
			same = n == b1 - b0 && memcmp(d, k->text.buf + b0, n) == 0;
			free(d);
		}
	}
	if (same)
		return;
	/* The slice, cut for the message like any other text. */
	size_t n = b1 - b0 < sizeof b - 1 ? b1 - b0 : sizeof b - 1;
	while (n > 0 && n < b1 - b0 && ((unsigned char)k->text.buf[b0 + n] & 0xC0) == 0x80)
		n--;
	memcpy(b, k->text.buf + b0, n);
	b[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)b[i] < 0x20)
			b[i] = '?';
	if (ann_json_typeof(r->text) != ANN_JSON_STRING)
		ann__check_say(k, ANN_RULE_SPANS, ANN_CHECK_ERROR, "value.text is %s, "
		    "not the text at %lld..%lld (\"%s\")", type_name(ann_json_typeof(r->text)),
		    (long long)start, (long long)end, b);
	else
		ann__check_say(k, ANN_RULE_SPANS, ANN_CHECK_ERROR, "value.text \"%s\" is "
		    "not the text at %lld..%lld (\"%s\")",
		    ann__check_text(r->text, a, sizeof a, 64), (long long)start,
		    (long long)end, b);
}

/* The number of paragraphs the task gives an object, or -1 when unknown. */
static long
paragraphs(const ann_check *k, const ann_cfg_object *o)
{
	ann_json_val list, v;
	ann_json_iter it;
	long n = 0;

	if (k->data.p == NULL || strchr(o->key, '[') != NULL ||
	    ann__check_member(k, k->data, o->key, &list) != 0 ||
	    ann_json_typeof(list) != ANN_JSON_ARRAY)
		return -1;
	ann__json_iter_init(&it, list, k->cache);
	while (ann_json_next_elem(&it, &v))
		n++;
	return n;
}

/* A paragraph index: Label Studio writes it as a number or a string of digits. */
static int
index_of(ann_check *k, const char *name, ann_json_val v, long count)
{
	char buf[24], *end;
	int64_t i = -1;

	if (ann_json_typeof(v) == ANN_JSON_STRING && v.n < sizeof buf) {
		buf[ann_json_str_decode(v, buf)] = '\0';
		long long l = strtoll(buf, &end, 10);
		i = end != buf && *end == '\0' && l >= 0 ? l : -1;
	} else if (ann_json_typeof(v) == ANN_JSON_NUMBER && ann_json_int64(v, &i) != 0)
		i = -1;
	if (i < 0) {
		ann__check_say(k, ANN_RULE_SPANS, ANN_CHECK_ERROR, "%s is not a "
		    "paragraph's index", name);
		return -1;
	}
	if (count >= 0 && i >= count) {
		ann__check_say(k, ANN_RULE_SPANS, ANN_CHECK_ERROR, "%s is paragraph "
		    "%lld, and the task has %ld", name, (long long)i, count);
		return -1;
	}
	return 0;
}

void
ann__check_span(ann_check *k, const ann_region *r, const ann_geom *g)
{
	const ann_cfg_object *o = object_of(k, r->to_name);
	int64_t off;

	if (o == NULL)
		return;	/* said by the names rule */
	if (strcmp(o->tag, "Text") == 0 && r->kind == ANN_KIND_SPAN)
		check_text_span(k, r, g, o);
	else if (strcmp(o->tag, "HyperText") == 0 || strcmp(o->tag, "Paragraphs") == 0) {
		if (offset_of(k, "startOffset", r->start_offset, &off) != 0 ||
		    offset_of(k, "endOffset", r->end_offset, &off) != 0)
			return;
		if (strcmp(o->tag, "Paragraphs") == 0) {
			long n = paragraphs(k, o);
			if (index_of(k, "start", r->start, n) == 0)
				index_of(k, "end", r->end, n);
		}
	}
}
