/*
 * ann-select: keep the task records that match, byte for byte.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ann.h"
#include "cli.h"

static const char *prog = "ann-select";

struct select {
	ann_filter *filter;
	int invert;		/* -v */
	int count_only;		/* -c */
	int quiet;		/* -q */
	uint64_t head;		/* -n: stop after this many; 0 is no limit */
	uint64_t matched;
	ann_out *out;
};

static void usage(FILE *to, int status) CLI_NORETURN;

static void
usage(FILE *to, int status)
{
	fprintf(to,
"usage: %s [-ckpqv] [-s STATUS] [--since DATE] [--until DATE]\n"
"       [--date-field FIELD] [-l LABEL] [-a WHO] [-w EXPRESSION]\n"
"       [--id ID] [-n COUNT] [-r FILE] [-u KEY] [OPTION]... [FILE|DIR|-]...\n",
	    prog);
	if (to == stderr)
		exit(status);
	fputs(
"Write the task records that match every test given (repeat a test to\n"
"accept any of its values), exactly as they were read.\n"
"\n"
"Tests:\n"
"  -s, --status=S         workflow status: TO_LABEL, IN_REVIEW, IN_REWORK, DONE\n"
"                         (Labelbox), or labeled, unlabeled, skipped, predicted,\n"
"                         reviewed\n"
"      --since=DATE       the date field is DATE or later (ISO 8601, or 7d, 24h ago)\n"
"      --until=DATE       the date field is DATE or earlier (a day: all of it)\n"
"      --date-field=F     activity (default), created, updated, label-created,\n"
"                         label-updated, or a PATH\n"
"      --project=ID|NAME  in this project (scopes the status and label tests)\n"
"      --dataset=ID|NAME  from this Labelbox dataset\n"
"      --batch=ID|NAME    in this Labelbox batch\n"
"  -l, --label=NAME       some region or answer has this label\n"
"  -a, --annotator=WHO    annotated by this user id or email\n"
"      --model-version=V  has a prediction of this model version\n"
"      --min-score=X      has a prediction scored X or more\n"
"      --max-score=X      has a prediction scored X or less\n"
"      --has=WHAT         has annotations, predictions or reviews\n"
"      --empty            has no regions at all\n"
"      --id=ID            this task id or global key\n"
"      --id-file=FILE     one of the ids in FILE, one per line\n"
"  -w, --where=EXPR       PATH OP VALUE, OP one of = != < <= > >= ~ (regex)\n"
"      --sample=P         a stable fraction P (0.1 or 10%) of the tasks\n"
"      --seed=N           which sample (default 0)\n"
"      --shard=I/N        the tasks of shard I of N (as ann-cat --split)\n"
"      --annotations, --predictions, --both\n"
"                         which sets --label looks at (default annotations)\n"
"\n"
"Output:\n"
"  -v, --invert-match     keep the records that do not match\n"
"  -c, --count            print only the number of matching records\n"
"  -q, --quiet            print nothing; the exit status says if any matched\n"
"  -n, --head=N           stop after N matching records\n"
"      --stats            records read and matched, MB and MB/s on stderr\n"
"\n"
"Input:\n"
CLI_INPUT_HELP
"  -h, --help             show this help\n"
"  -V, --version          show the version\n"
"\n"
"Exit status: 0 when a record matched, 1 when none did, 2 on error.\n", to);
	exit(status);
}

#define die_usage(...) cli_usage_error(prog, usage, __VA_ARGS__)

static ann_status
on_record(void *ctx, ann_loop *L, const ann_record *rec)
{
	struct select *s = ctx;
	int m = ann_filter_match(s->filter, rec);

	if (m < 0)
		return ann_loop_reject(L, rec, "%s", ann_filter_errmsg(s->filter));
	if (m == s->invert)
		return ANN_OK;
	s->matched++;
	if (s->quiet)
		return ANN_EOF;
	if (!s->count_only && ann_out_record(s->out, rec) != ANN_OK) {
		ann_loop_error(L, ann_out_name(s->out), "%s", ann_out_errmsg(s->out));
		return ANN_FATAL;
	}
	return s->head > 0 && s->matched == s->head ? ANN_EOF : ANN_OK;
}

/* "--since", or "-s" for an option that has a short form, for messages. */
static const char *
option_name(const struct option *opts, int ch)
{
	static char name[64];

	for (; opts->name != NULL; opts++)
		if (opts->val == ch) {
			snprintf(name, sizeof name, "--%s", opts->name);
			return name;
		}
	snprintf(name, sizeof name, "-%c", ch);
	return name;
}

