/*
 * test_pmap: the ordered parallel map of fe/pmap.c.  Outputs come back
 * in input order whether the work is slow or fast, refused records come
 * back in their place to be done by the caller, records too large to
 * copy keep their place, and without threads everything is done by the
 * caller, in order.  Records are handed to the worker in batches: it
 * sleeps and is woken once per batch, not once per record, and the
 * records held at once stay within the map's bound.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <string.h>
#include <time.h>

#include "ann.h"
#include "pmap.h"
#include "check.h"

/*
 * ThreadSanitizer defines pthread_create in the program itself and needs
 * its own to run: under it, the test without threads is left out.
 */
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define UNDER_TSAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define UNDER_TSAN 1
#endif

#ifndef UNDER_TSAN
static int no_threads;	/* pthread_create fails, as when out of them */
static size_t push_size;	/* what each record stands for (pmap_push_sized); 0: its bytes */

/* The pmap's calls come here first: this program defines the symbol. */
int
pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *),
    void *arg)
{
	static int (*next)(pthread_t *, const pthread_attr_t *,
	    void *(*)(void *), void *);

	if (no_threads)
		return EAGAIN;
	if (next == NULL)
		*(void **)&next = dlsym(RTLD_NEXT, "pthread_create");
	return next != NULL ? next(t, attr, fn, arg) : ENOSYS;
}
#endif

struct ctx {
	int slow;		/* sleep in the work, so that the caller runs ahead */
	uint64_t calls;		/* work done with this context */
	long sleeps0, sleeps;	/* its thread's voluntary switches, first and last call */
};

/* How many times this thread has slept (given up the processor) so far. */
static long
sleeps_so_far(void)
{
#ifdef RUSAGE_THREAD
	struct rusage ru;

	if (getrusage(RUSAGE_THREAD, &ru) == 0)
		return ru.ru_nvcsw;
#endif
	return -1;
}

/*
 * Every record whose number is 5 mod 7 is refused, after writing some.
 * The output is the record's number and its bytes up to the first '}'
 * (a record may be padded after it with blanks).
 */
static ann_status
work(void *arg, const ann_record *rec, ann_buf *out)
{
	struct ctx *c = arg;
	const char *end = memchr(rec->data, '}', rec->len);

	c->sleeps = sleeps_so_far();
	if (c->calls++ == 0)
		c->sleeps0 = c->sleeps;
	if (c->slow && rec->number % 3 == 0) {
		struct timespec ts = { 0, 200000 };
		nanosleep(&ts, NULL);
	}
	if (rec->number % 7 == 5)
		return ann_buf_printf(out, "half ") == 0 ? ANN_FAILED : ANN_FATAL;
	return ann_buf_printf(out, "%llu:%.*s\n", (unsigned long long)rec->number,
	    (int)(end != NULL ? end - rec->data + 1 : 0), rec->data) == 0 ?
	    ANN_OK : ANN_FATAL;
}

struct sink {
	ann_buf got;		/* what came back, in order */
	uint64_t back;		/* records handed back */
	uint64_t most_held;	/* the most pushed and not yet handed back */
	uint64_t pushed;
	uint64_t direct;	/* records done by the caller */
	int bad_thread;		/* emit or direct ran on another thread */
	int bad_data;		/* direct was given bytes not the record's */
	pthread_t caller;
};

static ann_status
emit(void *arg, const ann_record *rec, const char *out, size_t len)
{
	struct sink *s = arg;

	(void)rec;
	s->back++;
	s->bad_thread |= !pthread_equal(pthread_self(), s->caller);
	return ann_buf_put(&s->got, out, len) == 0 ? ANN_OK : ANN_FATAL;
}

