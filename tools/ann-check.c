/*
 * ann-check: Label Studio tasks and their predictions or annotations
 * checked against a labeling config before they are imported, every
 * problem with its position, and a grep-like exit status.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann.h"
#include "ann_check.h"
#include "cli.h"

static const char *prog = "ann-check";

struct check {
	ann_check *chk;
	ann_sink sink;
	ann_skips skips;
	ann_view *view;
	ann_loop *loop;
	const ann_record *rec;	/* the record being checked */
	int quiet, ndjson;
	uint64_t max_errors;	/* 0: no limit */
	uint64_t reported;
	ann_buf line;
};

static void usage(FILE *to, int status) CLI_NORETURN;

static void
usage(FILE *to, int status)
{
	fprintf(to,
"usage: %s -c CONFIG.xml [-q] [--strict] [--format text|ndjson]\n"
"       [--max-errors N] [--annotations | --predictions | --both]\n"
"       [OPTION]... [FILE|DIR|-]...\n"
"       %s --list-rules\n",
	    prog, prog);
	if (to == stderr)
		exit(status);
	fputs(
"Check Label Studio tasks and their results against a labeling config:\n"
"one line per problem on standard output, a summary on standard error.\n"
"\n"
"  -c, --config=FILE      the project's labeling config (needed)\n"
"      --annotations      check annotations only\n"
"      --predictions      check predictions only\n"
"      --both             check both (the default)\n"
"      --format=FORMAT    text (the default) or ndjson, one object a problem\n"
"      --max-errors=N     report the first N problems only (all are counted)\n"
"      --strict           warnings are errors\n"
"      --list-rules       list the rules, with an example of each, and exit\n"
"  -q, --quiet            print nothing: the exit status says it all\n"
CLI_INPUT_HELP
"  -h, --help             show this help\n"
"  -V, --version          show the version\n"
"\n"
"Exit status: 0 no errors, 1 errors found, 2 a usage or input error.\n", to);
	exit(status);
}

#define die_usage(...) cli_usage_error(prog, usage, __VA_ARGS__)

static const char *
severity_name(ann_check_severity s)
{
	return s == ANN_CHECK_WARNING ? "warning" : "error";
}

/* One problem as one NDJSON object, strings escaped, ids as written. */
static void
put_ndjson(struct check *c, const ann_check_problem *p, const char *rule)
{
	ann_buf *b = &c->line;
	const char *input = ann_loop_input(c->loop);

	b->len = 0;
	ann_buf_put(b, "{\"input\":", 9);
	ann_buf_json_string(b, input != NULL ? input : "", input != NULL ? strlen(input) : 0);
	ann_buf_printf(b, ",\"record\":%llu,\"byte\":%llu,\"rule\":\"%s\",\"severity\":\"%s\"",
	    (unsigned long long)c->rec->number, (unsigned long long)c->rec->offset,
	    rule, severity_name(p->severity));
	if (p->task.p != NULL) {
		ann_buf_put(b, ",\"task\":", 8);
		ann_buf_put(b, p->task.p, p->task.n);
	}
	if (p->set_kind != 0)
		ann_buf_printf(b, ",\"set\":\"%s\",\"set_index\":%zu",
		    p->set_kind == 2 ? "prediction" : "annotation", p->set);
	if (p->region.p != NULL) {
		ann_buf_put(b, ",\"region\":", 10);
		ann_buf_put(b, p->region.p, p->region.n);
	}
	if (p->result >= 0)
		ann_buf_printf(b, ",\"result\":%ld", p->result);
	ann_buf_put(b, ",\"message\":", 11);
	ann_buf_json_string(b, p->message, strlen(p->message));
	ann_buf_put(b, "}\n", 2);
	fwrite(b->p, 1, b->len, stdout);
}

