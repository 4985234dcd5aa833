/*
 * rle_ls.c: Label Studio brush RLE, the bit-packed format of
 * @thi.ng/rle-pack that label-studio-sdk's brush.py ports to Python.
 *
 * A stream is a 53-bit header (word count, word size, four run-length
 * field sizes) and then tokens: 1 bit repeat/literal, 2 bits class, the run
 * length minus one in rle_sizes[class] bits, then one word (repeat) or n
 * words (literal).  Bits are MSB first and ignore byte boundaries.
 *
 * The decoder reads whole tokens from a 64-bit window and fills repeat runs
 * with memset, so a structured mask costs a few operations per run, not per
 * word.  The encoder finds runs of equal mask bytes eight at a time; each
 * mask pixel stands for four equal words, so a run of r pixels is a run of
 * 4r words.
 */
#include <stdlib.h>
#include <string.h>

#include "rle_private.h"

#define HEADER_BITS 53

ann_mask *
ann_mask_new(uint32_t width, uint32_t height)
{
	ann_mask *m;

	if (width == 0 || height == 0 ||
	    (uint64_t)width * height > SIZE_MAX)
		return NULL;
	if ((m = malloc(sizeof *m)) == NULL)
		return NULL;
	m->width = width;
	m->height = height;
	if ((m->pix = calloc((size_t)width * height, 1)) == NULL) {
		free(m);
		return NULL;
	}
	return m;
}

void
ann_mask_free(ann_mask *m)
{
	if (m == NULL)
		return;
	free(m->pix);
	free(m);
}

ann_status
ann_mask_check_size(uint64_t width, uint64_t height, uint64_t max_pixels,
    ann_error *err)
{
	/* Sides come from 32-bit fields: the product cannot overflow. */
	if (max_pixels == 0 || width * height <= max_pixels)
		return ANN_OK;
	ann__error_set(err, "a %llux%llu mask has %llu pixels, more than "
	    "the %llu allowed (--max-pixels)", (unsigned long long)width,
	    (unsigned long long)height, (unsigned long long)(width * height),
	    (unsigned long long)max_pixels);
	return ANN_FAILED;
}

ann_runmask *
ann_runmask_new(uint32_t width, uint32_t height)
{
	ann_runmask *m;

	if (width == 0 || height == 0 || (m = calloc(1, sizeof *m)) == NULL)
		return NULL;
	m->width = width;
	m->height = height;
	return m;
}

void
ann_runmask_free(ann_runmask *m)
{
	if (m == NULL)
		return;
	free(m->start);
	free(m->end);
	free(m->value);
	free(m);
}

/* --- reading bits ------------------------------------------------------- */

/*
 * The next bits sit at the top of acc, n of them valid.  Bits below those
 * are either zero or already the true next bits, so a refill may OR the
 * same bytes in again: that is what lets the fast refill load eight bytes
 * without caring where the last byte boundary was.
 */
struct bitin {
	const uint8_t *p;
	const uint8_t *end;
	uint64_t acc;
	unsigned n;
};

static inline uint64_t
load_be64(const uint8_t *p)
{
	uint64_t v = ann__load64(p);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return v;
#else
	return __builtin_bswap64(v);
#endif
}

/* Afterwards n >= 56, unless the input has run out. */
static inline void
refill(struct bitin *b)
{
	if (b->end - b->p >= 8) {
		b->acc |= load_be64(b->p) >> b->n;
		b->p += (63 - b->n) >> 3;
		b->n |= 56;
		return;
	}
	while (b->n <= 56 && b->p < b->end) {
		b->acc |= (uint64_t)*b->p++ << (56 - b->n);
		b->n += 8;
	}
}

/* K is 1..32 and at most n. */
static inline uint32_t
take(struct bitin *b, unsigned k)
{
	uint32_t v = (uint32_t)(b->acc >> (64 - k));

	b->acc <<= k;
	b->n -= k;
	return v;
}

static uint64_t
bit_pos(const struct bitin *b, const uint8_t *start)
{
	return (uint64_t)(b->p - start) * 8 - b->n;
}

