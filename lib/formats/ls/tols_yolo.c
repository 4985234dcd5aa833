/*
 * tols_yolo.c: Label Studio tasks from a YOLO dataset folder (ann_tols.h).
 *
 * The class names come from data.yaml ("names" as a list or an id -> name
 * map, "kpt_shape" for pose) or classes.txt.  The images are the files
 * under images/ (any depth: images/train/, images/val/ ...), walked in
 * byte order of their names so the output is the same on every machine;
 * each image's label file is found by Ultralytics' rule (the last "images"
 * component of its path becomes "labels", its extension ".txt"), and one
 * task is written per image as soon as its label file is read.  Memory is
 * one label file's results plus the names of one folder per level.
 *
 * A row is told apart by its number of columns and the --task asked for
 * (auto by default): 5 detect, 6 detect with a confidence, an odd number
 * from 7 a segment polygon, 9 an OBB box or a 4-point polygon (which
 * only --task can say), 5 + K * D pose (kpt_shape [K, D]).  A segment row
 * is never taken for a box (label-studio-converter's `import yolo` does).
 *
 * This file walks the folder and writes a task per image;
 * tols_yolo_names.c reads the class names, tols_yolo_rows.c the rows.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_config.h"
#include "ann_skip.h"
#include "ann_tols.h"
#include "tols_private.h"
#include "tols_result.h"
#include "tols_yolo_private.h"
#include "util_private.h"

#define YOLO_MAX_DEPTH 16	/* folders under images/; a link loop ends here */

/* Ultralytics' image formats (IMG_FORMATS), by extension. */
static int
is_image(const char *name)
{
	static const char *const ext[] = { "bmp", "dng", "jpeg", "jpg", "mpo",
	    "png", "tif", "tiff", "webp", "pfm", "heic" };
	const char *dot = strrchr(name, '.');

	for (size_t i = 0; dot != NULL && i < sizeof ext / sizeof *ext; i++)
		if (strcasecmp(dot + 1, ext[i]) == 0)
			return 1;
	return 0;
}

/* Ultralytics' img2label_paths: the last "images" component -> "labels". */
static int
label_path(yolo *y)
{
	const char *p = y->path.p, *at = NULL, *dot;

	for (const char *q = p; (q = strstr(q, "images/")) != NULL; q++)
		if (q == p || q[-1] == '/')
			at = q;
	y->label.len = 0;
	if (at == NULL)	/* the walk starts at images/: never */
		return -1;
	dot = strrchr(at, '.');
	return ann_buf_put(&y->label, p, (size_t)(at - p)) ||
	    ann_buf_put(&y->label, "labels", 6) ||
	    ann_buf_put(&y->label, at + 6, (size_t)(dot - at - 6)) ||
	    ann_buf_put(&y->label, ".txt", 4) ? -1 : 0;
}