static int64_t
now_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static double
parse_double(const char *opt, const char *text)
{
	char *end;
	double d = strtod(text, &end);

	if (end == text || *end != '\0')
		die_usage("--%s %s: not a number", opt, text);
	return d;
}

static double
parse_fraction(const char *text)
{
	size_t n = strlen(text);
	char buf[64];

	if (n > 0 && n < sizeof buf && text[n - 1] == '%') {
		memcpy(buf, text, n - 1);
		buf[n - 1] = '\0';
		return parse_double("sample", buf) / 100;
	}
	return parse_double("sample", text);
}

static void
parse_shard(ann_filter *f, const char *text)
{
	char buf[64], *slash;
	uint64_t i, n;

	if (strlen(text) >= sizeof buf || (slash = strchr(strcpy(buf, text), '/')) == NULL)
		die_usage("--shard %s: expected I/N, such as 0/8", text);
	*slash = '\0';
	if (ann_parse_u64(buf, 0, UINT64_MAX, &i) != 0 ||
	    ann_parse_u64(slash + 1, 1, 65536, &n) != 0)
		die_usage("--shard %s: expected I/N with N from 1 to 65536", text);
	if (ann_filter_shard(f, i, n) != ANN_OK)
		die_usage("--shard %s: %s", text, ann_filter_errmsg(f));
}

static void
print_stats(const ann_loop *L, const struct select *s, double secs)
{
	double mb = ann_loop_bytes(L) / 1e6;
	uint64_t read = ann_loop_records(L) + ann_loop_rejected(L);

	fprintf(stderr, "%s: %llu record%s read, %llu matched, %llu rejected, "
	    "%.1f MB in %.2f s, %.1f MB/s\n", prog,
	    (unsigned long long)read, read == 1 ? "" : "s",
	    (unsigned long long)s->matched, (unsigned long long)ann_loop_rejected(L),
	    mb, secs, secs > 0 ? mb / secs : 0.0);
}

/*
 * One line for each test that no record could pass because every record
 * it looked at lacked the field it reads (dates in an export made without
 * them, a Labelbox status exported without project_details): such a filter
 * says so instead of matching nothing in silence.  A field that only some
 * records lack is the data, not a mistake in the options: the test works
 * on the others, and nothing is said.  The option names are the tool's;
 * the library says which field.
 */
static void
print_absent(const ann_filter *f)
{
	static const struct {
		ann_filter_field t;
		const char *opt, *fix;
	} tests[] = {
		{ ANN_FILTER_DATE, "--since/--until", " (--date-field chooses the date)" },
		{ ANN_FILTER_STATUS, "--status",
		    " (Labelbox exports it with project_details)" },
		{ ANN_FILTER_PROJECT, "--project", "" },
		{ ANN_FILTER_DATASET, "--dataset",
		    " (Labelbox exports it with data_row_details)" },
		{ ANN_FILTER_BATCH, "--batch",
		    " (Labelbox exports it with project_details)" },
		{ ANN_FILTER_ANNOTATOR, "--annotator",
		    " (Labelbox exports it with label_details)" },
		{ ANN_FILTER_MODEL, "--model-version", "" },
		{ ANN_FILTER_SCORE, "--min-score/--max-score", "" },
		{ ANN_FILTER_LABEL, "--label", " (add --predictions, or --both)" },
		{ ANN_FILTER_ID, "--id", "" },
		{ ANN_FILTER_WHERE, "--where", "" },
	};
	char field[512];
	uint64_t absent, seen;

	for (size_t i = 0; i < sizeof tests / sizeof *tests; i++) {
		if (!ann_filter_absent(f, tests[i].t, &absent, &seen, field,
		    sizeof field) || absent == 0 || absent < seen)
			continue;
		ann_diag(stderr, prog, NULL, 0, 0, "%s: %llu of %llu record%s ha%s "
		    "no %s; %s no %s%s", tests[i].opt,
		    (unsigned long long)absent, (unsigned long long)seen,
		    seen == 1 ? "" : "s", absent == 1 ? "s" : "ve", field,
		    absent == 1 ? "it matches" : "they match", tests[i].opt, tests[i].fix);
	}
}

