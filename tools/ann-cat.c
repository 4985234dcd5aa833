/*
 * ann-cat: read exports of any shape and write one compact JSON record per
 * line, or a JSON array, or N shards by task id.
 */
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ann.h"
#include "cli.h"

static const char *prog = "ann-cat";

struct cat {
	int array;		/* --array */
	uint64_t written;
	ann_out *out;		/* standard output */
	ann_out_group *group;	/* --split: the shards, put in place together */
	ann_out **shards;	/* its members, by number */
	uint64_t nshards;
	ann_dedupe *dedupe;	/* --dedupe */
	char *scratch;		/* minified record */
	size_t scratch_cap;
};

static void usage(FILE *to, int status) CLI_NORETURN;

static void
usage(FILE *to, int status)
{
	fprintf(to,
"usage: %s [-adkp] [-r FILE] [-u KEY] [-z[LEVEL]] [-s N -o PATTERN]\n"
"       [--buffer-size=SIZE] [--max-record=SIZE] [FILE|DIR|-]...\n",
	    prog);
	if (to == stderr)
		exit(status);
	fputs(
"Write the task records of Label Studio and Labelbox exports as NDJSON.\n"
"Input: NDJSON, JSON arrays, values one after another, plain, gzip or zstd;\n"
"a directory is read as a completions folder.  No FILE, or -, is stdin.\n"
"\n"
"  -a, --array            write one JSON array (for re-import) instead of lines\n"
"  -d, --dedupe           keep the last version of each task id\n"
"  -s, --split=N          write N shards chosen by a hash of the task id\n"
"  -o, --output=PATTERN   shard names, with one %d (e.g. part-%03d.ndjson.zst)\n"
"  -z, --zstd[=LEVEL]     compress standard output with zstd (level 3)\n"
CLI_INPUT_HELP
"  -h, --help             show this help\n"
"  -V, --version          show the version\n", to);
	exit(status);
}

#define die_usage(...) cli_usage_error(prog, usage, __VA_ARGS__)

/*
 * A shard name pattern holds exactly one %d, with an optional 0 flag and
 * width, and %% for a percent sign.  Formatting it here, rather than handing
 * the user's text to printf, keeps a bad pattern from becoming a bad format.
 */
static int
shard_name(const char *pat, unsigned long n, char *out, size_t size)
{
	int conversions = 0;
	size_t o = 0;

	for (const char *p = pat; *p != '\0'; p++) {
		char num[64];
		int len;
		if (*p != '%' || p[1] == '%') {
			p += *p == '%';
			if (o + 1 < size)
				out[o++] = *p;
			continue;
		}
		int zero = p[1] == '0';
		unsigned width = (unsigned)strtoul(p + 1, (char **)&p, 10);
		if (*p != 'd' || width > 32)
			return -1;
		len = snprintf(num, sizeof num, zero ? "%0*lu" : "%*lu",
		    (int)width, n);
		for (int i = 0; i < len && o + 1 < size; i++)
			out[o++] = num[i];
		conversions++;
	}
	out[o] = '\0';
	return conversions == 1 && o + 1 < size ? 0 : -1;
}

static ann_status
put(struct cat *c, ann_loop *L, ann_out *o, const char *data, size_t len)
{
	if (c->array && o == c->out &&
	    ann_out_write(o, c->written ? ",\n" : "[\n", 2) != ANN_OK)
		goto fail;
	if (ann_out_write(o, data, len) != ANN_OK ||
	    (!c->array && ann_out_write(o, "\n", 1) != ANN_OK))
		goto fail;
	c->written++;
	return ANN_OK;
fail:
	ann_loop_error(L, ann_out_name(o), "%s", ann_out_errmsg(o));
	return ANN_FATAL;
}

static ann_status
emit(struct cat *c, ann_loop *L, const char *data, size_t len,
    const char *id, long idlen)
{
	ann_out *o = c->out;

	if (c->shards != NULL)
		o = c->shards[ann_hash(id, (size_t)idlen) % c->nshards];
	return put(c, L, o, data, len);
}

