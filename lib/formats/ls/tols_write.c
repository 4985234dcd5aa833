/*
 * tols_write.c: the tasks and the labeling config, from what tols.c read
 * (ann_tols.h): each image listed, where its annotations are read back
 * from the spill file in the order read as a job; whichever writer does
 * the job reads their text and turns each into results.  Writers on other threads share the
 * tables and only read them; an image's size from --image-root is set on
 * the caller's thread before its job goes out.  Every pixel becomes a
 * percent through geom.c (ann_geom_from_box, ann_geom_convert).
 */
#include <sys/stat.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_geom.h"
#include "ann_json.h"
#include "ann_rle.h"
#include "ann_skip.h"
#include "ann_tols.h"
#include "tols_private.h"
#include "tols_result.h"
#include "util_private.h"


static int
put_box(ann_tols *t, ann_buf *b, const image *im, const double px[4],
    const uint64_t ord[2], unsigned k, const category *c, double score)
{
	ann_geom g;

	ann_geom_from_box(&g, im->w, im->h, ANN_PX, px);
	return put_rect(t, b, &g, ord, k, c->name, score);
}

/* One polygon ring [x0, y0, x1, y1, ...] in pixels; 1 when it was not one. */
static int
put_ring(ann_tols *t, ann_buf *b, const image *im, ann_json_val ring,
    const uint64_t ord[2], unsigned k, const category *c, double score, int *bad)
{
	ann_json_iter it;
	ann_geom g;
	double in[2], out[2];
	size_t n = 0;
	size_t mark = b->len;
	int r;

	*bad = 0;
	ann_geom_from_box(&g, im->w, im->h, ANN_PX, NULL);
	if (put_head(t, b, ord, k, ANN_LS_POLY, im->w, im->h, c->name) || ann_buf_put(b, "\"points\":[", 10))
		return -1;
	ann_json_iter_init(&it, ring);
	while ((r = ann_json_next_number(&it, &in[n % 2])) != 0) {
		if (r < 0)
			break;
		if (++n % 2 == 1)
			continue;
		if (ann_geom_convert(&g, ANN_PX, in, ANN_PCT, out) != 0)
			break;
		if ((n > 2 && ann_buf_put(b, ",", 1)) || ann_buf_put(b, "[", 1) ||
		    ann_buf_double(b, clip(t, out[0])) || ann_buf_put(b, ",", 1) ||
		    ann_buf_double(b, clip(t, out[1])) || ann_buf_put(b, "]", 1))
			return -1;
	}
	if (r != 0 || n % 2 != 0 || n < 6) {
		b->len = mark;	/* not a polygon: counted by the caller */
		*bad = 1;
		return 0;
	}
	return ann_buf_put(b, "],", 2) || put_tail(t, b, ANN_LS_POLY, c->name, score, NULL);
}

