/*
 * check_labels.c: rule 4, the labels, choices and taxonomy paths of a
 * result against the options of the control it names.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "check_private.h"
#include "util_private.h"

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
 * The options of every control by their text, built once per config:
 * a label is found in constant time however many the config lists (a
 * taxonomy of 100,000), where a walk over them all per label made a file
 * of many regions cost labels times regions.  Two tables: by the text as
 * written (value or alias), for the match, and by the text trimmed and in
 * lower case, for the "did you mean" of a near miss.  A taxonomy's steps
 * are keyed by their parent too, as each is looked for under the one
 * before; a flat list's are looked for anywhere.
 */
#define NONE UINT32_MAX

/* A Taxonomy's choices are paths, each step under the one before. */
static int
is_taxonomy(const ann_cfg_control *c)
{
	return strcmp(c->tag, "Taxonomy") == 0;
}

struct ann__check_entry {
	uint32_t next;		/* the next entry of its bucket, or NONE */
	uint32_t option;	/* its index in the control's options */
};

struct ann__check_options {
	int by_parent;		/* a Taxonomy: keyed by parent and text */
	size_t mask;		/* buckets - 1, a power of two less one */
	uint32_t *exact, *loose;	/* each bucket's first entry, or NONE */
	struct ann__check_entry *entries;
	/* The options under each parent (by parent + 1), in their order. */
	uint32_t *first_child, *next_sibling;
};

/* s trimmed of spaces and in lower case, as loosely_equal compares. */
static size_t
loose_form(const char *s, size_t n, char *out)
{
	size_t m = 0;

	while (n > 0 && isspace((unsigned char)*s))
		s++, n--;
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	for (; m < n; m++)
		out[m] = (char)tolower((unsigned char)s[m]);
	return m;
}

static size_t
bucket(const struct ann__check_options *x, const char *s, size_t n, long parent)
{
	uint64_t h = ann_hash(s, n);

	if (x->by_parent)
		h ^= (uint64_t)(parent + 2) * UINT64_C(0x9E3779B97F4A7C15);
	return (size_t)(h ^ h >> 29) & x->mask;
}

/* Room for n bytes in the handle's scratch buffer: it, or NULL. */
static char *
scratch(ann_check *k, size_t n)
{
	if (ann__grow((void **)&k->scratch, &k->capscratch, n, 1) != 0)
		return NULL;
	return k->scratch;
}

static int
index_control(ann_check *k, const ann_cfg_control *c,
    struct ann__check_options *x)
{
	size_t nb = 16, e = 0;

	if (c->noptions >= NONE / 4)
		return -1;
	while (nb < 2 * c->noptions)
		nb *= 2;
	x->by_parent = is_taxonomy(c);
	x->mask = nb - 1;
	x->exact = malloc(nb * sizeof *x->exact);
	x->loose = malloc(nb * sizeof *x->loose);
	x->entries = malloc(4 * c->noptions * sizeof *x->entries + 1);
	x->first_child = malloc((c->noptions + 1) * sizeof *x->first_child);
	x->next_sibling = malloc(c->noptions * sizeof *x->next_sibling + 1);
	if (x->exact == NULL || x->loose == NULL || x->entries == NULL ||
	    x->first_child == NULL || x->next_sibling == NULL)
		return -1;
	for (size_t i = 0; i < nb; i++)
		x->exact[i] = x->loose[i] = NONE;
	for (size_t i = 0; i <= c->noptions; i++)
		x->first_child[i] = NONE;
	/* Backwards, so each chain holds the earlier options first. */
	for (size_t i = c->noptions; i-- > 0;) {
		const ann_cfg_option *o = &c->options[i];
		const char *text[2] = { o->value, o->alias };
		for (int t = 0; t < 2 && text[t] != NULL; t++) {
			size_t n = strlen(text[t]), b;
			char *low = scratch(k, n + 1);
			if (low == NULL)
				return -1;
			b = bucket(x, text[t], n, o->parent);
			x->entries[e] = (struct ann__check_entry){ x->exact[b], (uint32_t)i };
			x->exact[b] = (uint32_t)e++;
			b = bucket(x, low, loose_form(text[t], n, low), o->parent);
			x->entries[e] = (struct ann__check_entry){ x->loose[b], (uint32_t)i };
			x->loose[b] = (uint32_t)e++;
		}
		if (o->parent >= -1 && o->parent < (long)c->noptions) {
			x->next_sibling[i] = x->first_child[o->parent + 1];
			x->first_child[o->parent + 1] = (uint32_t)i;
		} else
			x->next_sibling[i] = NONE;
	}
	return 0;
}

