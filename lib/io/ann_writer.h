/*
 * ann_writer.h: buffered output, plain or zstd, to a descriptor or to a
 * file that appears under its name only once it is complete.
 *
 * Ownership: the writer owns its buffer and, for ann_out_create, the file;
 * ann_out_close (commit) or ann_out_abort ends it and frees the handle.
 * A group owns its members: ann_out_group_commit or ann_out_group_free
 * ends them all, and they are not closed or aborted one by one.
 */
#ifndef ANN_WRITER_H
#define ANN_WRITER_H

#include <stddef.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_reader.h"

typedef struct ann_out ann_out;
typedef struct ann_out_group ann_out_group;

/* Write to fd, which stays open; zstd_level 0 writes plain bytes. */
ann_out *ann_out_fd(int fd, const char *name, int zstd_level);
/*
 * Keep what is written in memory, growing as needed, until ann_out_take:
 * for output made ahead, on another thread, and written out later.
 */
ann_out *ann_out_memory(void);
/* Append what o holds to b and empty o; -1 (and emptied) when out of memory. */
int ann_out_take(ann_out *o, ann_buf *b);
/*
 * Create path through a temporary name in the same directory, renamed into
 * place by ann_out_close.  A symbolic link is followed: its target is what
 * is replaced, keeping its mode.  Where path is something other than a
 * regular file (a device, a FIFO), it is opened and written in place
 * instead, and an abort cannot take back what was written to it.
 * zstd_level < 0 means: zstd level 3 when the name ends in ".zst", else
 * plain.  NULL with *err set on failure.
 */
ann_out *ann_out_create(const char *path, int zstd_level, ann_error *err);
ann_status ann_out_write(ann_out *o, const void *data, size_t len);
/*
 * Room for len bytes in the buffer, to be filled and then counted with
 * ann_out_wrote: for callers that build small pieces in place.  NULL when
 * there is none (the writer failed, or len is more than the buffer): use
 * ann_out_write, which reports why.
 */
char *ann_out_room(ann_out *o, size_t len);
void ann_out_wrote(ann_out *o, size_t len);
/*
 * One record as one line: as read when it was on one line, minified when
 * it spanned several (an element of a pretty-printed array).
 */
ann_status ann_out_record(ann_out *o, const ann_record *rec);
/* Flush, finish, rename into place; frees o (NULL is fine). */
ann_status ann_out_close(ann_out *o, ann_error *err);
/* Drop a created file's temporary; frees o. */
void ann_out_abort(ann_out *o);
const char *ann_out_errmsg(const ann_out *o);
/* Whether a write failed (and was reported by whoever got ANN_FATAL). */
int ann_out_failed(const ann_out *o);
/*
 * Remove the temporary files of every created output not yet closed.
 * Async-signal-safe: for a SIGINT or SIGTERM handler, so that an
 * interrupted run leaves nothing behind, least of all something that looks
 * complete.
 */
void ann_out_unlink_temporaries(void);
const char *ann_out_name(const ann_out *o);

/*
 * A group: n files written side by side (shards), made one by one with
 * ann_out_group_add (as ann_out_create would) and put in place all
 * together or not at all.  Their buffers share a fixed budget and the
 * compressed ones one zstd compressor (each full buffer becomes a zstd
 * frame of its own), so memory does not grow with n.  A failure is
 * described by ann_out_group_errname (the file) and ann_out_group_errmsg.
 */
ann_out_group *ann_out_group_new(size_t n);
/* The next member, written with ann_out_write; NULL on failure. */
ann_out *ann_out_group_add(ann_out_group *g, const char *path, int zstd_level);
/*
 * Finish every member, then rename them all into place; on any failure
 * every file the group made is removed, those already renamed too.
 * Either way the members are ended; g stays, for its message.
 */
ann_status ann_out_group_commit(ann_out_group *g);
/* Remove whatever members are not committed and free g (NULL is fine). */
void ann_out_group_free(ann_out_group *g);
const char *ann_out_group_errname(const ann_out_group *g);
const char *ann_out_group_errmsg(const ann_out_group *g);

#endif
