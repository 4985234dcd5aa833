/*
 * test_reader.c: the record splitter over every input shape, at read sizes
 * from 1 byte up so that records straddle every buffer boundary, plus
 * gzip and zstd sources (concatenated, truncated).  Everything runs twice:
 * on this thread, and with the readahead thread, which must say the same.
 */
#define _GNU_SOURCE	/* RTLD_NEXT */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>
#include <zstd.h>

#include "ann.h"
#include "check.h"

static char path[] = "/tmp/ann-test-reader-XXXXXX";
static int no_threads;	/* pthread_create fails, as when out of them */
static int refused;	/* how often it did */

/*
 * The library's calls come here first: this program defines the symbol.
 * Otherwise the next definition (libc's, or a sanitizer's) does the work.
 */
int
pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *),
    void *arg)
{
	static int (*next)(pthread_t *, const pthread_attr_t *,
	    void *(*)(void *), void *);

	if (no_threads) {
		refused++;
		return EAGAIN;
	}
	if (next == NULL)
		*(void **)&next = dlsym(RTLD_NEXT, "pthread_create");
	return next != NULL ? next(t, attr, fn, arg) : ENOSYS;
}
static int ahead;	/* the readahead option, for every read here */

static void
write_file(const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	fwrite(data, 1, len, f);
	fclose(f);
}

/*
 * Read path with the given buffer size and unwrap key; records are joined
 * with '|' into got; the first error's status, message and offset are kept.
 */
struct result {
	char got[1024];
	ann_status err;
	char msg[256];
	uint64_t err_rec, err_off;
	uint64_t last_off;
	char rej[4096];		/* rejected records, joined with '|' */
	uint64_t nrej;
	uint64_t spans;		/* good and rejected bytes, and the gaps */
	int overlap;		/* a record inside a rejected span, or the reverse */
};

static void
read_all_max(size_t bufsize, size_t max, const char *unwrap,
    struct result *res)
{
	ann_reader_opts o = { .buffer_size = bufsize, .unwrap = unwrap,
	    .readahead = ahead, .max_record = max };
	ann_reader *r = ann_reader_new(&o);
	ann_record rec;
	ann_status st;
	uint64_t end = 0;	/* of the last record or rejected span */

	memset(res, 0, sizeof *res);
	res->err = ANN_OK;
	ann_reader_open_file(r, path);
	while ((st = ann_reader_next(r, &rec)) != ANN_EOF) {
		if (st != ANN_OK) {
			if (res->err == ANN_OK) {
				res->err = st;
				snprintf(res->msg, sizeof res->msg, "%s", ann_reader_errmsg(r));
				ann_reader_errpos(r, &res->err_rec, &res->err_off);
			}
			if (st == ANN_FATAL)
				break;
			const char *data;
			size_t len, n = strlen(res->rej);
			uint64_t off, total;
			ann_reader_rejected(r, &data, &len);
			ann_reader_rejected_span(r, &off, &total);
			if (total == 0)
				continue;	/* a stray ',': nothing in it */
			snprintf(res->rej + n, sizeof res->rej - n, "%s%.*s",
			    n ? "|" : "", (int)len, data);
			res->nrej++;
			res->spans += total;
			if (off < end)
				res->overlap = 1;
			end = off + total;
			continue;
		}
		if (rec.offset < end)
			res->overlap = 1;
		end = rec.offset + rec.len;
		res->spans += rec.len;
		size_t n = strlen(res->got);
		snprintf(res->got + n, sizeof res->got - n, "%s%.*s", n ? "|" : "",
		    (int)rec.len, rec.data);
		res->last_off = rec.offset;
	}
	ann_reader_free(r);
}

static void
read_all(size_t bufsize, const char *unwrap, struct result *res)
{
	read_all_max(bufsize, 0, unwrap, res);
}

static const size_t sizes[] = { 1, 3, 16, 64, 4096, 0 };

struct shape {
	const char *name, *input, *unwrap, *want;
};