static ann_status
on_record(void *ctx, ann_loop *L, const ann_record *rec)
{
	struct cat *c = ctx;
	const char *data = rec->data;
	size_t len = rec->len;
	char id[1024];
	long idlen = 0;

	/* A record on one line passes as it is; one spread over lines is minified. */
	if (rec->multiline) {
		if (len > c->scratch_cap) {
			char *s = realloc(c->scratch, len);
			if (s == NULL) {
				ann_loop_error(L, NULL, "out of memory");
				return ANN_FATAL;
			}
			c->scratch = s;
			c->scratch_cap = len;
		}
		len = ann_json_minify(data, len, c->scratch);
		data = c->scratch;
	}
	if (c->dedupe != NULL || c->shards != NULL) {
		ann_json_val v = { rec->data, rec->len };
		idlen = ann_task_id(v, id, sizeof id);
		if (idlen < 0)
			return ann_loop_reject(L, rec, "record has no task id "
			    "(id, data_row.id or \"DataRow ID\") to %s by",
			    c->dedupe ? "dedupe" : "shard");
	}
	if (c->dedupe != NULL) {
		if (ann_dedupe_add(c->dedupe, id, (size_t)idlen, data, len) != ANN_OK) {
			ann_loop_error(L, NULL, "%s", ann_dedupe_errmsg(c->dedupe));
			return ANN_FATAL;
		}
		return ANN_OK;
	}
	return emit(c, L, data, len, id, idlen);
}

/* Write the deduped records, in order of first appearance. */
static ann_status
flush_dedupe(struct cat *c, ann_loop *L)
{
	const char *data;
	size_t len;
	int k;

	while ((k = ann_dedupe_next(c->dedupe, &data, &len)) > 0) {
		char id[1024];
		ann_json_val v = { data, len };
		long idlen = ann_task_id(v, id, sizeof id);
		if (emit(c, L, data, len, id, idlen) != ANN_OK)
			return ANN_FATAL;
	}
	if (k < 0) {
		ann_loop_error(L, NULL, "%s", ann_dedupe_errmsg(c->dedupe));
		return ANN_FATAL;
	}
	return ANN_OK;
}

static ann_status
open_shards(struct cat *c, ann_loop *L, const char *pattern)
{
	char name[4096];

	c->shards = calloc(c->nshards, sizeof *c->shards);
	if (c->shards == NULL || (c->group = ann_out_group_new(c->nshards)) == NULL) {
		ann_loop_error(L, NULL, "out of memory");
		return ANN_FATAL;
	}
	for (uint64_t i = 0; i < c->nshards; i++) {
		shard_name(pattern, (unsigned long)i, name, sizeof name);
		c->shards[i] = ann_out_group_add(c->group, name, -1);
		if (c->shards[i] == NULL) {
			ann_loop_error(L, name, "%s", ann_out_group_errmsg(c->group));
			return ANN_FATAL;
		}
	}
	return ANN_OK;
}

/*
 * Commit every output.  The shards go in place all together or not at
 * all: a run that failed anywhere, or a shard that could not be finished,
 * leaves none, since some shards alone would look like the whole output.
 */
