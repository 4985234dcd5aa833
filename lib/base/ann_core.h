/*
 * ann_core.h: what every libann header needs: the status ladder, the exit
 * codes, the error record, the version, checked option values and the
 * task-id hash.  Every
 * header includes this one and whatever else it uses, so each compiles on
 * its own; ann.h only gathers them.
 */
#ifndef ANN_CORE_H
#define ANN_CORE_H

#include <stddef.h>
#include <stdint.h>

#define ANN_VERSION_STRING "0.1.0"

/* The status ladder: >= 0 is fine, the more negative the worse. */
typedef enum {
	ANN_OK = 0,
	ANN_EOF = 1,		/* no more records */
	ANN_WARN = -20,		/* done, but something deserves a word */
	ANN_FAILED = -25,	/* this record is bad; the stream can go on */
	ANN_FATAL = -30		/* the stream cannot go on */
} ann_status;

/*
 * An error from a function that has no handle to keep it on (a handle
 * keeps one of these and gives its message with its *_errmsg).  The
 * status a function returns says how bad it is; this says what, in one
 * line without the program or input name, which the caller knows and adds.
 * BYTE is where in the input the function was given the problem is, when
 * it knows (HAS_BYTE).  A function that takes an `ann_error *err` accepts
 * NULL when the caller wants only the status.  Callers act on the status,
 * never on the message's text.
 */
#define ANN_ERROR_MAX 512	/* room for the longest message, with its NUL */

typedef struct ann_error {
	char msg[ANN_ERROR_MAX];
	uint64_t byte;
	int has_byte;
} ann_error;

/* Exit codes of every tool, decided once at the end of main(). */
enum {
	ANN_EXIT_OK = 0,
	ANN_EXIT_NOMATCH = 1,
	ANN_EXIT_ERROR = 2
};

const char *ann_version(void);

/*
 * Checked parsing of option values.  Each returns 0 and stores the value, or
 * -1 when the text is not a whole, in-range value.
 */
int ann_parse_u64(const char *text, uint64_t min, uint64_t max, uint64_t *out);
/* A byte count with an optional k, M or G suffix (powers of 1024). */
int ann_parse_size(const char *text, uint64_t min, uint64_t max, uint64_t *out);

/*
 * The stable 64-bit hash of a task id's text, shared by every tool that
 * shards or samples, so "shard I of N" means the same records everywhere.
 */
uint64_t ann_hash(const void *data, size_t len);

#endif /* ANN_CORE_H */
