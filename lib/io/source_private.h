/*
 * source_private.h: the byte source under the record reader: a file
 * descriptor, decompressed when its first bytes are gzip or zstd magic.
 * Ownership: the source owns its descriptor only when told so at open.
 */
#ifndef ANN_SOURCE_PRIVATE_H
#define ANN_SOURCE_PRIVATE_H

#include <sys/types.h>

#include <stdint.h>

typedef struct ann__source ann__source;

ann__source *ann__source_open(int fd, int owns_fd);
/* Read no more than n bytes from the descriptor (a --part's end). */
void ann__source_limit(ann__source *s, uint64_t n);
/* Up to n decompressed bytes into dst: a count, 0 at the end, -1 on error. */
ssize_t ann__source_read(ann__source *s, char *dst, size_t n);
/* Do these first bytes of an input (n of them, up to 4) say gzip or zstd? */
int ann__source_compressed(const void *head, size_t n);
const char *ann__source_error(const ann__source *s);
void ann__source_close(ann__source *s);

#endif
