/*
 * rle_private.h: what the mask codecs (rle_ls.c, rle_coco.c, mask_io.c)
 * share: the error message helper and word-at-a-time byte tricks.
 */
#ifndef ANN_RLE_PRIVATE_H
#define ANN_RLE_PRIVATE_H

#include <stdint.h>
#include <string.h>

#include "ann_rle.h"

void ann__rle_err(char *err, size_t errlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Eight bytes as one word in memory order (memcpy: no alignment needed). */
static inline uint64_t
ann__load64(const uint8_t *p)
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

#endif /* ANN_RLE_PRIVATE_H */