/* A COCO RLE segmentation as a brush result; *bad when it does not decode. */
static int
put_mask(ann_tols *t, ann_buf *b, const image *im, ann_json_val seg,
    const uint64_t ord[2], unsigned k, const category *c, double score, int *bad)
{
	ann_json_val size, counts, e;
	ann_json_iter it;
	int64_t hw[2] = { -1, -1 };
	ann_coco *coco = NULL;
	uint8_t *rle = NULL;
	size_t rlen = 0, n = 0;
	int rc = 0;

	*bad = 1;
	if (ann_json_get(seg, "size", &size) != 0 || ann_json_get(seg, "counts", &counts) != 0)
		return 0;
	ann_json_iter_init(&it, size);
	while (n < 2 && ann_json_next_elem(&it, &e))
		if (ann_json_int64(e, &hw[n++]) != 0)
			return 0;
	/* A mask is the image's: one of another size cannot be placed. */
	if (n != 2 || hw[0] != im->h || hw[1] != im->w ||
	    ann_mask_check_size((uint64_t)hw[1], (uint64_t)hw[0], t->o.max_pixels, NULL) != ANN_OK)
		return 0;
	if (ann_json_typeof(counts) == ANN_JSON_STRING) {
		/* The string straight to the brush RLE: no counts between. */
		char *s = ann_buf_clear_room(&t->counts, counts.n);
		if (s == NULL)
			return -1;
		size_t sl = ann_json_str_decode(counts, s);
		ann_status st = ann_coco_string_to_lsrle((uint32_t)hw[0],
		    (uint32_t)hw[1], s, sl, 255, &rle, &rlen, NULL);
		if (st != ANN_OK)
			return st == ANN_FATAL ? -1 : 0;
	} else if (ann_json_typeof(counts) == ANN_JSON_ARRAY) {
		int64_t *v = NULL;
		size_t nv = 0, cap = 0;
		ann_json_iter_init(&it, counts);
		while (ann_json_next_elem(&it, &e)) {
			if (ann__grow((void **)&v, &cap, nv + 1, sizeof *v) != 0) {
				free(v);
				return -1;
			}
			if (ann_json_int64(e, &v[nv++]) != 0) {
				free(v);
				return 0;
			}
		}
		ann_status st = ann_coco_from_counts((uint32_t)hw[0], (uint32_t)hw[1],
		    v, nv, &coco, NULL);
		free(v);
		if (st == ANN_OK)
			st = ann_coco_to_lsrle(coco, 255, &rle, &rlen, NULL);
		ann_coco_free(coco);
		if (st != ANN_OK)
			return st == ANN_FATAL ? -1 : 0;
	} else
		return 0;
	*bad = 0;
	rc = put_head(t, b, ord, k, ANN_LS_BRUSH, im->w, im->h, c->name) ||
	    ann_buf_put(b, "\"format\":\"rle\",\"rle\":", 21) ||
	    ann_lsrle_put_list(b, rle, rlen);
	free(rle);
	return rc || ann_buf_put(b, ",", 1) || put_tail(t, b, ANN_LS_BRUSH, c->name, score, NULL);
}

/* Keypoints [x, y, v, ...] in pixels, each joined to box result `parent`. */
static int
put_keypoints(ann_tols *t, ann_buf *b, const image *im, ann_json_val kps,
    const uint64_t ord[2], unsigned *k, const category *c, double score,
    const char *parent, ann_skips *skips)
{
	ann_json_iter it;
	ann_geom g;
	double v[3], out[2];
	size_t n = 0;
	char name[32];
	int r;

	ann_geom_from_box(&g, im->w, im->h, ANN_PX, NULL);
	ann_json_iter_init(&it, kps);
	while ((r = ann_json_next_number(&it, &v[n % 3])) != 0) {
		if (r < 0) {
			ann_skips_count(skips, ANN_SKIP_GEOMETRY, ANN_KIND_KEYPOINT);
			return 0;
		}
		if (++n % 3 != 0)
			continue;
		size_t idx = n / 3 - 1;
		if (v[2] <= 0)	/* COCO's "not labelled": no point to give */
			continue;
		if (ann_geom_convert(&g, ANN_PX, v, ANN_PCT, out) != 0) {
			ann_skips_count(skips, ANN_SKIP_GEOMETRY, ANN_KIND_KEYPOINT);
			continue;
		}
		const char *label = idx < c->nkp ? c->kp[idx] : NULL;
		if (label == NULL) {
			snprintf(name, sizeof name, "%zu", idx);
			label = name;
		}
		if (put_head(t, b, ord, (*k)++, ANN_LS_KP, im->w, im->h, label) ||
		    ann__ls_put_num(b, "x", clip(t, out[0])) || ann_buf_put(b, ",", 1) ||
		    ann__ls_put_num(b, "y", clip(t, out[1])) || ann_buf_put(b, ",", 1) ||
		    put_tail(t, b, ANN_LS_KP, label, score, parent))
			return -1;
	}
	return 0;
}

