/*
 * util_private.h: small helpers the library's files share.
 */
#ifndef ANN_UTIL_PRIVATE_H
#define ANN_UTIL_PRIVATE_H

#include <stddef.h>
#include <stdio.h>

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
FILE *ann__tmpfile(char *err, size_t errlen);

#endif /* ANN_UTIL_PRIVATE_H */