static void
on_problem(void *ctx, const ann_check_problem *p)
{
	struct check *c = ctx;
	size_t n;
	const char *rule = ann_check_rules(&n)[p->rule].name;

	if (c->quiet || (c->max_errors > 0 && c->reported >= c->max_errors))
		return;
	c->reported++;
	if (c->ndjson) {
		put_ndjson(c, p, rule);
		return;
	}
	ann_diag(stdout, prog, ann_loop_input(c->loop), c->rec->number,
	    c->rec->offset, "%s%s%s%s [%s]", p->where, p->where[0] ? ": " : "",
	    p->severity == ANN_CHECK_WARNING ? "warning: " : "", p->message, rule);
}

static ann_status
on_record(void *ctx, ann_loop *L, const ann_record *rec)
{
	struct check *c = ctx;
	ann_status st;

	c->rec = rec;
	st = ann_check_record(c->chk, &c->sink, c->view, &c->skips, rec);
	switch (st) {
	case ANN_OK:
	case ANN_WARN:
		return ANN_OK;
	case ANN_FAILED:
		return ann_loop_reject(L, rec, "%s", ann_sink_errmsg(&c->sink));
	default:
		ann_loop_error(L, NULL, "%s", ann_sink_errmsg(&c->sink));
		return ANN_FATAL;
	}
}

static void
list_rules(void)
{
	size_t n;
	const ann_check_rule *r = ann_check_rules(&n);

	for (size_t i = 0; i < n; i++)
		printf("%s (%s): %s\n  example: %s\n  message: %s\n", r[i].name,
		    severity_name(r[i].severity), r[i].text, r[i].example, r[i].message);
}

/* "3 tasks, 4 sets, 12 results; names: 1 error; geometry: 2 warnings" */
static void
summary(const struct check *c)
{
	const ann_check_counts *k = ann_check_counted(c->chk);
	size_t n;
	const ann_check_rule *r = ann_check_rules(&n);
	uint64_t total[2] = { 0, 0 };

	fprintf(stderr, "%s: %llu task%s, %llu set%s, %llu result%s", prog,
	    (unsigned long long)k->tasks, k->tasks == 1 ? "" : "s",
	    (unsigned long long)k->sets, k->sets == 1 ? "" : "s",
	    (unsigned long long)k->results, k->results == 1 ? "" : "s");
	for (size_t i = 0; i < n; i++) {
		total[0] += k->problems[i][0];
		total[1] += k->problems[i][1];
	}
	fprintf(stderr, ": %llu error%s, %llu warning%s",
	    (unsigned long long)total[0], total[0] == 1 ? "" : "s",
	    (unsigned long long)total[1], total[1] == 1 ? "" : "s");
	for (size_t i = 0; i < n; i++) {
		if (k->problems[i][0] + k->problems[i][1] == 0)
			continue;
		fprintf(stderr, "; %s:", r[i].name);
		if (k->problems[i][0])
			fprintf(stderr, " %llu error%s", (unsigned long long)k->problems[i][0],
			    k->problems[i][0] == 1 ? "" : "s");
		if (k->problems[i][1])
			fprintf(stderr, "%s %llu warning%s", k->problems[i][0] ? "," : "",
			    (unsigned long long)k->problems[i][1],
			    k->problems[i][1] == 1 ? "" : "s");
	}
	if (c->max_errors > 0 && c->reported >= c->max_errors &&
	    total[0] + total[1] > c->reported)
		fprintf(stderr, " (the first %llu reported: --max-errors)",
		    (unsigned long long)c->reported);
	fputc('\n', stderr);
}

