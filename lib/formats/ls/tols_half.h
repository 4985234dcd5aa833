/*
 * tols_half.h: the second half of a COCO file's "annotations" array, read
 * on a second thread while tols.c reads the first (tols_half.c).
 *
 * The half starts at what looks like an element's first byte past the
 * middle of what is left of the file.  Only the walk from the array's
 * start can tell whether it is one: tols.c reads on from its own place
 * and asks, at each element, whether it has met the half's start.  Met:
 * the half's annotations are its own, taken in order, and the array ends
 * where the half found it ending.  Passed (the guess was inside a string
 * or an element): the half is dropped and tols.c reads on alone.  So what
 * comes out is what one thread reading the file would give, errors and
 * their positions included.
 *
 * Ownership: a half from tols_half_start is the caller's until
 * tols_half_free, which stops its thread; it reads fd (which must stay
 * open) with pread and touches nothing of the caller's.
 */
#ifndef ANN_TOLS_HALF_H
#define ANN_TOLS_HALF_H

#include <stdint.h>

#include "ann_core.h"

typedef struct tols_half tols_half;

/*
 * Read the elements from about byte AT on, of the input at BASE in fd
 * (offsets from BASE; SIZE where it ends).  NULL when there is too little
 * after AT to share, no element start is found near it, or no thread can
 * start: the caller reads on alone.
 */
tols_half *tols_half_start(int fd, int64_t base, uint64_t at, uint64_t size);
/* Where the half's first element starts. */
uint64_t tols_half_at(const tols_half *h);
/*
 * Once met: wait for the half.  ANN_OK with *end past the array's ']';
 * or the half's first error, as the walk says it (err, its byte).
 */
ann_status tols_half_join(tols_half *h, ann_error *err, uint64_t *end);
/* After ANN_OK from tols_half_join, its annotations in order: 1, or 0 at the end or on error (err). */
int tols_half_next(tols_half *h, int64_t *img_id, uint64_t *at, uint64_t *len,
    ann_error *err);
/* Stop its thread if it runs, and free it.  NULL is fine. */
void tols_half_free(tols_half *h);

#endif /* ANN_TOLS_HALF_H */
