/*
 * coco_conv.c: one COCO document from a stream of tasks, in memory that
 * does not grow with the tasks.
 *
 * Images are written as their tasks arrive.  Annotations cannot follow
 * them in the same array, and their category ids may not be known until
 * the end (discovered categories are numbered by name), so each goes to a
 * spill file as "IMAGE CATEGORY-INDEX REST-OF-OBJECT" and is copied out,
 * with its final ids, when the input ends.  Only the category names stay
 * in memory.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "ann_coco_conv.h"
#include "ann_rle.h"
#include "ann_categories.h"
#include "ann_media.h"
#include "ann_sink.h"
#include "coco_private.h"
#include "json_private.h"
#include "util_private.h"

const char *
ann_tococo_errmsg(const ann_tococo *t)
{
	return t->err.msg;
}

ann_status
ann__coco_emit(ann_tococo *t, const char *s, size_t n)
{
	if (ann_out_write(t->out, s, n) != ANN_OK)
		return ann__coco_fail(t, ANN_FATAL, "%s", ann_out_errmsg(t->out));
	return ANN_OK;
}


ann_tococo *
ann_tococo_new(const ann_tococo_opts *opts, ann_out *out, ann_error *err)
{
	ann_tococo *t = calloc(1, sizeof *t);

	if (t == NULL) {
		ann__error_set(err, "out of memory");
		return NULL;
	}
	if ((t->spill = ann__tmpfile(err)) == NULL) {
		ann_tococo_free(t);
		return NULL;
	}
	t->o = *opts;
	t->out = out;
	if ((t->cats = ann_categories_new(opts->category_base)) == NULL ||
	    (opts->config != NULL &&
	    ann_categories_from_config(t->cats, opts->config) != ANN_OK) ||
	    ann__coco_kp_init(t) != ANN_OK) {
		ann__error_set(err, "out of memory");
		ann_tococo_free(t);
		return NULL;
	}
	if (!opts->results && EMIT(t, ANN__COCO_HEAD) != ANN_OK) {
		if (err != NULL)
			*err = t->err;
		ann_tococo_free(t);
		return NULL;
	}
	return t;
}

void
ann_tococo_free(ann_tococo *t)
{
	if (t == NULL)
		return;
	if (t->spill != NULL)
		fclose(t->spill);
	ann_categories_free(t->cats);
	ann_buf_free(&t->task_lines);
	ann_buf_free(&t->line);
	ann_buf_free(&t->image);
	ann_coco_shape_free(&t->shape);
	ann__coco_kp_free(&t->kp);
	free(t->items);
	free(t);
}

ann_status
ann_tococo_category(ann_tococo *t, const char *name)
{
	if (ann_categories_add(t->cats, name) != ANN_OK)
		return ann__coco_fail(t, ANN_FATAL, "out of memory");
	return ANN_OK;
}

/*
 * Image and annotation ids count from 1, as COCO's own files do:
 * pycocotools' COCOeval records a match by the ground truth's id, so a
 * match with id 0 would count as none.
 */
static uint64_t
image_id(const ann_tococo *t, size_t item)
{
	return t->next_id + 1 + item;
}

static ann_status
write_image(ann_tococo *t, ann_json_val ref, uint64_t id, long W, long H)
{
	ann_buf *b = &t->image;
	char *s = ann_media_decode(ref, &t->line);

	if (s == NULL)
		return ann__coco_fail(t, ANN_FATAL, "out of memory");
	const char *fn = ann_media_file_name(s, t->o.file_name);
	b->len = 0;
	int bad = ann_buf_printf(b, "%s\n{\"width\":%ld,\"height\":%ld,\"id\":%llu,"
	    "\"file_name\":", t->images ? "," : "", W, H,
	    (unsigned long long)id) != 0 ||
	    ann_buf_json_string(b, fn, strlen(fn)) != 0 || ann_buf_put(b, "}", 1) != 0;
	ann_status st = bad ? ann__coco_fail(t, ANN_FATAL, "out of memory") :
	    t->o.results ? ANN_OK : ann__coco_emit(t, b->p, b->len);
	t->images++;
	return st;
}