static ann_status
direct(void *arg, const ann_record *rec)
{
	struct sink *s = arg;

	s->back++;
	s->bad_thread |= !pthread_equal(pthread_self(), s->caller);
	s->direct++;
	/* The record is whole and valid during the call. */
	char want[64];
	int n = snprintf(want, sizeof want, "{\"n\":%llu}", (unsigned long long)rec->number);
	s->bad_data |= rec->len < (size_t)n || memcmp(rec->data, want, (size_t)n) != 0;
	return ann_buf_printf(&s->got, "%llu by the caller\n",
	    (unsigned long long)rec->number) == 0 ? ANN_FAILED : ANN_FATAL;
}

/* What the map must give: each record's line in order, refused ones by the caller. */
static void
expected(ann_buf *b, uint64_t n, size_t big_every)
{
	char data[64];

	for (uint64_t i = 1; i <= n; i++) {
		snprintf(data, sizeof data, "{\"n\":%llu}", (unsigned long long)i);
		if (i % 7 == 5 || (big_every && i % big_every == 0))
			ann_buf_printf(b, "%llu by the caller\n", (unsigned long long)i);
		else
			ann_buf_printf(b, "%llu:%s\n", (unsigned long long)i, data);
	}
}

/*
 * n records through a map whose work is slow (on the worker, or on both)
 * or fast; every big_every-th record is larger than the map copies.  Each
 * record is padded with blanks to pad bytes (0: not padded), and the
 * caller sleeps pause_ns before pushing each one (0: it does not), which
 * makes it the slower side, as when splitting the input is the most work.
 */
static int
run(uint64_t n, int slow_worker, int slow_caller, size_t big_every,
    size_t pad, long pause_ns, struct sink *s, struct ctx c[2], int *threads)
{
	void *ctxs[2] = { &c[0], &c[1] };
	pmap_opts o = { .work = work, .work_ctx = ctxs, .threads = 1,
	    .emit = emit, .direct = direct, .ctx = s };
	ann_status st = ANN_OK, worst = ANN_OK;
	char small[4096], *big = malloc((2u << 20) + 64);
	ann_record rec = { 0 };

	memset(s, 0, sizeof *s);
	memset(c, 0, 2 * sizeof *c);
	s->caller = pthread_self();
	c[0].slow = slow_caller;
	c[1].slow = slow_worker;
	pmap *pm = pmap_new(&o);
	if (pm == NULL || big == NULL || pad > sizeof small)
		return 0;
	*threads = pmap_threads(pm);
	for (uint64_t i = 1; i <= n && st != ANN_FATAL; i++) {
		int len = snprintf(small, sizeof small, "{\"n\":%llu}",
		    (unsigned long long)i);
		if (pad > (size_t)len) {
			memset(small + len, ' ', pad - (size_t)len);
			len = (int)pad;
		}
		rec.number = i;
		rec.data = small;
		rec.len = (size_t)len;
		if (big_every && i % big_every == 0) {
			/* The same record padded with blanks past what is copied. */
			memset(big, ' ', 2u << 20);
			memcpy(big, small, (size_t)len);
			rec.data = big;
			rec.len = 2u << 20;
		}
		if (pause_ns > 0) {
			struct timespec ts = { 0, pause_ns };
			nanosleep(&ts, NULL);
		}
		st = push_size ? pmap_push_sized(pm, &rec, push_size) : pmap_push(pm, &rec);
		worst = st > worst ? st : worst;
		if (i - s->back > s->most_held)
			s->most_held = i - s->back;
	}
	st = pmap_flush(pm);
	pmap_free(pm);
	free(big);
	return st != ANN_FATAL && worst != ANN_FATAL;
}

static int
same(const struct sink *s, uint64_t n, size_t big_every)
{
	ann_buf want = { 0 };
	int ok;

	expected(&want, n, big_every);
	ok = s->got.len == want.len && memcmp(s->got.p, want.p, want.len) == 0;
	ann_buf_free(&want);
	return ok;
}

