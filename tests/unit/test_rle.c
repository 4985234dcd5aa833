/*
 * test_rle.c: the mask codecs against the reference vectors in
 * shared/corpus/rle (made by label-studio-sdk's brush.py and cocoapi's
 * maskApi.c), against slow bit-by-bit models written here from the format
 * description, and on hostile input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <png.h>

#include "ann.h"
#include "ann_rle.h"
#include "check.h"

/* --- sha256 (FIPS 180-4), to compare with the vectors' digests ---------- */

static const uint32_t sha_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

#define ROR(x, n) ((x) >> (n) | (x) << (32 - (n)))

static void
sha_block(uint32_t st[8], const uint8_t *p)
{
	uint32_t w[64], s[8];

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ w[i - 15] >> 3;
		uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ w[i - 2] >> 10;
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	memcpy(s, st, sizeof s);
	for (int i = 0; i < 64; i++) {
		uint32_t e = s[4], a = s[0];
		uint32_t t1 = s[7] + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) +
		    ((e & s[5]) ^ (~e & s[6])) + sha_k[i] + w[i];
		uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) +
		    ((a & s[1]) ^ (a & s[2]) ^ (s[1] & s[2]));
		memmove(s + 1, s, 7 * sizeof *s);
		s[4] += t1;
		s[0] = t1 + t2;
	}
	for (int i = 0; i < 8; i++)
		st[i] += s[i];
}

