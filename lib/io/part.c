/*
 * part.c: which bytes of a file are part I of N (--part, ann_reader.h).
 *
 * N processes over one NDJSON file each read a contiguous piece, and
 * together every record exactly once, in order, without a pre-split: part
 * I starts at the first line that starts at or after I * size / N, and
 * ends where part I + 1 starts.  So a record belongs to the part its
 * first byte is in, and one longer than a part is read whole by the part
 * where it starts (the next parts find no line start in it and start
 * after it).  Only a line can be found from an arbitrary offset: a JSON
 * array, a compressed file or a pipe cannot be cut this way, and say so.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ann_core.h"
#include "reader_private.h"
#include "source_private.h"
#include "util_private.h"

/* Where the first line starting at or after `at` starts (size: none). */
static int
line_start(int fd, uint64_t at, uint64_t size, uint64_t *start)
{
	char buf[65536];

	if (at == 0) {
		*start = 0;
		return 0;
	}
	/* The line starting at `at` is the one after a newline at at - 1. */
	for (uint64_t pos = at - 1; pos < size; ) {
		ssize_t n = ann__pread(fd, buf, sizeof buf, (int64_t)pos);
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		char *nl = memchr(buf, '\n', (size_t)n);
		if (nl != NULL) {
			*start = pos + (uint64_t)(nl - buf) + 1;
			return 0;
		}
		pos += (uint64_t)n;
	}
	*start = size;
	return 0;
}

/* I * size / N without overflow. */
static uint64_t
share(uint64_t size, uint64_t i, uint64_t n)
{
	return size / n * i + size % n * i / n;
}

int
ann__part_range(int fd, uint64_t part, uint64_t parts, uint64_t *start,
    uint64_t *end, char *err, size_t errlen)
{
	struct stat st;
	unsigned char head[512];
	ssize_t n;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "--part reads a piece of a regular file, and "
		    "this is a pipe or a device: save it to a file first");
		return -1;
	}
	uint64_t size = (uint64_t)st.st_size;
	if ((n = ann__pread(fd, head, sizeof head, 0)) < 0) {
		snprintf(err, errlen, "read error: %s", strerror(errno));
		return -1;
	}
	if (ann__source_compressed(head, (size_t)n)) {
		snprintf(err, errlen, "--part cannot cut compressed input: convert "
		    "it once with ann-cat (or use ann-cat --split --zstd shards)");
		return -1;
	}
	ssize_t i = 0;
	if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' ||
	    head[i] == '\n'))
		i++;
	if (i < n && head[i] == '[') {
		snprintf(err, errlen, "--part cuts NDJSON at line starts, and this is "
		    "a JSON array: convert it once with ann-cat to NDJSON");
		return -1;
	}
	if (line_start(fd, share(size, part, parts), size, start) != 0 ||
	    (part + 1 == parts ? (*end = size, 0) :
	    line_start(fd, share(size, part + 1, parts), size, end)) != 0) {
		snprintf(err, errlen, "read error: %s", strerror(errno));
		return -1;
	}
	if (*end < *start)
		*end = *start;
	return 0;
}
