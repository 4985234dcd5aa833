/*
 * ann_json.h: the JSON reader and writer of libann.
 *
 * Ownership: an ann_json_val points into the caller's record; it owns
 * nothing and lives as long as the record's bytes do.  Values are only ever
 * made from a record that has been validated (by the record reader or by
 * ann_json_parse), so walking them needs no further checks.  Strings are
 * decoded and numbers parsed only when asked, into buffers the caller gives.
 */
#ifndef ANN_JSON_H
#define ANN_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "ann_buf.h"

/* Deeper nesting than this is an error: it bounds the validator's stack. */
#define ANN_JSON_MAX_DEPTH 1024

typedef enum {
	ANN_JSON_NONE = 0,	/* a missing value */
	ANN_JSON_OBJECT,
	ANN_JSON_ARRAY,
	ANN_JSON_STRING,
	ANN_JSON_NUMBER,
	ANN_JSON_TRUE,
	ANN_JSON_FALSE,
	ANN_JSON_NULL
} ann_json_type;

/* One value: its text, from its first byte to its last. */
typedef struct ann_json_val {
	const char *p;
	size_t n;
} ann_json_val;

/* Walks the members of an object or the elements of an array. */
typedef struct ann_json_iter {
	const char *p;
	const char *end;
	struct ann__json_cache *cache;	/* private: set by ann_json_iter_init */
} ann_json_iter;

/*
 * Validate one JSON text (RFC 8259, UTF-8, depth <= ANN_JSON_MAX_DEPTH,
 * surrounding whitespace allowed).  On success *root is the value.  On failure
 * returns -1 and, when given, sets *errmsg to a static message and
 * *erroff to the byte offset of the problem.
 */
int ann_json_parse(const char *text, size_t len, ann_json_val *root,
    const char **errmsg, size_t *erroff);

ann_json_type ann_json_typeof(ann_json_val v);

/* Member KEY of object V (the first one when keys repeat). */
int ann_json_get(ann_json_val v, const char *key, ann_json_val *out);
/*
 * Several members in one pass: out[i] is member keys[i] (the first when
 * keys repeat), or { NULL, 0 } when absent.  Returns how many were found.
 */
size_t ann_json_getn(ann_json_val v, const char *const *keys, size_t n,
    ann_json_val *out);
/*
 * A dotted path of member names ("data_row.id"); a path element that is a
 * decimal number indexes an array.  Returns 0, or -1 when absent.
 */
int ann_json_path(ann_json_val v, const char *path, ann_json_val *out);

void ann_json_iter_init(ann_json_iter *it, ann_json_val container);
/* Next element of an array: 1 and *elem, or 0 at the end. */
int ann_json_next_elem(ann_json_iter *it, ann_json_val *elem);
/*
 * Next element of an array as a number: 1 and *out, 0 at the end, or -1
 * for an element that is not a number (passed over all the same).  Read
 * as it is passed over, for arrays of numbers (polygons, boxes).
 */
int ann_json_next_number(ann_json_iter *it, double *out);
/* Next member of an object: 1 with *key (the raw string) and *val. */
int ann_json_next_member(ann_json_iter *it, ann_json_val *key,
    ann_json_val *val);

/*
 * Decode string V into dst, which must have room for V.n bytes (a decoded
 * string is never longer than its JSON text).  Returns the decoded length.
 */
size_t ann_json_str_decode(ann_json_val v, char *dst);
/* Does string V decode to exactly the NUL-terminated S? */
int ann_json_str_eq(ann_json_val v, const char *s);
/* Number V as a double or as an exact int64; -1 if it is not one. */
int ann_json_number(ann_json_val v, double *out);
/* A JSON number as a double, NAN when the value is not a number. */
double ann_json_double(ann_json_val v);
int ann_json_int64(ann_json_val v, int64_t *out);

/*
 * Copy a validated JSON text to dst without whitespace outside strings;
 * strings, numbers and key order stay byte for byte.  dst needs len bytes.
 * Returns the minified length.
 */
size_t ann_json_minify(const char *text, size_t len, char *dst);

/*
 * Write S (len bytes of UTF-8) as a JSON string with its quotes into dst,
 * which needs 6 * len + 2 bytes.  Returns the number of bytes written.
 */
size_t ann_json_escape(const char *s, size_t len, char *dst);
/* S (n bytes of UTF-8) as a JSON string, quoted and escaped. */
int ann_buf_json_string(ann_buf *b, const char *s, size_t n);

#endif /* ANN_JSON_H */
