/*
 * json_value.c: walking a validated record: lookup, iteration, decoding.
 *
 * Everything here trusts that the text was validated first, which is what
 * lets skipping a value be a plain bracket count with no error paths.
 */
#include <math.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "json_private.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* First '"' or '\\' in [p, end), or end; 16 bytes at a time with SSE2. */
static inline const char *
find_quote_or_backslash(const char *p, const char *end)
{
#if defined(__SSE2__)
	const __m128i quote = _mm_set1_epi8('"');
	const __m128i bslash = _mm_set1_epi8('\\');
	while (end - p >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		int bits = _mm_movemask_epi8(_mm_or_si128(
		    _mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)));
		if (bits != 0)
			return p + __builtin_ctz((unsigned)bits);
		p += 16;
	}
#endif
	while (p < end && *p != '"' && *p != '\\')
		p++;
	return p;
}

static inline const char *
skip_string(const char *p, const char *end)
{
	for (;;) {
		p = find_quote_or_backslash(p, end);
		if (p >= end || *p == '"')
			return p + (p < end);
		p += 2;
	}
}

#define MEMO_BITS 13
#define MEMO_DEPTH ANN__ENDS_DEPTH
#define NAMES_MAX 32
#define NAMES_KEPT 64

/*
 * Skipping a container is the cost of every lookup, so it goes 64 bytes at
 * a time: one pass classifies quotes, backslashes and brackets, a prefix
 * XOR of the quote bits marks what is inside strings, and only the brackets
 * outside strings are walked.  A block with a backslash is walked byte by
 * byte instead: escapes are rare, and this keeps the fast path simple.
 */
struct skip_state {
	unsigned depth;
	int in_string, escaped;
	ann__json_cache *cache;	/* where ends are remembered, or NULL */
	const char *opens[MEMO_DEPTH];	/* where the open containers start */
};

/*
 * What ann__json_getn works out before walking an object: the names'
 * lengths, and lists of them by first byte.
 */
struct names {
	const char *key[NAMES_MAX];
	size_t n;
	size_t len[NAMES_MAX];
	unsigned char escape[NAMES_MAX];	/* the name has a backslash */
	uint64_t firsts[4];		/* first bytes present */
	unsigned char head[256];	/* first name with that byte, if present */
	unsigned char next[NAMES_MAX];	/* the next with the same first byte */
};

/*
 * Looking a member up skips the values before it, and a view looks up
 * members level after level, so the same bytes were skipped once per
 * level of nesting.  A skip walks every bracket anyway: it remembers where
 * each container it passes ends, and a later skip of one of them is a
 * look-up.  The memo covers one record at a time (ann__json_cache_load),
 * whose bytes do not change while it is used; a generation number retires
 * the previous record's entries without clearing the table.
 */
struct memo_entry {
	const char *open, *close;
	unsigned gen;
};

struct ann__json_cache {
	const char *lo, *hi;	/* the record */
	unsigned gen;		/* bumped by every load: names this record */
	struct memo_entry tab[1u << MEMO_BITS];
	/*
	 * The library passes the same lists of constant names again and
	 * again (the view's, for every record): the last few are kept and
	 * known again by their pointers, two places for each so that two
	 * lists used in turn do not evict each other.
	 */
	struct names kept[NAMES_KEPT];
};

ann__json_cache *
ann__json_cache_new(void)
{
	return calloc(1, sizeof(ann__json_cache));
}

void
ann__json_cache_free(ann__json_cache *c)
{
	free(c);
}