ann_status
ann_lsrle_read_header(const uint8_t *rle, size_t len, ann_lsrle_header *hdr,
    ann_error *err)
{
	struct bitin b = { rle, rle + len, 0, 0 };

	if (len < (HEADER_BITS + 7) / 8) {
		ann__error_set(err,
		    "RLE of %zu bytes is shorter than its %d-bit header",
		    len, HEADER_BITS);
		return ANN_FAILED;
	}
	refill(&b);
	hdr->num = take(&b, 32);
	hdr->word_size = take(&b, 5) + 1;
	for (int k = 0; k < 4; k++)
		hdr->rle_sizes[k] = take(&b, 4) + 1;
	return ANN_OK;
}

/*
 * The most words LEN bytes can describe: every token takes at least
 * 3 + min(rle_sizes) + word_size bits and yields at most 2^max(rle_sizes)
 * words.  A header claiming more is refused before anything is allocated.
 */
static uint64_t
max_words(const ann_lsrle_header *h, size_t len)
{
	unsigned lo = 16, hi = 1;

	for (int k = 0; k < 4; k++) {
		if (h->rle_sizes[k] < lo)
			lo = h->rle_sizes[k];
		if (h->rle_sizes[k] > hi)
			hi = h->rle_sizes[k];
	}
	uint64_t bits = (uint64_t)len * 8 - HEADER_BITS;
	return bits / (3 + lo + h->word_size) << hi;
}

static ann_status
check_header(const uint8_t *rle, size_t len, uint32_t width, uint32_t height,
    ann_lsrle_header *h, ann_error *err)
{
	if (ann_lsrle_read_header(rle, len, h, err) != ANN_OK)
		return ANN_FAILED;
	if (width == 0 || height == 0) {
		ann__error_set(err, "mask width %u and height %u: "
		    "neither may be 0", width, height);
		return ANN_FAILED;
	}
	uint64_t want = (uint64_t)width * height * 4;
	if (h->num != want) {
		ann__error_set(err,
		    "RLE header says %u words, but %ux%u RGBA needs %llu",
		    h->num, width, height, (unsigned long long)want);
		return ANN_FAILED;
	}
	uint64_t most = max_words(h, len);
	if (h->num > most) {
		ann__error_set(err,
		    "RLE header says %u words, but %zu bytes can hold at most %llu",
		    h->num, len, (unsigned long long)most);
		return ANN_FAILED;
	}
	return ANN_OK;
}

/* Noise is mostly runs of a pixel or two: no call for those. */
static inline void
fill(uint8_t *p, int v, size_t n)
{
	if (n <= 8) {
		for (size_t k = 0; k < n; k++)
			p[k] = (uint8_t)v;
	} else
		memset(p, v, n);
}

/*
 * Walk the tokens.  ALPHA says whether OUT is the whole word buffer (0),
 * the mask (1: keep every fourth word, index 3 mod 4, at out[i / 4]),
 * whether the mask's foreground goes to RUNS as runs of pixels (2), or
 * its non-zero pixels to VRUNS as runs with their values (3).  It is a
 * constant at each call, so each caller gets its own loop.
 */
static inline __attribute__((always_inline)) ann_status
decode_tokens(const uint8_t *rle, size_t len, const ann_lsrle_header *h,
    uint8_t *out, ann__runs *runs, ann_runmask *vruns, int alpha,
    ann_error *err)
{
	struct bitin b = { rle, rle + len, 0, 0 };
	const uint64_t num = h->num;
	const unsigned ws = h->word_size;
	uint64_t i = 0;

	refill(&b);
	(void)take(&b, 32);
	(void)take(&b, HEADER_BITS - 32);
	while (i < num) {
		refill(&b);
		/* 3 + 16 + 32 bits fit in one refill: one check per field. */
		if (b.n < 3)
			goto truncated;
		unsigned head = take(&b, 3);
		unsigned size = h->rle_sizes[head & 3];
		if (b.n < size)
			goto truncated;
		uint64_t j = i + 1 + take(&b, size);
		if (head & 4) {
			if (b.n < ws)
				goto truncated;
			int v = (int)(take(&b, ws) & 0xFF);
			/* Both reference decoders cut a run at the end. */
			if (j > num)
				j = num;
			if (alpha == 2) {
				if (v != 0)
					ann__runs_add(runs, (uint32_t)(i >> 2), (uint32_t)(j >> 2));
			} else if (alpha == 3) {
				if (v != 0)
					ann__runmask_add(vruns, (uint32_t)(i >> 2),
					    (uint32_t)(j >> 2), (uint8_t)v);
			} else
				fill(alpha ? out + (i >> 2) : out + i, v, alpha ?
				    (size_t)((j >> 2) - (i >> 2)) : (size_t)(j - i));
			i = j;
			continue;
		}
		for (; i < j; i++) {
			refill(&b);
			if (b.n < ws)
				goto truncated;
			uint8_t v = (uint8_t)take(&b, ws);
			/* thi.ng drops literal words past the end; so do we. */
			if (i >= num)
				continue;
			if (!alpha)
				out[i] = v;
			else if ((i & 3) != 3)
				continue;
			else if (alpha == 1)
				out[i >> 2] = v;
			else if (v == 0)
				continue;
			else if (alpha == 2)
				ann__runs_add(runs, (uint32_t)(i >> 2), (uint32_t)(i >> 2) + 1);
			else
				ann__runmask_add(vruns, (uint32_t)(i >> 2),
				    (uint32_t)(i >> 2) + 1, v);
		}
	}
	return ANN_OK;
truncated:
	ann__error_set(err,
	    "RLE stream ends at bit %llu after %llu of %llu words",
	    (unsigned long long)bit_pos(&b, rle), (unsigned long long)i,
	    (unsigned long long)num);
	ann__error_byte(err, bit_pos(&b, rle) / 8);
	return ANN_FAILED;
}

