/*
 * ann-rle: Label Studio brush masks in and out: decode them to PNG or .npy
 * files, encode PNG masks as pre-annotated tasks, rewrite them as COCO RLE
 * and back, or measure them.
 *
 * This file is the command line and the record loop; the commands' work is
 * in rle_decode.c (decode, stats, --merge), rle_rewrite.c (to-coco,
 * from-coco) and rle_encode.c (encode), sharing rle_cli.h.
 */
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ann.h"
#include "ann_rle.h"
#include "cli.h"
#include "rle_cli.h"

static const char *prog = "ann-rle";

static const char *const commands[] = {
	"decode", "encode", "to-coco", "from-coco", "stats"
};

/* What value.rle holds, after to-coco and before. */

static void usage(FILE *to, int status) CLI_NORETURN;

static void
usage(FILE *to, int status)
{
	fprintf(to,
"usage: %s decode [-k] [-f png|npy] -o DIR [--merge] [--image-root DIR | --size WxH]\n"
"              [-r FILE] [-u KEY] [FILE|DIR|-]...\n"
"       %s stats [-k] [--image-root DIR | --size WxH] [-r FILE] [-u KEY] [FILE|DIR|-]...\n"
"       %s to-coco|from-coco [-k] [--image-root DIR | --size WxH] [-r FILE] [-u KEY]\n"
"              [FILE|DIR|-]...\n"
"       %s encode --from-name NAME --to-name NAME -l LABEL [--threshold N]\n"
"              [--model-version VERSION] [--score SCORE] [--data-key KEY]\n"
"              [--data-value URL] MASK.png...\n",
	    prog, prog, prog, prog);
	if (to == stderr)
		exit(status);
	fputs(
"Label Studio brush masks (value.rle) in and out.\n"
"\n"
"Commands:\n"
"  decode     write each brush region's mask to DIR, a line of JSON for each\n"
"  stats      a line of JSON for each mask: size, area, bbox; no files\n"
"  to-coco    rewrite each brush value.rle as COCO RLE {\"size\",\"counts\"}\n"
"  from-coco  rewrite COCO RLE back into Label Studio's byte list\n"
"  encode     make a task with a brush prediction from each PNG mask\n"
"\n"
"decode:\n"
"  -f, --format=FMT       png (8-bit greyscale, the default) or npy (uint8),\n"
"                         the mask's values as decoded\n"
"  -o, --output=DIR       where the masks go (created if missing)\n"
"      --merge            one mask per task and label: the union of its regions\n"
"\n"
"encode:\n"
"      --from-name=F      the BrushLabels tag's name\n"
"      --to-name=T        the Image tag's name\n"
"  -l, --label=LABEL      the brush label\n"
"      --model-version=V  the prediction's model_version\n"
"      --score=S          the prediction's score\n"
"      --data-key=KEY     the data member of the image (default image)\n"
"      --data-value=URL   its value (default: the PNG's file name; one MASK)\n"
"      --threshold=N      pixels of N or more become 255, the rest 0\n"
"                         (default: the values are kept, as mask2rle does)\n"
"\n"
"The size of masks without original_width and original_height (decode,\n"
"stats, to-coco):\n"
"      --image-root=DIR   read it from the image, DIR/BASENAME\n"
"      --size=WxH         give it\n"
"\n"
"Every command:\n"
CLI_MAX_PIXELS_HELP
"\n"
"Which masks (decode, stats; to-coco and from-coco rewrite all by default):\n"
"      --annotations      masks of annotations (default for decode and stats)\n"
"      --predictions      masks of predictions instead\n"
"      --both             masks of both\n"
"\n"
"Input:\n"
CLI_INPUT_HELP
"  -h, --help             show this help\n"
"  -V, --version          show the version\n"
"\n"
"Exit status: 0 when done, 1 when decode or stats found no mask, 2 on error.\n",
	    to);
	exit(status);
}

#define die_usage(...) cli_usage_error(prog, usage, __VA_ARGS__)

/* --- Reading a region's mask --------------------------------------------- */

/*
 * Where a brush region keeps its mask (ann_region_rle).  A region whose
 * mask the export does not hold (a Labelbox URL, a bitmask data URL) has
 * nothing to read: not an error here.
 */
static ann_status
find_rle(struct rle *s, const ann_region *r, ann_json_val *rle,
    ann_rle_form *form)
{
	ann_error err;

	switch (ann_region_rle(r, ann_view_task(s->view)->shape, rle, form,
	    &err)) {
	case ANN_OK:
	case ANN_WARN:	/* no mask in the export: nothing to do, not an error */
		return ANN_OK;
	default:
		return rle_region_fail(s, r, "%s", err.msg);
	}
}