static inline size_t
memo_slot(const char *p)
{
	return (size_t)(((uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15ULL) >> (64 - MEMO_BITS));
}

static inline void
memo_put(ann__json_cache *c, const char *open, const char *close)
{
	if (c != NULL && open >= c->lo && close <= c->hi) {
		struct memo_entry *e = &c->tab[memo_slot(open)];
		e->open = open;
		e->close = close;
		e->gen = c->gen;
	}
}

void
ann__json_cache_load(ann__json_cache *c, const char *lo, const char *hi,
    const size_t *ends, size_t nends)
{
	c->lo = lo;
	c->hi = hi;
	if (++c->gen == 0)	/* wrapped: entries of gen 0 would look fresh */
		c->gen = 1;
	for (size_t i = 0; i < nends; i++)
		memo_put(c, lo + ends[2 * i], lo + ends[2 * i + 1]);
}

static inline const char *
memo_get(const ann__json_cache *c, const char *open)
{
	if (c == NULL || open < c->lo || open >= c->hi)
		return NULL;
	const struct memo_entry *e = &c->tab[memo_slot(open)];
	return e->open == open && e->gen == c->gen ? e->close : NULL;
}

static inline void
bracket_open(struct skip_state *st, const char *at)
{
	if (st->depth < MEMO_DEPTH)
		st->opens[st->depth] = at;
	st->depth++;
}

/* A closing bracket at `at`: the end of the container, or NULL. */
static inline const char *
bracket_close(struct skip_state *st, const char *at)
{
	if (--st->depth < MEMO_DEPTH)
		memo_put(st->cache, st->opens[st->depth], at + 1);
	return st->depth == 0 ? at + 1 : NULL;
}

/* Walk [p, stop) byte by byte; the end of the container, or NULL. */
static const char *
skip_bytes(const char *p, const char *stop, struct skip_state *st)
{
	for (; p < stop; p++) {
		char c = *p;
		if (st->escaped) {
			st->escaped = 0;
			continue;
		}
		if (st->in_string) {
			if (c == '\\')
				st->escaped = 1;
			else if (c == '"')
				st->in_string = 0;
			continue;
		}
		switch (c) {
		case '"':
			st->in_string = 1;
			break;
		case '{':
		case '[':
			bracket_open(st, p);
			break;
		case '}':
		case ']':
			if (bracket_close(st, p) != NULL)
				return p + 1;
			break;
		}
	}
	return NULL;
}

#if defined(__SSE2__)
static inline uint64_t
prefix_xor(uint64_t x)
{
	x ^= x << 1;
	x ^= x << 2;
	x ^= x << 4;
	x ^= x << 8;
	x ^= x << 16;
	x ^= x << 32;
	return x;
}
#endif

/*
 * The bytes of a block that a backslash escapes, given its backslashes BS
 * and *CARRY, set when the block's first byte is escaped (and set again
 * for the next block).  Backslashes are only in strings (the text was
 * validated), so context does not matter.  A run of L backslashes from
 * byte s escapes every second one of its own and, when L is odd, byte
 * s + L.  Adding a run's lowest bit to the run carries out just past its
 * end, at s + L, so that sum outside the runs marks each run's end; the
 * runs starting on even bytes and on odd ones are added apart, and an end
 * is escaped when its parity is not its start's.  Strings of COCO masks
 * are full of backslashes: byte by byte, they were most of a skip.
 */
static inline uint64_t
escaped_bytes(uint64_t bs, int *carry)
{
	const uint64_t even = 0x5555555555555555ULL;
	uint64_t first = *carry ? 1 : 0;	/* escaped by the block before */
	uint64_t runs = bs & ~first;
	uint64_t starts = runs & ~(runs << 1);
	uint64_t from_even, from_odd;

	(void)__builtin_add_overflow(runs, starts & even, &from_even);
	/* A run from an odd byte through byte 63 has an odd length. */
	*carry = __builtin_add_overflow(runs, starts & ~even, &from_odd);
	return first | (from_even & ~runs & ~even) | (from_odd & ~runs & even);
}

static const char *
skip_container(const char *p, const char *end, ann__json_cache *cache)
{
	const char *done = memo_get(cache, p);
	struct skip_state st;

	if (done != NULL)
		return done;
	/*
	 * Most skips are found in the memo: the state is set up only for a
	 * walk, and not its opens, each written before it is read.
	 */
	st.depth = 0;
	st.in_string = st.escaped = 0;
	st.cache = cache;

#if defined(__SSE2__)
	const __m128i lower = _mm_set1_epi8(0x20), quote = _mm_set1_epi8('"');
	const __m128i bslash = _mm_set1_epi8('\\');
	const __m128i open = _mm_set1_epi8('{'), close = _mm_set1_epi8('}');
	while (end - p >= 64) {
		uint64_t q = 0, b = 0, o = 0, c = 0;
		for (int i = 0; i < 4; i++) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i));
			__m128i l = _mm_or_si128(v, lower);	/* '[' -> '{', ']' -> '}' */
			q |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)) << (16 * i);
			b |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, bslash)) << (16 * i);
			o |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(l, open)) << (16 * i);
			c |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(l, close)) << (16 * i);
		}
		if (b != 0 || st.escaped)
			q &= ~escaped_bytes(b, &st.escaped);
		uint64_t inside = prefix_xor(q) ^ (st.in_string ? ~0ULL : 0);
		uint64_t brackets = (o | c) & ~inside;
		while (brackets != 0) {
			int i = __builtin_ctzll(brackets);
			brackets &= brackets - 1;
			if ((o >> i) & 1)
				bracket_open(&st, p + i);
			else if ((done = bracket_close(&st, p + i)) != NULL)
				return done;
		}
		st.in_string = (int)(inside >> 63);
		p += 64;
	}