ann_status
ann_lsrle_decode(const uint8_t *rle, size_t len, uint32_t width,
    uint32_t height, ann_mask **out, ann_error *err)
{
	ann_lsrle_header h;
	ann_mask *m;

	*out = NULL;
	if (check_header(rle, len, width, height, &h, err) != ANN_OK)
		return ANN_FAILED;
	if ((m = ann_mask_new(width, height)) == NULL) {
		ann__error_set(err, "out of memory for a %ux%u mask",
		    width, height);
		return ANN_FATAL;
	}
	if (decode_tokens(rle, len, &h, m->pix, NULL, NULL, 1, err) != ANN_OK) {
		ann_mask_free(m);
		return ANN_FAILED;
	}
	*out = m;
	return ANN_OK;
}

ann_status
ann_lsrle_decode_rgba(const uint8_t *rle, size_t len, uint32_t width,
    uint32_t height, uint8_t **rgba, ann_error *err)
{
	ann_lsrle_header h;
	uint8_t *buf;

	*rgba = NULL;
	if (check_header(rle, len, width, height, &h, err) != ANN_OK)
		return ANN_FAILED;
	if ((buf = malloc(h.num)) == NULL) {
		ann__error_set(err, "out of memory for %u RGBA bytes",
		    h.num);
		return ANN_FATAL;
	}
	if (decode_tokens(rle, len, &h, buf, NULL, NULL, 0, err) != ANN_OK) {
		free(buf);
		return ANN_FAILED;
	}
	*rgba = buf;
	return ANN_OK;
}

ann_status
ann_lsrle_decode_runs(const uint8_t *rle, size_t len, uint32_t width,
    uint32_t height, ann_runmask **out, ann_error *err)
{
	ann_lsrle_header h;
	ann_runmask *m;

	*out = NULL;
	if (check_header(rle, len, width, height, &h, err) != ANN_OK)
		return ANN_FAILED;
	if ((m = ann_runmask_new(width, height)) == NULL)
		goto oom;
	if (decode_tokens(rle, len, &h, NULL, NULL, m, 3, err) != ANN_OK) {
		ann_runmask_free(m);
		return ANN_FAILED;
	}
	if (m->oom)
		goto oom;
	*out = m;
	return ANN_OK;
oom:
	ann_runmask_free(m);
	ann__error_set(err, "out of memory for the runs of a %ux%u mask",
	    width, height);
	return ANN_FATAL;
}

/* --- writing bits ------------------------------------------------------- */

/* Room for at least N more bytes; 0 when out of memory. */
static inline int
reserve_n(ann__lsenc *o, size_t n)
{
	return o->len + n <= o->cap ||
	    ann__grow((void **)&o->buf, &o->cap, o->len + n, 1) == 0;
}

/* Room for at least 8 more bytes, all one put or token needs. */
static inline int
reserve(ann__lsenc *o)
{
	return reserve_n(o, 8);
}