/* --- The record loop ----------------------------------------------------- */

/*
 * ann-rle as a sink (ann_sink.h): every brush region of the sets read goes
 * through the command's own step.  Masks are named after the set's and the
 * region's places in the task, so those are counted as they come.
 */
static ann_status
sink_task(void *self, const ann_sink_ctx *c)
{
	struct rle *s = self;
	size_t n;

	(void)c;
	s->task_sized = 0;	/* the image's size is looked for when needed */
	return ann_view_annotations(s->view, &s->first_set, &n) == ANN_OK ?
	    ANN_OK : rle_oom(s);
}

static ann_status
sink_set(void *self, const ann_sink_ctx *c, const ann_annotation *a)
{
	struct rle *s = self;

	(void)c;
	(void)a;
	s->region_index = 0;
	return ANN_OK;
}

static ann_status
sink_region(void *self, const ann_sink_ctx *c, const ann_annotation *a,
    const ann_region *r, const ann_geom *g)
{
	struct rle *s = self;
	size_t k = s->region_index++;
	ann_json_val rle;
	ann_rle_form form;
	ann_status st;

	(void)g;	/* a mask carries its own size */
	if ((st = find_rle(s, r, &rle, &form)) != ANN_OK || form == ANN_RLE_NONE)
		return st;
	if ((s->cmd == CMD_TO_COCO || s->cmd == CMD_FROM_COCO) &&
	    c->task->shape == ANN_SHAPE_LS_2019)
		return rle_region_fail(s, r, "a 2019 task keeps its "
		    "result as a string: it cannot be rewritten in place");
	switch (s->cmd) {
	case CMD_DECODE:
		st = s->merge ? rle_merge_region(s, r) : rle_decode_region(s,
		    s->loop, a, (size_t)(a - s->first_set), r, k);
		break;
	case CMD_STATS:
		st = rle_stats_region(s, a, r);
		break;
	case CMD_TO_COCO:
		if (form == ANN_RLE_LS)
			st = rle_to_coco(s, c->record, r, rle);
		break;
	case CMD_FROM_COCO:
		if (form == ANN_RLE_COCO)
			st = rle_from_coco(s, c->record, r, rle);
		break;
	case CMD_ENCODE:
		break;
	}
	if (st == ANN_OK && (s->cmd == CMD_DECODE || s->cmd == CMD_STATS))
		s->masks += s->merge ? 0 : 1;
	return st;
}

static const char *
sink_errmsg(const void *self)
{
	return ((const struct rle *)self)->err;
}

static const ann_sink_ops rle_sink = {
	sink_task, sink_set, sink_region, NULL, NULL, NULL, sink_errmsg
};

static ann_status
on_record(void *ctx, ann_loop *L, const ann_record *rec)
{
	struct rle *s = ctx;
	ann_status st;

	s->seq++;
	s->err[0] = '\0';
	s->lines.len = 0;
	s->text.len = 0;
	s->nedits = 0;
	s->loop = L;
	st = ann_sink_record(&s->sink, s->view, &s->skips, rec);
	if (s->sink.err != NULL)	/* the view refused the record, or memory ran out */
		snprintf(s->err, sizeof s->err, "%s", s->sink.err);
	if (st == ANN_OK && s->merge) {
		st = rle_write_layers(s, L);
		s->masks += st == ANN_OK ? s->nlayers : 0;
	}
	rle_drop_layers(s);
	if (st != ANN_OK) {
		rle_take_back_files(s);
		if (st == ANN_FAILED)
			return ann_loop_reject(L, rec, "%s", s->err);
		if (s->err[0] != '\0')	/* not reported where it happened */
			ann_loop_error(L, NULL, "%s", s->err);
		return ANN_FATAL;
	}
	rle_keep_files(s);
	if (s->cmd == CMD_TO_COCO || s->cmd == CMD_FROM_COCO)
		return rle_write_spliced(s, L, rec);
	if (s->lines.len > 0 &&
	    ann_out_write(s->out, s->lines.p, s->lines.len) != ANN_OK) {
		ann_loop_error(L, ann_out_name(s->out), "%s", ann_out_errmsg(s->out));
		return ANN_FATAL;
	}
	return ANN_OK;
}

/* --- main ---------------------------------------------------------------- */

enum {
	OPT_MERGE = 256, OPT_FROM_NAME, OPT_TO_NAME, OPT_MODEL, OPT_SCORE,
	OPT_DATA_KEY, OPT_DATA_VALUE,
	OPT_MAX_PIXELS, OPT_IMAGE_ROOT, OPT_SIZE, OPT_THRESHOLD
};