#endif
	done = skip_bytes(p, end, &st);
	return done != NULL ? done : end;
}

static inline const char *
skip_value(const char *p, const char *end, ann__json_cache *c)
{
	switch (*p) {
	case '"':
		return skip_string(p + 1, end);
	case '{':
	case '[':
		return skip_container(p, end, c);
	default:
		/* A number or a literal ends at a delimiter or whitespace. */
		while (p < end && *p != ',' && *p != '}' && *p != ']' &&
		    !ann__json_is_ws((unsigned char)*p))
			p++;
		return p;
	}
}

/* Iterators stop at their container's closing bracket, so *end is readable. */
static inline const char *
skip_ws(const char *p, const char *end)
{
	if ((unsigned char)*p > ' ')	/* compact JSON: nothing to skip */
		return p;
	while (p < end && ann__json_is_ws((unsigned char)*p))
		p++;
	return p;
}

ann_json_type
ann_json_typeof(ann_json_val v)
{
	if (v.p == NULL || v.n == 0)
		return ANN_JSON_NONE;
	switch (v.p[0]) {
	case '{': return ANN_JSON_OBJECT;
	case '[': return ANN_JSON_ARRAY;
	case '"': return ANN_JSON_STRING;
	case 't': return ANN_JSON_TRUE;
	case 'f': return ANN_JSON_FALSE;
	case 'n': return ANN_JSON_NULL;
	default: return ANN_JSON_NUMBER;
	}
}

void
ann__json_iter_init(ann_json_iter *it, ann_json_val container,
    ann__json_cache *c)
{
	it->p = container.p + 1;	/* past '{' or '[' */
	it->end = container.p + container.n - 1;	/* at '}' or ']' */
	it->cache = c;
}

void
ann_json_iter_init(ann_json_iter *it, ann_json_val container)
{
	ann__json_iter_init(it, container, NULL);
}

static int
next_value(ann_json_iter *it, ann_json_val *val)
{
	const char *p = skip_ws(it->p, it->end);

	if (p >= it->end)
		return 0;
	const char *q = skip_value(p, it->end, it->cache);
	val->p = p;
	val->n = (size_t)(q - p);
	p = skip_ws(q, it->end);
	if (p < it->end && *p == ',')
		p++;
	it->p = p;
	return 1;
}

int
ann_json_next_elem(ann_json_iter *it, ann_json_val *elem)
{
	return next_value(it, elem);
}

int
ann_json_next_member(ann_json_iter *it, ann_json_val *key, ann_json_val *val)
{
	const char *p = skip_ws(it->p, it->end);

	if (p >= it->end)
		return 0;
	const char *q = skip_string(p + 1, it->end);
	key->p = p;
	key->n = (size_t)(q - p);
	p = skip_ws(q, it->end) + 1;	/* past ':' */
	it->p = p;
	return next_value(it, val);
}

/* Does string v (quotes included) decode to s[0..len)? */
static int
str_eq_len(ann_json_val v, const char *s, size_t len)
{
	if (v.n < 2 || v.p[0] != '"' || v.n - 2 < len)
		return 0;	/* escapes only shorten: too short never matches */
	/* Same length: equal bytes are equal text unless the raw text escapes. */
	if (v.n - 2 == len)
		return memcmp(v.p + 1, s, len) == 0 && memchr(v.p + 1, '\\', len) == NULL;
	/* Longer: equal only through escapes, and the first byte tells most. */
	if ((len > 0 && v.p[1] != s[0] && v.p[1] != '\\') ||
	    memchr(v.p + 1, '\\', v.n - 2) == NULL || v.n > 4096)
		return 0;
	char buf[4096];
	size_t n = ann_json_str_decode(v, buf);
	return n == len && memcmp(buf, s, len) == 0;
}

/*
 * The same, for the names and values the code looks for: short, and
 * written without escapes in nearly every export, so one inline pass
 * compares them and finds the end of s; a raw escape takes the long way.
 */
