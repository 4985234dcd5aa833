/*
 * ann-toconll: CoNLL-2003 / IOB2 token tags (or spaCy JSONL) from the text
 * spans of Label Studio tasks or Labelbox rows, written as they stream past.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ann.h"
#include "ann_conll.h"
#include "cli.h"

static const char *prog = "ann-toconll";

/* Skipped tasks and bad spans are named one by one up to this many. */

struct toconll {
	ann_conll *conv;
	cli_run run;		/* the sink, its view and counts, -q */
};

static void usage(FILE *to, int status) CLI_NORETURN;

static void
usage(FILE *to, int status)
{
	fprintf(to,
"usage: %s [-kpq] [-f conll|iob2|spacy-jsonl] [-o FILE]\n"
"       [-c CONFIG.xml | -C FILE | --text-key KEY] [--from-name NAME]\n"
"       [--strict-labels] [--sentences] [--keep-unlabeled]\n"
"       [--annotations | --predictions | --both] [OPTION]... [FILE|DIR|-]...\n",
	    prog);
	if (to == stderr)
		exit(status);
	fputs(
"Write the tokens of each task's text with IOB2 tags from its spans.\n"
"\n"
"  -f, --format=FORMAT    conll (default), iob2 or spacy-jsonl\n"
"  -o, --output=FILE      write FILE, in place only when complete (default stdout)\n"
"  -c, --config=FILE      the labeling config: the text's data key, the labels,\n"
"                         the Labels control whose spans are read\n"
"  -C, --categories=FILE  the labels, one name per line\n"
"      --from-name=NAME   only the spans of this Labels control (with -c: the\n"
"                         one on a Text tag, when there are several)\n"
"      --strict-labels    a label outside the given ones is an error\n"
"      --add-unknown      add such labels after them (the default)\n"
"      --sentences        a sentence ends after . ! ? (default: one per task)\n"
"      --keep-unlabeled   write tasks without an annotation, every token O\n"
"      --text-key=KEY     the text is data.KEY (default: data's first string)\n"
"      --annotations      convert annotations (the default)\n"
"      --predictions      convert predictions instead of annotations\n"
"      --both             take the newest of annotations and predictions\n"
"      --annotator=WHO    only annotations by this user id or email\n"
"      --ground-truth-only  only ground-truth annotations\n"
"  -q, --quiet            no warnings or summary on standard error\n"
CLI_INPUT_HELP
"  -h, --help             show this help\n"
"  -V, --version          show the version\n", to);
	exit(status);
}

#define die_usage(...) cli_usage_error(prog, usage, __VA_ARGS__)

/*
 * A record through the sink; spans left out because their text is not
 * the task's are named with their task, as skipped tasks are.
 */
static ann_status
on_record(void *ctx, ann_loop *L, const ann_record *rec)
{
	struct toconll *c = ctx;
	ann_status st = ann_sink_record(&c->run.sink, c->run.view, &c->run.skips, rec);
	const char *msg;

	if (st != ANN_FAILED && st != ANN_FATAL &&
	    ann_conll_mismatches(c->conv, &msg) > 0)
		cli_run_warn(&c->run, L, rec, msg);
	return cli_run_report(&c->run, L, rec, st);
}

/* The converter's own calls, as cli_read_categories takes them. */
static ann_status
add_category(void *conv, const char *name)
{
	return ann_conll_category(conv, name);
}

static const char *
conv_errmsg(const void *conv)
{
	return ann_conll_errmsg(conv);
}

