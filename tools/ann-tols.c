/*
 * ann-tols: Label Studio tasks, with predictions or annotations, from a
 * COCO dataset or results file or a YOLO dataset folder (model output into
 * Label Studio), from Labelbox export rows (a project moved over), or from
 * tables.
 *
 * This file is the command line: main() parses the options, checks which
 * go with which source, and hands them to that source's run, in
 * tols_coco.c (COCO and YOLO), tols_table.c or tols_labelbox.c, sharing
 * tols_cli.h.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann.h"
#include "ann_lssink.h"
#include "ann_rle.h"
#include "ann_tols.h"
#include "ann_tols_csv.h"
#include "cli.h"
#include "tols_cli.h"

static const char *prog = TOLS_PROG;

void
tols_usage(FILE *to, int status)
{
	fprintf(to,
"usage: %s [-q] [--from coco|yolo] [--as predictions|annotations]\n"
"       [--model-version V] [--from-name N] [--to-name N | -c CONFIG]\n"
"       [--image-url PREFIX] [--image-root DIR]\n"
"       [--images FILE] [--task detect|segment|obb|pose]\n"
"       [--config-out FILE] [--max-pixels N] [FILE|-|DIR]...\n"
"       %s [-q] --from csv|tsv [--delimiter C] [--json-columns LIST] [FILE|-]...\n"
"       %s [-kq] --from labelbox [--as predictions|annotations] [--model-version V]\n"
"       [--from-name N] [--to-name N | -c CONFIG] [--config-out FILE] [-r FILE]\n"
"       [-C FILE] [--strict-labels] [--mask-root DIR] [--max-pixels N]\n"
"       [OPTION]... [FILE|-]...\n",
	    prog, prog, prog);
	if (to == stderr)
		exit(status);
	fputs(
"Write one Label Studio task per image (NDJSON) from COCO files or a YOLO\n"
"dataset folder, or one task per row from CSV/TSV tables or from Labelbox\n"
"export rows.\n"
"\n"
"      --from=FORMAT      the input's format: coco (the default), yolo, csv,\n"
"                         tsv or labelbox\n"
"      --delimiter=C      the table's cell separator (implies --from csv)\n"
"      --json-columns=LIST  comma-separated columns whose cells are JSON\n"
"      --as=KIND          predictions or annotations (the default: predictions,\n"
"                         annotations from labelbox)\n"
"      --model-version=V  each prediction's model_version\n"
"      --from-name=N      every result's control (default by type: label,\n"
"                         polygon, brush, keypoint)\n"
"      --to-name=N        the Image (or Text) tag's name (default image, text)\n"
"  -c, --config=FILE      each result's control, Image tag and data key\n"
"                         from this labeling config, by its label\n"
"      --image-url=PREFIX put before each image's file_name in data.image\n"
"      --image-root=DIR   read the sizes the input lacks from DIR's images\n"
"      --images=FILE      the dataset whose images a results array is for\n"
"      --task=KIND        yolo rows: detect, segment, obb or pose (default:\n"
"                         by their number of columns)\n"
"      --config-out=FILE  write a labeling config that fits the tasks\n"
"  -C, --categories=FILE  labelbox: the object labels, one a line, in order\n"
"      --strict-labels    labelbox: a label outside them is an error\n"
"      --add-unknown      labelbox: add such labels after them (the default)\n"
"      --mask-root=DIR    labelbox: masks downloaded as DIR/FEATURE_ID.png\n"
CLI_MAX_PIXELS_HELP
"  -q, --quiet            no summary on standard error\n"
"  -h, --help             show this help\n"
"  -V, --version          show the version\n"
"The input options, with --from labelbox:\n"
CLI_INPUT_HELP, to);
	exit(status);
}

#define die_usage(...) cli_usage_error(prog, tols_usage, __VA_ARGS__)

int
main(int argc, char **argv)
{
	enum { OPT_AS = 256, OPT_CONFIG_OUT, OPT_FROM, OPT_FROM_NAME, OPT_IMAGES,
	    OPT_IMAGE_ROOT, OPT_IMAGE_URL, OPT_MAX_PIXELS, OPT_MODEL_VERSION, OPT_TASK,
	    OPT_TO_NAME, OPT_DELIMITER, OPT_JSON_COLUMNS, OPT_STRICT, OPT_UNKNOWN,
	    OPT_MASK_ROOT };
	static const struct option longopts[] = {
		{ "add-unknown",   no_argument,       NULL, OPT_UNKNOWN },
		{ "as",            required_argument, NULL, OPT_AS },
		{ "categories",    required_argument, NULL, 'C' },
		{ "config",        required_argument, NULL, 'c' },
		{ "config-out",    required_argument, NULL, OPT_CONFIG_OUT },
		{ "delimiter",     required_argument, NULL, OPT_DELIMITER },
		{ "from",          required_argument, NULL, OPT_FROM },
		{ "from-name",     required_argument, NULL, OPT_FROM_NAME },
		{ "help",          no_argument,       NULL, 'h' },
		{ "image-root",    required_argument, NULL, OPT_IMAGE_ROOT },
		{ "image-url",     required_argument, NULL, OPT_IMAGE_URL },
		{ "images",        required_argument, NULL, OPT_IMAGES },
		{ "json-columns",  required_argument, NULL, OPT_JSON_COLUMNS },
		{ "mask-root",     required_argument, NULL, OPT_MASK_ROOT },
		{ "max-pixels",    required_argument, NULL, OPT_MAX_PIXELS },
		{ "model-version", required_argument, NULL, OPT_MODEL_VERSION },
		{ "quiet",         no_argument,       NULL, 'q' },
		{ "strict-labels", no_argument,       NULL, OPT_STRICT },
		{ "task",          required_argument, NULL, OPT_TASK },
		{ "to-name",       required_argument, NULL, OPT_TO_NAME },
		{ "version",       no_argument,       NULL, 'V' },
		CLI_INPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	ann_tols_opts o = { .max_pixels = ANN_MASK_MAX_PIXELS };
	/* A Labelbox row's labels are annotations, moved as annotations. */
	ann_lssink_opts lo = {
	    .sets = { .from = ANN_SETS_ANNOTATIONS, .skip_cancelled = 1 } };
	/*
	 * Static: usage() and cli_usage_error() exit from inside option
	 * parsing, and the loop must still be reachable then (leak checkers).
	 */
	static ann_loop *L;
	const char *images = NULL, *config_out = NULL, *config = NULL;
	const char *rejects = NULL, *as = NULL, *input_option = NULL;
	const char *categories = NULL, *label_option = NULL;
	ann_labelconfig *cfg = NULL;
	ann_tols_csv_opts co = { 0 };
	const char *from = NULL, *coco_opt = NULL;
	char *stdin_arg[] = { "-" };
	ann_error err;
	int ch, rc, quiet = 0, yolo = 0;

	if ((L = ann_loop_new(prog)) == NULL) {
		ann_diag(stderr, prog, NULL, 0, 0, "out of memory");
		return ANN_EXIT_ERROR;
	}
	signal(SIGPIPE, SIG_DFL);
	while ((ch = getopt_long(argc, argv, "c:C:hqV" CLI_INPUT_SHORTOPTS, longopts,
	    NULL)) != -1) {
		if (cli_input_option(L, ch, optarg, &rejects, tols_usage)) {
			input_option = argv[optind - 1];
			continue;
		}
		switch (ch) {
		case 'c': config = optarg; break;
		case 'C': categories = label_option = optarg; break;
		case 'h': tols_usage(stdout, ANN_EXIT_OK); break;
		case 'q': quiet = 1; break;
		case 'V': ann_loop_free(L); return cli_version(prog);
		case OPT_STRICT: lo.strict_labels = 1; label_option = "--strict-labels"; break;
		case OPT_UNKNOWN: lo.strict_labels = 0; break;	/* the default */
		case OPT_MASK_ROOT: lo.mask_root = optarg; break;
		case OPT_AS:
			if (strcmp(optarg, "predictions") == 0)
				o.as_annotations = 0;
			else if (strcmp(optarg, "annotations") == 0)
				o.as_annotations = 1;
			else
				die_usage("--as %s: predictions or annotations", optarg);
			as = optarg;
			break;
		case OPT_CONFIG_OUT: config_out = optarg; break;
		case OPT_DELIMITER:
			/* One byte; a tab may be spelled out, as a shell makes it hard to type. */
			if (strcmp(optarg, "tab") == 0 || strcmp(optarg, "\\t") == 0)
				co.delim = '\t';
			else if (strlen(optarg) == 1 && (unsigned char)*optarg < 0x80 &&
			    strchr("\"\r\n", *optarg) == NULL)
				co.delim = (unsigned char)*optarg;
			else
				die_usage("--delimiter %s: one ASCII character (not a quote or a line break), or tab", optarg);
			break;
		case OPT_FROM:
			if (strcmp(optarg, "coco") != 0 && strcmp(optarg, "csv") != 0 &&
			    strcmp(optarg, "tsv") != 0 && strcmp(optarg, "yolo") != 0 &&
			    strcmp(optarg, "labelbox") != 0)
				die_usage("--from %s: coco, yolo, csv, tsv or labelbox", optarg);
			from = optarg;
			yolo = strcmp(optarg, "yolo") == 0;
			break;
		case OPT_FROM_NAME:
			if (*optarg == '\0')
				die_usage("--from-name: an empty name");
			o.from_name = optarg;
			break;
		case OPT_IMAGES: images = optarg; break;
		case OPT_IMAGE_ROOT: o.image_root = optarg; break;
		case OPT_IMAGE_URL: o.image_url = optarg; break;
		case OPT_JSON_COLUMNS: co.json_columns = optarg; break;
		case OPT_MAX_PIXELS: o.max_pixels = cli_max_pixels(prog, tols_usage, optarg); break;
		case OPT_MODEL_VERSION: o.model_version = optarg; break;
		case OPT_TASK: {
			static const char *const kinds[] = { "detect", "segment", "obb", "pose" };
			o.yolo_task = 0;
			for (int k = 0; k < 4; k++)
				if (strcmp(optarg, kinds[k]) == 0)
					o.yolo_task = ANN_TOLS_YOLO_DETECT + k;
			if (o.yolo_task == 0)
				die_usage("--task %s: detect, segment, obb or pose", optarg);
			break;
		}
		case OPT_TO_NAME:
			if (*optarg == '\0')
				die_usage("--to-name: an empty name");
			o.to_name = optarg;
			break;
		default:
			tols_usage(stderr, ANN_EXIT_ERROR);
		}
	}
	argc -= optind;
	argv += optind;
	/* The config names everything; names given besides would disagree. */
	if (config != NULL && (o.from_name != NULL || o.to_name != NULL))
		die_usage("--config: the names come from it; not with --from-name or --to-name");
	if (config != NULL && config_out != NULL)
		die_usage("--config-out: with --config, that config is the one to use");
	if (config != NULL) {
		if ((cfg = ann_labelconfig_read_all(config, &err)) == NULL) {
			fprintf(stderr, "%s: %s: %s\n", prog, config, err.msg);
			ann_loop_free(L);
			return ANN_EXIT_ERROR;
		}
		o.config = cfg;
	}
	if (from != NULL && strcmp(from, "labelbox") == 0) {
		if (images != NULL || o.image_url != NULL || o.image_root != NULL ||
		    o.yolo_task != 0)
			die_usage("%s: a Labelbox row names its media itself",
			    images != NULL ? "--images" : o.image_url != NULL ?
			    "--image-url" : o.image_root != NULL ? "--image-root" : "--task");
		if (co.delim != 0 || co.json_columns != NULL)
			die_usage("--delimiter and --json-columns: for --from csv or tsv");
		lo.as_predictions = as != NULL && !o.as_annotations;
		lo.model_version = o.model_version;
		lo.from_name = o.from_name;
		lo.to_name = o.to_name;
		lo.config = cfg;
		lo.max_pixels = o.max_pixels;
		rc = tols_run_labelbox(L, &lo, argv, argc, rejects, config_out, categories,
		    quiet);
		ann_labelconfig_free(cfg);
		return rc;
	}
	if (lo.mask_root != NULL)
		die_usage("--mask-root goes with --from labelbox");
	if (label_option != NULL)
		die_usage("--categories and --strict-labels go with --from labelbox: "
		    "a COCO file or a YOLO dataset lists its categories, a table has none");
	if (input_option != NULL)
		die_usage("%s goes with --from labelbox: a COCO file or a table is "
		    "read whole", input_option);
	ann_loop_free(L);
	L = NULL;
	if (yolo && images != NULL)
		die_usage("--images: a COCO results file's; not with --from yolo");
	if (!yolo && o.yolo_task != 0)
		die_usage("--task: the rows of a YOLO dataset; give --from yolo");
	/* One dataset: its classes are the run's categories. */
	if (yolo && argc != 1)
		die_usage("--from yolo: one dataset folder");
	if (argc == 0) {
		argv = stdin_arg;
		argc = 1;
	}
	if (images != NULL)
		coco_opt = "--images";
	else if (config_out != NULL)
		coco_opt = "--config-out";
	else if (o.as_annotations || o.model_version != NULL || o.to_name != NULL ||
	    o.image_url != NULL)
		coco_opt = "--as, --model-version, --to-name or --image-url";
	else if (config != NULL || o.from_name != NULL || o.image_root != NULL)
		coco_opt = "--config, --from-name or --image-root";
	if (from == NULL && co.delim != 0)
		from = "csv";
	if (from != NULL && strcmp(from, "coco") != 0 && !yolo) {
		if (strcmp(from, "tsv") == 0 && co.delim == 0)
			co.delim = '\t';
		if (coco_opt != NULL)
			die_usage("%s: for COCO input, not with --from %s", coco_opt, from);
		return tols_run_tables(&co, argv, argc, quiet);
	}
	if (co.delim != 0 || co.json_columns != NULL)
		die_usage("--delimiter and --json-columns: for --from csv or tsv");
	rc = tols_run_coco(&o, yolo, images, config_out, argv, argc, quiet);
	ann_labelconfig_free(cfg);
	return rc;
}
