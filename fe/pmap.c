/*
 * pmap.c: an ordered parallel map over records (pmap.h).
 *
 * Jobs sit in a ring in input order.  Three counters walk it: pushed (by
 * the caller), claimed (by whichever thread takes the next job to do) and
 * delivered (by the caller, handing results back).  A job belongs to the
 * caller from delivered until pushed, to the thread that claimed it while
 * it runs, and to the caller again once it is done.  One mutex guards the
 * counters and the states: a record's work takes microseconds, so a lock
 * per job costs little, and it keeps the hand-overs plain to read.
 *
 * The caller does not only wait: when the ring is full it takes the
 * oldest job no worker has claimed and does it itself, with its own
 * context.  So with one worker both threads work on rows whenever the
 * records come faster than one thread can do them.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pmap.h"

#define RING 16			/* jobs in flight */
#define HOLD_BYTES (1u << 20)	/* record bytes held at once, at most */
#define COPY_MAX (1u << 20)	/* larger records are done where they lie */

enum state { FREE, PENDING, RUNNING, DONE, REFUSED };

struct job {
	enum state state;
	ann_record rec;		/* data and ends point into bytes and ends */
	ann_buf bytes;
	size_t *ends;
	size_t endscap;
	ann_buf out;
};

struct worker {
	pmap *pm;
	void *ctx;
	pthread_t tid;
};

struct pmap {
	pmap_opts o;
	struct job job[RING];
	uint64_t pushed, claimed, delivered;	/* under lock */
	int stopping;		/* under lock */
	int caller_waits;	/* under lock */
	size_t held;		/* record bytes in the ring; the caller's */
	int threads;		/* started */
	struct worker *w;
	pthread_mutex_t lock;
	pthread_cond_t work;	/* a job was pushed, or stop */
	pthread_cond_t done;	/* a job the caller waits for is done */
};

static ann_status
worst(ann_status a, ann_status b)
{
	if (a == ANN_FATAL || b == ANN_FATAL)
		return ANN_FATAL;
	return a == ANN_FAILED || b == ANN_FAILED ? ANN_FAILED : ANN_OK;
}

/* Do job j with ctx, on whichever thread claimed it; no lock held. */
static enum state
run(pmap *pm, struct job *j, void *ctx)
{
	j->out.len = 0;
	return pm->o.work(ctx, &j->rec, &j->out) == ANN_OK ? DONE : REFUSED;
}

/* Under lock: claim the next job, or NULL when none waits. */
static struct job *
claim(pmap *pm)
{
	if (pm->claimed == pm->pushed)
		return NULL;
	struct job *j = &pm->job[pm->claimed++ % RING];
	j->state = RUNNING;
	return j;
}

/* Under lock: j, claimed, is done; the lock is dropped while it runs. */
static void
run_claimed(pmap *pm, struct job *j, void *ctx)
{
	pthread_mutex_unlock(&pm->lock);
	enum state s = run(pm, j, ctx);
	pthread_mutex_lock(&pm->lock);
	j->state = s;
	if (pm->caller_waits)
		pthread_cond_signal(&pm->done);
}

static void *
work_loop(void *arg)
{
	struct worker *w = arg;
	pmap *pm = w->pm;

	pthread_mutex_lock(&pm->lock);
	for (;;) {
		struct job *j = NULL;
		while (!pm->stopping && (j = claim(pm)) == NULL)
			pthread_cond_wait(&pm->work, &pm->lock);
		if (pm->stopping)
			break;
		run_claimed(pm, j, w->ctx);
	}
	pthread_mutex_unlock(&pm->lock);
	return NULL;
}

pmap *
pmap_new(const pmap_opts *opts)
{
	pmap *pm = calloc(1, sizeof *pm);

	if (pm == NULL)
		return NULL;
	pm->o = *opts;
	pm->w = calloc((size_t)(opts->threads > 0 ? opts->threads : 1), sizeof *pm->w);
	if (pm->w == NULL) {
		free(pm);
		return NULL;
	}
	pthread_mutex_init(&pm->lock, NULL);
	pthread_cond_init(&pm->work, NULL);
	pthread_cond_init(&pm->done, NULL);
	/* Fewer threads than asked is still a pmap; none makes every record direct. */
	for (int i = 0; i < opts->threads; i++) {
		pm->w[i].pm = pm;
		pm->w[i].ctx = opts->work_ctx[i + 1];
		if (pthread_create(&pm->w[i].tid, NULL, work_loop, &pm->w[i]) != 0)
			break;
		pm->threads++;
	}
	return pm;
}

int
pmap_threads(const pmap *pm)
{
	return pm->threads;
}

