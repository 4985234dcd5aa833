/*
 * prefetch.c: decompress on a second thread while the first one splits and
 * validates.  Decompression and parsing each take about half the time of
 * reading a zstd export, and the machines this runs on have cores to
 * spare, so overlapping them is most of the cost of compression gone.
 *
 * A ring of chunks passes between the two threads.  The producer owns a
 * chunk from taking it empty until it publishes it full; the consumer from
 * then until it hands it back.
 *
 * Stopping early is cooperative: the producer checks a flag between chunks
 * and in its condition wait, and the fill function watches a pipe that
 * stop writes to, so a read() that would wait for a slow writer returns at
 * once.  (Cancelling the thread would do the same, but a cancelled thread
 * unwinds past sanitizers' bookkeeping and past any state it holds.)
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "prefetch_private.h"

#define SLOTS 4

struct slot {
	char *data;
	ssize_t len;		/* bytes, 0 at the end, -1 on error */
};

struct ann__prefetch {
	ann__fill_fn fill;
	void *ctx;
	size_t chunk;
	struct slot slot[SLOTS];
	unsigned head, tail;	/* consumer takes head, producer fills tail */
	unsigned filled;	/* published, not yet handed back */
	size_t pos;		/* consumed within the head slot */
	int done;		/* the producer has stopped */
	int stopping;		/* the consumer wants no more */
	int wake[2];		/* stop writes to wake[1]; fill watches wake[0] */
	pthread_mutex_t lock;
	pthread_cond_t changed;
	pthread_t thread;
};

static void *
produce(void *arg)
{
	ann__prefetch *pf = arg;

	for (;;) {
		pthread_mutex_lock(&pf->lock);
		while (pf->filled == SLOTS && !pf->stopping)
			pthread_cond_wait(&pf->changed, &pf->lock);
		int stop = pf->stopping;
		pthread_mutex_unlock(&pf->lock);
		if (stop)
			return NULL;

		struct slot *s = &pf->slot[pf->tail];
		s->len = pf->fill(pf->ctx, s->data, pf->chunk);

		pthread_mutex_lock(&pf->lock);
		pf->tail = (pf->tail + 1) % SLOTS;
		pf->filled++;
		if (s->len <= 0)
			pf->done = 1;
		pthread_cond_broadcast(&pf->changed);
		pthread_mutex_unlock(&pf->lock);
		if (s->len <= 0)
			return NULL;
	}
}

ann__prefetch *
ann__prefetch_start(ann__fill_fn fill, void *ctx, size_t chunk, int *wake_fd)
{
	ann__prefetch *pf = calloc(1, sizeof *pf);

	if (pf == NULL)
		return NULL;
	pf->fill = fill;
	pf->ctx = ctx;
	pf->chunk = chunk;
	pf->wake[0] = pf->wake[1] = -1;
	if (pipe(pf->wake) != 0)
		goto fail;
	fcntl(pf->wake[0], F_SETFD, FD_CLOEXEC);
	fcntl(pf->wake[1], F_SETFD, FD_CLOEXEC);
	for (int i = 0; i < SLOTS; i++)
		if ((pf->slot[i].data = malloc(chunk)) == NULL)
			goto fail;
	pthread_mutex_init(&pf->lock, NULL);
	pthread_cond_init(&pf->changed, NULL);
	*wake_fd = pf->wake[0];	/* before the thread can look at it */
	if (pthread_create(&pf->thread, NULL, produce, pf) != 0) {
		pthread_mutex_destroy(&pf->lock);
		pthread_cond_destroy(&pf->changed);
		*wake_fd = -1;	/* about to be closed: reads go on unwatched */
		goto fail;
	}
	return pf;
fail:
	for (int i = 0; i < SLOTS; i++)
		free(pf->slot[i].data);
	if (pf->wake[0] >= 0) {
		close(pf->wake[0]);
		close(pf->wake[1]);
	}
	free(pf);
	return NULL;
}

ssize_t
ann__prefetch_read(ann__prefetch *pf, char *dst, size_t n)
{
	pthread_mutex_lock(&pf->lock);
	while (pf->filled == 0)
		pthread_cond_wait(&pf->changed, &pf->lock);
	pthread_mutex_unlock(&pf->lock);

	struct slot *s = &pf->slot[pf->head];
	if (s->len <= 0)
		return s->len;	/* the end, or the error: it stays */
	size_t k = (size_t)s->len - pf->pos;
	if (k > n)
		k = n;
	memcpy(dst, s->data + pf->pos, k);
	pf->pos += k;
	if (pf->pos == (size_t)s->len) {
		pf->pos = 0;
		pthread_mutex_lock(&pf->lock);
		pf->head = (pf->head + 1) % SLOTS;
		pf->filled--;
		pthread_cond_broadcast(&pf->changed);
		pthread_mutex_unlock(&pf->lock);
	}
	return (ssize_t)k;
}

void
ann__prefetch_stop(ann__prefetch *pf)
{
	if (pf == NULL)
		return;
	pthread_mutex_lock(&pf->lock);
	pf->stopping = 1;
	pthread_cond_broadcast(&pf->changed);
	pthread_mutex_unlock(&pf->lock);
	/* Wake a fill that waits in read(); a full pipe is awake already. */
	(void)!write(pf->wake[1], "", 1);
	pthread_join(pf->thread, NULL);
	pthread_mutex_destroy(&pf->lock);
	pthread_cond_destroy(&pf->changed);
	close(pf->wake[0]);
	close(pf->wake[1]);
	for (int i = 0; i < SLOTS; i++)
		free(pf->slot[i].data);
	free(pf);
}
