/*
 * json_scan.c: strict RFC 8259 validation of one JSON value, in place.
 *
 * This is the hot path of every tool.  It makes one pass, allocates
 * nothing, keeps its container stack in a bitmap, and leans on the NUL
 * padding after the data (json_private.h) instead of checking bounds in its
 * inner loops.  It looks at 16 bytes at a time with SSE2 where the
 * compiler has it (every x86-64), one at a time elsewhere.
 */
#include <string.h>
#include <stdio.h>

#include "json_private.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* First byte at or after p that is '"', '\\', a control byte or non-ASCII. */
static inline const char *
find_special(const char *p)
{
#if defined(__SSE2__)
	const __m128i quote = _mm_set1_epi8('"');
	const __m128i bslash = _mm_set1_epi8('\\');
	const __m128i space = _mm_set1_epi8(0x20);
	for (;;) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		/* Signed compare: bytes >= 0x80 are negative, so below 0x20. */
		__m128i m = _mm_or_si128(_mm_cmplt_epi8(v, space),
		    _mm_or_si128(_mm_cmpeq_epi8(v, quote),
		    _mm_cmpeq_epi8(v, bslash)));
		int bits = _mm_movemask_epi8(m);
		if (bits != 0)
			return p + __builtin_ctz((unsigned)bits);
		p += 16;
	}
#else
	for (;; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80)
			return p;
	}
#endif
}

static inline int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static long
hex4(const char *p)
{
	long v = 0;
	for (int i = 0; i < 4; i++) {
		int h = hexval((unsigned char)p[i]);
		if (h < 0)
			return -1;
		v = v << 4 | h;
	}
	return v;
}

/*
 * Length of the valid UTF-8 sequence at p (Unicode table 3-7: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0.
 */
static int
utf8_len(const unsigned char *p)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xBF;
	int n;

	if (c < 0xC2)
		return 0;
	if (c < 0xE0)
		n = 2;
	else if (c < 0xF0) {
		n = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c < 0xF5) {
		n = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (int i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xBF)
			return 0;
	return n;
}

/*
 * Does END cut p short of matching SHAPE ('X' is any hex digit), with
 * everything before END matching?  Then more data may make it valid.
 */
static int
cut_short(const char *p, const char *shape, const char *end)
{
	for (; *shape != '\0'; p++, shape++) {
		if (p >= end)
			return 1;
		if (*shape == 'X' ? hexval((unsigned char)*p) < 0 : *p != *shape)
			return 0;
	}
	return 0;
}

/* Is p a valid start of a sequence that END cuts short? */
static int
utf8_cut(const char *p, const char *end)
{
	unsigned char c = (unsigned char)*p;
	int need = c >= 0xF5 ? 0 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;

	if (need == 0 || p + need <= end)
		return 0;
	for (const char *q = p + 1; q < end; q++)
		if ((unsigned char)*q < 0x80 || (unsigned char)*q > 0xBF)
			return 0;
	return 1;
}

static ann__scan_result
fail(ann__scan *sc, const char *p, const char *msg, int show_byte)
{
	if (p >= sc->end)
		return ANN__SCAN_MORE;
	sc->errp = p;
	sc->errmsg = msg;
	sc->show_byte = show_byte;
	sc->line_break = 0;
	return ANN__SCAN_BAD;
}