int
main(void)
{
	struct sink s;
	struct ctx c[2];
	int threads = 0, ok;

	/* 3000 records of 1000 bytes: more than the map holds at once. */
	ok = run(3000, 1, 0, 0, 1000, 0, &s, c, &threads);
	CHECK(ok && threads == 1 && same(&s, 3000, 0) && !s.bad_thread && !s.bad_data,
	    "slow work on the worker: 3000 outputs in input order");
	CHECK(s.most_held <= (1u << 20) / 1000 + 1,
	    "at most 1 MiB of records held at once (%llu records of 1000 bytes)",
	    (unsigned long long)s.most_held);
	/* Who did how many depends on the scheduler: only the sum is sure. */
	CHECK(c[0].calls + c[1].calls == 3000,
	    "each record's work ran once (%llu on the caller's thread)",
	    (unsigned long long)c[0].calls);
	CHECK(s.direct == 3000 / 7 + (3000 % 7 >= 5),
	    "refused records came back to the caller, in their place (%llu)",
	    (unsigned long long)s.direct);
	ann_buf_free(&s.got);

	/* Small records that stand for more: held by what they stand for. */
	push_size = 100000;
	ok = run(3000, 1, 0, 0, 0, 0, &s, c, &threads);
	push_size = 0;
	CHECK(ok && same(&s, 3000, 0) && s.most_held <= (1u << 20) / 100000 + 1,
	    "records pushed with a size: in order, at most 1 MiB of what they "
	    "stand for held at once (%llu records of 100000)", (unsigned long long)s.most_held);
	ann_buf_free(&s.got);

	ok = run(20000, 0, 0, 0, 0, 0, &s, c, &threads);
	CHECK(ok && same(&s, 20000, 0) && !s.bad_thread,
	    "fast work: 20000 outputs in input order");
	ann_buf_free(&s.got);

	/*
	 * A caller slower than the worker (it splits the input): the worker
	 * runs out of records again and again.  It must sleep and be woken
	 * once per batch, not once per record: each sleep costs the caller a
	 * system call to wake it.
	 */
	ok = run(4000, 0, 0, 0, 100, 50000, &s, c, &threads);
	CHECK(ok && same(&s, 4000, 0), "a slow caller: 4000 outputs in input order");
	if (c[1].calls > 0 && c[1].sleeps >= 0)
		CHECK(c[1].sleeps - c[1].sleeps0 < 4000 / 16,
		    "the worker slept %ld times for %llu records: once per batch",
		    c[1].sleeps - c[1].sleeps0, (unsigned long long)c[1].calls);
	else
		printf("ok %d - # SKIP no per-thread counts, or the worker did nothing\n",
		    ++check_n);
	ann_buf_free(&s.got);

	ok = run(2000, 0, 1, 0, 0, 0, &s, c, &threads);
	CHECK(ok && same(&s, 2000, 0), "slow work on the caller's thread only: in order");
	ann_buf_free(&s.got);

	ok = run(500, 1, 0, 50, 0, 0, &s, c, &threads);
	CHECK(ok && same(&s, 500, 50) && !s.bad_data,
	    "records too large to copy are done by the caller, in their place");
	ann_buf_free(&s.got);

#ifndef UNDER_TSAN
	no_threads = 1;
	ok = run(1000, 0, 0, 0, 0, 0, &s, c, &threads);
	no_threads = 0;
	CHECK(threads == 0 && c[0].calls == 0 && c[1].calls == 0 &&
	    s.direct == 1000, "without a thread, every record goes to the caller");
	/* Then all are "by the caller", in order. */
	ann_buf want = { 0 };
	for (uint64_t i = 1; i <= 1000; i++)
		ann_buf_printf(&want, "%llu by the caller\n", (unsigned long long)i);
	CHECK(ok && s.got.len == want.len && memcmp(s.got.p, want.p, want.len) == 0,
	    "without a thread, in input order");
	ann_buf_free(&want);
	ann_buf_free(&s.got);
#endif
	return done_testing();
}
