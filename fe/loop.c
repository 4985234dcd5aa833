/*
 * loop.c: the shared input loop of the record-reading tools, and the one
 * function that formats their messages (ann_diag).
 *
 * Policy, in one place: without keep_going the first error ends the run
 * (what was written before it stays written); with it, a bad record is
 * reported, copied to the rejects writer and counted, and an input that
 * cannot be read further is reported and the next one is read.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ann_json.h"
#include "ann_loop.h"
#include "ann_view.h"

struct ann_loop {
	const char *prog;	/* for messages */
	ann_reader_opts reader;
	int keep_going;		/* skip bad records and inputs */
	ann_out *rejects;	/* where bad records go, or NULL */
	int progress;		/* records and MB/s on stderr */
	int quiet;		/* report nothing (a first pass over the input) */
	ann_status (*flush)(void *ctx, ann_loop *loop);	/* or NULL */
	uint64_t records;	/* good records handed to the callback */
	uint64_t rejected;	/* bad records (read or refused) */
	uint64_t bytes;		/* decompressed input bytes */
	int failed;		/* an error was reported */
	const ann_reader *cur;	/* the input being read, for positions */
	double started, shown;	/* the progress clock */
};

ann_loop *
ann_loop_new(const char *prog)
{
	ann_loop *L = calloc(1, sizeof *L);

	if (L != NULL)
		L->prog = prog;
	return L;
}

ann_loop *
ann_loop_dup(const ann_loop *from)
{
	ann_loop *L = ann_loop_new(from->prog);

	if (L != NULL) {
		L->reader = from->reader;
		L->keep_going = from->keep_going;
		L->progress = from->progress;
		L->quiet = from->quiet;
		L->flush = from->flush;
	}
	return L;
}

void
ann_loop_free(ann_loop *L)
{
	free(L);
}

ann_reader_opts *ann_loop_reader_opts(ann_loop *L) { return &L->reader; }
const char *ann_loop_prog(const ann_loop *L) { return L->prog; }
const char *ann_loop_input(const ann_loop *L) { return L->cur != NULL ? ann_reader_name(L->cur) : NULL; }
void ann_loop_set_keep_going(ann_loop *L, int on) { L->keep_going = on; }
int ann_loop_keep_going(const ann_loop *L) { return L->keep_going; }
void ann_loop_set_progress(ann_loop *L, int on) { L->progress = on; }
void ann_loop_set_quiet(ann_loop *L, int on) { L->quiet = on; }
void
ann_loop_set_flush(ann_loop *L, ann_status (*flush)(void *, ann_loop *))
{
	L->flush = flush;
}
void ann_loop_set_rejects(ann_loop *L, ann_out *rejects) { L->rejects = rejects; }
ann_out *ann_loop_rejects(const ann_loop *L) { return L->rejects; }
uint64_t ann_loop_records(const ann_loop *L) { return L->records; }
uint64_t ann_loop_rejected(const ann_loop *L) { return L->rejected; }
uint64_t ann_loop_bytes(const ann_loop *L) { return L->bytes; }
int ann_loop_failed(const ann_loop *L) { return L->failed; }
void ann_loop_fail(ann_loop *L) { L->failed = 1; }

void
ann_diag(FILE *to, const char *prog, const char *name, uint64_t record,
    uint64_t offset, const char *fmt, ...)
{
	va_list ap;

	if (name == NULL)
		fprintf(to, "%s: ", prog);
	else if (record == 0)
		fprintf(to, "%s: %s: ", prog, name);
	else
		fprintf(to, "%s: %s:%llu (byte %llu): ", prog, name,
		    (unsigned long long)record, (unsigned long long)offset);
	va_start(ap, fmt);
	vfprintf(to, fmt, ap);
	va_end(ap);
	fputc('\n', to);
}


