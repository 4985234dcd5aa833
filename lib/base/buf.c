/*
 * buf.c: the growable byte buffer, and numbers and JSON strings written
 * into it.
 */
#include <float.h>
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
ann__buf_put(ann_buf *b, const void *data, size_t len)
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
ann_buf_int(ann_buf *b, long long v)
{
	char s[24], *e = s + sizeof s, *o = e;
	/* Negated as unsigned, so LLONG_MIN has a magnitude too. */
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do
		*--o = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (v < 0)
		*--o = '-';
	return ann_buf_put(b, o, (size_t)(e - o));
}

/*
 * The text ann_buf_double has always written, found the slow way: the
 * shortest of "%.15g", "%.16g", "%.17g" that strtod reads back as d.  This
 * is the definition; double_fast below must give the same bytes, and
 * falls back here for what it does not cover.
 */
static int
double_slow(char *s, size_t size, double d)
{
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(s, size, "%.*g", prec, d);
		if (strtod(s, NULL) == d)
			break;
	}
	return (int)strlen(s);
}

/* Unsigned 128-bit arithmetic is what makes the fast path exact and short. */
#if defined(__SIZEOF_INT128__) && FLT_RADIX == 2 && DBL_MANT_DIG == 53
#define ANN_DOUBLE_FAST 1
typedef unsigned __int128 u128;

/* 5^0 .. 5^27, the powers of five a uint64_t holds. */
static const uint64_t pow5[28] = {
	1ULL, 5ULL, 25ULL, 125ULL, 625ULL, 3125ULL, 15625ULL, 78125ULL,
	390625ULL, 1953125ULL, 9765625ULL, 48828125ULL, 244140625ULL,
	1220703125ULL, 6103515625ULL, 30517578125ULL, 152587890625ULL,
	762939453125ULL, 3814697265625ULL, 19073486328125ULL,
	95367431640625ULL, 476837158203125ULL, 2384185791015625ULL,
	11920928955078125ULL, 59604644775390625ULL, 298023223876953125ULL,
	1490116119384765625ULL, 7450580596923828125ULL
};

/*
 * q, which has exactly p digits, times 10^x, written as printf's "%.<p>g"
 * writes it: exponent form when x < -4 or x >= p (two exponent digits at
 * least, as in 1e-05 and 1e+16), trailing zeros of a fraction dropped,
 * and no point left without a fraction.
 */
static int
put_g(char *s, int neg, uint64_t q, int p, int x)
{
	static const char pairs[] =
	    "00010203040506070809101112131415161718192021222324"
	    "25262728293031323334353637383940414243444546474849"
	    "50515253545556575859606162636465666768697071727374"
	    "75767778798081828384858687888990919293949596979899";
	char dig[20];
	int n = 0, nd = p, at = p;

	/* Two digits a division: the digits were a third of the work. */
	for (; at >= 2; at -= 2, q /= 100)
		memcpy(dig + at - 2, pairs + 2 * (q % 100), 2);
	if (at == 1)
		dig[0] = (char)('0' + q);
	while (nd > 1 && dig[nd - 1] == '0')
		nd--;
	if (neg)
		s[n++] = '-';
	if (x < -4 || x >= p) {
		s[n++] = dig[0];
		if (nd > 1) {
			s[n++] = '.';
			memcpy(s + n, dig + 1, (size_t)nd - 1);
			n += nd - 1;
		}
		s[n++] = 'e';
		s[n++] = x < 0 ? '-' : '+';
		unsigned e = (unsigned)(x < 0 ? -x : x);
		if (e >= 100)
			s[n++] = (char)('0' + e / 100);
		s[n++] = (char)('0' + e / 10 % 10);
		s[n++] = (char)('0' + e % 10);
	} else if (x >= 0) {
		/* The integer part keeps its zeros: 1200 is not 12. */
		memcpy(s + n, dig, (size_t)x + 1);
		n += x + 1;
		if (nd > x + 1) {
			s[n++] = '.';
			memcpy(s + n, dig + x + 1, (size_t)(nd - x - 1));
			n += nd - x - 1;
		}
	} else {
		s[n++] = '0';
		s[n++] = '.';
		for (int i = -1; i > x; i--)
			s[n++] = '0';
		memcpy(s + n, dig, (size_t)nd);
		n += nd;
	}
	s[n] = '\0';
	return n;
}

