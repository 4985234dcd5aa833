/*
 * cli.c: command-line habits shared by the tools (see cli.h): the front end,
 * so it may print and exit, which libann never does.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann_sets.h"
#include "cli.h"

void
cli_usage_error(const char *prog, void (*usage)(FILE *, int), const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	usage(stderr, ANN_EXIT_ERROR);
	exit(ANN_EXIT_ERROR);	/* usage() exits; this is for the compiler */
}

static void
on_signal(int sig)
{
	ann_out_unlink_temporaries();
	signal(sig, SIG_DFL);
	raise(sig);
}

void
cli_clean_up_on_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigfillset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
		sigaction(sigs[i], &sa, NULL);
}

int
cli_version(const char *prog)
{
	printf("%s (annkit) %s, libann %s\n", prog, ANN_VERSION_STRING, ann_version());
	return ANN_EXIT_OK;
}

int
cli_sets_option(int ch, unsigned *from)
{
	switch (ch) {
	case CLI_OPT_ANNOTATIONS:
		*from = ANN_SETS_ANNOTATIONS;
		return 1;
	case CLI_OPT_PREDICTIONS:
		*from = ANN_SETS_PREDICTIONS;
		return 1;
	case CLI_OPT_BOTH:
		*from = ANN_SETS_BOTH;
		return 1;
	default:
		return 0;
	}
}

int
cli_input_option(ann_loop *L, int ch, const char *arg, const char **rejects,
    void (*usage)(FILE *, int))
{
	uint64_t v;

	switch (ch) {
	case 'k':
		ann_loop_set_keep_going(L, 1);
		return 1;
	case 'p':
		ann_loop_set_progress(L, 1);
		return 1;
	case 'r':
		*rejects = arg;
		ann_loop_set_keep_going(L, 1);
		return 1;
	case 'u':
		ann_loop_reader_opts(L)->unwrap = arg;
		return 1;
	case CLI_OPT_BUFFER_SIZE:
		if (ann_parse_size(arg, 64, 1ULL << 30, &v) != 0)
			cli_usage_error(ann_loop_prog(L), usage,
			    "--buffer-size %s: not a size from 64 to 1G", arg);
		ann_loop_reader_opts(L)->buffer_size = v;
		return 1;
	case CLI_OPT_PART: {
		/* I/N, I from 0, as --shard and ann-cat --split number them. */
		uint64_t i, n;
		const char *slash = strchr(arg, '/');
		char first[32];
		if (slash == NULL || (size_t)(slash - arg) >= sizeof first ||
		    (memcpy(first, arg, (size_t)(slash - arg)), first[slash - arg] = '\0',
		    ann_parse_u64(first, 0, UINT64_MAX, &i) != 0) ||
		    ann_parse_u64(slash + 1, 1, 1000000, &n) != 0 || i >= n)
			cli_usage_error(ann_loop_prog(L), usage,
			    "--part %s: I/N, with N from 1 to 1000000 and I from 0 to N-1", arg);
		ann_loop_reader_opts(L)->part = i;
		ann_loop_reader_opts(L)->parts = n;
		return 1;
	}
	case CLI_OPT_MAX_RECORD:
		if (ann_parse_size(arg, 1024, 1ULL << 40, &v) != 0)
			cli_usage_error(ann_loop_prog(L), usage,
			    "--max-record %s: not a size from 1k to 1024G", arg);
		ann_loop_reader_opts(L)->max_record = v;
		return 1;
	default:
		return 0;
	}
}

uint64_t
cli_max_pixels(const char *prog, void (*usage)(FILE *, int), const char *arg)
{
	uint64_t v;

	/* 2^32: COCO counts and Label Studio's word count stop there anyway. */
	if (ann_parse_size(arg, 1, 1ULL << 32, &v) != 0)
		cli_usage_error(prog, usage,
		    "--max-pixels %s: not a number of pixels from 1 to 4G", arg);
	return v;
}

int
cli_open_rejects(ann_loop *L, const char *rejects)
{
	ann_error err;

	if (rejects == NULL)
		return 0;
	ann_out *o = ann_out_create(rejects, -1, &err);

	if (o == NULL) {
		ann_loop_error(L, rejects, "%s", err.msg);
		return -1;
	}
	ann_loop_set_rejects(L, o);
	return 0;
}

ann_status
cli_close_output(ann_loop *L, ann_out *o, const char *name)
{
	/*
	 * A write that failed was reported where it failed; the close then
	 * fails for the same reason, which is not news.
	 */
	int reported = o != NULL && ann_out_failed(o);
	ann_error err;

	if (ann_out_close(o, &err) == ANN_OK)
		return ANN_OK;
	if (!reported)
		ann_loop_error(L, name, "%s", err.msg);
	ann_loop_fail(L);
	return ANN_FATAL;
}