static ann_status
finish(struct cat *c, ann_loop *L, ann_status st)
{
	if (st == ANN_OK && c->array &&
	    ann_out_write(c->out, c->written ? "\n]\n" : "[]\n", 3) != ANN_OK) {
		ann_loop_error(L, "<stdout>", "%s", ann_out_errmsg(c->out));
		st = ANN_FATAL;
	}
	if (st == ANN_OK && c->group != NULL &&
	    ann_out_group_commit(c->group) != ANN_OK) {
		ann_loop_error(L, ann_out_group_errname(c->group), "%s",
		    ann_out_group_errmsg(c->group));
		st = ANN_FATAL;
	}
	ann_out_group_free(c->group);	/* removes the shards of a failed run */
	c->group = NULL;
	if (cli_close_output(L, c->out, "<stdout>") != ANN_OK)
		st = ANN_FATAL;
	return st;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "array",       no_argument,       NULL, 'a' },
		{ "dedupe",      no_argument,       NULL, 'd' },
		{ "help",        no_argument,       NULL, 'h' },
		{ "output",      required_argument, NULL, 'o' },
		{ "split",       required_argument, NULL, 's' },
		{ "version",     no_argument,       NULL, 'V' },
		{ "zstd",        optional_argument, NULL, 'z' },
		CLI_INPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct cat c = { 0 };
	/*
	 * Static: usage() and cli_usage_error() exit from inside option
	 * parsing, and the loop must still be reachable then (leak checkers).
	 */
	static ann_loop *L;
	const char *pattern = NULL, *rejects = NULL;
	uint64_t zstd_level = 0;
	int ch, dedupe = 0;
	char name[256];
	ann_error err;

	if ((L = ann_loop_new(prog)) == NULL) {
		ann_diag(stderr, prog, NULL, 0, 0, "out of memory");
		return ANN_EXIT_ERROR;
	}
	signal(SIGPIPE, SIG_DFL);	/* "| head" ends us quietly */
	cli_clean_up_on_signals();	/* no half-written shard survives ^C */
	while ((ch = getopt_long(argc, argv, "adho:s:Vz::" CLI_INPUT_SHORTOPTS,
	    longopts, NULL)) != -1) {
		if (cli_input_option(L, ch, optarg, &rejects, usage))
			continue;
		switch (ch) {
		case 'a':
			c.array = 1;
			break;
		case 'd':
			dedupe = 1;
			break;
		case 'h':
			usage(stdout, ANN_EXIT_OK);
			break;
		case 'o':
			pattern = optarg;
			break;
		case 's':
			if (ann_parse_u64(optarg, 1, 65536, &c.nshards) != 0)
				die_usage("--split %s: not a number of shards from 1 to 65536", optarg);
			break;
		case 'V':
			ann_loop_free(L);
			return cli_version(prog);
		case 'z':
			zstd_level = 3;
			if (optarg != NULL && ann_parse_u64(optarg, 1, 19, &zstd_level) != 0)
				die_usage("--zstd=%s: not a level from 1 to 19", optarg);
			break;
		default:
			usage(stderr, ANN_EXIT_ERROR);
		}
	}
	argc -= optind;
	argv += optind;

	if (c.nshards > 0 && pattern == NULL)
		die_usage("--split needs --output PATTERN");
	if (pattern != NULL && c.nshards == 0)
		die_usage("--output %s needs --split N", pattern);
	if (pattern != NULL && shard_name(pattern, 0, name, sizeof name) != 0)
		die_usage("--output %s: the pattern needs exactly one %%d", pattern);
	if (c.array && c.nshards > 0)
		die_usage("--array and --split do not go together");

	/* With --split the shards are compressed; standard output holds nothing. */
	c.out = ann_out_fd(STDOUT_FILENO, "<stdout>", c.nshards > 0 ? 0 : (int)zstd_level);
	if (c.out == NULL) {
		ann_loop_free(L);
		return ANN_EXIT_ERROR;
	}
	/* Before the rejects file, which a failure here would leave behind. */
	if (dedupe && (c.dedupe = ann_dedupe_new(&err)) == NULL) {
		ann_loop_error(L, NULL, "--dedupe: %s", err.msg);
		ann_out_abort(c.out);
		ann_loop_free(L);
		return ANN_EXIT_ERROR;
	}
	if (cli_open_rejects(L, rejects) != 0) {
		ann_dedupe_free(c.dedupe);
		ann_out_abort(c.out);
		ann_loop_free(L);
		return ANN_EXIT_ERROR;
	}

	ann_status st = ANN_OK;
	if (c.nshards > 0)
		st = open_shards(&c, L, pattern);
	if (st == ANN_OK)
		st = ann_loop_run(L, argv, argc, on_record, &c);
	if (st == ANN_OK && c.dedupe != NULL)
		st = flush_dedupe(&c, L);
	st = finish(&c, L, st);

	if (cli_close_rejects(L, rejects) != ANN_OK)
		st = ANN_FATAL;
	ann_dedupe_free(c.dedupe);
	free(c.shards);
	free(c.scratch);
	if (ann_loop_failed(L))
		st = ANN_FATAL;
	ann_loop_free(L);
	return st != ANN_OK ? ANN_EXIT_ERROR : ANN_EXIT_OK;
}