/* Lower-case hex digest of P into hex[65]. */
static void
sha256_hex(const uint8_t *p, size_t n, char hex[65])
{
	uint32_t st[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	uint8_t tail[128] = { 0 };
	size_t full = n & ~(size_t)63, rest = n - full;
	uint64_t bits = (uint64_t)n * 8;

	for (size_t i = 0; i < full; i += 64)
		sha_block(st, p + i);
	memcpy(tail, p + full, rest);
	tail[rest] = 0x80;
	size_t tl = rest < 56 ? 64 : 128;
	for (int i = 0; i < 8; i++)
		tail[tl - 1 - i] = (uint8_t)(bits >> (8 * i));
	sha_block(st, tail);
	if (tl == 128)
		sha_block(st, tail + 64);
	for (int i = 0; i < 8; i++)
		snprintf(hex + 8 * i, 9, "%08x", st[i]);
}

/* --- helpers ------------------------------------------------------------ */

static uint64_t rng_state;

static uint64_t
rng(void)
{
	/* xorshift64*: fixed seeds give the same masks everywhere. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (f == NULL)
		return NULL;
	do {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap + 1);
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static ann_mask *
mask_make(uint32_t w, uint32_t h)
{
	return ann_mask_new(w, h);
}

static int
mask_eq(const ann_mask *a, const ann_mask *b)
{
	return a != NULL && b != NULL && a->width == b->width &&
	    a->height == b->height &&
	    memcmp(a->pix, b->pix, (size_t)a->width * a->height) == 0;
}

/* Does M hold VALUE exactly where REF is non-zero, and 0 elsewhere? */
static int
mask_binary_of(const ann_mask *m, const ann_mask *ref, uint8_t value)
{
	if (m == NULL || m->width != ref->width || m->height != ref->height)
		return 0;
	for (size_t i = 0; i < (size_t)m->width * m->height; i++)
		if (m->pix[i] != (ref->pix[i] ? value : 0))
			return 0;
	return 1;
}

/* --- slow models, one bit at a time, from the format description -------- */

struct bits {
	uint8_t *b;
	size_t n;		/* bits */
};

static void
bits_put(struct bits *o, uint64_t v, unsigned k)
{
	for (unsigned i = k; i-- > 0;) {
		if (o->n % 8 == 0)
			o->b = realloc(o->b, o->n / 8 + 1), o->b[o->n / 8] = 0;
		if (v >> i & 1)
			o->b[o->n / 8] |= (uint8_t)(0x80 >> (o->n % 8));
		o->n++;
	}
}

static void
bits_header(struct bits *o, uint32_t num, unsigned ws, const unsigned rs[4])
{
	bits_put(o, num, 32);
	bits_put(o, ws - 1, 5);
	for (int k = 0; k < 4; k++)
		bits_put(o, rs[k] - 1, 4);
}

/* encode_rle from brush.py, restated: see corpus/rle/README.md. */
static uint8_t *
model_encode(const uint8_t *words, size_t num, size_t *len)
{
	static const unsigned rs[4] = { 3, 4, 8, 16 };
	struct bits o = { NULL, 0 };

	bits_header(&o, (uint32_t)num, 8, rs);
	for (size_t i = 0; i < num;) {
		size_t j = i;
		while (j < num && words[j] == words[i])
			j++;
		size_t l = j - i;
		if (l == 1)
			bits_put(&o, 0, 6);
		else if (l <= 8)
			bits_put(&o, 4, 3), bits_put(&o, l - 1, 3);
		else if (l <= 16)
			bits_put(&o, 5, 3), bits_put(&o, l - 1, 4);
		else if (l <= 256)
			bits_put(&o, 6, 3), bits_put(&o, l - 1, 8);
		else {
			for (; l > 65536; l -= 65536) {
				bits_put(&o, 7, 3), bits_put(&o, 0xFFFF, 16);
				bits_put(&o, words[i], 8);
			}
			bits_put(&o, 7, 3), bits_put(&o, l - 1, 16);
		}
		bits_put(&o, words[i], 8);
		i = j;
	}
	bits_put(&o, 0, 8 - o.n % 8);
	*len = o.n / 8;
	return o.b;
}

/* maskApi's rleEncode on mask != 0, column-major. */
static uint32_t *
model_coco(const ann_mask *m, size_t *n)
{
	uint32_t *c = malloc(((size_t)m->width * m->height + 1) * sizeof *c);
	uint32_t run = 0;
	int prev = 0;

	*n = 0;
	for (uint32_t x = 0; x < m->width; x++)
		for (uint32_t y = 0; y < m->height; y++) {
			int on = m->pix[(size_t)y * m->width + x] != 0;
			if (on != prev) {
				c[(*n)++] = run;
				run = 0;
				prev = on;
			}
			run++;
		}
	c[(*n)++] = run;
	return c;
}

static void
model_bbox(const ann_mask *m, double bb[4], uint64_t *area)
{
	uint32_t x0 = UINT32_MAX, y0 = UINT32_MAX, x1 = 0, y1 = 0;

	*area = 0;
	for (uint32_t y = 0; y < m->height; y++)
		for (uint32_t x = 0; x < m->width; x++)
			if (m->pix[(size_t)y * m->width + x]) {
				(*area)++;
				x0 = x < x0 ? x : x0;
				x1 = x > x1 ? x : x1;
				y0 = y < y0 ? y : y0;
				y1 = y > y1 ? y : y1;
			}
	bb[0] = bb[1] = bb[2] = bb[3] = 0;
	if (*area == 0)
		return;
	bb[0] = x0;
	bb[1] = y0;
	bb[2] = x1 - x0 + 1;
	bb[3] = y1 - y0 + 1;
}

/* --- the reference vectors ---------------------------------------------- */

static char corpus[4096];

static int
find_corpus(void)
{
	const char *env = getenv("ANN_CORPUS"), *top = getenv("top_srcdir");
	char tries[4][4096];
	int n = 0;
	struct stat sb;

	if (env != NULL)
		snprintf(tries[n++], sizeof tries[0], "%s", env);
	snprintf(tries[n++], sizeof tries[0], "../shared/corpus");
	if (top != NULL)
		snprintf(tries[n++], sizeof tries[0], "%s/../shared/corpus", top);
	snprintf(tries[n++], sizeof tries[0], "../../shared/corpus");
	for (int i = 0; i < n; i++) {
		char probe[4200];
		snprintf(probe, sizeof probe, "%.4000s/rle/index.json", tries[i]);
		if (stat(probe, &sb) == 0) {
			snprintf(corpus, sizeof corpus, "%.4000s/rle", tries[i]);
			return 1;
		}
	}
	return 0;
}

struct jdoc {
	char *text;
	ann_json_val root;
};

static int
jload(struct jdoc *d, const char *dir, const char *name)
{
	char path[8192];
	size_t len;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((d->text = slurp(path, &len)) == NULL)
		return 0;
	if (ann_json_parse(d->text, len, &d->root, NULL, NULL) != 0) {
		free(d->text);
		d->text = NULL;
		return 0;
	}
	return 1;
}

static int64_t
jint(ann_json_val v, const char *key)
{
	ann_json_val m;
	int64_t i;

	if (ann_json_get(v, key, &m) != 0 || ann_json_int64(m, &i) != 0)
		return -1;
	return i;
}

/* The string member KEY, decoded and NUL-terminated (caller frees). */
static char *
jstr(ann_json_val v, const char *key, size_t *len)
{
	ann_json_val m;

	if (ann_json_get(v, key, &m) != 0 ||
	    ann_json_typeof(m) != ANN_JSON_STRING)
		return NULL;
	char *s = malloc(m.n + 1);
	*len = ann_json_str_decode(m, s);
	s[*len] = '\0';
	return s;
}

static int
jtrue(ann_json_val v, const char *key)
{
	ann_json_val m;

	return ann_json_get(v, key, &m) == 0 &&
	    ann_json_typeof(m) == ANN_JSON_TRUE;
}

static void
test_case(const char *name)
{
	char dir[8192], path[8300], hex[65];
	ann_error err;
	struct jdoc meta = { 0 }, ls = { 0 }, coco = { 0 };
	ann_mask *mask = NULL, *dec = NULL, *back = NULL;
	ann_coco *c = NULL, *c2 = NULL, *c3 = NULL;
	uint8_t *rle = NULL, *rgba = NULL, *enc = NULL, *enc2 = NULL;
	char *str = NULL, *want = NULL, *hashstr = NULL;
	size_t n = 0, len, enclen, wantlen, hlen;
	ann_json_iter it;
	ann_json_val v;

	snprintf(dir, sizeof dir, "%s/%s", corpus, name);
	if (!jload(&meta, dir, "meta.json") || !jload(&ls, dir, "ls_rle.json") ||
	    !jload(&coco, dir, "coco_rle.json")) {
		CHECK(0, "%s: reading its JSON files", name);
		goto out;
	}
	uint32_t w = (uint32_t)jint(meta.root, "width");
	uint32_t h = (uint32_t)jint(meta.root, "height");
	int64_t decoded_len = jint(meta.root, "decoded_len");
	size_t kindlen;
	char *kind = jstr(meta.root, "kind", &kindlen);
	int synthetic = kind != NULL && strcmp(kind, "synthetic_mask2rle") == 0;
	int encodes = synthetic ||
	    jtrue(meta.root, "ls_mask2rle_of_alpha_reproduces_export");
	free(kind);

	rle = malloc(ls.root.n);
	ann_json_iter_init(&it, ls.root);
	while (ann_json_next_elem(&it, &v)) {
		int64_t b;
		if (ann_json_int64(v, &b) != 0 || b < 0 || b > 255)
			break;
		rle[n++] = (uint8_t)b;
	}
	CHECK(n == (size_t)jint(meta.root, "ls_rle_len"),
	    "%s: ls_rle.json has %zu bytes", name, n);

	snprintf(path, sizeof path, "%s/mask.png", dir);
	FILE *f = fopen(path, "rb");
	ann_status st = f ? ann_mask_read_png(f, 0, 0, 0, &mask, &err) :
	    ANN_FATAL;
	if (f)
		fclose(f);
	CHECK(st == ANN_OK && mask->width == w && mask->height == h,
	    "%s: mask.png reads as %ux%u", name, w, h);
	if (st != ANN_OK)
		goto out;
	sha256_hex(mask->pix, (size_t)w * h, hex);
	hashstr = jstr(meta.root, "mask_sha256", &hlen);
	CHECK(hashstr && strcmp(hex, hashstr) == 0, "%s: mask sha256", name);
	free(hashstr);

	/* LS decode: the whole RGBA, then the alpha plane alone. */
	st = ann_lsrle_decode_rgba(rle, n, w, h, &rgba, &err);
	CHECK(st == ANN_OK && (int64_t)w * h * 4 == decoded_len,
	    "%s: LS decode to RGBA (%s)", name, st ? err.msg : "ok");
	if (st == ANN_OK) {
		sha256_hex(rgba, (size_t)decoded_len, hex);
		hashstr = jstr(meta.root, "decoded_sha256", &hlen);
		CHECK(hashstr && strcmp(hex, hashstr) == 0,
		    "%s: decoded sha256", name);
		free(hashstr);
		size_t bad = 0;
		for (size_t i = 0; i < (size_t)w * h; i++)
			bad += rgba[4 * i + 3] != mask->pix[i];
		CHECK(bad == 0, "%s: alpha equals mask.png (%zu differ)", name,
		    bad);
	}
	st = ann_lsrle_decode(rle, n, w, h, &dec, &err);
	CHECK(st == ANN_OK && mask_eq(dec, mask), "%s: LS decode to mask",
	    name);

	if (encodes) {
		st = ann_lsrle_encode(mask, &enc, &enclen, &err);
		CHECK(st == ANN_OK && enclen == n && memcmp(enc, rle, n) == 0,
		    "%s: LS encode is byte-exact (%zu vs %zu bytes)", name,
		    enclen, n);
	}

	/* COCO from the mask: string, area, box. */
	want = jstr(coco.root, "counts", &wantlen);
	st = ann_coco_encode(mask, &c, &err);
	CHECK(st == ANN_OK, "%s: COCO encode", name);
	if (st != ANN_OK)
		goto out;
	st = ann_coco_to_string(c, &str, &len, &err);
	CHECK(st == ANN_OK && want && len == wantlen &&
	    strcmp(str, want) == 0, "%s: COCO counts string", name);
	CHECK((int64_t)ann_coco_area(c) == jint(coco.root, "area"),
	    "%s: COCO area %llu", name,
	    (unsigned long long)ann_coco_area(c));
	double bb[4];
	ann_coco_bbox(c, bb);
	ann_json_val box, bv;
	int boxok = ann_json_get(coco.root, "bbox", &box) == 0;
	ann_json_iter_init(&it, box);
	for (int i = 0; boxok && i < 4; i++) {
		double d;
		boxok = ann_json_next_elem(&it, &bv) &&
		    ann_json_number(bv, &d) == 0 && d == bb[i];
	}
	CHECK(boxok, "%s: COCO bbox [%g %g %g %g]", name, bb[0], bb[1],
	    bb[2], bb[3]);

	/* COCO decode of the reference string. */
	st = ann_coco_from_string(h, w, want, wantlen, &c2, &err);
	CHECK(st == ANN_OK && c2->n == c->n &&
	    memcmp(c2->counts, c->counts, c->n * sizeof *c->counts) == 0,
	    "%s: COCO string parses to the counts", name);
	if (st == ANN_OK) {
		st = ann_coco_decode(c2, 1, &back, &err);
		CHECK(st == ANN_OK && mask_binary_of(back, mask, 1),
		    "%s: COCO decode gives mask != 0", name);
	}

	/* The conversions, both ways. */
	st = ann_lsrle_to_coco(rle, n, w, h, &c3, &err);
	CHECK(st == ANN_OK && c3->n == c->n &&
	    memcmp(c3->counts, c->counts, c->n * sizeof *c->counts) == 0,
	    "%s: LS -> COCO", name);
	st = ann_coco_to_lsrle(c, 255, &enc2, &enclen, &err);
	if (st == ANN_OK) {
		ann_mask *bin = mask_make(w, h);
		for (size_t i = 0; i < (size_t)w * h; i++)
			bin->pix[i] = mask->pix[i] ? 255 : 0;
		uint8_t *model = NULL;
		size_t modellen;
		ann_lsrle_encode(bin, &model, &modellen, &err);
		CHECK(enclen == modellen && memcmp(model, enc2, enclen) == 0,
		    "%s: COCO -> LS equals mask2rle((mask != 0) * 255)", name);
		free(model);
		ann_mask_free(bin);
	} else
		CHECK(0, "%s: COCO -> LS (%s)", name, err.msg);
out:
	free(meta.text);
	free(ls.text);
	free(coco.text);
	free(rle);
	free(rgba);
	free(enc);
	free(enc2);
	free(str);
	free(want);
	ann_mask_free(mask);
	ann_mask_free(dec);
	ann_mask_free(back);
	ann_coco_free(c);
	ann_coco_free(c2);
	ann_coco_free(c3);
}

static int
test_corpus(void)
{
	struct jdoc index = { 0 };
	ann_json_iter it;
	ann_json_val v, name;
	int cases = 0;

	if (!jload(&index, corpus, "index.json"))
		return 0;
	ann_json_iter_init(&it, index.root);
	while (ann_json_next_elem(&it, &v)) {
		char buf[512];
		if (ann_json_get(v, "case", &name) != 0 || name.n >= sizeof buf)
			continue;
		buf[ann_json_str_decode(name, buf)] = '\0';
		test_case(buf);
		cases++;
	}
	free(index.text);
	CHECK(cases >= 20, "corpus: %d cases", cases);
	return cases;
}

/* --- random masks and edges --------------------------------------------- */

enum { NOISE, BLOBS, GREY, STRIPES };

static ann_mask *
random_mask(uint32_t w, uint32_t h, int kind, uint64_t seed)
{
	ann_mask *m = mask_make(w, h);

	rng_state = seed * 0x9E3779B97F4A7C15ULL + 1;
	switch (kind) {
	case NOISE:
		for (size_t i = 0; i < (size_t)w * h; i++)
			m->pix[i] = (rng() & 3) == 0 ? 255 : 0;
		break;
	case BLOBS:
		for (int b = 0; b < 6; b++) {
			uint32_t x0 = (uint32_t)(rng() % w), y0 = (uint32_t)(rng() % h);
			uint32_t x1 = x0 + (uint32_t)(rng() % (w - x0 + 1));
			uint32_t y1 = y0 + (uint32_t)(rng() % (h - y0 + 1));
			uint8_t v = b == 5 ? 0 : 255;
			for (uint32_t y = y0; y < y1; y++)
				memset(m->pix + (size_t)y * w + x0, v, x1 - x0);
		}
		break;
	case GREY:
		for (size_t i = 0; i < (size_t)w * h; i++)
			m->pix[i] = (uint8_t)((rng() % 5) * 63 + (rng() & 1));
		break;
	default:	/* long runs, across rows */
		for (size_t i = 0, v = 0; i < (size_t)w * h; v ^= 255) {
			size_t l = 1 + rng() % 40000;
			for (; l > 0 && i < (size_t)w * h; l--)
				m->pix[i++] = (uint8_t)v;
		}
		break;
	}
	return m;
}

static int
to_memstream(void *ctx, const void *data, size_t n)
{
	return fwrite(data, 1, n, ctx) == n ? 0 : -1;
}

/* The plane a run mask stands for. */
static ann_mask *
plane_of(const ann_runmask *r)
{
	ann_mask *m = mask_make(r->width, r->height);

	for (size_t k = 0; k < r->n; k++)
		memset(m->pix + r->start[k], r->value[k], r->end[k] - r->start[k]);
	return m;
}

/*
 * Run masks against planes: decoding to runs, runs of a plane, their COCO
 * RLE, their PNG bytes, and a merge with the mask turned around.
 */
static void
runs_check(const ann_mask *m, const uint8_t *enc, size_t enclen,
    const char *what)
{
	ann_error err;
	size_t npix = (size_t)m->width * m->height;
	ann_runmask *r = NULL, *r2 = NULL, *back = NULL;
	ann_coco *c = NULL, *want = NULL;
	ann_mask *p = NULL, *turned = mask_make(m->width, m->height);
	char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0;

	ann_status st = ann_lsrle_decode_runs(enc, enclen, m->width, m->height,
	    &r, &err);
	CHECK(st == ANN_OK && mask_eq((p = plane_of(r)), m),
	    "%s: LS decode to runs", what);
	st = ann_runmask_of_mask(m, &r2, &err);
	CHECK(st == ANN_OK && r != NULL && r2->n == r->n && (r->n == 0 ||
	    (memcmp(r2->start, r->start, r->n * sizeof *r->start) == 0 &&
	    memcmp(r2->end, r->end, r->n * sizeof *r->end) == 0 &&
	    memcmp(r2->value, r->value, r->n) == 0)),
	    "%s: runs of the plane are the decoder's", what);
	if (r == NULL)
		goto out;
	st = ann_runmask_to_coco(r, &c, &err);
	ann_coco_encode(m, &want, &err);
	CHECK(st == ANN_OK && want != NULL && c->n == want->n &&
	    memcmp(c->counts, want->counts, c->n * sizeof *c->counts) == 0,
	    "%s: runs -> COCO", what);
	FILE *fa = open_memstream(&a, &alen), *fb = open_memstream(&b, &blen);
	st = ann_runmask_write_png(r, 0, to_memstream, fa, &err);
	ann_mask_write_png(fb, m, &err);
	fclose(fa);
	fclose(fb);
	CHECK(st == ANN_OK && alen == blen && memcmp(a, b, alen) == 0,
	    "%s: PNG from runs is PNG from the plane", what);
	for (size_t i = 0; i < npix; i++)
		turned->pix[i] = m->pix[npix - 1 - i];
	st = ann_runmask_of_mask(turned, &back, &err);
	if (st == ANN_OK)
		st = ann_runmask_merge(r, back, &err);
	for (size_t i = 0; i < npix; i++)
		if (m->pix[i] > turned->pix[i])
			turned->pix[i] = m->pix[i];
	ann_mask_free(p);
	CHECK(st == ANN_OK && mask_eq((p = plane_of(r)), turned),
	    "%s: merged runs are the larger pixels", what);
out:
	free(a);
	free(b);
	ann_mask_free(p);
	ann_mask_free(turned);
	ann_runmask_free(r);
	ann_runmask_free(r2);
	ann_runmask_free(back);
	ann_coco_free(c);
	ann_coco_free(want);
}

/* Every codec and conversion on M, against the models. */
static void
round_trip(const ann_mask *m, const char *what)
{
	ann_error err;
	uint8_t *enc = NULL, *model = NULL, *lsb = NULL, *words;
	size_t enclen = 0, modellen, lsblen, npix = (size_t)m->width * m->height;
	ann_mask *dec = NULL, *cd = NULL, *ld = NULL;
	ann_coco *c = NULL, *c2 = NULL, *c3 = NULL;
	char *str = NULL;
	size_t slen, mn;

	words = malloc(npix * 4);
	for (size_t i = 0; i < npix * 4; i++)
		words[i] = m->pix[i / 4];
	model = model_encode(words, npix * 4, &modellen);
	ann_status st = ann_lsrle_encode(m, &enc, &enclen, &err);
	CHECK(st == ANN_OK && enclen == modellen &&
	    memcmp(enc, model, enclen) == 0, "%s: LS encode matches the model",
	    what);
	st = ann_lsrle_decode(enc, enclen, m->width, m->height, &dec, &err);
	CHECK(st == ANN_OK && mask_eq(dec, m), "%s: LS decode round-trips",
	    what);
	if (st == ANN_OK)
		runs_check(m, enc, enclen, what);

	uint32_t *mc = model_coco(m, &mn);
	st = ann_coco_encode(m, &c, &err);
	CHECK(st == ANN_OK && c->n == mn &&
	    memcmp(c->counts, mc, mn * sizeof *mc) == 0,
	    "%s: COCO encode matches the model", what);
	if (st == ANN_OK) {
		double bb[4], mb[4];
		uint64_t area;
		model_bbox(m, mb, &area);
		ann_coco_bbox(c, bb);
		CHECK(ann_coco_area(c) == area && memcmp(bb, mb, sizeof bb) == 0,
		    "%s: COCO area and bbox", what);
		st = ann_coco_to_string(c, &str, &slen, &err);
		if (st == ANN_OK)
			st = ann_coco_from_string(m->height, m->width, str, slen,
			    &c2, &err);
		CHECK(st == ANN_OK && c2->n == c->n && memcmp(c2->counts,
		    c->counts, c->n * sizeof *c->counts) == 0,
		    "%s: COCO string round-trips", what);
		st = ann_coco_decode(c, 255, &cd, &err);
		CHECK(st == ANN_OK && mask_binary_of(cd, m, 255),
		    "%s: COCO decode round-trips", what);
		st = ann_lsrle_to_coco(enc, enclen, m->width, m->height, &c3,
		    &err);
		CHECK(st == ANN_OK && c3->n == c->n && memcmp(c3->counts,
		    c->counts, c->n * sizeof *c->counts) == 0,
		    "%s: LS -> COCO", what);
		st = ann_coco_to_lsrle(c, 7, &lsb, &lsblen, &err);
		if (st == ANN_OK && str != NULL) {
			/* The string straight there: the same bytes. */
			uint8_t *sb = NULL;
			size_t sblen = 0;
			ann_status s2 = ann_coco_string_to_lsrle(m->height,
			    m->width, str, slen, 7, &sb, &sblen, &err);
			CHECK(s2 == ANN_OK && sblen == lsblen &&
			    memcmp(sb, lsb, lsblen) == 0,
			    "%s: COCO string -> LS is COCO -> LS", what);
			free(sb);
		}
		if (st == ANN_OK)
			st = ann_lsrle_decode(lsb, lsblen, m->width, m->height,
			    &ld, &err);
		CHECK(st == ANN_OK && mask_binary_of(ld, m, 7),
		    "%s: COCO -> LS -> mask", what);
		if (st == ANN_OK) {
			/* Run to run, the bytes the pixel route writes. */
			ann_mask *m7 = NULL;
			uint8_t *px = NULL;
			size_t pxlen = 0;
			st = ann_coco_decode(c, 7, &m7, &err);
			if (st == ANN_OK)
				st = ann_lsrle_encode(m7, &px, &pxlen, &err);
			CHECK(st == ANN_OK && pxlen == lsblen &&
			    memcmp(px, lsb, lsblen) == 0,
			    "%s: COCO -> LS run to run equals through pixels", what);
			ann_mask_free(m7);
			free(px);
		}
	}
	free(words);
	free(model);
	free(mc);
	free(enc);
	free(lsb);
	free(str);
	ann_mask_free(dec);
	ann_mask_free(cd);
	ann_mask_free(ld);
	ann_coco_free(c);
	ann_coco_free(c2);
	ann_coco_free(c3);
}

static void
test_random(void)
{
	static const uint32_t sizes[][2] = {
		{ 1, 1 }, { 1, 13 }, { 13, 1 }, { 7, 9 }, { 17, 3 }, { 33, 65 },
		{ 101, 37 }, { 255, 129 }, { 641, 97 }, { 1000, 99 },
	};
	static const char *kinds[] = { "noise", "blobs", "grey", "stripes" };
	char what[100];

	for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++)
		for (int k = 0; k < 4; k++) {
			ann_mask *m = random_mask(sizes[s][0], sizes[s][1], k,
			    s * 4 + (size_t)k);
			snprintf(what, sizeof what, "%ux%u %s", sizes[s][0],
			    sizes[s][1], kinds[k]);
			round_trip(m, what);
			ann_mask_free(m);
		}
	/* Empty, full, one row, one column. */
	static const uint32_t edge[][2] = {
		{ 1, 1 }, { 1, 50 }, { 50, 1 }, { 9, 7 }, { 300, 300 },
	};
	for (size_t s = 0; s < sizeof edge / sizeof *edge; s++)
		for (int v = 0; v < 3; v++) {
			ann_mask *m = mask_make(edge[s][0], edge[s][1]);
			memset(m->pix, v == 0 ? 0 : v == 1 ? 255 : 1,
			    (size_t)edge[s][0] * edge[s][1]);
			snprintf(what, sizeof what, "%ux%u %s", edge[s][0],
			    edge[s][1], v == 0 ? "empty" : v == 1 ? "full" :
			    "full of 1");
			round_trip(m, what);
			ann_mask_free(m);
		}
	/*
	 * Rows that repeat, which COCO -> LS writes once and then again: a
	 * row's runs odd or even in number, starting with either value, more
	 * runs than the encoder works out in advance (16), and runs too long
	 * for one token, alone or with the next row's first.
	 */
	static const struct {
		uint32_t w, h;
		uint32_t fg[8][2];	/* [x0, x1) of the foreground, {0, 0} ends */
	} rows[] = {
		{ 40, 9, { { 5, 20 } } },			/* bg fg bg */
		{ 40, 9, { { 0, 20 } } },			/* fg bg */
		{ 40, 9, { { 10, 40 } } },			/* bg fg */
		{ 40, 9, { { 0, 5 }, { 35, 40 } } },		/* fg bg fg */
		{ 40, 9, { { 0, 5 }, { 9, 12 }, { 20, 40 } } },
		{ 20000, 3, { { 9000, 11000 } } },		/* joined > 65536 words */
		{ 20000, 3, { { 100, 19900 } } },		/* a run > 16384 pixels */
		{ 17000, 3, { { 1, 16385 } } },
	};
	for (size_t r = 0; r < sizeof rows / sizeof *rows; r++) {
		ann_mask *m = mask_make(rows[r].w, rows[r].h);
		for (uint32_t y = 0; y < rows[r].h; y++)
			for (int k = 0; k < 8 && rows[r].fg[k][1] > 0; k++)
				memset(m->pix + (size_t)y * rows[r].w + rows[r].fg[k][0],
				    255, rows[r].fg[k][1] - rows[r].fg[k][0]);
		snprintf(what, sizeof what, "%ux%u repeated rows %zu",
		    rows[r].w, rows[r].h, r);
		round_trip(m, what);
		ann_mask_free(m);
	}
	/* Vertical stripes: every row the same, of 2 to 41 runs. */
	for (uint32_t stripes = 1; stripes <= 20; stripes += 19) {
		ann_mask *m = mask_make(4 * stripes + 1, 6);
		for (size_t i = 0; i < (size_t)m->width * m->height; i++)
			m->pix[i] = (i % m->width) % 4 >= 2 ? 255 : 0;
		snprintf(what, sizeof what, "%u vertical stripes", stripes);
		round_trip(m, what);
		ann_mask_free(m);
	}
	/* A run of every length around the class and piece boundaries. */
	for (uint32_t l = 1; l < 70000; l = l < 70 ? l + 1 : l * 3 / 2) {
		ann_mask *m = mask_make(l + 2, 1);
		memset(m->pix + 1, 255, l);
		snprintf(what, sizeof what, "run of %u pixels", l);
		round_trip(m, what);
		ann_mask_free(m);
	}
	/* Exactly 16384 and 16385 pixels: 65536 and 65540 words. */
	for (uint32_t l = 16383; l <= 16385; l++) {
		ann_mask *m = mask_make(l, 1);
		memset(m->pix, 255, l);
		snprintf(what, sizeof what, "full row of %u", l);
		round_trip(m, what);
		ann_mask_free(m);
	}
}

/* --- what the decoder must accept --------------------------------------- */

static void
test_decoder_variants(void)
{
	static const unsigned std[4] = { 3, 4, 8, 16 };
	ann_error err;
	ann_mask *m = NULL;
	uint8_t *rgba = NULL;
	struct bits o = { NULL, 0 };
	ann_status st;

	/* 2x2, the way thi.ng writes it: literal runs and minimal classes. */
	bits_header(&o, 16, 8, std);
	bits_put(&o, 0, 1), bits_put(&o, 1, 2), bits_put(&o, 9 - 1, 4);
	for (int i = 0; i < 9; i++)
		bits_put(&o, (unsigned)(i * 10), 8);
	bits_put(&o, 1, 1), bits_put(&o, 0, 2), bits_put(&o, 7 - 1, 3);
	bits_put(&o, 200, 8);
	st = ann_lsrle_decode_rgba(o.b, (o.n + 7) / 8, 2, 2, &rgba, &err);
	CHECK(st == ANN_OK && rgba[0] == 0 && rgba[8] == 80 && rgba[9] == 200 &&
	    rgba[15] == 200, "LS: a literal run of 9 words (%s)",
	    st ? err.msg : "ok");
	free(rgba);
	rgba = NULL;
	st = ann_lsrle_decode(o.b, (o.n + 7) / 8, 2, 2, &m, &err);
	CHECK(st == ANN_OK && m->pix[0] == 30 && m->pix[1] == 70 &&
	    m->pix[2] == 200 && m->pix[3] == 200, "LS: literal alpha");
	ann_mask_free(m);
	m = NULL;
	free(o.b);

	/* A non-minimal class, a run past the end (cut), no padding at all. */
	o = (struct bits){ NULL, 0 };
	bits_header(&o, 8, 8, std);
	bits_put(&o, 7, 3), bits_put(&o, 3, 16), bits_put(&o, 9, 8);
	bits_put(&o, 6, 3), bits_put(&o, 99, 8), bits_put(&o, 255, 8);
	st = ann_lsrle_decode(o.b, (o.n + 7) / 8, 2, 1, &m, &err);
	CHECK(st == ANN_OK && m->pix[0] == 9 && m->pix[1] == 255,
	    "LS: class 3 for 4 words, a run cut at the end (%s)",
	    st ? err.msg : "ok");
	ann_mask_free(m);
	m = NULL;
	free(o.b);

	/* Other word and field sizes: 16-bit words keep their low byte. */
	static const unsigned odd[4] = { 1, 2, 5, 12 };
	o = (struct bits){ NULL, 0 };
	bits_header(&o, 12, 16, odd);
	bits_put(&o, 1, 1), bits_put(&o, 3, 2), bits_put(&o, 7, 12);
	bits_put(&o, 0x1234, 16);
	bits_put(&o, 0, 1), bits_put(&o, 0, 2), bits_put(&o, 1, 1);
	bits_put(&o, 0xAB01, 16), bits_put(&o, 0x00FF, 16);
	bits_put(&o, 1, 1), bits_put(&o, 1, 2), bits_put(&o, 1, 2);
	bits_put(&o, 0x77, 16);
	st = ann_lsrle_decode_rgba(o.b, (o.n + 7) / 8, 3, 1, &rgba, &err);
	CHECK(st == ANN_OK && rgba[0] == 0x34 && rgba[7] == 0x34 &&
	    rgba[8] == 0x01 && rgba[9] == 0xFF && rgba[10] == 0x77 &&
	    rgba[11] == 0x77, "LS: word size 16, rle sizes 1,2,5,12 (%s)",
	    st ? err.msg : "ok");
	free(rgba);
	rgba = NULL;
	free(o.b);

	/* JS remainders in the minimal class decode like Python's. */
	ann_mask *full = mask_make(16385, 1);
	memset(full->pix, 255, 16385);
	o = (struct bits){ NULL, 0 };
	bits_header(&o, 65540, 8, std);
	bits_put(&o, 7, 3), bits_put(&o, 0xFFFF, 16), bits_put(&o, 255, 8);
	bits_put(&o, 4, 3), bits_put(&o, 3, 3), bits_put(&o, 255, 8);
	st = ann_lsrle_decode(o.b, (o.n + 7) / 8, 16385, 1, &m, &err);
	CHECK(st == ANN_OK && mask_eq(m, full),
	    "LS: [cls3 65536][cls0 4] as thi.ng writes it");
	ann_mask_free(m);
	m = NULL;
	free(o.b);

	/* Without the extra zero byte Python adds when bits fill the last. */
	uint8_t *enc;
	size_t len;
	ann_mask *e = mask_make(64, 48);
	ann_lsrle_encode(e, &enc, &len, &err);
	CHECK(len == 11 && enc[10] == 0, "LS: 64x48 empty is 11 bytes");
	st = ann_lsrle_decode(enc, len - 1, 64, 48, &m, &err);
	CHECK(st == ANN_OK && mask_eq(m, e),
	    "LS: decodes without the trailing zero byte");
	ann_mask_free(m);
	ann_mask_free(e);
	ann_mask_free(full);
	free(enc);
}

/* --- what must fail ----------------------------------------------------- */

#define FAILS(call, what) do {						\
	ann_error err_ = { .msg = "" };					\
	ann_status st_ = (call);					\
	CHECK(st_ == ANN_FAILED && err_.msg[0] != '\0',			\
	    "rejects %s: %s", what, err_.msg);				\
} while (0)

