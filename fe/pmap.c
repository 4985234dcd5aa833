/*
 * pmap.c: an ordered parallel map over records (pmap.h).
 *
 * Records travel in batches.  The caller copies each record it is given
 * to the end of the batch it is filling, which no other thread sees, and
 * hands the batch over whole once it holds BATCH_BYTES, or when the
 * caller must wait, or flushes.  So the lock is taken, and a sleeping
 * worker woken, once per batch rather than once per record: a Labelbox
 * row takes a few microseconds to make, about what a hand-over costs, and
 * on Label Studio tasks (tens of kilobytes each) the caller, who splits
 * the input, is the slower thread, and a system call per record to wake
 * the worker was time taken from it.  A thread is signalled only when it
 * sleeps: a worker that found nothing to claim, or the caller waiting for
 * the batch at the head.
 *
 * Batches sit in a ring in input order.  Three counters walk it: pushed
 * (by the caller, handing a batch over), claimed (by whichever thread
 * takes the next batch to do) and delivered (by the caller, handing
 * results back).  A batch belongs to the caller from delivered until
 * pushed (the one at pushed is being filled), to the thread that claimed
 * it while it runs, and to the caller again once it is done.  One mutex
 * guards the counters and the states; records are copied, made into
 * rows and handed back outside it.
 *
 * Memory: RING batches and HOLD_BYTES of records at most, the batch being
 * filled included (one record larger than that still goes through an
 * empty ring; one larger than COPY_MAX is done where it lies).  A record
 * pushed with a size (a job that reads its input itself) counts as that.  Full
 * batches fit HOLD_BYTES about four times: more slots would hold only
 * partial ones, and each slot keeps its buffers grown, so RING is small.
 * A new batch is filled in the buffers of the one last handed back, which
 * are still in cache, rather than those of the next slot of the ring.
 *
 * The caller does not only wait: when the ring is full it hands over what
 * it was filling, takes the oldest batch no worker has claimed and does it
 * itself, with its own context.  So with one worker both threads make rows
 * whenever the records come faster than one thread can do them.  Results
 * are handed back, in input order, when a batch is handed over and when
 * the caller must wait; emit and direct run on the caller's thread.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pmap.h"

#define RING 8			/* batches in flight, the one being filled included */
#define HOLD_BYTES (1u << 20)	/* record bytes held at once, at most */
#define COPY_MAX (1u << 20)	/* larger records are done where they lie */
#define BATCH_BYTES (256u << 10)	/* a batch is handed over once this full */

enum state { FREE, PENDING, RUNNING, DONE };

struct item {
	ann_record rec;		/* data and ends point into the batch's, once pushed */
	size_t data, ends;	/* where those start in the batch */
	size_t out, outlen;	/* its output in the batch's out */
	size_t size;		/* what it stands for (pmap_push_sized) */
	int refused;
};

struct job {
	enum state state;
	struct item *it;
	size_t n, cap;
	ann_buf bytes;		/* the records, each followed by a NUL */
	size_t *ends;		/* their container ends, one after another */
	size_t nends, endscap;
	ann_buf out;		/* the outputs, one after another */
	size_t size;		/* what its records stand for */
};

struct worker {
	pmap *pm;
	void *ctx;
	pthread_t tid;
};

struct pmap {
	pmap_opts o;
	struct job job[RING];
	uint64_t pushed, claimed, delivered;	/* batches; under lock */
	int stopping;		/* under lock */
	int idle;		/* workers asleep on `work`; under lock */
	int caller_waits;	/* under lock */
	size_t fill;		/* records in the batch being filled */
	size_t next;		/* the head batch's next item to hand back */
	size_t held;		/* what the records in the ring stand for; the caller's */
	unsigned hot;		/* the slot last handed back */
	int threads;		/* started */
	struct worker *w;
	pthread_mutex_t lock;
	pthread_cond_t work;	/* a batch was pushed, or stop */
	pthread_cond_t done;	/* a batch the caller waits for is done */
};