/*
 * double_slow's text without printf or strtod, for 1e-14 <= |d| < 2^53 or
 * so (every percent, pixel and 0-1 value), with exact integer arithmetic;
 * 0 when d is outside that range.
 *
 * Why it is exact.  A normal d is f / 2^s2 with f a 53-bit integer.  For
 * k >= 0, A = f * 5^k is exact in 128 bits when k <= 30 (2^53 * 5^30 <
 * 2^123), and d * 10^k = A / 2^t with t = s2 - k.  k is chosen so that
 * N = floor(A / 2^t) has 17 digits; R = A mod 2^t is what lies below N's
 * last digit.  So d = (N + R / 2^t) * 10^-k exactly, and X = 16 - k is
 * d's decimal exponent.
 *
 * "%.<p>g" writes d correctly rounded to p digits (glibc's printf is
 * exact; an exact tie goes to the even digit).  With div = 10^(17 - p),
 * that is q = round(N / div + R / (2^t * div)), computed from N's last
 * digits and R != 0.  If q overflows to 10^p, the text is 10^(p-1) with
 * exponent X + 1, as printf carries it.
 *
 * strtod reads the text back as d exactly when its value D = q * div *
 * 10^-k lies in d's rounding interval: within half an ulp of d, where an
 * ulp is 2^-s2, or a quarter of one below d when f = 2^52 (the double
 * below is then half as far).  Scaled by 10^k * 2^(t+1): 2 |q*div*2^t - A|
 * <= 5^k, or 4 |...| <= 5^k below a power of two.  5^k is odd, so
 * equality (the tie strtod would break to even) never happens, and the
 * comparison is strict.  The first p of 15, 16, 17 that passes is the
 * one double_slow takes; 17 digits always pass.
 */
static int
double_fast(char *s, double d)
{
	uint64_t bits;

	memcpy(&bits, &d, sizeof bits);
	int neg = (int)(bits >> 63), be = (int)(bits >> 52 & 0x7ff);
	uint64_t f = bits & ((1ULL << 52) - 1);
	if (be == 0 || be == 0x7ff)
		return 0;	/* subnormals and zero (slow path); inf and NaN */
	int pow2 = f == 0;
	f |= 1ULL << 52;
	int s2 = 1075 - be;
	/* floor(log10(2^(be-1023))) is X or X - 1; the loop corrects it. */
	int e2 = be - 1023;
	int x = e2 >= 0 ? (e2 * 78913) >> 18 : -((-e2 * 78913 + (1 << 18) - 1) >> 18);
	int k = 16 - x, t = 0;
	u128 a = 0, p5 = 0, n17;
	const u128 lo = (u128)10000000000000000ULL, hi = lo * 10;
	for (int tries = 0; ; tries++) {
		t = s2 - k;
		if (tries > 2 || k < 0 || k > 30 || t < 0 || t > 127)
			return 0;
		p5 = (u128)pow5[k < 27 ? k : 27] * (k > 27 ? pow5[k - 27] : 1);
		a = (u128)f * p5;
		n17 = a >> t;
		if (n17 >= hi)
			k--;
		else if (n17 < lo)
			k++;
		else
			break;
	}
	x = 16 - k;
	uint64_t n = (uint64_t)n17;
	u128 r = t == 0 ? 0 : a & (((u128)1 << t) - 1);
	static const uint64_t pw[] = { 100, 10, 1 };
	for (int p = 15; p <= 17; p++) {
		uint64_t div = pw[p - 15], q, rest;
		int up;
		if (div == 1) {
			q = n;
			u128 half = t == 0 ? 1 : (u128)1 << (t - 1);
			up = t > 0 && (r > half || (r == half && (q & 1)));
		} else {
			q = n / div;
			rest = n % div;
			up = rest > div / 2 || (rest == div / 2 && (r != 0 || (q & 1)));
		}
		q += (uint64_t)up;
		if (p < 17) {
			u128 v = ((u128)q * div) << t, diff = v > a ? v - a : a - v;
			int fits = v < a && pow2 ? 4 * diff < p5 : 2 * diff < p5;
			if (!fits)
				continue;
		}
		int xe = x;
		uint64_t top = div == 100 ? 1000000000000000ULL :
		    div == 10 ? 10000000000000000ULL : 100000000000000000ULL;
		if (q == top) {
			q /= 10;
			xe++;
		}
		return put_g(s, neg, q, p, xe);
	}
	return 0;	/* not reached: 17 digits always read back */
}
#endif

int
ann_buf_double(ann_buf *b, double d)
{
	char s[40];
	int n;

	if (!isfinite(d))
		return -1;
	/* Whole numbers (pixel counts, mask boxes) need no search. */
	if (fabs(d) < 1e15 && d == (double)(long long)d) {
		return ann_buf_int(b, (long long)d);
	}
#ifdef ANN_DOUBLE_FAST
	if ((n = double_fast(s, d)) > 0)
		return ann_buf_put(b, s, (size_t)n);
#endif
	n = double_slow(s, sizeof s, d);
	return ann_buf_put(b, s, (size_t)n);
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