static void
test_hostile(void)
{
	static const unsigned std[4] = { 3, 4, 8, 16 };
	ann_mask *m = NULL;
	ann_coco *c = NULL;
	uint8_t *rgba = NULL;
	struct bits o = { NULL, 0 };

	/* num = 2^32 - 1 with a tiny stream: refused before allocating. */
	bits_header(&o, UINT32_MAX, 8, std);
	bits_put(&o, 7, 3), bits_put(&o, 0xFFFF, 16), bits_put(&o, 1, 8);
	FAILS(ann_lsrle_decode_rgba(o.b, (o.n + 7) / 8, 65535, 16384, &rgba,
	    &err_), "num 2^32-1, 11 bytes");
	FAILS(ann_lsrle_decode(o.b, (o.n + 7) / 8, 32768, 32768, &m, &err_), "W*H*4 != num");
	free(o.b);
	o = (struct bits){ NULL, 0 };
	bits_header(&o, 4u * 65535 * 16384, 8, std);
	bits_put(&o, 7, 3), bits_put(&o, 0xFFFF, 16), bits_put(&o, 1, 8);
	FAILS(ann_lsrle_decode_rgba(o.b, (o.n + 7) / 8, 65535, 16384, &rgba,
	    &err_), "a 65535x16384 header with an 11-byte stream");
	free(o.b);
	CHECK(rgba == NULL && m == NULL, "nothing handed out on failure");

	/* A header claiming the most that fits, then nothing. */
	o = (struct bits){ NULL, 0 };
	bits_header(&o, 4u * 1000 * 1000, 8, std);
	bits_put(&o, 0, 3);
	FAILS(ann_lsrle_decode(o.b, (o.n + 7) / 8, 1000, 1000, &m, &err_), "a 1000x1000 header with no tokens");
	free(o.b);

	/* Truncated streams, cut at every length. */
	ann_mask *noise = random_mask(31, 17, NOISE, 99);
	uint8_t *enc;
	size_t len;
	ann_error e0;
	ann_lsrle_encode(noise, &enc, &len, &e0);
	int all = 1;
	for (size_t cut = 0; cut + 1 < len; cut++) {
		ann_error err = { .msg = "" };
		if (ann_lsrle_decode(enc, cut, 31, 17, &m, &err) !=
		    ANN_FAILED || m != NULL || err.msg[0] == '\0')
			all = 0;
	}
	CHECK(all, "rejects the LS stream cut at each of %zu lengths", len - 1);
	FAILS(ann_lsrle_decode(enc, 6, 31, 17, &m, &err_),
	    "a 6-byte stream");
	FAILS(ann_lsrle_decode(enc, len, 0, 17, &m, &err_),
	    "width 0");

	/* Where a decoder knows it, the error says where its input went wrong. */
	ann_error at;
	CHECK(ann_lsrle_decode(enc, len - 1, 31, 17, &m, &at) == ANN_FAILED &&
	    at.has_byte && at.byte < len - 1, "a cut LS stream names its byte "
	    "(%s; byte %llu of %zu)", at.msg, (unsigned long long)at.byte, len - 1);
	CHECK(ann_lsrle_decode(enc, len, 0, 17, &m, &at) == ANN_FAILED &&
	    !at.has_byte, "a bad size has no byte (%s)", at.msg);
	CHECK(ann_coco_from_string(5, 3, "11203 O", 7, &c, &at) == ANN_FAILED &&
	    at.has_byte && at.byte == 5, "a bad counts character names its byte "
	    "(%s)", at.msg);
	CHECK(ann_coco_from_string(5, 3, "11g", 3, &c, &at) == ANN_FAILED &&
	    at.has_byte && at.byte == 3, "a counts string that ends inside a "
	    "count names its end (%s)", at.msg);
	free(enc);
	ann_mask_free(noise);

	/* COCO counts that disagree with the size. */
	int64_t over[] = { 3, 4, 5 }, neg[] = { 3, -1, 10 }, under[] = { 2, 3 };
	FAILS(ann_coco_from_counts(3, 3, over, 3, &c, &err_),
	    "counts past the end");
	FAILS(ann_coco_from_counts(3, 4, neg, 3, &c, &err_),
	    "a negative count");
	FAILS(ann_coco_from_counts(3, 3, under, 2, &c, &err_),
	    "counts short of the size");
	FAILS(ann_coco_from_counts(70000, 70000, under, 2, &c, &err_),
	    "a size over 2^32 pixels");
	FAILS(ann_coco_from_string(5, 3, "11203 O", 7, &c, &err_),
	    "a space in counts");
	FAILS(ann_coco_from_string(5, 3, "112030p", 7, &c, &err_),
	    "'p' in counts");
	FAILS(ann_coco_from_string(5, 3, "11\x7f", 3, &c, &err_),
	    "DEL in counts");
	FAILS(ann_coco_from_string(5, 3, "112030", 6, &c, &err_),
	    "a string short of the size");
	FAILS(ann_coco_from_string(5, 3, "1120300", 7, &c, &err_),
	    "a string past the size");
	FAILS(ann_coco_from_string(5, 3, "11g", 3, &c, &err_),
	    "a string ending inside a count");
	FAILS(ann_coco_from_string(5, 3, "1O", 2, &c, &err_),
	    "a negative first count");
	FAILS(ann_coco_from_string(5, 3, "ooooooooooooo1", 14, &c, &err_),
	    "a 14-group count");
	FAILS(ann_coco_from_string(5, 3, "", 0, &c, &err_),
	    "an empty string for 15 pixels");
	CHECK(c == NULL, "no COCO RLE handed out on failure");
	/* Straight to Label Studio RLE, each fails the same way. */
	static const char *const badstr[] = {
		"11203 O", "112030p", "11\x7f", "112030", "1120300", "11g",
		"1O", "ooooooooooooo1", "",
	};
	for (size_t i = 0; i < sizeof badstr / sizeof *badstr; i++) {
		ann_error e1, e2;
		uint8_t *lb = (uint8_t *)"x";
		size_t lbn = 1, bl = strlen(badstr[i]);
		ann_status s1 = ann_coco_from_string(5, 3, badstr[i], bl, &c, &e1);
		ann_status s2 = ann_coco_string_to_lsrle(5, 3, badstr[i], bl, 255,
		    &lb, &lbn, &e2);
		CHECK(s1 == ANN_FAILED && s2 == ANN_FAILED && lb == NULL &&
		    lbn == 0 && strcmp(e1.msg, e2.msg) == 0 &&
		    e1.has_byte == e2.has_byte && e1.byte == e2.byte,
		    "counts \"%s\" straight to LS: %s", badstr[i], e2.msg);
	}
	{
		ann_error e1, e2;
		uint8_t *lb = NULL;
		size_t lbn;
		CHECK(ann_coco_from_string(70000, 70000, "0", 1, &c, &e1) ==
		    ANN_FAILED && ann_coco_string_to_lsrle(70000, 70000, "0", 1,
		    255, &lb, &lbn, &e2) == ANN_FAILED &&
		    strcmp(e1.msg, e2.msg) == 0, "a size over 2^32 pixels "
		    "straight to LS: %s", e2.msg);
		CHECK(ann_coco_string_to_lsrle(0, 3, "", 0, 255, &lb, &lbn,
		    &e2) == ANN_FAILED && lb == NULL, "an empty size straight "
		    "to LS: %s", e2.msg);
	}

	/* A hand-made ann_coco that lies about its counts. */
	uint32_t lie[] = { 10, 10 };
	ann_coco fake = { 3, 3, 2, lie };
	FAILS(ann_coco_decode(&fake, 1, &m, &err_),
	    "a hand-made RLE past the end");

	/* A good one still works after all that. */
	CHECK(ann_coco_from_string(5, 3, "112030O", 7, &c, NULL) == ANN_OK &&
	    c->n == 7 && ann_coco_area(c) == 3, "parses 3x5_orientation's counts");
	ann_coco_free(c);
}