static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
show_progress(ann_loop *L, uint64_t bytes, int last)
{
	double t = now();
	int tty = isatty(STDERR_FILENO);

	if (!last && t - L->shown < (tty ? 0.5 : 5.0))
		return;
	L->shown = t;
	double mb = bytes / 1e6, secs = t - L->started;
	fprintf(stderr, "%s%s: %llu record%s, %.1f MB, %.1f MB/s%s", tty ? "\r" : "",
	    L->prog, (unsigned long long)L->records, L->records == 1 ? "" : "s", mb,
	    secs > 0 ? mb / secs : 0.0, tty && !last ? "" : "\n");
}

/* Report a message at a position, unless the loop is quiet. */
static void
say(ann_loop *L, const char *name, uint64_t rec, uint64_t off,
    const char *fmt, va_list ap)
{
	char msg[1024];

	vsnprintf(msg, sizeof msg, fmt, ap);
	if (!L->quiet)
		ann_diag(stderr, L->prog, name, rec, off, "%s", msg);
}

void
ann_loop_warn(ann_loop *L, const ann_record *rec, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(L, ann_reader_name(L->cur), rec->number, rec->offset, fmt, ap);
	va_end(ap);
}

void
ann_loop_error(ann_loop *L, const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(L, name, 0, 0, fmt, ap);
	va_end(ap);
	L->failed = 1;
}

/*
 * Write a rejected record as one line.  It is minified (whitespace outside
 * strings removed, as ann_out_record does with a record that spans lines);
 * a line break left inside a string, which valid JSON cannot have, is
 * written as the escape \n or \r.
 */
static ann_status
write_line(ann_out *to, const char *data, size_t len)
{
	ann_status st = ANN_OK;
	char *tmp = NULL;

	/* Without memory to minify, the escapes below still make one line. */
	if ((memchr(data, '\n', len) != NULL || memchr(data, '\r', len) != NULL) &&
	    (tmp = malloc(len)) != NULL) {
		len = ann_json_minify(data, len, tmp);
		data = tmp;
	}
	for (const char *p = data, *end = data + len; st == ANN_OK && p < end;) {
		const char *q = p;
		while (q < end && *q != '\n' && *q != '\r')
			q++;
		st = ann_out_write(to, p, (size_t)(q - p));
		if (st == ANN_OK && q < end)
			st = ann_out_write(to, *q == '\n' ? "\\n" : "\\r", 2);
		p = q + 1;
	}
	free(tmp);
	return st == ANN_OK ? ann_out_write(to, "\n", 1) : st;
}

static ann_status
keep_rejected(ann_loop *L, const char *data, size_t len)
{
	L->failed = 1;
	if (len == 0)
		return ANN_OK;	/* a stray ',': no record was in it */
	L->rejected++;
	if (L->rejects == NULL)
		return ANN_OK;
	if (write_line(L->rejects, data, len) != ANN_OK) {
		ann_loop_error(L, ann_out_name(L->rejects), "%s",
		    ann_out_errmsg(L->rejects));
		return ANN_FATAL;
	}
	return ANN_OK;
}

ann_status
ann_loop_reject(ann_loop *L, const ann_record *rec, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(L, ann_reader_name(L->cur), rec->number, rec->offset, fmt, ap);
	va_end(ap);
	L->records--;	/* counted as rejected instead */
	if (keep_rejected(L, rec->data, rec->len) != ANN_OK || !L->keep_going)
		return ANN_FATAL;
	return ANN_FAILED;
}

static void
report(ann_loop *L, const ann_reader *r)
{
	uint64_t rec, off;

	ann_reader_errpos(r, &rec, &off);
	if (!L->quiet)
		ann_diag(stderr, L->prog, ann_reader_name(r), rec, off, "%s",
		    ann_reader_errmsg(r));
	L->failed = 1;
}

