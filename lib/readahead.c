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
 * The caller's own work on a record is usually the slower half.  When the
 * consumer falls behind, the producer may do that work too (a render
 * function, ann_reader_opts) on the records it reads next, while they are
 * fresh in its cache, and the consumer then only writes the output that
 * comes with them.  How far behind the consumer is steers the producer
 * between the two, record by record.
 *
 * This is only used on regular files, whose reads never wait for a
 * writer, so stopping early needs no more than a flag: the producer looks
 * at it between records and while it waits for a slot.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "ann.h"
#include "json_private.h"
#include "reader_private.h"
#include "util_private.h"

#define SLOTS 4
#define SLOT_BYTES (128u << 10)	/* a slot is published once this full */
#define BORROW_BYTES (1u << 20)	/* records this large are not copied */
#define MEMO_MAX 4096		/* container ends passed on, per record */
#define PREFETCH_BYTES (64u << 10)	/* of a record, before it is looked at */

struct entry {
	ann_status st;
	ann_record rec;		/* .data is set when the entry is taken */
	const char *borrowed;	/* the bytes, when not copied */
	size_t off;		/* of the bytes in the slot, when copied */
	size_t msg;		/* offset of the error message in the slot */
	size_t memo, nmemo;	/* container ends: pairs in the slot's memo */
	uint64_t err_rec, err_off, bytes;
	uint64_t rej_off, rej_total;	/* a bad record's place and length */
	int rendered;		/* out_off, out_len and note hold the work */
	size_t out_off, out_len;
	unsigned note;
};

struct slot {
	char *bytes;
	size_t len, cap;
	struct entry *e;
	size_t n, ecap;
	size_t *memo;		/* open and close offsets, from the record start */
	size_t nmemo, memocap;
	ann_buf out;		/* what render made of its records */
};

struct ann__ahead {
	ann_reader *in;
	int index;		/* pass container ends on (ann_reader_opts) */
	ann_render_fn render;	/* the caller's work, or NULL */
	void *render_ctx;
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
	size_t log[2 * MEMO_MAX];
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

/*
 * The consumer is far enough behind for the producer to help.  At half
 * the slots: helping whenever one waits made the producer the slower
 * of the two (bench/RESULTS.md, sixth run).
 */
static int
behind(ann__ahead *a)
{
	return a->published - a->returned >= SLOTS / 2;
}

/* Put back the container ends the scan found in e's record at data. */
static unsigned
replay_memo(const struct slot *s, const struct entry *e, const char *data)
{
	ann__json_memo_begin(data, data + e->rec.len);
	for (size_t i = 0; i < e->nmemo; i++)
		ann__json_memo_put(data + s->memo[e->memo + 2 * i],
		    data + s->memo[e->memo + 2 * i + 1]);
	return ann__json_memo_narrow(data, data + e->rec.len);
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
	s->len = s->n = s->nmemo = s->out.len = 0;
	return 0;
}

/* One step of the inner reader into the slot being filled; -1: out of memory. */
static int
add_entry(ann__ahead *a, struct slot *s, ann_status st, const ann_record *rec,
    size_t nlog)
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
		ann_reader_rejected(a->in, &data, &len);
		ann_reader_rejected_span(a->in, &e->rej_off, &e->rej_total);
	}
	if (st == ANN_FAILED || st == ANN_FATAL) {
		ann_reader_errpos(a->in, &e->err_rec, &e->err_off);
		const char *msg = ann_reader_errmsg(a->in);
		if (put_bytes(s, msg, strlen(msg), &e->msg) != 0)
			return -1;
	}
	if (len >= BORROW_BYTES)
		e->borrowed = data;
	else if (data != NULL && put_bytes(s, data, len, &e->off) != 0)
		return -1;
	e->rec.len = len;
	if (nlog > 0) {
		if (ann__grow((void **)&s->memo, &s->memocap, s->nmemo + 2 * nlog,
		    sizeof *s->memo) != 0)
			return -1;
		memcpy(s->memo + s->nmemo, a->log, 2 * nlog * sizeof *s->memo);
		e->memo = s->nmemo;
		e->nmemo = nlog;
		s->nmemo += 2 * nlog;
	}
	e->bytes = ann_reader_bytes(a->in);
	s->n++;
	return 0;
}

/* The caller's work on the entry just added, for rec, as far as it goes. */
static void
render(ann__ahead *a, struct slot *s, const ann_record *rec)
{
	struct entry *e = &s->e[s->n - 1];
	size_t before = s->out.len;

	if (a->render(a->render_ctx, rec, &s->out, &e->note) == ANN_OK) {
		e->rendered = 1;
		e->out_off = before;
		e->out_len = s->out.len - before;
	} else
		s->out.len = before;
}

static void *
produce(void *arg)
{
	ann__ahead *a = arg;
	ann_record rec = { 0 };	/* the reader leaves the render fields alone */

	for (;;) {
		struct slot *s = &a->slot[a->published % SLOTS];
		int help = a->render != NULL && behind(a);
		/* A record rendered here uses the memo here; others pass it on. */
		if (a->index)
			ann__json_memo_log(help ? NULL : a->log, MEMO_MAX);
		ann_status st = ann_reader_next(a->in, &rec);
		size_t nlog = st == ANN_OK && a->index && !help ? ann__json_memo_logged() : 0;
		if (add_entry(a, s, st, &rec, nlog) != 0) {
			/* The consumer reports it after the records before. */
			a->oom_bytes = ann_reader_bytes(a->in);
			publish(a, 1);
			break;
		}
		if (st == ANN_EOF || st == ANN_FATAL) {
			publish(a, 1);
			break;
		}
		if (help && st == ANN_OK)
			render(a, s, &rec);
		int lend = s->e[s->n - 1].borrowed != NULL;
		if (lend)
			a->lending = 1;
		if ((lend || s->len >= SLOT_BYTES) && publish(a, 0) != 0)
			break;
		if (a->stopping)
			break;
	}
	ann__json_memo_log(NULL, 0);
	ann__json_memo_free();
	return NULL;
}

ann__ahead *
ann__ahead_start(ann_reader *in, const ann_reader_opts *opts)
{
	ann__ahead *a = calloc(1, sizeof *a);

	if (a == NULL)
		return NULL;
	a->in = in;
	a->index = opts->index;
	a->render = opts->render;
	a->render_ctx = opts->render_ctx;
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
	rec->rendered = e->rendered;
	if (e->rendered) {
		rec->output = s->out.p != NULL ? s->out.p + e->out_off : "";
		rec->output_len = e->out_len;
		rec->note = e->note;
		rec->memo = 0;
		return ANN_OK;
	}
	/*
	 * The bytes were written on the other core: ask for all of them at
	 * once, rather than one miss at a time as look-ups jump through them.
	 */
	for (size_t off = 0; off < e->rec.len && off < PREFETCH_BYTES; off += 64)
		__builtin_prefetch(data + off);

	if (a->index)
		rec->memo = replay_memo(s, e, data);
	return ANN_OK;
}

ann_reader *
ann__ahead_inner(const ann__ahead *a)
{
	return a->in;
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
		free(a->slot[i].memo);
		ann_buf_free(&a->slot[i].out);
	}
	ann_reader_free(a->in);
	free(a);
}