/* K is at most 32; the caller has reserved room. */
static inline void
put(ann__lsenc *o, uint32_t bits, unsigned k)
{
	uint64_t acc = o->acc << k | bits;
	unsigned n = o->n + k;

	if (n >= 32) {
		n -= 32;
		uint32_t w = (uint32_t)(acc >> n);
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_BIG_ENDIAN__
		w = __builtin_bswap32(w);
#endif
		memcpy(o->buf + o->len, &w, 4);	/* one store, big-endian */
		o->len += 4;
	}
	o->acc = acc;
	o->n = n;
}

/* A run of more than 65536 words: 65536-word pieces, then the rest. */
static __attribute__((noinline)) int
emit_long(ann__lsenc *o, unsigned v, uint64_t l)
{
	for (; l > 65536; l -= 65536) {
		if (!reserve(o))
			return 0;
		put(o, 7u << 24 | 0xFFFFu << 8 | v, 27);
	}
	if (!reserve(o))
		return 0;
	put(o, 7u << 24 | (uint32_t)(l - 1) << 8 | v, 27);
	return 1;
}

/*
 * The token of a run of L equal words V, 1 <= L <= 65536, in *BITS, and
 * its length in bits, with encode_rle's choices: a single word is a
 * literal, the class is the smallest that fits up to 256, and longer runs
 * are class 3.
 */
static inline unsigned
token(unsigned v, uint64_t l, uint32_t *bits)
{
	if (l == 1)
		return *bits = v, 14;
	if (l <= 8)
		return *bits = 1u << 13 | (uint32_t)(l - 1) << 8 | v, 14;
	if (l <= 16)
		return *bits = 1u << 14 | 1u << 12 | (uint32_t)(l - 1) << 8 | v, 15;
	if (l <= 256)
		return *bits = 1u << 18 | 2u << 16 | (uint32_t)(l - 1) << 8 | v, 19;
	return *bits = 7u << 24 | (uint32_t)(l - 1) << 8 | v, 27;
}

/*
 * One run of L >= 1 equal words: runs over 65536 words are 65536-word
 * pieces plus a remainder that stays in class 3 (emit_long).
 */
static inline int
emit_run(ann__lsenc *o, unsigned v, uint64_t l)
{
	uint32_t bits;

	if (l > 65536)
		return emit_long(o, v, l);
	if (!reserve(o))
		return 0;
	unsigned k = token(v, l, &bits);
	put(o, bits, k);
	return 1;
}

static ann_status
encode_oom(ann__lsenc *o, ann_error *err)
{
	free(o->buf);
	o->buf = NULL;
	ann__error_set(err, "out of memory encoding RLE");
	return ANN_FATAL;
}

ann_status
ann__lsenc_begin(ann__lsenc *o, uint64_t words, ann_error *err)
{
	memset(o, 0, sizeof *o);
	if (words > UINT32_MAX) {
		ann__error_set(err,
		    "%llu words do not fit the RLE's 32-bit word count",
		    (unsigned long long)words);
		return ANN_FAILED;
	}
	if (!reserve(o))
		return encode_oom(o, err);
	put(o, (uint32_t)(words >> 16), 16);
	put(o, (uint32_t)(words & 0xFFFF), 16);
	/* Word size 8 and run fields of 3, 4, 8 and 16 bits, each minus one. */
	put(o, 7u << 16 | 2u << 12 | 3u << 8 | 7u << 4 | 15u, 21);
	return ANN_OK;
}

/*
 * Runs of one value are joined and empty ones dropped, so that runs cut
 * anywhere (at a count, a column, a row's end) give the bytes encode_runs
 * writes for the pixels they stand for.
 */
/* One column of ann__lsenc_counts, joined to what came before. */
static inline void
add_runs(ann__lsenc *o, const uint32_t *len, size_t n, int fg,
    unsigned value)
{
	unsigned cur = o->cur;
	uint64_t run = o->run;

	for (size_t k = 0; k < n; k++) {
		unsigned v = (fg ^ (int)(k & 1)) ? value : 0;
		if (len[k] == 0)
			continue;
		if (v != cur && run > 0) {
			if (!emit_run(o, cur, run))
				o->oom = 1;
			run = 0;
		}
		cur = v;
		run += (uint64_t)len[k] * 4;
	}
	o->cur = cur;
	o->run = run;
}

/*
 * The most tokens a column may have for its repeats to take the short
 * way: a mask's rows are mostly a few runs, and those repeat.
 */
#define REPEAT_TOKENS 16

