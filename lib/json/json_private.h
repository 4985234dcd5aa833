/*
 * json_private.h: the validating scanner behind the record reader.
 *
 * The scanner reads past the end of its data without bounds checks: the
 * caller guarantees ANN__JSON_PAD zero bytes after END.  A NUL is never valid
 * JSON, so every scanning loop stops at END by itself and the scanner then
 * tells "ran out of data" from "bad byte" by comparing with END.
 */
#ifndef ANN_JSON_PRIVATE_H
#define ANN_JSON_PRIVATE_H

#include <stdint.h>

#include "ann_buf.h"
#include "ann_json.h"

#define ANN__JSON_PAD 128

typedef enum {
	ANN__SCAN_OK = 0,
	ANN__SCAN_MORE,		/* the value goes on past END */
	ANN__SCAN_BAD		/* invalid JSON at *errp */
} ann__scan_result;

typedef struct ann__scan {
	const char *end;	/* first byte past the data (a NUL) */
	const char *errp;	/* where the problem is */
	const char *errmsg;	/* static text, without the offending byte */
	int show_byte;		/* the message is about the byte at errp */
	int line_break;		/* errp is a raw line break inside a string */
	int multiline;		/* a newline was seen between tokens */
	/*
	 * Where to write the ends of the containers scanned (pairs of
	 * offsets of their first byte and of the byte after them, from the
	 * value's start, in the order they close), at most maxends pairs,
	 * up to ANN__ENDS_DEPTH deep; nends says how many.  maxends 0: none.
	 */
	size_t *ends;
	size_t nends, maxends;
	/* The 64 bytes from blk and from wblk, classified (json_scan.c). */
	const char *blk, *wblk;
	uint64_t blk_mask;	/* where string bodies stop */
	uint64_t ws_mask;	/* whitespace */
} ann__scan;

/*
 * ann_json_parse on the text of b in place, without a copy: the padding
 * the scanner needs is written after b->len (which stays), and root
 * points into b, valid until b changes.
 */
int ann__json_parse_buf(ann_buf *b, ann_json_val *root, const char **errmsg,
    size_t *erroff);

/* Validate one value starting exactly at p; *after is set past it. */
ann__scan_result ann__json_scan(const char *p, ann__scan *sc,
    const char **after);

static inline int
ann__json_is_ws(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* Containers deeper than this are not noted in ann__scan.ends. */
#define ANN__ENDS_DEPTH 32

/*
 * What look-ups in one record remember (json_value.c): where the
 * containers they have passed end, so that skipping one again is a
 * look-up, and the lists of names last looked for.  It belongs to whoever
 * loads records (the view), so each thread that looks things up has its
 * own.  Look-ups given NULL remember nothing.
 */
typedef struct ann__json_cache ann__json_cache;

/* NULL when out of memory. */
ann__json_cache *ann__json_cache_new(void);
void ann__json_cache_free(ann__json_cache *c);
/*
 * Look up in the record [lo, hi) from now on, whose container ends the
 * reader may have noted (ann_record.ends, nends pairs; none is fine).
 */
void ann__json_cache_load(ann__json_cache *c, const char *lo, const char *hi,
    const size_t *ends, size_t nends);
/* ann_json_iter_init, remembering in c (which may be NULL). */
void ann__json_iter_init(ann_json_iter *it, ann_json_val container,
    ann__json_cache *c);

/*
 * ann_json_getn for names that never change, such as string constants:
 * what it works out about a list is kept in c, known again by the
 * pointers.  c may be NULL.
 */
size_t ann__json_getn(ann__json_cache *c, ann_json_val v,
    const char *const *keys, size_t n, ann_json_val *out);

/* Describe the byte at p for a message: "'x'" or "byte 0x01". */
void ann__json_describe_byte(const char *p, char *buf, size_t size);

#endif /* ANN_JSON_PRIVATE_H */
