/*
 * buf.c: the growable byte buffer, and numbers and JSON strings written
 * into it.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "util_private.h"

int
ann_buf_put(ann_buf *b, const void *data, size_t len)
{
	char *at = ann_buf_room(b, len);

	if (at == NULL)
		return -1;
	if (len > 0)
		memcpy(at, data, len);
	b->len += len;
	b->p[b->len] = '\0';
	return 0;
}

char *
ann_buf_clear_room(ann_buf *b, size_t n)
{
	b->len = 0;
	if (n + 1 > b->cap) {
		char *p = realloc(b->p, n + 1);
		if (p == NULL)
			return NULL;
		b->p = p;
		b->cap = n + 1;
	}
	return b->p;
}

char *
ann_buf_room(ann_buf *b, size_t n)
{
	if (b->len + n + 1 > b->cap &&	/* cells: the call only when it grows */
	    ann__grow((void **)&b->p, &b->cap, b->len + n + 1, 1) != 0)
		return NULL;
	return b->p + b->len;
}

int
ann_buf_printf(ann_buf *b, const char *fmt, ...)
{
	char small[128];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof small)
		return ann_buf_put(b, small, (size_t)n);
	char *big = malloc((size_t)n + 1);
	if (big == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	int r = ann_buf_put(b, big, (size_t)n);
	free(big);
	return r;
}

int
ann_buf_double(ann_buf *b, double d)
{
	char s[40];

	if (!isfinite(d))
		return -1;
	/* Whole numbers (pixel counts, mask boxes) need no search. */
	if (fabs(d) < 1e15 && d == (double)(long long)d) {
		int n = snprintf(s, sizeof s, "%lld", (long long)d);
		return ann_buf_put(b, s, (size_t)n);
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(s, sizeof s, "%.*g", prec, d);
		if (strtod(s, NULL) == d)
			break;
	}
	return ann_buf_put(b, s, strlen(s));
}

int
ann_buf_decimal(ann_buf *b, double d, int places)
{
	static const long long scale[] = {
		1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000
	};
	char s[48];
	int n = 0;

	/* Beyond what a long long holds at this scale: the exact form instead. */
	if (places < 0 || places > 9 || !isfinite(d) || fabs(d) >= 1e9)
		return ann_buf_double(b, d);
	long long v = llround(d * (double)scale[places]);
	if (v < 0) {
		s[n++] = '-';
		v = -v;
	}
	long long ip = v / scale[places], fp = v % scale[places];
	char digits[24];
	int k = 0;
	do {
		digits[k++] = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip > 0);
	while (k > 0)
		s[n++] = digits[--k];
	if (fp != 0) {
		s[n++] = '.';
		for (int i = places - 1; i >= 0; i--) {
			digits[i] = (char)('0' + fp % 10);
			fp /= 10;
		}
		int last = places;
		while (last > 0 && digits[last - 1] == '0')
			last--;
		memcpy(s + n, digits, (size_t)last);
		n += last;
	}
	if (n == 2 && s[0] == '-' && s[1] == '0')
		n = 0, s[n++] = '0';	/* no negative zero */
	return ann_buf_put(b, s, (size_t)n);
}

int
ann_buf_base64(ann_buf *b, const void *data, size_t n)
{
	static const char abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *s = data;
	char *o;

	/* Four characters for every three bytes begun; n / 3 first, so no overflow. */
	if (n / 3 >= (SIZE_MAX - 4) / 4 || (o = ann_buf_room(b, (n / 3 + 1) * 4)) == NULL)
		return -1;
	char *start = o;
	for (; n >= 3; s += 3, n -= 3) {
		*o++ = abc[s[0] >> 2];
		*o++ = abc[(s[0] & 3) << 4 | s[1] >> 4];
		*o++ = abc[(s[1] & 15) << 2 | s[2] >> 6];
		*o++ = abc[s[2] & 63];
	}
	if (n > 0) {	/* one or two bytes left: two or three characters, then '=' */
		*o++ = abc[s[0] >> 2];
		*o++ = abc[(s[0] & 3) << 4 | (n > 1 ? s[1] >> 4 : 0)];
		*o++ = n > 1 ? abc[(s[1] & 15) << 2] : '=';
		*o++ = '=';
	}
	b->len += (size_t)(o - start);
	b->p[b->len] = '\0';
	return 0;
}

void
ann_buf_free(ann_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