static inline int
str_eq(ann_json_val v, const char *s)
{
	const char *p;
	size_t n;

	/* An absent value (p NULL) is no string: no arithmetic on it first. */
	if (v.p == NULL || v.n < 2 || v.p[0] != '"')
		return 0;
	p = v.p + 1;
	n = v.n - 2;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\\')
			return str_eq_len(v, s, strlen(s));
		if (p[i] != s[i])
			return 0;	/* s[i] may be its end: a string has no NUL */
	}
	return s[n] == '\0';
}

int
ann_json_str_eq(ann_json_val v, const char *s)
{
	return str_eq(v, s);
}

int
ann_json_get(ann_json_val v, const char *key, ann_json_val *out)
{
	ann_json_iter it;
	ann_json_val k;

	if (ann_json_typeof(v) != ANN_JSON_OBJECT)
		return -1;
	ann_json_iter_init(&it, v);
	while (ann_json_next_member(&it, &k, out))
		if (str_eq(k, key))
			return 0;
	return -1;
}

static void
names_init(struct names *ns, const char *const *keys, size_t n)
{
	memcpy(ns->key, keys, n * sizeof *keys);
	ns->n = n;
	memset(ns->firsts, 0, sizeof ns->firsts);
	for (size_t i = n; i-- > 0;) {
		unsigned char c = (unsigned char)keys[i][0];
		int listed = (ns->firsts[c >> 6] >> (c & 63)) & 1;
		ns->len[i] = strlen(keys[i]);
		ns->escape[i] = strchr(keys[i], '\\') != NULL;
		ns->next[i] = listed ? ns->head[c] : NAMES_MAX;
		ns->head[c] = (unsigned char)i;
		ns->firsts[c >> 6] |= 1ULL << (c & 63);
	}
}

static const struct names *
names_kept(ann__json_cache *c, const char *const *keys, size_t n)
{
	struct names *kept = c->kept;
	uint64_t h = ((uint64_t)(uintptr_t)keys[0] * 31 + (uintptr_t)keys[n - 1] + n) *
	    0x9E3779B97F4A7C15ULL;
	size_t at = (size_t)(h >> 58) % NAMES_KEPT;

	for (size_t way = 0; way < 2; way++) {
		struct names *ns = &kept[at ^ way];
		if (ns->n == n && memcmp(ns->key, keys, n * sizeof *keys) == 0)
			return ns;
	}
	struct names *ns = &kept[at ^ (size_t)(kept[at].n != 0 && kept[at ^ 1].n == 0)];
	names_init(ns, keys, n);
	return ns;
}

static size_t
getn_each(ann_json_val v, const char *const *keys, size_t n, ann_json_val *out)
{
	size_t found = 0;

	for (size_t i = 0; i < n; i++) {
		if (ann_json_get(v, keys[i], &out[i]) == 0)
			found++;
		else
			out[i].p = NULL, out[i].n = 0;
	}
	return found;
}

static size_t
getn(ann_json_val v, const char *const *keys, const struct names *ns,
    ann_json_val *out, ann__json_cache *c)
{
	ann_json_iter it;
	ann_json_val k, val;
	size_t n = ns->n, found = 0;

	for (size_t i = 0; i < n; i++)
		out[i].p = NULL, out[i].n = 0;
	if (ann_json_typeof(v) != ANN_JSON_OBJECT)
		return 0;
	ann__json_iter_init(&it, v, c);
	while (found < n && ann_json_next_member(&it, &k, &val)) {
		unsigned char fc = (unsigned char)k.p[1];
		size_t raw = k.n - 2, i = NAMES_MAX;
		/* Unescaped, a name's first byte and length are the wanted one's. */
		if (fc != '\\') {
			if (!((ns->firsts[fc >> 6] >> (fc & 63)) & 1))
				continue;
			for (i = ns->head[fc]; i != NAMES_MAX; i = ns->next[i])
				if (out[i].p == NULL && ns->len[i] == raw &&
				    memcmp(k.p + 1, keys[i], raw) == 0)
					break;
		}
		/*
		 * The same bytes are the same name unless they hold a backslash;
		 * with escapes the text is not the name: decode and compare.
		 */
		if (i == NAMES_MAX || ns->escape[i]) {
			if (memchr(k.p + 1, '\\', raw) == NULL)
				continue;
			for (i = 0; i < n; i++)
				if (out[i].p == NULL && str_eq(k, keys[i]))
					break;
			if (i == n)
				continue;
		}
		out[i] = val;
		found++;
	}
	return found;
}

