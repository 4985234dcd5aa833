/*
 * check_names.c: rule 3, a result's from_name, to_name and type against
 * the config's controls, and the entry for the rules about one result
 * (names, labels, sizes, answers), which check.c calls for each.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "check_private.h"

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
		    ann__check_type_of(from), k->control_list);
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
			    ann__check_type_of(to), c->name, names);
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
			    "\"%s\" (control \"%s\" is a %s)",
			    ann__check_type_of(type), want, c->name, c->tag);
		else
			ann__check_say(k, ANN_RULE_NAMES, ANN_CHECK_ERROR, "type \"%s\" does "
			    "not fit control \"%s\", a %s: its results are type \"%s\"",
			    ann__check_text(type, a, sizeof a, 64), c->name, c->tag, want);
	}
	return c;
}

/* The same but for case and the spaces around: a likely slip. */
void
ann__check_result(ann_check *k, const ann_json_val *m)
{
	ann_json_val type = m[ANN__RES_TYPE], value = m[ANN__RES_VALUE];

	/* A relation names regions, not a control (rule 10). */
	if (ann_json_typeof(type) == ANN_JSON_STRING &&
	    ann_json_str_eq(type, "relation"))
		return;
	const ann_cfg_control *c = check_names(k, m[ANN__RES_FROM],
	    m[ANN__RES_TO], type);
	if (c != NULL)
		ann__check_labels(k, c, type, value);
	ann__check_sizes(k, m);
	if (c != NULL)
		ann__check_answer(k, c, value);
}
