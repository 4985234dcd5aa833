/*
 * reader.c: the record reader (ann_reader.h): where an input is split.
 *
 * The splitting itself is split.c's.  A regular file, when the caller asks
 * for it, is split and validated on a second thread (readahead.c), while
 * the caller works on the records before; a pipe, a terminal or a
 * compressed file is split here.  Either way the same records, errors and
 * positions come out, one call at a time.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ann_core.h"
#include "ann_reader.h"
#include "reader_private.h"
#include "source_private.h"

struct ann_reader {
	ann_reader_opts opts;
	char name[1024];
	ann__split *split;	/* splits on this thread, */
	ann__ahead *ahead;	/* or another splits on a second thread */
	int ahead_fd;		/* the descriptor to close after it, or -1 */
	uint64_t ahead_bytes;	/* what it had consumed at the last record */
	int own_error;		/* the last error is told here, not by split */
	/* That error: the second thread's, or an input that did not open. */
	char err[512];
	uint64_t err_rec, err_off;
	const char *rej;
	size_t rej_len;
	uint64_t rej_off, rej_total;
};

ann_reader *
ann_reader_new(const ann_reader_opts *opts)
{
	ann_reader *r = calloc(1, sizeof *r);

	if (r == NULL)
		return NULL;
	if (opts != NULL)
		r->opts = *opts;
	r->ahead_fd = -1;
	if ((r->split = ann__split_new(&r->opts)) == NULL) {
		free(r);
		return NULL;
	}
	return r;
}

/*
 * Hand a regular file to a second splitter on its own thread.  (A pipe
 * could make that thread wait in read() for a writer, and stopping early
 * would then have to interrupt it: pipes are read here, on this thread.  A
 * compressed file already has its decompression thread: a third would
 * only compete for the same two cores.)
 */
static int
worth_a_thread(int fd)
{
	struct stat st;
	unsigned char head[4];
	off_t at;
	ssize_t n;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (at = lseek(fd, 0, SEEK_CUR)) < 0)
		return 0;
	while ((n = pread(fd, head, sizeof head, at)) < 0 && errno == EINTR)
		;
	return n >= 0 && !ann__source_compressed(head, (size_t)n);
}

/*
 * The second splitter borrows the descriptor, so that if no thread can be
 * started this reader can still read it itself: only slower.
 */
static ann_status
open_ahead(ann_reader *r, int fd, int owns_fd)
{
	ann__split *in = ann__split_new(&r->opts);

	if (in == NULL)
		return ANN_FAILED;
	if (ann__split_open_fd(in, fd, 0) != ANN_OK ||
	    (r->ahead = ann__ahead_start(in)) == NULL) {
		ann__split_free(in);
		return ANN_FAILED;
	}
	r->ahead_fd = owns_fd ? fd : -1;
	return ANN_OK;
}

ann_status
ann_reader_open_fd(ann_reader *r, int fd, int owns_fd, const char *name)
{
	ann_reader_close(r);
	snprintf(r->name, sizeof r->name, "%s", name);
	if (r->opts.readahead && worth_a_thread(fd) &&
	    open_ahead(r, fd, owns_fd) == ANN_OK) {
		r->own_error = 1;
		return ANN_OK;
	}
	return ann__split_open_fd(r->split, fd, owns_fd);
}

ann_status
ann_reader_open_file(ann_reader *r, const char *path)
{
	if (strcmp(path, "-") == 0)
		return ann_reader_open_fd(r, STDIN_FILENO, 0, "<stdin>");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ann_reader_close(r);
		snprintf(r->name, sizeof r->name, "%s", path);
		snprintf(r->err, sizeof r->err, "%s", strerror(errno));
		r->err_rec = r->err_off = 0;	/* no position: the file is not open */
		r->own_error = 1;
		return ANN_FATAL;
	}
	return ann_reader_open_fd(r, fd, 1, path);
}

static ann_status
next_ahead(ann_reader *r, ann_record *rec)
{
	ann__ahead_info info;
	ann_status st = ann__ahead_next(r->ahead, rec, &info);

	r->ahead_bytes = info.bytes;
	if (st == ANN_FAILED || st == ANN_FATAL) {
		snprintf(r->err, sizeof r->err, "%s", info.msg);
		r->err_rec = info.err_rec;
		r->err_off = info.err_off;
		r->rej = info.data;
		r->rej_len = info.len;
		r->rej_off = info.rej_off;
		r->rej_total = info.rej_total;
	}
	return st;
}

ann_status
ann_reader_next(ann_reader *r, ann_record *rec)
{
	if (r->ahead != NULL)
		return next_ahead(r, rec);
	return r->own_error ? ANN_EOF : ann__split_next(r->split, rec);
}

void
ann_reader_rejected(const ann_reader *r, const char **data, size_t *len)
{
	if (!r->own_error) {
		ann__split_rejected(r->split, data, len);
		return;
	}
	*data = r->rej;
	*len = r->rej_len;
}

void
ann_reader_rejected_span(const ann_reader *r, uint64_t *offset,
    uint64_t *length)
{
	if (!r->own_error) {
		ann__split_rejected_span(r->split, offset, length);
		return;
	}
	*offset = r->rej_off;
	*length = r->rej_total;
}

void
ann_reader_close(ann_reader *r)
{
	if (r == NULL)
		return;
	ann__ahead_stop(r->ahead);
	if (r->ahead_fd >= 0)
		close(r->ahead_fd);
	r->ahead = NULL;
	r->ahead_bytes = 0;
	r->ahead_fd = -1;
	r->own_error = 0;
	r->rej = NULL;
	r->rej_len = 0;
	r->rej_off = r->rej_total = 0;
	ann__split_close(r->split);
}

void
ann_reader_free(ann_reader *r)
{
	if (r == NULL)
		return;
	ann_reader_close(r);
	ann__split_free(r->split);
	free(r);
}

const char *
ann_reader_name(const ann_reader *r)
{
	return r->name;
}

const char *
ann_reader_errmsg(const ann_reader *r)
{
	return r->own_error ? r->err : ann__split_errmsg(r->split);
}

void
ann_reader_errpos(const ann_reader *r, uint64_t *record, uint64_t *offset)
{
	if (!r->own_error) {
		ann__split_errpos(r->split, record, offset);
		return;
	}
	*record = r->err_rec;
	*offset = r->err_off;
}

uint64_t
ann_reader_bytes(const ann_reader *r)
{
	return r->ahead != NULL ? r->ahead_bytes : ann__split_bytes(r->split);
}