/*
 * The first record of each input is looked at for what plainly is not a
 * task: an API error body saved in place of an export, or a page of tasks
 * read without --unwrap.  Here, because every tool reads through this loop
 * and ann-cat, which validates JSON but knows nothing of tasks, would
 * otherwise pass them on as records; and here once per input, because an
 * input is one download or one file: what its first record is, the rest
 * are, and a test of every record would cost every record a look.  The
 * tools that load the task view say the same of any later record
 * (ann_view_load uses the same test when a shape is unknown).
 */
static ann_status
first_record(ann_loop *L, const ann_record *rec)
{
	ann_error why;

	if (ann_view_not_a_task(rec->data, rec->len, &why) == 0)
		return ANN_OK;
	return ann_loop_reject(L, rec, "%s", why.msg);
}

/* Let the callback finish the records it keeps (ann_loop_set_flush). */
static ann_status
flush(ann_loop *L, void *ctx)
{
	return L->flush != NULL ? L->flush(ctx, L) : ANN_OK;
}

/*
 * Does a rejected first record show that the file holds no JSON at all
 * (it does not begin with an object or an array)?
 */
static int
not_json(const ann_reader *r)
{
	const char *data;
	size_t len, i = 0;

	ann_reader_rejected(r, &data, &len);
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;	/* a byte order mark */
	while (i < len && isspace((unsigned char)data[i]))
		i++;
	return i < len && data[i] != '{' && data[i] != '[';
}

/*
 * Read one input.  in_folder: it is a file of a completions folder, where
 * a file that holds no JSON at all (the project's config.xml, a README)
 * is not an export cut to pieces but another kind of file: it is skipped
 * whole, with one line, rather than read as dozens of bad records.
 */
static ann_status
read_input(ann_loop *L, ann_reader *r, const char *path, ann_record_fn fn,
    void *ctx, int in_folder)
{
	ann_record rec;
	ann_status st;
	int stop = 0, any = 0;

	if (ann_reader_open_file(r, path) != ANN_OK) {
		report(L, r);
		return L->keep_going ? ANN_OK : ANN_FATAL;
	}
	L->cur = r;
	while ((st = ann_reader_next(r, &rec)) != ANN_EOF) {
		if (st == ANN_OK) {
			any = 1;
			L->records++;
			st = rec.number == 1 ? first_record(L, &rec) : ANN_OK;
			if (st == ANN_OK)
				st = fn(ctx, L, &rec);
			if (st == ANN_FAILED)
				;	/* ann_loop_reject counted it */
			else if (st == ANN_EOF) {
				stop = 2;	/* the tool has all it wants */
				break;
			} else if (st != ANN_OK) {
				stop = 1;	/* the tool's own verdict */
				break;
			}
		} else if (st == ANN_FAILED) {
			const char *data;
			size_t len;
			if (flush(L, ctx) == ANN_FATAL) {
				stop = 1;
				break;
			}
			if (in_folder && !any && not_json(r)) {
				if (!L->quiet)
					ann_diag(stderr, L->prog, path, 0, 0, "not a task "
					    "file (it holds no JSON object or array): "
					    "skipped");
				st = ANN_EOF;
				break;
			}
			report(L, r);
			ann_reader_rejected(r, &data, &len);
			if (keep_rejected(L, data, len) != ANN_OK)
				stop = 1;
			if (stop || !L->keep_going) {
				st = ANN_FATAL;
				break;
			}
		} else {
			if (flush(L, ctx) == ANN_FATAL)
				stop = 1;
			report(L, r);
			break;
		}
		if (L->progress && (L->records & 1023) == 0)
			show_progress(L, L->bytes + ann_reader_bytes(r), 0);
	}
	if (stop != 1 && st != ANN_FATAL && flush(L, ctx) == ANN_FATAL)
		stop = 1;
	L->bytes += ann_reader_bytes(r);
	ann_reader_close(r);
	if (stop == 2)
		return ANN_EOF;
	if (stop || (st == ANN_FATAL && !L->keep_going))
		return ANN_FATAL;
	return ANN_OK;
}