/*
 * The converter as a sink (ann_sink.h): a task gives its image reference
 * and size, each chosen set an image with its annotations, and a task
 * without one an image without annotations.
 */
static ann_status
sink_task(void *self, const ann_sink_ctx *c)
{
	ann_tococo *t = self;
	const ann_task *task = c->task;

	t->err.msg[0] = '\0';
	t->skips = c->skips;
	t->task_bad_regions = 0;
	t->tasks++;
	t->task_shape = task->shape;
	const char *key;
	if (task->video) {
		ann_skips_count(t->skips, ANN_SKIP_VIDEO, ANN_KIND_OTHER);
		return ann__coco_fail(t, ANN_WARN, "task skipped: a video, and COCO "
		    "holds images (ann-flatten -c frame,... lists its regions by frame)");
	}
	if (ann_media_ref(task, t->o.config, &t->ref, &key) != 0) {
		ann_skips_count(t->skips, ANN_SKIP_NO_IMAGE, ANN_KIND_OTHER);
		return ann__coco_fail(t, ANN_WARN, "task skipped: no image reference (%s)",
		    key);
	}
	t->nitems = 0;
	if (ann_json_typeof(t->ref) == ANN_JSON_ARRAY) {
		/* Each image's size comes from its regions, or its file. */
		t->nitems = ann_media_items(t->ref);
		if (ann__grow((void **)&t->items, &t->capitems, t->nitems,
		    sizeof *t->items) != 0)
			return ann__coco_fail(t, ANN_FATAL, "out of memory");
		t->W = t->H = -1;
		return ann__coco_meet_labels(t, c->view);
	}
	ann_error why;
	ann_status st = ann_media_size(task, t->ref, t->o.image_root, &t->line,
	    &t->W, &t->H, &why);
	if (st == ANN_WARN && t->o.width > 0 && t->o.height > 0) {
		/* Older exports have no size anywhere: the user gave it. */
		t->W = t->o.width;
		t->H = t->o.height;
		st = ANN_OK;
	}
	if (st == ANN_WARN)
		ann_skips_count(t->skips, ANN_SKIP_NO_SIZE, ANN_KIND_OTHER);
	if (st != ANN_OK)
		return ann__coco_fail(t, st, "%s%s%s", st == ANN_WARN ?
		    "task skipped: " : "", why.msg, st == ANN_WARN ?
		    ", or --size WxH gives it" : "");
	return ann__coco_meet_labels(t, c->view);
}

static ann_status
sink_set(void *self, const ann_sink_ctx *c, const ann_annotation *a)
{
	ann_tococo *t = self;

	t->task_lines.len = 0;
	for (size_t i = 0; i < t->nitems; i++) {
		t->items[i].w = t->items[i].h = 0;	/* not looked for yet */
		t->items[i].used = 0;
	}
	return ann__coco_kp_scan(t, c->view, a);
}

/*
 * The size of image g->item of a multi-image task: its regions' own, else
 * from its file (--image-root).  ANN_WARN, counted, when it has none or
 * the task lists no such image.
 */
static ann_status
item_size(ann_tococo *t, const ann_task *task, const ann_geom *g, long *W,
    long *H)
{
	ann_json_val ref;

	ann_error why;

	(void)task;
	if (g->item < 0 || (size_t)g->item >= t->nitems ||
	    ann_media_item(t->ref, (size_t)g->item, &ref) != 0) {
		ann_skips_count(t->skips, ANN_SKIP_UNKNOWN_IMAGE, ANN_KIND_OTHER);
		return ANN_WARN;
	}
	struct ann__coco_item *it = &t->items[g->item];
	it->used |= g->width > 0;	/* a region, not the set's end */
	ann_status st = ann_media_item_size(ref, g, t->o.image_root, &t->line,
	    &it->w, &it->h, &why);
	if (st == ANN_FATAL)
		return ann__coco_fail(t, st, "%s", why.msg);
	if (st != ANN_OK && t->o.width > 0)	/* --size, as for a task's image */
		it->w = t->o.width, it->h = t->o.height;
	if (it->w <= 0 || it->h <= 0) {
		ann_skips_count(t->skips, ANN_SKIP_ITEM_NO_SIZE, ANN_KIND_OTHER);
		return ANN_WARN;
	}
	*W = it->w;
	*H = it->h;
	return ANN_OK;
}

