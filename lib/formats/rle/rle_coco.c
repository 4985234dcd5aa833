/*
 * rle_coco.c: COCO RLE, the format of pycocotools and cocoapi's maskApi.c.
 *
 * COCO counts walk the mask column by column while ann_mask is stored row
 * by row.  Rather than transpose, both directions work with the pixels
 * where the column-major walk changes between background and foreground:
 * (x, y) for y > 0 is one exactly when it differs from (x, y - 1), the pixel
 * above, so the encoder finds them by comparing each row with the one
 * above eight bytes at a time, and the decoder marks them and then XORs
 * each row into the next.  Only row 0, whose predecessor is the bottom of
 * the previous column, is handled apart.
 */
#include <stdlib.h>
#include <string.h>

#include "rle_private.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

void
ann_coco_free(ann_coco *c)
{
	if (c == NULL)
		return;
	free(c->counts);
	free(c);
}

ann_coco *
ann__coco_new(uint32_t h, uint32_t w, size_t cap)
{
	ann_coco *c = malloc(sizeof *c);

	if (c == NULL)
		return NULL;
	c->h = h;
	c->w = w;
	c->n = 0;
	if ((c->counts = malloc((cap ? cap : 1) * sizeof *c->counts)) == NULL) {
		free(c);
		return NULL;
	}
	return c;
}

ann_status
ann__coco_check_size(uint32_t h, uint32_t w, ann_error *err)
{
	if ((uint64_t)h * w > UINT32_MAX) {
		ann__error_set(err,
		    "size %ux%u has more pixels than 32-bit counts can hold",
		    h, w);
		return ANN_FAILED;
	}
	return ANN_OK;
}

/* --- encode ------------------------------------------------------------- */

/* A growing list of 32-bit numbers. */
struct list {
	uint32_t *v;
	size_t n;
	size_t cap;
};

static int
list_grow(struct list *l, size_t more)
{
	return ann__grow((void **)&l->v, &l->cap, l->n + more, sizeof *l->v) == 0;
}

/*
 * Columns where row CUR (y > 0) and row PREV disagree on "non-zero",
 * appended to L.  Returns 0 when out of memory.
 */
static int
row_changes(const uint8_t *cur, const uint8_t *prev, uint32_t w,
    struct list *l)
{
	uint32_t x = 0;

#if defined(__SSE2__)
	const __m128i zero = _mm_setzero_si128();
	for (; w - x >= 32; x += 32) {
		__m128i a0 = _mm_loadu_si128((const __m128i *)(const void *)(cur + x));
		__m128i a1 = _mm_loadu_si128((const __m128i *)(const void *)(cur + x + 16));
		__m128i b0 = _mm_loadu_si128((const __m128i *)(const void *)(prev + x));
		__m128i b1 = _mm_loadu_si128((const __m128i *)(const void *)(prev + x + 16));
		/* Bit i: column x + i is zero in one row and not in the other. */
		uint32_t d = (uint32_t)_mm_movemask_epi8(_mm_xor_si128(
		    _mm_cmpeq_epi8(a0, zero), _mm_cmpeq_epi8(b0, zero))) |
		    (uint32_t)_mm_movemask_epi8(_mm_xor_si128(
		    _mm_cmpeq_epi8(a1, zero), _mm_cmpeq_epi8(b1, zero))) << 16;
		if (d == 0)
			continue;
		if (!list_grow(l, 32))
			return 0;
		do {
			l->v[l->n++] = x + (uint32_t)__builtin_ctz(d);
			d &= d - 1;
		} while (d != 0);
	}
#endif
	for (; w - x >= 8; x += 8) {
		uint64_t d = ann__nonzero_bytes(ann__load64(cur + x)) ^
		    ann__nonzero_bytes(ann__load64(prev + x));
		if (d == 0)
			continue;
		if (!list_grow(l, 8))
			return 0;
		do {
			l->v[l->n++] = x + ann__first_byte(d);
			d = ann__drop_first(d);
		} while (d != 0);
	}
	if (!list_grow(l, 8))
		return 0;
	for (; x < w; x++)
		if ((cur[x] != 0) != (prev[x] != 0))
			l->v[l->n++] = x;
	return 1;
}

