/*
 * fuzz_source.c: the gzip and zstd byte source, through the record reader.
 *
 * The first byte of the input sets up the run:
 *   bits 0-2  the reader's buffer size (1 byte to 1 MiB);
 *   bits 3-4  what the rest is: 0 the bytes as they are (the seeds are .gz
 *             and .zst files, so mutations reach corrupt and truncated
 *             streams); 1 plain text compressed here with gzip, 2 with
 *             zstd, 3 with gzip in two members (so that every
 *             decompressed pattern is reached, not only those the fuzzer
 *             can find a valid checksum for);
 *   bits 5-7  how many bytes each read() of the input returns (all, 1,
 *             2, 3, 7, 64 or 4096), as a pipe would hand them over.
 *
 * What must hold: the reader always finishes, and it sees the same records
 * and errors whatever the read() sizes, and for text compressed here, the
 * same as for the text itself.
 */
#define _GNU_SOURCE
/* Fortified unistd.h makes read() an inline wrapper, which cannot be replaced. */
#undef _FORTIFY_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "ann.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Short reads: the source calls read(), and this definition takes its
 * place in the program, so reads of the input descriptor (and only those:
 * libFuzzer reads files too) return at most short_read bytes.  A memfd
 * with short reads behaves like a slow pipe, but the same way every run.
 */
static int short_fd = -1;
static size_t short_read;

ssize_t read(int fd, void *buf, size_t n);

ssize_t
read(int fd, void *buf, size_t n)
{
	if (fd == short_fd && short_read != 0 && n > short_read)
		n = short_read;
	return syscall(SYS_read, fd, buf, n);
}

/* FNV-1a over what the reader did, to compare two runs. */
static uint64_t
mix(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	return h;
}

/*
 * One run of the reader: a hash of everything it did, and of the good
 * records before its first error, after each one of them.
 */
typedef struct run {
	uint64_t all;
	int failed;
	size_t good;		/* records before the first error */
	uint64_t *prefix;	/* prefix[i]: hash of the first i + 1 */
} run;

static void
trace(run *out, const void *bytes, size_t size, size_t buffer, size_t chunk)
{
	ann_reader_opts o = { .buffer_size = buffer, .max_record = 1 << 20 };
	ann_record rec;
	ann_status st;
	uint64_t h = 0xcbf29ce484222325ULL, ok = h;
	size_t cap = 0;

	memset(out, 0, sizeof *out);
	int fd = memfd_create("fuzz", 0);
	if (fd < 0 || write(fd, bytes, size) != (ssize_t)size ||
	    lseek(fd, 0, SEEK_SET) != 0)
		abort();
	short_fd = fd;
	short_read = chunk;
	ann_reader *r = ann_reader_new(&o);
	if (r == NULL)
		abort();
	ann_reader_open_fd(r, fd, 1, "fuzz");
	/*
	 * Every step takes at least one byte of decompressed text (of which
	 * a few input bytes can make megabytes, so count those).
	 */
	for (uint64_t steps = 1; (st = ann_reader_next(r, &rec)) != ANN_EOF; steps++) {
		if (steps > ann_reader_bytes(r) + 2)
			abort();
		h = mix(h, &st, sizeof st);
		if (st == ANN_OK) {
			if (ann_json_parse(rec.data, rec.len, NULL, NULL, NULL) != 0)
				abort();
			h = mix(h, &rec.number, sizeof rec.number);
			h = mix(h, &rec.offset, sizeof rec.offset);
			h = mix(h, rec.data, rec.len);
			if (!out->failed) {
				ok = mix(ok, rec.data, rec.len);
				if (out->good == cap) {
					cap = cap ? 2 * cap : 16;
					out->prefix = realloc(out->prefix,
					    cap * sizeof *out->prefix);
				}
				out->prefix[out->good++] = ok;
			}
		} else {
			uint64_t n, off;
			ann_reader_errpos(r, &n, &off);
			h = mix(h, &n, sizeof n);
			h = mix(h, &off, sizeof off);
			const char *msg = ann_reader_errmsg(r);
			h = mix(h, msg, strlen(msg));
			out->failed = 1;
			if (st == ANN_FATAL)
				break;
		}
	}
	ann_reader_free(r);
	short_fd = -1;
	out->all = h;
}

/*
 * Two runs over the same text agree: exactly, when it is sound; when it
 * is not, both fail, and their good records agree as far as both go.  (A
 * corrupt deflate stream yields some garbage before inflate notices, and
 * how much depends on how the input arrived, so a JSON error in that
 * garbage may come first.)
 */
static void
same(run *a, run *b, int exact)
{
	if (exact || (!a->failed && !b->failed)) {
		if (a->all != b->all)
			abort();
	} else {
		size_t k = a->good < b->good ? a->good : b->good;
		if (a->failed != b->failed ||
		    (k > 0 && a->prefix[k - 1] != b->prefix[k - 1]))
			abort();
	}
	free(a->prefix);
	free(b->prefix);
}

static size_t
gzip_member(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 1, Z_DEFLATED, 16 + MAX_WBITS, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	z.next_in = (uint8_t *)in;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		abort();
	size_t len = cap - z.avail_out;
	deflateEnd(&z);
	return len;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t buffers[] = { 1, 2, 3, 7, 16, 64, 4096, 0 };
	static const size_t chunks[] = { 0, 1, 2, 3, 7, 64, 4096, 0 };

	if (size == 0)
		return 0;
	size_t buffer = buffers[data[0] & 7];
	int mode = data[0] >> 3 & 3;
	size_t chunk = chunks[data[0] >> 5];
	data++;
	size--;

	run a, b;
	if (mode == 0) {
		/* The bytes as they are: short reads change nothing. */
		trace(&a, data, size, buffer, chunk);
		trace(&b, data, size, buffer, 0);
		same(&a, &b, 0);
		return 0;
	}
	/*
	 * Text that itself starts with compression magic would be read as
	 * compressed on its own but as plain once decompressed (only the
	 * outer layer is sniffed), so it has no plain twin to compare with.
	 */
	if ((size >= 2 && data[0] == 0x1f && data[1] == 0x8b) ||
	    (size >= 4 && memcmp(data, "\x28\xb5\x2f\xfd", 4) == 0) ||
	    (size >= 4 && (data[0] & 0xF0) == 0x50 &&
	    memcmp(data + 1, "\x2a\x4d\x18", 3) == 0))	/* skippable frame */
		return 0;
	size_t cap = (mode == 2 ? ZSTD_compressBound(size) :
	    compressBound((uLong)size) + 64) * 2 + 64;
	uint8_t *packed = malloc(cap);
	size_t len;
	if (mode == 2) {
		len = ZSTD_compress(packed, cap, data, size, 1);
		if (ZSTD_isError(len))
			abort();
	} else if (mode == 1) {
		len = gzip_member(data, size, packed, cap);
	} else {
		size_t half = size / 2;
		len = gzip_member(data, half, packed, cap);
		len += gzip_member(data + half, size - half, packed + len, cap - len);
	}
	/* Sound compression of the text reads as the text itself. */
	trace(&a, packed, len, buffer, chunk);
	trace(&b, data, size, buffer, 0);
	same(&a, &b, 1);
	free(packed);
	return 0;
}
