/*
 * rle_decode.c: ann-rle's decode, stats and --merge: a brush region's mask
 * read, measured, and written to DIR under a name made from its task,
 * annotation, region and labels.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ann.h"
#include "ann_media.h"
#include "ann_rle.h"
#include "rle_cli.h"

/*
 * File name parts: ids and labels are cut to these many bytes (escaped), so
 * that the longest name, task-...-annotation-...-region-...-LABEL.npy, stays
 * under the 255 bytes file systems allow.
 */
#define ID_PART_MAX	40
#define LABEL_PART_MAX	64

/* One label's union of a task's regions, for --merge. */
struct layer {
	char *label;		/* decoded text; NULL for regions without one */
	size_t len;
	ann_runmask *mask;	/* runs: a plane per label would cost w x h each */
	uint64_t regions;
};

/* --- Small writers ------------------------------------------------------- */

/*
 * A value from the record as it is, or null when it is missing; minified,
 * since an array or object of a pretty-printed record spans lines.
 */
static int
put_raw(ann_buf *b, ann_json_val v)
{
	char *at;

	if (v.p == NULL)
		return ann_buf_put(b, "null", 4);
	if ((at = ann_buf_room(b, v.n)) == NULL)
		return -1;
	b->len += ann_json_minify(v.p, v.n, at);
	b->p[b->len] = '\0';
	return 0;
}

/* The text of an id or a label: a string decoded, anything else as written. */
static const char *
text_of(ann_json_val v, ann_buf *scratch, size_t *n)
{
	if (ann_json_typeof(v) != ANN_JSON_STRING) {
		*n = v.n;
		return v.p;
	}
	char *d = ann_buf_clear_room(scratch, v.n);
	if (d == NULL)
		return NULL;
	*n = ann_json_str_decode(v, d);
	return d;
}

/*
 * One part of a file name.  Bytes in [A-Za-z0-9.] are kept and every other
 * byte, '-' and '_' included, becomes _HH (upper-case hex): the escaping can
 * be undone, so different ids or labels never give the same name, and the
 * '-' between the parts cannot come from inside one.  A part longer than max
 * is cut and ends with "__" and a hash of all of it; "__" never comes from
 * the escaping.  No part holds a '/', and every name starts with "task-",
 * so none is "." or "..", hidden, or an option.
 */
static int
name_safe(unsigned char c)
{
	return c == '.' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	    (c >= 'a' && c <= 'z');
}

static int
put_name_part(ann_buf *b, const char *s, size_t n, size_t max)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t full = 0, room;

	for (size_t i = 0; i < n; i++)
		full += name_safe((unsigned char)s[i]) ? 1 : 3;
	room = full <= max ? full : max - 18;	/* 18: "__" and the hash */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[3] = { '_', hex[c >> 4], hex[c & 15] };
		size_t k = name_safe(c) ? 1 : 3;
		if (k > room)
			break;
		if (ann_buf_put(b, k == 1 ? &s[i] : esc, k) != 0)
			return -1;
		room -= k;
	}
	if (full > max)
		return ann_buf_printf(b, "__%016llx",
		    (unsigned long long)ann_hash(s, n));
	return 0;
}

/*
 * An id as a name part; a missing one as "_n" and its position, which the
 * escaping never writes either.
 */
static int
put_id_part(struct rle *s, ann_json_val id, uint64_t position)
{
	size_t n;
	const char *t;

	if (id.p == NULL || ann_json_typeof(id) == ANN_JSON_NULL)
		return ann_buf_printf(&s->name, "_n%llu", (unsigned long long)position);
	if ((t = text_of(id, &s->scratch, &n)) == NULL)
		return -1;
	return put_name_part(&s->name, t, n, ID_PART_MAX);
}

/* --- Reading a region's mask --------------------------------------------- */

