/*
 * ann_tols_csv.h: Label Studio tasks from a CSV or TSV table (ann-tols
 * --from csv): one task per row, {"data":{...}} with a member per column,
 * named by the header, in the header's order, as Label Studio's own CSV
 * import makes them.  Read with libcsv's parser, streamed: memory is one
 * row and the header.
 *
 * Ownership: a reader from ann_tols_csv_new is freed by ann_tols_csv_free
 * (NULL is fine); it copies what it keeps of its options.  Each task is
 * handed to the caller's write function as one NDJSON line, borrowed for
 * the call.
 */
#ifndef ANN_TOLS_CSV_H
#define ANN_TOLS_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "ann_core.h"
#include "ann_tols.h"

typedef struct ann_tols_csv_opts {
	unsigned char delim;		/* the cell separator; 0: ',' */
	/*
	 * Comma-separated names of the columns whose cells hold JSON, written
	 * as that JSON (minified) rather than as a string; NULL: none.  Every
	 * name must be in each table's header.
	 */
	const char *json_columns;
} ann_tols_csv_opts;

typedef struct ann_tols_csv ann_tols_csv;

/* NULL with err set when out of memory or --json-columns names nothing. */
ann_tols_csv *ann_tols_csv_new(const ann_tols_csv_opts *opts, ann_error *err);
void ann_tols_csv_free(ann_tols_csv *c);

/*
 * Read one table from fd (plain, gzip or zstd): its first row is the header, each other row becomes a task written
 * through WRITE.  A UTF-8 byte order mark before the header is passed
 * over; blank lines are no rows (libcsv).  ANN_OK; ANN_FAILED for a table
 * that cannot be read as one (bad quoting, a row with another number of
 * cells than the header, a bad header, invalid JSON in a JSON column,
 * text that is not UTF-8: ann_tols_csv_errmsg, ann_tols_csv_errpos);
 * ANN_FATAL for an I/O error, a failed write or memory.  Rows before the
 * bad one have been written.
 */
ann_status ann_tols_csv_read(ann_tols_csv *c, int fd,
    ann_tols_write_fn write, void *ctx);

const char *ann_tols_csv_errmsg(const ann_tols_csv *c);
/*
 * Where the last error is, when known: 1 with *line (1-based, the line
 * the row starts on) and *byte (from the start of the input).
 */
int ann_tols_csv_errpos(const ann_tols_csv *c, uint64_t *line, uint64_t *byte);
/* The tables read and the tasks written, on one line. */
void ann_tols_csv_summary(const ann_tols_csv *c, char *buf, size_t len);

#endif /* ANN_TOLS_CSV_H */
