/*
 * ann-stats: an export at a glance: tasks, annotations, predictions,
 * regions and reviews, broken down by status, label, annotator and more.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann.h"
#include "ann_stats.h"
#include "cli.h"

static const char *prog = "ann-stats";

struct stats {
	ann_stats *counter;
	ann_sink sink;
	ann_view *view;
	ann_stats_format format;
	ann_out *per_task;	/* --task-agreement's file, or NULL */
	const char *per_task_path;
	ann_buf line;		/* its lines not yet written */
};

static void usage(FILE *to, int status) CLI_NORETURN;

static void
usage(FILE *to, int status)
{
	fprintf(to,
"usage: %s [-k] [-b status|label|annotator|kind|project|dataset|model|day|week]...\n"
"       [--agreement] [--annotations | --predictions | --both] [-f text|json|tsv]\n"
"       [--date-field FIELD] [--html FILE] [--max-keys N] [--no-chart]\n"
"       [--task-agreement FILE]\n"
"       [OPTION]... [FILE|DIR|-]...\n",
	    prog);
	if (to == stderr)
		exit(status);
	fputs(
"Count tasks, annotations, predictions, regions and reviews, and break them\n"
"down by key.\n"
"\n"
"  -b, --by=LIST          breakdowns, comma-separated: status, label,\n"
"                         annotator, kind, project, dataset, model, day, week\n"
"                         (default status,label,annotator,kind)\n"
"      --agreement        how far the annotators of each task agree\n"
"      --annotations      count the regions of annotations (the default)\n"
"      --predictions      count the regions of predictions instead\n"
"      --both             count the regions of both\n"
"      --date-field=FIELD the date of day and week: activity (default),\n"
"                         created, updated, label-created, label-updated, a path\n"
"  -f, --format=FORMAT    text (default), json or tsv\n"
"      --html=FILE        also write the counts as one HTML page with charts\n"
"      --max-keys=N       distinct keys kept per breakdown (default 10000);\n"
"                         the rest are counted as other\n"
"      --no-chart         no bars in the text tables\n"
"      --task-agreement=FILE  each task's agreement, a line per task with\n"
"                         two annotators or more (TSV; JSON lines with -f json)\n"
CLI_INPUT_HELP
"  -h, --help             show this help\n"
"  -V, --version          show the version\n", to);
	exit(status);
}

#define die_usage(...) cli_usage_error(prog, usage, __VA_ARGS__)

/* --task-agreement's lines so far out to its file. */
static ann_status
flush_per_task(struct stats *c, ann_loop *L)
{
	if (c->line.len > 0 &&
	    ann_out_write(c->per_task, c->line.p, c->line.len) != ANN_OK) {
		ann_loop_error(L, c->per_task_path, "%s", ann_out_errmsg(c->per_task));
		return ANN_FATAL;
	}
	c->line.len = 0;
	return ANN_OK;
}

static ann_status
on_record(void *ctx, ann_loop *L, const ann_record *rec)
{
	struct stats *c = ctx;
	ann_status st = ann_sink_record(&c->sink, c->view, NULL, rec);

	switch (st) {
	case ANN_OK:
	case ANN_WARN:	/* the counter skips nothing */
		if (c->per_task == NULL)
			return ANN_OK;
		if (ann_stats_task_agreement(c->counter, c->format, &c->line) < 0) {
			ann_loop_error(L, NULL, "out of memory");
			return ANN_FATAL;
		}
		return c->line.len < 65536 ? ANN_OK : flush_per_task(c, L);
	case ANN_FAILED:
		return ann_loop_reject(L, rec, "%s", ann_sink_errmsg(&c->sink));
	default:
		ann_loop_error(L, NULL, "%s", ann_sink_errmsg(&c->sink));
		return ANN_FATAL;
	}
}

/* The page, written whole under a temporary name and renamed into place. */
static ann_status
write_html(ann_loop *L, const ann_stats *counter, const char *path)
{
	ann_buf page = { 0 };
	ann_error err;
	ann_out *o;
	ann_status st;

	if (ann_stats_html(counter, &page) != ANN_OK) {
		ann_loop_error(L, path, "out of memory");
		return ANN_FATAL;
	}
	if ((o = ann_out_create(path, 0, &err)) == NULL) {
		ann_loop_error(L, path, "%s", err.msg);
		ann_buf_free(&page);
		return ANN_FATAL;
	}
	st = ann_out_write(o, page.p, page.len);
	ann_buf_free(&page);
	if (st != ANN_OK) {
		ann_loop_error(L, path, "%s", ann_out_errmsg(o));
		ann_out_abort(o);
		return ANN_FATAL;
	}
	return cli_close_output(L, o, path);
}