static const struct shape shapes[] = {
	{ "NDJSON", "{\"a\":1}\n{\"b\":2}\n", NULL, "{\"a\":1}|{\"b\":2}" },
	{ "NDJSON with BOM, CRLF, blank lines",
	  "\xEF\xBB\xBF{\"a\":1}\r\n\r\n\n{\"b\":\"\xc3\xa9\"}\r\n", NULL,
	  "{\"a\":1}|{\"b\":\"\xc3\xa9\"}" },
	{ "no final newline", "{\"a\":1}\n{\"b\":2}", NULL, "{\"a\":1}|{\"b\":2}" },
	{ "pretty-printed array", "[\n  {\n    \"a\": 1\n  },\n  {\"b\": [1, 2]}\n]\n",
	  NULL, "{\n    \"a\": 1\n  }|{\"b\": [1, 2]}" },
	{ "arrays and objects back to back", "[{\"a\":1}][{\"b\":2}]{\"c\":3}[]",
	  NULL, "{\"a\":1}|{\"b\":2}|{\"c\":3}" },
	{ "pages with whitespace between", "[{\"a\":1}]\n\n[\n{\"b\":2}\n]\n", NULL,
	  "{\"a\":1}|{\"b\":2}" },
	{ "empty input", "", NULL, "" },
	{ "only whitespace", " \n\t\r\n", NULL, "" },
	{ "empty array", "[ ]", NULL, "" },
	{ "scalar elements", "[1, \"x\", null, -2.5e3]", NULL, "1|\"x\"|null|-2.5e3" },
	{ "strings with brackets and escapes",
	  "[{\"s\":\"]}[{\\\"\\\\\"},{\"t\":\"\\u005d\"}]", NULL,
	  "{\"s\":\"]}[{\\\"\\\\\"}|{\"t\":\"\\u005d\"}" },
	{ "page envelopes", "{\"total\":2,\"tasks\":[{\"id\":1},{\"id\":2}],"
	  "\"next\":{\"x\":[1]}}\n{\"tasks\":[]}{\"count\":1,\"tasks\":[{\"id\":3}]}",
	  "tasks", "{\"id\":1}|{\"id\":2}|{\"id\":3}" },
};

struct failure {
	const char *name, *input, *unwrap, *want, *msg;
	ann_status st;
	uint64_t rec, off;
};

static const struct failure failures[] = {
	{ "truncated record", "{\"a\":1}\n{\"b\":\n", NULL, "{\"a\":1}",
	  "end of input inside a record", ANN_FAILED, 2, 14 },
	{ "array never closed", "[{\"a\":1},\n", NULL, "{\"a\":1}",
	  "not closed", ANN_FATAL, 2, 10 },
	{ "garbage between records", "{\"a\":1}\nxyz\n{\"b\":2}\n", NULL,
	  "{\"a\":1}|{\"b\":2}", "expected a record", ANN_FAILED, 2, 8 },
	{ "a lone ]", "{\"a\":1}\n]\n{\"b\":2}\n", NULL, "{\"a\":1}|{\"b\":2}",
	  "expected a record", ANN_FAILED, 2, 8 },
	{ "bad record in NDJSON", "{\"a\":1}\n{\"b\":tru}\n{\"c\":3}\n", NULL,
	  "{\"a\":1}|{\"c\":3}", "invalid literal", ANN_FAILED, 2, 16 },
	{ "missing comma in an array", "[{\"a\":1}\n{\"b\":2}]", NULL,
	  "{\"a\":1}", "expected ',' or ']'", ANN_FAILED, 2, 9 },
	{ "a top-level scalar", "42\n", NULL, "", "expected a record",
	  ANN_FAILED, 1, 0 },
	{ "a BOM in the middle", "{\"a\":1}\n\xEF\xBB\xBF{\"b\":2}\n", NULL, "{\"a\":1}",
	  "byte order mark", ANN_FAILED, 2, 8 },
	{ "unwrap key missing", "{\"id\":1}", "tasks", "", "no member \"tasks\"",
	  ANN_FAILED, 1, 0 },
	{ "unwrap key not an array", "{\"tasks\":{}}", "tasks", "",
	  "not an array", ANN_FAILED, 1, 9 },
};

/*
 * --keep-going: after a bad value, reading goes on where it ends, and the
 * whole of it, no more and no less, is what is rejected.
 */
struct resync {
	const char *name, *input, *unwrap, *want, *rejected;
};