/* One annotation's results, appended to t->line. */
static ann_status
convert(ann_tols *t, const image *im, ann_json_val a, const uint64_t ord[2],
    ann_skips *skips, double *score_sum, uint64_t *nscores)
{
	int64_t cid;
	size_t ci;
	category *c;
	ann_json_val seg, bbox, kps, sv, e;
	double score = NAN, box[4];
	unsigned k = 0;
	int has_box = 0, bad;
	ann_buf *b = &t->line;

	if (get_id(a, "category_id", &cid) != 0 ||
	    (ci = idmap_get(&t->catmap, cid)) == (size_t)-1) {
		ann_skips_count(skips, ANN_SKIP_NO_LABEL, ANN_KIND_OTHER);
		return ANN_OK;
	}
	c = &t->cat[ci];
	/*
	 * The members in one pass: a lookup each went over the segmentation,
	 * often most of the annotation, up to four times.
	 */
	static const char *const keys[] = { "score", "bbox", "keypoints", "segmentation" };
	ann_json_val m[4];
	ann_json_getn(a, keys, 4, m);
	sv = m[0], bbox = m[1], kps = m[2], seg = m[3];
	if (sv.p != NULL && ann_json_number(sv, &score) == 0) {
		*score_sum += score;
		++*nscores;
	} else
		score = NAN;
	if (bbox.p != NULL) {
		ann_json_iter it;
		size_t n = 0;
		ann_json_iter_init(&it, bbox);
		while (n < 4 && ann_json_next_number(&it, &box[n]) > 0 && isfinite(box[n]))
			n++;
		has_box = n == 4 && !ann_json_next_elem(&it, &e) &&
		    box[2] >= 0 && box[3] >= 0;
	}
	int has_kp = kps.p != NULL &&
	    ann_json_typeof(kps) == ANN_JSON_ARRAY;
	int segs = 0;
	if (seg.p != NULL) {
		if (ann_json_typeof(seg) == ANN_JSON_OBJECT) {
			if (put_mask(t, b, im, seg, ord, k++, c, score, &bad) != 0)
				return oom(t);
			if (bad)
				ann_skips_count(skips, ANN_SKIP_BAD_MASK, ANN_KIND_MASK);
			else
				c->used |= 1u << ANN_LS_BRUSH;
			segs++;
		} else if (ann_json_typeof(seg) == ANN_JSON_ARRAY) {
			ann_json_iter it;
			ann_json_iter_init(&it, seg);
			while (ann_json_next_elem(&it, &e)) {
				if (put_ring(t, b, im, e, ord, k++, c, score, &bad) != 0)
					return oom(t);
				if (bad)
					ann_skips_count(skips, ANN_SKIP_GEOMETRY, ANN_KIND_POLYGON);
				else
					c->used |= 1u << ANN_LS_POLY;
				segs++;
			}
		}
	}
	/*
	 * The box is a region of its own when it is all there is, and for
	 * keypoints, whose parentID it is.  A segmentation's box is only its
	 * extent, which Label Studio works out itself.
	 */
	if ((segs == 0 || has_kp) && !has_box) {
		ann_skips_count(skips, has_kp ? ANN_SKIP_NO_PARENT : ANN_SKIP_GEOMETRY,
		    has_kp ? ANN_KIND_KEYPOINT : ANN_KIND_RECTANGLE);
		return ANN_OK;
	}
	if (segs == 0 || has_kp) {
		char parent[13];
		result_id(parent, ord, k);
		if (put_box(t, b, im, box, ord, k++, c, score))
			return oom(t);
		c->used |= 1u << ANN_LS_RECT;
		if (has_kp) {
			if (put_keypoints(t, b, im, kps, ord, &k, c, score, parent, skips))
				return oom(t);
			c->used |= 1u << ANN_LS_KP;
		}
	}
	return ANN_OK;
}