/* Hand back the jobs at the head that are done, in order. */
static ann_status
deliver(pmap *pm)
{
	ann_status st = ANN_OK;

	for (;;) {
		pthread_mutex_lock(&pm->lock);
		struct job *j = &pm->job[pm->delivered % RING];
		int ready = pm->delivered < pm->pushed &&
		    (j->state == DONE || j->state == REFUSED);
		pthread_mutex_unlock(&pm->lock);
		if (!ready)
			return st;
		/* Done: no other thread touches it until it is pushed again. */
		if (j->state == DONE)
			st = worst(st, pm->o.emit(pm->o.ctx, &j->rec, j->out.p, j->out.len));
		else
			st = worst(st, pm->o.direct(pm->o.ctx, &j->rec));
		pm->held -= j->rec.len;
		pthread_mutex_lock(&pm->lock);
		j->state = FREE;
		pm->delivered++;
		pthread_mutex_unlock(&pm->lock);
		if (st == ANN_FATAL)
			return st;
	}
}

/*
 * The head job is not done: do the oldest job nobody has claimed, or
 * else wait until some job is done.
 */
static void
help_or_wait(pmap *pm)
{
	pthread_mutex_lock(&pm->lock);
	struct job *j = claim(pm);
	if (j != NULL)
		run_claimed(pm, j, pm->o.work_ctx[0]);
	else {
		struct job *head = &pm->job[pm->delivered % RING];
		pm->caller_waits = 1;
		while (head->state == RUNNING)
			pthread_cond_wait(&pm->done, &pm->lock);
		pm->caller_waits = 0;
	}
	pthread_mutex_unlock(&pm->lock);
}

ann_status
pmap_flush(pmap *pm)
{
	ann_status st = ANN_OK;

	while (pm->delivered < pm->pushed) {	/* both the caller's to change */
		st = worst(st, deliver(pm));
		if (st == ANN_FATAL || pm->delivered == pm->pushed)
			break;
		help_or_wait(pm);
	}
	return st;
}

/* Copy rec into j; -1 when out of memory. */
static int
copy_in(struct job *j, const ann_record *rec)
{
	if (ann_buf_clear_room(&j->bytes, rec->len) == NULL)
		return -1;
	memcpy(j->bytes.p, rec->data, rec->len);
	j->bytes.p[rec->len] = '\0';
	j->rec = *rec;
	j->rec.data = j->bytes.p;
	if (rec->nends > 0) {
		if (j->endscap < 2 * rec->nends) {
			size_t *e = realloc(j->ends, 2 * rec->nends * sizeof *e);
			if (e == NULL)
				return -1;
			j->ends = e;
			j->endscap = 2 * rec->nends;
		}
		memcpy(j->ends, rec->ends, 2 * rec->nends * sizeof *j->ends);
		j->rec.ends = j->ends;
	} else
		j->rec.ends = NULL;
	return 0;
}

ann_status
pmap_push(pmap *pm, const ann_record *rec)
{
	ann_status st = deliver(pm);

	if (st == ANN_FATAL)
		return st;
	if (pm->threads == 0)
		return worst(st, pm->o.direct(pm->o.ctx, rec));
	/* Room: a free job, and the bytes within bounds unless the ring is empty. */
	while (pm->pushed - pm->delivered == RING ||
	    (pm->pushed > pm->delivered && pm->held + rec->len > HOLD_BYTES)) {
		help_or_wait(pm);
		if ((st = worst(st, deliver(pm))) == ANN_FATAL)
			return st;
	}
	struct job *j = &pm->job[pm->pushed % RING];
	if (rec->len > COPY_MAX || copy_in(j, rec) != 0) {
		/* Done here, where it lies, after everything before it. */
		st = worst(st, pmap_flush(pm));
		return st == ANN_FATAL ? st : worst(st, pm->o.direct(pm->o.ctx, rec));
	}
	pm->held += rec->len;
	pthread_mutex_lock(&pm->lock);
	j->state = PENDING;
	pm->pushed++;
	pthread_cond_signal(&pm->work);
	pthread_mutex_unlock(&pm->lock);
	return st;
}

void
pmap_free(pmap *pm)
{
	if (pm == NULL)
		return;
	pthread_mutex_lock(&pm->lock);
	pm->stopping = 1;
	pthread_cond_broadcast(&pm->work);
	pthread_mutex_unlock(&pm->lock);
	for (int i = 0; i < pm->threads; i++)
		pthread_join(pm->w[i].tid, NULL);
	pthread_mutex_destroy(&pm->lock);
	pthread_cond_destroy(&pm->work);
	pthread_cond_destroy(&pm->done);
	for (int i = 0; i < RING; i++) {
		ann_buf_free(&pm->job[i].bytes);
		ann_buf_free(&pm->job[i].out);
		free(pm->job[i].ends);
	}
	free(pm->w);
	free(pm);
}