/* --- files -------------------------------------------------------------- */

/* Write ROWS (h rows of rowbytes) as a PNG of the given type and depth. */
static FILE *
make_png(uint32_t w, uint32_t h, int type, int depth, const uint8_t *data,
    size_t rowbytes, int interlace)
{
	FILE *f = tmpfile();
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL,
	    NULL, NULL);
	png_infop info = png_create_info_struct(png);

	png_init_io(png, f);
	png_set_IHDR(png, info, w, h, depth, type, interlace ?
	    PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
	    PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	if (type == PNG_COLOR_TYPE_PALETTE) {
		png_color pal[256];
		for (int i = 0; i < 256; i++)
			pal[i].red = pal[i].green = pal[i].blue = (png_byte)(255 - i);
		png_set_PLTE(png, info, pal, 1 << depth);
	}
	png_write_info(png, info);
	int passes = png_set_interlace_handling(png);
	for (int p = 0; p < passes; p++)
		for (uint32_t y = 0; y < h; y++)
			png_write_row(png, data + y * rowbytes);
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	rewind(f);
	return f;
}

static void
test_png(void)
{
	ann_error err;
	ann_mask *m = NULL, *back = NULL;
	const uint32_t w = 5, h = 3;
	uint8_t buf[5 * 3 * 8];
	FILE *f;

	/* What each colour type reads as (see ann_rle.h). */
	static const uint8_t grey8[15] = { 0, 1, 2, 127, 128, 129, 254, 255,
	    0, 0, 9, 0, 0, 0, 3 };
	for (int il = 0; il < 2; il++) {
		f = make_png(w, h, PNG_COLOR_TYPE_GRAY, 8, grey8, w, il);
		CHECK(ann_mask_read_png(f, 0, 0, 0, &m, &err) == ANN_OK &&
		    memcmp(m->pix, grey8, 15) == 0,
		    "PNG: 8-bit grey keeps its values%s", il ? " (Adam7)" : "");
		fclose(f);
		ann_mask_free(m);
		m = NULL;
	}
	/* 1-bit grey: 0/255. Row 0 = 10110, rows 1, 2 = 00001. */
	uint8_t bit1[3] = { 0xB0, 0x08, 0x08 };
	f = make_png(w, h, PNG_COLOR_TYPE_GRAY, 1, bit1, 1, 0);
	CHECK(ann_mask_read_png(f, 0, 0, 0, &m, &err) == ANN_OK &&
	    m->pix[0] == 255 && m->pix[1] == 0 && m->pix[2] == 255 &&
	    m->pix[4] == 0 && m->pix[9] == 255, "PNG: 1-bit grey is 0/255");
	fclose(f);
	ann_mask_free(m);
	m = NULL;
	/* 4-bit palette: the index, whatever the colour. */
	uint8_t pal4[9] = { 0x01, 0x23, 0x40, 0x00, 0x00, 0x00, 0xF0, 0x00,
	    0xF0 };
	f = make_png(w, h, PNG_COLOR_TYPE_PALETTE, 4, pal4, 3, 0);
	CHECK(ann_mask_read_png(f, 0, 0, 0, &m, &err) == ANN_OK &&
	    m->pix[0] == 0 && m->pix[1] == 1 && m->pix[4] == 4 &&
	    m->pix[5] == 0 && m->pix[10] == 15 && m->pix[14] == 15,
	    "PNG: palette reads as the index");
	fclose(f);
	ann_mask_free(m);
	m = NULL;
	/* 16-bit grey: high byte, but 1 stays non-zero. */
	for (int i = 0; i < 15; i++) {
		unsigned v = i == 0 ? 0 : i == 1 ? 1 : (unsigned)i * 4000;
		buf[2 * i] = (uint8_t)(v >> 8);
		buf[2 * i + 1] = (uint8_t)v;
	}
	f = make_png(w, h, PNG_COLOR_TYPE_GRAY, 16, buf, 10, 0);
	CHECK(ann_mask_read_png(f, 0, 0, 0, &m, &err) == ANN_OK &&
	    m->pix[0] == 0 && m->pix[1] == 1 && m->pix[2] == 8000 >> 8,
	    "PNG: 16-bit grey keeps non-zero");
	fclose(f);
	ann_mask_free(m);
	m = NULL;
	/* RGB: the largest channel.  RGBA and grey+alpha: alpha. */
	memset(buf, 0, sizeof buf);
	buf[3 * 1 + 2] = 9;	/* pixel 1: blue 9 */
	buf[3 * 2 + 0] = 200, buf[3 * 2 + 1] = 201;
	for (int il = 0; il < 2; il++) {
		f = make_png(w, h, PNG_COLOR_TYPE_RGB, 8, buf, 15, il);
		CHECK(ann_mask_read_png(f, 0, 0, 0, &m, &err) == ANN_OK &&
		    m->pix[0] == 0 && m->pix[1] == 9 && m->pix[2] == 201 &&
		    m->pix[3] == 0, "PNG: RGB is the largest channel%s",
		    il ? " (Adam7)" : "");
		fclose(f);
		ann_mask_free(m);
		m = NULL;
	}
	memset(buf, 0, sizeof buf);
	buf[0] = 255, buf[1] = 255, buf[2] = 255;	/* white, transparent */
	buf[4 * 1 + 3] = 128;				/* black, half */
	f = make_png(w, h, PNG_COLOR_TYPE_RGBA, 8, buf, 20, 1);
	CHECK(ann_mask_read_png(f, 0, 0, 0, &m, &err) == ANN_OK &&
	    m->pix[0] == 0 && m->pix[1] == 128 && m->pix[2] == 0,
	    "PNG: RGBA is its alpha (Adam7)");
	fclose(f);
	ann_mask_free(m);
	m = NULL;
	memset(buf, 0, sizeof buf);
	memset(buf, 255, 6);		/* white, transparent */
	buf[8 * 4 + 7] = 1;		/* pixel 4: alpha 0x0001 */
	f = make_png(w, h, PNG_COLOR_TYPE_RGBA, 16, buf, 40, 0);
	CHECK(ann_mask_read_png(f, 0, 0, 0, &m, &err) == ANN_OK &&
	    m->pix[4] == 1 && m->pix[0] == 0,
	    "PNG: 16-bit RGBA alpha 0x0001 stays non-zero");
	fclose(f);
	ann_mask_free(m);
	m = NULL;
	uint8_t ga[30] = { 50, 0, 0, 60 };
	f = make_png(w, h, PNG_COLOR_TYPE_GRAY_ALPHA, 8, ga, 10, 0);
	CHECK(ann_mask_read_png(f, 0, 0, 0, &m, &err) == ANN_OK &&
	    m->pix[0] == 0 && m->pix[1] == 60, "PNG: grey+alpha is its alpha");
	fclose(f);
	ann_mask_free(m);
	m = NULL;

	/* Write and read back; garbage is an error. */
	ann_mask *g = random_mask(37, 23, GREY, 5);
	f = tmpfile();
	CHECK(ann_mask_write_png(f, g, &err) == ANN_OK,
	    "PNG: write 37x23");
	rewind(f);
	CHECK(ann_mask_read_png(f, 0, 0, 0, &back, &err) == ANN_OK &&
	    mask_eq(back, g), "PNG: reads back what it wrote");
	fclose(f);
	ann_mask_free(back);
	back = NULL;
	f = tmpfile();
	fputs("\x89PNG\r\n\x1a\nnot really", f);
	rewind(f);
	err.msg[0] = '\0';
	CHECK(ann_mask_read_png(f, 0, 0, 0, &back, &err) == ANN_FAILED &&
	    back == NULL && err.msg[0] != '\0', "PNG: rejects garbage: %s", err.msg);
	fclose(f);

	/* .npy: numpy's own header, then the bytes. */
	f = tmpfile();
	CHECK(ann_mask_write_npy(f, g, &err) == ANN_OK,
	    "npy: write");
	long size = ftell(f);
	rewind(f);
	uint8_t head[128];
	size_t got = fread(head, 1, sizeof head, f);
	static const char dict[] =
	    "{'descr': '|u1', 'fortran_order': False, 'shape': (23, 37), }";
	CHECK(got == 128 && memcmp(head, "\x93NUMPY\x01\x00", 8) == 0 &&
	    head[8] + 256 * head[9] == 118 &&
	    memcmp(head + 10, dict, sizeof dict - 1) == 0 &&
	    head[127] == '\n' && head[126] == ' ' &&
	    size == 128 + 37 * 23, "npy: version 1.0 header, 64-byte aligned");
	fseek(f, 128, SEEK_SET);
	uint8_t data[37 * 23];
	got = fread(data, 1, sizeof data, f);
	CHECK(got == sizeof data && memcmp(data, g->pix, sizeof data) == 0,
	    "npy: C-order data");
	fclose(f);
	ann_mask_free(g);
}

int
main(void)
{
	if (!find_corpus()) {
		printf("1..0 # SKIP corpus not found\n");
		return 0;
	}
	test_corpus();
	test_random();
	test_decoder_variants();
	test_hostile();
	test_png();
	return done_testing();
}
