/*
 * json_write.c: JSON out: the minifier, string escaping, and the whole-text
 * validator for callers that hold a complete document.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "json_private.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#if defined(__SSE2__)
/*
 * Copy 16 bytes from p to d and tell where the first byte that ends the run
 * is (16 if none).  The copy may run past that byte: the caller only moves d
 * as far as the run goes, and the next copy overwrites the rest.  Safe
 * because d never gets ahead of p, so dst has 16 bytes wherever src does.
 */
static inline int
copy16_until(const char *p, char *d, int in_string)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i stop = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));

	_mm_storeu_si128((__m128i *)(void *)d, v);
	if (in_string)
		stop = _mm_or_si128(stop, _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
	else {
		__m128i space = _mm_set1_epi8(0x20);
		stop = _mm_or_si128(stop,
		    _mm_cmpeq_epi8(_mm_max_epu8(v, space), space));
	}
	int bits = _mm_movemask_epi8(stop);
	return bits ? __builtin_ctz((unsigned)bits) : 16;
}
#endif

size_t
ann_json_minify(const char *text, size_t len, char *dst)
{
	const char *p = text, *end = text + len;
	char *d = dst;

	while (p < end) {
		unsigned char c = (unsigned char)*p;
		if (c <= 0x20) {	/* outside strings only whitespace is */
			p++;
			continue;
		}
		int in_string = c == '"';
		if (in_string)
			*d++ = *p++;
		for (;;) {
			int k = 16;
#if defined(__SSE2__)
			while (end - p >= 16 &&
			    (k = copy16_until(p, d, in_string)) == 16) {
				p += 16;
				d += 16;
			}
			if (k < 16) {
				p += k;
				d += k;
			} else
#endif
			while (p < end && (in_string ? *p != '"' && *p != '\\' :
			    (unsigned char)*p > 0x20 && *p != '"'))
				*d++ = *p++;
			if (!in_string || p >= end)
				break;
			if (*p == '"') {
				*d++ = *p++;
				break;
			}
			*d++ = *p++;	/* a backslash and the byte it escapes */
			if (p < end)
				*d++ = *p++;
		}
	}
	return (size_t)(d - dst);
}

size_t
ann_json_escape(const char *s, size_t len, char *dst)
{
	static const char hex[] = "0123456789abcdef";
	char *d = dst;

	*d++ = '"';
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\') {
			*d++ = (char)c;
			continue;
		}
		*d++ = '\\';
		switch (c) {
		case '"': *d++ = '"'; break;
		case '\\': *d++ = '\\'; break;
		case '\b': *d++ = 'b'; break;
		case '\f': *d++ = 'f'; break;
		case '\n': *d++ = 'n'; break;
		case '\r': *d++ = 'r'; break;
		case '\t': *d++ = 't'; break;
		default:
			*d++ = 'u';
			*d++ = '0';
			*d++ = '0';
			*d++ = hex[c >> 4];
			*d++ = hex[c & 15];
		}
	}
	*d++ = '"';
	return (size_t)(d - dst);
}

int
ann_buf_json_string(ann_buf *b, const char *s, size_t n)
{
	char *at = ann_buf_room(b, 6 * n + 2);

	if (at == NULL)
		return -1;
	b->len += ann_json_escape(s, n, at);
	b->p[b->len] = '\0';
	return 0;
}

/*
 * The check of ann_json_parse on buf, which holds len bytes of text
 * followed by room for 1 + ANN__JSON_PAD more, written here: the scanner
 * wants zero padding after the data, and a space after the text lets a
 * top-level scalar end before END.  root points into buf.
 */
static int
parse_padded(char *buf, size_t len, ann_json_val *root, const char **errmsg,
    size_t *erroff)
{
	ann__scan sc = { 0 };
	const char *p, *start, *after;
	int ret = -1;

	memset(buf + len, 0, 1 + ANN__JSON_PAD);
	buf[len] = ' ';
	sc.end = buf + len + 1;
	p = buf;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
		sc.errp = p;
		sc.errmsg = "byte order mark";
		goto out;
	}
	while (ann__json_is_ws((unsigned char)*p))
		p++;
	start = p;
	switch (ann__json_scan(p, &sc, &after)) {
	case ANN__SCAN_OK:
		break;
	case ANN__SCAN_MORE:
		sc.errp = buf + len;
		sc.errmsg = "unexpected end of input";
		goto out;
	default:
		goto out;
	}
	p = after;
	while (ann__json_is_ws((unsigned char)*p))
		p++;
	if (p != sc.end) {
		sc.errp = p;
		sc.errmsg = "trailing data after the value";
		goto out;
	}
	if (root) {
		root->p = start;
		root->n = (size_t)(after - start);
	}
	ret = 0;
out:
	if (ret != 0) {
		if (errmsg)
			*errmsg = sc.errmsg;
		if (erroff)
			*erroff = sc.errp - buf > (ptrdiff_t)len ? len :
			    (size_t)(sc.errp - buf);
	}
	return ret;
}

int
ann_json_parse(const char *text, size_t len, ann_json_val *root,
    const char **errmsg, size_t *erroff)
{
	/* The scanner wants zero padding after the data: give it a copy. */
	char *buf = malloc(len + 1 + ANN__JSON_PAD);
	int ret;

	if (buf == NULL) {
		if (errmsg)
			*errmsg = "out of memory";
		if (erroff)
			*erroff = 0;
		return -1;
	}
	memcpy(buf, text, len);
	ret = parse_padded(buf, len, root, errmsg, erroff);
	if (ret == 0 && root)
		root->p = text + (root->p - buf);
	free(buf);
	return ret;
}

int
ann__json_parse_buf(ann_buf *b, ann_json_val *root, const char **errmsg,
    size_t *erroff)
{
	size_t len = b->len;

	if (ann_buf_room(b, 1 + ANN__JSON_PAD) == NULL) {
		if (errmsg)
			*errmsg = "out of memory";
		if (erroff)
			*erroff = 0;
		return -1;
	}
	return parse_padded(b->p, len, root, errmsg, erroff);
}