static const struct resync resyncs[] = {
	{ "a bad element of a pretty-printed array",
	  "[\n  {\n    \"id\": 1\n  },\n  {\n    \"id\": 2,\n    \"annotations\": [\n"
	  "      {\"id\": 3, \"result\": []},\n    ]\n  },\n  {\n    \"id\": 4\n  }\n]\n",
	  NULL, "{\n    \"id\": 1\n  }|{\n    \"id\": 4\n  }",
	  "{\n    \"id\": 2,\n    \"annotations\": [\n      {\"id\": 3, \"result\": []},\n"
	  "    ]\n  }" },
	{ "inner objects on lines of their own",
	  "[\n  {\n    \"id\": 8,\n    \"a\": [\n      {\n        \"id\": 7,\n"
	  "        \"x\": tru\n      },\n      {\n        \"id\": 9\n      }\n    ]\n"
	  "  },\n  {\"id\": 10}\n]",
	  NULL, "{\"id\": 10}",
	  "{\n    \"id\": 8,\n    \"a\": [\n      {\n        \"id\": 7,\n"
	  "        \"x\": tru\n      },\n      {\n        \"id\": 9\n      }\n    ]\n  }" },
	{ "appended pages", "[{\"id\":1},{\"id\":2,}][{\"id\":3}]", NULL,
	  "{\"id\":1}|{\"id\":3}", "{\"id\":2,}" },
	{ "an NDJSON line cut short", "{\"id\":1}\n{\"id\":2,\n{\"id\":3}\n", NULL,
	  "{\"id\":1}|{\"id\":3}", "{\"id\":2," },
	{ "an NDJSON line cut inside a string", "{\"id\":1,\"s\":\"a}\n{\"id\":3}\n",
	  NULL, "{\"id\":3}", "{\"id\":1,\"s\":\"a}" },
	{ "a pretty-printed element cut short",
	  "[\n  {\n    \"id\": 1,\n    \"a\": \"abc\n  {\n    \"id\": 2\n  }\n]\n", NULL,
	  "{\n    \"id\": 2\n  }", "{\n    \"id\": 1,\n    \"a\": \"abc" },
	{ "a stray token in an array", "[{\"id\":1} x, {\"id\":2}]", NULL,
	  "{\"id\":1}|{\"id\":2}", "x" },
	{ "a stray token on a line of its own",
	  "[\n  {\"id\":1},\n  oops\n  {\"id\":2}\n]", NULL,
	  "{\"id\":1}|{\"id\":2}", "oops" },
	{ "a trailing comma holds no record", "[{\"id\":1},]\n{\"id\":2}", NULL,
	  "{\"id\":1}|{\"id\":2}", "" },
	{ "two commas", "[{\"id\":1},,{\"id\":2}]", NULL,
	  "{\"id\":1}|{\"id\":2}", "" },
	{ "a stray closing bracket", "[{\"id\":1}}, {\"id\":2}]", NULL,
	  "{\"id\":1}|{\"id\":2}", "}" },
	{ "a bad record inside a page",
	  "{\"tasks\":[{\"id\":1},{\"id\":2,\"x\":}],\"next\":null}\n"
	  "{\"count\":1,\"tasks\":[{\"id\":3}]}", "tasks",
	  "{\"id\":1}|{\"id\":3}", "{\"id\":2,\"x\":}" },
	{ "pages that cannot be unwrapped",
	  "{\"count\":0}\n{\"tasks\":{\"id\":4}}\n{\"tasks\":[{\"id\":5}]}\n"
	  "{\"tasks\":[{\"id\":6}],\"next\":x}{\"tasks\":[{\"id\":7}]}", "tasks",
	  "{\"id\":5}|{\"id\":6}|{\"id\":7}",
	  "{\"count\":0}|{\"tasks\":{\"id\":4}}|\"next\":x}" },
	{ "a bad page member before the records",
	  "{\"count\":,\"tasks\":[{\"id\":1}]}{\"tasks\":[{\"id\":2}]}", "tasks",
	  "{\"id\":2}", "{\"count\":,\"tasks\":[{\"id\":1}]}" },
	{ "no end before the end of the input",
	  "[{\"id\":1},{\"id\":2,\"a\":[{\"id\":3}]", NULL, "{\"id\":1}",
	  "{\"id\":2,\"a\":[{\"id\":3}]" },
};

/* Whatever is not a record or rejected is whitespace or structure. */
static uint64_t
structure_bytes(const char *in, int unwrapped)
{
	uint64_t n = 0;

	if (unwrapped)
		return 0;
	for (; *in; in++)
		n += strchr(" \t\r\n[],", *in) != NULL;
	return n;
}