/* A codec's verdict: bad data refuses the record, anything else ends the run. */
static ann_status
codec_fail(struct rle *s, const ann_region *r, ann_status st, const char *err)
{
	if (st != ANN_FATAL)
		return rle_region_fail(s, r, "%s", err);
	snprintf(s->err, sizeof s->err, "%s", err);
	return ANN_FATAL;
}

/*
 * The task's image size, once per task: the export's (another result's
 * original_width), else the image's header under --image-root, else
 * --size; -1 when none of them gives one.
 */
static ann_status
task_size(struct rle *s, const ann_region *r)
{
	const ann_task *t = ann_view_task(s->view);
	ann_json_val ref;
	const char *key;
	ann_error err;

	if (s->task_sized)
		return ANN_OK;
	s->task_w = t->width;
	s->task_h = t->height;
	if ((s->task_w < 1 || s->task_h < 1) && s->image_root != NULL) {
		if (ann_media_ref_item(t, NULL, 0, &ref, &key) != 0)
			return rle_region_fail(s, r, "no original_width and "
			    "original_height, and no image reference (%s) to "
			    "read the size from (--image-root)", key);
		switch (ann_media_size(t, ref, s->image_root, &s->scratch,
		    &s->task_w, &s->task_h, &err)) {
		case ANN_OK:
			break;
		case ANN_WARN:
			return rle_region_fail(s, r, "%s", err.msg);
		default:
			snprintf(s->err, sizeof s->err, "%s", err.msg);
			return ANN_FATAL;
		}
	} else if (s->task_w < 1 || s->task_h < 1) {
		s->task_w = s->size_w > 0 ? s->size_w : -1;
		s->task_h = s->size_h > 0 ? s->size_h : -1;
	}
	s->task_sized = 1;
	return ANN_OK;
}

/*
 * The region's mask as a COCO RLE, and unless runs is NULL as runs too:
 * the alpha channel of Label Studio's RGBA, or 255 where COCO says so.
 */
ann_status
rle_read_mask(struct rle *s, const ann_region *r, ann_coco **coco, ann_runmask **runs)
{
	ann_error err;
	long W = -1, H = -1;
	ann_status st;

	*coco = NULL;
	if (runs != NULL)
		*runs = NULL;
	/*
	 * A mask with its own size is read at it, whatever the image: only
	 * one without (older exports) needs the image's, and only then is
	 * the image looked at.
	 */
	if (r->image_w < 1 || r->image_h < 1) {
		if ((st = task_size(s, r)) != ANN_OK)
			return st;
		W = s->task_w;
		H = s->task_h;
	}
	st = ann_region_mask(r, ann_view_task(s->view)->shape, W, H,
	    s->max_pixels, coco, runs, &err);
	if (st == ANN_OK)
		return ANN_OK;
	return codec_fail(s, r, st == ANN_WARN ? ANN_FAILED : st, err.msg);
}

/* --- Lines of JSON --------------------------------------------------------- */

/* The labels of a region, as a name part joins them: "a,b". */
static const char *
joined_labels(struct rle *s, const ann_region *r, ann_buf *into, size_t *n)
{
	into->len = 0;
	for (size_t i = 0; i < r->nlabels; i++) {
		size_t k;
		const char *t = text_of(r->labels[i], &s->scratch, &k);
		if (t == NULL || (i > 0 && ann_buf_put(into, ",", 1) != 0) ||
		    ann_buf_put(into, t, k) != 0)
			return NULL;
	}
	*n = into->len;
	return into->p != NULL ? into->p : "";
}

/* "width":W,"height":H,"area":A,"bbox":[x,y,w,h]}\n */
static int
put_measures(ann_buf *b, const ann_coco *c)
{
	double bb[4];

	ann_coco_bbox(c, bb);
	return ann_buf_printf(b, "\"width\":%u,\"height\":%u,\"area\":%llu,"
	    "\"bbox\":[%.0f,%.0f,%.0f,%.0f]}\n", c->w, c->h,
	    (unsigned long long)ann_coco_area(c), bb[0], bb[1], bb[2], bb[3]);
}