enum {
	OPT_UNKNOWN = 256, OPT_STRICT, OPT_SENTENCES, OPT_KEEP, OPT_TEXT_KEY,
	OPT_ANNOTATOR, OPT_GT, OPT_FROM
};

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "add-unknown",       no_argument,       NULL, OPT_UNKNOWN },
		{ "annotator",         required_argument, NULL, OPT_ANNOTATOR },
		{ "categories",        required_argument, NULL, 'C' },
		{ "config",            required_argument, NULL, 'c' },
		{ "format",            required_argument, NULL, 'f' },
		{ "from-name",         required_argument, NULL, OPT_FROM },
		{ "ground-truth-only", no_argument,       NULL, OPT_GT },
		{ "help",              no_argument,       NULL, 'h' },
		{ "keep-unlabeled",    no_argument,       NULL, OPT_KEEP },
		{ "output",            required_argument, NULL, 'o' },
		{ "quiet",             no_argument,       NULL, 'q' },
		{ "sentences",         no_argument,       NULL, OPT_SENTENCES },
		{ "strict-labels",     no_argument,       NULL, OPT_STRICT },
		{ "text-key",          required_argument, NULL, OPT_TEXT_KEY },
		{ "version",           no_argument,       NULL, 'V' },
		CLI_INPUT_LONGOPTS,
		CLI_SETS_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	ann_conll_opts o = {
	    .sets = { .from = ANN_SETS_ANNOTATIONS, .newest = 1, .skip_cancelled = 1 } };
	struct toconll c = { 0 };
	/*
	 * Static: usage() and cli_usage_error() exit from inside option
	 * parsing, and the loop must still be reachable then (leak checkers).
	 */
	static ann_loop *L;
	const char *categories = NULL, *rejects = NULL, *output = NULL, *config = NULL;
	ann_labelconfig *cfg = NULL;
	const ann_cfg_control *control = NULL;
	ann_out *out = NULL;
	int ch;
	char summary[1024];
	ann_error err;

	if ((L = ann_loop_new(prog)) == NULL) {
		ann_diag(stderr, prog, NULL, 0, 0, "out of memory");
		return ANN_EXIT_ERROR;
	}
	signal(SIGPIPE, SIG_DFL);
	while ((ch = getopt_long(argc, argv, "C:c:f:ho:qV" CLI_INPUT_SHORTOPTS, longopts,
	    NULL)) != -1) {
		if (cli_input_option(L, ch, optarg, &rejects, usage) ||
		    cli_sets_option(ch, &o.sets.from))
			continue;
		switch (ch) {
		case 'C': categories = optarg; break;
		case 'c': config = optarg; break;
		case 'f':
			if (strcmp(optarg, "conll") == 0)
				o.format = ANN_CONLL_CONLL;
			else if (strcmp(optarg, "iob2") == 0)
				o.format = ANN_CONLL_IOB2;
			else if (strcmp(optarg, "spacy-jsonl") == 0)
				o.format = ANN_CONLL_SPACY;
			else
				die_usage("--format %s: conll, iob2 or spacy-jsonl", optarg);
			break;
		case 'h': usage(stdout, ANN_EXIT_OK); break;
		case 'o': output = optarg; break;
		case 'q': c.run.quiet = 1; break;
		case 'V': ann_loop_free(L); return cli_version(prog);
		case OPT_UNKNOWN: o.strict_labels = 0; break;	/* the default */
		case OPT_STRICT: o.strict_labels = 1; break;
		case OPT_SENTENCES: o.sentences = 1; break;
		case OPT_KEEP: o.keep_unlabeled = 1; break;
		case OPT_TEXT_KEY: o.text_key = optarg; break;
		case OPT_FROM: o.from_name = optarg; break;
		case OPT_ANNOTATOR: o.sets.annotator = optarg; break;
		case OPT_GT: o.sets.ground_truth_only = 1; break;
		default:
			usage(stderr, ANN_EXIT_ERROR);
		}
	}
	argc -= optind;
	argv += optind;
	if (o.sentences && o.format == ANN_CONLL_SPACY)
		die_usage("--sentences does not go with -f spacy-jsonl: a line holds "
		    "a task's whole text");
	if (config != NULL && categories != NULL)
		die_usage("--config and --categories do not go together");
	/* The config names the text; a second name for it could only disagree. */
	if (config != NULL && o.text_key != NULL)
		die_usage("--config and --text-key do not go together: the config's "
		    "Text tag names the text's key");
	if (config != NULL) {
		if ((cfg = ann_labelconfig_read_all(config, &err)) == NULL)
			die_usage("--config %s: %s", config, err.msg);
		if (ann_conll_from_config(cfg, o.from_name, &o, &control, &err) != ANN_OK) {
			ann_labelconfig_free(cfg);
			die_usage("--config %s: %s", config, err.msg);
		}
	}

	if (output != NULL) {
		cli_clean_up_on_signals();	/* no half-written file survives ^C */
		out = ann_out_create(output, 0, &err);
	} else
		out = ann_out_fd(STDOUT_FILENO, "<stdout>", 0);
	if (out == NULL) {
		ann_loop_error(L, output, "%s", output != NULL ? err.msg : "out of memory");
		ann_loop_free(L);
		return ANN_EXIT_ERROR;
	}
	if ((c.run.view = ann_view_new()) == NULL ||
	    (c.conv = ann_conll_new(&o, out)) == NULL) {
		ann_loop_error(L, NULL, "out of memory");
		goto fail;
	}
	ann_conll_sink(c.conv, &c.run.sink);
	/* The control's labels are the labels given, in config order. */
	for (size_t i = 0; control != NULL && i < control->noptions; i++)
		if (control->options[i].value != NULL &&
		    ann_conll_category(c.conv, control->options[i].value) != ANN_OK) {
			ann_loop_error(L, NULL, "out of memory");
			goto fail;
		}
	if (categories != NULL)
		cli_read_categories(prog, usage, categories, c.conv, add_category,
		    conv_errmsg);
	if (cli_open_rejects(L, rejects) != 0)
		goto fail;

	ann_loop_reader_opts(L)->index = 1;
	ann_loop_reader_opts(L)->readahead = 1;
	ann_status st = ann_loop_run(L, argv, argc, on_record, &c);
	if (st == ANN_OK && !ann_loop_failed(L) &&
	    (st = ann_sink_finish(&c.run.sink)) != ANN_OK)
		ann_loop_error(L, output, "%s", ann_sink_errmsg(&c.run.sink));
	/* A file named by -o appears only after a run without errors. */
	if (output != NULL && (st != ANN_OK || ann_loop_failed(L)))
		ann_out_abort(out);
	else if (cli_close_output(L, out, output != NULL ? output : "<stdout>") != ANN_OK)
		st = ANN_FATAL;
	if (cli_close_rejects(L, rejects) != ANN_OK)
		st = ANN_FATAL;
	ann_conll_summary(c.conv, summary, sizeof summary);
	cli_run_summary(prog, &c.run, summary, sizeof summary,
	    ann_conll_categories(c.conv));
	ann_conll_free(c.conv);
	ann_view_free(c.run.view);
	ann_labelconfig_free(cfg);
	if (ann_loop_failed(L))
		st = ANN_FATAL;
	ann_loop_free(L);
	return st != ANN_OK ? ANN_EXIT_ERROR : ANN_EXIT_OK;
fail:
	ann_out_abort(out);
	ann_conll_free(c.conv);
	ann_view_free(c.run.view);
	ann_labelconfig_free(cfg);
	ann_loop_free(L);
	return ANN_EXIT_ERROR;
}