/* "2.json" before "10.json"; names without a number after those with one. */
static int
numeric_order(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	int dx = isdigit((unsigned char)*x), dy = isdigit((unsigned char)*y);

	if (dx && dy) {
		unsigned long long nx = strtoull(x, NULL, 10);
		unsigned long long ny = strtoull(y, NULL, 10);
		if (nx != ny)
			return nx < ny ? -1 : 1;
	} else if (dx != dy)
		return dx ? -1 : 1;
	return strcmp(x, y);
}

static ann_status
read_directory(ann_loop *L, ann_reader *r, const char *dir, ann_record_fn fn,
    void *ctx)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	ann_status st = ANN_OK;

	if (d == NULL) {
		ann_loop_error(L, dir, "%s", strerror(errno));
		return L->keep_going ? ANN_OK : ANN_FATAL;
	}
	/*
	 * The whole listing or nothing: reading the names listed before
	 * memory ran out would pass a part of the folder for all of it.
	 */
	errno = 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **nn = realloc(names, cap * sizeof *nn);
			if (nn == NULL)
				break;
			names = nn;
		}
		if ((names[n] = strdup(e->d_name)) == NULL)
			break;
		n++;
	}
	if (e != NULL || errno != 0) {
		ann_loop_error(L, dir, "%s", e != NULL ? "out of memory listing "
		    "the folder" : strerror(errno));
		st = ANN_FATAL;
	}
	closedir(d);
	if (n > 0 && st == ANN_OK)
		qsort(names, n, sizeof *names, numeric_order);
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		struct stat sb;
		if (st == ANN_OK && (size_t)snprintf(path, sizeof path, "%s/%s",
		    dir, names[i]) >= sizeof path) {
			ann_loop_error(L, dir, "%s: name too long", names[i]);
			st = ANN_FATAL;
		}
		if (st == ANN_OK) {
			/*
			 * Only regular files are task files.  Opening a FIFO
			 * would wait for a writer that may never come, and a
			 * socket or device is no export: each is reported and
			 * fails the run, as a subdirectory does, and the rest
			 * of the folder is still read.  A name stat cannot
			 * follow goes to read_input, which reports why.
			 */
			int known = stat(path, &sb) == 0;
			if (known && S_ISDIR(sb.st_mode))
				ann_loop_error(L, path, "is a directory inside a "
				    "completions folder: not read");
			else if (known && !S_ISREG(sb.st_mode))
				ann_loop_error(L, path, "not a regular file inside "
				    "a completions folder: not read");
			else
				st = read_input(L, r, path, fn, ctx, 1);
		}
		free(names[i]);
	}
	free(names);
	return st;
}

ann_status
ann_loop_run(ann_loop *L, char *const *operands, int count, ann_record_fn fn,
    void *ctx)
{
	static char *const stdin_only[] = { "-" };
	ann_reader *r;

	/*
	 * --part spreads a file over processes, one a core: a reading thread
	 * in each as well would put two threads on every core, each spinning
	 * while the other runs (two processes took 2.4 times one's time).
	 */
	if (L->reader.parts > 0)
		L->reader.readahead = 0;
	r = ann_reader_new(&L->reader);
	ann_status st = ANN_OK;

	if (r == NULL) {
		ann_loop_error(L, NULL, "out of memory");
		return ANN_FATAL;
	}
	if (count == 0) {
		operands = stdin_only;
		count = 1;
	}
	L->started = L->shown = now();
	for (int i = 0; i < count && st == ANN_OK; i++) {
		struct stat sb;
		if (strcmp(operands[i], "-") != 0 &&
		    stat(operands[i], &sb) == 0 && S_ISDIR(sb.st_mode))
			st = read_directory(L, r, operands[i], fn, ctx);
		else
			st = read_input(L, r, operands[i], fn, ctx, 0);
	}
	if (L->progress)
		show_progress(L, L->bytes, 1);
	ann_reader_free(r);
	return st == ANN_EOF ? ANN_OK : st;
}