static ann_status
sink_region(void *self, const ann_sink_ctx *c, const ann_annotation *a,
    const ann_region *r, const ann_geom *g)
{
	ann_tococo *t = self;
	ann_geom own;
	long W = t->W, H = t->H;

	if (t->nitems > 0) {
		ann_status st = item_size(t, c->task, g, &W, &H);
		if (st != ANN_OK)
			return st == ANN_WARN ? ANN_OK : st;
	}
	/* A size read from the image file (--image-root): measure against it. */
	g = ann_geom_sized(g, &own, r, a, W, H);
	return ann__coco_region(t, r, g, image_id(t, t->nitems > 0 ? (size_t)g->item : 0),
	    W, H);
}

/* The images of the set just read, unless empty and not wanted. */
static ann_status
sink_set_end(void *self, const ann_sink_ctx *c, const ann_annotation *a)
{
	ann_tococo *t = self;
	ann_status st = ANN_OK;
	ann_json_val ref;

	(void)a;
	for (size_t i = 0; i < t->nitems && st == ANN_OK; i++) {
		long W, H;
		ann_geom none = { .width = -1, .height = -1, .item = (long)i };
		if (!t->items[i].used && t->o.skip_empty) {
			ann_skips_count(t->skips, ANN_SKIP_EMPTY, ANN_KIND_OTHER);
			continue;
		}
		if ((st = item_size(t, c->task, &none, &W, &H)) == ANN_OK &&
		    ann_media_item(t->ref, i, &ref) == 0)
			st = write_image(t, ref, image_id(t, i), W, H);
		else if (st == ANN_WARN)
			st = ANN_OK;	/* counted */
	}
	if (t->nitems > 0)
		t->next_id += t->nitems;
	else if (t->task_lines.len == 0 && t->o.skip_empty) {
		ann_skips_count(t->skips, ANN_SKIP_EMPTY, ANN_KIND_OTHER);
		return ANN_OK;
	} else if ((st = write_image(t, t->ref, image_id(t, 0), t->W, t->H)) == ANN_OK)
		t->next_id++;
	if (st != ANN_OK)
		return st;
	if (t->task_lines.len > 0 &&
	    fwrite(t->task_lines.p, 1, t->task_lines.len, t->spill) != t->task_lines.len)
		return ann__coco_fail(t, ANN_FATAL, "temporary file: %s", strerror(errno));
	return ANN_OK;
}

static ann_status
sink_task_end(void *self, const ann_sink_ctx *c, size_t nsets)
{
	ann_tococo *t = self;
	ann_status st = ANN_OK;

	if (nsets == 0) {	/* the task's image, without annotations */
		t->task_lines.len = 0;
		st = sink_set_end(t, c, NULL);
	}
	if (st == ANN_OK && t->task_bad_regions > 0) {
		size_t n = strlen(t->err.msg);
		if (t->task_bad_regions > 1)
			snprintf(t->err.msg + n, sizeof t->err.msg - n, " (and %llu more regions "
			    "of this task)", (unsigned long long)t->task_bad_regions - 1);
		return ANN_WARN;
	}
	return st;
}

static ann_status sink_finish(void *self) { return ann_tococo_finish(self); }
static const char *sink_errmsg(const void *self) { return ann_tococo_errmsg(self); }

static const ann_sink_ops coco_sink = {
	sink_task, sink_set, sink_region, sink_set_end, sink_task_end,
	sink_finish, sink_errmsg
};

void
ann_tococo_sink(ann_tococo *t, ann_sink *s)
{
	s->ops = &coco_sink;
	s->self = t;
	s->sets = t->o.sets;
	s->err = NULL;
}