/* The start of a region's line: its task, set, region and labels. */
static int
put_region_ids(struct rle *s, const ann_annotation *a, const ann_region *r)
{
	ann_buf *b = &s->lines;
	int bad = ann_buf_put(b, "{\"task\":", 8) != 0 ||
	    put_raw(b, ann_view_task(s->view)->id) != 0 ||
	    ann_buf_put(b, ",\"annotation\":", 14) != 0 || put_raw(b, a->id) != 0 ||
	    ann_buf_printf(b, ",\"prediction\":%s,\"region\":",
	    a->prediction ? "true" : "false") != 0 || put_raw(b, r->id) != 0 ||
	    ann_buf_put(b, ",\"label\":", 9) != 0;

	bad = bad || (r->nlabels > 0 ? put_raw(b, r->labels[0]) :
	    ann_buf_put(b, "null", 4)) != 0 || ann_buf_put(b, ",\"labels\":[", 11) != 0;
	for (size_t i = 0; i < r->nlabels && !bad; i++)
		bad = (i > 0 && ann_buf_put(b, ",", 1) != 0) ||
		    put_raw(b, r->labels[i]) != 0;
	return bad || ann_buf_put(b, "],", 2) != 0 ? -1 : 0;
}

/* --- Files --------------------------------------------------------------- */

/* The mask writers' bytes, straight into the file being made. */
static int
to_out(void *ctx, const void *data, size_t n)
{
	return ann_out_write(ctx, data, n) == ANN_OK ? 0 : -1;
}

/*
 * Write m to DIR/name in the chosen format, with its values as decoded
 * (grey edges stay grey, so that encode gives the export back).  Rows go
 * to the file as they are made, so no plane and no whole file is held.
 * The file appears under its name only once complete, and is remembered
 * so that a record that fails later takes its files back.
 */
static ann_status
write_mask(struct rle *s, ann_loop *L, const ann_runmask *m, const char **path)
{
	char *p;
	ann_error err;
	ann_status st;
	ann_out *o;

	if (s->npaths == s->cappaths) {
		size_t cap = s->cappaths ? 2 * s->cappaths : 16;
		char **np = realloc(s->paths, cap * sizeof *np);
		if (np == NULL)
			return rle_oom(s);
		s->paths = np;
		s->cappaths = cap;
	}
	if ((p = malloc(strlen(s->dir) + s->name.len + 2)) == NULL)
		return rle_oom(s);
	size_t dl = strlen(s->dir);
	sprintf(p, "%s%s%s", s->dir, dl > 0 && s->dir[dl - 1] == '/' ? "" : "/",
	    s->name.p);
	if ((o = ann_out_create(p, 0, &err)) == NULL)
		st = ANN_FATAL;
	else {
		st = s->npy ? ann_runmask_write_npy(m, to_out, o, &err) :
		    ann_runmask_write_png(m, 0, to_out, o, &err);
		if (st != ANN_OK) {
			/* The writer knows what it was doing; the output why it failed. */
			if (ann_out_errmsg(o) != NULL && ann_out_errmsg(o)[0] != '\0')
				snprintf(err.msg, sizeof err.msg, "%s", ann_out_errmsg(o));
			ann_out_abort(o);
		} else
			st = ann_out_close(o, &err);	/* frees o */
	}
	if (st != ANN_OK) {
		ann_loop_error(L, p, "%s", err.msg);
		free(p);
		return ANN_FATAL;
	}
	s->paths[s->npaths++] = p;
	*path = p;
	return ANN_OK;
}

/* The record failed: its files go, so nothing is left of it but the report. */
void
rle_take_back_files(struct rle *s)
{
	for (size_t i = 0; i < s->npaths; i++) {
		unlink(s->paths[i]);
		free(s->paths[i]);
	}
	s->npaths = 0;
}

void
rle_keep_files(struct rle *s)
{
	for (size_t i = 0; i < s->npaths; i++)
		free(s->paths[i]);
	s->npaths = 0;
}

