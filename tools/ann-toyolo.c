/*
 * ann-toyolo: an Ultralytics-ready YOLO dataset from Label Studio tasks or
 * Labelbox rows, one label file per image written as the tasks stream past.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann.h"
#include "ann_rle.h"
#include "ann_yolo.h"
#include "cli.h"

static const char *prog = "ann-toyolo";

struct toyolo {
	ann_yolo *conv;
	cli_run run;		/* the sink, its view and counts, -q */
};

static void usage(FILE *to, int status) CLI_NORETURN;

static void
usage(FILE *to, int status)
{
	fprintf(to,
"usage: %s -o DIR [-kpq] [--task detect|segment|obb|pose]\n"
"       [--masks skip|polygon] [--max-pixels N]\n"
"       [-c CONFIG.xml | -C FILE] [--strict-labels] [--split SPLIT [--seed N]]\n"
"       [--annotations | --predictions | --both] [--image-root DIR]\n"
"       [OPTION]... [FILE|DIR|-]...\n",
	    prog);
	if (to == stderr)
		exit(status);
	fputs(
"Write a YOLO dataset (labels, data.yaml, classes.txt) for the tasks read.\n"
"\n"
"  -o, --output=DIR       the dataset's directory (made if missing)\n"
"  -t, --task=TASK        detect (default), segment, obb or pose\n"
"      --masks=HOW        brush masks in segment: skip (default) or polygon,\n"
"                         each part's outer contour (holes left out)\n"
CLI_MAX_PIXELS_HELP
"  -c, --config=FILE      the labeling config: classes, image key, keypoints\n"
"  -C, --categories=FILE  the classes, one name per line, in id order\n"
"      --strict-labels    a label outside the given classes is an error\n"
"      --add-unknown      add such labels after them (the default)\n"
"      --split=SPLIT      train/val[/test] percents, as 90/10 or 80/10/10\n"
"      --seed=N           which split (default 0), as ann-select's sample\n"
"      --annotations      convert annotations (the default)\n"
"      --predictions      convert predictions instead of annotations\n"
"      --both             take the newest of annotations and predictions\n"
"      --annotator=WHO    only annotations by this user id or email\n"
"      --ground-truth-only  only ground-truth annotations\n"
"      --image-root=DIR   link images from DIR/BASENAME, read missing sizes\n"
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
	return ann_yolo_category(conv, name);
}

static const char *
conv_errmsg(const void *conv)
{
	return ann_yolo_errmsg(conv);
}

enum {
	OPT_UNKNOWN = 256, OPT_STRICT, OPT_SPLIT, OPT_SEED, OPT_ANNOTATOR, OPT_GT, OPT_IMAGE_ROOT,
	OPT_MASKS, OPT_MAX_PIXELS
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
		{ "masks",             required_argument, NULL, OPT_MASKS },
		{ "max-pixels",        required_argument, NULL, OPT_MAX_PIXELS },
		{ "output",            required_argument, NULL, 'o' },
		{ "quiet",             no_argument,       NULL, 'q' },
		{ "seed",              required_argument, NULL, OPT_SEED },
		{ "split",             required_argument, NULL, OPT_SPLIT },
		{ "strict-labels",     no_argument,       NULL, OPT_STRICT },
		{ "task",              required_argument, NULL, 't' },
		{ "version",           no_argument,       NULL, 'V' },
		CLI_INPUT_LONGOPTS,
		CLI_SETS_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	ann_yolo_opts o = {
	    .sets = { .from = ANN_SETS_ANNOTATIONS, .newest = 1, .skip_cancelled = 1 },
	    .max_pixels = ANN_MASK_MAX_PIXELS };
	struct toyolo c = { 0 };
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
	while ((ch = getopt_long(argc, argv, "C:c:ho:qt:V" CLI_INPUT_SHORTOPTS, longopts,
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
		case 't':
			if (strcmp(optarg, "detect") == 0)
				o.task = ANN_YOLO_DETECT;
			else if (strcmp(optarg, "segment") == 0)
				o.task = ANN_YOLO_SEGMENT;
			else if (strcmp(optarg, "obb") == 0)
				o.task = ANN_YOLO_OBB;
			else if (strcmp(optarg, "pose") == 0)
				o.task = ANN_YOLO_POSE;
			else
				die_usage("--task %s: detect, segment, obb or pose", optarg);
			break;
		case 'V': ann_loop_free(L); return cli_version(prog);
		case OPT_UNKNOWN: o.strict_labels = 0; break;	/* the default */
		case OPT_STRICT: o.strict_labels = 1; break;
		case OPT_SPLIT:
			cli_parse_split(prog, usage, optarg, o.split, ANN_YOLO_MAX_SPLITS,
			    &o.nsplits);
			break;
		case OPT_SEED:
			if (ann_parse_u64(optarg, 0, UINT64_MAX, &o.seed) != 0)
				die_usage("--seed %s: not a number", optarg);
			break;
		case OPT_ANNOTATOR: o.sets.annotator = optarg; break;
		case OPT_GT: o.sets.ground_truth_only = 1; break;
		case OPT_IMAGE_ROOT: o.image_root = optarg; break;
		case OPT_MASKS:
			if (strcmp(optarg, "skip") == 0)
				o.masks = ANN_YOLO_MASKS_SKIP;
			else if (strcmp(optarg, "polygon") == 0)
				o.masks = ANN_YOLO_MASKS_POLYGON;
			else
				die_usage("--masks %s: skip or polygon", optarg);
			break;
		case OPT_MAX_PIXELS: o.max_pixels = cli_max_pixels(prog, usage, optarg); break;
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
	/* Only segment lines hold polygons: say so rather than trace for nothing. */
	if (o.masks == ANN_YOLO_MASKS_POLYGON && o.task != ANN_YOLO_SEGMENT)
		die_usage("--masks polygon needs --task segment: only segment "
		    "labels hold polygons");
	if (o.task == ANN_YOLO_POSE && config == NULL)
		die_usage("--task pose needs --config: its KeyPointLabels give the "
		    "keypoints and their order");
	if (config != NULL && (cfg = ann_labelconfig_read(config, &err)) == NULL)
		die_usage("--config %s: %s", config, err.msg);
	o.config = cfg;

	if ((c.run.view = ann_view_new()) == NULL ||
	    (c.conv = ann_yolo_new(&o, &err)) == NULL) {
		ann_loop_error(L, NULL, "%s", c.run.view == NULL ? "out of memory" : err.msg);
		goto fail;
	}
	ann_yolo_sink(c.conv, &c.run.sink);
	if (categories != NULL)
		cli_read_categories(prog, usage, categories, c.conv, add_category,
		    conv_errmsg);
	if (cli_open_rejects(L, rejects) != 0)
		goto fail;

	ann_loop_reader_opts(L)->index = 1;
	ann_loop_reader_opts(L)->readahead = 1;
	ann_status st = ann_loop_run(L, argv, argc, cli_run_record, &c.run);
	/* data.yaml only after a run without errors: a dataset that loads. */
	if (st == ANN_OK && !ann_loop_failed(L) &&
	    (st = ann_sink_finish(&c.run.sink)) != ANN_OK)
		ann_loop_error(L, o.dir, "%s", ann_sink_errmsg(&c.run.sink));
	if (cli_close_rejects(L, rejects) != ANN_OK)
		st = ANN_FATAL;
	ann_yolo_summary(c.conv, summary, sizeof summary);
	cli_run_summary(prog, &c.run, summary, sizeof summary,
	    ann_yolo_categories(c.conv));
	ann_yolo_free(c.conv);
	ann_view_free(c.run.view);
	ann_labelconfig_free(cfg);
	if (ann_loop_failed(L))
		st = ANN_FATAL;
	ann_loop_free(L);
	return st != ANN_OK ? ANN_EXIT_ERROR : ANN_EXIT_OK;
fail:
	ann_yolo_free(c.conv);
	ann_view_free(c.run.view);
	ann_labelconfig_free(cfg);
	ann_loop_free(L);
	return ANN_EXIT_ERROR;
}
