/*
 * ann-tolabelbox: Labelbox import NDJSON (label import, model-assisted
 * labeling) from Label Studio tasks, one annotation a line.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ann.h"
#include "ann_labelbox.h"
#include "ann_rle.h"
#include "cli.h"

static const char *prog = "ann-tolabelbox";

struct tolb {
	ann_labelbox *conv;
	cli_run run;		/* the sink, its view and counts, -q */
};

static void usage(FILE *to, int status) CLI_NORETURN;

static void
usage(FILE *to, int status)
{
	fprintf(to,
"usage: %s [-kpq] [-o FILE] [-c CONFIG.xml | -C FILE] [--strict-labels]\n"
"       [--annotations | --predictions | --both] [--global-key-field NAME]\n"
"       [--relation-name NAME] [--max-pixels N] [OPTION]... [FILE|DIR|-]...\n",
	    prog);
	if (to == stderr)
		exit(status);
	fputs(
"Write Labelbox import NDJSON (one annotation a line) for the tasks read.\n"
"\n"
"  -o, --output=FILE      write to FILE (in place when complete), not stdout\n"
"  -c, --config=FILE      the labeling config: tool names, checklists\n"
"  -C, --categories=FILE  the tool names, one per line\n"
"      --strict-labels    a label outside the given names is an error\n"
"      --add-unknown      add such labels after them (the default)\n"
"      --annotations      convert annotations (the default)\n"
"      --predictions      convert predictions (with their scores)\n"
"      --both             convert annotations and predictions\n"
"      --annotator=WHO    only annotations by this user id or email\n"
"      --ground-truth-only  only ground-truth annotations\n"
"      --newest           only each task's newest annotation (one label a row)\n"
"      --global-key-field=NAME  dataRow.globalKey from data.NAME, not the task id\n"
"      --relation-name=NAME  the name of relations without a label\n"
CLI_MAX_PIXELS_HELP
"  -q, --quiet            no warnings or summary on standard error\n"
CLI_INPUT_HELP
"  -h, --help             show this help\n"
"  -V, --version          show the version\n", to);
	exit(status);
}

#define die_usage(...) cli_usage_error(prog, usage, __VA_ARGS__)

/* The converter's own calls, as cli_read_categories takes them. */
static ann_status
add_category(void *conv, const char *name)
{
	return ann_labelbox_category(conv, name);
}

static const char *
conv_errmsg(const void *conv)
{
	return ann_labelbox_errmsg(conv);
}

