/*
 * ann_tols.h: Label Studio tasks, with predictions or annotations, read
 * from other formats: a COCO instances file (or a results array with the
 * dataset's images beside it).  Not a sink: it reads a format into tasks,
 * one NDJSON line per image, written through the caller's write function.
 *
 * Ownership: a converter from ann_tols_new is freed by ann_tols_free (NULL
 * is fine); it borrows its options' strings for its life.  It owns a table
 * of the images and categories met (a small entry each), a spill file of
 * where each annotation is, and a copy of the descriptor of each regular
 * file read, whose annotations it reads again there (a pipe's it spills);
 * all go away with it.
 */
#ifndef ANN_TOLS_H
#define ANN_TOLS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_config.h"
#include "ann_skip.h"

/* Where the tasks go: 0 when all N bytes went out, -1 otherwise. */
typedef int (*ann_tols_write_fn)(void *ctx, const void *data, size_t n);

/* What the rows of a YOLO dataset are (--task); AUTO: by their columns. */
enum { ANN_TOLS_YOLO_AUTO, ANN_TOLS_YOLO_DETECT, ANN_TOLS_YOLO_SEGMENT,
    ANN_TOLS_YOLO_OBB, ANN_TOLS_YOLO_POSE };

typedef struct ann_tols_opts {
	int as_annotations;		/* results as annotations, not predictions */
	const char *model_version;	/* of each prediction; NULL: none */
	const char *to_name;		/* the Image tag's name; NULL: "image" */
	const char *from_name;		/* every result's control; NULL: by kind */
	/* Names from this config instead (tols_names.h); borrowed. */
	const ann_labelconfig *config;
	const char *image_url;		/* prefix of each image's file_name */
	/* Where image files are, for sizes the input lacks (--image-root). */
	const char *image_root;
	uint64_t max_pixels;		/* largest mask decoded (0: no limit) */
	int yolo_task;			/* ANN_TOLS_YOLO_* */
	/* A task skipped, named with its reason (it is counted too); may be NULL. */
	void (*note_skip)(void *ctx, const char *what);
	void *note_ctx;
} ann_tols_opts;

typedef struct ann_tols ann_tols;

/* NULL with err set when out of memory or the spill file cannot be made. */
ann_tols *ann_tols_new(const ann_tols_opts *opts, ann_error *err);
void ann_tols_free(ann_tols *t);

/*
 * Read a COCO file from fd (plain, gzip or zstd), named NAME in messages
 * and in the results' ids.  A dataset object gives its images, categories
 * and annotations; with ANNOTATIONS 0 its annotations are passed over
 * (the --images file of a results run).  A top-level array is a results
 * file: annotations only.  ANN_OK, ANN_FAILED for input that is not COCO
 * (ann_tols_errmsg, ann_tols_errbyte), ANN_FATAL for an I/O error or
 * memory.  Call it once per input, then ann_tols_write.
 */
ann_status ann_tols_read_coco(ann_tols *t, int fd, const char *name,
    int annotations);
/*
 * Read the YOLO dataset in folder DIR and write its tasks as it goes: one
 * per image under DIR/images/ (in byte order of path), its results from
 * its label file (none: a task without results), its size from the image
 * file (none: the task is counted in skips and named through opts.warn).
 * The classes (data.yaml or classes.txt) become the categories that
 * ann_tols_config writes.  ANN_OK; ANN_FAILED for a dataset that cannot be
 * read as one, the message starting with the file and line; ANN_FATAL for
 * an I/O error or memory.  Call it once, instead of ann_tols_read_coco.
 */
ann_status ann_tols_read_yolo(ann_tols *t, const char *dir,
    ann_tols_write_fn write, void *ctx, ann_skips *skips);
/*
 * One task per image listed, in the order listed, with the annotations read
 * for it as results.  A region skipped is counted in skips.
 */
ann_status ann_tols_write(ann_tols *t, ann_tols_write_fn write, void *ctx,
    ann_skips *skips);
/*
 * ann_tols_write in steps, so that the tasks can be made on several
 * threads (pmap in the front end) and still come out in order.  After the
 * last read, ann_tols_jobs flushes the spill and gives the number of
 * tasks to make (annotations of images never listed are counted in skips
 * there), or ANN_FAILED when a file read has changed since.  On one thread, in order, ann_tols_job(t, i) puts where the
 * annotations of task i are into job (an image without a size is named and
 * counted, and ANN_WARN says there is no job).  On any thread, each with
 * a writer of its own, ann_tols_do_job appends the task's line to out;
 * ANN_FAILED (the config has no control for a label, the message on
 * that writer) or ANN_FATAL stop.  ann_tols_write is these on one thread.
 */
ann_status ann_tols_jobs(ann_tols *t, size_t *n, ann_skips *skips);
ann_status ann_tols_job(ann_tols *t, size_t i, ann_buf *job, ann_skips *skips);
ann_status ann_tols_do_job(ann_tols *t, const char *job, size_t len,
    ann_buf *out, ann_skips *skips);
/*
 * A job names its annotations and ann_tols_do_job reads them: the bytes
 * it stands for, its own and theirs, to size batches of jobs by.
 */
size_t ann_tols_job_size(const char *job, size_t len);
/*
 * A writer for another thread: it shares t's tables and spill, which
 * must not change while it works (no reading), and has its own buffers
 * and counts.  NULL when out of memory.  ann_tols_writer_join adds its
 * counts (and the kinds of result each category was written as) to t's,
 * and frees it; ann_tols_free frees one without adding.
 */
ann_tols *ann_tols_writer(ann_tols *t);
void ann_tols_writer_join(ann_tols *w);

/*
 * A labeling config that fits the tasks written: the Image tag and one
 * control per kind of result, with the categories as labels (category="ID"
 * keeps COCO's ids; model_index the keypoints' order).
 */
ann_status ann_tols_config(ann_tols *t, ann_tols_write_fn write, void *ctx);
/*
 * A run stops at a result whose label no control of opts.config has (or
 * two have): ANN_FAILED from the read or write call, the message naming it.
 */

const char *ann_tols_errmsg(const ann_tols *t);
/* Where in the input the last error is, when known: 1 and *byte. */
int ann_tols_errbyte(const ann_tols *t, uint64_t *byte);
/* Images, tasks with results, results, clipped coordinates, on one line. */
void ann_tols_summary(const ann_tols *t, char *buf, size_t len);

#endif /* ANN_TOLS_H */
