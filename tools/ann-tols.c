/*
 * ann-tols: Label Studio tasks, with predictions or annotations, from a
 * COCO dataset or results file or a YOLO dataset folder (model output into
 * Label Studio), from Labelbox export rows (a project moved over), or from
 * tables.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ann.h"
#include "ann_lssink.h"
#include "ann_rle.h"
#include "ann_tols.h"
#include "ann_tols_csv.h"
#include "cli.h"

static const char *prog = "ann-tols";

static void usage(FILE *to, int status) CLI_NORETURN;

static void
usage(FILE *to, int status)
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

#define die_usage(...) cli_usage_error(prog, usage, __VA_ARGS__)

static int
write_file(void *ctx, const void *data, size_t n)
{
	return fwrite(data, 1, n, ctx) == n ? 0 : -1;
}

/* Report t's error on input name. */
static void
report(const ann_tols *t, const char *name)
{
	uint64_t byte;

	if (name != NULL && ann_tols_errbyte(t, &byte))
		fprintf(stderr, "%s: %s (byte %llu): %s\n", prog, name,
		    (unsigned long long)byte, ann_tols_errmsg(t));
	else if (name != NULL)
		fprintf(stderr, "%s: %s: %s\n", prog, name, ann_tols_errmsg(t));
	else
		fprintf(stderr, "%s: %s\n", prog, ann_tols_errmsg(t));
}

/* Read one COCO input ("-" is standard input). */
static ann_status
read_input(ann_tols *t, const char *path, int annotations)
{
	int std = strcmp(path, "-") == 0;
	const char *name = std ? "<stdin>" : path;
	int fd = std ? STDIN_FILENO : open(path, O_RDONLY);
	ann_status st;

	if (fd < 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return ANN_FATAL;
	}
	st = ann_tols_read_coco(t, fd, name, annotations);
	if (!std)
		close(fd);
	if (st != ANN_OK)
		report(t, name);
	return st;
}

/* Read one table ("-" is standard input), a task per row to standard output. */
static ann_status
read_table(ann_tols_csv *c, const char *path)
{
	int std = strcmp(path, "-") == 0;
	const char *name = std ? "<stdin>" : path;
	int fd = std ? STDIN_FILENO : open(path, O_RDONLY);
	uint64_t line, byte;
	ann_status st;

	if (fd < 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return ANN_FATAL;
	}
	st = ann_tols_csv_read(c, fd, write_file, stdout);
	if (!std)
		close(fd);
	if (st != ANN_OK && ann_tols_csv_errpos(c, &line, &byte))
		fprintf(stderr, "%s: %s:%llu (byte %llu): %s\n", prog, name,
		    (unsigned long long)line, (unsigned long long)byte,
		    ann_tols_csv_errmsg(c));
	else if (st != ANN_OK)
		fprintf(stderr, "%s: %s: %s\n", prog, name, ann_tols_csv_errmsg(c));
	return st;
}

/*
 * --from csv: each table on its own, with its own header; a bad table
 * is reported and the others still read (the exit says one failed).
 */
static int
run_tables(const ann_tols_csv_opts *o, int argc, char **argv, int quiet)
{
	ann_tols_csv *c;
	ann_error err;
	ann_status st, worst = ANN_OK;
	char summary[256];

	if ((c = ann_tols_csv_new(o, &err)) == NULL) {
		fprintf(stderr, "%s: %s\n", prog, err.msg);
		return ANN_EXIT_ERROR;
	}
	for (int i = 0; i < argc; i++) {
		if ((st = read_table(c, argv[i])) < worst)
			worst = st;
		if (st == ANN_FATAL)
			break;
	}
	if (!quiet) {
		ann_tols_csv_summary(c, summary, sizeof summary);
		fprintf(stderr, "%s: %s\n", prog, summary);
	}
	ann_tols_csv_free(c);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "%s: standard output: %s\n", prog, strerror(errno));
		worst = ANN_FATAL;
	}
	return worst != ANN_OK ? ANN_EXIT_ERROR : ANN_EXIT_OK;
}

