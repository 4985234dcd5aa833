/*
 * util_private.h: small helpers the library's files share.
 */
#ifndef ANN_UTIL_PRIVATE_H
#define ANN_UTIL_PRIVATE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

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
 * Up to N bytes of fd at byte AT into buf, read until N or the end, a
 * signal's interruption retried: the count (less than N at the end), or
 * -1 with errno set.
 */
ssize_t ann__pread(int fd, void *buf, size_t n, int64_t at);

/*
 * A temporary file in $TMPDIR (or /tmp), already unlinked, so it goes
 * away with the process however that ends.  NULL with a message in err.
 */
FILE *ann__tmpfile(ann_error *err);

/*
 * ann_hash in two steps, for keys that share a prefix: the FNV-1a state
 * after len more bytes (the first from ANN__HASH_START), then the hash of
 * a state.  ann_hash(p, n) is ann__hash_end(ann__hash_more(
 * ANN__HASH_START, p, n)), and a prefix's state may be kept and gone on
 * from.
 */
#define ANN__HASH_START 0xcbf29ce484222325ULL

static inline uint64_t
ann__hash_more(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* A 64-bit finalizer, so that small moduli spread evenly. */
static inline uint64_t
ann__hash_end(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* The word for a count: one for 1, many otherwise ("1 task", "2 tasks"). */
static inline const char *
ann__plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/*
 * Words of eight bytes, for scanning a byte at a time eight at a time:
 * mask runs (rle/), a string's body (ls/tols_walk.h).
 */
/* Eight bytes as one word in memory order (memcpy: no alignment needed). */
static inline uint64_t
ann__load64(const void *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

#define ANN__ONES64 0x0101010101010101ULL
#define ANN__HIGH64 0x8080808080808080ULL

/* Bit 7 of each byte of the result is set when that byte of X is non-zero. */
static inline uint64_t
ann__nonzero_bytes(uint64_t x)
{
	const uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL;

	return (((x & low7) + low7) | x) & ANN__HIGH64;
}

/*
 * Index of the lowest-addressed byte flagged in a non-zero word, which is
 * the lowest bit on little-endian hosts and the highest on big-endian ones.
 */
static inline unsigned
ann__first_byte(uint64_t x)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return (unsigned)__builtin_clzll(x) >> 3;
#else
	return (unsigned)__builtin_ctzll(x) >> 3;
#endif
}

/* Clear the flag ann__first_byte found. */
static inline uint64_t
ann__drop_first(uint64_t x)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return x & ~(1ULL << (63 - __builtin_clzll(x)));
#else
	return x & (x - 1);
#endif
}

#endif /* ANN_UTIL_PRIVATE_H */
