/*
 * source.c: bytes from a file descriptor, plain, gzip or zstd, chosen by
 * magic bytes and never by name.  Concatenated gzip members and zstd frames
 * are one stream.  A stream that ends inside a member or frame is an error:
 * a cut download must never look like a short export.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "prefetch_private.h"
#include "source_private.h"

#define RAW_SIZE (256 * 1024)
#define PREFETCH_CHUNK (1024 * 1024)
/*
 * The largest zstd window taken: 2^27 bytes, 128 MB, which is zstd's own
 * default, set here so that it does not move with the library.  Frames
 * written with zstd --long=31 (or --zstd=wlog=28 and up) need more: the
 * decoder would hold up to 2 GB of history, far past the memory a record
 * needs, so they are refused with a message saying how to read them.
 */
#define ZSTD_WINDOW_LOG_MAX 27

enum kind { KIND_UNKNOWN, KIND_PLAIN, KIND_GZIP, KIND_ZSTD };

struct ann__source {
	int fd;
	int owns_fd;
	enum kind kind;
	int raw_eof;
	unsigned char *raw;		/* compressed (or sniffed) input */
	size_t raw_pos, raw_len;
	z_stream z;
	int z_live;			/* inside a gzip member */
	ZSTD_DStream *zd;
	size_t zret;			/* last ZSTD_decompressStream hint */
	ann__prefetch *pf;		/* decompression thread, if started */
	int wake_fd;			/* readable once pf is stopping, or -1 */
	int done;
	uint64_t left;			/* bytes still to read from fd (--part) */
	char err[256];
};

ann__source *
ann__source_open(int fd, int owns_fd)
{
	ann__source *s = calloc(1, sizeof *s);

	if (s == NULL)
		return NULL;
	s->wake_fd = -1;
	s->raw = malloc(RAW_SIZE);
	if (s->raw == NULL) {
		free(s);
		return NULL;
	}
	s->fd = fd;
	s->owns_fd = owns_fd;
	s->left = UINT64_MAX;
	return s;
}

void
ann__source_limit(ann__source *s, uint64_t n)
{
	s->left = n;
}

/* n, or fewer when the limit is nearer. */
static size_t
capped(const ann__source *s, size_t n)
{
	return s->left < n ? (size_t)s->left : n;
}

static int fail(ann__source *s, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static int
fail(ann__source *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->err, sizeof s->err, fmt, ap);
	va_end(ap);
	return -1;
}

/* Append raw bytes after what is left; 0 at end of input, -1 on error. */
static ssize_t
fill_raw(ann__source *s)
{
	if (s->raw_pos > 0) {
		memmove(s->raw, s->raw + s->raw_pos, s->raw_len - s->raw_pos);
		s->raw_len -= s->raw_pos;
		s->raw_pos = 0;
	}
	for (;;) {
		/* On the prefetch thread: a stop must not wait for the writer. */
		if (s->wake_fd >= 0) {
			struct pollfd p[2] = { { s->fd, POLLIN, 0 }, { s->wake_fd, POLLIN, 0 } };
			if (poll(p, 2, -1) < 0) {
				if (errno == EINTR)
					continue;
				return fail(s, "poll: %s", strerror(errno));
			}
			if (p[1].revents != 0)
				return fail(s, "%s", "stopped");
		}
		size_t want = capped(s, RAW_SIZE - s->raw_len);
		ssize_t n = want == 0 ? 0 : read(s->fd, s->raw + s->raw_len, want);
		if (n >= 0) {
			s->left -= (uint64_t)n;
			s->raw_len += (size_t)n;
			if (n == 0)
				s->raw_eof = 1;
			return n;
		}
		if (errno != EINTR)
			return fail(s, "read error: %s", strerror(errno));
	}
}

static enum kind
kind_of(const unsigned char *b, size_t n)
{
	if (n >= 2 && b[0] == 0x1f && b[1] == 0x8b)
		return KIND_GZIP;
	/* A zstd frame, or a skippable frame before one (seekable zstd). */
	if (n >= 4 && ((b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f && b[3] == 0xfd) ||
	    ((b[0] & 0xF0) == 0x50 && b[1] == 0x2a && b[2] == 0x4d && b[3] == 0x18)))
		return KIND_ZSTD;
	return KIND_PLAIN;
}

int
ann__source_compressed(const void *head, size_t n)
{
	return kind_of(head, n) != KIND_PLAIN;
}

static int
sniff(ann__source *s)
{
	while (s->raw_len < 4 && !s->raw_eof)
		if (fill_raw(s) < 0)
			return -1;
	enum kind k = kind_of(s->raw, s->raw_len);
	if (k == KIND_GZIP) {
		if (inflateInit2(&s->z, 16 + MAX_WBITS) != Z_OK)
			return fail(s, "%s", "cannot start gzip decoder");
		s->kind = KIND_GZIP;
		s->z_live = 1;
	} else if (k == KIND_ZSTD) {
		s->zd = ZSTD_createDStream();
		if (s->zd == NULL || ZSTD_isError(ZSTD_DCtx_setParameter(s->zd,
		    ZSTD_d_windowLogMax, ZSTD_WINDOW_LOG_MAX)))
			return fail(s, "%s", "cannot start zstd decoder");
		s->kind = KIND_ZSTD;
	} else
		s->kind = KIND_PLAIN;
	return 0;
}

