/*
 * tols_yolo_private.h: what the files of the YOLO reader share (ann_tols.h,
 * ann_tols_read_yolo): the state of a dataset being read, its error, and
 * the steps.  tols_yolo.c (the folder walk, a task per image) calls
 * tols_yolo_names.c (the class names of data.yaml or classes.txt) and
 * tols_yolo_rows.c (a label file's rows into results); those two call
 * neither each other nor it.
 *
 * Ownership: struct yolo owns its buffers; y->t and y->skips are lent by
 * the caller of ann_tols_read_yolo for the read.
 */
#ifndef ANN_TOLS_YOLO_PRIVATE_H
#define ANN_TOLS_YOLO_PRIVATE_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_skip.h"
#include "ann_tols.h"
#include "tols_private.h"
#include "util_private.h"

typedef struct yolo {
	ann_tols *t;
	ann_skips *skips;
	ann_tols_write_fn write;
	void *ctx;
	const char *dir;	/* the dataset's folder, as given */
	ann_buf path;		/* the file or folder at hand: PREFIX images/... */
	size_t prefix;		/* "ROOT/" at the start of path; 0 for "." */
	ann_buf label;		/* the label file's path, as shown */
	ann_buf names;		/* where the names came from, for messages */
	double *v;		/* one row's numbers */
	size_t capv;
	long kpt, kdim;		/* kpt_shape; 0 without */
} yolo;

/* t's error set from fmt (which may name t's own buffers); returns st. */
static inline ann_status yolo_fail(yolo *y, ann_status st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static inline ann_status
yolo_fail(yolo *y, ann_status st, const char *fmt, ...)
{
	char msg[ANN_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ann__error_set(&y->t->err, "%s", msg);
	return st;
}

/* path set to the dataset's file name, which it returns; NULL out of memory. */
static inline char *
yolo_path_to(yolo *y, const char *name)
{
	y->path.len = y->prefix;
	return ann_buf_put(&y->path, name, strlen(name)) == 0 ? y->path.p : NULL;
}

/* tols_yolo_names.c: the class names (and kpt_shape) into t's categories. */
ann_status ann__yolo_read_names(yolo *y);

/*
 * tols_yolo_rows.c: one row (line number line) of y->label's file, of an
 * image W x H, as results after t->line; a score given is added to
 * *score_sum and counted in *nscores.
 */
ann_status ann__yolo_row(yolo *y, char *s, unsigned long line, long W, long H,
    double *score_sum, uint64_t *nscores);

#endif /* ANN_TOLS_YOLO_PRIVATE_H */
