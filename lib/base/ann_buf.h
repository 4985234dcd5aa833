/*
 * ann_buf.h: a growable byte buffer, for text made on the fly (a cell, a
 * name, a record's rows) and the numbers and strings written into it.
 *
 * Ownership: the caller owns the struct; ann_buf_free releases its bytes.
 * Start it zeroed.
 */
#ifndef ANN_BUF_H
#define ANN_BUF_H

#include <stddef.h>
#include <string.h>

typedef struct ann_buf {
	char *p;
	size_t len, cap;
} ann_buf;

/*
 * Append len bytes (and keep a NUL after them): 0, or -1 when out of
 * memory.  Inline, as writers put a comma or a bracket at a time: the call
 * cost more than the copy.  ann__buf_put grows b first.
 */
int ann__buf_put(ann_buf *b, const void *data, size_t len);
static inline int
ann_buf_put(ann_buf *b, const void *data, size_t len)
{
	if (len < b->cap - b->len) {
		if (len > 0)	/* data may be NULL then, which memcpy may not see */
			memcpy(b->p + b->len, data, len);
		b->len += len;
		b->p[b->len] = '\0';
		return 0;
	}
	return ann__buf_put(b, data, len);
}
/*
 * Empty b (its length becomes 0) and make room for n bytes (and a NUL):
 * for text built anew each time.  NULL when out of memory.
 */
char *ann_buf_clear_room(ann_buf *b, size_t n);
/* Room for n more bytes (and a NUL) at the end of b; NULL when out of memory. */
char *ann_buf_room(ann_buf *b, size_t n);
int ann_buf_printf(ann_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* v in decimal (as "%lld") without printf, for the writers' hot loops. */
int ann_buf_int(ann_buf *b, long long v);
/* The shortest text that reads back as the same double. */
int ann_buf_double(ann_buf *b, double d);
/*
 * d rounded to `places` decimals (at most 9), trailing zeros dropped:
 * 214.00000000000003 at 6 places is 214.  Much faster than the exact form,
 * which it falls back to for magnitudes of 1e9 and more.
 */
int ann_buf_decimal(ann_buf *b, double d, int places);
/*
 * The n bytes at data in base64 (RFC 4648, section 4: the standard
 * alphabet, '=' padding, no line breaks), as JSON carries binary data.
 */
int ann_buf_base64(ann_buf *b, const void *data, size_t n);
void ann_buf_free(ann_buf *b);

#endif
