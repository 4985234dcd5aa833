/*
 * categories.c: category names, their ids, and the look-up by name
 * (ann_categories.h).
 *
 * Categories are looked up by name for every region, and a config may
 * have 200,000 labels: a hash of the names, open addressing over the
 * array of categories.  (ann_idset is a set of strings, without the index
 * wanted here.)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "ann_categories.h"
#include "util_private.h"

struct category {
	char *name;
	long id;		/* -1 until numbered */
	int unlisted;		/* added to categories that were given */
	uint64_t uses;
};

struct ann_categories {
	long base;
	struct category *cats;
	size_t n, cap;
	size_t *slot;		/* a hash of the names: index + 1, or 0 for empty */
	size_t nslots;		/* a power of two, or 0 */
	int fixed;		/* the categories were given: others are unknown */
	size_t ngiven;		/* the first ngiven were given, with their ids */
	long next_added;	/* the id after the largest given one */
};

ann_categories *
ann_categories_new(long base)
{
	ann_categories *c = calloc(1, sizeof *c);

	if (c != NULL)
		c->base = base;
	return c;
}

void
ann_categories_free(ann_categories *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->n; i++)
		free(c->cats[i].name);
	free(c->cats);
	free(c->slot);
	free(c);
}

static size_t *
slot_of(const ann_categories *c, const char *name, size_t n)
{
	size_t mask = c->nslots - 1;

	for (size_t i = ann_hash(name, n) & mask;; i = (i + 1) & mask) {
		size_t k = c->slot[i];
		if (k == 0 || (strlen(c->cats[k - 1].name) == n &&
		    memcmp(c->cats[k - 1].name, name, n) == 0))
			return &c->slot[i];
	}
}

/* Index every category anew in a table of at least `slots`: 0 or -1. */
static int
reindex(ann_categories *c, size_t slots)
{
	size_t *s = calloc(slots, sizeof *s);

	if (s == NULL)
		return -1;
	free(c->slot);
	c->slot = s;
	c->nslots = slots;
	for (size_t i = 0; i < c->n; i++)
		*slot_of(c, c->cats[i].name, strlen(c->cats[i].name)) = i + 1;
	return 0;
}

static long
add(ann_categories *c, const char *name, size_t n, long id)
{
	/* At most half full, so that probes stay short. */
	if ((c->n + 1) * 2 > c->nslots &&
	    reindex(c, c->nslots ? c->nslots * 2 : 64) != 0)
		return -1;
	if (ann__grow((void **)&c->cats, &c->cap, c->n + 1, sizeof *c->cats) != 0)
		return -1;
	if ((c->cats[c->n].name = strndup(name, n)) == NULL)
		return -1;
	c->cats[c->n].id = id;
	c->cats[c->n].unlisted = 0;
	c->cats[c->n].uses = 0;
	/* strndup stops at a NUL: index the name as it is kept. */
	*slot_of(c, c->cats[c->n].name, strlen(c->cats[c->n].name)) = c->n + 1;
	return (long)c->n++;
}

static long
find(const ann_categories *c, const char *name, size_t n)
{
	return c->nslots == 0 ? -1 : (long)*slot_of(c, name, n) - 1;
}

static int
by_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct category *)a)->name,
	    ((const struct category *)b)->name);
}

/* The ids given so far, for ann_categories_id_now. */
static void
given(ann_categories *c)
{
	c->fixed = 1;
	c->ngiven = c->n;
	c->next_added = c->base;
	for (size_t i = 0; i < c->n; i++)
		if (c->cats[i].id >= c->next_added)
			c->next_added = c->cats[i].id + 1;
}

static ann_status
from_config(ann_categories *c, const ann_labelconfig *cfg, int keypoints)
{
	const ann_cfg_label *l;
	size_t n = ann_labelconfig_labels(cfg, &l), first = c->n;

	for (size_t i = 0; i < n; i++) {
		if (l[i].keypoint && !keypoints)
			continue;
		long k = find(c, l[i].name, strlen(l[i].name));
		if (k < 0 && add(c, l[i].name, strlen(l[i].name), -1) < 0)
			return ANN_FATAL;
		if (l[i].category >= 0)
			c->cats[k < 0 ? c->n - 1 : (size_t)k].id = l[i].category;
	}
	/* A config without labels leaves c->cats NULL, which qsort may not take. */
	if (c->n > first)
		qsort(c->cats + first, c->n - first, sizeof *c->cats, by_name);
	if (c->n > 0 && reindex(c, c->nslots) != 0)
		return ANN_FATAL;	/* the sort moved them */
	/* The ids taken, in order, so that the free ones are found in one pass. */
	long *taken = malloc((c->n + 1) * sizeof *taken), next = c->base;
	size_t ntaken = 0;
	if (taken == NULL)
		return ANN_FATAL;
	for (size_t i = 0; i < c->n; i++)
		if (c->cats[i].id >= 0)
			taken[ntaken++] = c->cats[i].id;
	qsort(taken, ntaken, sizeof *taken, by_long);
	for (size_t i = first, j = 0; i < c->n; i++) {
		if (c->cats[i].id >= 0)
			continue;
		for (;; next++) {
			while (j < ntaken && taken[j] < next)
				j++;
			if (j == ntaken || taken[j] != next)
				break;
		}
		c->cats[i].id = next++;
	}
	free(taken);
	given(c);
	return ANN_OK;
}

