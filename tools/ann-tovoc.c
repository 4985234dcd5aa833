/*
 * ann-tovoc: a Pascal VOC dataset from Label Studio tasks or Labelbox rows,
 * one annotation file per image written as the tasks stream past.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann.h"
#include "ann_voc.h"
#include "cli.h"

static const char *prog = "ann-tovoc";

struct tovoc {
	ann_voc *conv;
	cli_run run;		/* the sink, its view and counts, -q */
};

static void usage(FILE *to, int status) CLI_NORETURN;

static void
usage(FILE *to, int status)
{
	fprintf(to,
"usage: %s -o DIR [-kpq] [-c CONFIG.xml | -C FILE] [--strict-labels]\n"
"       [--split SPLIT [--seed N]] [--annotations | --predictions | --both]\n"
"       [--image-root DIR]\n"
"       [--no-rotated] [OPTION]... [FILE|DIR|-]...\n",
	    prog);
	if (to == stderr)
		exit(status);
	fputs(
"Write a Pascal VOC dataset (Annotations, ImageSets, labels.txt) for the tasks read.\n"
"\n"
"  -o, --output=DIR       the dataset's directory (made if missing)\n"
"  -c, --config=FILE      the labeling config: classes, image key\n"
"  -C, --categories=FILE  the classes, one name per line, in order\n"
"      --strict-labels    a label outside the given classes is an error\n"
"      --add-unknown      add such labels after them (the default)\n"
"      --split=SPLIT      train/val[/test] percents, as 90/10 or 80/10/10,\n"
"                         with per-class lists\n"
"      --seed=N           which split (default 0), as ann-toyolo's\n"
"      --annotations      convert annotations (the default)\n"
"      --predictions      convert predictions instead of annotations\n"
"      --both             take the newest of annotations and predictions\n"
"      --annotator=WHO    only annotations by this user id or email\n"
"      --ground-truth-only  only ground-truth annotations\n"
"      --image-root=DIR   read sizes the export lacks from DIR/BASENAME\n"
"      --no-rotated       skip rotated boxes (counted), not their upright hull\n"
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
	return ann_voc_category(conv, name);
}

static const char *
conv_errmsg(const void *conv)
{
	return ann_voc_errmsg(conv);
}

enum {
	OPT_UNKNOWN = 256, OPT_STRICT, OPT_ANNOTATOR, OPT_GT, OPT_IMAGE_ROOT, OPT_NO_ROTATED,
	OPT_SPLIT, OPT_SEED
};

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "add-unknown",       no_argument,       NULL, OPT_UNKNOWN },
		{ "annotator",         required_argument, NULL, OPT_ANNOTATOR },
		{ "categories",        required_argument, NULL, 'C' },
		{ "config",            required_argument, NULL, 'c' },
		{ "ground-truth-only", no_argument,       NULL, OPT_GT },
		{ "help",              no_argument,       NULL, 'h' },
		{ "image-root",        required_argument, NULL, OPT_IMAGE_ROOT },
		{ "no-rotated",        no_argument,       NULL, OPT_NO_ROTATED },
		{ "output",            required_argument, NULL, 'o' },
		{ "quiet",             no_argument,       NULL, 'q' },
		{ "seed",              required_argument, NULL, OPT_SEED },
		{ "split",             required_argument, NULL, OPT_SPLIT },
		{ "strict-labels",     no_argument,       NULL, OPT_STRICT },
		{ "version",           no_argument,       NULL, 'V' },
		CLI_INPUT_LONGOPTS,
		CLI_SETS_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	ann_voc_opts o = {
	    .sets = { .from = ANN_SETS_ANNOTATIONS, .newest = 1, .skip_cancelled = 1 } };
	struct tovoc c = { 0 };
	/*
	 * Static: usage() and cli_usage_error() exit from inside option
	 * parsing, and the loop must still be reachable then (leak checkers).
	 */
	static ann_loop *L;
	const char *config = NULL, *categories = NULL, *rejects = NULL;
	ann_labelconfig *cfg = NULL;
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
		case 'o': o.dir = optarg; break;
		case 'q': c.run.quiet = 1; break;
		case 'V': ann_loop_free(L); return cli_version(prog);
		case OPT_UNKNOWN: o.strict_labels = 0; break;	/* the default */
		case OPT_STRICT: o.strict_labels = 1; break;
		case OPT_ANNOTATOR: o.sets.annotator = optarg; break;
		case OPT_GT: o.sets.ground_truth_only = 1; break;
		case OPT_IMAGE_ROOT: o.image_root = optarg; break;
		case OPT_NO_ROTATED: o.no_rotated = 1; break;
		case OPT_SPLIT:
			cli_parse_split(prog, usage, optarg, o.split, ANN_MAX_SPLITS, &o.nsplits);
			break;
		case OPT_SEED:
			if (ann_parse_u64(optarg, 0, UINT64_MAX, &o.seed) != 0)
				die_usage("--seed %s: not a number", optarg);
			break;
		default:
			usage(stderr, ANN_EXIT_ERROR);
		}
	}
	argc -= optind;
	argv += optind;
	if (o.dir == NULL)
		die_usage("-o DIR is needed: the dataset's directory");
	if (config != NULL && categories != NULL)
		die_usage("--config and --categories do not go together");
	if (config != NULL && (cfg = ann_labelconfig_read(config, &err)) == NULL)
		die_usage("--config %s: %s", config, err.msg);
	o.config = cfg;

	if ((c.run.view = ann_view_new()) == NULL ||
	    (c.conv = ann_voc_new(&o, &err)) == NULL) {
		ann_loop_error(L, NULL, "%s", c.run.view == NULL ? "out of memory" : err.msg);
		goto fail;
	}
	ann_voc_sink(c.conv, &c.run.sink);
	if (categories != NULL)
		cli_read_categories(prog, usage, categories, c.conv, add_category,
		    conv_errmsg);
	if (cli_open_rejects(L, rejects) != 0)
		goto fail;
	cli_clean_up_on_signals();

	ann_loop_reader_opts(L)->index = 1;
	ann_loop_reader_opts(L)->readahead = 1;
	ann_status st = ann_loop_run(L, argv, argc, cli_run_record, &c.run);
	/* The lists and labels.txt only after a run without errors. */
	if (st == ANN_OK && !ann_loop_failed(L) &&
	    (st = ann_sink_finish(&c.run.sink)) != ANN_OK)
		ann_loop_error(L, o.dir, "%s", ann_sink_errmsg(&c.run.sink));
	if (cli_close_rejects(L, rejects) != ANN_OK)
		st = ANN_FATAL;
	ann_voc_summary(c.conv, summary, sizeof summary);
	cli_run_summary(prog, &c.run, summary, sizeof summary,
	    ann_voc_categories(c.conv));
	ann_voc_free(c.conv);
	ann_view_free(c.run.view);
	ann_labelconfig_free(cfg);
	if (ann_loop_failed(L))
		st = ANN_FATAL;
	ann_loop_free(L);
	return st != ANN_OK ? ANN_EXIT_ERROR : ANN_EXIT_OK;
fail:
	ann_voc_free(c.conv);
	ann_view_free(c.run.view);
	ann_labelconfig_free(cfg);
	ann_loop_free(L);
	return ANN_EXIT_ERROR;
}
