/*
 * readahead.c: split and validate records on a second thread while the
 * tool works on the ones before.
 *
 * Reading and validating is half or more of every tool's time, and the
 * other half (the view, a predicate, the output) does not need it done
 * at the same moment.  A second reader, the inner one, runs on its own
 * thread and copies each record it reads into a slot; the tool's thread
 * takes records out of full slots in order.  Nothing else changes: the
 * same records, errors and positions come out, one call at a time.
 *
 * A slot belongs to the producer from taking it empty until publishing it
 * full, then to the consumer until it moves past the slot's last record.
 * A record of a megabyte or more is not copied: the producer publishes it
 * where it lies, in the inner reader's buffer, and waits until the
 * consumer is done with it.
 *
 * With the index option, the container ends the inner reader noted for a
 * record are copied into the slot beside it, and the record handed out
 * points at them there (ann_record.ends): they live as long as its bytes.
 * This thread only splits and validates: work on the records themselves
 * belongs to the caller, which may spread it over threads of its own.
 *
 * This is only used on regular files, whose reads never wait for a
 * writer, so stopping early needs no more than a flag: the producer looks
 * at it between records and while it waits for a slot.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "reader_private.h"
#include "util_private.h"

#define SLOTS 4
#define SLOT_BYTES (128u << 10)	/* a slot is published once this full */
#define BORROW_BYTES (1u << 20)	/* records this large are not copied */
#define PREFETCH_BYTES (64u << 10)	/* of a record, before it is looked at */

struct entry {
	ann_status st;
	ann_record rec;		/* .data is set when the entry is taken */
	const char *borrowed;	/* the bytes, when not copied */
	size_t off;		/* of the bytes in the slot, when copied */
	size_t msg;		/* offset of the error message in the slot */
	size_t ends, nends;	/* container ends: pairs in the slot's ends */
	uint64_t err_rec, err_off, bytes;
	uint64_t rej_off, rej_total;	/* a bad record's place and length */
};

struct slot {
	char *bytes;
	size_t len, cap;
	struct entry *e;
	size_t n, ecap;
	size_t *ends;		/* open and close offsets, from the record start */
	size_t nends, endscap;
};

struct ann__ahead {
	ann__split *in;
	struct slot slot[SLOTS];
	/* Counts since the start; slot i is slot[i % SLOTS]. */
	_Atomic unsigned published;	/* by the producer */
	_Atomic unsigned returned;	/* by the consumer */
	_Atomic int lending;	/* a borrowed record is out */
	_Atomic int done;	/* the producer has published its last slot */
	_Atomic int stopping;	/* the consumer wants no more */
	_Atomic int sleepers;	/* threads waiting on `changed` */
	size_t next;		/* the consumer's next entry in its slot */
	uint64_t oom_bytes;	/* where memory ran out, if it did */
	pthread_mutex_t lock;	/* only for sleeping and waking */
	pthread_cond_t changed;
	pthread_t thread;
};

/*
 * Handing a slot over is quick and the other thread is usually about to
 * do it, while sleeping costs a system call on each side (and, on a
 * virtual machine, more): spin a while before sleeping.  The counter and
 * the state are sequentially consistent, so a waker either sees the
 * sleeper or the sleeper sees the new state.
 */
#define SPINS 20000

static void
wait_until(ann__ahead *a, int (*ready)(ann__ahead *))
{
	for (int i = 0; i < SPINS; i++) {
		if (ready(a))
			return;
#if defined(__x86_64__) || defined(__i386__)
		__builtin_ia32_pause();
#endif
	}
	pthread_mutex_lock(&a->lock);
	a->sleepers++;
	while (!ready(a))
		pthread_cond_wait(&a->changed, &a->lock);
	a->sleepers--;
	pthread_mutex_unlock(&a->lock);
}

static void
wake(ann__ahead *a)
{
	if (a->sleepers > 0) {
		pthread_mutex_lock(&a->lock);
		pthread_cond_broadcast(&a->changed);
		pthread_mutex_unlock(&a->lock);
	}
}

/* The producer may fill the next slot. */
static int
slot_free(ann__ahead *a)
{
	return a->stopping || (a->published - a->returned < SLOTS && !a->lending);
}

/* The consumer has a slot to read, or will never have one. */
static int
slot_full(ann__ahead *a)
{
	return a->published != a->returned || a->done;
}

static int
put_bytes(struct slot *s, const char *data, size_t len, size_t *off)
{
	if (ann__grow((void **)&s->bytes, &s->cap, s->len + len + 1, 1) != 0)
		return -1;
	memcpy(s->bytes + s->len, data, len);
	s->bytes[s->len + len] = '\0';
	*off = s->len;
	s->len += len + 1;
	return 0;
}

/*
 * Publish the slot being filled.  Unless it was the last, wait for the
 * next one to be free (and a lent record to be given back); -1 when
 * stopping.
 */
static int
publish(ann__ahead *a, int last)
{
	a->published++;
	if (last)
		a->done = 1;	/* after: done with nothing new means no memory */
	wake(a);
	if (last)
		return -1;
	wait_until(a, slot_free);
	if (a->stopping)
		return -1;
	struct slot *s = &a->slot[a->published % SLOTS];
	s->len = s->n = s->nends = 0;
	return 0;
}

