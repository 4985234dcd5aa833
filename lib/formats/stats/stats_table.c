/*
 * stats_table.c: the counter's tables of keys (stats_private.h): open
 * addressing over an array of entries, at most a given number of them,
 * the rest in "other".  Below stats.c and stats_agree.c, which use it.
 */
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "stats_private.h"
#include "util_private.h"

static int
rehash(struct table *t, size_t nslots)
{
	uint32_t *slot = calloc(nslots, sizeof *slot);

	if (slot == NULL)
		return -1;
	for (size_t i = 0; i < t->n; i++) {
		size_t j = t->e[i].hash & (nslots - 1);
		while (slot[j] != 0)
			j = (j + 1) & (nslots - 1);
		slot[j] = (uint32_t)(i + 1);
	}
	free(t->slot);
	t->slot = slot;
	t->nslots = nslots;
	return 0;
}

struct entry *
ann__stats_entry(struct table *t, size_t max, const char *key, size_t len)
{
	uint64_t h = ann_hash(key, len);
	size_t j = 0;
	struct entry *e;

	if (t->nslots > 0) {
		for (j = h & (t->nslots - 1); t->slot[j] != 0;
		    j = (j + 1) & (t->nslots - 1)) {
			e = &t->e[t->slot[j] - 1];
			if (e->hash == h && e->len == len &&
			    memcmp(e->key, key, len) == 0)
				return e;
		}
	}
	if (t->n >= max) {
		t->folded++;
		return &t->other;
	}
	/* Keep the table at most half full. */
	if (2 * (t->n + 1) > t->nslots) {
		if (rehash(t, t->nslots == 0 ? 16 : 2 * t->nslots) != 0)
			return NULL;
		for (j = h & (t->nslots - 1); t->slot[j] != 0;
		    j = (j + 1) & (t->nslots - 1))
			;
	}
	if (ann__grow((void **)&t->e, &t->cap, t->n + 1, sizeof *t->e) != 0)
		return NULL;
	e = &t->e[t->n];
	memset(e, 0, sizeof *e);
	if ((e->key = malloc(len + 1)) == NULL)
		return NULL;
	memcpy(e->key, key, len);
	e->key[len] = '\0';
	e->len = len;
	e->hash = h;
	t->slot[j] = (uint32_t)++t->n;
	return e;
}

void
ann__stats_table_free(struct table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->e[i].key);
		free(t->e[i].lead);
		free(t->e[i].pair);
	}
	free(t->e);
	free(t->slot);
	free(t->other.lead);
	free(t->other.pair);
	memset(t, 0, sizeof *t);
}
