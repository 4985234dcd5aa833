/*
 * idset.c: a set of strings for id lists of any length.
 *
 * Millions of ids must fit in little memory, so each slot is one 64-bit
 * word: where the id lives in one arena (40 bits, plus one so that 0 is
 * empty) and 24 bits of its hash, which settles most mismatches without
 * touching the arena.
 */
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "ann_filter.h"
#include "util_private.h"

#define OFF_BITS 40
#define OFF_MASK ((1ULL << OFF_BITS) - 1)

struct ann_idset {
	uint64_t *slot;
	size_t cap, count;	/* cap is a power of two */
	char *arena;		/* each id: 4-byte length, then its bytes */
	size_t used, arena_cap;
};

ann_idset *
ann_idset_new(void)
{
	return calloc(1, sizeof(ann_idset));
}

void
ann_idset_free(ann_idset *s)
{
	if (s == NULL)
		return;
	free(s->slot);
	free(s->arena);
	free(s);
}

void
ann_idset_clear(ann_idset *s)
{
	s->count = 0;
	s->used = 0;
	/* A table grown for a large set is let go, not cleared each time. */
	if (s->cap > 1024) {
		free(s->slot);
		s->slot = NULL;
		s->cap = 0;
	} else if (s->cap > 0)
		memset(s->slot, 0, s->cap * sizeof *s->slot);
}

size_t
ann_idset_count(const ann_idset *s)
{
	return s->count;
}

static int
same(const ann_idset *s, uint64_t slot, const char *id, uint32_t len)
{
	const char *at = s->arena + ((slot & OFF_MASK) - 1);
	uint32_t n;

	memcpy(&n, at, 4);
	return n == len && memcmp(at + 4, id, len) == 0;
}

/* The slot for id: the one holding it, or the empty one where it would go. */
static uint64_t *
find(const ann_idset *s, const char *id, uint32_t len, uint64_t h)
{
	uint64_t tag = h >> OFF_BITS << OFF_BITS;
	size_t mask = s->cap - 1;

	for (size_t i = h & mask;; i = (i + 1) & mask) {
		uint64_t *slot = &s->slot[i];
		if (*slot == 0 || ((*slot & ~OFF_MASK) == tag && same(s, *slot, id, len)))
			return slot;
	}
}

static int
rehash(ann_idset *s)
{
	/*
	 * Small at first: the writers keep a set of the objects of each
	 * annotation, most of a few ids.  Doubling from 16 costs a set of
	 * millions six small rehashes more.
	 */
	size_t cap = s->cap ? s->cap * 2 : 16;
	uint64_t *old = s->slot;
	size_t oldcap = s->cap;

	if ((s->slot = calloc(cap, sizeof *s->slot)) == NULL) {
		s->slot = old;
		return -1;
	}
	s->cap = cap;
	for (size_t i = 0; i < oldcap; i++) {
		if (old[i] == 0)
			continue;
		const char *at = s->arena + ((old[i] & OFF_MASK) - 1);
		uint32_t n;
		memcpy(&n, at, 4);
		*find(s, at + 4, n, ann_hash(at + 4, n)) = old[i];
	}
	free(old);
	return 0;
}

ann_status
ann_idset_add(ann_idset *s, const char *id, size_t len)
{
	if (len > UINT32_MAX || s->used + len + 4 >= OFF_MASK)
		return ANN_FAILED;
	if ((s->count + 1) * 10 > s->cap * 7 && rehash(s) != 0)
		return ANN_FATAL;
	uint64_t h = ann_hash(id, len);
	uint64_t *slot = find(s, id, (uint32_t)len, h);
	if (*slot != 0)
		return ANN_OK;
	if (ann__grow((void **)&s->arena, &s->arena_cap, s->used + len + 4, 1) != 0)
		return ANN_FATAL;
	uint32_t n = (uint32_t)len;
	memcpy(s->arena + s->used, &n, 4);
	memcpy(s->arena + s->used + 4, id, len);
	*slot = (h >> OFF_BITS << OFF_BITS) | (s->used + 1);
	s->used += len + 4;
	s->count++;
	return ANN_OK;
}

int
ann_idset_has(const ann_idset *s, const char *id, size_t len)
{
	if (s->count == 0 || len > UINT32_MAX)
		return 0;
	return *find(s, id, (uint32_t)len, ann_hash(id, len)) != 0;
}
