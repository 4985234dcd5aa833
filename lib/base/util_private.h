/*
 * util_private.h: small helpers the library's files share.
 */
#ifndef ANN_UTIL_PRIVATE_H
#define ANN_UTIL_PRIVATE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ann_core.h"

/*
 * The one way libann writes an error: the message from FMT into err (NULL
 * is fine: nothing is written), with no position; ann__error_byte adds
 * where in the input the problem is, when that is known.
 */
void ann__error_set(ann_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void ann__error_vset(ann_error *err, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 0)))
#endif
    ;
void ann__error_byte(ann_error *err, uint64_t byte);
/*
 * ann__error_set that returns st, so that saying why and giving up is one
 * statement: every converter's `return X_fail(h, ANN_FAILED, ...)` is this
 * on its handle's err.
 */
ann_status ann__error_fail(ann_error *err, ann_status st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/*
 * Make room for need elements of size bytes in *arr, which holds *cap:
 * doubling, so that appending one at a time stays linear.  0, or -1 when
 * out of memory (then *arr is unchanged).
 */
int ann__grow(void **arr, size_t *cap, size_t need, size_t size);

/*
 * A temporary file in $TMPDIR (or /tmp), already unlinked, so it goes
 * away with the process however that ends.  NULL with a message in err.
 */
FILE *ann__tmpfile(ann_error *err);

/* The word for a count: one for 1, many otherwise ("1 task", "2 tasks"). */
static inline const char *
ann__plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

#endif /* ANN_UTIL_PRIVATE_H */
