/*
 * ann-tococo: one COCO document from Label Studio tasks or Labelbox rows,
 * in memory that does not grow with the export.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ann.h"
#include "ann_coco_conv.h"
#include "ann_media.h"
#include "ann_rle.h"
#include "cli.h"

static const char *prog = "ann-tococo";

struct tococo {
	ann_tococo *conv;
	cli_run run;		/* the sink, its view and counts, -q */
};

static void usage(FILE *to, int status) CLI_NORETURN;

static void
usage(FILE *to, int status)
{
	fprintf(to,
"usage: %s [-ekpq] [-c CONFIG.xml | -C FILE] [--strict-labels] [--from-name NAME]\n"
"       [--annotations | --predictions [--results] | --both]\n"
"       [--file-name url|basename|path] [--image-root DIR | --size WxH]\n"
"       [--mask-root DIR] [-o FILE] [OPTION]... [FILE|DIR|-]...\n"
"       %s --merge [-q] [-o FILE] DOCUMENT...\n",
	    prog, prog);
	if (to == stderr)
		exit(status);
	fputs(
"Write one COCO document (images, annotations, categories) for the tasks read.\n"
"\n"
"  -c, --config=FILE      the labeling config: categories and the image key\n"
"  -C, --categories=FILE  the categories, one name per line, in id order\n"
"      --category-base=N  number categories from 0 (the default, as\n"
"                         label-studio-converter) or 1\n"
"      --strict-labels    a label outside the given categories is an error\n"
"                         (by default it is added after them, with a warning)\n"
"      --add-unknown      add such labels (the default)\n"
"      --from-name=NAME   only the regions of this control tag\n"
"      --annotations      convert annotations (the default)\n"
"      --predictions      convert predictions instead of annotations\n"
"      --both             convert annotations and predictions\n"
"      --results          with --predictions: a COCO results array\n"
"      --per-annotation   one image per annotation, not per task\n"
"      --annotator=WHO    only annotations by this user id or email\n"
"      --ground-truth-only  only ground-truth annotations\n"
"      --file-name=HOW    url (default: the reference as exported), basename\n"
"                         or path\n"
"      --image-root=DIR   read missing image sizes from DIR/BASENAME\n"
"      --size=WxH         the size of images the export gives none for\n"
"      --mask-root=DIR    Labelbox masks downloaded as DIR/FEATURE_ID.png\n"
CLI_MAX_PIXELS_HELP
"  -e, --skip-empty       leave out images without annotations\n"
"      --crowd-masks      write brush masks with iscrowd 1\n"
"      --merge            join the documents written for each --part of an\n"
"                         export into the one a single run would write\n"
"  -o, --output=FILE      write to FILE, which appears only when complete\n"
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
	return ann_tococo_category(conv, name);
}

static const char *
conv_errmsg(const void *conv)
{
	return ann_tococo_errmsg(conv);
}

enum {
	OPT_BASE = 256, OPT_UNKNOWN, OPT_FROM, OPT_RESULTS,
	OPT_PER_ANNOTATION, OPT_ANNOTATOR, OPT_GT, OPT_FILE_NAME, OPT_IMAGE_ROOT,
	OPT_CROWD, OPT_MASK_ROOT, OPT_MAX_PIXELS, OPT_STRICT, OPT_SIZE, OPT_MERGE
};

/*
 * --merge: the documents of an export's parts joined into one, as
 * ann_coco_merge_run says; the same rules for the output as a conversion.
 */
static int
merge(char **docs, int n, const char *output, int quiet)
{
	ann_coco_merge *m;
	ann_out *out;
	ann_error err;
	ann_status st;
	char summary[256];

	for (int i = 0; i < n; i++)
		if (strcmp(docs[i], "-") == 0)
			die_usage("--merge reads each document twice: name files, "
			    "not standard input");
	out = output != NULL ? ann_out_create(output, 0, &err) :
	    ann_out_fd(STDOUT_FILENO, "<stdout>", 0);
	if (out == NULL) {
		ann_diag(stderr, prog, output, 0, 0, "%s", err.msg);
		return ANN_EXIT_ERROR;
	}
	if ((m = ann_coco_merge_new(out)) == NULL) {
		ann_diag(stderr, prog, NULL, 0, 0, "out of memory");
		ann_out_abort(out);
		return ANN_EXIT_ERROR;
	}
	st = ann_coco_merge_run(m, (const char *const *)docs, (size_t)n);
	if (st != ANN_OK) {
		const char *name;
		uint64_t elem, off;
		ann_coco_merge_errpos(m, &name, &elem, &off);
		if (name != NULL && elem == 0)
			ann_diag(stderr, prog, NULL, 0, 0, "%s (byte %llu): %s", name,
			    (unsigned long long)off, ann_coco_merge_errmsg(m));
		else
			ann_diag(stderr, prog, name != NULL ? name : output, elem,
			    off, "%s", ann_coco_merge_errmsg(m));
		ann_out_abort(out);
	} else if (ann_out_close(out, &err) != ANN_OK) {
		ann_diag(stderr, prog, output != NULL ? output : "<stdout>", 0, 0,
		    "%s", err.msg);
		st = ANN_FATAL;
	}
	if (st == ANN_OK && !quiet) {
		ann_coco_merge_summary(m, (size_t)n, summary, sizeof summary);
		fprintf(stderr, "%s: %s\n", prog, summary);
	}
	ann_coco_merge_free(m);
	return st == ANN_OK ? ANN_EXIT_OK : ANN_EXIT_ERROR;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "add-unknown",       no_argument,       NULL, OPT_UNKNOWN },
		{ "annotator",         required_argument, NULL, OPT_ANNOTATOR },
		{ "categories",        required_argument, NULL, 'C' },
		{ "category-base",     required_argument, NULL, OPT_BASE },
		{ "config",            required_argument, NULL, 'c' },
		{ "crowd-masks",       no_argument,       NULL, OPT_CROWD },
		{ "file-name",         required_argument, NULL, OPT_FILE_NAME },
		{ "from-name",         required_argument, NULL, OPT_FROM },
		{ "ground-truth-only", no_argument,       NULL, OPT_GT },
		{ "help",              no_argument,       NULL, 'h' },
		{ "image-root",        required_argument, NULL, OPT_IMAGE_ROOT },
		{ "mask-root",         required_argument, NULL, OPT_MASK_ROOT },
		{ "max-pixels",        required_argument, NULL, OPT_MAX_PIXELS },
		{ "merge",             no_argument,       NULL, OPT_MERGE },
		{ "output",            required_argument, NULL, 'o' },
		{ "per-annotation",    no_argument,       NULL, OPT_PER_ANNOTATION },
		{ "quiet",             no_argument,       NULL, 'q' },
		{ "results",           no_argument,       NULL, OPT_RESULTS },
		{ "size",              required_argument, NULL, OPT_SIZE },
		{ "skip-empty",        no_argument,       NULL, 'e' },
		{ "strict-labels",     no_argument,       NULL, OPT_STRICT },
		{ "version",           no_argument,       NULL, 'V' },
		CLI_INPUT_LONGOPTS,
		CLI_SETS_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	ann_tococo_opts o = { .max_pixels = ANN_MASK_MAX_PIXELS,
	    .sets = { .from = ANN_SETS_ANNOTATIONS, .newest = 1, .skip_cancelled = 1 } };
	struct tococo c = { 0 };
	/*
	 * Static: usage() and cli_usage_error() exit from inside option
	 * parsing, and the loop must still be reachable then (leak checkers).
	 */
	static ann_loop *L;
	const char *config = NULL, *categories = NULL, *rejects = NULL, *output = NULL;
	ann_labelconfig *cfg = NULL;
	ann_out *out;
	uint64_t v;
	int ch, merging = 0;
	const char *converting = NULL;	/* an option --merge has no use for */
	ann_error err;
	char summary[1024];

	if ((L = ann_loop_new(prog)) == NULL) {
		ann_diag(stderr, prog, NULL, 0, 0, "out of memory");
		return ANN_EXIT_ERROR;
	}
	signal(SIGPIPE, SIG_DFL);
	cli_clean_up_on_signals();	/* no half-written --output survives ^C */
	while ((ch = getopt_long(argc, argv, "C:c:eho:qV" CLI_INPUT_SHORTOPTS, longopts,
	    NULL)) != -1) {
		if (ch != 'o' && ch != 'q' && ch != OPT_MERGE && converting == NULL)
			converting = argv[optind - 1];
		if (cli_input_option(L, ch, optarg, &rejects, usage) ||
		    cli_sets_option(ch, &o.sets.from))
			continue;
		switch (ch) {
		case 'C': categories = optarg; break;
		case 'c': config = optarg; break;
		case 'e': o.skip_empty = 1; break;
		case 'h': usage(stdout, ANN_EXIT_OK); break;
		case 'o': output = optarg; break;
		case 'q': c.run.quiet = 1; break;
		case 'V': ann_loop_free(L); return cli_version(prog);
		case OPT_BASE:
			if (ann_parse_u64(optarg, 0, 1, &v) != 0)
				die_usage("--category-base %s: 0 or 1", optarg);
			o.category_base = (int)v;
			break;
		case OPT_UNKNOWN: o.strict_labels = 0; break;	/* the default now */
		case OPT_STRICT: o.strict_labels = 1; break;
		case OPT_FROM: o.from_name = optarg; break;
		case OPT_RESULTS: o.results = 1; break;
		case OPT_PER_ANNOTATION: o.sets.newest = 0; break;
		case OPT_ANNOTATOR: o.sets.annotator = optarg; break;
		case OPT_GT: o.sets.ground_truth_only = 1; break;
		case OPT_FILE_NAME:
			if (strcmp(optarg, "url") == 0)
				o.file_name = ANN_FILE_NAME_URL;
			else if (strcmp(optarg, "basename") == 0)
				o.file_name = ANN_FILE_NAME_BASENAME;
			else if (strcmp(optarg, "path") == 0)
				o.file_name = ANN_FILE_NAME_PATH;
			else
				die_usage("--file-name %s: url, basename or path", optarg);
			break;
		case OPT_IMAGE_ROOT: o.image_root = optarg; break;
		case OPT_CROWD: o.crowd_masks = 1; break;
		case OPT_MASK_ROOT: o.mask_root = optarg; break;
		case OPT_MERGE: merging = 1; break;
		case OPT_MAX_PIXELS: o.max_pixels = cli_max_pixels(prog, usage, optarg); break;
		case OPT_SIZE:
			if (ann_mask_size_parse(optarg, &o.width, &o.height) != 0)
				die_usage("--size %s: not WIDTHxHEIGHT in pixels", optarg);
			break;
		default:
			usage(stderr, ANN_EXIT_ERROR);
		}
	}
	argc -= optind;
	argv += optind;
	if (merging) {
		/* The documents say how they were made: nothing to convert. */
		if (converting != NULL)
			die_usage("--merge joins documents already converted: %s "
			    "does not go with it", converting);
		if (argc == 0)
			die_usage("--merge needs the documents to join");
		ann_loop_free(L);
		L = NULL;
		return merge(argv, argc, output, c.run.quiet);
	}
	if (config != NULL && categories != NULL)
		die_usage("--config and --categories do not go together");
	/* Each says where a size comes from: one source, no silent second. */
	if (o.image_root != NULL && o.width > 0)
		die_usage("--image-root and --size do not go together");
	if (o.results && o.sets.from != ANN_SETS_PREDICTIONS)
		die_usage("--results needs --predictions");
	if (config != NULL && (cfg = ann_labelconfig_read(config, &err)) == NULL)
		die_usage("--config %s: %s", config, err.msg);
	o.config = cfg;

	out = output != NULL ? ann_out_create(output, 0, &err) :
	    ann_out_fd(STDOUT_FILENO, "<stdout>", 0);
	if (out == NULL) {
		ann_loop_error(L, output, "%s", err.msg);
		ann_loop_free(L);
		return ANN_EXIT_ERROR;
	}
	if ((c.run.view = ann_view_new()) == NULL ||
	    (c.conv = ann_tococo_new(&o, out, &err)) == NULL) {
		ann_loop_error(L, NULL, "%s", c.run.view == NULL ? "out of memory" : err.msg);
		goto fail;
	}
	ann_tococo_sink(c.conv, &c.run.sink);
	if (categories != NULL)
		cli_read_categories(prog, usage, categories, c.conv, add_category,
		    conv_errmsg);
	if (cli_open_rejects(L, rejects) != 0)
		goto fail;

	ann_loop_reader_opts(L)->index = 1;
	ann_loop_reader_opts(L)->readahead = 1;
	ann_status st = ann_loop_run(L, argv, argc, cli_run_record, &c.run);
	if (st == ANN_OK && (st = ann_sink_finish(&c.run.sink)) != ANN_OK)
		ann_loop_error(L, output, "%s", ann_sink_errmsg(&c.run.sink));
	/* Only a complete document may appear under the output's name. */
	if (st != ANN_OK)
		ann_out_abort(out);
	else if (cli_close_output(L, out, output != NULL ? output : "<stdout>") != ANN_OK)
		st = ANN_FATAL;
	if (cli_close_rejects(L, rejects) != ANN_OK)
		st = ANN_FATAL;
	/*
	 * After an error the counts are of what was done before it, and the
	 * document is not whole: say so, not a plain summary that reads as a
	 * finished conversion.
	 */
	int n = st == ANN_OK ? 0 : snprintf(summary, sizeof summary, "stopped by "
	    "the error above, with no complete document on %s; done before it "
	    "(annotations are written last, after every image): ",
	    output != NULL ? output : "standard output");
	if (n < 0 || (size_t)n >= sizeof summary)
		n = (int)sizeof summary - 1;	/* a name that long: cut */
	ann_tococo_summary(c.conv, summary + n, sizeof summary - (size_t)n);
	cli_run_summary(prog, &c.run, summary, sizeof summary,
	    ann_tococo_categories(c.conv));
	ann_tococo_free(c.conv);
	ann_view_free(c.run.view);
	ann_labelconfig_free(cfg);
	if (ann_loop_failed(L))
		st = ANN_FATAL;
	ann_loop_free(L);
	return st != ANN_OK ? ANN_EXIT_ERROR : ANN_EXIT_OK;
fail:	/* Nothing read yet: no temporary output left, as for any failed run. */
	ann_out_abort(out);
	ann_tococo_free(c.conv);
	ann_view_free(c.run.view);
	ann_labelconfig_free(cfg);
	ann_loop_free(L);
	return ANN_EXIT_ERROR;
}