/* "task-T": the start of every name. */
static int
name_task(struct rle *s)
{
	s->name.len = 0;
	return ann_buf_put(&s->name, "task-", 5) != 0 ||
	    put_id_part(s, ann_view_task(s->view)->id, s->seq) != 0 ? -1 : 0;
}

static int
name_end(struct rle *s)
{
	return ann_buf_put(&s->name, s->npy ? ".npy" : ".png", 4);
}

/* --- decode and stats ---------------------------------------------------- */

/* task-T-annotation-A-region-R[-LABELS].png: one region, one mask. */
ann_status
rle_decode_region(struct rle *s, ann_loop *L, const ann_annotation *a, size_t ai,
    const ann_region *r, size_t ri)
{
	ann_coco *coco;
	ann_runmask *mask;
	ann_buf labels = { 0 };
	const char *path, *lt;
	size_t ln;
	ann_status st = rle_read_mask(s, r, &coco, &mask);

	if (st != ANN_OK)
		return st;
	int bad = name_task(s) != 0 ||
	    ann_buf_put(&s->name, a->prediction ? "-prediction-" : "-annotation-",
	    12) != 0 || put_id_part(s, a->id, ai + 1) != 0 ||
	    ann_buf_put(&s->name, "-region-", 8) != 0 ||
	    put_id_part(s, r->id, ri + 1) != 0;
	if (!bad && r->nlabels > 0)
		bad = (lt = joined_labels(s, r, &labels, &ln)) == NULL ||
		    ann_buf_put(&s->name, "-", 1) != 0 ||
		    put_name_part(&s->name, lt, ln, LABEL_PART_MAX) != 0;
	ann_buf_free(&labels);
	if (bad || name_end(s) != 0)
		st = rle_oom(s);
	if (st == ANN_OK)
		st = write_mask(s, L, mask, &path);
	if (st == ANN_OK && (put_region_ids(s, a, r) != 0 ||
	    ann_buf_put(&s->lines, "\"path\":", 7) != 0 ||
	    ann_buf_json_string(&s->lines, path, strlen(path)) != 0 ||
	    ann_buf_put(&s->lines, ",", 1) != 0 || put_measures(&s->lines, coco) != 0))
		st = rle_oom(s);
	ann_runmask_free(mask);
	ann_coco_free(coco);
	return st;
}

ann_status
rle_stats_region(struct rle *s, const ann_annotation *a, const ann_region *r)
{
	ann_coco *coco;
	ann_status st = rle_read_mask(s, r, &coco, NULL);

	if (st != ANN_OK)
		return st;
	if (put_region_ids(s, a, r) != 0 || put_measures(&s->lines, coco) != 0)
		st = rle_oom(s);
	ann_coco_free(coco);
	return st;
}

/* The layer of label (text, n bytes; NULL for none), made when new. */
static struct layer *
layer_of(struct rle *s, const char *text, size_t n)
{
	for (size_t i = 0; i < s->nlayers; i++) {
		struct layer *y = &s->layers[i];
		if ((text == NULL) == (y->label == NULL) &&
		    (text == NULL || (y->len == n && memcmp(y->label, text, n) == 0)))
			return y;
	}
	if (s->nlayers == s->caplayers) {
		size_t cap = s->caplayers ? 2 * s->caplayers : 8;
		struct layer *ny = realloc(s->layers, cap * sizeof *ny);
		if (ny == NULL)
			return NULL;
		s->layers = ny;
		s->caplayers = cap;
	}
	struct layer *y = &s->layers[s->nlayers];
	memset(y, 0, sizeof *y);
	if (text != NULL) {
		if ((y->label = malloc(n + 1)) == NULL)
			return NULL;
		memcpy(y->label, text, n);
		y->label[n] = '\0';
		y->len = n;
	}
	s->nlayers++;
	return y;
}

/*
 * Add a region to the layer of each of its labels (--merge): a pixel of the
 * union keeps the largest value any region gives it.  Layers are runs, so
 * a task's layers cost what its regions' runs cost, not a plane each.
 */