/* "label,annotator" and repeated -b: each name one breakdown. */
static void
parse_by(const char *arg, unsigned *by)
{
	char name[32];
	const char *p = arg;

	for (;;) {
		size_t n = strcspn(p, ",");
		int b = -1;
		if (n > 0 && n < sizeof name) {
			memcpy(name, p, n);
			name[n] = '\0';
			b = ann_stats_by_parse(name);
		}
		if (b < 0)
			die_usage("--by %s: the breakdowns are status, label, annotator, "
			    "kind, project, dataset, model, day and week", arg);
		*by |= 1u << b;
		if (p[n] == '\0')
			return;
		p += n + 1;
	}
}

/* Opens --task-agreement's file and writes its header. */
static int
open_per_task(ann_loop *L, struct stats *c)
{
	ann_error err;

	if ((c->per_task = ann_out_create(c->per_task_path, 0, &err)) == NULL) {
		ann_loop_error(L, c->per_task_path, "%s", err.msg);
		return -1;
	}
	if (ann_stats_task_header(c->format, &c->line) != 0) {
		ann_loop_error(L, NULL, "out of memory");
		return -1;
	}
	return 0;
}

/* Its last lines, and the file under its name: only after a good run. */
static ann_status
close_per_task(ann_loop *L, struct stats *c, ann_status st)
{
	ann_out *o = c->per_task;

	c->per_task = NULL;
	if (o == NULL)
		return st;
	if (st == ANN_OK) {
		c->per_task = o;
		st = flush_per_task(c, L);
		c->per_task = NULL;
	}
	if (st != ANN_OK) {
		ann_out_abort(o);
		return st;
	}
	return cli_close_output(L, o, c->per_task_path);
}

