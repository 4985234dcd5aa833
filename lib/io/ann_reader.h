/*
 * ann_reader.h: the record reader: one complete, validated JSON value at a
 * time from NDJSON, a top-level array, values one after another, or page
 * envelopes, over plain, gzip or zstd bytes.
 *
 * Ownership: the reader owns its buffer.  A record from ann_reader_next
 * points into it and is valid until the next call on the reader.  Memory is
 * one record plus the read buffer, never the input.
 */
#ifndef ANN_READER_H
#define ANN_READER_H

#include <stddef.h>
#include <stdint.h>

#include "ann_core.h"
#include "ann_buf.h"

typedef struct ann_reader ann_reader;
typedef struct ann_record ann_record;

typedef struct ann_reader_opts {
	size_t buffer_size;	/* read size; 0 means 1 MiB */
	size_t max_record;	/* 0 means 1 GiB; a longer record is skipped
				   and rejected (ANN_FAILED) */
	const char *unwrap;	/* take records from this member of top-level objects */
	int index;		/* note where each container ends while validating
				   (ann_record.ends), so that lookups in the record
				   (the task view) need not skip them again; a
				   little slower to read */
	int readahead;		/* split and validate a regular file on a second
				   thread, while the caller works on the records
				   before; the same records and errors come out */
	/*
	 * --part I/N: read only part I (from 0) of N of each NDJSON file, so
	 * that N processes read every record once, in order, between them
	 * (part.c says how it is cut).  Record numbers count within the
	 * part; offsets stay those of the file.  0 parts: the whole input.
	 */
	uint64_t part, parts;
} ann_reader_opts;

struct ann_record {
	const char *data;
	size_t len;
	uint64_t number;	/* 1-based, within this input */
	uint64_t offset;	/* of its first byte, in the decompressed input */
	int multiline;		/* it spans lines (so it is not compact) */
	/*
	 * With the index option, where containers in it end: nends pairs
	 * of offsets from data, of a container's first byte and of the byte
	 * after it (up to ANN_RECORD_ENDS of them; some may be left out).
	 * Valid as long as data is.  ann_view_load_record uses them.
	 */
	const size_t *ends;
	size_t nends;
};

#define ANN_RECORD_ENDS 4096

/* opts may be NULL.  Returns NULL only when out of memory. */
ann_reader *ann_reader_new(const ann_reader_opts *opts);
/*
 * Read from fd (the reader closes it only if owns_fd); name is what
 * messages call the input ("<stdin>" for standard input).
 */
ann_status ann_reader_open_fd(ann_reader *r, int fd, int owns_fd,
    const char *name);
/* Open a file by path; "-" is standard input. */
ann_status ann_reader_open_file(ann_reader *r, const char *path);
/*
 * The next record: ANN_OK, ANN_EOF, ANN_FAILED (a bad record; its bytes are
 * available from ann_reader_rejected and the next call goes on after them)
 * or ANN_FATAL (the input cannot be read further).
 */
ann_status ann_reader_next(ann_reader *r, ann_record *rec);
/*
 * The raw bytes of the record that last failed, to keep them somewhere: the
 * whole record, or only its first kilobyte when it was longer than
 * max_record.  Nothing (len 0) when the error holds no record, as a
 * trailing comma does not.
 */
void ann_reader_rejected(const ann_reader *r, const char **data, size_t *len);
/* Where that record lies in the input, and its whole length. */
void ann_reader_rejected_span(const ann_reader *r, uint64_t *offset,
    uint64_t *length);
/* Finish with the current input; the reader can open another. */
void ann_reader_close(ann_reader *r);
void ann_reader_free(ann_reader *r);

const char *ann_reader_name(const ann_reader *r);
const char *ann_reader_errmsg(const ann_reader *r);
/* Where the last error is: record number (0: none yet) and byte offset. */
void ann_reader_errpos(const ann_reader *r, uint64_t *record,
    uint64_t *offset);
/* Decompressed bytes consumed so far in this input. */
uint64_t ann_reader_bytes(const ann_reader *r);

#endif /* ANN_READER_H */
