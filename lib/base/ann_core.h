/*
 * ann_core.h: what every libann header needs: the status ladder, the exit
 * codes, the version, checked option values and the task-id hash.  Every
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
