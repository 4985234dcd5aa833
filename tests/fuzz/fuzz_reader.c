/*
 * fuzz_reader.c: the record splitter over arbitrary bytes, with the read
 * size, the unwrap option and a small max_record taken from the first
 * byte.  Every record it hands out must be valid JSON on its own, it must
 * always finish, and reading on a second thread must give the same records
 * and errors.
 *
 * What --keep-going promises, for any input: records and rejected records
 * are the input's own bytes at the offsets they give, no two overlap (so
 * no record is a piece of a rejected one), and, without unwrap, every byte
 * outside them is whitespace or array structure: nothing is lost.
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

/*
 * The bytes [off, off + len) of the input are taken (by a record or a
 * rejected one), after everything taken before; data, when not NULL, must
 * be the first bytes of them.
 */
static void
take(const uint8_t *in, size_t size, char *taken, uint64_t *end,
    uint64_t off, uint64_t len, const char *data, size_t dlen)
{
	if (off < *end || off > size || len > size - off || dlen > len)
		abort();
	if (data != NULL && memcmp(in + off, data, dlen) != 0)
		abort();
	memset(taken + off, 1, len);
	*end = off + len;
}

/* Read all of fd with o, checking each step; returns the digest. */
static uint64_t
read_all(const ann_reader_opts *o, int fd, const uint8_t *in, size_t size)
{
	ann_record rec;
	ann_status st;
	uint64_t h = 0xcbf29ce484222325ULL, last = 0, end = 0;
	ann_reader *r = ann_reader_new(o);
	char *taken = calloc(1, size + 1);
	/* Offsets are into the decompressed input: compare plain input only. */
	int plain = !(size >= 2 && in[0] == 0x1f && in[1] == 0x8b) &&
	    !(size >= 4 && memcmp(in, "\x28\xb5\x2f\xfd", 4) == 0);

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
			if (plain)
				take(in, size, taken, &end, rec.offset, rec.len,
				    rec.data, rec.len);
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
			uint64_t at, total;
			ann_reader_rejected_span(r, &at, &total);
			if (total > 0)	/* a stray ',' holds no record */
				last = n;
			if (plain)
				take(in, size, taken, &end, at, total, bad, len);
			h = mix(h, bad, len);
			h = mix(h, &off, sizeof off);
		}
	}
	ann_reader_free(r);
	if (plain && o->unwrap == NULL && st != ANN_FATAL)
		for (size_t i = 0; i < size; i++)
			if (!taken[i] && memchr(" \t\r\n[],", in[i], 7) == NULL &&
			    !(i < 3 && size >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0))
				abort();	/* a byte neither read nor rejected */
	free(taken);
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
	if (data[0] & 32)
		o.max_record = 64;	/* longer records are skipped, cut */
	data++;
	size--;

	int fd = memfd_create("fuzz", 0);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	/* A memfd is a regular file: the second read runs the readahead thread. */
	uint64_t here = read_all(&o, fd, data, size);
	o.readahead = 1;
	if (read_all(&o, fd, data, size) != here)
		abort();	/* the second thread must say the same */
	close(fd);
	return 0;
}