size_t
ann_json_getn(ann_json_val v, const char *const *keys, size_t n,
    ann_json_val *out)
{
	struct names ns;

	if (n == 0 || n > NAMES_MAX)
		return getn_each(v, keys, n, out);
	names_init(&ns, keys, n);
	return getn(v, keys, &ns, out, NULL);
}

size_t
ann__json_getn(ann__json_cache *c, ann_json_val v, const char *const *keys,
    size_t n, ann_json_val *out)
{
	struct names ns;

	if (n == 0 || n > NAMES_MAX)
		return getn_each(v, keys, n, out);
	if (c == NULL) {
		names_init(&ns, keys, n);
		return getn(v, keys, &ns, out, NULL);
	}
	return getn(v, keys, names_kept(c, keys, n), out, c);
}

int
ann_json_path(ann_json_val v, const char *path, ann_json_val *out)
{
	char name[256];

	*out = v;
	while (*path != '\0') {
		size_t len = strcspn(path, ".");
		if (len >= sizeof name)
			return -1;
		memcpy(name, path, len);
		name[len] = '\0';
		path += len + (path[len] == '.');
		if (ann_json_typeof(*out) == ANN_JSON_ARRAY) {
			char *e;
			errno = 0;
			unsigned long idx = strtoul(name, &e, 10);
			if (len == 0 || *e != '\0' || errno != 0)
				return -1;
			ann_json_iter it;
			ann_json_iter_init(&it, *out);
			do {
				if (!ann_json_next_elem(&it, out))
					return -1;
			} while (idx-- > 0);
		} else if (ann_json_get(*out, name, out) != 0)
			return -1;
	}
	return 0;
}

static size_t
put_utf8(char *dst, unsigned long u)
{
	if (u < 0x80) {
		dst[0] = (char)u;
		return 1;
	}
	if (u < 0x800) {
		dst[0] = (char)(0xC0 | u >> 6);
		dst[1] = (char)(0x80 | (u & 0x3F));
		return 2;
	}
	if (u < 0x10000) {
		dst[0] = (char)(0xE0 | u >> 12);
		dst[1] = (char)(0x80 | (u >> 6 & 0x3F));
		dst[2] = (char)(0x80 | (u & 0x3F));
		return 3;
	}
	dst[0] = (char)(0xF0 | u >> 18);
	dst[1] = (char)(0x80 | (u >> 12 & 0x3F));
	dst[2] = (char)(0x80 | (u >> 6 & 0x3F));
	dst[3] = (char)(0x80 | (u & 0x3F));
	return 4;
}

static unsigned long
hex4(const char *p)
{
	unsigned long v = 0;

	for (int i = 0; i < 4; i++) {
		unsigned char c = (unsigned char)p[i];
		v = v << 4 | (unsigned long)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
	}
	return v;
}

size_t
ann_json_str_decode(ann_json_val v, char *dst)
{
	const char *p = v.p + 1, *end = v.p + v.n - 1;
	char *d = dst;

	while (p < end) {
		const char *bs = memchr(p, '\\', (size_t)(end - p));
		size_t run = (size_t)((bs ? bs : end) - p);
		memcpy(d, p, run);
		d += run;
		p += run;
		if (bs == NULL)
			break;
		char c = p[1];
		p += 2;
		switch (c) {
		case 'b': *d++ = '\b'; break;
		case 'f': *d++ = '\f'; break;
		case 'n': *d++ = '\n'; break;
		case 'r': *d++ = '\r'; break;
		case 't': *d++ = '\t'; break;
		case 'u': {
			unsigned long u = hex4(p);
			p += 4;
			if (u >= 0xD800 && u <= 0xDBFF) {
				u = 0x10000 + ((u - 0xD800) << 10) + (hex4(p + 2) - 0xDC00);
				p += 6;
			}
			d += put_utf8(d, u);
			break;
		}
		default: *d++ = c; break;	/* '"', '\\', '/' */
		}
	}
	return (size_t)(d - dst);
}

/*
 * Most numbers in exports are short decimals (12.5, 0.3371, 1024).  When
 * the digits fit in 15 (so the integer is exact in a double) and the
 * power of ten is at most 22 (so it is exact too), one multiplication or
 * division rounds once, correctly: the same double strtod gives, without
 * its copy and locale.  The number at p (valid JSON: the scanner checked
 * it) is read up to its last byte, *after; 0 with *out, or -1 when the
 * fast way does not apply (*after is then where it stopped).
 */