ann_status
ann_coco_encode(const ann_mask *m, ann_coco **out, ann_error *err)
{
	const uint32_t w = m->width, h = m->height;
	struct list xs = { 0 }, x0 = { 0 };
	uint32_t *rowend = NULL, *colstart = NULL, *ys = NULL;
	ann_coco *c = NULL;

	*out = NULL;
	if (ann__coco_check_size(h, w, err) != ANN_OK)
		return ANN_FAILED;
	/* Changes in row order: row 0 apart, then rows 1.. with their ends. */
	if ((rowend = malloc((size_t)h * sizeof *rowend)) == NULL ||
	    (colstart = calloc((size_t)w + 1, sizeof *colstart)) == NULL ||
	    !list_grow(&x0, w))
		goto oom;
	const uint8_t *bottom = m->pix + (size_t)(h - 1) * w;
	int before = 0;
	for (uint32_t x = 0; x < w; x++) {
		int on = m->pix[x] != 0;
		if (on != before)
			x0.v[x0.n++] = x;
		before = bottom[x] != 0;
	}
	rowend[0] = 0;
	for (uint32_t y = 1; y < h; y++) {
		const uint8_t *row = m->pix + (size_t)y * w;
		if (!row_changes(row, row - w, w, &xs))
			goto oom;
		rowend[y] = (uint32_t)xs.n;
	}

	/* Counting sort by column keeps each column's rows in order. */
	size_t total = x0.n + xs.n;
	if ((ys = malloc((total ? total : 1) * sizeof *ys)) == NULL ||
	    (c = ann__coco_new(h, w, total + 1)) == NULL)
		goto oom;
	for (size_t k = 0; k < x0.n; k++)
		colstart[x0.v[k] + 1]++;
	for (size_t k = 0; k < xs.n; k++)
		colstart[xs.v[k] + 1]++;
	for (uint32_t x = 0; x < w; x++)
		colstart[x + 1] += colstart[x];
	for (size_t k = 0; k < x0.n; k++)
		ys[colstart[x0.v[k]]++] = 0;
	size_t k = 0;
	for (uint32_t y = 1; y < h; y++)
		for (; k < rowend[y]; k++)
			ys[colstart[xs.v[k]]++] = y;
	/* colstart[x] is now the end of column x: walk it back. */
	uint32_t last = 0;
	size_t j = 0;
	for (uint32_t x = 0; x < w; x++) {
		uint32_t base = x * h;
		for (; j < colstart[x]; j++) {
			uint32_t pos = base + ys[j];
			c->counts[c->n++] = pos - last;
			last = pos;
		}
	}
	c->counts[c->n++] = h * w - last;
	free(rowend);
	free(colstart);
	free(ys);
	free(xs.v);
	free(x0.v);
	*out = c;
	return ANN_OK;
oom:
	free(rowend);
	free(colstart);
	free(ys);
	free(xs.v);
	free(x0.v);
	ann_coco_free(c);
	ann__error_set(err, "out of memory encoding a %ux%u mask", w, h);
	return ANN_FATAL;
}

/* --- decode ------------------------------------------------------------- */

