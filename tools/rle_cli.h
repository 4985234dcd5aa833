/*
 * rle_cli.h: what the files of ann-rle share, and nothing else: the state
 * of a run (struct rle, filled by main in ann-rle.c), encode's options, and
 * the steps each command's file gives the record loop.  Private to the tool.
 *
 * Ownership: struct rle owns its buffers and the record's work (lines,
 * files, layers, edits) until on_record hands them on or takes them back;
 * regions and ids are borrowed from s->view until the next record.  A step
 * returns ANN_OK, ANN_FAILED (the record is refused; why is in s->err) or
 * ANN_FATAL (the run ends).
 */
#ifndef RLE_CLI_H
#define RLE_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "ann.h"
#include "ann_rle.h"
#include "ann_sink.h"
#include "ann_loop.h"

enum command { CMD_DECODE, CMD_ENCODE, CMD_TO_COCO, CMD_FROM_COCO, CMD_STATS };

struct layer;		/* rle_decode.c */
struct edit;		/* rle_rewrite.c */

struct rle {
	enum command cmd;
	ann_sets sets;		/* which annotation sets are read */
	ann_sink sink;		/* this, as the sink the records go to */
	ann_loop *loop;		/* the loop of the record being read */
	const ann_annotation *first_set;	/* the task's sets, and */
	size_t region_index;	/* the place of the region in its set */
	int npy;		/* -f npy */
	int merge;		/* --merge */
	uint64_t max_pixels;	/* --max-pixels */
	const char *image_root;	/* --image-root */
	long size_w, size_h;	/* --size; 0 when not given */
	int task_sized;		/* task_w, task_h are worked out for this task */
	long task_w, task_h;	/* the image's size, -1 when not known */
	const char *dir;	/* -o */
	ann_view *view;
	ann_out *out;
	uint64_t seq;		/* records seen, over all inputs */
	uint64_t masks;		/* masks measured or written */
	ann_skips skips;	/* what the set choice left out */
	/* The current record's work, which reaches the output only when whole. */
	ann_buf lines;		/* NDJSON lines */
	char **paths;		/* files written */
	size_t npaths, cappaths;
	struct layer *layers;
	size_t nlayers, caplayers;
	struct edit *edits;
	size_t nedits, capedits;
	ann_buf text;		/* edits' new text */
	ann_buf spliced, minified;
	ann_buf bytes, name, scratch;
	char err[1024];		/* why the record failed */
};

struct encode {
	const char *from_name, *to_name, *label;
	const char *model_version;
	const char *score;	/* checked: a finite number */
	const char *data_key, *data_value;
	uint64_t max_pixels;	/* --max-pixels */
	unsigned threshold;	/* --threshold: 1..255, or 0 to keep the values */
};

/* --- ann-rle.c: where a record went wrong -------------------------------- */

/* Say in s->err which region failed and why; the record is refused. */
ann_status rle_region_fail(struct rle *s, const ann_region *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static inline ann_status
rle_oom(struct rle *s)
{
	snprintf(s->err, sizeof s->err, "out of memory");
	return ANN_FATAL;
}

/* --- rle_decode.c: decode, stats, --merge ------------------------------- */

ann_status rle_read_mask(struct rle *s, const ann_region *r, ann_coco **coco,
    ann_runmask **runs);
ann_status rle_decode_region(struct rle *s, ann_loop *L, const ann_annotation *a,
    size_t ai, const ann_region *r, size_t ri);
ann_status rle_stats_region(struct rle *s, const ann_annotation *a,
    const ann_region *r);
ann_status rle_merge_region(struct rle *s, const ann_region *r);
ann_status rle_write_layers(struct rle *s, ann_loop *L);
void rle_drop_layers(struct rle *s);
void rle_take_back_files(struct rle *s);
void rle_keep_files(struct rle *s);
int rle_make_dir(ann_loop *L, const char *dir);

/* --- rle_rewrite.c: to-coco, from-coco ---------------------------------- */

ann_status rle_to_coco(struct rle *s, const ann_record *rec, const ann_region *r,
    ann_json_val rle);
ann_status rle_from_coco(struct rle *s, const ann_record *rec, const ann_region *r,
    ann_json_val rle);
ann_status rle_write_spliced(struct rle *s, ann_loop *L, const ann_record *rec);

/* --- rle_encode.c: encode ----------------------------------------------- */

ann_status rle_encode_file(const struct encode *e, ann_loop *L, ann_out *out,
    ann_buf *b, const char *path, int index);

#endif
