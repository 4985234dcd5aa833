/*
 * check_labels.c: rule 4, the labels, choices and taxonomy paths of a
 * result against the options of the control it names.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "check_private.h"

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
		    "%s, not a list of choices", ann__check_type_of(path));
		return;
	}
	ann__json_iter_init(&it, path, k->cache);
	while (ann_json_next_elem(&it, &step)) {
		if (ann_json_typeof(step) != ANN_JSON_STRING) {
			ann__check_say(k, ANN_RULE_LABELS, ANN_CHECK_ERROR, "a step of a "
			    "taxonomy path is %s, not a string",
			    ann__check_type_of(step));
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
void
ann__check_labels(ann_check *k, const ann_cfg_control *c, ann_json_val type,
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
		    "not a list", ann__check_type_of(list));
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
			    "not a string", what, ann__check_type_of(v));
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
