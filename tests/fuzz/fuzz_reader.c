/*
 * fuzz_reader.c: the record splitter over arbitrary bytes, with the read
 * size and the unwrap option taken from the first byte.  Every record it
 * hands out must be valid JSON on its own, and it must always finish.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ann.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t sizes[] = { 1, 2, 3, 7, 16, 64, 4096, 0 };
	ann_reader_opts o = { .max_record = 1 << 20 };
	ann_record rec;
	ann_status st;

	if (size == 0)
		return 0;
	o.buffer_size = sizes[data[0] & 7];
	o.unwrap = data[0] & 8 ? "tasks" : NULL;
	data++;
	size--;

	int fd = memfd_create("fuzz", 0);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size ||
	    lseek(fd, 0, SEEK_SET) != 0)
		abort();
	ann_reader *r = ann_reader_new(&o);
	ann_reader_open_fd(r, fd, 1, "fuzz");
	uint64_t last = 0;
	for (int steps = 0; (st = ann_reader_next(r, &rec)) != ANN_EOF; steps++) {
		if (steps > (int)size + 2)
			abort();	/* it must make progress */
		if (st == ANN_FATAL)
			break;
		if (st == ANN_OK) {
			if (ann_json_parse(rec.data, rec.len, NULL, NULL, NULL) != 0 ||
			    rec.number <= last || rec.offset > size)
				abort();
			last = rec.number;
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
		}
	}
	ann_reader_free(r);
	return 0;
}