enum { OPT_FORMAT = 256, OPT_MAX_ERRORS, OPT_STRICT, OPT_LIST_RULES };

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "config",      required_argument, NULL, 'c' },
		{ "format",      required_argument, NULL, OPT_FORMAT },
		{ "help",        no_argument,       NULL, 'h' },
		{ "list-rules",  no_argument,       NULL, OPT_LIST_RULES },
		{ "max-errors",  required_argument, NULL, OPT_MAX_ERRORS },
		{ "quiet",       no_argument,       NULL, 'q' },
		{ "strict",      no_argument,       NULL, OPT_STRICT },
		{ "version",     no_argument,       NULL, 'V' },
		CLI_INPUT_LONGOPTS,
		CLI_SETS_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	/* Both by default: a prediction is imported as surely as an annotation. */
	ann_check_opts o = { .sets = { .from = ANN_SETS_BOTH } };
	struct check c = { 0 };
	static ann_loop *L;
	const char *config = NULL, *rejects = NULL;
	ann_labelconfig *cfg = NULL;
	int ch;
	ann_error err;

	if ((L = ann_loop_new(prog)) == NULL) {
		ann_diag(stderr, prog, NULL, 0, 0, "out of memory");
		return ANN_EXIT_ERROR;
	}
	signal(SIGPIPE, SIG_DFL);
	while ((ch = getopt_long(argc, argv, "c:hqV" CLI_INPUT_SHORTOPTS, longopts,
	    NULL)) != -1) {
		if (cli_input_option(L, ch, optarg, &rejects, usage) ||
		    cli_sets_option(ch, &o.sets.from))
			continue;
		switch (ch) {
		case 'c': config = optarg; break;
		case 'h': usage(stdout, ANN_EXIT_OK); break;
		case 'q': c.quiet = 1; break;
		case 'V': ann_loop_free(L); return cli_version(prog);
		case OPT_FORMAT:
			if (strcmp(optarg, "text") == 0)
				c.ndjson = 0;
			else if (strcmp(optarg, "ndjson") == 0)
				c.ndjson = 1;
			else
				die_usage("--format %s: text or ndjson", optarg);
			break;
		case OPT_MAX_ERRORS:
			if (ann_parse_u64(optarg, 1, UINT64_MAX, &c.max_errors) != 0)
				die_usage("--max-errors %s: a whole number from 1", optarg);
			break;
		case OPT_STRICT: o.strict = 1; break;
		case OPT_LIST_RULES:
			list_rules();
			ann_loop_free(L);
			return fflush(stdout) != 0 || ferror(stdout) ? ANN_EXIT_ERROR :
			    ANN_EXIT_OK;
		default:
			usage(stderr, ANN_EXIT_ERROR);
		}
	}
	argc -= optind;
	argv += optind;
	if (config == NULL)
		die_usage("-c CONFIG.xml is needed: the labeling config to check against");
	if ((cfg = ann_labelconfig_read_all(config, &err)) == NULL)
		die_usage("--config %s: %s", config, err.msg);
	o.config = cfg;
	o.report = on_problem;
	o.report_ctx = &c;
	c.loop = L;
	if ((c.view = ann_view_new()) == NULL ||
	    (c.chk = ann_check_new(&o, &err)) == NULL) {
		ann_loop_error(L, NULL, "%s", c.view == NULL ? "out of memory" : err.msg);
		goto fail;
	}
	ann_check_sink(c.chk, &c.sink);
	if (cli_open_rejects(L, rejects) != 0)
		goto fail;

	ann_loop_reader_opts(L)->index = 1;
	ann_loop_reader_opts(L)->readahead = 1;
	ann_status st = ann_loop_run(L, argv, argc, on_record, &c);
	if (cli_close_rejects(L, rejects) != ANN_OK)
		st = ANN_FATAL;
	if (!c.quiet)
		summary(&c);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		ann_loop_error(L, "<stdout>", "cannot write the report");
		st = ANN_FATAL;
	}
	size_t nrules;
	uint64_t errors = 0;
	const ann_check_counts *k = ann_check_counted(c.chk);
	for (size_t i = 0; i < (ann_check_rules(&nrules), nrules); i++)
		errors += k->problems[i][ANN_CHECK_ERROR];
	ann_check_free(c.chk);
	ann_view_free(c.view);
	ann_labelconfig_free(cfg);
	ann_buf_free(&c.line);
	if (ann_loop_failed(L))
		st = ANN_FATAL;
	ann_loop_free(L);
	if (st != ANN_OK)
		return ANN_EXIT_ERROR;
	return errors > 0 ? ANN_EXIT_NOMATCH : ANN_EXIT_OK;
fail:
	ann_check_free(c.chk);
	ann_view_free(c.view);
	ann_labelconfig_free(cfg);
	ann_loop_free(L);
	return ANN_EXIT_ERROR;
}