static void
test_resync(void)
{
	struct result res;

	for (size_t i = 0; i < sizeof resyncs / sizeof *resyncs; i++) {
		const struct resync *t = &resyncs[i];
		write_file(t->input, strlen(t->input));
		for (size_t j = 0; j < sizeof sizes / sizeof *sizes; j++) {
			read_all(sizes[j], t->unwrap, &res);
			CHECK(res.err == ANN_FAILED && strcmp(res.got, t->want) == 0 &&
			    strcmp(res.rej, t->rejected) == 0 && !res.overlap,
			    "%s, buffer %zu%s: [%s] rejected [%s]", t->name, sizes[j],
			    ahead ? ", read ahead" : "", res.got, res.rej);
		}
		/*
		 * Not a byte twice, none lost: in the whitespace-only gaps
		 * between records the structure bytes may hide a piece of
		 * a record, so count them (not inside strings here).
		 */
		if (t->unwrap == NULL) {
			uint64_t s = structure_bytes(t->input, 0);
			CHECK(res.spans <= strlen(t->input) &&
			    res.spans + s >= strlen(t->input),
			    "%s: records and rejects cover the input (%llu + %llu "
			    "structure of %zu)", t->name, (unsigned long long)res.spans,
			    (unsigned long long)s, strlen(t->input));
		}
	}
}

static void
test_shapes(void)
{
	struct result res;

	for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) {
		const struct shape *s = &shapes[i];
		write_file(s->input, strlen(s->input));
		for (size_t j = 0; j < sizeof sizes / sizeof *sizes; j++) {
			read_all(sizes[j], s->unwrap, &res);
			CHECK(res.err == ANN_OK && strcmp(res.got, s->want) == 0,
			    "%s, buffer %zu%s: [%s] %s", s->name, sizes[j],
			    ahead ? ", read ahead" : "", res.got, res.msg);
		}
	}
	for (size_t i = 0; i < sizeof failures / sizeof *failures; i++) {
		const struct failure *f = &failures[i];
		write_file(f->input, strlen(f->input));
		for (size_t j = 0; j < sizeof sizes / sizeof *sizes; j++) {
			read_all(sizes[j], f->unwrap, &res);
			CHECK(res.err == f->st && strcmp(res.got, f->want) == 0 &&
			    strstr(res.msg, f->msg) != NULL && res.err_rec == f->rec &&
			    res.err_off == f->off,
			    "%s, buffer %zu%s: [%s] record %llu byte %llu: %s", f->name,
			    sizes[j], ahead ? ", read ahead" : "", res.got, (unsigned long long)res.err_rec,
			    (unsigned long long)res.err_off, res.msg);
		}
	}
}

static void
test_offsets(void)
{
	struct result res;
	const char *t = "[\n {\"a\":1},\n {\"b\":2}\n]";

	write_file(t, strlen(t));
	read_all(2, NULL, &res);
	CHECK(res.last_off == 13, "the last record starts at byte 13 (%llu)",
	    (unsigned long long)res.last_off);
}

static void
test_compressed(void)
{
	const char *a = "[{\"a\":1},\n", *b = "{\"b\":2}]\n{\"c\":3}\n";
	const char *want = "{\"a\":1}|{\"b\":2}|{\"c\":3}";
	struct result res;
	char z[512];
	size_t n = 0;

	/* Two zstd frames: the split falls inside a record. */
	n += ZSTD_compress(z, sizeof z, a, strlen(a), 3);
	n += ZSTD_compress(z + n, sizeof z - n, b, strlen(b), 3);
	write_file(z, n);
	read_all(16, NULL, &res);
	CHECK(res.err == ANN_OK && strcmp(res.got, want) == 0,
	    "two zstd frames read as one stream [%s] %s", res.got, res.msg);
	write_file(z, n - 3);
	read_all(0, NULL, &res);
	CHECK(res.err == ANN_FATAL && strstr(res.msg, "truncated zstd"),
	    "a cut zstd frame is an error: %s", res.msg);

	/* Two gzip members, written with zlib's own gzip writer. */
	for (int i = 0; i < 2; i++) {
		gzFile g = gzopen(path, i == 0 ? "wb" : "ab");
		gzwrite(g, i == 0 ? a : b, (unsigned)strlen(i == 0 ? a : b));
		gzclose(g);
	}
	read_all(16, NULL, &res);
	CHECK(res.err == ANN_OK && strcmp(res.got, want) == 0,
	    "two gzip members read as one stream [%s] %s", res.got, res.msg);
	FILE *f = fopen(path, "rb");
	n = fread(z, 1, sizeof z, f);
	fclose(f);
	write_file(z, n - 5);
	read_all(0, NULL, &res);
	CHECK(res.err == ANN_FATAL && strstr(res.msg, "truncated gzip"),
	    "a cut gzip member is an error: %s", res.msg);
	memcpy(z + n, "junk", 4);
	write_file(z, n + 4);
	read_all(0, NULL, &res);
	CHECK(res.err == ANN_FATAL && strstr(res.msg, "trailing garbage"),
	    "garbage after a gzip member is an error: %s", res.msg);
}