static ann_status
worst(ann_status a, ann_status b)
{
	if (a == ANN_FATAL || b == ANN_FATAL)
		return ANN_FATAL;
	return a == ANN_FAILED || b == ANN_FAILED ? ANN_FAILED : ANN_OK;
}

/* Do batch j with ctx, on whichever thread claimed it; no lock held. */
static void
run(pmap *pm, struct job *j, void *ctx)
{
	j->out.len = 0;
	for (size_t i = 0; i < j->n; i++) {
		struct item *it = &j->it[i];
		it->out = j->out.len;
		it->refused = pm->o.work(ctx, &it->rec, &j->out) != ANN_OK;
		if (it->refused)
			j->out.len = it->out;	/* what it appended is dropped */
		it->outlen = j->out.len - it->out;
	}
}

/* Under lock: claim the next batch, or NULL when none waits. */
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
	run(pm, j, ctx);
	pthread_mutex_lock(&pm->lock);
	j->state = DONE;
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
		while (!pm->stopping && (j = claim(pm)) == NULL) {
			pm->idle++;
			pthread_cond_wait(&pm->work, &pm->lock);
			pm->idle--;
		}
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

/* The batch being filled: the caller's alone. */
static struct job *
filling(pmap *pm)
{
	return &pm->job[pm->pushed % RING];
}

/*
 * Hand the batch being filled over to the workers.  Only now do its
 * records point into its buffers, which no longer move.
 */
static void
push_batch(pmap *pm)
{
	struct job *j = filling(pm);

	for (size_t i = 0; i < j->n; i++) {
		struct item *it = &j->it[i];
		it->rec.data = j->bytes.p + it->data;
		it->rec.ends = it->rec.nends > 0 ? j->ends + it->ends : NULL;
	}
	pm->fill = 0;
	pthread_mutex_lock(&pm->lock);
	j->state = PENDING;
	pm->pushed++;
	if (pm->idle > 0)
		pthread_cond_signal(&pm->work);
	pthread_mutex_unlock(&pm->lock);
}

/* Hand back the records of the batches at the head that are done, in order. */
static ann_status
deliver(pmap *pm)
{
	ann_status st = ANN_OK;

	for (;;) {
		pthread_mutex_lock(&pm->lock);
		struct job *j = &pm->job[pm->delivered % RING];
		int ready = pm->delivered < pm->pushed && j->state == DONE;
		pthread_mutex_unlock(&pm->lock);
		if (!ready)
			return st;
		/* Done: no other thread touches it until it is pushed again. */
		while (pm->next < j->n) {
			struct item *it = &j->it[pm->next++];
			if (it->refused)
				st = worst(st, pm->o.direct(pm->o.ctx, &it->rec));
			else
				st = worst(st, pm->o.emit(pm->o.ctx, &it->rec,
				    j->out.p + it->out, it->outlen));
			pm->held -= it->size;
			if (st == ANN_FATAL)
				return st;
		}
		pm->next = 0;
		pm->hot = (unsigned)(pm->delivered % RING);
		pthread_mutex_lock(&pm->lock);
		j->state = FREE;
		pm->delivered++;
		pthread_mutex_unlock(&pm->lock);
	}
}

/*
 * The head batch is not done: do the oldest batch nobody has claimed, or
 * else wait until some batch is done.
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

	if (pm->fill > 0)
		push_batch(pm);
	while (pm->delivered < pm->pushed) {	/* both the caller's to change */
		st = worst(st, deliver(pm));
		if (st == ANN_FATAL || pm->delivered == pm->pushed)
			break;
		help_or_wait(pm);
	}
	return st;
}