ann_status
ann_categories_from_config(ann_categories *c, const ann_labelconfig *cfg)
{
	return from_config(c, cfg, 1);
}

ann_status
ann_categories_from_config_objects(ann_categories *c,
    const ann_labelconfig *cfg)
{
	return from_config(c, cfg, 0);
}

ann_status
ann_categories_add(ann_categories *c, const char *name)
{
	size_t n = strlen(name);

	c->fixed = 1;
	if (find(c, name, n) < 0 && add(c, name, n, c->base + (long)c->n) < 0)
		return ANN_FATAL;
	given(c);
	return ANN_OK;
}

ann_status
ann_categories_index(ann_categories *c, const char *name, size_t n,
    int add_unknown, long *index)
{
	if ((*index = find(c, name, n)) >= 0)
		return ANN_OK;
	if (c->fixed && !add_unknown)
		return ANN_FAILED;
	if ((*index = add(c, name, n, -1)) < 0)
		return ANN_FATAL;
	c->cats[*index].unlisted = c->fixed;
	return ANN_OK;
}

ann_status
ann_categories_index_said(ann_categories *c, const char *name, size_t n,
    int add_unknown, const char *what, ann_error *err, long *index)
{
	ann_status st = ann_categories_index(c, name, n, add_unknown, index);

	/* A name is the user's data: its first 100 bytes say which it is. */
	if (st == ANN_FAILED)
		ann__error_set(err, "label \"%.*s\" is not among %s "
		    "(without --strict-labels it is added after them)",
		    (int)(n > 100 ? 100 : n), name, what);
	else if (st == ANN_FATAL)
		ann__error_set(err, "out of memory");
	return st;
}

ann_status
ann_categories_label(ann_categories *c, ann_json_val label, int add_unknown,
    const char *what, ann_error *err, long *index)
{
	char small[256], *name = small;

	/* Most labels are short: the heap only for a long one. */
	if (label.n > sizeof small && (name = malloc(label.n)) == NULL) {
		ann__error_set(err, "out of memory");
		return ANN_FATAL;
	}
	size_t n = ann_json_str_decode(label, name);
	ann_status st = ann_categories_index_said(c, name, n, add_unknown, what,
	    err, index);
	if (name != small)
		free(name);
	return st;
}

void
ann_categories_use(ann_categories *c, size_t index)
{
	c->cats[index].uses++;
}

int
ann_categories_unlisted(const ann_categories *c, size_t *count,
    uint64_t *uses, ann_buf *names)
{
	size_t k = 0;
	uint64_t u = 0;
	int bad = 0;

	names->len = 0;
	for (size_t i = 0; i < c->n; i++) {
		if (!c->cats[i].unlisted)
			continue;
		u += c->cats[i].uses;
		/* The first few by name; the count says how many more. */
		if (k++ < 20)
			bad |= ann_buf_printf(names, "%s\"%s\" (%llu)", k > 1 ? ", " : "",
			    c->cats[i].name, (unsigned long long)c->cats[i].uses) != 0;
	}
	if (k > 20)
		bad |= ann_buf_printf(names, " and %zu more", k - 20) != 0;
	*count = k;
	*uses = u;
	return bad ? -1 : 0;
}

static int
ptr_by_name(const void *a, const void *b)
{
	return strcmp((*(struct category *const *)a)->name,
	    (*(struct category *const *)b)->name);
}

static int
ptr_by_id(const void *a, const void *b)
{
	long x = (*(struct category *const *)a)->id;
	long y = (*(struct category *const *)b)->id;

	return (x > y) - (x < y);
}

ann_status
ann_categories_number(ann_categories *c, size_t **order)
{
	struct category **p = malloc((c->n + 1) * sizeof *p);
	size_t *o = malloc((c->n + 1) * sizeof *o);
	long next = c->base;

	if (p == NULL || o == NULL) {
		free(p);
		free(o);
		*order = NULL;
		return ANN_FATAL;
	}
	for (size_t i = 0; i < c->n; i++)
		p[i] = &c->cats[i];
	if (!c->fixed) {
		if (c->n > 0)
			qsort(p, c->n, sizeof *p, ptr_by_name);
		for (size_t i = 0; i < c->n; i++)
			p[i]->id = next++;
	} else {
		for (size_t i = 0; i < c->n; i++)
			if (c->cats[i].id >= next)
				next = c->cats[i].id + 1;
		for (size_t i = 0; i < c->n; i++)
			if (c->cats[i].id < 0)
				c->cats[i].id = next++;
		if (c->n > 0)
			qsort(p, c->n, sizeof *p, ptr_by_id);
	}
	for (size_t i = 0; i < c->n; i++)
		o[i] = (size_t)(p[i] - c->cats);
	free(p);
	*order = o;
	return ANN_OK;
}

size_t
ann_categories_count(const ann_categories *c)
{
	return c->n;
}

int
ann_categories_fixed(const ann_categories *c)
{
	return c->fixed;
}

long
ann_categories_id_now(const ann_categories *c, size_t index)
{
	if (!c->fixed || index >= c->n)
		return -1;
	if (index < c->ngiven)
		return c->cats[index].id;
	return c->next_added + (long)(index - c->ngiven);
}

const char *
ann_categories_name(const ann_categories *c, size_t index)
{
	return c->cats[index].name;
}

long
ann_categories_id(const ann_categories *c, size_t index)
{
	return c->cats[index].id;
}
