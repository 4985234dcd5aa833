/*
 * writer.c: buffered output, plain or zstd.  A created regular file is
 * written under a temporary name and renamed only when complete, so an
 * interrupted run never leaves a file that looks finished.  Anything else
 * named as an output (a device, a FIFO, a terminal) is written in place:
 * renaming over it would replace the node itself.
 */
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zstd.h>

#include "ann_core.h"
#include "ann_json.h"
#include "ann_writer.h"
#include "ann_reader.h"
#include "ann_buf.h"
#include "util_private.h"

#define OUT_BUFFER (1u << 20)
#define MEMORY_BUFFER (64u << 10)	/* to start with: it grows */
/*
 * The buffers of a group (shards) share this many bytes, so that memory
 * does not grow with their number; each gets at least GROUP_MIN_BUFFER.
 * Records longer than a buffer are written straight out, so a small one
 * costs system calls, not correctness.
 */
#define GROUP_BUDGET (4u << 20)
#define GROUP_MIN_BUFFER (1u << 10)
#define MAX_LINKS 40		/* symbolic links followed, as the kernel does */

/*
 * Every temporary file still being written, so that a signal handler can
 * remove them (see ann_out_unlink_temporaries).  The list is changed only
 * with signals blocked, so a handler never sees it half-linked.
 */
static struct ann_out *volatile temporaries;

struct ann_out {
	int fd;
	int owns_fd;
	char *path;		/* final name, for created files */
	char *tmp;		/* temporary name while writing */
	char *final;		/* what tmp is renamed to: path, links followed */
	char *buf;		/* allocated at the first write */
	size_t len, cap;
	ZSTD_CCtx *zc;
	char *zbuf;
	size_t zcap;
	/*
	 * A group member's compressor and its output buffer belong to the
	 * group; each buffer it flushes becomes a whole zstd frame.
	 */
	ann_out_group *group;
	int zlevel;		/* a group member's zstd level, or 0 */
	uint64_t frames;	/* frames written, for a group member */
	int failed;
	int finished;		/* flushed and closed, not yet renamed */
	int memory;		/* keeps what is written (ann_out_memory) */
	struct ann_out *next_tmp;	/* in the list of temporaries */
	char err[256];
};

struct ann_out_group {
	ann_out **out;
	size_t n, cap;		/* members made, and how many there will be */
	ZSTD_CCtx *zc;		/* shared by the compressed members */
	char *zbuf;
	size_t zcap;
	char *errname;		/* the member that failed */
	char err[ANN_ERROR_MAX];	/* what create() said, or the group's own */
};