static void
test_max_record(void)
{
	ann_reader_opts o = { .buffer_size = 16, .max_record = 64,
	    .readahead = ahead };
	ann_reader *r = ann_reader_new(&o);
	ann_record rec;
	char big[200];

	memset(big, ' ', sizeof big);
	big[0] = '{';
	memcpy(big + 1, "\"k\":\"", 5);
	big[sizeof big - 2] = '"';
	big[sizeof big - 1] = '}';
	write_file(big, sizeof big);
	ann_reader_open_file(r, path);
	CHECK(ann_reader_next(r, &rec) == ANN_FAILED &&
	    strstr(ann_reader_errmsg(r), "200 bytes is longer than --max-record (64"),
	    "a record over max_record is refused: %s", ann_reader_errmsg(r));
	ann_reader_free(r);
}

/*
 * A record over max_record, in NDJSON and in an array, at read sizes
 * above and below max_record: skipped to its end, with its first bytes
 * kept, and the records after it read.
 */
static void
test_max_record_skipped(void)
{
	static const size_t bufs[] = { 16, 4096, 1 << 16 };
	char big[3000], in[4000], head[1025];
	struct result res;

	memset(big, 'x', sizeof big);
	memcpy(big, "{\"id\":2,\"s\":\"", 13);
	memcpy(big + sizeof big - 3, "\"}", 3);
	memcpy(head, big, 1024);
	head[1024] = 0;
	for (size_t i = 0; i < 2; i++)
		for (size_t j = 0; j < sizeof bufs / sizeof *bufs; j++) {
			snprintf(in, sizeof in, i ? "[%s,\n%s,\n%s,%s]" :
			    "%s\n%s\n%s\n%s\n", "{\"id\":1}", big,
			    "{\"id\":3}", "{\"id\":4}");
			write_file(in, strlen(in));
			read_all_max(bufs[j], 1024, NULL, &res);
			CHECK(res.err == ANN_FAILED &&
			    strcmp(res.got, "{\"id\":1}|{\"id\":3}|{\"id\":4}") == 0 &&
			    res.nrej == 1 && strcmp(res.rej, head) == 0 &&
			    res.spans == 3 * 8 + strlen(big) && res.err_rec == 2 &&
			    strstr(res.msg, "2999 bytes is longer than --max-record (1024"),
			    "%s with a record over --max-record, buffer %zu%s: [%s] %s",
			    i ? "an array" : "NDJSON", bufs[j], ahead ? ", read ahead" : "",
			    res.got, res.msg);
		}
}