enum {
	OPT_SINCE = 256, OPT_UNTIL, OPT_DATE_FIELD, OPT_PROJECT, OPT_DATASET,
	OPT_BATCH, OPT_MODEL, OPT_MIN, OPT_MAX, OPT_HAS, OPT_EMPTY, OPT_ID,
	OPT_ID_FILE, OPT_SAMPLE, OPT_SEED, OPT_SHARD, OPT_STATS
};

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "annotator",     required_argument, NULL, 'a' },
		{ "batch",         required_argument, NULL, OPT_BATCH },
		{ "count",         no_argument,       NULL, 'c' },
		{ "dataset",       required_argument, NULL, OPT_DATASET },
		{ "date-field",    required_argument, NULL, OPT_DATE_FIELD },
		{ "empty",         no_argument,       NULL, OPT_EMPTY },
		{ "has",           required_argument, NULL, OPT_HAS },
		{ "head",          required_argument, NULL, 'n' },
		{ "help",          no_argument,       NULL, 'h' },
		{ "id",            required_argument, NULL, OPT_ID },
		{ "id-file",       required_argument, NULL, OPT_ID_FILE },
		{ "invert-match",  no_argument,       NULL, 'v' },
		{ "label",         required_argument, NULL, 'l' },
		{ "max-score",     required_argument, NULL, OPT_MAX },
		{ "min-score",     required_argument, NULL, OPT_MIN },
		{ "model-version", required_argument, NULL, OPT_MODEL },
		{ "project",       required_argument, NULL, OPT_PROJECT },
		{ "quiet",         no_argument,       NULL, 'q' },
		{ "sample",        required_argument, NULL, OPT_SAMPLE },
		{ "seed",          required_argument, NULL, OPT_SEED },
		{ "shard",         required_argument, NULL, OPT_SHARD },
		{ "since",         required_argument, NULL, OPT_SINCE },
		{ "stats",         no_argument,       NULL, OPT_STATS },
		{ "status",        required_argument, NULL, 's' },
		{ "until",         required_argument, NULL, OPT_UNTIL },
		{ "version",       no_argument,       NULL, 'V' },
		{ "where",         required_argument, NULL, 'w' },
		CLI_INPUT_LONGOPTS,
		CLI_SETS_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct select s = { 0 };
	/*
	 * Static: usage() and cli_usage_error() exit from inside option
	 * parsing, and the loop must still be reachable then (leak checkers).
	 */
	static ann_loop *L;
	const char *rejects = NULL, *opt;
	double sample = 0;
	uint64_t seed = 0;
	int ch, stats = 0, sampled = 0, longindex, ids_from_stdin = 0;
	unsigned from;
	int64_t now = now_usec();
	ann_status st;

	signal(SIGPIPE, SIG_DFL);	/* "| head" ends us quietly */
	if ((L = ann_loop_new(prog)) == NULL ||
	    (s.filter = ann_filter_new()) == NULL) {
		ann_diag(stderr, prog, NULL, 0, 0, "out of memory");
		ann_loop_free(L);
		return ANN_EXIT_ERROR;
	}
	while ((ch = getopt_long(argc, argv, "a:chl:n:qs:vVw:" CLI_INPUT_SHORTOPTS,
	    longopts, &longindex)) != -1) {
		if (cli_input_option(L, ch, optarg, &rejects, usage))
			continue;
		if (cli_sets_option(ch, &from)) {
			ann_filter_sets(s.filter, from);
			continue;
		}
		opt = ch >= 256 ? longopts[longindex].name : NULL;
		st = ANN_OK;
		switch (ch) {
		case 'a': st = ann_filter_annotator(s.filter, optarg); break;
		case 'c': s.count_only = 1; break;
		case 'h': usage(stdout, ANN_EXIT_OK); break;
		case 'l': st = ann_filter_label(s.filter, optarg); break;
		case 'n':
			if (ann_parse_u64(optarg, 1, UINT64_MAX, &s.head) != 0)
				die_usage("--head %s: not a positive number", optarg);
			break;
		case 'q': s.quiet = 1; break;
		case 's': st = ann_filter_status(s.filter, optarg); break;
		case 'v': s.invert = 1; break;
		case 'V': ann_loop_free(L); return cli_version(prog);
		case 'w': st = ann_filter_where(s.filter, optarg); break;
		case OPT_SINCE: st = ann_filter_since(s.filter, optarg, now); break;
		case OPT_UNTIL: st = ann_filter_until(s.filter, optarg, now); break;
		case OPT_DATE_FIELD: st = ann_filter_date_field(s.filter, optarg); break;
		case OPT_PROJECT: st = ann_filter_project(s.filter, optarg); break;
		case OPT_DATASET: st = ann_filter_dataset(s.filter, optarg); break;
		case OPT_BATCH: st = ann_filter_batch(s.filter, optarg); break;
		case OPT_MODEL: st = ann_filter_model_version(s.filter, optarg); break;
		case OPT_MIN:
			st = ann_filter_min_score(s.filter, parse_double(opt, optarg));
			break;
		case OPT_MAX:
			st = ann_filter_max_score(s.filter, parse_double(opt, optarg));
			break;
		case OPT_HAS: st = ann_filter_has(s.filter, optarg); break;
		case OPT_EMPTY: st = ann_filter_empty(s.filter); break;
		case OPT_ID: st = ann_filter_id(s.filter, optarg); break;
		case OPT_ID_FILE:
			/* Read after the operands are known: see below. */
			if (strcmp(optarg, "-") == 0)
				ids_from_stdin = 1;
			else
				st = ann_filter_id_file(s.filter, optarg);
			break;
		case OPT_SAMPLE: sample = parse_fraction(optarg); sampled = 1; break;
		case OPT_SEED:
			if (ann_parse_u64(optarg, 0, UINT64_MAX, &seed) != 0)
				die_usage("--seed %s: not a number", optarg);
			break;
		case OPT_SHARD: parse_shard(s.filter, optarg); break;
		case OPT_STATS: stats = 1; break;
		default:
			usage(stderr, ANN_EXIT_ERROR);
		}
		/* An expression has spaces and quotes of its own: quote it whole. */
		if (st != ANN_OK)
			die_usage("%s %s%s%s: %s", option_name(longopts, ch),
			    ch == 'w' ? "'" : "", optarg != NULL ? optarg : "",
			    ch == 'w' ? "'" : "", ann_filter_errmsg(s.filter));
	}
	argc -= optind;
	argv += optind;
	/*
	 * Standard input cannot hold both the ids and the records: the ids
	 * would take it all, and the records read would be none at all.
	 */
	if (ids_from_stdin) {
		for (int i = 0; i <= argc; i++)
			if (i == argc ? argc == 0 : strcmp(argv[i], "-") == 0)
				die_usage("--id-file -: standard input is also the input; "
				    "name the input files, or put the ids in a file");
		if (ann_filter_id_file(s.filter, "-") != ANN_OK)
			die_usage("--id-file -: %s", ann_filter_errmsg(s.filter));
	}
	if (sampled || seed != 0) {
		if (!sampled)
			die_usage("--seed needs --sample");
		if (ann_filter_sample(s.filter, sample, seed) != ANN_OK)
			die_usage("--sample: %s", ann_filter_errmsg(s.filter));
	}

	/* Looking into records is worth a second thread to read them. */
	ann_loop_reader_opts(L)->index = ann_loop_reader_opts(L)->readahead =
	    ann_filter_uses_view(s.filter);
	s.out = ann_out_fd(STDOUT_FILENO, "<stdout>", 0);
	if (s.out == NULL || cli_open_rejects(L, rejects) != 0) {
		ann_loop_free(L);
		return ANN_EXIT_ERROR;
	}

	double started = (double)now_usec();
	st = ann_loop_run(L, argv, argc, on_record, &s);
	if (s.count_only && !s.quiet) {
		char line[32];
		int n = snprintf(line, sizeof line, "%llu\n", (unsigned long long)s.matched);
		if (ann_out_write(s.out, line, (size_t)n) != ANN_OK) {
			ann_loop_error(L, "<stdout>", "%s", ann_out_errmsg(s.out));
			st = ANN_FATAL;
		}
	}
	if (cli_close_output(L, s.out, "<stdout>") != ANN_OK)
		st = ANN_FATAL;
	if (cli_close_rejects(L, rejects) != ANN_OK)
		st = ANN_FATAL;
	if (stats)
		print_stats(L, &s, ((double)now_usec() - started) / 1e6);
	if (!s.quiet)	/* -q: the exit status alone, as grep -q */
		print_absent(s.filter);
	ann_filter_free(s.filter);
	if (ann_loop_failed(L))
		st = ANN_FATAL;
	ann_loop_free(L);
	if (st != ANN_OK)
		return ANN_EXIT_ERROR;
	return s.matched > 0 ? ANN_EXIT_OK : ANN_EXIT_NOMATCH;
}