/* The rest of a string from its first escape, control or non-ASCII byte. */
static ann__scan_result
scan_string_slow(const char *p, ann__scan *sc, const char **after)
{
	for (;;) {
		p = find_special(p);
		unsigned char c = (unsigned char)*p;
		if (c == '"') {
			*after = p + 1;
			return ANN__SCAN_OK;
		}
		if (c == '\\') {
			switch (p[1]) {
			case '"': case '\\': case '/': case 'b':
			case 'f': case 'n': case 'r': case 't':
				p += 2;
				continue;
			case 'u':
				break;
			default:
				if (p + 1 >= sc->end)
					return ANN__SCAN_MORE;
				return fail(sc, p, "invalid escape in string", 0);
			}
			long u = hex4(p + 2);
			if (u < 0)
				return fail(sc, cut_short(p, "\\uXXXX", sc->end) ?
				    sc->end : p, "invalid \\u escape", 0);
			if (u >= 0xDC00 && u <= 0xDFFF)
				return fail(sc, p, "lone low surrogate in \\u escape", 0);
			if (u >= 0xD800 && u <= 0xDBFF) {
				long lo = -1;
				if (p[6] == '\\' && p[7] == 'u')
					lo = hex4(p + 8);
				if (lo < 0xDC00 || lo > 0xDFFF)
					return fail(sc, cut_short(p + 6, "\\uXXXX",
					    sc->end) ? sc->end : p,
					    "high surrogate not followed by a low surrogate", 0);
				p += 12;
			} else
				p += 6;
			continue;
		}
		if (c < 0x20) {
			if (c == 0)
				return fail(sc, p, "NUL byte in string", 0);
			ann__scan_result res = fail(sc, p,
			    "control character in string (must be escaped)", 1);
			sc->line_break = c == '\n' || c == '\r';
			return res;
		}
		int n = utf8_len((const unsigned char *)p);
		if (n == 0) {
			if (utf8_cut(p, sc->end))
				return ANN__SCAN_MORE;
			return fail(sc, p, "invalid UTF-8 in string", 1);
		}
		p += n;
	}
}

static inline int
is_digit(char c)
{
	return (unsigned char)(c - '0') < 10;
}

static ann__scan_result
scan_number(const char *p, ann__scan *sc, const char **after)
{
	const char *q = p;

	if (*q == '-')
		q++;
	if (*q == '0')
		q++;
	else if (is_digit(*q))
		while (is_digit(*++q))
			;
	else
		return fail(sc, q, "invalid number", 1);
	if (*q == '.') {
		if (!is_digit(*++q))
			return fail(sc, q, "invalid number: no digit after '.'", 0);
		while (is_digit(*++q))
			;
	}
	if (*q == 'e' || *q == 'E') {
		q++;
		if (*q == '+' || *q == '-')
			q++;
		if (!is_digit(*q))
			return fail(sc, q, "invalid number: no digit in exponent", 0);
		while (is_digit(*++q))
			;
	}
	if (q >= sc->end)
		return ANN__SCAN_MORE;	/* more digits may follow */
	*after = q;
	return ANN__SCAN_OK;
}

static ann__scan_result
scan_literal(const char *p, const char *word, size_t len, ann__scan *sc,
    const char **after)
{
	if (memcmp(p, word, len) != 0) {
		for (size_t i = 0; i < len; i++)
			if (p[i] != word[i])
				return fail(sc, p + i, "invalid literal", 1);
	}
	*after = p + len;
	if (*after >= sc->end)
		return ANN__SCAN_MORE;	/* "true" might be "truex" */
	return ANN__SCAN_OK;
}

/* What a value starting with each byte is: one dense switch, not a search. */
enum { V_BAD, V_OBJECT, V_ARRAY, V_STRING, V_NUMBER, V_TRUE, V_FALSE, V_NULL, V_CLOSE };
static const unsigned char value_class[256] = {
	['{'] = V_OBJECT, ['['] = V_ARRAY, ['"'] = V_STRING,
	['-'] = V_NUMBER, ['0'] = V_NUMBER, ['1'] = V_NUMBER, ['2'] = V_NUMBER,
	['3'] = V_NUMBER, ['4'] = V_NUMBER, ['5'] = V_NUMBER, ['6'] = V_NUMBER,
	['7'] = V_NUMBER, ['8'] = V_NUMBER, ['9'] = V_NUMBER,
	['t'] = V_TRUE, ['f'] = V_FALSE, ['n'] = V_NULL, [']'] = V_CLOSE,
};