ann_status
ann_coco_decode(const ann_coco *c, uint8_t value, ann_mask **out,
    ann_error *err)
{
	const uint32_t h = c->h, w = c->w;
	ann_mask *m;

	*out = NULL;
	if ((m = ann_mask_new(w, h)) == NULL) {
		ann__error_set(err, w == 0 || h == 0 ?
		    "COCO size %ux%u is empty" : "out of memory for a %ux%u mask",
		    h, w);
		return w == 0 || h == 0 ? ANN_FAILED : ANN_FATAL;
	}
	/*
	 * Rows 1.. first receive VALUE where a pixel differs from the one
	 * above; row 0 receives the pixels themselves.  Counts were checked
	 * when the RLE was made, but a hand-built one is checked again here.
	 */
	uint8_t *pix = m->pix;
	uint64_t pos = 0, total = (uint64_t)h * w;
	uint32_t x = 0, y = 0;	/* of pos */
	int state = 0, prev = 0;
	for (size_t k = 0; k < c->n; k++, state ^= 1) {
		uint64_t end = pos + c->counts[k];
		if (end > total) {
			ann_mask_free(m);
			ann__error_set(err,
			    "COCO counts run past the %ux%u mask", h, w);
			return ANN_FAILED;
		}
		if (end == pos)
			continue;
		if (state != prev && y > 0)
			pix[(size_t)y * w + x] = value;
		prev = state;
		/* Every column top inside the run takes the run's state. */
		uint64_t to = end - pos;
		if (y == 0 && state)
			pix[x] = value;
		if (to < (uint64_t)h - y)
			y += (uint32_t)to;
		else {
			to -= h - y;
			x++;
			for (; to >= h; to -= h, x++)
				if (state)
					pix[x] = value;
			y = (uint32_t)to;
			if (y > 0 && state)
				pix[x] = value;
		}
		pos = end;
	}
	if (pos != total) {
		ann_mask_free(m);
		ann__error_set(err,
		    "COCO counts cover %llu of %llu pixels",
		    (unsigned long long)pos, (unsigned long long)total);
		return ANN_FAILED;
	}
	size_t x8 = w & ~(size_t)7;
	for (uint32_t r = 1; r < h; r++) {
		uint8_t *row = pix + (size_t)r * w;
		const uint8_t *up = row - w;
		size_t i = 0;
		for (; i < x8; i += 8) {
			uint64_t a = ann__load64(row + i), b = ann__load64(up + i);
			a ^= b;
			memcpy(row + i, &a, 8);
		}
		for (; i < w; i++)
			row[i] ^= up[i];
	}
	*out = m;
	return ANN_OK;
}

/* --- counts and strings ------------------------------------------------- */

ann_status
ann_coco_from_counts(uint32_t h, uint32_t w, const int64_t *counts, size_t n,
    ann_coco **out, ann_error *err)
{
	uint64_t sum = 0, total = (uint64_t)h * w;
	ann_coco *c;

	*out = NULL;
	if (ann__coco_check_size(h, w, err) != ANN_OK)
		return ANN_FAILED;
	for (size_t k = 0; k < n; k++) {
		if (counts[k] < 0) {
			ann__error_set(err, "COCO count %zu is negative", k);
			return ANN_FAILED;
		}
		if ((uint64_t)counts[k] > total - sum) {
			ann__error_set(err,
			    "COCO counts run past the %ux%u mask at count %zu",
			    h, w, k);
			return ANN_FAILED;
		}
		sum += (uint64_t)counts[k];
	}
	if (sum != total) {
		ann__error_set(err, "COCO counts cover %llu of %llu pixels",
		    (unsigned long long)sum, (unsigned long long)total);
		return ANN_FAILED;
	}
	if ((c = ann__coco_new(h, w, n)) == NULL) {
		ann__error_set(err, "out of memory for %zu counts", n);
		return ANN_FATAL;
	}
	for (size_t k = 0; k < n; k++)
		c->counts[k] = (uint32_t)counts[k];
	c->n = n;
	*out = c;
	return ANN_OK;
}

/*
 * maskApi's rleToString: each count from the third on is stored as the
 * difference to the count two back (same kind of run), then as
 * little-endian 5-bit groups with a continuation bit, offset by '0'.
 */
ann_status
ann_coco_to_string(const ann_coco *c, char **out, size_t *outlen,
    ann_error *err)
{
	/* A 33-bit signed difference needs at most 7 groups. */
	char *s = malloc(c->n * 7 + 1), *p = s;

	*out = NULL;
	*outlen = 0;
	if (s == NULL) {
		ann__error_set(err, "out of memory for %zu counts", c->n);
		return ANN_FATAL;
	}
	for (size_t i = 0; i < c->n; i++) {
		int64_t x = c->counts[i];
		if (i > 2)
			x -= c->counts[i - 2];
		for (int more = 1; more;) {
			int ch = (int)(x & 0x1F);
			x >>= 5;	/* arithmetic, as maskApi's long */
			more = (ch & 0x10) ? x != -1 : x != 0;
			if (more)
				ch |= 0x20;
			*p++ = (char)(ch + '0');
		}
	}
	*p = '\0';
	*out = s;
	*outlen = (size_t)(p - s);
	return ANN_OK;
}

