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
	int multiline;		/* a newline was seen between tokens */
	int index;		/* remember container ends (ann__json_memo_put) */
	/* The 64 bytes from blk and from wblk, classified (json_scan.c). */
	const char *blk, *wblk;
	uint64_t blk_mask;	/* where string bodies stop */
	uint64_t ws_mask;	/* whitespace */
} ann__scan;

/* Validate one value starting exactly at p; *after is set past it. */
ann__scan_result ann__json_scan(const char *p, ann__scan *sc,
    const char **after);

/*
 * Skip a string body (p just past the opening quote) or a whole value of
 * validated text that ends by END.  Neither reads at or past END.
 */
const char *ann__json_skip_string(const char *p, const char *end);
const char *ann__json_skip_value(const char *p, const char *end);

static inline int
ann__json_is_ws(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/*
 * Remember container ends found while skipping inside [lo, hi), one record
 * at a time (json_value.c); call it whenever a new record is looked at.
 */
void ann__json_memo_begin(const char *lo, const char *hi);
/* The container opening at `open` ends just before `close`. */
void ann__json_memo_put(const char *open, const char *close);
/*
 * Keep what was remembered, for [lo, hi) only, the record just scanned;
 * returns the memo's name (0: no memo) for ann__json_memo_covers.
 */
unsigned ann__json_memo_narrow(const char *lo, const char *hi);
/* Is the memo still the one named gen, about exactly [lo, hi)? */
int ann__json_memo_covers(const char *lo, const char *hi, unsigned gen);
/*
 * On this thread, write what ann__json_memo_put is told into pairs (up
 * to max of them, as offsets of open and close from the record's start)
 * instead of remembering it, for another thread to replay; NULL stops.
 * ann__json_memo_begin starts the list over.
 */
void ann__json_memo_log(size_t *pairs, size_t max);
/* Free this thread's memo: before a thread that used one ends. */
void ann__json_memo_free(void);
/* How many pairs were written since the last begin. */
size_t ann__json_memo_logged(void);

#define ANN__MEMO_DEPTH 32

/*
 * ann_json_getn for names that never change, such as string constants:
 * what it works out about a list is kept, known again by the pointers.
 */
size_t ann__json_getn(ann_json_val v, const char *const *keys, size_t n,
    ann_json_val *out);

/* Describe the byte at p for a message: "'x'" or "byte 0x01". */
void ann__json_describe_byte(const char *p, char *buf, size_t size);

#endif /* ANN_JSON_PRIVATE_H */