void
ann__lsenc_counts(ann__lsenc *o, const uint32_t *len, size_t n, int fg,
    uint8_t value, uint32_t times)
{
	uint32_t bits[REPEAT_TOKENS];
	unsigned nbits[REPEAT_TOKENS];
	size_t nt = 0;

	if (times == 0)
		return;
	add_runs(o, len, n, fg, value);
	times--;
	/* One run (or none), or all of them 0: each time again only makes
	   the run waiting longer. */
	if (n <= 1 || value == 0) {
		uint64_t sum = 0;
		for (size_t k = 0; k < n; k++)
			sum += len[k];
		o->run += sum * 4 * times;
		return;
	}
	/*
	 * After the first time the column ends with its last run waiting
	 * (values alternate: two or more runs, none empty), and each time
	 * again writes the same tokens: the last run (joined to the first
	 * when they share a value, n odd), then the others but the last,
	 * which waits again.  They are worked out once.
	 */
	int same = n <= REPEAT_TOKENS;
	for (size_t k = 0; same && k < n; k++)
		same = len[k] > 0 && len[k] <= 16384;
	if (!same || times == 0) {
		for (; times > 0; times--)
			add_runs(o, len, n, fg, value);
		return;
	}
	unsigned v0 = fg ? value : 0, vl = (fg ^ (int)((n - 1) & 1)) ? value : 0;
	uint64_t first = (uint64_t)len[0] * 4;
	if (n & 1)
		first += (uint64_t)len[n - 1] * 4;	/* joined */
	else
		nbits[nt] = token(vl, (uint64_t)len[n - 1] * 4, &bits[nt]), nt++;
	if (first > 65536) {
		for (; times > 0; times--)
			add_runs(o, len, n, fg, value);
		return;
	}
	nbits[nt] = token(v0, first, &bits[nt]), nt++;
	for (size_t k = 1; k + 1 < n; k++, nt++)
		nbits[nt] = token((fg ^ (int)(k & 1)) ? value : 0,
		    (uint64_t)len[k] * 4, &bits[nt]);
	for (; times > 0; times--) {
		if (!reserve_n(o, 4 * nt + 8)) {
			o->oom = 1;
			return;
		}
		for (size_t t = 0; t < nt; t++)
			put(o, bits[t], nbits[t]);
	}
}

/* encode_rle always appends 8 - bits % 8 zero bits: 1..8, never 0. */
ann_status
ann__lsenc_finish(ann__lsenc *o, uint8_t **out, size_t *outlen,
    ann_error *err)
{
	*out = NULL;
	*outlen = 0;
	if (o->run > 0 && !emit_run(o, o->cur, o->run))
		o->oom = 1;
	if (o->oom || !reserve(o))
		return encode_oom(o, err);
	put(o, 0, 8 - o->n % 8);
	for (; o->n > 0; o->n -= 8)
		o->buf[o->len++] = (uint8_t)(o->acc >> (o->n - 8));
	*out = o->buf;
	*outlen = o->len;
	return ANN_OK;
}

/* The first byte at or after P (and before END) that is not V. */
static inline const uint8_t *
run_end(const uint8_t *p, const uint8_t *end, uint8_t v)
{
	const uint64_t pat = ANN__ONES64 * v;

	/* Noise has short runs: look at one byte before eight. */
	if (p < end && *p != v)
		return p;
	while (end - p >= 8) {
		uint64_t x = ann__load64(p) ^ pat;
		if (x != 0)
			return p + ann__first_byte(x);
		p += 8;
	}
	while (p < end && *p == v)
		p++;
	return p;
}

static ann_status
encode_runs(const uint8_t *p, size_t count, unsigned scale, uint8_t **out,
    size_t *outlen, ann_error *err)
{
	const uint8_t *end = p + count;
	ann__lsenc o;
	ann_status st;

	*out = NULL;
	*outlen = 0;
	if ((st = ann__lsenc_begin(&o, (uint64_t)count * scale, err)) != ANN_OK)
		return st;
	while (p < end) {
		const uint8_t *q = run_end(p + 1, end, *p);
		if (!emit_run(&o, *p, (uint64_t)(q - p) * scale))
			return encode_oom(&o, err);
		p = q;
	}
	return ann__lsenc_finish(&o, out, outlen, err);
}

