/*
 * tols_half.c: the second half of a COCO file's annotations, read on a
 * second thread (tols_half.h).
 *
 * Reading and validating the annotations is the part of ann-tols that
 * one thread must do before any task can be made, since any image may
 * have an annotation last in the file.  Two threads each take half of
 * the bytes.  The half keeps, for each annotation, only its image id and
 * where it lies, in a file of its own: what tols.c would have kept had
 * it read them itself, taken in the same order once the halves meet.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "tols_half.h"
#include "tols_walk.h"
#include "util_private.h"

/* Less than this left to read is not worth a thread. */
#define HALF_MIN (1u << 20)
/* How far past the middle an element's start is looked for. */
#define HALF_LOOK (64u << 10)

struct tols_half {
	tols_walk w;
	uint64_t at;		/* its first element */
	uint64_t end;		/* past the array's ']' */
	FILE *recs;		/* image id, offset and length of each annotation */
	ann_status st;
	ann_error err;
	atomic_int stop;	/* the caller has passed at: nothing is wanted */
	pthread_t tid;
	int running;		/* started and not joined */
};

static void *
run(void *arg)
{
	tols_half *h = arg;
	tols_walk *w = &h->w;
	ann_status st = ANN_OK;
	int more = 1;

	walk_seek(w, h->at);
	while (more > 0 && !atomic_load_explicit(&h->stop, memory_order_relaxed)) {
		const char *why;
		uint64_t rec[3];
		int64_t img;

		walk_ws(w);
		if ((st = walk_value(w)) != ANN_OK)
			break;
		if ((why = walk_annotation(w, &img)) != NULL) {
			ann__error_set(&h->err, "%s", why);
			ann__error_byte(&h->err, w->elem_off);
			st = ANN_FAILED;
			break;
		}
		rec[0] = (uint64_t)img;
		rec[1] = w->elem_off;
		rec[2] = w->val.n;
		if (fwrite(rec, sizeof rec, 1, h->recs) != 1) {
			ann__error_set(&h->err, "cannot write the spill file (see TMPDIR): %s",
			    strerror(errno));
			st = ANN_FATAL;
			break;
		}
		more = walk_next_elem(w, &st);
	}
	if (st == ANN_OK && w->ioerr)
		st = ANN_FATAL;
	h->end = walk_where(w);
	h->st = st;
	return NULL;
}

/*
 * Where an element seems to start: after '}', ',' and '{' with only
 * spaces between, the end of one object in an array and the start of
 * the next.  A guess: the caller's walk tells.
 */
static int
find_start(int fd, int64_t base, uint64_t from, uint64_t *at)
{
	char *b = malloc(HALF_LOOK);
	ssize_t n;

	if (b == NULL)
		return -1;
	n = ann__pread(fd, b, HALF_LOOK, base + (int64_t)from);
	for (ssize_t i = 0; i < n; i++) {
		ssize_t j = i + 1;
		if (b[i] != '}')
			continue;
		while (j < n && ann__json_is_ws((unsigned char)b[j]))
			j++;
		if (j >= n || b[j++] != ',')
			continue;
		while (j < n && ann__json_is_ws((unsigned char)b[j]))
			j++;
		if (j < n && b[j] == '{') {
			*at = from + (uint64_t)j;
			free(b);
			return 0;
		}
	}
	free(b);
	return -1;
}

tols_half *
tols_half_start(int fd, int64_t base, uint64_t near, uint64_t size)
{
	tols_half *h;
	uint64_t at;

	if (size < near || size - near < HALF_MIN / 2 ||
	    find_start(fd, base, near, &at) != 0 ||
	    (h = calloc(1, sizeof *h)) == NULL)
		return NULL;
	h->at = at;
	h->w.fd = fd;
	h->w.base = base;
	h->w.err = &h->err;
	if ((h->recs = ann__tmpfile(&h->err)) == NULL) {
		free(h);
		return NULL;
	}
	if (pthread_create(&h->tid, NULL, run, h) != 0) {
		fclose(h->recs);
		free(h);
		return NULL;
	}
	h->running = 1;
	return h;
}

uint64_t
tols_half_at(const tols_half *h)
{
	return h->at;
}

ann_status
tols_half_join(tols_half *h, ann_error *err, uint64_t *end)
{
	if (h->running) {
		pthread_join(h->tid, NULL);
		h->running = 0;
	}
	if (h->st == ANN_OK && (fflush(h->recs) != 0 || fseek(h->recs, 0, SEEK_SET) != 0)) {
		ann__error_set(&h->err, "cannot read the spill file back (see TMPDIR): %s",
		    strerror(errno));
		h->st = ANN_FATAL;
	}
	if (h->st != ANN_OK) {
		*err = h->err;
		return h->st;
	}
	*end = h->end;
	return ANN_OK;
}

int
tols_half_next(tols_half *h, int64_t *img_id, uint64_t *at, uint64_t *len,
    ann_error *err)
{
	uint64_t rec[3];

	if (fread(rec, sizeof rec, 1, h->recs) != 1) {
		if (!ferror(h->recs))
			return 0;
		ann__error_set(err, "cannot read the spill file back (see TMPDIR): %s",
		    strerror(errno));
		return -1;
	}
	*img_id = (int64_t)rec[0];
	*at = rec[1];
	*len = rec[2];
	return 1;
}

void
tols_half_free(tols_half *h)
{
	if (h == NULL)
		return;
	if (h->running) {
		atomic_store(&h->stop, 1);
		pthread_join(h->tid, NULL);
	}
	fclose(h->recs);
	ann_buf_free(&h->w.elem);
	free(h);
}