/* One step of the inner reader into the slot being filled; -1: out of memory. */
static int
add_entry(ann__ahead *a, struct slot *s, ann_status st, const ann_record *rec)
{
	struct entry *e;
	const char *data = NULL;
	size_t len = 0;

	if (ann__grow((void **)&s->e, &s->ecap, s->n + 1, sizeof *s->e) != 0)
		return -1;
	e = &s->e[s->n];
	memset(e, 0, sizeof *e);
	e->st = st;
	if (st == ANN_OK) {
		e->rec = *rec;
		data = rec->data;
		len = rec->len;
	} else if (st == ANN_FAILED) {
		ann__split_rejected(a->in, &data, &len);
		ann__split_rejected_span(a->in, &e->rej_off, &e->rej_total);
	}
	if (st == ANN_FAILED || st == ANN_FATAL) {
		ann__split_errpos(a->in, &e->err_rec, &e->err_off);
		const char *msg = ann__split_errmsg(a->in);
		if (put_bytes(s, msg, strlen(msg), &e->msg) != 0)
			return -1;
	}
	if (len >= BORROW_BYTES)
		e->borrowed = data;
	else if (data != NULL && put_bytes(s, data, len, &e->off) != 0)
		return -1;
	e->rec.len = len;
	size_t nends = st == ANN_OK ? rec->nends : 0;
	if (nends > 0) {
		if (ann__grow((void **)&s->ends, &s->endscap, s->nends + 2 * nends,
		    sizeof *s->ends) != 0)
			return -1;
		memcpy(s->ends + s->nends, rec->ends, 2 * nends * sizeof *s->ends);
		e->ends = s->nends;
		s->nends += 2 * nends;
	}
	e->nends = nends;
	e->bytes = ann__split_bytes(a->in);
	s->n++;
	return 0;
}

static void *
produce(void *arg)
{
	ann__ahead *a = arg;
	ann_record rec = { 0 };

	for (;;) {
		struct slot *s = &a->slot[a->published % SLOTS];
		ann_status st = ann__split_next(a->in, &rec);
		if (add_entry(a, s, st, &rec) != 0) {
			/* The consumer reports it after the records before. */
			a->oom_bytes = ann__split_bytes(a->in);
			publish(a, 1);
			break;
		}
		if (st == ANN_EOF || st == ANN_FATAL) {
			publish(a, 1);
			break;
		}
		int lend = s->e[s->n - 1].borrowed != NULL;
		if (lend)
			a->lending = 1;
		if ((lend || s->len >= SLOT_BYTES) && publish(a, 0) != 0)
			break;
		if (a->stopping)
			break;
	}
	return NULL;
}

ann__ahead *
ann__ahead_start(ann__split *in)
{
	ann__ahead *a = calloc(1, sizeof *a);

	if (a == NULL)
		return NULL;
	a->in = in;
	pthread_mutex_init(&a->lock, NULL);
	pthread_cond_init(&a->changed, NULL);
	if (pthread_create(&a->thread, NULL, produce, a) != 0) {
		pthread_mutex_destroy(&a->lock);
		pthread_cond_destroy(&a->changed);
		free(a);
		return NULL;
	}
	return a;
}

/* The consumer is past its slot's last record: give the slot back. */
static void
give_back(ann__ahead *a)
{
	struct slot *s = &a->slot[a->returned % SLOTS];

	if (s->n > 0 && s->e[s->n - 1].borrowed != NULL)
		a->lending = 0;
	a->next = 0;
	a->returned++;
	wake(a);
}

ann_status
ann__ahead_next(ann__ahead *a, ann_record *rec, ann__ahead_info *info)
{
	struct slot *s;

	/* Past the last entry of its slot: so it has been there, and published. */
	if (a->next > 0 && a->next == a->slot[a->returned % SLOTS].n)
		give_back(a);
	for (;;) {
		wait_until(a, slot_full);
		if (a->published == a->returned) {	/* memory ran out */
			memset(info, 0, sizeof *info);
			info->msg = "out of memory";
			info->err_off = a->oom_bytes;
			return ANN_FATAL;
		}
		if (a->next < a->slot[a->returned % SLOTS].n)
			break;
		give_back(a);	/* published empty: memory ran out */
	}

	s = &a->slot[a->returned % SLOTS];
	struct entry *e = &s->e[a->next];
	const char *data = e->borrowed ? e->borrowed :
	    s->bytes != NULL ? s->bytes + e->off : NULL;
	if (e->st != ANN_EOF && e->st != ANN_FATAL)
		a->next++;	/* the end stays, for every later call */
	info->bytes = e->bytes;
	info->msg = e->st == ANN_OK || e->st == ANN_EOF ? "" : s->bytes + e->msg;
	info->err_rec = e->err_rec;
	info->err_off = e->err_off;
	info->data = data;
	info->len = e->rec.len;
	info->rej_off = e->rej_off;
	info->rej_total = e->rej_total;
	if (e->st != ANN_OK)
		return e->st;
	*rec = e->rec;
	rec->data = data;
	rec->ends = e->nends > 0 ? s->ends + e->ends : NULL;
	rec->nends = e->nends;
	/*
	 * The bytes were written on the other core: ask for all of them at
	 * once, rather than one miss at a time as look-ups jump through them.
	 */
	for (size_t off = 0; off < e->rec.len && off < PREFETCH_BYTES; off += 64)
		__builtin_prefetch(data + off);
	return ANN_OK;
}

void
ann__ahead_stop(ann__ahead *a)
{
	if (a == NULL)
		return;
	a->stopping = 1;
	wake(a);
	pthread_join(a->thread, NULL);
	pthread_mutex_destroy(&a->lock);
	pthread_cond_destroy(&a->changed);
	for (int i = 0; i < SLOTS; i++) {
		free(a->slot[i].bytes);
		free(a->slot[i].e);
		free(a->slot[i].ends);
	}
	ann__split_free(a->in);
	free(a);
}