ann_status
rle_merge_region(struct rle *s, const ann_region *r)
{
	ann_coco *coco;
	ann_runmask *mask;
	ann_status st = rle_read_mask(s, r, &coco, &mask);
	size_t nlayers = r->nlabels > 0 ? r->nlabels : 1;

	if (st != ANN_OK)
		return st;
	ann_coco_free(coco);
	for (size_t i = 0; i < nlayers && st == ANN_OK; i++) {
		const char *t = NULL;
		size_t n = 0;
		struct layer *y;
		if ((r->nlabels > 0 &&
		    (t = text_of(r->labels[i], &s->scratch, &n)) == NULL) ||
		    (y = layer_of(s, t, n)) == NULL) {
			st = rle_oom(s);
			break;
		}
		if (y->mask == NULL &&
		    (y->mask = ann_runmask_new(mask->width, mask->height)) == NULL) {
			st = rle_oom(s);
			break;
		}
		if (y->mask->width != mask->width || y->mask->height != mask->height) {
			st = rle_region_fail(s, r, "its mask is %ux%u and another "
			    "of its label %ux%u: they cannot be merged", mask->width,
			    mask->height, y->mask->width, y->mask->height);
			break;
		}
		/* The sizes agree (checked above): only memory can run out. */
		if (ann_runmask_merge(y->mask, mask, NULL) != ANN_OK) {
			st = rle_oom(s);
			break;
		}
		y->regions++;
	}
	ann_runmask_free(mask);
	return st;
}

void
rle_drop_layers(struct rle *s)
{
	for (size_t i = 0; i < s->nlayers; i++) {
		free(s->layers[i].label);
		ann_runmask_free(s->layers[i].mask);
	}
	s->nlayers = 0;
}

/* task-T[-LABEL].png: the task's layers, once all its regions are in. */
ann_status
rle_write_layers(struct rle *s, ann_loop *L)
{
	ann_status st = ANN_OK;

	for (size_t i = 0; i < s->nlayers && st == ANN_OK; i++) {
		struct layer *y = &s->layers[i];
		ann_coco *coco;
		const char *path;
		if (name_task(s) != 0 || (y->label != NULL &&
		    (ann_buf_put(&s->name, "-", 1) != 0 ||
		    put_name_part(&s->name, y->label, y->len, LABEL_PART_MAX) != 0)) ||
		    name_end(s) != 0)
			return rle_oom(s);
		/* A layer is no larger than its masks: only memory can run out. */
		if (ann_runmask_to_coco(y->mask, &coco, NULL) != ANN_OK)
			return rle_oom(s);
		ann_buf *b = &s->lines;
		st = write_mask(s, L, y->mask, &path);
		if (st == ANN_OK && (ann_buf_put(b, "{\"task\":", 8) != 0 ||
		    put_raw(b, ann_view_task(s->view)->id) != 0 ||
		    ann_buf_put(b, ",\"annotation\":null,\"region\":null,\"label\":", 41) != 0 ||
		    (y->label ? ann_buf_json_string(b, y->label, y->len) :
		    ann_buf_put(b, "null", 4)) != 0 ||
		    ann_buf_printf(b, ",\"regions\":%llu,\"path\":",
		    (unsigned long long)y->regions) != 0 ||
		    ann_buf_json_string(b, path, strlen(path)) != 0 ||
		    ann_buf_put(b, ",", 1) != 0 || put_measures(b, coco) != 0))
			st = rle_oom(s);
		ann_coco_free(coco);
	}
	return st;
}

/* The directory for decode's masks: made when it is not there. */
int
rle_make_dir(ann_loop *L, const char *dir)
{
	struct stat sb;

	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		ann_loop_error(L, dir, "cannot create the directory: %s", strerror(errno));
		return -1;
	}
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		ann_loop_error(L, dir, "not a directory");
		return -1;
	}
	return 0;
}

