/*
 * prefetch_private.h: a producer thread that runs a fill function ahead of
 * the reader.  Ownership: the prefetcher owns its chunks and its thread;
 * the fill context stays the caller's and must outlive ann__prefetch_stop.
 */
#ifndef ANN_PREFETCH_PRIVATE_H
#define ANN_PREFETCH_PRIVATE_H

#include <sys/types.h>

/* Up to n bytes into dst: a count, 0 at the end, -1 on error. */
typedef ssize_t (*ann__fill_fn)(void *ctx, char *dst, size_t n);

typedef struct ann__prefetch ann__prefetch;

/*
 * *wake_fd becomes a descriptor that turns readable when the prefetcher is
 * stopping: a fill function that may wait in read() polls it beside its
 * input.  It is set before the thread starts.
 */
ann__prefetch *ann__prefetch_start(ann__fill_fn fill, void *ctx, size_t chunk,
    int *wake_fd);
/* Like fill, but from what the thread has made ready. */
ssize_t ann__prefetch_read(ann__prefetch *pf, char *dst, size_t n);
/* Stop the thread (wherever it is) and free everything. */
void ann__prefetch_stop(ann__prefetch *pf);

#endif