/* N bytes of fd at OFF, appended to b: 0, or -1 with errno set. */
static int
read_at(int fd, ann_buf *b, int64_t off, size_t n)
{
	char *p = ann_buf_room(b, n);

	if (p == NULL) {
		errno = ENOMEM;
		return -1;
	}
	for (size_t got = 0; got < n;) {
		ssize_t r = pread(fd, p + got, n - got, off + (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;	/* cut short under us */
			return -1;
		}
		got += (size_t)r;
	}
	b->len += n;
	return 0;
}

/*
 * A job: an image's place in the table and its file name (NUL and all),
 * then the heads of its annotations (tols_private.h) in the order read.
 * An image's heads usually lie together in the spill (a file lists its
 * annotations by image) and one read takes them; otherwise its chain is
 * followed back.  Their text is read by whoever does the job.
 */
enum { JOB_IMAGE, JOB_NAME, JOB_HEAD };

/* The spill could not be read back: out of memory, or why (errno). */
static ann_status
spill_failed(ann_tols *t)
{
	if (errno == ENOMEM)
		return oom(t);
	ann__error_set(&t->err, "cannot read the spill file back (see TMPDIR): %s",
	    strerror(errno));
	return ANN_FATAL;
}

/*
 * N bytes of the spill at OFF, appended to b, through a window of it:
 * a file that lists its images' annotations in the images' order has
 * their heads in the order their jobs are made, and a read a job was a
 * system call for a few hundred bytes.
 */
#define SPILL_WINDOW (256u << 10)

static int
spill_window(ann_tols *t, ann_buf *b, int64_t off, size_t n)
{
	ann_buf *w = &t->window;

	if (n > SPILL_WINDOW / 2)
		return read_at(fileno(t->spill), b, off, n);
	if (off < t->window_off || off + (int64_t)n > t->window_off + (int64_t)w->len) {
		size_t want = (size_t)(t->spill_end - off < (int64_t)SPILL_WINDOW ?
		    t->spill_end - off : (int64_t)SPILL_WINDOW);
		w->len = 0;
		t->window_off = off;
		if (want < n || read_at(fileno(t->spill), w, off, want) != 0) {
			w->len = 0;
			return read_at(fileno(t->spill), b, off, n);
		}
	}
	return ann_buf_put(b, w->p + (off - t->window_off), n) == 0 ? 0 :
	    (errno = ENOMEM, -1);
}

/* im's heads, appended to b in the order read, from its chain. */
static int
chain(const ann_tols *t, const image *im, ann_buf *b)
{
	size_t start = b->len, n = 0;
	uint64_t head[HEAD_WORDS];

	/* Back to front, then turned round. */
	for (int64_t o = im->last; o >= 0 && n < im->n; o = (int64_t)head[HEAD_PREV], n++) {
		if (read_at(fileno(t->spill), b, o, HEAD_BYTES) != 0)
			return -1;
		memcpy(head, b->p + b->len - HEAD_BYTES, HEAD_BYTES);
	}
	for (size_t i = 0, j = n - 1; n > 0 && i < j; i++, j--) {
		uint64_t other[HEAD_WORDS];
		memcpy(head, b->p + start + i * HEAD_BYTES, HEAD_BYTES);
		memcpy(other, b->p + start + j * HEAD_BYTES, HEAD_BYTES);
		memcpy(b->p + start + i * HEAD_BYTES, other, HEAD_BYTES);
		memcpy(b->p + start + j * HEAD_BYTES, head, HEAD_BYTES);
	}
	return 0;
}

/* Has an input read where it lies changed since?  Said in t->err. */
static int
inputs_changed(ann_tols *t)
{
	for (size_t i = 0; i < t->nin; i++) {
		const input *in = &t->in[i];
		struct stat st;
		if (fstat(in->fd, &st) != 0 || (uint64_t)st.st_dev != in->dev ||
		    (uint64_t)st.st_ino != in->ino || (int64_t)st.st_size != in->size ||
		    (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec != in->mtime_ns) {
			ann__error_set(&t->err, "%s changed while it was read (its "
			    "annotations are read from it twice)", in->name);
			return 1;
		}
	}
	return 0;
}

ann_status
ann_tols_jobs(ann_tols *t, size_t *n, ann_skips *skips)
{
	*n = 0;
	if (fflush(t->spill) != 0 || (t->texts != NULL && fflush(t->texts) != 0)) {
		ann__error_set(&t->err, "cannot write the spill file (see TMPDIR): %s",
		    strerror(errno));
		return ANN_FATAL;
	}
	if (inputs_changed(t))
		return ANN_FAILED;
	/* Annotations of images never listed: no task can hold them. */
	for (size_t i = 0; i < t->nimg; i++)
		for (uint64_t k = 0; t->img[i].file == NULL && k < t->img[i].n; k++)
			ann_skips_count(skips, ANN_SKIP_UNKNOWN_IMAGE, ANN_KIND_OTHER);
	*n = t->norder;
	return ANN_OK;
}

ann_status
ann_tols_job(ann_tols *t, size_t i, ann_buf *job, ann_skips *skips)
{
	image *im = &t->img[t->order[i]];
	uint64_t head[JOB_HEAD];
	ann_error why;

	job->len = 0;
	if (im->w <= 0 || im->h <= 0) {
		long w, h;
		if (size_from_root(t, im->file, &t->scratch, &w, &h, &why) != 0 ||
		    w > 0x7fffffff || h > 0x7fffffff) {
			im->w = im->h = -1;
			name_skip(t, im->file, &why);
			for (uint64_t k = 0; k < (im->n ? im->n : 1); k++)
				ann_skips_count(skips, ANN_SKIP_NO_SIZE, ANN_KIND_OTHER);
			return ANN_WARN;
		}
		im->w = (int32_t)w;
		im->h = (int32_t)h;
	}
	/*
	 * The file name goes with the job: a task's text is mostly its name
	 * when it has no regions, and pmap sizes its batches by the jobs'.
	 */
	head[JOB_IMAGE] = t->order[i];
	head[JOB_NAME] = strlen(im->file) + 1;
	if (ann_buf_put(job, head, sizeof head) != 0 ||
	    ann_buf_put(job, im->file, head[JOB_NAME]) != 0)
		return oom(t);
	if (im->n == 0)
		return ANN_OK;
	int rc = im->apart ? chain(t, im, job) :
	    spill_window(t, job, im->last - (int64_t)((im->n - 1) * HEAD_BYTES),
	    (size_t)im->n * HEAD_BYTES);
	return rc != 0 ? spill_failed(t) : ANN_OK;
}

size_t
ann_tols_job_size(const char *job, size_t len)
{
	uint64_t head[JOB_HEAD], h[HEAD_WORDS];
	size_t size = len;

	memcpy(head, job, sizeof head);
	for (size_t at = sizeof head + head[JOB_NAME]; at + HEAD_BYTES <= len; at += HEAD_BYTES) {
		memcpy(h, job + at, HEAD_BYTES);
		size += h[HEAD_LEN];
	}
	return size;
}

/*
 * Texts this close are read in one: the separators between an image's
 * annotations in its file, or a pretty-printed file's indentation.
 */
#define TEXT_GAP 4096

/* A job's text is read this much at a time, what follows it included. */
#define TEXT_WINDOW (64u << 10)

/* The text of the heads at H (N of them) that lie together: how many. */
static size_t
text_run(const char *h, size_t n, int64_t *from, int64_t *to)
{
	uint64_t a[HEAD_WORDS], b[HEAD_WORDS];
	size_t k = 1;

	memcpy(a, h, HEAD_BYTES);
	*from = (int64_t)a[HEAD_AT];
	*to = (int64_t)(a[HEAD_AT] + a[HEAD_LEN]);
	for (; k < n; k++) {
		memcpy(b, h + k * HEAD_BYTES, HEAD_BYTES);
		if (b[HEAD_INPUT] != a[HEAD_INPUT] || (int64_t)b[HEAD_AT] < *to ||
		    (int64_t)b[HEAD_AT] - *to > TEXT_GAP)
			break;
		*to = (int64_t)(b[HEAD_AT] + b[HEAD_LEN]);
	}
	return k;
}

/*
 * The texts of heads H..H+N, in t->text unless they are there already,
 * each into results.
 */
static ann_status
convert_run(ann_tols *t, const image *im, const char *h, size_t n, int64_t from,
    int64_t to, ann_skips *skips, double *score_sum, uint64_t *nscores)
{
	uint64_t head[HEAD_WORDS];
	ann_status st = ANN_OK;
	int fd;

	memcpy(head, h, HEAD_BYTES);
	if (head[HEAD_INPUT] > t->nin || (head[HEAD_INPUT] == 0 && t->texts == NULL)) {
		ann__error_set(&t->err, "the spill file was changed under us");
		return ANN_FATAL;
	}
	fd = head[HEAD_INPUT] > 0 ? t->in[head[HEAD_INPUT] - 1].fd : fileno(t->texts);
	if (head[HEAD_INPUT] != t->text_in || from < t->text_at ||
	    to > t->text_at + (int64_t)t->text.len) {
		/*
		 * With what follows, for the next jobs: those of a batch are
		 * images in a row, whose annotations usually are too.
		 */
		int64_t end = head[HEAD_INPUT] > 0 ? t->in[head[HEAD_INPUT] - 1].size :
		    t->texts_end;
		int64_t upto = from + (int64_t)TEXT_WINDOW < end ? from + (int64_t)TEXT_WINDOW : end;
		t->text.len = 0;
		t->text_in = head[HEAD_INPUT];
		t->text_at = from;
		if (read_at(fd, &t->text, from, (size_t)((upto > to ? upto : to) - from)) != 0) {
			t->text.len = 0;
			if (errno == ENOMEM || head[HEAD_INPUT] == 0)
				return spill_failed(t);
			ann__error_set(&t->err, "cannot read %s again: %s",
			    t->in[head[HEAD_INPUT] - 1].name, strerror(errno));
			return ANN_FATAL;
		}
	}
	for (size_t k = 0; k < n && st == ANN_OK; k++) {
		ann_json_val a;
		memcpy(head, h + k * HEAD_BYTES, HEAD_BYTES);
		a.p = t->text.p + (head[HEAD_AT] - (uint64_t)t->text_at);
		a.n = head[HEAD_LEN];
		/*
		 * Validated when first read: what is here needs no second
		 * look, only a sign that it is what was read.  The accessors
		 * stay within a.n whatever the bytes are.
		 */
		if (a.n < 2 || a.p[0] != '{' || a.p[a.n - 1] != '}') {
			if (head[HEAD_INPUT] == 0)
				ann__error_set(&t->err, "the spill file was changed under us");
			else
				ann__error_set(&t->err, "%s changed while it was read (its "
				    "annotations are read from it twice)",
				    t->in[head[HEAD_INPUT] - 1].name);
			return ANN_FAILED;
		}
		st = convert(t, im, a, head + HEAD_SOURCE, skips, score_sum, nscores);
	}
	return st;
}

ann_status
ann_tols_do_job(ann_tols *t, const char *job, size_t len, ann_buf *out,
    ann_skips *skips)
{
	uint64_t head[JOB_HEAD];
	double score_sum = 0;
	uint64_t nscores = 0;
	ann_status st = ANN_OK;

	memcpy(head, job, sizeof head);
	const image *im = &t->img[head[JOB_IMAGE]];
	const char *file = job + sizeof head;
	const char *heads = file + head[JOB_NAME];
	size_t n = (len - sizeof head - head[JOB_NAME]) / HEAD_BYTES, k;
	t->line.len = 0;
	for (size_t i = 0; i < n && st == ANN_OK; i += k) {
		int64_t from, to;
		k = text_run(heads + i * HEAD_BYTES, n - i, &from, &to);
		st = convert_run(t, im, heads + i * HEAD_BYTES, k, from, to, skips,
		    &score_sum, &nscores);
	}
	if (st != ANN_OK)
		return st;
	return put_task(t, out, file, score_sum, nscores) != 0 ? oom(t) : ANN_OK;
}

ann_status
ann_tols_write(ann_tols *t, ann_tols_write_fn write, void *ctx, ann_skips *skips)
{
	ann_status st;
	size_t n;

	if ((st = ann_tols_jobs(t, &n, skips)) != ANN_OK)
		return st;
	for (size_t i = 0; i < n; i++) {
		if ((st = ann_tols_job(t, i, &t->job, skips)) == ANN_WARN)
			continue;
		t->out.len = 0;
		if (st != ANN_OK ||
		    (st = ann_tols_do_job(t, t->job.p, t->job.len, &t->out, skips)) != ANN_OK)
			return st;
		if (write(ctx, t->out.p, t->out.len) != 0) {
			ann__error_set(&t->err, "write error: %s", strerror(errno));
			return ANN_FATAL;
		}
	}
	return ANN_OK;
}

/* XML text of an attribute value. */
static int
put_xml(ann_buf *b, const char *s)
{
	int rc = 0;

	for (; *s && rc == 0; s++)
		switch (*s) {
		case '&': rc = ann_buf_put(b, "&amp;", 5); break;
		case '<': rc = ann_buf_put(b, "&lt;", 4); break;
		case '>': rc = ann_buf_put(b, "&gt;", 4); break;
		case '"': rc = ann_buf_put(b, "&quot;", 6); break;
		case '\n': rc = ann_buf_put(b, "&#10;", 5); break;
		default: rc = ann_buf_put(b, s, 1);
		}
	return rc;
}

/*
 * Is keypoint NAME listed already, by a category before category i that
 * was written with keypoints?  Categories of one skeleton (every YOLO pose
 * class; COCO's person and its kin) share names, and a control lists a
 * label once.
 */
static int
kp_listed(const ann_tols *t, size_t i, const char *name)
{
	for (size_t j = 0; j < i; j++)
		for (size_t k = 0; ((t->cat[j].used >> ANN_LS_KP) & 1) && k < t->cat[j].nkp; k++)
			if (strcmp(t->cat[j].kp[k], name) == 0)
				return 1;
	return 0;
}

ann_status
ann_tols_config(ann_tols *t, ann_tols_write_fn write, void *ctx)
{
	ann_buf *b = &t->task;
	const char *from, *to, *key = ann_tols_names_image_key(t->names);
	int rc, kinds = 0;

	/* The names the results were written with (no config: by kind). */
	if (ann_tols_names_get(t->names, ann__ls_type[ANN_LS_RECT], NULL, &from, &to, &t->err) != 0)
		return ANN_FAILED;
	b->len = 0;
	rc = ann_buf_put(b, "<View>\n  <Image name=\"", 22) || put_xml(b, to) ||
	    ann_buf_put(b, "\" value=\"$", 10) || put_xml(b, key) ||
	    ann_buf_put(b, "\"/>\n", 4);
	/* The controls in the order ann-tols has always written them. */
	static const int kinds_written[] = {
		ANN_LS_RECT, ANN_LS_POLY, ANN_LS_BRUSH, ANN_LS_KP
	};
	for (size_t ki = 0; ki < sizeof kinds_written / sizeof *kinds_written && rc == 0; ki++) {
		int kind = kinds_written[ki];
		int any = 0;
		for (size_t i = 0; i < t->ncat; i++)
			any |= (t->cat[i].used >> kind) & 1;
		if (!any)
			continue;
		if (ann_tols_names_get(t->names, ann__ls_type[kind], NULL, &from, &to, &t->err) != 0)
			return ANN_FAILED;
		/* One control is of one type: --from-name cannot name two. */
		if (kinds++ > 0 && t->o.from_name != NULL) {
			ann__error_set(&t->err, "--from-name %s: the results are of "
			    "several types, which one control cannot hold; give "
			    "--config", t->o.from_name);
			return ANN_FAILED;
		}
		rc = ann_buf_printf(b, "  <%s name=\"", ann__ls_tag[kind]) || put_xml(b, from) ||
		    ann_buf_put(b, "\" toName=\"", 10) ||
		    put_xml(b, to) || ann_buf_put(b, "\">\n", 3);
		for (size_t i = 0; i < t->ncat && rc == 0; i++) {
			const category *c = &t->cat[i];
			if (kind != ANN_LS_KP) {
				if ((c->used >> kind) & 1)
					rc = ann_buf_put(b, "    <Label value=\"", 18) ||
					    put_xml(b, c->name) ||
					    ann_buf_printf(b, "\" category=\"%lld\"/>\n",
					    (long long)c->id);
				continue;
			}
			/* A keypoint is a named part: model_index keeps its place. */
			for (size_t k = 0; ((c->used >> kind) & 1) && k < c->nkp && rc == 0; k++) {
				if (kp_listed(t, i, c->kp[k]))
					continue;
				rc = ann_buf_put(b, "    <Label value=\"", 18) ||
				    put_xml(b, c->kp[k]) ||
				    ann_buf_printf(b, "\" model_index=\"%zu\"/>\n", k);
			}
		}
		rc = rc || ann_buf_printf(b, "  </%s>\n", ann__ls_tag[kind]);
	}
	if (rc || ann_buf_put(b, "</View>\n", 8))
		return oom(t);
	if (write(ctx, b->p, b->len) != 0) {
		ann__error_set(&t->err, "write error: %s", strerror(errno));
		return ANN_FATAL;
	}
	return ANN_OK;
}

void
ann_tols_summary(const ann_tols *t, char *buf, size_t len)
{
	snprintf(buf, len, "%llu %s (%llu without results), %llu %s, "
	    "%llu %s clipped to the image",
	    (unsigned long long)t->tasks, ann__plural(t->tasks, "task", "tasks"),
	    (unsigned long long)t->empty,
	    (unsigned long long)t->results, ann__plural(t->results, "result", "results"),
	    (unsigned long long)t->clipped,
	    ann__plural(t->clipped, "coordinate", "coordinates"));
}
