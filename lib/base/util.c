/*
 * util.c: the small shared pieces: version, checked option values, the id
 * hash, growing arrays and temporary files.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ann_core.h"
#include "util_private.h"

const char *
ann_version(void)
{
	return ANN_VERSION_STRING;
}

int
ann_parse_u64(const char *text, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;

	if (text == NULL || !isdigit((unsigned char)*text))
		return -1;
	errno = 0;
	unsigned long long v = strtoull(text, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
ann_parse_size(const char *text, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned shift = 0;

	if (text == NULL || !isdigit((unsigned char)*text))
		return -1;
	errno = 0;
	unsigned long long v = strtoull(text, &end, 10);
	if (errno != 0)
		return -1;
	switch (*end) {
	case '\0': break;
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	default: return -1;
	}
	if (*end != '\0' || (v << shift >> shift) != v)
		return -1;
	v <<= shift;
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* FNV-1a, then a 64-bit finalizer (util_private.h). */
uint64_t
ann_hash(const void *data, size_t len)
{
	return ann__hash_end(ann__hash_more(ANN__HASH_START, data, len));
}

int
ann__grow(void **arr, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap * 2 : 16;
	while (n < need)
		n *= 2;
	if (size != 0 && n > SIZE_MAX / size)
		return -1;
	void *p = realloc(*arr, n * size);
	if (p == NULL)
		return -1;
	*arr = p;
	*cap = n;
	return 0;
}

void
ann__error_vset(ann_error *err, const char *fmt, va_list ap)
{
	if (err == NULL)
		return;
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	err->byte = 0;
	err->has_byte = 0;
}

void
ann__error_set(ann_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ann__error_vset(err, fmt, ap);
	va_end(ap);
}

ann_status
ann__error_fail(ann_error *err, ann_status st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ann__error_vset(err, fmt, ap);
	va_end(ap);
	return st;
}

void
ann__error_byte(ann_error *err, uint64_t byte)
{
	if (err == NULL)
		return;
	err->byte = byte;
	err->has_byte = 1;
}

ssize_t
ann__pread(int fd, void *buf, size_t n, int64_t at)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = pread(fd, (char *)buf + got, n - got, (off_t)(at + (int64_t)got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

FILE *
ann__tmpfile(ann_error *err)
{
	/*
	 * tmpfile(3) in glibc always uses /tmp, whatever TMPDIR says; spills
	 * can be as large as the input, so they go where the user points.
	 */
	const char *dir = getenv("TMPDIR");
	char path[4096];
	FILE *f = NULL;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	if ((size_t)snprintf(path, sizeof path, "%s/ann-XXXXXX", dir) >= sizeof path) {
		ann__error_set(err, "cannot make a temporary file in %s "
		    "(see TMPDIR): %s", dir, strerror(ENAMETOOLONG));
		return NULL;
	}
	if ((fd = mkstemp(path)) < 0 || unlink(path) != 0 ||
	    (f = fdopen(fd, "w+")) == NULL) {
		int e = errno;
		ann__error_set(err, "cannot make a temporary file in %s "
		    "(see TMPDIR): %s", dir, strerror(e));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	return f;
}