/* A YOLO image skipped, named (the first CLI_NAMED; all are counted). */
static void
name_skip(void *ctx, const char *what)
{
	unsigned long *named = ctx;

	if ((*named)++ < CLI_NAMED)
		fprintf(stderr, "%s: %s\n", prog, what);
}

/* The config, whole or not at all: a temporary file renamed into place. */
static int
write_config(ann_tols *t, const char *path)
{
	size_t n = strlen(path) + 16;
	char *tmp = malloc(n);
	FILE *f = NULL;
	int fd = -1;

	if (tmp == NULL)
		goto fail;
	snprintf(tmp, n, "%s.tmpXXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0 || (f = fdopen(fd, "w")) == NULL)
		goto fail;
	fd = -1;
	if (ann_tols_config(t, write_file, f) != ANN_OK) {
		report(t, path);
		goto drop;
	}
	if (fchmod(fileno(f), 0644) != 0 || ferror(f) || fclose(f) != 0) {
		f = NULL;
		goto fail;
	}
	f = NULL;
	if (rename(tmp, path) != 0)
		goto fail;
	free(tmp);
	return 0;
fail:
	fprintf(stderr, "%s: --config-out %s: %s\n", prog, path, strerror(errno));
drop:
	if (f != NULL)
		fclose(f);
	if (fd >= 0)
		close(fd);
	if (tmp != NULL)
		unlink(tmp);
	free(tmp);
	return -1;
}

/*
 * --from labelbox: the rows through the shared record loop into the Label
 * Studio sink, then the config that fits what was written.
 */
/* The converter's own calls, as cli_read_categories takes them. */
static ann_status
add_category(void *conv, const char *name)
{
	return ann_lssink_category(conv, name);
}

static const char *
conv_errmsg(const void *conv)
{
	return ann_lssink_errmsg(conv);
}

static int
run_labelbox(ann_loop *L, const ann_lssink_opts *o, char **argv, int argc,
    const char *rejects, const char *config_out, const char *categories, int quiet)
{
	cli_run run = { .quiet = quiet };
	ann_lssink *s = NULL;
	ann_out *out = ann_out_fd(STDOUT_FILENO, "<stdout>", 0), *cfg = NULL;
	ann_status st = ANN_FATAL;
	char summary[1024];
	ann_error err;

	if (out == NULL || (run.view = ann_view_new()) == NULL ||
	    (s = ann_lssink_new(o, out, &err)) == NULL) {
		ann_loop_error(L, NULL, "out of memory");
		goto done;
	}
	ann_lssink_sink(s, &run.sink);
	if (categories != NULL)
		cli_read_categories(prog, usage, categories, s, add_category, conv_errmsg);
	if (cli_open_rejects(L, rejects) != 0)
		goto done;
	cli_clean_up_on_signals();
	ann_loop_reader_opts(L)->index = 1;
	ann_loop_reader_opts(L)->readahead = 1;
	st = ann_loop_run(L, argv, argc, cli_run_record, &run);
	if (st == ANN_OK && (st = ann_sink_finish(&run.sink)) != ANN_OK)
		ann_loop_error(L, NULL, "%s", ann_sink_errmsg(&run.sink));
	if (st != ANN_OK)
		ann_out_abort(out);
	else if (cli_close_output(L, out, "<stdout>") != ANN_OK)
		st = ANN_FATAL;
	out = NULL;
	/* The config only after a run without errors, whole or not at all. */
	if (st == ANN_OK && !ann_loop_failed(L) && config_out != NULL) {
		if ((cfg = ann_out_create(config_out, 0, &err)) == NULL) {
			ann_loop_error(L, config_out, "%s", err.msg);
			st = ANN_FATAL;
		} else if (ann_lssink_config(s, cfg) != ANN_OK) {
			ann_loop_error(L, config_out, "%s", ann_lssink_errmsg(s));
			ann_out_abort(cfg);
			st = ANN_FATAL;
		} else if (cli_close_output(L, cfg, config_out) != ANN_OK)
			st = ANN_FATAL;
	}
	if (cli_close_rejects(L, rejects) != ANN_OK)
		st = ANN_FATAL;
	ann_lssink_summary(s, summary, sizeof summary);
	cli_run_summary(prog, &run, summary, sizeof summary, ann_lssink_categories(s));
done:
	ann_out_abort(out);
	ann_lssink_free(s);
	ann_view_free(run.view);
	if (ann_loop_failed(L))
		st = ANN_FATAL;
	ann_loop_free(L);
	return st != ANN_OK ? ANN_EXIT_ERROR : ANN_EXIT_OK;
}

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
	ann_skips skips;
	ann_tols *t = NULL;
	ann_error err;
	ann_status st = ANN_OK;
	int ch, quiet = 0, yolo = 0;
	unsigned long named = 0;
	char summary[1024];

	memset(&skips, 0, sizeof skips);
	if ((L = ann_loop_new(prog)) == NULL) {
		ann_diag(stderr, prog, NULL, 0, 0, "out of memory");
		return ANN_EXIT_ERROR;
	}
	signal(SIGPIPE, SIG_DFL);
	while ((ch = getopt_long(argc, argv, "c:C:hqV" CLI_INPUT_SHORTOPTS, longopts,
	    NULL)) != -1) {
		if (cli_input_option(L, ch, optarg, &rejects, usage)) {
			input_option = argv[optind - 1];
			continue;
		}
		switch (ch) {
		case 'c': config = optarg; break;
		case 'C': categories = label_option = optarg; break;
		case 'h': usage(stdout, ANN_EXIT_OK); break;
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
		case OPT_MAX_PIXELS: o.max_pixels = cli_max_pixels(prog, usage, optarg); break;
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
			usage(stderr, ANN_EXIT_ERROR);
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
		int rc;
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
		rc = run_labelbox(L, &lo, argv, argc, rejects, config_out, categories, quiet);
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
	if (!quiet) {
		o.note_skip = name_skip;
		o.note_ctx = &named;
	}
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
		return run_tables(&co, argc, argv, quiet);
	}
	if (co.delim != 0 || co.json_columns != NULL)
		die_usage("--delimiter and --json-columns: for --from csv or tsv");
	if ((t = ann_tols_new(&o, &err)) == NULL) {
		fprintf(stderr, "%s: %s\n", prog, err.msg);
		ann_labelconfig_free(cfg);
		return ANN_EXIT_ERROR;
	}
	/* The dataset's images (and categories) first, its annotations left out. */
	if (yolo) {
		/* Its tasks are written as it is read; ann_tols_write has none left. */
		if ((st = ann_tols_read_yolo(t, argv[0], write_file, stdout, &skips)) != ANN_OK)
			report(t, NULL);
		argc = 0;
	} else if (images != NULL)
		st = read_input(t, images, 0);
	for (int i = 0; st == ANN_OK && i < argc; i++)
		st = read_input(t, argv[i], 1);
	if (st == ANN_OK && (st = ann_tols_write(t, write_file, stdout, &skips)) != ANN_OK)
		report(t, NULL);
	if (st == ANN_OK && config_out != NULL && write_config(t, config_out) != 0)
		st = ANN_FATAL;
	if (st == ANN_OK && !quiet) {
		size_t n;
		ann_tols_summary(t, summary, sizeof summary);
		n = strlen(summary);
		ann_skips_format(&skips, summary, sizeof summary, &n);
		fprintf(stderr, "%s: %s\n", prog, summary);
	}
	ann_tols_free(t);
	ann_labelconfig_free(cfg);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "%s: standard output: %s\n", prog, strerror(errno));
		st = ANN_FATAL;
	}
	return st != ANN_OK ? ANN_EXIT_ERROR : ANN_EXIT_OK;
}
