/*
 * tols_jobs.c: the tasks from what tols.c read (ann_tols.h): each image
 * listed, in order, becomes a job, the heads of its annotations read back
 * from the spill file; whichever writer does the job reads their text,
 * where it lies or from the text spill, and turns each into results
 * (tols_write.c).  An image's size from --image-root is set on the
 * caller's thread before its job goes out.
 */
#include <sys/stat.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_json.h"
#include "ann_skip.h"
#include "ann_tols.h"
#include "tols_private.h"
#include "tols_result.h"
#include "util_private.h"

/* N bytes of fd at OFF, appended to b: 0, or -1 with errno set. */
static int
read_at(int fd, ann_buf *b, int64_t off, size_t n)
{
	char *p = ann_buf_room(b, n);

	ssize_t r;

	if (p == NULL) {
		errno = ENOMEM;
		return -1;
	}
	if ((r = ann__pread(fd, p, n, off)) != (ssize_t)n) {
		if (r >= 0)
			errno = EIO;	/* cut short under us */
		return -1;
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

/*
 * What was read no longer is: input IN (a head's HEAD_INPUT) changed
 * since, or the spill file did (IN 0).  ANN_FAILED, said in t->err.
 */
static ann_status
changed(ann_tols *t, uint64_t in)
{
	if (in == 0)
		ann__error_set(&t->err, "the spill file was changed under us");
	else
		ann__error_set(&t->err, "%s changed while it was read (its "
		    "annotations are read from it twice)", t->in[in - 1].name);
	return ANN_FAILED;
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
			(void)changed(t, i + 1);
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
		(void)changed(t, 0);
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
		if (a.n < 2 || a.p[0] != '{' || a.p[a.n - 1] != '}')
			return changed(t, head[HEAD_INPUT]);
		st = ann__tols_convert(t, im, a, head + HEAD_SOURCE, skips, score_sum, nscores);
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