/* Copy the spilled annotations out, with their ids. */
static ann_status
copy_annotations(ann_tococo *t)
{
	char *line = NULL, *rest;
	size_t cap = 0;
	ssize_t n;
	ann_status st = ANN_OK;
	char head[96];

	if (fflush(t->spill) != 0 || fseek(t->spill, 0, SEEK_SET) != 0)
		return ann__coco_fail(t, ANN_FATAL, "temporary file: %s", strerror(errno));
	while (st == ANN_OK && (n = getline(&line, &cap, t->spill)) > 0) {
		unsigned long long image = strtoull(line, &rest, 10);
		unsigned long cat = strtoul(rest + 1, &rest, 10);
		rest++;
		int h = t->o.results ?
		    snprintf(head, sizeof head, "%s\n{\"image_id\":%llu,\"category_id\":%ld,",
		    t->annotations ? "," : "", image, ann_categories_id(t->cats, cat)) :
		    snprintf(head, sizeof head, "%s\n{\"id\":%llu,\"image_id\":%llu,"
		    "\"category_id\":%ld,", t->annotations ? "," : "",
		    (unsigned long long)t->annotations + 1, image,
		    ann_categories_id(t->cats, cat));
		t->annotations++;
		if ((st = ann__coco_emit(t, head, (size_t)h)) == ANN_OK)
			st = ann__coco_emit(t, rest, (size_t)(line + n - 1 - rest));	/* no newline */
	}
	if (st == ANN_OK && ferror(t->spill))
		st = ann__coco_fail(t, ANN_FATAL, "temporary file: %s", strerror(errno));
	free(line);
	return st;
}

ann_status
ann_tococo_finish(ann_tococo *t)
{
	size_t *order, ncats = ann_categories_count(t->cats);
	ann_buf b = { 0 };
	ann_status st;

	if (ann_categories_number(t->cats, &order) != ANN_OK)
		return ann__coco_fail(t, ANN_FATAL, "out of memory");
	st = t->o.results ? EMIT(t, "[") : EMIT(t, ANN__COCO_ANNOTATIONS);
	if (st == ANN_OK)
		st = copy_annotations(t);
	if (st == ANN_OK && t->o.results)
		st = EMIT(t, "\n]\n");
	else if (st == ANN_OK) {
		int bad = ann_buf_printf(&b, ANN__COCO_CATEGORIES) != 0;
		for (size_t i = 0; i < ncats && !bad; i++) {
			const char *name = ann_categories_name(t->cats, order[i]);
			bad = ann_buf_printf(&b, "%s\n{\"id\":%ld,\"name\":", i ? "," : "",
			    ann_categories_id(t->cats, order[i])) != 0 ||
			    ann_buf_json_string(&b, name, strlen(name)) != 0 ||
			    ann__coco_kp_category(t, &b, order[i]) != ANN_OK ||
			    ann_buf_put(&b, "}", 1) != 0;
		}
		bad = bad || ann_buf_put(&b, ANN__COCO_END, sizeof ANN__COCO_END - 1) != 0;
		st = bad ? ann__coco_fail(t, ANN_FATAL, "out of memory") : ann__coco_emit(t, b.p, b.len);
	}
	ann_buf_free(&b);
	free(order);
	return st;
}

const ann_categories *
ann_tococo_categories(const ann_tococo *t)
{
	return t->cats;
}

void
ann_tococo_summary(const ann_tococo *t, char *buf, size_t len)
{
	size_t ncats = ann_categories_count(t->cats);

	snprintf(buf, len, "%llu %s, %llu %s, %llu %s, %zu %s",
	    (unsigned long long)t->tasks, ann__plural(t->tasks, "task", "tasks"),
	    (unsigned long long)t->images, ann__plural(t->images, "image", "images"),
	    (unsigned long long)t->annotations,
	    ann__plural(t->annotations, "annotation", "annotations"),
	    ncats, ann__plural(ncats, "category", "categories"));
}
