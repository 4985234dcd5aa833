/*
 * fuzz_reader.c: the record splitter over arbitrary bytes, with the read
 * size and the unwrap option taken from the first byte.  Every record it
 * hands out must be valid JSON on its own, it must always finish, and
 * reading on a second thread must give the same records and errors.
 * (Rendering on that thread needs slots of input waiting, more than a
 * fuzz input holds: test_reader covers it.)
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ann.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* FNV-1a over everything a reader says, to compare two ways of reading. */
static uint64_t
mix(uint64_t h, const void *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ ((const unsigned char *)p)[i]) * 0x100000001b3ULL;
	return h;
}

/* Read all of fd with o, checking each step; returns the digest. */
static uint64_t
read_all(const ann_reader_opts *o, int fd, size_t size)
{
	ann_record rec;
	ann_status st;
	uint64_t h = 0xcbf29ce484222325ULL, last = 0;
	ann_reader *r = ann_reader_new(o);

	if (lseek(fd, 0, SEEK_SET) != 0)
		abort();
	ann_reader_open_fd(r, fd, 0, "fuzz");
	for (int steps = 0; (st = ann_reader_next(r, &rec)) != ANN_EOF; steps++) {
		if (steps > (int)size + 2)
			abort();	/* it must make progress */
		h = mix(h, &st, sizeof st);
		if (st == ANN_FATAL) {
			h = mix(h, ann_reader_errmsg(r), strlen(ann_reader_errmsg(r)));
			break;
		}
		if (st == ANN_OK) {
			if (ann_json_parse(rec.data, rec.len, NULL, NULL, NULL) != 0 ||
			    rec.number <= last || rec.offset > size)
				abort();
			last = rec.number;
			h = mix(h, rec.data, rec.len);
			h = mix(h, &rec.offset, sizeof rec.offset);
		} else {
			const char *bad;
			size_t len;
			ann_reader_rejected(r, &bad, &len);
			if (len > size)
				abort();
			uint64_t n, off;
			ann_reader_errpos(r, &n, &off);
			if (off > size)
				abort();
			last = n;
			h = mix(h, bad, len);
			h = mix(h, &off, sizeof off);
		}
	}
	ann_reader_free(r);
	return h;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t sizes[] = { 1, 2, 3, 7, 16, 64, 4096, 0 };
	ann_reader_opts o = { .max_record = 1 << 20 };

	if (size == 0)
		return 0;
	o.buffer_size = sizes[data[0] & 7];
	o.unwrap = data[0] & 8 ? "tasks" : NULL;
	o.index = (data[0] & 16) != 0;
	data++;
	size--;

	int fd = memfd_create("fuzz", 0);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	/* A memfd is a regular file: the second read runs the readahead thread. */
	uint64_t here = read_all(&o, fd, size);
	o.readahead = 1;
	if (read_all(&o, fd, size) != here)
		abort();	/* the second thread must say the same */
	close(fd);
	return 0;
}