static inline __attribute__((always_inline)) int
short_decimal(const char *p, const char *end, double *out, const char **after)
{
	static const double pow10[] = {
		1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
		1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
	};
	uint64_t m = 0;
	int digits = 0, exp10 = 0, neg = 0;

	*after = p;
	if (p < end && *p == '-')
		neg = 1, p++;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		m = m * 10 + (uint64_t)(*p - '0');
		digits += m != 0;
		if (digits > 15)
			return -1;
	}
	if (p < end && *p == '.')
		for (p++; p < end && *p >= '0' && *p <= '9'; p++) {
			m = m * 10 + (uint64_t)(*p - '0');
			digits += m != 0;
			exp10--;
			if (digits > 15)
				return -1;
		}
	if (p < end && (*p == 'e' || *p == 'E')) {
		int eneg = 0, e = 0;
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		for (; p < end && *p >= '0' && *p <= '9'; p++)
			if ((e = e * 10 + (*p - '0')) > 1000)
				return -1;
		exp10 += eneg ? -e : e;
	}
	*after = p;
	if (m == 0)
		exp10 = 0;	/* 0e999 is 0 */
	if (exp10 < -22 || exp10 > 22)
		return -1;
	double d = (double)m;
	d = exp10 < 0 ? d / pow10[-exp10] : d * pow10[exp10];
	*out = neg ? -d : d;
	return 0;
}

/* strtod on the number v: a copy, NUL-terminated. */
static int
long_decimal(ann_json_val v, double *out)
{
	char buf[64], *e;

	if (v.n < sizeof buf) {
		memcpy(buf, v.p, v.n);
		buf[v.n] = '\0';
		*out = strtod(buf, &e);
		return 0;
	}
	char *big = malloc(v.n + 1);
	if (big == NULL)
		return -1;
	memcpy(big, v.p, v.n);
	big[v.n] = '\0';
	*out = strtod(big, &e);
	free(big);
	return 0;
}

int
ann_json_number(ann_json_val v, double *out)
{
	const char *after;

	if (ann_json_typeof(v) != ANN_JSON_NUMBER)
		return -1;
	if (short_decimal(v.p, v.p + v.n, out, &after) == 0 && after == v.p + v.n)
		return 0;
	return long_decimal(v, out);
}

int
ann_json_next_number(ann_json_iter *it, double *out)
{
	const char *p = skip_ws(it->p, it->end), *q;
	ann_json_val v;

	if (p >= it->end)
		return 0;
	if (*p != '-' && (*p < '0' || *p > '9'))
		return next_value(it, &v) ? -1 : 0;
	/* Read as it is passed over: one pass over the digits, not two. */
	if (short_decimal(p, it->end, out, &q) != 0 || (q < it->end &&
	    *q != ',' && *q != ']' && !ann__json_is_ws((unsigned char)*q))) {
		if (!next_value(it, &v))
			return 0;
		return ann_json_number(v, out) == 0 ? 1 : -1;
	}
	p = skip_ws(q, it->end);
	if (p < it->end && *p == ',')
		p++;
	it->p = p;
	return 1;
}

double
ann_json_double(ann_json_val v)
{
	double d;

	return ann_json_number(v, &d) == 0 ? d : NAN;
}

int
ann_json_int64(ann_json_val v, int64_t *out)
{
	char buf[32], *e;
	const char *p = v.p, *end = v.p + v.n;
	int neg = p < end && *p == '-';

	/*
	 * Up to 18 digits cannot overflow: ids and sizes, read for every
	 * annotation, without a copy and strtoll.  Anything else (a fraction,
	 * an exponent, not a number) goes the long way.
	 */
	p += neg;
	if (p < end && end - p <= 18) {
		uint64_t x = 0;
		const char *q = p;
		while (q < end && *q >= '0' && *q <= '9')
			x = x * 10 + (uint64_t)(*q++ - '0');
		if (q == end) {
			*out = neg ? -(int64_t)x : (int64_t)x;
			return 0;
		}
	}
	if (ann_json_typeof(v) != ANN_JSON_NUMBER || v.n >= sizeof buf)
		return -1;
	memcpy(buf, v.p, v.n);
	buf[v.n] = '\0';
	errno = 0;
	long long x = strtoll(buf, &e, 10);
	if (*e != '\0' || errno != 0)
		return -1;
	*out = x;
	return 0;
}
