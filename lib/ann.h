/*
 * ann.h: libann, the library behind the annkit tools.
 *
 * Ownership: every ann_*_new or ann_*_open returns a handle that the caller
 * frees with the matching ann_*_free or ann_*_close, which accept NULL.
 * Records and values handed out by the library are borrowed: they point into
 * the handle's buffer and stay valid until the next call on that handle.
 * The library never prints (except ann_diag, on the stream it is given) and
 * never exits: failures return an ann_status and leave the message on the
 * handle.
 */
#ifndef ANN_H
#define ANN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define ANN_VERSION_STRING "0.1.0"

/* The status ladder: >= 0 is fine, the more negative the worse. */
typedef enum {
	ANN_OK = 0,
	ANN_EOF = 1,		/* no more records */
	ANN_WARN = -20,		/* done, but something deserves a word */
	ANN_FAILED = -25,	/* this record is bad; the stream can go on */
	ANN_FATAL = -30		/* the stream cannot go on */
} ann_status;

/* Exit codes of every tool, decided once at the end of main(). */
enum {
	ANN_EXIT_OK = 0,
	ANN_EXIT_NOMATCH = 1,
	ANN_EXIT_ERROR = 2
};

const char *ann_version(void);

/*
 * Diagnostics: "PROG: NAME:RECORD (byte OFFSET): MESSAGE" on the given
 * stream.  RECORD 0 means "no record yet" and prints "PROG: NAME: MESSAGE";
 * a NULL name prints "PROG: MESSAGE".
 */
void ann_diag(FILE *to, const char *prog, const char *name, uint64_t record,
    uint64_t offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

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

#include "ann_buf.h"
#include "ann_json.h"
#include "ann_reader.h"
#include "ann_writer.h"
#include "ann_task.h"
#include "ann_loop.h"
#include "ann_view.h"
#include "ann_filter.h"

#endif /* ANN_H */