/* The image at y->path: its label file read, its task written. */
static ann_status
image_task(yolo *y)
{
	ann_tols *t = y->t;
	const char *rel = y->path.p + y->prefix;
	long W, H;
	ann_error why = { 0 };
	double score_sum = 0;
	uint64_t nscores = 0;
	ann_status st = ANN_OK;
	FILE *f;

	/* The header, else the same path under --image-root (images/ left out). */
	if (ann_image_size(y->path.p, &W, &H, &why) != 0 && (t->o.image_root == NULL ||
	    size_from_root(t, rel + 7, &y->label, &W, &H, &why) != 0)) {
		ann_skips_count(y->skips, ANN_SKIP_NO_SIZE, ANN_KIND_OTHER);
		if (t->o.image_root == NULL) {
			/* The reader's message names the file, which is named first. */
			size_t n = strlen(y->path.p);
			const char *m = strncmp(why.msg, y->path.p, n) == 0 &&
			    strncmp(why.msg + n, ": ", 2) == 0 ? why.msg + n + 2 : why.msg;
			ann_error hint;
			ann__error_set(&hint, "%s; --image-root DIR reads it from DIR/%s",
			    m, rel + 7);
			why = hint;
		}
		name_skip(t, y->path.p, &why);
		return ANN_OK;
	}
	if (label_path(y) != 0)
		return oom(t);
	t->line.len = 0;
	if ((f = fopen(y->label.p, "r")) != NULL) {
		char *s = NULL;
		size_t cap = 0;
		unsigned long line = 0;
		while (st == ANN_OK && getline(&s, &cap, f) >= 0) {
			line++;
			s[strcspn(s, "\n")] = '\0';
			st = ann__yolo_row(y, s, line, W, H, &score_sum, &nscores);
		}
		free(s);
		if (st == ANN_OK && ferror(f))
			st = yolo_fail(y, ANN_FATAL, "%s: %s", y->label.p, strerror(errno));
		fclose(f);
	} else if (errno != ENOENT)
		st = yolo_fail(y, ANN_FATAL, "%s: %s", y->label.p, strerror(errno));
	/* No label file: a negative image, a task with no results. */
	if (st != ANN_OK)
		return st;
	t->task.len = 0;
	if (put_task(t, &t->task, rel, score_sum, nscores) != 0)
		return oom(t);
	if (y->write(y->ctx, t->task.p, t->task.len) != 0)
		return yolo_fail(y, ANN_FATAL, "write error: %s", strerror(errno));
	return ANN_OK;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folder at y->path, its images and folders in byte order of name. */
static ann_status
walk(yolo *y, int depth)
{
	char **name = NULL;
	size_t n = 0, cap = 0, base = y->path.len;
	struct dirent *d;
	ann_status st = ANN_OK;
	DIR *dir;

	if ((dir = opendir(y->path.p)) == NULL)
		return yolo_fail(y, errno == ENOENT ? ANN_FAILED : ANN_FATAL, "%s: %s%s",
		    y->path.p, strerror(errno), errno == ENOENT ?
		    " (a YOLO dataset holds images/ and labels/)" : "");
	while ((d = readdir(dir)) != NULL) {
		if (d->d_name[0] == '.')	/* ., .., hidden: as Ultralytics' glob */
			continue;
		if (ann__grow((void **)&name, &cap, n + 1, sizeof *name) != 0 ||
		    (name[n] = strdup(d->d_name)) == NULL) {
			st = oom(y->t);
			break;
		}
		n++;
	}
	closedir(dir);
	if (st == ANN_OK)
		qsort(name, n, sizeof *name, by_name);
	for (size_t i = 0; st == ANN_OK && i < n; i++) {
		struct stat sb;
		y->path.len = base;
		if (ann_buf_printf(&y->path, "/%s", name[i]) != 0) {
			st = oom(y->t);
			break;
		}
		if (stat(y->path.p, &sb) != 0)
			st = yolo_fail(y, ANN_FATAL, "%s: %s", y->path.p, strerror(errno));
		else if (S_ISDIR(sb.st_mode))
			st = depth < YOLO_MAX_DEPTH ? walk(y, depth + 1) :
			    yolo_fail(y, ANN_FAILED, "%s: folders nested deeper than %d",
			    y->path.p, YOLO_MAX_DEPTH);
		else if (S_ISREG(sb.st_mode) && is_image(name[i]))
			st = image_task(y);
	}
	for (size_t i = 0; i < n; i++)
		free(name[i]);
	free(name);
	y->path.len = base;
	y->path.p[base] = '\0';
	return st;
}

ann_status
ann_tols_read_yolo(ann_tols *t, const char *dir, ann_tols_write_fn write,
    void *ctx, ann_skips *skips)
{
	yolo y = { .t = t, .skips = skips, .write = write, .ctx = ctx, .dir = dir };
	ann_status st;
	size_t dl = strlen(dir);

	t->err.msg[0] = '\0';
	t->err.has_byte = 0;
	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	/* Paths are shown as the user named the folder; "." adds nothing. */
	if (!(dl == 1 && dir[0] == '.') &&
	    (ann_buf_put(&y.path, dir, dl) || (dir[dl - 1] != '/' &&
	    ann_buf_put(&y.path, "/", 1))))
		return oom(t);
	y.prefix = y.path.len;
	if ((st = ann__yolo_read_names(&y)) == ANN_OK) {
		if (yolo_path_to(&y, "images") == NULL)
			st = oom(t);
		else
			st = walk(&y, 0);
	}
	ann_buf_free(&y.path);
	ann_buf_free(&y.label);
	ann_buf_free(&y.names);
	free(y.v);
	return st;
}