static enum command
parse_command(const char *word)
{
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (strcmp(word, commands[i]) == 0)
			return (enum command)i;
	die_usage("%s: not a command (decode, stats, to-coco, from-coco, encode)",
	    word);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "data-key",      required_argument, NULL, OPT_DATA_KEY },
		{ "data-value",    required_argument, NULL, OPT_DATA_VALUE },
		{ "format",        required_argument, NULL, 'f' },
		{ "from-name",     required_argument, NULL, OPT_FROM_NAME },
		{ "help",          no_argument,       NULL, 'h' },
		{ "image-root",    required_argument, NULL, OPT_IMAGE_ROOT },
		{ "label",         required_argument, NULL, 'l' },
		{ "max-pixels",    required_argument, NULL, OPT_MAX_PIXELS },
		{ "merge",         no_argument,       NULL, OPT_MERGE },
		{ "model-version", required_argument, NULL, OPT_MODEL },
		{ "output",        required_argument, NULL, 'o' },
		{ "score",         required_argument, NULL, OPT_SCORE },
		{ "size",          required_argument, NULL, OPT_SIZE },
		{ "threshold",     required_argument, NULL, OPT_THRESHOLD },
		{ "to-name",       required_argument, NULL, OPT_TO_NAME },
		{ "version",       no_argument,       NULL, 'V' },
		CLI_INPUT_LONGOPTS,
		CLI_SETS_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct rle s = { .max_pixels = ANN_MASK_MAX_PIXELS };
	struct encode e = { .data_key = "image" };
	/*
	 * Static: usage() and cli_usage_error() exit from inside option
	 * parsing, and the loop must still be reachable then (leak checkers).
	 */
	static ann_loop *L;
	const char *rejects = NULL, *format = NULL;
	int ch;
	ann_status st = ANN_OK;

	if ((L = ann_loop_new(prog)) == NULL) {
		ann_diag(stderr, prog, NULL, 0, 0, "out of memory");
		return ANN_EXIT_ERROR;
	}
	ann_loop_reader_opts(L)->index = 1;
	ann_loop_reader_opts(L)->readahead = 1;
	signal(SIGPIPE, SIG_DFL);	/* "| head" ends us quietly */
	cli_clean_up_on_signals();	/* no half-written mask survives ^C */
	while ((ch = getopt_long(argc, argv, "f:hl:o:V" CLI_INPUT_SHORTOPTS, longopts,
	    NULL)) != -1) {
		if (cli_input_option(L, ch, optarg, &rejects, usage) ||
		    cli_sets_option(ch, &s.sets.from))
			continue;
		switch (ch) {
		case 'f': format = optarg; break;
		case 'h': usage(stdout, ANN_EXIT_OK); break;
		case 'l': e.label = optarg; break;
		case 'o': s.dir = optarg; break;
		case 'V': ann_loop_free(L); return cli_version(prog);
		case OPT_MAX_PIXELS: s.max_pixels = cli_max_pixels(prog, usage, optarg); break;
		case OPT_MERGE: s.merge = 1; break;
		case OPT_IMAGE_ROOT: s.image_root = optarg; break;
		case OPT_SIZE:
			if (ann_mask_size_parse(optarg, &s.size_w, &s.size_h) != 0)
				die_usage("--size %s: not WIDTHxHEIGHT in pixels", optarg);
			break;
		case OPT_THRESHOLD: {
			uint64_t v;
			if (ann_parse_u64(optarg, 1, 255, &v) != 0)
				die_usage("--threshold %s: not a value from 1 to 255", optarg);
			e.threshold = (unsigned)v;
			break;
		}
		case OPT_FROM_NAME: e.from_name = optarg; break;
		case OPT_TO_NAME: e.to_name = optarg; break;
		case OPT_MODEL: e.model_version = optarg; break;
		case OPT_SCORE: {
			char *end;
			double d = strtod(optarg, &end);
			/* Written as given, so it must already be JSON's kind of number. */
			ann_json_val v;
			if (end == optarg || *end != '\0' || !isfinite(d) ||
			    ann_json_parse(optarg, strlen(optarg), &v, NULL, NULL) != 0)
				die_usage("--score %s: not a number", optarg);
			e.score = optarg;
			break;
		}
		case OPT_DATA_KEY: e.data_key = optarg; break;
		case OPT_DATA_VALUE: e.data_value = optarg; break;
		default: usage(stderr, ANN_EXIT_ERROR);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		die_usage("no command (decode, stats, to-coco, from-coco, encode)");
	s.cmd = parse_command(argv[0]);
	argc--;
	argv++;

	/* Each option belongs to some commands; elsewhere it is a mistake. */
	if (s.cmd != CMD_DECODE && (format || s.dir || s.merge))
		die_usage("-f, -o and --merge are for decode");
	if (s.cmd != CMD_ENCODE && (e.from_name || e.to_name || e.label ||
	    e.model_version || e.score || e.data_value || e.threshold ||
	    strcmp(e.data_key, "image")))
		die_usage("--from-name, --to-name, --label, --model-version, "
		    "--score, --data-key, --data-value and --threshold are for encode");
	if (s.cmd == CMD_ENCODE && (s.image_root || s.size_w))
		die_usage("--image-root and --size are for the commands that read "
		    "records: encode takes the PNG's size");
	/* Each says where a size comes from: one source, no silent second. */
	if (s.image_root != NULL && s.size_w > 0)
		die_usage("--image-root and --size do not go together");
	if (s.cmd == CMD_ENCODE && (rejects || ann_loop_reader_opts(L)->unwrap || s.sets.from))
		die_usage("encode reads PNG files: -r, -u and the set options "
		    "are for the commands that read records");
	if (format != NULL && strcmp(format, "png") != 0 &&
	    !(s.npy = strcmp(format, "npy") == 0))
		die_usage("--format %s: png or npy", format);
	if (s.cmd == CMD_DECODE && s.dir == NULL)
		die_usage("decode needs -o DIR");
	if (s.cmd == CMD_ENCODE) {
		if (!e.from_name || !e.to_name || !e.label)
			die_usage("encode needs --from-name, --to-name and --label");
		if (argc == 0)
			die_usage("encode needs MASK.png files");
		if (e.data_value && argc > 1)
			die_usage("--data-value names one image: give one MASK.png");
	}
	if (s.sets.from == 0)	/* a rewrite leaves no mask of the record behind */
		s.sets.from = s.cmd == CMD_TO_COCO || s.cmd == CMD_FROM_COCO ?
		    ANN_SETS_BOTH : ANN_SETS_ANNOTATIONS;

	e.max_pixels = s.max_pixels;
	s.out = ann_out_fd(STDOUT_FILENO, "<stdout>", 0);
	if (s.out == NULL) {
		ann_loop_free(L);
		return ANN_EXIT_ERROR;
	}
	if (s.cmd == CMD_ENCODE) {
		ann_buf line = { 0 };
		for (int i = 0; i < argc && st == ANN_OK; i++) {
			ann_status fst = rle_encode_file(&e, L, s.out, &line, argv[i], i);
			if (fst == ANN_FATAL || (fst != ANN_OK && !ann_loop_keep_going(L)))
				st = ANN_FATAL;
		}
		ann_buf_free(&line);
	} else {
		if ((s.dir != NULL && rle_make_dir(L, s.dir) != 0) ||
		    cli_open_rejects(L, rejects) != 0) {
			ann_loop_free(L);
			return ANN_EXIT_ERROR;
		}
		s.sink = (ann_sink){ &rle_sink, &s, s.sets, NULL };
		if ((s.view = ann_view_new()) == NULL) {
			ann_loop_error(L, NULL, "out of memory");
			ann_loop_free(L);
			return ANN_EXIT_ERROR;
		}
		ann_view_want_kinds(s.view, 1u << ANN_KIND_MASK);
		st = ann_loop_run(L, argv, argc, on_record, &s);
	}

	if (cli_close_output(L, s.out, "<stdout>") != ANN_OK)
		st = ANN_FATAL;
	if (cli_close_rejects(L, rejects) != ANN_OK)
		st = ANN_FATAL;
	ann_view_free(s.view);
	free(s.paths);
	free(s.layers);
	free(s.edits);
	ann_buf_free(&s.lines);
	ann_buf_free(&s.text);
	ann_buf_free(&s.spliced);
	ann_buf_free(&s.minified);
	ann_buf_free(&s.bytes);
	ann_buf_free(&s.name);
	ann_buf_free(&s.scratch);
	if (ann_loop_failed(L))
		st = ANN_FATAL;
	ann_loop_free(L);
	if (st != ANN_OK)
		return ANN_EXIT_ERROR;
	cli_hint_predictions(prog, &s.skips);
	if ((s.cmd == CMD_DECODE || s.cmd == CMD_STATS) && s.masks == 0)
		return ANN_EXIT_NOMATCH;
	return ANN_EXIT_OK;
}