#define PUSH(is_obj) do {						\
	if (depth == ANN_JSON_MAX_DEPTH)				\
		return fail(sc, p, "nesting deeper than 1024 levels", 0); \
	if (depth < ANN__ENDS_DEPTH)					\
		opens[depth] = p;					\
	if (is_obj)							\
		stack[depth >> 6] |= 1ULL << (depth & 63);		\
	else								\
		stack[depth >> 6] &= ~(1ULL << (depth & 63));		\
	depth++;							\
} while (0)
#define POP() do {							\
	depth--;							\
	if (depth < ANN__ENDS_DEPTH && sc->nends < sc->maxends) {	\
		sc->ends[2 * sc->nends] = (size_t)(opens[depth] - start); \
		sc->ends[2 * sc->nends + 1] = (size_t)(p - start);	\
		sc->nends++;						\
	}								\
	in_object = depth > 0 &&					\
	    ((stack[(depth - 1) >> 6] >> ((depth - 1) & 63)) & 1);	\
} while (0)

/*
 * The input is classified 64 bytes at a time into two bitmaps: where
 * string bodies stop (quote, backslash, control or non-ASCII byte) and
 * where whitespace is.  Keys, values and indentation are short, so several
 * tokens share a block and each is answered from its bitmap.  Reading 64
 * bytes ahead is covered by the padding after the data.  (A 32-byte AVX2
 * copy of this was measured no faster on pretty exports and slower on
 * compact ones, so there is only this one.)
 */
#if defined(__SSE2__)
static inline uint64_t
special16(const char *p)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i m = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
	    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
	    _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
	return (uint64_t)(unsigned)_mm_movemask_epi8(m);
}

static inline uint64_t
ws16(const char *p)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i m = _mm_or_si128(
	    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
	    _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
	    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\r')),
	    _mm_cmpeq_epi8(v, _mm_set1_epi8('\t'))));
	return (uint64_t)(unsigned)_mm_movemask_epi8(m);
}

static inline uint64_t
special64(const char *p)
{
	return special16(p) | special16(p + 16) << 16 |
	    special16(p + 32) << 32 | special16(p + 48) << 48;
}

static inline uint64_t
ws64(const char *p)
{
	return ws16(p) | ws16(p + 16) << 16 |
	    ws16(p + 32) << 32 | ws16(p + 48) << 48;
}
#else
static inline uint64_t
special64(const char *p)
{
	uint64_t m = 0;

	for (int i = 0; i < 64; i++) {
		unsigned char c = (unsigned char)p[i];
		m |= (uint64_t)(c == '"' || c == '\\' || c < 0x20 || c >= 0x80) << i;
	}
	return m;
}

static inline uint64_t
ws64(const char *p)
{
	uint64_t m = 0;

	for (int i = 0; i < 64; i++)
		m |= (uint64_t)ann__json_is_ws((unsigned char)p[i]) << i;
	return m;
}
#endif

/*
 * The bitmap's bits from p to the end of its block (bit 0 is p), after
 * classifying the 64 bytes from p when p is not in the block held.
 */
static inline uint64_t
bits_from(const char *p, const char **blk, uint64_t *mask,
    uint64_t (*classify)(const char *))
{
	uintptr_t off = (uintptr_t)p - (uintptr_t)*blk;

	if (off >= 64) {
		*blk = p;
		*mask = classify(p);
		off = 0;
	}
	return *mask >> off;
}

/* The first byte at or after p where a string body stops. */
static inline const char *
find_special_cached(const char *p, ann__scan *sc)
{
	for (;;) {
		uint64_t m = bits_from(p, &sc->blk, &sc->blk_mask, special64);
		if (m != 0)
			return p + __builtin_ctzll(m);
		p = sc->blk + 64;
	}
}

/* Past a run of whitespace that is not a single space. */
static const char *
skip_ws_run(const char *p, ann__scan *sc)
{
	const char *start = p;

	for (;;) {
		/* Zeros shifted in past the block end the run there. */
		uint64_t other = ~bits_from(p, &sc->wblk, &sc->ws_mask, ws64);
		if (other == 0) {
			p += 64;
			continue;
		}
		p += __builtin_ctzll(other);
		if (p < sc->wblk + 64)
			break;
	}
	/* Newlines only ever appear here, never inside strings. */
	if (!sc->multiline && memchr(start, '\n', (size_t)(p - start)) != NULL)
		sc->multiline = 1;
	return p;
}

