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
#include "ann_skip.h"
#include "ann_tols.h"
#include "ls_result.h"
#include "tols_names.h"
#include "util_private.h"


typedef struct image {
	int64_t id;
	char *file;		/* file_name; NULL until listed */
	int64_t last;		/* offset of its last annotation's head in the spill, -1 */
	uint64_t n;		/* its annotations */
	int32_t w, h;		/* -1 unknown */
	uint32_t apart;		/* another image's annotation lies among its own */
} image;

/*
 * An annotation's head in the spill file, one per annotation in the order
 * read: the head of its image's annotation before it (-1: none), its
 * source and ordinal there (for its results' ids), and where its text is:
 * bytes LEN at AT in input INPUT (its place in ann_tols.in, plus one), or
 * with INPUT 0 in the text spill, for an input that cannot be read twice.
 */
enum { HEAD_PREV, HEAD_SOURCE, HEAD_ORDINAL, HEAD_LEN, HEAD_INPUT, HEAD_AT, HEAD_WORDS };
#define HEAD_BYTES (HEAD_WORDS * sizeof (uint64_t))

/*
 * An input whose annotations are read again where they lie: a plain
 * regular file, kept open (a copy of the caller's descriptor), and what it
 * was when read, to tell when it has changed since.
 */
typedef struct input {
	int fd;
	char *name;		/* for messages */
	int64_t base;		/* where the caller's descriptor stood: byte 0 */
	uint64_t dev, ino;
	int64_t size, mtime_ns;
} input;

typedef struct category {
	int64_t id;
	char *name;
	char **kp;		/* its keypoint names */
	size_t nkp;
	unsigned used;		/* a bit per ANN_LS_* kind it was written as */
} category;

/*
 * A map from a COCO id to an index in a table.  Ids are mostly 1, 2, 3...:
 * those below a few times the entries are an array's (dense[id], the index
 * plus one, 0 for none), looked up without a hash or a miss in a table
 * of 16-byte slots; the others are in an open-addressed table.
 */
typedef struct idmap {
	int64_t *key;
	size_t *val;
	size_t cap, n;
	uint32_t *dense;
	size_t ndense, entries;
} idmap;

struct ann_tols {
	ann_tols_opts o;
	ann_error err;
	FILE *spill;		/* the heads */
	int64_t spill_end;
	FILE *texts;		/* text of annotations from pipes, made when needed */
	int64_t texts_end;
	input *in;		/* inputs read where they lie */
	size_t nin, capin;
	size_t cur_in;		/* the input being read: its place in in, plus one; 0 */
	struct tols_half *half;	/* its annotations from further on (tols_half.h) */
	image *img;
	size_t nimg, capimg;
	size_t *order;		/* images in the order listed */
	size_t norder, caporder;
	idmap imgmap;
	size_t last_img;	/* the image image_of found last */
	category *cat;
	size_t ncat, capcat;
	idmap catmap;
	uint64_t source;	/* the hash of the input's base name */
	uint64_t ordinal;	/* annotations read from it */
	uint64_t tasks, results, clipped, empty;
	ann_buf task, name, line, scratch, counts;
	ann_buf job, out;	/* ann_tols_write's */
	ann_buf text;		/* input text_in's from text_at (a job's) */
	uint64_t text_in;
	int64_t text_at;
	ann_buf window;		/* of the spill, from window_off (ann_tols_job's) */
	int64_t window_off;
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

/*
 * One annotation's results, appended to t->line (tols_write.c): ORD its
 * source and ordinal, for the results' ids; regions skipped are counted,
 * and each score adds to *score_sum and *nscores.
 */
ann_status ann__tols_convert(ann_tols *t, const image *im, ann_json_val a,
    const uint64_t ord[2], ann_skips *skips, double *score_sum, uint64_t *nscores);

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
	if ((uint64_t)key < m->ndense && m->dense[key] != 0)
		return m->dense[key] - 1;
	return m->n == 0 ? (size_t)-1 : m->val[idmap_slot(m, key)];
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
