/*
 * reader_private.h: the record reader's parts: the splitter (split.c),
 * following a bad value to its end (resync.c), and the second thread
 * (readahead.c).
 *
 * Ownership: ann__ahead_start takes the inner splitter, open on a regular
 * file, and ann__ahead_stop frees it.  What ann__ahead_next hands out is
 * valid until its next call.
 */
#ifndef ANN_READER_PRIVATE_H
#define ANN_READER_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "ann_core.h"
#include "ann_reader.h"

/*
 * The splitter (split.c): ann_reader's work on one thread, with the same
 * calls and meanings as the ann_reader_* of the same names.
 */
typedef struct ann__split ann__split;

/*
 * Part `part` of `parts` of the NDJSON file fd (part.c): bytes [start,
 * end), from the first line starting at or after part * size / parts.
 * 0, or -1 with err saying why it cannot be cut (not a regular file, a
 * JSON array, compressed).
 */
int ann__part_range(int fd, uint64_t part, uint64_t parts, uint64_t *start,
    uint64_t *end, char *err, size_t errlen);

ann__split *ann__split_new(const ann_reader_opts *opts);
ann_status ann__split_open_fd(ann__split *s, int fd, int owns_fd);
ann_status ann__split_next(ann__split *s, ann_record *rec);
void ann__split_rejected(const ann__split *s, const char **data, size_t *len);
void ann__split_rejected_span(const ann__split *s, uint64_t *offset,
    uint64_t *length);
const char *ann__split_errmsg(const ann__split *s);
void ann__split_errpos(const ann__split *s, uint64_t *record,
    uint64_t *offset);
uint64_t ann__split_bytes(const ann__split *s);
void ann__split_close(ann__split *s);
void ann__split_free(ann__split *s);

typedef struct ann__ahead ann__ahead;

/*
 * Following a bad value to its end (resync.c).  The scan is resumable:
 * the state carries over from one piece of the input to the next.
 */
typedef struct ann__skip {
	uint64_t depth;		/* brackets open */
	int open;		/* '{' or '[' the value opened with; 0 for a stray token */
	int in_array;		/* an element of an array, where ',' and ']' end a stray token */
	long col;		/* the column where the value began; -1 unknown */
	long cur_col;		/* the column of the next byte */
	int in_string, escaped;
	int line_start;		/* only blanks since the last line break */
	int new_line;		/* the value has gone past its first line */
	size_t blanks;		/* blanks just before the next byte */
	int cut;		/* it ended where the next value began */
} ann__skip;

/*
 * Start following a value: open and depth as it begins (a page object
 * skipped from inside has open '{' and depth 1), col as above.
 */
void ann__skip_begin(ann__skip *s, int open, int depth, int in_array,
    long col);
/*
 * Follow the value through [p, end).  NULL: it goes on past end.
 * Otherwise where it ends (trailing blanks left out), with *resume set to
 * where reading goes on.
 */
const char *ann__skip_scan(ann__skip *s, const char *p, const char *end,
    const char **resume);

/* What the inner reader said besides the record. */
typedef struct ann__ahead_info {
	const char *data;	/* a bad record's bytes (ANN_FAILED) */
	size_t len;
	uint64_t rej_off;	/* where that record lies in the input, and */
	uint64_t rej_total;	/* its whole length (more than len when cut) */
	const char *msg;	/* the error, for ANN_FAILED and ANN_FATAL */
	uint64_t err_rec, err_off;
	uint64_t bytes;		/* input consumed after this step */
} ann__ahead_info;

/* Read `in` on a new thread.  NULL: no thread. */
ann__ahead *ann__ahead_start(ann__split *in);
/* The inner reader's next step, in order, as ann_reader_next returns it. */
ann_status ann__ahead_next(ann__ahead *a, ann_record *rec,
    ann__ahead_info *info);
/* Stop the thread, wherever it is, and free everything. */
void ann__ahead_stop(ann__ahead *a);

#endif /* ANN_READER_PRIVATE_H */