/* FNV-1a, to compare long runs of records without keeping them. */
static uint64_t
mix(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

/* Everything a reader says about a whole input, as one number. */
static uint64_t
digest(int readahead, int index, uint64_t *records, uint64_t *bytes)
{
	ann_reader_opts o = { .readahead = readahead, .index = index };
	ann_reader *r = ann_reader_new(&o);
	ann_record rec;
	ann_status st;
	uint64_t h = 0xcbf29ce484222325ULL, pos[2];
	const char *data;
	size_t len;

	*records = 0;
	ann_reader_open_file(r, path);
	while ((st = ann_reader_next(r, &rec)) != ANN_EOF) {
		h = mix(h, &st, sizeof st);
		if (st == ANN_OK) {
			h = mix(h, rec.data, rec.len);
			pos[0] = rec.number;
			pos[1] = rec.offset;
			h = mix(h, pos, sizeof pos);
			h = mix(h, &rec.multiline, sizeof rec.multiline);
			++*records;
			continue;
		}
		ann_reader_errpos(r, &pos[0], &pos[1]);
		h = mix(h, pos, sizeof pos);
		h = mix(h, ann_reader_errmsg(r), strlen(ann_reader_errmsg(r)));
		if (st == ANN_FATAL)
			break;
		ann_reader_rejected(r, &data, &len);
		h = mix(h, data, len);
	}
	*bytes = ann_reader_bytes(r);
	ann_reader_free(r);
	return h;
}

/*
 * Many records over many of the second thread's slots, a record of
 * megabytes (handed over without a copy) and bad lines, big and small:
 * both ways of reading must agree on every record, error and position.
 */
static void
test_readahead(void)
{
	FILE *f = fopen(path, "wb");
	uint64_t h0, h1, n0, n1, b0, b1;

	for (int i = 0; i < 60000; i++) {
		if (i % 9973 == 5)
			fprintf(f, "{\"id\":%d,\"bad\":tru}\n", i);
		else if (i == 30000) {
			fputs("{\"big\":\"", f);
			for (int k = 0; k < 3 << 20; k++)
				fputc('a' + k % 26, f);
			fputs("\"}\n", f);
		} else if (i == 40000) {
			fputs("{\"bigbad\":[", f);
			for (int k = 0; k < 1 << 19; k++)
				fputs("1,", f);
			fputs("]}\n", f);	/* a trailing comma, 1 MB in */
		} else
			fprintf(f, "{\"id\":%d,\"v\":[%d,{\"w\":\"%*s\"}]}\n",
			    i, i * 7, i % 300, "x");
	}
	fclose(f);
	for (int index = 0; index < 2; index++) {
		h0 = digest(0, index, &n0, &b0);
		h1 = digest(1, index, &n1, &b1);
		CHECK(h0 == h1 && n0 == n1 && b0 == b1 && n0 > 59000,
		    "read ahead or not, %llu records agree (index %d, %llu bytes)",
		    (unsigned long long)n0, index, (unsigned long long)b0);
	}

	/* No second thread to be had: the reader reads the file itself. */
	no_threads = 1;
	h1 = digest(1, 1, &n1, &b1);
	no_threads = 0;
	h0 = digest(0, 1, &n0, &b0);
	CHECK(h0 == h1 && n0 == n1 && b0 == b1 && refused > 0,
	    "without a thread, reading ahead falls back to one (%llu records)",
	    (unsigned long long)n1);

	/* Stopping after a few records of many: no hang, nothing leaked. */
	ann_reader_opts o = { .readahead = 1, .index = 1 };
	ann_reader *r = ann_reader_new(&o);
	ann_record rec;
	int ok = ann_reader_open_file(r, path) == ANN_OK;
	for (int i = 0; i < 3 && ok; i++)
		ok = ann_reader_next(r, &rec) == ANN_OK && rec.number == (uint64_t)i + 1;
	ann_reader_free(r);
	CHECK(ok, "a reader stopped after three records closes");
}

/*
 * With the index option each record carries where its containers end
 * (ann_record.ends), read ahead or not: the same pairs, each a bracket
 * that opens and the one that closes it.
 */
static void
test_ends(void)
{
	FILE *f = fopen(path, "wb");
	uint64_t h[2] = { 0, 0 }, pairs[2] = { 0, 0 }, wrong = 0;

	for (int i = 0; i < 20000; i++)
		fprintf(f, "{\"id\":%d,\"v\":[%d,{\"w\":\"%*s]\"}],\"e\":{}}\n",
		    i, i * 3, i % 90, "x");
	fclose(f);
	for (int way = 0; way < 2; way++) {
		ann_reader_opts o = { .readahead = way, .index = 1 };
		ann_reader *r = ann_reader_new(&o);
		ann_record rec;
		ann_status st;
		h[way] = 0xcbf29ce484222325ULL;
		ann_reader_open_file(r, path);
		while ((st = ann_reader_next(r, &rec)) == ANN_OK) {
			h[way] = mix(h[way], rec.ends, 2 * rec.nends * sizeof *rec.ends);
			pairs[way] += rec.nends;
			wrong += rec.nends != 4;	/* root, v, v[1], e */
			for (size_t i = 0; i < rec.nends; i++) {
				size_t open = rec.ends[2 * i], close = rec.ends[2 * i + 1];
				char c = close > open && close <= rec.len ? rec.data[close - 1] : 0;
				wrong += !((rec.data[open] == '{' && c == '}') ||
				    (rec.data[open] == '[' && c == ']'));
			}
		}
		ann_reader_free(r);
	}
	CHECK(h[0] == h[1] && pairs[0] == pairs[1] && pairs[0] == 80000 && wrong == 0,
	    "read ahead or not, every record's %llu container ends are right",
	    (unsigned long long)pairs[0]);
}

int
main(void)
{
	int fd = mkstemp(path);
	if (fd < 0)
		return 99;
	close(fd);
	for (ahead = 0; ahead < 2; ahead++) {
		test_shapes();
		test_resync();
		test_max_record_skipped();
		test_offsets();
		test_compressed();
		test_max_record();
	}
	test_readahead();
	test_ends();
	unlink(path);
	return done_testing();
}