enum { OPT_AGREEMENT = 256, OPT_DATE_FIELD, OPT_HTML, OPT_MAX_KEYS, OPT_NO_CHART,
	OPT_TASK_AGREEMENT };

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "agreement",   no_argument,       NULL, OPT_AGREEMENT },
		{ "by",          required_argument, NULL, 'b' },
		{ "date-field",  required_argument, NULL, OPT_DATE_FIELD },
		{ "format",      required_argument, NULL, 'f' },
		{ "help",        no_argument,       NULL, 'h' },
		{ "html",        required_argument, NULL, OPT_HTML },
		{ "max-keys",    required_argument, NULL, OPT_MAX_KEYS },
		{ "no-chart",    no_argument,       NULL, OPT_NO_CHART },
		{ "task-agreement", required_argument, NULL, OPT_TASK_AGREEMENT },
		{ "version",     no_argument,       NULL, 'V' },
		CLI_INPUT_LONGOPTS,
		CLI_SETS_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	/* The sets ann-flatten writes rows for, so that regions are its rows. */
	ann_stats_opts o = { .sets = { .from = ANN_SETS_ANNOTATIONS },
	    .max_keys = 10000 };
	struct stats c = { .format = ANN_STATS_TEXT };
	/*
	 * Static: usage() and cli_usage_error() exit from inside option
	 * parsing, and the loop must still be reachable then (leak checkers).
	 */
	static ann_loop *L;
	static ann_filter *dates;
	const char *rejects = NULL, *html = NULL;
	ann_buf out = { 0 };
	uint64_t v;
	int ch;
	ann_error err;

	if ((L = ann_loop_new(prog)) == NULL || (dates = ann_filter_new()) == NULL) {
		ann_diag(stderr, prog, NULL, 0, 0, "out of memory");
		return ANN_EXIT_ERROR;
	}
	signal(SIGPIPE, SIG_DFL);
	while ((ch = getopt_long(argc, argv, "b:f:hV" CLI_INPUT_SHORTOPTS, longopts,
	    NULL)) != -1) {
		if (cli_input_option(L, ch, optarg, &rejects, usage) ||
		    cli_sets_option(ch, &o.sets.from))
			continue;
		switch (ch) {
		case 'b': parse_by(optarg, &o.by); break;
		case 'f':
			if (strcmp(optarg, "text") == 0)
				c.format = ANN_STATS_TEXT;
			else if (strcmp(optarg, "json") == 0)
				c.format = ANN_STATS_JSON;
			else if (strcmp(optarg, "tsv") == 0)
				c.format = ANN_STATS_TSV;
			else
				die_usage("--format %s: text, json or tsv", optarg);
			break;
		case 'h': usage(stdout, ANN_EXIT_OK); break;
		case 'V':
			ann_loop_free(L);
			ann_filter_free(dates);
			return cli_version(prog);
		case OPT_AGREEMENT: o.agreement = 1; break;
		case OPT_DATE_FIELD:
			if (ann_filter_date_field(dates, optarg) != ANN_OK)
				die_usage("--date-field %s: %s", optarg,
				    ann_filter_errmsg(dates));
			break;
		case OPT_HTML: html = optarg; break;
		case OPT_MAX_KEYS:
			if (ann_parse_u64(optarg, 1, UINT32_MAX / 4, &v) != 0)
				die_usage("--max-keys %s: a number from 1 to %u", optarg,
				    (unsigned)(UINT32_MAX / 4));
			o.max_keys = (size_t)v;
			break;
		case OPT_NO_CHART: o.no_chart = 1; break;
		case OPT_TASK_AGREEMENT:
			c.per_task_path = optarg;
			o.agreement = 1;
			break;
		default:
			usage(stderr, ANN_EXIT_ERROR);
		}
	}
	argc -= optind;
	argv += optind;
	o.dates = dates;

	if ((c.view = ann_view_new()) == NULL ||
	    (c.counter = ann_stats_new(&o, &err)) == NULL) {
		ann_loop_error(L, NULL, "%s", c.view == NULL ? "out of memory" : err.msg);
		goto fail;
	}
	ann_stats_sink(c.counter, &c.sink);
	if (cli_open_rejects(L, rejects) != 0 ||
	    (c.per_task_path != NULL && open_per_task(L, &c) != 0))
		goto fail;

	ann_loop_reader_opts(L)->index = 1;
	ann_loop_reader_opts(L)->readahead = 1;
	ann_status st = ann_loop_run(L, argv, argc, on_record, &c);
	if (cli_close_rejects(L, rejects) != ANN_OK)
		st = ANN_FATAL;
	st = close_per_task(L, &c, st);
	/*
	 * Counts of a run that stopped short would pass for the export's:
	 * none then.  With --keep-going the run reads to the end, and the
	 * counts are the good records' (the bad ones were reported and
	 * counted, and the exit status still says so).
	 */
	if (st == ANN_OK) {
		if (ann_stats_write(c.counter, c.format, &out) != ANN_OK) {
			ann_loop_error(L, NULL, "out of memory");
			st = ANN_FATAL;
		} else if ((out.len > 0 && fwrite(out.p, 1, out.len, stdout) != out.len) ||
		    fflush(stdout) != 0 || ferror(stdout)) {
			ann_loop_error(L, "<stdout>", "cannot write the counts");
			st = ANN_FATAL;
		}
		if (st == ANN_OK && html != NULL)
			st = write_html(L, c.counter, html);
	}
	ann_buf_free(&out);
	ann_buf_free(&c.line);
	ann_stats_free(c.counter);
	ann_view_free(c.view);
	ann_filter_free(dates);
	if (fclose(stdout) != 0 && st == ANN_OK) {
		ann_loop_error(L, "<stdout>", "cannot write the counts");
		st = ANN_FATAL;
	}
	if (ann_loop_failed(L))
		st = ANN_FATAL;
	ann_loop_free(L);
	return st != ANN_OK ? ANN_EXIT_ERROR : ANN_EXIT_OK;
fail:
	if (c.per_task != NULL)
		ann_out_abort(c.per_task);
	ann_buf_free(&c.line);
	ann_stats_free(c.counter);
	ann_view_free(c.view);
	ann_filter_free(dates);
	ann_loop_free(L);
	return ANN_EXIT_ERROR;
}