int
ann_lsrle_put_list(ann_buf *b, const uint8_t *rle, size_t n)
{
	char *d = ann_buf_room(b, 4 * n + 2);

	if (d == NULL)
		return -1;
	/*
	 * Each number with its comma from a table: a mask's list is the
	 * longest text a task holds.  An entry is copied whole, four bytes,
	 * what follows the comma to be overwritten, and the pointer moves by
	 * its length, also from a table (no test of the value's size).
	 */
	static const char digits[256][4] = {
	"0,", "1,", "2,", "3,", "4,", "5,", "6,", "7,", "8,", "9,", "10,", "11,", "12,", "13,", "14,", "15,",
	"16,", "17,", "18,", "19,", "20,", "21,", "22,", "23,", "24,", "25,", "26,", "27,", "28,", "29,", "30,", "31,",
	"32,", "33,", "34,", "35,", "36,", "37,", "38,", "39,", "40,", "41,", "42,", "43,", "44,", "45,", "46,", "47,",
	"48,", "49,", "50,", "51,", "52,", "53,", "54,", "55,", "56,", "57,", "58,", "59,", "60,", "61,", "62,", "63,",
	"64,", "65,", "66,", "67,", "68,", "69,", "70,", "71,", "72,", "73,", "74,", "75,", "76,", "77,", "78,", "79,",
	"80,", "81,", "82,", "83,", "84,", "85,", "86,", "87,", "88,", "89,", "90,", "91,", "92,", "93,", "94,", "95,",
	"96,", "97,", "98,", "99,", "100,", "101,", "102,", "103,", "104,", "105,", "106,", "107,", "108,", "109,", "110,", "111,",
	"112,", "113,", "114,", "115,", "116,", "117,", "118,", "119,", "120,", "121,", "122,", "123,", "124,", "125,", "126,", "127,",
	"128,", "129,", "130,", "131,", "132,", "133,", "134,", "135,", "136,", "137,", "138,", "139,", "140,", "141,", "142,", "143,",
	"144,", "145,", "146,", "147,", "148,", "149,", "150,", "151,", "152,", "153,", "154,", "155,", "156,", "157,", "158,", "159,",
	"160,", "161,", "162,", "163,", "164,", "165,", "166,", "167,", "168,", "169,", "170,", "171,", "172,", "173,", "174,", "175,",
	"176,", "177,", "178,", "179,", "180,", "181,", "182,", "183,", "184,", "185,", "186,", "187,", "188,", "189,", "190,", "191,",
	"192,", "193,", "194,", "195,", "196,", "197,", "198,", "199,", "200,", "201,", "202,", "203,", "204,", "205,", "206,", "207,",
	"208,", "209,", "210,", "211,", "212,", "213,", "214,", "215,", "216,", "217,", "218,", "219,", "220,", "221,", "222,", "223,",
	"224,", "225,", "226,", "227,", "228,", "229,", "230,", "231,", "232,", "233,", "234,", "235,", "236,", "237,", "238,", "239,",
	"240,", "241,", "242,", "243,", "244,", "245,", "246,", "247,", "248,", "249,", "250,", "251,", "252,", "253,", "254,", "255,"
	};
	static const uint8_t width[256] = {
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4
	};
	*d++ = '[';
	for (size_t i = 0; i < n; i++) {
		memcpy(d, digits[rle[i]], 4);	/* room: 4 a byte */
		d += width[rle[i]];
	}
	if (n > 0)
		d--;	/* no comma after the last */
	*d++ = ']';
	b->len = (size_t)(d - b->p);
	b->p[b->len] = '\0';
	return 0;
}

ann_status
ann_lsrle_encode(const ann_mask *m, uint8_t **out, size_t *outlen,
    ann_error *err)
{
	return encode_runs(m->pix, (size_t)m->width * m->height, 4, out,
	    outlen, err);
}

/* --- conversions -------------------------------------------------------- */

ann_status
ann__lsrle_runs(const uint8_t *rle, size_t len, uint32_t width,
    uint32_t height, ann__runs *out, ann_error *err)
{
	ann_lsrle_header h;

	if (check_header(rle, len, width, height, &h, err) != ANN_OK)
		return ANN_FAILED;
	if (decode_tokens(rle, len, &h, NULL, out, NULL, 2, err) != ANN_OK)
		return ANN_FAILED;
	if (out->oom) {
		ann__error_set(err, "out of memory for the runs of a %ux%u mask",
		    width, height);
		return ANN_FATAL;
	}
	return ANN_OK;
}