/*
 * The difference count K starts with at s[*IP], as maskApi's long, in *D,
 * and *IP past it: 0, or -1 with err set (a bad character, the string
 * ending inside the count, more than 7 groups).  The first group needs
 * neither the end nor the length test, the second not the length test:
 * counts of one or two characters (a difference of -512..511) are by far
 * the most common.
 */
static inline __attribute__((always_inline)) int
read_diff(const char *s, size_t len, size_t *ip, size_t k, int64_t *d,
    ann_error *err)
{
	size_t i = *ip;
	unsigned ch = (unsigned char)s[i] - '0';

	if (ch > 0x3F)
		goto bad_char;
	uint64_t x = ch & 0x1F;
	unsigned shift = 5;
	i++;
	/* The second group apart too: two are the most common. */
	if (ch & 0x20) {
		if (i == len)
			goto ends;
		ch = (unsigned char)s[i] - '0';
		if (ch > 0x3F)
			goto bad_char;
		x |= (uint64_t)(ch & 0x1F) << 5;
		shift = 10;
		i++;
	}
	while (ch & 0x20) {
		if (i == len)
			goto ends;
		ch = (unsigned char)s[i] - '0';
		if (ch > 0x3F)
			goto bad_char;
		/* Past 7 groups no difference of 32-bit counts fits. */
		if (shift >= 35) {
			ann__error_set(err,
			    "COCO count %zu is too long at offset %zu", k, i);
			ann__error_byte(err, i);
			return -1;
		}
		x |= (uint64_t)(ch & 0x1F) << shift;
		shift += 5;
		i++;
	}
	*d = (int64_t)x;
	if (ch & 0x10)
		*d = (int64_t)(x | ~(uint64_t)0 << shift);
	*ip = i;
	return 0;
ends:
	ann__error_set(err, "COCO counts string ends inside count %zu", k);
	ann__error_byte(err, i);
	return -1;
bad_char:
	ann__error_set(err, "bad character 0x%02X in COCO counts at offset %zu",
	    (unsigned char)s[i], i);
	ann__error_byte(err, i);
	return -1;
}

/*
 * Count K of an h x w mask from its difference D and BACK2, the count two
 * back, in *V: 0, or -1 with err set when it is negative or past the REM
 * pixels left, which one test finds.
 */
static inline __attribute__((always_inline)) int
count_of(int64_t d, size_t k, uint32_t back2, uint64_t rem, uint32_t h,
    uint32_t w, uint32_t *v, ann_error *err)
{
	if (k > 2)
		d += back2;
	if ((uint64_t)d > rem) {
		if (d < 0)
			ann__error_set(err, "COCO count %zu is negative (%lld)",
			    k, (long long)d);
		else
			ann__error_set(err, "COCO counts run past the %ux%u "
			    "mask at count %zu", h, w, k);
		return -1;
	}
	*v = (uint32_t)d;
	return 0;
}

/*
 * rleFrString, into COUNTS when it is not NULL (room for LEN: every count
 * takes at least one character), else straight into the foreground runs,
 * [START[j], END[j]) in column-major pixels, empty ones left out (room
 * for LEN / 2 + 1 each); *N is how many.  Each caller passes NULL or not
 * as a constant, and gets a loop of its own.  Counts go a background and
 * a foreground at a time, so that which one is which is never tested.
 */
