/*
 * check_report.c: the rule table, the one way a problem is reported, and
 * the look-ups every rule's file shares (a member of an object, the
 * control a from_name names, the object tag a to_name names).  It is the
 * bottom of the checker: it calls no other file of it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "check_private.h"

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
	    "from 0; a Paragraphs span's paragraphs are in the task, in order, "
	    "its offsets within their text (textKey), a HyperText span's within "
	    "the text nodes its XPaths name in the task's HTML",
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

/* The object tag to_name names, or NULL. */
const ann_cfg_object *
ann__check_object(const ann_check *k, ann_json_val to)
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
