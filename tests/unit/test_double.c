/*
 * test_double.c: ann_buf_double writes, byte for byte, what it wrote
 * before it had a fast path: the shortest of "%.15g", "%.16g", "%.17g"
 * that strtod reads back.  Golden files of every writer depend on that
 * text, so the old function is kept here, as it was, as the oracle, and
 * both are run on millions of doubles of every kind a writer meets and
 * of every kind that is hard (ties, the ends of %g's fixed form, powers
 * of two and ten, subnormals).
 *
 * ann_buf_int, which the writers use instead of printf for their
 * integers, is held to printf too.
 *
 * ANN_DOUBLE_ROUNDS (default 1) multiplies the count, for a longer run
 * by hand: make check compares about four million doubles in a few
 * seconds (it also runs under ASan and valgrind); ANN_DOUBLE_ROUNDS=10
 * is the forty million the function was first held to.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/base/ann_buf.h"
#include "check.h"

/* The oracle: ann_buf_double before the fast path, unchanged. */
static int
oracle(char *s, size_t size, double d)
{
	if (!isfinite(d))
		return -1;
	if (fabs(d) < 1e15 && d == (double)(long long)d)
		return snprintf(s, size, "%lld", (long long)d);
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(s, size, "%.*g", prec, d);
		if (strtod(s, NULL) == d)
			break;
	}
	return (int)strlen(s);
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t
next(void)
{
	/* xorshift64*: reproducible, so a failure can be replayed. */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

static double
from_bits(uint64_t u)
{
	double d;

	memcpy(&d, &u, sizeof d);
	return d;
}

static ann_buf b;
static size_t compared, wrong;

static void
same(double d)
{
	char want[64];

	if (!isfinite(d))
		return;
	for (int sign = 0; sign < 2; sign++, d = -d) {
		int n = oracle(want, sizeof want, d);
		b.len = 0;
		int r = ann_buf_double(&b, d);
		compared++;
		if (r != 0 || b.len != (size_t)n || memcmp(b.p, want, (size_t)n) != 0) {
			if (wrong++ < 10)
				printf("# %a: got \"%s\", want \"%s\"\n", d,
				    r == 0 ? b.p : "(error)", want);
		}
	}
}

/* d and the doubles a few ulps either side of it. */
static void
around(double d, int ulps)
{
	double up = d, down = d;

	same(d);
	for (int i = 0; i < ulps; i++) {
		same(up = nextafter(up, INFINITY));
		same(down = nextafter(down, -INFINITY));
	}
}

int
main(void)
{
	const char *env = getenv("ANN_DOUBLE_ROUNDS");
	long rounds = env != NULL ? strtol(env, NULL, 10) : 1;
	char text[64];
	size_t start;

	if (rounds < 1)
		rounds = 1;

	/* Fixed cases: zeros, %g's switch points, the ends of the range. */
	static const double fixed[] = {
		0.0, -0.0, 0.5, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 100.0 / 3, 1e-5, 1e-4,
		9.9999999999999995e-5, 0.0001, 1e15, 1e16, 1e17, 123456789012345.6,
		999999999999999.9, 9999999999999998.0, 4503599627370495.5,
		DBL_MIN, DBL_MAX, DBL_TRUE_MIN, DBL_EPSILON, 5e-324, 2.2250738585072009e-308,
		33.300000000000004, 64.44444444444444, 0.30000000000000004,
	};
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
		around(fixed[i], 3);
	CHECK(wrong == 0, "%zu fixed values and their neighbours (%zu differ)",
	    compared, wrong);

	/* Powers of two and of ten, and their neighbours. */
	start = compared, wrong = 0;
	for (int e = -1074; e <= 1023; e++)
		around(ldexp(1.0, e), 4);
	for (int e = -330; e <= 310; e++) {
		snprintf(text, sizeof text, "1e%d", e);
		around(strtod(text, NULL), 4);
	}
	CHECK(wrong == 0, "%zu powers of two and ten and neighbours (%zu differ)",
	    compared - start, wrong);

	/* Percents as converters make them: x / w * 100, and x * 100 / w. */
	start = compared, wrong = 0;
	for (long i = 0; i < 200000 * rounds; i++) {
		uint64_t u = next();
		double w = (double)(1 + u % 10000), x = (double)(u >> 20 & 0xffff);
		x = fmod(x, w + 1);
		same(x / w * 100);
		same(x * 100 / w);
	}
	CHECK(wrong == 0, "%zu percents (%zu differ)", compared - start, wrong);

	/*
	 * Pixels: percents of an image size back in pixels, values with a few
	 * decimals, and 0-1 fractions.
	 */
	start = compared, wrong = 0;
	for (long i = 0; i < 100000 * rounds; i++) {
		uint64_t u = next();
		double w = (double)(1 + u % 8192), pct = (double)((u >> 16) % 100000) / 1000;
		same(pct * w / 100);
		same((double)((u >> 24) % 10000000) / 1000);
		same((double)(u >> 30 & 0xfffff) / w);
		same((double)(u >> 40) / 100);
	}
	CHECK(wrong == 0, "%zu pixel values and fractions (%zu differ)",
	    compared - start, wrong);

	/* Random bit patterns: every exponent, subnormals, huge and tiny. */
	start = compared, wrong = 0;
	for (long i = 0; i < 200000 * rounds; i++) {
		uint64_t u = next();
		same(from_bits(u));
		same(from_bits(u & 0x000fffffffffffffULL));	/* a subnormal */
	}
	CHECK(wrong == 0, "%zu random bit patterns and subnormals (%zu differ)",
	    compared - start, wrong);

	/* The range most writers see, densely: exponents 2^-50 .. 2^60. */
	start = compared, wrong = 0;
	for (long i = 0; i < 200000 * rounds; i++) {
		uint64_t u = next();
		uint64_t e = 1023 - 50 + (u >> 52) % 111;
		same(from_bits(e << 52 | (u & 0x000fffffffffffffULL)));
	}
	CHECK(wrong == 0, "%zu random doubles from 2^-50 to 2^60 (%zu differ)",
	    compared - start, wrong);

	/*
	 * Integers (the whole-number path and past it, to 2^64), and dyadic
	 * values m / 2^j: their decimals end, so printf meets exact ties.
	 */
	start = compared, wrong = 0;
	for (long i = 0; i < 100000 * rounds; i++) {
		uint64_t u = next();
		same((double)(u >> (u % 64)));
		same(ldexp((double)(u >> 11), -(int)(u % 64)));
		same(ldexp((double)(u >> (11 + u % 40)), -(int)((u >> 3) % 16)));
		same((double)(u >> 11) + 0.5);
	}
	CHECK(wrong == 0, "%zu integers and dyadic values (%zu differ)",
	    compared - start, wrong);

	/*
	 * Short and long decimals read by strtod, near where %g changes form
	 * (1e-5, 1e-4, 1e15, 1e16, 1e17) and anywhere: 15, 16 and 17 digits.
	 */
	start = compared, wrong = 0;
	for (long i = 0; i < 100000 * rounds; i++) {
		uint64_t u = next();
		static const int ends[] = { -6, -5, -4, -1, 0, 14, 15, 16, 17 };
		int nd = 1 + (int)(u % 18), e = (u >> 5 & 1) ? ends[(u >> 6) % 9] :
		    (int)((u >> 10) % 80) - 40;
		uint64_t m = next() % 100000000000000000ULL;
		int len = snprintf(text, sizeof text, "%llu", (unsigned long long)m);
		if (len > nd)
			text[nd] = '\0', len = nd;
		snprintf(text + len, sizeof text - (size_t)len, "e%d", e - len + 1);
		same(strtod(text, NULL));
		/* The same digits as nines below the switch: 9.99..e-5 and so on. */
		snprintf(text, sizeof text, "9.%.*se%d", nd, "99999999999999999999", e);
		same(strtod(text, NULL));
	}
	CHECK(wrong == 0, "%zu decimals of 1 to 18 digits (%zu differ)",
	    compared - start, wrong);

	/* ann_buf_int against printf, at the ends and between. */
	size_t ints = 0, bad = 0;
	for (long i = 0; i < 200000; i++) {
		uint64_t u = next();
		long long v = i == 0 ? LLONG_MIN : i == 1 ? LLONG_MAX : i == 2 ? 0 :
		    i == 3 ? -1 : (long long)(u >> (u % 64)) * (u & 1 ? -1 : 1);
		snprintf(text, sizeof text, "%lld", v);
		b.len = 0;
		if (ann_buf_int(&b, v) != 0 || strcmp(b.p, text) != 0) {
			if (bad++ < 5)
				printf("# got %s, want %s\n", b.p, text);
		}
		ints++;
	}
	CHECK(bad == 0, "%zu integers in decimal as printf writes them (%zu differ)",
	    ints, bad);

	printf("# %zu doubles compared with the oracle\n", compared);
	ann_buf_free(&b);
	return done_testing();
}