int
ann__check_labels_index(ann_check *k)
{
	if (k->ncontrols == 0)
		return 0;
	if ((k->options = calloc(k->ncontrols, sizeof *k->options)) == NULL)
		return -1;
	for (size_t i = 0; i < k->ncontrols; i++)
		if (index_control(k, &k->controls[i], &k->options[i]) != 0)
			return -1;
	return 0;
}

void
ann__check_labels_free(ann_check *k)
{
	for (size_t i = 0; k->options != NULL && i < k->ncontrols; i++) {
		free(k->options[i].exact);
		free(k->options[i].loose);
		free(k->options[i].entries);
		free(k->options[i].first_child);
		free(k->options[i].next_sibling);
	}
	free(k->options);
	k->options = NULL;
}

static int
same(const char *s, size_t n, const char *opt)
{
	return opt != NULL && strlen(opt) == n && memcmp(s, opt, n) == 0;
}

/*
 * Option of c under parent (-1: the top; -2: anywhere, for flat lists)
 * that string v names by value or alias: its index, -1 when none does,
 * with a near miss in *near (or -1), -2 when out of memory.  Of several,
 * the first in the config, as a walk over them in order would find.
 */
static long
find_option(ann_check *k, const ann_cfg_control *c, long parent,
    ann_json_val v, long *near)
{
	const struct ann__check_options *x = &k->options[c - k->controls];
	uint32_t best = NONE;
	char *buf;
	size_t n;

	*near = -1;
	/* Decoded, a string is never longer than its JSON text. */
	if ((buf = scratch(k, 2 * v.n + 1)) == NULL)
		return -2;
	n = ann_json_str_decode(v, buf);
	for (uint32_t e = x->exact[bucket(x, buf, n, parent)]; e != NONE;
	    e = x->entries[e].next) {
		uint32_t i = x->entries[e].option;
		const ann_cfg_option *o = &c->options[i];
		if (i < best && (parent == -2 || o->parent == parent) &&
		    (same(buf, n, o->value) || same(buf, n, o->alias)))
			best = i;
	}
	if (best != NONE)
		return (long)best;
	char *low = buf + n;
	size_t m = loose_form(buf, n, low);
	for (uint32_t e = x->loose[bucket(x, low, m, parent)]; e != NONE;
	    e = x->entries[e].next) {
		uint32_t i = x->entries[e].option;
		const ann_cfg_option *o = &c->options[i];
		if (i < best && (parent == -2 || o->parent == parent) &&
		    (loosely_equal(buf, n, o->value) ||
		    (o->alias != NULL && loosely_equal(buf, n, o->alias))))
			best = i;
	}
	*near = best != NONE ? (long)best : -1;
	return -1;
}

/* "Airplane, Car", the options under parent, for a message. */
static void
list_options(const ann_check *k, const ann_cfg_control *c, long parent,
    char *buf, size_t cap)
{
	const struct ann__check_options *x = &k->options[c - k->controls];
	size_t n = 0, shown = 0;
	/* Anywhere: all in order; under a parent: its children, in order. */
	uint32_t i = parent == -2 ? 0 : x->first_child[parent + 1];

	buf[0] = '\0';
	while (i != NONE && i < c->noptions && n < cap) {
		if (++shown > 8) {
			snprintf(buf + n, cap - n, ", ...");
			return;
		}
		n += (size_t)snprintf(buf + n, cap - n, "%s%s", shown > 1 ? ", " : "",
		    c->options[i].value);
		i = parent == -2 ? i + 1 : x->next_sibling[i];
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
		list_options(k, c, parent, list, sizeof list);
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
		long i = find_option(k, c, parent, step, &near);
		if (i == -2) {
			snprintf(k->err, sizeof k->err, "out of memory");
			return;
		}
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
	int taxonomy = is_taxonomy(c);
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
		long i = find_option(k, c, -2, v, &near);
		if (i == -2) {
			snprintf(k->err, sizeof k->err, "out of memory");
			return;
		}
		if (i < 0)
			no_such_option(k, c, what, v, -2, near);
	}
	if (count > 1 && single_choice(c))
		ann__check_say(k, ANN_RULE_LABELS, ANN_CHECK_ERROR, "control \"%s\" "
		    "takes one choice (choice=\"%s\"), and this has %zu", c->name,
		    c->choice != NULL ? c->choice : "single", count);
}
