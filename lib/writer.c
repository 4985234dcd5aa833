/*
 * writer.c: buffered output, plain or zstd.  A created file is written
 * under a temporary name and renamed only when complete, so an interrupted
 * run never leaves a file that looks finished.
 */
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zstd.h>

#include "ann.h"
#include "util_private.h"

#define OUT_BUFFER (1u << 20)
#define MEMORY_BUFFER (64u << 10)	/* to start with: it grows */

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
	char *buf;
	size_t len, cap;
	ZSTD_CCtx *zc;
	char *zbuf;
	size_t zcap;
	int failed;
	int memory;		/* keeps what is written (ann_out_memory) */
	struct ann_out *next_tmp;	/* in the list of temporaries */
	char err[256];
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

static ann_out *
out_new(int fd, int zstd_level, size_t buffer)
{
	ann_out *o = calloc(1, sizeof *o);

	if (o == NULL)
		return NULL;
	o->fd = fd;
	o->cap = buffer;
	o->buf = malloc(o->cap);
	if (o->buf == NULL)
		goto fail;
	if (zstd_level > 0) {
		o->zc = ZSTD_createCCtx();
		o->zcap = ZSTD_CStreamOutSize();
		o->zbuf = malloc(o->zcap);
		if (o->zc == NULL || o->zbuf == NULL ||
		    ZSTD_isError(ZSTD_CCtx_setParameter(o->zc,
		    ZSTD_c_compressionLevel, zstd_level)) ||
		    ZSTD_isError(ZSTD_CCtx_setParameter(o->zc,
		    ZSTD_c_checksumFlag, 1)))
			goto fail;
	}
	return o;
fail:
	ZSTD_freeCCtx(o->zc);
	free(o->zbuf);
	free(o->buf);
	free(o);
	return NULL;
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

	if (o != NULL && (o->path = strdup("<memory>")) == NULL) {
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

ann_out *
ann_out_create(const char *path, int zstd_level, char *err, size_t errsize)
{
	if (zstd_level < 0)
		zstd_level = ends_with(path, ".zst") ? 3 : 0;
	ann_out *o = out_new(-1, zstd_level, OUT_BUFFER);
	size_t n = strlen(path) + 16;

	if (o == NULL || (o->tmp = malloc(n)) == NULL ||
	    (o->path = strdup(path)) == NULL) {
		snprintf(err, errsize, "out of memory");
		ann_out_abort(o);
		return NULL;
	}
	snprintf(o->tmp, n, "%s.tmpXXXXXX", path);
	o->fd = mkstemp(o->tmp);
	if (o->fd < 0) {
		snprintf(err, errsize, "%s", strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		ann_out_abort(o);
		return NULL;
	}
	/* mkstemp makes 0600; give the file the mode a plain open would. */
	track(o, 1);
	mode_t mask = umask(0);
	umask(mask);
	(void)fchmod(o->fd, 0666 & ~mask);
	o->owns_fd = 1;
	return o;
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
compress(ann_out *o, const char *p, size_t n, ZSTD_EndDirective mode)
{
	ZSTD_inBuffer in = { p, n, 0 };
	size_t left;

	do {
		ZSTD_outBuffer out = { o->zbuf, o->zcap, 0 };
		left = ZSTD_compressStream2(o->zc, &out, &in, mode);
		if (ZSTD_isError(left)) {
			snprintf(o->err, sizeof o->err, "zstd: %s",
			    ZSTD_getErrorName(left));
			o->failed = 1;
			return ANN_FATAL;
		}
		if (write_all(o, o->zbuf, out.pos) != ANN_OK)
			return ANN_FATAL;
	} while (mode == ZSTD_e_end ? left != 0 : in.pos < in.size);
	return ANN_OK;
}

static ann_status
flush(ann_out *o, ZSTD_EndDirective mode)
{
	ann_status st;

	if (o->failed)
		return ANN_FATAL;
	if (o->memory)
		return ANN_OK;	/* what it holds stays, for ann_out_take */
	st = o->zc ? compress(o, o->buf, o->len, mode) :
	    write_all(o, o->buf, o->len);
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
	snprintf(o->err, sizeof o->err, "out of memory");
	o->failed = 1;
	return ANN_FATAL;
}

ann_status
ann_out_write(ann_out *o, const void *data, size_t len)
{
	if (o->failed || (o->memory && grow(o, len) != ANN_OK))
		return ANN_FATAL;
	if (o->len + len > o->cap) {
		if (flush(o, ZSTD_e_continue) != ANN_OK)
			return ANN_FATAL;
		if (len >= o->cap)	/* large records go straight out */
			return o->zc ? compress(o, data, len, ZSTD_e_continue) :
			    write_all(o, data, len);
	}
	memcpy(o->buf + o->len, data, len);
	o->len += len;
	return ANN_OK;
}

char *
ann_out_room(ann_out *o, size_t len)
{
	if (o->failed || (o->memory && grow(o, len) != ANN_OK) || len > o->cap)
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
	if (o->memory && grow(o, rec->len + 1) != ANN_OK)
		return ANN_FATAL;
	if (o->len + rec->len + 1 > o->cap && flush(o, ZSTD_e_continue) != ANN_OK)
		return ANN_FATAL;
	if (rec->len + 1 <= o->cap) {
		o->len += ann_json_minify(rec->data, rec->len, o->buf + o->len);
		o->buf[o->len++] = '\n';
		return ANN_OK;
	}
	char *tmp = malloc(rec->len);
	if (tmp == NULL) {
		snprintf(o->err, sizeof o->err, "out of memory");
		o->failed = 1;
		return ANN_FATAL;
	}
	size_t n = ann_json_minify(rec->data, rec->len, tmp);
	st = ann_out_write(o, tmp, n);
	free(tmp);
	return st == ANN_OK ? ann_out_write(o, "\n", 1) : st;
}

ann_status
ann_out_close(ann_out *o, char *err, size_t errsize)
{
	ann_status st;

	if (o == NULL)
		return ANN_OK;
	st = flush(o, ZSTD_e_end);
	if (st == ANN_OK && o->tmp != NULL) {
		if (close(o->fd) != 0) {
			snprintf(o->err, sizeof o->err, "write error: %s", strerror(errno));
			st = ANN_FATAL;
		}
		o->fd = -1;
		if (st == ANN_OK && rename(o->tmp, o->path) != 0) {
			snprintf(o->err, sizeof o->err, "cannot rename into place: %s",
			    strerror(errno));
			st = ANN_FATAL;
		}
		if (st == ANN_OK) {
			track(o, 0);
			free(o->tmp);
			o->tmp = NULL;
		}
	}
	if (st != ANN_OK)
		snprintf(err, errsize, "%s", o->err);
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
	free(o->path);
	free(o);
}

const char *
ann_out_errmsg(const ann_out *o)
{
	return o->err;
}

const char *
ann_out_name(const ann_out *o)
{
	return o->path;
}
