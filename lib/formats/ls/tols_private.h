/*
 * tols_private.h: what tols.c (reading COCO into the tables and the spill
 * file) and tols_write.c (the tasks and the config from them) share: the
 * converter's state and the look-ups both make.  Inline, so that neither
 * file calls the other.
 */
#ifndef ANN_TOLS_PRIVATE_H
#define ANN_TOLS_PRIVATE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_json.h"
#include "ann_tols.h"
#include "ls_result.h"
#include "tols_names.h"
#include "util_private.h"


typedef struct image {
	int64_t id;
	char *file;		/* file_name; NULL until listed */
	int64_t last;		/* offset of its last annotation in the spill, -1 */
	uint64_t n;		/* its annotations */
	uint64_t bytes;		/* theirs in the spill, heads and all */
	int32_t w, h;		/* -1 unknown */
	uint32_t lastlen;	/* the last one's bytes, head and all */
	uint32_t apart;		/* another image's annotation lies among its own */
} image;

typedef struct category {
	int64_t id;
	char *name;
	char **kp;		/* its keypoint names */
	size_t nkp;
	unsigned used;		/* a bit per R_* kind it was written as */
} category;

/* An open-addressed map from a COCO id to an index in a table. */
typedef struct idmap {
	int64_t *key;
	size_t *val;
	size_t cap, n;
} idmap;

struct ann_tols {
	ann_tols_opts o;
	ann_error err;
	FILE *spill;
	int64_t spill_end;
	image *img;
	size_t nimg, capimg;
	size_t *order;		/* images in the order listed */
	size_t norder, caporder;
	idmap imgmap;
	category *cat;
	size_t ncat, capcat;
	idmap catmap;
	uint64_t source;	/* the hash of the input's base name */
	uint64_t ordinal;	/* annotations read from it */
	uint64_t tasks, results, clipped, empty;
	ann_buf task, name, line, scratch, counts;
	ann_buf job, out;	/* ann_tols_write's */
	/*
	 * A writer (ann_tols_writer) shares its parent's tables and spill and
	 * has its own buffers, counts and copy of the categories (for their
	 * used bits).
	 */
	ann_tols *parent;
	ann_tols_names *names;
	/*
	 * A result whose names the config cannot give fails where it is
	 * written, deep in code whose every failure so far was memory: the
	 * status waits here, and oom() reports it instead (tols_result.h).
	 */
	ann_status pending;
};

static inline size_t
idmap_slot(const idmap *m, int64_t key)
{
	size_t i = (size_t)ann_hash(&key, sizeof key) & (m->cap - 1);

	while (m->val[i] != (size_t)-1 && m->key[i] != key)
		i = (i + 1) & (m->cap - 1);
	return i;
}

/* The index of key, or (size_t)-1. */
static inline size_t
idmap_get(const idmap *m, int64_t key)
{
	return m->cap == 0 ? (size_t)-1 : m->val[idmap_slot(m, key)];
}

static inline ann_status
oom(ann_tols *t)
{
	if (t->pending != ANN_OK) {
		ann_status st = t->pending;
		t->pending = ANN_OK;
		return st;	/* the message is already set */
	}
	ann__error_set(&t->err, "out of memory");
	return ANN_FATAL;
}

/* A member as a whole number, or -1. */
static inline int
get_id(ann_json_val obj, const char *key, int64_t *id)
{
	ann_json_val v;

	return ann_json_get(obj, key, &v) == 0 && ann_json_int64(v, id) == 0 ? 0 : -1;
}

#endif /* ANN_TOLS_PRIVATE_H */