/* Copy rec to the end of the batch being filled; -1 when out of memory. */
static int
copy_in(pmap *pm, const ann_record *rec)
{
	struct job *j = filling(pm);

	if (pm->fill == 0) {
		/*
		 * Fill the buffers last handed back, still in cache, rather
		 * than those of the next slot, untouched for a round of the
		 * ring: copying a large record into cold memory costs the
		 * caller, the slower thread on large records, more than the
		 * copy itself.  A free slot is the caller's, as is this one.
		 */
		unsigned at = (unsigned)(pm->pushed % RING);
		uint64_t ahead = (pm->hot + RING - pm->delivered % RING) % RING;
		if (pm->hot != at && ahead >= pm->pushed - pm->delivered) {
			struct job t = *j;
			*j = pm->job[pm->hot];
			pm->job[pm->hot] = t;
		}
		j->n = j->bytes.len = j->nends = j->size = 0;
	}
	if (j->n == j->cap) {
		size_t cap = j->cap ? 2 * j->cap : 64;
		struct item *it = realloc(j->it, cap * sizeof *it);
		if (it == NULL)
			return -1;
		j->it = it;
		j->cap = cap;
	}
	if (j->nends + 2 * rec->nends > j->endscap) {
		size_t cap = j->endscap ? 2 * j->endscap : 1024;
		while (cap < j->nends + 2 * rec->nends)
			cap *= 2;
		size_t *e = realloc(j->ends, cap * sizeof *e);
		if (e == NULL)
			return -1;
		j->ends = e;
		j->endscap = cap;
	}
	char *p = ann_buf_room(&j->bytes, rec->len + 1);
	if (p == NULL)
		return -1;
	struct item *it = &j->it[j->n++];
	memcpy(p, rec->data, rec->len);
	p[rec->len] = '\0';
	it->rec = *rec;
	it->data = j->bytes.len;
	j->bytes.len += rec->len + 1;
	it->ends = j->nends;
	if (rec->nends > 0)
		memcpy(j->ends + j->nends, rec->ends, 2 * rec->nends * sizeof *j->ends);
	j->nends += 2 * rec->nends;
	pm->fill = j->n;
	return 0;
}

/* Room for a record of SIZE in the batch being filled, within the ring's bounds. */
static int
room(const pmap *pm, size_t size)
{
	/* The slot at pushed is free unless the ring is full of pushed batches. */
	if (pm->pushed - pm->delivered == RING)
		return 0;
	/* Held bytes bound everything, but one record always fits an empty ring. */
	return pm->held + size <= HOLD_BYTES ||
	    (pm->pushed == pm->delivered && pm->fill == 0);
}

ann_status
pmap_push(pmap *pm, const ann_record *rec)
{
	return pmap_push_sized(pm, rec, rec->len);
}

ann_status
pmap_push_sized(pmap *pm, const ann_record *rec, size_t size)
{
	ann_status st = ANN_OK;

	if (pm->threads == 0)
		return pm->o.direct(pm->o.ctx, rec);
	if (rec->len > COPY_MAX) {
		/* Done here, where it lies, after everything before it. */
		st = pmap_flush(pm);
		return st == ANN_FATAL ? st : worst(st, pm->o.direct(pm->o.ctx, rec));
	}
	while (!room(pm, size)) {
		/* What is being filled must go before anything can come back. */
		if (pm->fill > 0)
			push_batch(pm);
		if ((st = worst(st, deliver(pm))) == ANN_FATAL)
			return st;
		if (!room(pm, size))
			help_or_wait(pm);
	}
	if (copy_in(pm, rec) != 0) {
		st = worst(st, pmap_flush(pm));
		return st == ANN_FATAL ? st : worst(st, pm->o.direct(pm->o.ctx, rec));
	}
	filling(pm)->it[pm->fill - 1].size = size;
	filling(pm)->size += size;
	pm->held += size;
	if (filling(pm)->size >= BATCH_BYTES) {
		push_batch(pm);
		st = worst(st, deliver(pm));
	}
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
		free(pm->job[i].it);
		ann_buf_free(&pm->job[i].bytes);
		ann_buf_free(&pm->job[i].out);
		free(pm->job[i].ends);
	}
	free(pm->w);
	free(pm);
}