static inline __attribute__((always_inline)) ann_status
decode_string(uint32_t h, uint32_t w, const char *s, size_t len,
    uint32_t *counts, uint32_t *start, uint32_t *end, size_t *n,
    ann_error *err)
{
	const uint64_t total = (uint64_t)h * w;
	uint64_t pos = 0;		/* pixels counted */
	uint32_t back1 = 0, back2 = 0;	/* the counts one and two back */
	uint32_t v;
	int64_t d;
	size_t i = 0, k = 0, nr = 0;

	while (i < len) {
		if (read_diff(s, len, &i, k, &d, err) != 0 ||
		    count_of(d, k, back2, total - pos, h, w, &v, err) != 0)
			return ANN_FAILED;
		if (counts != NULL)
			counts[k] = v;
		pos += v;
		back2 = back1;
		back1 = v;
		k++;
		if (i == len)
			break;
		if (read_diff(s, len, &i, k, &d, err) != 0 ||
		    count_of(d, k, back2, total - pos, h, w, &v, err) != 0)
			return ANN_FAILED;
		if (counts != NULL)
			counts[k] = v;
		else {
			start[nr] = (uint32_t)pos;
			end[nr] = (uint32_t)(pos + v);
			nr += v > 0;
		}
		pos += v;
		back2 = back1;
		back1 = v;
		k++;
	}
	if (pos != total) {
		ann__error_set(err, "COCO counts cover %llu of %llu pixels",
		    (unsigned long long)pos, (unsigned long long)total);
		return ANN_FAILED;
	}
	*n = counts != NULL ? k : nr;
	return ANN_OK;
}

ann_status
ann__coco_decode_runs(uint32_t h, uint32_t w, const char *s, size_t len,
    uint32_t *start, uint32_t *end, size_t *n, ann_error *err)
{
	return decode_string(h, w, s, len, NULL, start, end, n, err);
}

ann_status
ann_coco_from_string(uint32_t h, uint32_t w, const char *s, size_t len,
    ann_coco **out, ann_error *err)
{
	ann_coco *c;

	*out = NULL;
	if (ann__coco_check_size(h, w, err) != ANN_OK)
		return ANN_FAILED;
	if ((c = ann__coco_new(h, w, len)) == NULL) {
		ann__error_set(err, "out of memory for %zu counts", len);
		return ANN_FATAL;
	}
	if (decode_string(h, w, s, len, c->counts, NULL, NULL, &c->n, err) !=
	    ANN_OK) {
		ann_coco_free(c);
		return ANN_FAILED;
	}
	*out = c;
	return ANN_OK;
}

/* --- measures ----------------------------------------------------------- */

uint64_t
ann_coco_area(const ann_coco *c)
{
	uint64_t a = 0;

	for (size_t k = 1; k < c->n; k += 2)
		a += c->counts[k];
	return a;
}

/*
 * maskApi's rleToBbox: the columns of the first and last foreground pixel
 * of each run; a run that crosses into another column covers rows 0..h-1
 * between them.  Empty foreground runs are skipped (maskApi would count
 * their position; encoders never write them).
 */
void
ann_coco_bbox(const ann_coco *c, double bbox[4])
{
	uint64_t pos = 0;
	uint32_t xs = UINT32_MAX, xe = 0, ys = UINT32_MAX, ye = 0;

	bbox[0] = bbox[1] = bbox[2] = bbox[3] = 0;
	for (size_t k = 0; k < c->n; k++) {
		uint64_t first = pos;
		pos += c->counts[k];
		if (!(k & 1) || pos == first)
			continue;
		uint32_t x1 = (uint32_t)(first / c->h), y1 = (uint32_t)(first % c->h);
		uint32_t x2 = (uint32_t)((pos - 1) / c->h);
		uint32_t y2 = (uint32_t)((pos - 1) % c->h);
		if (x1 < xs)
			xs = x1;
		if (x2 > xe)
			xe = x2;
		if (x1 != x2) {
			ys = 0;
			ye = c->h - 1;
		}
		if (y1 < ys)
			ys = y1;
		if (y2 > ye)
			ye = y2;
		if (y1 > ye)
			ye = y1;
		if (y2 < ys)
			ys = y2;
	}
	if (xs == UINT32_MAX)
		return;
	bbox[0] = xs;
	bbox[1] = ys;
	bbox[2] = (double)xe - xs + 1;
	bbox[3] = (double)ye - ys + 1;
}