static ssize_t
read_plain(ann__source *s, char *dst, size_t n)
{
	if (s->raw_pos < s->raw_len) {
		size_t k = s->raw_len - s->raw_pos;
		if (k > n)
			k = n;
		memcpy(dst, s->raw + s->raw_pos, k);
		s->raw_pos += k;
		return (ssize_t)k;
	}
	for (;;) {
		size_t want = capped(s, n);
		ssize_t k = want == 0 ? 0 : read(s->fd, dst, want);
		if (k >= 0) {
			s->left -= (uint64_t)k;
			return k;
		}
		if (errno != EINTR)
			return fail(s, "read error: %s", strerror(errno));
	}
}

static ssize_t
read_gzip(ann__source *s, char *dst, size_t n)
{
	s->z.next_out = (unsigned char *)dst;
	s->z.avail_out = (uInt)(n > UINT32_MAX ? UINT32_MAX : n);
	while (s->z.avail_out == n) {
		if (s->raw_pos == s->raw_len && !s->raw_eof && fill_raw(s) < 0)
			return -1;
		if (!s->z_live) {
			/* Between members: another member, or the end. */
			if (s->raw_pos == s->raw_len && s->raw_eof)
				break;
			/* One byte of the next member's magic: read the other. */
			if (s->raw_len - s->raw_pos < 2 && !s->raw_eof) {
				if (fill_raw(s) < 0)
					return -1;
				continue;
			}
			if (s->raw_len - s->raw_pos < 2 ||
			    s->raw[s->raw_pos] != 0x1f || s->raw[s->raw_pos + 1] != 0x8b)
				return fail(s, "%s", "trailing garbage after gzip data");
			inflateReset(&s->z);
			s->z_live = 1;
		}
		if (s->raw_pos == s->raw_len && s->raw_eof)
			return fail(s, "%s", "truncated gzip input (unexpected end of stream)");
		s->z.next_in = s->raw + s->raw_pos;
		s->z.avail_in = (uInt)(s->raw_len - s->raw_pos);
		int ret = inflate(&s->z, Z_NO_FLUSH);
		s->raw_pos = s->raw_len - s->z.avail_in;
		if (ret == Z_STREAM_END)
			s->z_live = 0;
		else if (ret == Z_DATA_ERROR || ret == Z_NEED_DICT)
			return fail(s, "corrupt gzip input: %s",
			    s->z.msg ? s->z.msg : "invalid data");
		else if (ret == Z_MEM_ERROR)
			return fail(s, "%s", "out of memory in gzip decoder");
	}
	return (ssize_t)(n - s->z.avail_out);
}

static ssize_t
read_zstd(ann__source *s, char *dst, size_t n)
{
	ZSTD_outBuffer out = { dst, n, 0 };

	while (out.pos == 0) {
		if (s->raw_pos == s->raw_len) {
			if (!s->raw_eof && fill_raw(s) < 0)
				return -1;
			if (s->raw_pos == s->raw_len) {
				if (s->zret != 0)
					return fail(s, "%s", "truncated zstd input (unexpected end of frame)");
				break;
			}
		}
		ZSTD_inBuffer in = { s->raw, s->raw_len, s->raw_pos };
		s->zret = ZSTD_decompressStream(s->zd, &out, &in);
		s->raw_pos = in.pos;
		if (ZSTD_getErrorCode(s->zret) == ZSTD_error_frameParameter_windowTooLarge)
			return fail(s, "zstd input needs a larger window (zstd --long=31): "
			    "refused above %d MB; pipe it through zstd -d --long=31",
			    1 << (ZSTD_WINDOW_LOG_MAX - 20));
		if (ZSTD_isError(s->zret))
			return fail(s, "corrupt zstd input: %s", ZSTD_getErrorName(s->zret));
	}
	return (ssize_t)out.pos;
}

static ssize_t
decompress(void *ctx, char *dst, size_t n)
{
	ann__source *s = ctx;
	return s->kind == KIND_GZIP ? read_gzip(s, dst, n) : read_zstd(s, dst, n);
}

ssize_t
ann__source_read(ann__source *s, char *dst, size_t n)
{
	if (s->kind == KIND_UNKNOWN) {
		if (sniff(s) < 0)
			return -1;
		/* Without a thread it is only slower: no need to fail. */
		if (s->kind != KIND_PLAIN)
			s->pf = ann__prefetch_start(decompress, s, PREFETCH_CHUNK,
			    &s->wake_fd);
	}
	if (s->pf != NULL)
		return ann__prefetch_read(s->pf, dst, n);
	if (s->kind == KIND_PLAIN)
		return read_plain(s, dst, n);
	return decompress(s, dst, n);
}

const char *
ann__source_error(const ann__source *s)
{
	return s->err;
}

void
ann__source_close(ann__source *s)
{
	if (s == NULL)
		return;
	ann__prefetch_stop(s->pf);	/* first: the thread uses the decoders */
	if (s->kind == KIND_GZIP)
		inflateEnd(&s->z);
	ZSTD_freeDStream(s->zd);
	if (s->owns_fd && s->fd >= 0)
		close(s->fd);
	free(s->raw);
	free(s);
}