static inline const char *
skip_ws(const char *p, ann__scan *sc)
{
	/* Compact JSON has no whitespace, Python's has single spaces. */
	if ((unsigned char)*p > 0x20)
		return p;
	if (*p == ' ' && (unsigned char)p[1] > 0x20)
		return p + 1;
	return skip_ws_run(p, sc);
}

/* p is just past the opening quote; on success *after is past the closing one. */
static inline ann__scan_result
scan_string(const char *p, ann__scan *sc, const char **after)
{
	p = find_special_cached(p, sc);
	if (*p == '"') {	/* the common case: plain ASCII */
		*after = p + 1;
		return ANN__SCAN_OK;
	}
	return scan_string_slow(p, sc, after);
}

ann__scan_result
ann__json_scan(const char *p, ann__scan *sc, const char **after)
{
	uint64_t stack[ANN_JSON_MAX_DEPTH / 64];
	unsigned depth = 0;
	int in_object = 0;	/* the innermost container, kept out of the bitmap */
	const char *opens[ANN__ENDS_DEPTH];	/* for sc->ends */
	const char *start = p;
	ann__scan_result r;

value:
	/* Most values are strings: a plain branch beats the jump table there. */
	if (*p == '"') {
		r = scan_string(p + 1, sc, &p);
		if (r != ANN__SCAN_OK)
			return r;
		goto after_value;
	}
	switch (value_class[(unsigned char)*p]) {
	case V_OBJECT:
		PUSH(1);
		in_object = 1;
		p = skip_ws(p + 1, sc);
		if (*p == '}') {
			p++;
			POP();
			goto after_value;
		}
		goto key;
	case V_ARRAY:
		PUSH(0);
		in_object = 0;
		p = skip_ws(p + 1, sc);
		if (*p == ']') {
			p++;
			POP();
			goto after_value;
		}
		goto value;
	case V_STRING:	/* taken above; here for a switch over every class */
		r = scan_string(p + 1, sc, &p);
		break;
	case V_NUMBER:
		r = scan_number(p, sc, &p);
		break;
	case V_TRUE:
		r = scan_literal(p, "true", 4, sc, &p);
		break;
	case V_FALSE:
		r = scan_literal(p, "false", 5, sc, &p);
		break;
	case V_NULL:
		r = scan_literal(p, "null", 4, sc, &p);
		break;
	case V_CLOSE:
		return fail(sc, p, "expected a value (trailing comma?)", 0);
	default:
		return fail(sc, p, "expected a value", 1);
	}
	if (r != ANN__SCAN_OK)
		return r;

after_value:
	if (depth == 0) {
		*after = p;
		return ANN__SCAN_OK;
	}
	p = skip_ws(p, sc);
	if (*p == ',') {
		p = skip_ws(p + 1, sc);
		if (in_object)
			goto key;
		goto value;
	}
	if (in_object) {
		if (*p == '}') {
			p++;
			POP();
			goto after_value;
		}
		return fail(sc, p, "expected ',' or '}' in object", 1);
	}
	if (*p == ']') {
		p++;
		POP();
		goto after_value;
	}
	return fail(sc, p, "expected ',' or ']' in array", 1);

key:
	if (*p != '"') {
		if (*p == '}')
			return fail(sc, p, "expected a member name (trailing comma?)", 0);
		return fail(sc, p, "expected a member name in quotes", 1);
	}
	r = scan_string(p + 1, sc, &p);
	if (r != ANN__SCAN_OK)
		return r;
	p = skip_ws(p, sc);
	if (*p != ':')
		return fail(sc, p, "expected ':' after member name", 1);
	p = skip_ws(p + 1, sc);
	goto value;
}

void
ann__json_describe_byte(const char *p, char *buf, size_t size)
{
	unsigned char c = (unsigned char)*p;

	if (c > 0x20 && c < 0x7F)
		snprintf(buf, size, "'%c'", c);
	else
		snprintf(buf, size, "byte 0x%02X", c);
}
