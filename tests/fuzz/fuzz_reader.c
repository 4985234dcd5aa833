/*
 * fuzz_reader.c: the record splitter over arbitrary bytes, with the read
 * size and the unwrap option taken from the first byte.  Every record it
 * hands out must be valid JSON on its own, it must always finish, and
 * reading on a second thread must give the same records and errors,
 * whether or not that thread also rendered them (ann_reader_opts.render).
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

/* The caller's work done ahead: a copy of every other record. */
static ann_status
render_copy(void *ctx, const ann_record *rec, ann_buf *out, unsigned *note)
{
	(void)ctx;
	*note = (unsigned)rec->number;
	if (rec->number % 2 == 0)
		return ANN_FAILED;
	return ann_buf_put(out, rec->data, rec->len) == 0 ? ANN_OK : ANN_FATAL;
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
			if (rec.rendered && (rec.number % 2 == 0 ||
			    rec.note != (unsigned)rec.number || rec.output_len != rec.len ||
			    memcmp(rec.output, rec.data, rec.len) != 0))
				abort();	/* rendered, but not as asked */
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
	o.render = render_copy;
	if (read_all(&o, fd, size) != here)
		abort();
	close(fd);
	return 0;
}