static void
track(ann_out *o, int add)
{
	sigset_t all, old;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	if (add) {
		o->next_tmp = temporaries;
		temporaries = o;
	} else {
		for (struct ann_out *volatile *p = &temporaries; *p != NULL; p = &(*p)->next_tmp)
			if (*p == o) {
				*p = o->next_tmp;
				break;
			}
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
}

void
ann_out_unlink_temporaries(void)
{
	for (struct ann_out *o = temporaries; o != NULL; o = o->next_tmp)
		if (o->tmp != NULL)
			unlink(o->tmp);	/* async-signal-safe */
}

/* A compressor at level, with checksums; NULL when out of memory. */
static ZSTD_CCtx *
new_cctx(int level)
{
	ZSTD_CCtx *zc = ZSTD_createCCtx();

	if (zc != NULL && (ZSTD_isError(ZSTD_CCtx_setParameter(zc,
	    ZSTD_c_compressionLevel, level)) ||
	    ZSTD_isError(ZSTD_CCtx_setParameter(zc, ZSTD_c_checksumFlag, 1)))) {
		ZSTD_freeCCtx(zc);
		zc = NULL;
	}
	return zc;
}

/*
 * The buffer is allocated at the first write, so that outputs made but
 * never written (most shards of a small input) cost no buffer.
 */
static ann_out *
out_new(int fd, int zstd_level, size_t buffer)
{
	ann_out *o = calloc(1, sizeof *o);

	if (o == NULL)
		return NULL;
	o->fd = fd;
	o->cap = buffer;
	if (zstd_level > 0) {
		o->zc = new_cctx(zstd_level);
		o->zcap = ZSTD_CStreamOutSize();
		o->zbuf = malloc(o->zcap);
		if (o->zc == NULL || o->zbuf == NULL) {
			ZSTD_freeCCtx(o->zc);
			free(o->zbuf);
			free(o);
			return NULL;
		}
	}
	return o;
}

static ann_status
oom(ann_out *o)
{
	snprintf(o->err, sizeof o->err, "out of memory");
	o->failed = 1;
	return ANN_FATAL;
}

static ann_status
have_buf(ann_out *o)
{
	if (o->buf != NULL)
		return ANN_OK;
	if ((o->buf = malloc(o->cap)) == NULL)
		return oom(o);
	return ANN_OK;
}

ann_out *
ann_out_fd(int fd, const char *name, int zstd_level)
{
	ann_out *o = out_new(fd, zstd_level, OUT_BUFFER);

	if (o != NULL && (o->path = strdup(name)) == NULL) {
		ann_out_abort(o);
		return NULL;
	}
	return o;
}

ann_out *
ann_out_memory(void)
{
	ann_out *o = out_new(-1, 0, MEMORY_BUFFER);

	if (o != NULL && ((o->path = strdup("<memory>")) == NULL ||
	    have_buf(o) != ANN_OK)) {
		ann_out_abort(o);
		return NULL;
	}
	if (o != NULL)
		o->memory = 1;
	return o;
}

int
ann_out_take(ann_out *o, ann_buf *b)
{
	int ok = ann_buf_put(b, o->buf, o->len);

	o->len = 0;
	return ok;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/*
 * The name a file written under path really gets: path with its symbolic
 * links followed, to the end of the chain even when the target does not
 * exist yet (as open(O_CREAT) would).  Renaming over the link itself would
 * replace the link with a file and leave its target as it was.  A malloced
 * string, or NULL with errno set.
 */
static char *
follow_links(const char *path)
{
	char *cur = strdup(path);

	for (int hops = 0; cur != NULL; hops++) {
		struct stat st;
		char target[PATH_MAX];
		ssize_t n;

		if (lstat(cur, &st) != 0)
			return errno == ENOENT ? cur : (free(cur), NULL);
		if (!S_ISLNK(st.st_mode))
			return cur;
		if (hops == MAX_LINKS) {
			free(cur);
			errno = ELOOP;
			return NULL;
		}
		if ((n = readlink(cur, target, sizeof target - 1)) < 0) {
			free(cur);
			return NULL;
		}
		target[n] = '\0';
		/* A relative target is relative to the link's directory. */
		const char *slash = strrchr(cur, '/');
		size_t dirlen = target[0] == '/' || slash == NULL ? 0 :
		    (size_t)(slash - cur) + 1;
		char *next = malloc(dirlen + (size_t)n + 1);
		if (next != NULL) {
			memcpy(next, cur, dirlen);
			memcpy(next + dirlen, target, (size_t)n + 1);
		}
		free(cur);
		cur = next;
	}
	errno = ENOMEM;
	return NULL;
}

static ann_out *
create(const char *path, int zstd_level, size_t buffer, ann_error *err)
{
	struct stat st;
	ann_out *o;
	size_t n;

	if (zstd_level < 0)
		zstd_level = ends_with(path, ".zst") ? 3 : 0;
	if ((o = out_new(-1, zstd_level, buffer)) == NULL ||
	    (o->path = strdup(path)) == NULL) {
		ann__error_set(err, "out of memory");
		ann_out_abort(o);
		return NULL;
	}
	/*
	 * Only a regular file (or no file yet) is written aside and renamed:
	 * a device, FIFO or socket is opened and written as it is, as the
	 * shell's ">" would, following links to it.
	 */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		o->fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
		if (o->fd < 0) {
			ann__error_set(err, "%s", strerror(errno));
			ann_out_abort(o);
			return NULL;
		}
		o->owns_fd = 1;
		return o;
	}
	if ((o->final = follow_links(path)) == NULL) {
		ann__error_set(err, "%s", strerror(errno));
		ann_out_abort(o);
		return NULL;
	}
	n = strlen(o->final) + 16;
	if ((o->tmp = malloc(n)) == NULL) {
		ann__error_set(err, "out of memory");
		ann_out_abort(o);
		return NULL;
	}
	snprintf(o->tmp, n, "%s.tmpXXXXXX", o->final);
	o->fd = mkstemp(o->tmp);
	if (o->fd < 0) {
		ann__error_set(err, "%s", strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		ann_out_abort(o);
		return NULL;
	}
	o->owns_fd = 1;
	track(o, 1);
	/*
	 * mkstemp makes 0600.  A file that is replaced keeps its owner (where
	 * we may give it) and mode; a new one gets the mode a plain open
	 * would.  The owner goes first: chown may clear set-id bits.
	 */
	if (stat(o->final, &st) == 0) {
		/* Only root may give a file away: otherwise it stays ours. */
		if (fchown(o->fd, st.st_uid, st.st_gid) != 0)
			errno = 0;
		(void)fchmod(o->fd, st.st_mode & 07777);
	} else {
		mode_t mask = umask(0);
		umask(mask);
		(void)fchmod(o->fd, 0666 & ~mask);
	}
	return o;
}

ann_out *
ann_out_create(const char *path, int zstd_level, ann_error *err)
{
	return create(path, zstd_level, OUT_BUFFER, err);
}

static ann_status
write_all(ann_out *o, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(o->fd, p, n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			snprintf(o->err, sizeof o->err, "write error: %s",
			    strerror(errno));
			o->failed = 1;
			return ANN_FATAL;
		}
		p += k;
		n -= (size_t)k;
	}
	return ANN_OK;
}

static ann_status
compress(ann_out *o, ZSTD_CCtx *zc, char *zbuf, size_t zcap, const char *p,
    size_t n, ZSTD_EndDirective mode)
{
	ZSTD_inBuffer in = { p, n, 0 };
	size_t left;

	do {
		ZSTD_outBuffer out = { zbuf, zcap, 0 };
		left = ZSTD_compressStream2(zc, &out, &in, mode);
		if (ZSTD_isError(left)) {
			snprintf(o->err, sizeof o->err, "zstd: %s",
			    ZSTD_getErrorName(left));
			o->failed = 1;
			return ANN_FATAL;
		}
		if (write_all(o, zbuf, out.pos) != ANN_OK)
			return ANN_FATAL;
	} while (mode == ZSTD_e_end ? left != 0 : in.pos < in.size);
	return ANN_OK;
}

/*
 * A group member's bytes as one whole zstd frame, from the group's one
 * compressor: a compressor per shard would cost megabytes each.  Frames one
 * after another are one zstd stream to every reader.
 */
static ann_status
frame(ann_out *o, const char *p, size_t n)
{
	ann_out_group *g = o->group;

	if (g->zc == NULL) {
		g->zcap = ZSTD_CStreamOutSize();
		if ((g->zc = new_cctx(o->zlevel)) == NULL ||
		    (g->zbuf = malloc(g->zcap)) == NULL)
			return oom(o);
	}
	/* The size known ahead lets zstd size its tables to the frame. */
	ZSTD_CCtx_reset(g->zc, ZSTD_reset_session_only);
	if (ZSTD_isError(ZSTD_CCtx_setParameter(g->zc, ZSTD_c_compressionLevel,
	    o->zlevel)) || ZSTD_isError(ZSTD_CCtx_setPledgedSrcSize(g->zc, n))) {
		snprintf(o->err, sizeof o->err, "zstd: cannot start a frame");
		o->failed = 1;
		return ANN_FATAL;
	}
	o->frames++;
	return compress(o, g->zc, g->zbuf, g->zcap, p, n, ZSTD_e_end);
}

/* Write n bytes out through whatever the output compresses with. */
static ann_status
put_out(ann_out *o, const char *p, size_t n, ZSTD_EndDirective mode)
{
	if (o->zlevel > 0)
		/* An empty output still gets one frame: a valid empty file. */
		return n > 0 || (mode == ZSTD_e_end && o->frames == 0) ?
		    frame(o, p, n) : ANN_OK;
	if (o->zc != NULL)
		return compress(o, o->zc, o->zbuf, o->zcap, p, n, mode);
	return write_all(o, p, n);
}

static ann_status
flush(ann_out *o, ZSTD_EndDirective mode)
{
	ann_status st;

	if (o->failed)
		return ANN_FATAL;
	if (o->memory)
		return ANN_OK;	/* what it holds stays, for ann_out_take */
	st = put_out(o, o->buf, o->len, mode);
	o->len = 0;
	return st;
}

/* A memory output grows where another would be flushed. */
static ann_status
grow(ann_out *o, size_t len)
{
	if (o->len + len <= o->cap)
		return ANN_OK;
	if (ann__grow((void **)&o->buf, &o->cap, o->len + len, 1) == 0)
		return ANN_OK;
	return oom(o);
}

ann_status
ann_out_write(ann_out *o, const void *data, size_t len)
{
	if (o->failed || have_buf(o) != ANN_OK ||
	    (o->memory && grow(o, len) != ANN_OK))
		return ANN_FATAL;
	if (o->len + len > o->cap) {
		if (flush(o, ZSTD_e_continue) != ANN_OK)
			return ANN_FATAL;
		if (len >= o->cap)	/* large records go straight out */
			return put_out(o, data, len, ZSTD_e_continue);
	}
	memcpy(o->buf + o->len, data, len);
	o->len += len;
	return ANN_OK;
}

char *
ann_out_room(ann_out *o, size_t len)
{
	if (o->failed || have_buf(o) != ANN_OK ||
	    (o->memory && grow(o, len) != ANN_OK) || len > o->cap)
		return NULL;
	if (o->len + len > o->cap && flush(o, ZSTD_e_continue) != ANN_OK)
		return NULL;
	return o->buf + o->len;
}

void
ann_out_wrote(ann_out *o, size_t len)
{
	o->len += len;
}

ann_status
ann_out_record(ann_out *o, const ann_record *rec)
{
	ann_status st;

	if (!rec->multiline || o->failed) {
		if (ann_out_write(o, rec->data, rec->len) != ANN_OK)
			return ANN_FATAL;
		return ann_out_write(o, "\n", 1);
	}
	/* Minify straight into the buffer: no copy of the record in between. */
	if (have_buf(o) != ANN_OK || (o->memory && grow(o, rec->len + 1) != ANN_OK))
		return ANN_FATAL;
	if (o->len + rec->len + 1 > o->cap && flush(o, ZSTD_e_continue) != ANN_OK)
		return ANN_FATAL;
	if (rec->len + 1 <= o->cap) {
		o->len += ann_json_minify(rec->data, rec->len, o->buf + o->len);
		o->buf[o->len++] = '\n';
		return ANN_OK;
	}
	char *tmp = malloc(rec->len);
	if (tmp == NULL)
		return oom(o);
	size_t n = ann_json_minify(rec->data, rec->len, tmp);
	st = ann_out_write(o, tmp, n);
	free(tmp);
	return st == ANN_OK ? ann_out_write(o, "\n", 1) : st;
}

/*
 * Flush, end the zstd frame and close the file, leaving a created file
 * under its temporary name: the first half of a close.
 */
static ann_status
finish(ann_out *o)
{
	ann_status st;

	if (o->finished)
		return ANN_OK;
	st = flush(o, ZSTD_e_end);
	if (o->owns_fd && o->fd >= 0) {
		if (close(o->fd) != 0 && st == ANN_OK) {
			snprintf(o->err, sizeof o->err, "write error: %s",
			    strerror(errno));
			o->failed = 1;
			st = ANN_FATAL;
		}
		o->fd = -1;
	}
	o->finished = st == ANN_OK;
	return st;
}

/* The second half: a finished file takes its name. */
static ann_status
commit(ann_out *o)
{
	if (o->tmp == NULL)
		return ANN_OK;
	if (rename(o->tmp, o->final) != 0) {
		snprintf(o->err, sizeof o->err, "cannot rename into place: %s",
		    strerror(errno));
		o->failed = 1;
		return ANN_FATAL;
	}
	track(o, 0);
	free(o->tmp);
	o->tmp = NULL;
	return ANN_OK;
}

ann_status
ann_out_close(ann_out *o, ann_error *err)
{
	ann_status st;

	if (o == NULL)
		return ANN_OK;
	st = finish(o);
	if (st == ANN_OK)
		st = commit(o);
	if (st != ANN_OK)
		ann__error_set(err, "%s", o->err);
	ann_out_abort(o);
	return st;
}

void
ann_out_abort(ann_out *o)
{
	if (o == NULL)
		return;
	if (o->owns_fd && o->fd >= 0)
		close(o->fd);
	if (o->tmp != NULL) {
		track(o, 0);
		unlink(o->tmp);
	}
	ZSTD_freeCCtx(o->zc);
	free(o->zbuf);
	free(o->buf);
	free(o->tmp);
	free(o->final);
	free(o->path);
	free(o);
}

const char *
ann_out_errmsg(const ann_out *o)
{
	return o->err;
}

int
ann_out_failed(const ann_out *o)
{
	return o->failed;
}

const char *
ann_out_name(const ann_out *o)
{
	return o->path;
}

ann_out_group *
ann_out_group_new(size_t n)
{
	ann_out_group *g = calloc(1, sizeof *g);

	if (g == NULL || (g->out = calloc(n > 0 ? n : 1, sizeof *g->out)) == NULL) {
		free(g);
		return NULL;
	}
	g->cap = n;
	return g;
}

static ann_status
group_fail(ann_out_group *g, const char *name, const char *msg)
{
	free(g->errname);
	g->errname = strdup(name);
	snprintf(g->err, sizeof g->err, "%s", msg);
	return ANN_FATAL;
}

ann_out *
ann_out_group_add(ann_out_group *g, const char *path, int zstd_level)
{
	size_t buffer = GROUP_BUDGET / (g->cap > 0 ? g->cap : 1);
	ann_error err;
	ann_out *o;

	if (g->n == g->cap) {
		group_fail(g, path, "more outputs than the group was made for");
		return NULL;
	}
	if (buffer < GROUP_MIN_BUFFER)
		buffer = GROUP_MIN_BUFFER;
	if (buffer > OUT_BUFFER)
		buffer = OUT_BUFFER;
	if (zstd_level < 0)
		zstd_level = ends_with(path, ".zst") ? 3 : 0;
	/* The members compress through the group (see frame), not each. */
	if ((o = create(path, 0, buffer, &err)) == NULL) {
		group_fail(g, path, err.msg);
		return NULL;
	}
	o->zlevel = zstd_level;
	o->group = g;
	g->out[g->n++] = o;
	return o;
}

/* End every member: the files not yet in place are removed with them. */
static void
group_drop(ann_out_group *g)
{
	for (size_t i = 0; i < g->n; i++)
		ann_out_abort(g->out[i]);
	g->n = 0;
}

ann_status
ann_out_group_commit(ann_out_group *g)
{
	ann_status st = ANN_OK;
	sigset_t all, old;
	size_t i, k;

	/* Every file complete and closed before any takes its name... */
	for (i = 0; i < g->n; i++)
		if (finish(g->out[i]) != ANN_OK) {
			group_fail(g, g->out[i]->path, g->out[i]->err);
			group_drop(g);
			return ANN_FATAL;
		}
	/*
	 * ...and then all of them take it, or none: a rename that fails takes
	 * back those before it.  Signals wait meanwhile, since the handler
	 * knows only temporaries and would leave the renamed ones behind.
	 */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	for (i = 0; i < g->n; i++)
		if (commit(g->out[i]) != ANN_OK) {
			group_fail(g, g->out[i]->path, g->out[i]->err);
			for (k = 0; k < i; k++)
				if (g->out[k]->final != NULL)
					unlink(g->out[k]->final);
			st = ANN_FATAL;
			break;
		}
	group_drop(g);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return st;
}

void
ann_out_group_free(ann_out_group *g)
{
	if (g == NULL)
		return;
	group_drop(g);
	ZSTD_freeCCtx(g->zc);
	free(g->zbuf);
	free(g->errname);
	free(g->out);
	free(g);
}

const char *
ann_out_group_errname(const ann_out_group *g)
{
	return g->errname != NULL ? g->errname : "";
}

const char *
ann_out_group_errmsg(const ann_out_group *g)
{
	return g->err;
}