ann_status
cli_close_rejects(ann_loop *L, const char *rejects)
{
	ann_status st = ANN_OK;
	uint64_t n = ann_loop_rejected(L);

	if (ann_loop_rejects(L) != NULL)
		st = cli_close_output(L, ann_loop_rejects(L), rejects);
	ann_loop_set_rejects(L, NULL);
	/* Say where the bad records are only when they are there. */
	if (ann_loop_keep_going(L) && n > 0)
		ann_diag(stderr, ann_loop_prog(L), NULL, 0, 0, "%llu bad record%s skipped%s%s",
		    (unsigned long long)n, n == 1 ? "" : "s",
		    rejects == NULL ? "" : st == ANN_OK ? ", written to " :
		    "; they could not be written to ", rejects ? rejects : "");
	return st;
}

void
cli_warn_added_labels(const char *prog, const ann_categories *c)
{
	ann_buf names = { 0 };
	uint64_t uses;
	size_t n;

	if (ann_categories_unlisted(c, &n, &uses, &names) == 0 && n > 0)
		ann_diag(stderr, prog, NULL, 0, 0, "%zu label%s not in the given "
		    "categories added after them, with %llu region%s: %.*s "
		    "(--strict-labels refuses them)", n, n == 1 ? "" : "s",
		    (unsigned long long)uses, uses == 1 ? "" : "s",
		    (int)names.len, names.p);
	ann_buf_free(&names);
}

void
cli_hint_predictions(const char *prog, const ann_skips *s)
{
	uint64_t n = s->n[ANN_SKIP_ONLY_PREDICTIONS];

	if (n > 0)
		ann_diag(stderr, prog, NULL, 0, 0, "%llu task%s predictions but no "
		    "annotations: add --predictions (or --both)", (unsigned long long)n,
		    n == 1 ? " has" : "s have");
}

void
cli_run_warn(cli_run *r, ann_loop *L, const ann_record *rec, const char *what)
{
	if (r->quiet || ++r->named > CLI_NAMED)
		return;
	ann_loop_warn(L, rec, "%s%s", what, r->named == CLI_NAMED ?
	    " (further ones are only counted)" : "");
}

ann_status
cli_run_report(cli_run *r, ann_loop *L, const ann_record *rec, ann_status st)
{
	switch (st) {
	case ANN_OK:
		return ANN_OK;
	case ANN_WARN:	/* skipped and counted: say which task, and why */
		cli_run_warn(r, L, rec, ann_sink_errmsg(&r->sink));
		return ANN_OK;
	case ANN_FAILED:
		return ann_loop_reject(L, rec, "%s", ann_sink_errmsg(&r->sink));
	default:
		ann_loop_error(L, NULL, "%s", ann_sink_errmsg(&r->sink));
		return ANN_FATAL;
	}
}

ann_status
cli_run_record(void *ctx, ann_loop *L, const ann_record *rec)
{
	cli_run *r = ctx;

	return cli_run_report(r, L, rec, ann_sink_record(&r->sink, r->view,
	    &r->skips, rec));
}

void
cli_read_categories(const char *prog, void (*usage)(FILE *, int),
    const char *path, void *conv, ann_status (*add)(void *conv, const char *name),
    const char *(*errmsg)(const void *conv))
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (f == NULL)
		cli_usage_error(prog, usage, "--categories %s: cannot open it", path);
	while ((n = getline(&line, &cap, f)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n > 0 && add(conv, line) != ANN_OK)
			cli_usage_error(prog, usage, "--categories %s: %s", path,
			    errmsg(conv));
	}
	free(line);
	fclose(f);
}

void
cli_run_summary(const char *prog, const cli_run *r, char *buf, size_t cap,
    const ann_categories *cats)
{
	size_t n = strlen(buf);

	if (r->quiet)
		return;
	ann_skips_format(&r->skips, buf, cap, &n);
	fprintf(stderr, "%s: %s\n", prog, buf);
	if (cats != NULL)
		cli_warn_added_labels(prog, cats);
}

void
cli_parse_split(const char *prog, void (*usage)(FILE *, int), const char *arg,
    unsigned *pct, unsigned max, unsigned *n)
{
	const char *p = arg;
	unsigned sum = 0;
	uint64_t v;
	char part[16];

	*n = 0;
	while (*p != '\0') {
		size_t len = strcspn(p, "/");
		if (*n == max || len == 0 || len >= sizeof part)
			goto bad;
		memcpy(part, p, len);
		part[len] = '\0';
		if (ann_parse_u64(part, 1, 100, &v) != 0)
			goto bad;
		pct[(*n)++] = (unsigned)v;
		sum += (unsigned)v;
		p += len;
		if (*p == '/' && *++p == '\0')
			goto bad;
	}
	if (*n >= 2 && sum == 100)
		return;
bad:
	cli_usage_error(prog, usage, "--split %s: %s whole percents above 0 adding up "
	    "to 100, as 90/10%s", arg, max > 2 ? "two or three" : "two",
	    max > 2 ? " or 80/10/10" : "");
}