enum {
	OPT_UNKNOWN = 256, OPT_STRICT, OPT_ANNOTATOR, OPT_GT, OPT_NEWEST, OPT_GLOBAL_KEY,
	OPT_RELATION_NAME, OPT_MAX_PIXELS
};

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "add-unknown",       no_argument,       NULL, OPT_UNKNOWN },
		{ "annotator",         required_argument, NULL, OPT_ANNOTATOR },
		{ "categories",        required_argument, NULL, 'C' },
		{ "config",            required_argument, NULL, 'c' },
		{ "global-key-field",  required_argument, NULL, OPT_GLOBAL_KEY },
		{ "ground-truth-only", no_argument,       NULL, OPT_GT },
		{ "help",              no_argument,       NULL, 'h' },
		{ "max-pixels",        required_argument, NULL, OPT_MAX_PIXELS },
		{ "newest",            no_argument,       NULL, OPT_NEWEST },
		{ "output",            required_argument, NULL, 'o' },
		{ "quiet",             no_argument,       NULL, 'q' },
		{ "relation-name",     required_argument, NULL, OPT_RELATION_NAME },
		{ "strict-labels",     no_argument,       NULL, OPT_STRICT },
		{ "version",           no_argument,       NULL, 'V' },
		CLI_INPUT_LONGOPTS,
		CLI_SETS_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	ann_labelbox_opts o = {
	    .sets = { .from = ANN_SETS_ANNOTATIONS, .skip_cancelled = 1 },
	    .max_pixels = ANN_MASK_MAX_PIXELS };
	struct tolb c = { 0 };
	/*
	 * Static: usage() and cli_usage_error() exit from inside option
	 * parsing, and the loop must still be reachable then (leak checkers).
	 */
	static ann_loop *L;
	const char *config = NULL, *categories = NULL, *rejects = NULL, *output = NULL;
	ann_labelconfig *cfg = NULL;
	ann_out *out = NULL;
	int ch;
	char summary[1024];
	ann_error err;

	if ((L = ann_loop_new(prog)) == NULL) {
		ann_diag(stderr, prog, NULL, 0, 0, "out of memory");
		return ANN_EXIT_ERROR;
	}
	signal(SIGPIPE, SIG_DFL);
	while ((ch = getopt_long(argc, argv, "C:c:ho:qV" CLI_INPUT_SHORTOPTS, longopts,
	    NULL)) != -1) {
		if (cli_input_option(L, ch, optarg, &rejects, usage) ||
		    cli_sets_option(ch, &o.sets.from))
			continue;
		switch (ch) {
		case 'C': categories = optarg; break;
		case 'c': config = optarg; break;
		case 'h': usage(stdout, ANN_EXIT_OK); break;
		case 'o': output = optarg; break;
		case 'q': c.run.quiet = 1; break;
		case 'V': ann_loop_free(L); return cli_version(prog);
		case OPT_UNKNOWN: o.strict_labels = 0; break;	/* the default */
		case OPT_STRICT: o.strict_labels = 1; break;
		case OPT_ANNOTATOR: o.sets.annotator = optarg; break;
		case OPT_GT: o.sets.ground_truth_only = 1; break;
		case OPT_NEWEST: o.sets.newest = 1; break;
		case OPT_GLOBAL_KEY:
			if (*optarg == '\0')
				die_usage("--global-key-field: the name of a data field is needed");
			o.global_key_field = optarg;
			break;
		case OPT_MAX_PIXELS: o.max_pixels = cli_max_pixels(prog, usage, optarg); break;
		case OPT_RELATION_NAME:
			if (*optarg == '\0')
				die_usage("--relation-name: a name is needed");
			o.relation_name = optarg;
			break;
		default:
			usage(stderr, ANN_EXIT_ERROR);
		}
	}
	argc -= optind;
	argv += optind;
	if (config != NULL && categories != NULL)
		die_usage("--config and --categories do not go together");
	if (config != NULL && (cfg = ann_labelconfig_read_all(config, &err)) == NULL)
		die_usage("--config %s: %s", config, err.msg);
	o.config = cfg;

	out = output != NULL ? ann_out_create(output, 0, &err) :
	    ann_out_fd(STDOUT_FILENO, "<stdout>", 0);
	if (out == NULL) {
		ann_loop_error(L, output, "%s", output != NULL ? err.msg : "out of memory");
		ann_labelconfig_free(cfg);
		ann_loop_free(L);
		return ANN_EXIT_ERROR;
	}
	if ((c.run.view = ann_view_new()) == NULL ||
	    (c.conv = ann_labelbox_new(&o, out, &err)) == NULL) {
		ann_loop_error(L, NULL, "%s", c.run.view == NULL ? "out of memory" : err.msg);
		goto fail;
	}
	ann_labelbox_sink(c.conv, &c.run.sink);
	if (categories != NULL)
		cli_read_categories(prog, usage, categories, c.conv, add_category,
		    conv_errmsg);
	if (cli_open_rejects(L, rejects) != 0)
		goto fail;
	cli_clean_up_on_signals();

	ann_loop_reader_opts(L)->index = 1;
	ann_loop_reader_opts(L)->readahead = 1;
	ann_status st = ann_loop_run(L, argv, argc, cli_run_record, &c.run);
	if (st == ANN_OK && (st = ann_sink_finish(&c.run.sink)) != ANN_OK)
		ann_loop_error(L, output, "%s", ann_sink_errmsg(&c.run.sink));
	/* A file only when the run had no error: no half an import. */
	if (st != ANN_OK || (output != NULL && ann_loop_failed(L)))
		ann_out_abort(out);
	else if (cli_close_output(L, out, output != NULL ? output : "<stdout>") != ANN_OK)
		st = ANN_FATAL;
	out = NULL;
	if (cli_close_rejects(L, rejects) != ANN_OK)
		st = ANN_FATAL;
	ann_labelbox_summary(c.conv, summary, sizeof summary);
	cli_run_summary(prog, &c.run, summary, sizeof summary,
	    ann_labelbox_categories(c.conv));
	ann_labelbox_free(c.conv);
	ann_view_free(c.run.view);
	ann_labelconfig_free(cfg);
	if (ann_loop_failed(L))
		st = ANN_FATAL;
	ann_loop_free(L);
	return st != ANN_OK ? ANN_EXIT_ERROR : ANN_EXIT_OK;
fail:
	ann_out_abort(out);
	ann_labelbox_free(c.conv);
	ann_view_free(c.run.view);
	ann_labelconfig_free(cfg);
	ann_loop_free(L);
	return ANN_EXIT_ERROR;
}
