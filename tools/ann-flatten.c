/*
 * ann-flatten: one row per labeled region (or per task) of Label Studio
 * and Labelbox exports, as CSV, TSV, NDJSON or Label Studio's JSON_MIN.
 */
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ann.h"
#include "cli.h"
#include "ann_jsonmin.h"
#include "ann_sink.h"
#include "ann_table.h"
#include "pmap.h"

static const char *prog = "ann-flatten";

struct flatten {
	ann_table_format format;
	int jsonmin, per_task, array, bom;
	int safe_csv;			/* --safe-csv */
	ann_sets rows;			/* which sets give region rows */
	ann_sets item_sets;		/* and JSON_MIN items: not cancelled ones */
	unsigned kinds;			/* --kind: a bit per ann_kind, 0 for all */
	const ann_column **cols;	/* region rows */
	size_t ncols, capcols;
	char **keys;			/* per-task columns */
	size_t nkeys, capkeys;
	int discovering;		/* first pass: collect per-task columns */
	ann_view *view;
	ann_out *out;
	ann_table *table;
	ann_buf scratch, item;
	uint64_t items, empty_tasks;
	ann_skips skips;		/* what the set choice left out, this thread's */
	int wrote;			/* the record being read gave a row */
	const char *refused;		/* why the view refused it */
	ann_loop *loop;			/* the run, for the records pmap hands back */
	pmap *pm;			/* region rows on other threads, or NULL */
};

static void usage(FILE *to, int status) CLI_NORETURN;

static void
usage(FILE *to, int status)
{
	fprintf(to,
"usage: %s [-aklpt] [-f csv|tsv|ndjson|json-min] [-c LIST] [-K LIST] [-r FILE] [-u KEY]\n"
"       [--annotations | --predictions | --both] [--bom] [--safe-csv] [FILE|DIR|-]...\n", prog);
	if (to == stderr)
		exit(status);
	fputs(
"One row per labeled region of Label Studio and Labelbox exports.\n"
"\n"
"  -f, --format=FMT       csv (default), tsv, ndjson or json-min\n"
"  -c, --columns=LIST     the columns to write, in order, comma-separated\n"
"  -l, --list-columns     list the region columns and their meaning\n"
"  -K, --kind=LIST        only regions of these kinds (rectangle,polygon,...)\n"
"  -t, --per-task         one row per task and annotation, like Label Studio's CSV\n"
"  -a, --array            json-min: one JSON array instead of lines\n"
"      --annotations      rows from annotations (the default)\n"
"      --predictions      rows from predictions\n"
"      --both             rows from annotations and predictions\n"
"      --bom              start CSV and TSV with a UTF-8 byte order mark (Excel)\n"
"      --safe-csv         text starting with = + - @ gets a leading ' (spreadsheets)\n"
CLI_INPUT_HELP
"  -h, --help             show this help\n"
"  -V, --version          show the version\n", to);
	exit(status);
}

#define die_usage(...) cli_usage_error(prog, usage, __VA_ARGS__)

/*
 * Region rows come from a sink (ann_sink.h) whose region hook writes one
 * row.  ANN_FATAL from it is an output failure.
 */
static ann_status
row_region(void *self, const ann_sink_ctx *c, const ann_annotation *a,
    const ann_region *r, const ann_geom *g)
{
	struct flatten *f = self;
	ann_row row = { c->task, a, r, g };

	if (f->kinds != 0 && !(f->kinds & 1u << r->kind))
		return ANN_OK;
	if (ann_table_begin_row(f->table) != ANN_OK)
		return ANN_FATAL;
	for (size_t i = 0; i < f->ncols; i++) {
		f->scratch.len = 0;
		if (ann_table_cell(f->table, f->cols[i]->name,
		    f->cols[i]->get(&row, &f->scratch)) != ANN_OK)
			return ANN_FATAL;
	}
	if (ann_table_end_row(f->table) != ANN_OK)
		return ANN_FATAL;
	f->wrote = 1;
	return ANN_OK;
}

static const ann_sink_ops row_sink = { .region = row_region };

/*
 * A record's region rows: ANN_FAILED when the view refused it (the sink's
 * message says why), ANN_FATAL when the output failed.
 */
static ann_status
record_rows(struct flatten *f, const ann_record *rec)
{
	ann_sink sink = { &row_sink, f, f->rows, NULL };
	ann_status st;

	f->wrote = 0;
	st = ann_sink_record(&sink, f->view, &f->skips, rec);
	f->refused = st == ANN_FAILED ? sink.err : NULL;
	return st;
}

/*
 * Region rows are independent of each other's records, so they are made
 * on other threads too (pmap.h).  render makes a record's rows into
 * memory there, with a copy of the options that has its own view and
 * table; a record it cannot do goes to rows_here, on this thread, which
 * says why.  A record with no rows comes back empty.
 */
static ann_status
render(void *ctx, const ann_record *rec, ann_buf *out)
{
	struct flatten *f = ctx;
	ann_status st = record_rows(f, rec);

	if (ann_out_take(f->out, out) != 0)
		st = ANN_FATAL;
	return st;
}

static ann_status
write_rows(void *ctx, const ann_record *rec, const char *rows, size_t len)
{
	struct flatten *f = ctx;

	(void)rec;
	f->empty_tasks += len == 0;
	if (len > 0 && ann_out_write(f->out, rows, len) != ANN_OK) {
		ann_loop_error(f->loop, "<stdout>", "%s", ann_out_errmsg(f->out));
		return ANN_FATAL;
	}
	return ANN_OK;
}

/* A record's region rows, made and written on this thread. */
static ann_status
rows_here(void *ctx, const ann_record *rec)
{
	struct flatten *f = ctx;
	ann_status st = record_rows(f, rec);

	if (st == ANN_FAILED)
		return ann_loop_reject(f->loop, rec, "%s", f->refused);
	if (st == ANN_FATAL) {
		ann_loop_error(f->loop, "<stdout>", "%s", ann_out_errmsg(f->out));
		return ANN_FATAL;
	}
	f->empty_tasks += !f->wrote;
	return ANN_OK;
}

static ann_status
flush_rows(void *ctx, ann_loop *L)
{
	struct flatten *f = ctx;

	(void)L;
	return f->pm != NULL ? pmap_flush(f->pm) : ANN_OK;
}

static int
add_key(struct flatten *f, ann_json_val key)
{
	char *name = malloc(key.n + 1);

	if (name == NULL)
		return -1;
	name[ann_json_str_decode(key, name)] = '\0';
	for (size_t i = 0; i < f->nkeys; i++)
		if (strcmp(f->keys[i], name) == 0) {
			free(name);
			return 0;
		}
	if (f->nkeys == f->capkeys) {
		size_t cap = f->capkeys ? f->capkeys * 2 : 32;
		char **k = realloc(f->keys, cap * sizeof *k);
		if (k == NULL) {
			free(name);
			return -1;
		}
		f->keys = k;
		f->capkeys = cap;
	}
	f->keys[f->nkeys++] = name;
	return 0;
}

/* One JSON_MIN item: written out, spread over columns, or its keys noted. */
static ann_status
item(struct flatten *f, ann_loop *L, const ann_annotation *a)
{
	ann_json_val root, key, val;
	ann_json_iter it;

	if (ann_jsonmin_item(f->view, a, &f->item) != ANN_OK) {
		ann_loop_error(L, NULL, "out of memory");
		return ANN_FATAL;
	}
	if (ann_json_parse(f->item.p, f->item.len, &root, NULL, NULL) != 0) {
		ann_loop_error(L, NULL, "internal error: a JSON_MIN item is not JSON");
		return ANN_FATAL;
	}
	if (f->discovering) {
		ann_json_iter_init(&it, root);
		while (ann_json_next_member(&it, &key, &val))
			if (add_key(f, key) != 0)
				return ANN_FATAL;
		return ANN_OK;
	}
	f->items++;
	if (f->jsonmin) {
		const char *sep = !f->array ? "" : f->items == 1 ? "[\n" : ",\n";
		if (ann_out_write(f->out, sep, strlen(sep)) != ANN_OK ||
		    ann_out_write(f->out, f->item.p, f->item.len) != ANN_OK ||
		    (!f->array && ann_out_write(f->out, "\n", 1) != ANN_OK))
			goto fail;
		return ANN_OK;
	}
	if (ann_table_begin_row(f->table) != ANN_OK)
		goto fail;
	for (size_t i = 0; i < f->nkeys; i++) {
		ann_cell c = { ANN_CELL_NONE, NULL, 0 };
		if (ann_json_get(root, f->keys[i], &val) == 0 &&
		    ann_json_typeof(val) != ANN_JSON_NULL)
			c = (ann_cell){ ANN_CELL_JSON, val.p, val.n };
		if (ann_table_cell(f->table, f->keys[i], c) != ANN_OK)
			goto fail;
	}
	if (ann_table_end_row(f->table) == ANN_OK)
		return ANN_OK;
fail:
	ann_loop_error(L, "<stdout>", "%s", ann_out_errmsg(f->out));
	return ANN_FATAL;
}

/*
 * JSON_MIN items and --per-task rows come from a sink too: one item per
 * chosen set (item_sets leaves cancelled ones out, as Label Studio's
 * JSON_MIN and CSV do), and one for a task without any.
 */
static ann_status
item_set(void *self, const ann_sink_ctx *c, const ann_annotation *a)
{
	struct flatten *f = self;

	(void)c;
	return item(f, f->loop, a);
}

static ann_status
item_task_end(void *self, const ann_sink_ctx *c, size_t nsets)
{
	struct flatten *f = self;

	(void)c;
	return nsets == 0 ? item(f, f->loop, NULL) : ANN_OK;
}

static const ann_sink_ops item_sink = { .set = item_set,
    .task_end = item_task_end };

static ann_status
on_record(void *ctx, ann_loop *L, const ann_record *rec)
{
	struct flatten *f = ctx;

	f->loop = L;
	if (!f->jsonmin && !f->per_task)
		return f->pm != NULL ? pmap_push(f->pm, rec) : rows_here(f, rec);
	ann_sink sink = { &item_sink, f, f->item_sets, NULL };
	/* The first pass of --per-task only finds the columns: count once. */
	ann_status st = ann_sink_record(&sink, f->view,
	    f->discovering ? NULL : &f->skips, rec);
	/* item() reports its own failures; the view's are the record's. */
	if (st == ANN_FAILED)
		return ann_loop_reject(L, rec, "%s", ann_sink_errmsg(&sink));
	return st;
}

/* This thread's table and the reading thread's write the same way. */
static ann_table *
new_table(const struct flatten *f, ann_out *out)
{
	ann_table *t = ann_table_new(out, f->format);

	if (t != NULL)
		ann_table_set_safe(t, f->safe_csv);
	return t;
}

static ann_view *
new_view(const struct flatten *f)
{
	ann_view *v = ann_view_new();

	if (v != NULL) {
		/* Columns without dates, authors or statuses spare the view those. */
		int details = f->jsonmin || f->per_task;
		for (size_t i = 0; i < f->ncols && !details; i++)
			details = ann_column_needs_details(f->cols[i]);
		ann_view_want_kinds(v, f->kinds);
		ann_view_want_details(v, details);
	}
	return v;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
list_columns(void)
{
	size_t n;
	const ann_column *c = ann_columns(&n);

	for (size_t i = 0; i < n; i++)
		printf("%-14s %s%s\n", c[i].name, c[i].meaning,
		    c[i].by_default ? "" : " (not by default)");
}

static void
parse_kinds(struct flatten *f, char *list)
{
	for (char *name = strtok(list, ","); name != NULL; name = strtok(NULL, ",")) {
		int k = 0;
		while (k <= ANN_KIND_LAST && strcmp(ann_kind_name((ann_kind)k), name) != 0)
			k++;
		if (k > ANN_KIND_LAST)
			die_usage("--kind %s: not a region kind (see the manual)", name);
		f->kinds |= 1u << k;
	}
	if (f->kinds == 0)
		die_usage("--kind: no kind named");
}

/* --columns: region columns by name, or per-task keys taken as given. */
static void
parse_columns(struct flatten *f, char *list)
{
	for (char *name = strtok(list, ","); name != NULL; name = strtok(NULL, ",")) {
		if (f->per_task) {
			ann_json_val key;
			char quoted[512];
			if (strlen(name) > 80)
				die_usage("--columns: %s: name too long", name);
			key.p = quoted;
			key.n = ann_json_escape(name, strlen(name), quoted);
			if (add_key(f, key) != 0)
				exit(ANN_EXIT_ERROR);
			continue;
		}
		const ann_column *c = ann_column_find(name);
		if (c == NULL)
			die_usage("--columns: no column \"%s\" (see --list-columns)", name);
		if (f->ncols == f->capcols)
			die_usage("--columns: more than %zu columns", f->capcols);
		f->cols[f->ncols++] = c;
	}
	if (f->ncols == 0 && f->nkeys == 0)
		die_usage("--columns: no column named");
}

/* The per-task columns come from a first pass, which needs files. */
static int
seekable(char *const *operands, int n)
{
	struct stat sb;

	if (n == 0)
		return 0;
	for (int i = 0; i < n; i++)
		if (strcmp(operands[i], "-") == 0 || stat(operands[i], &sb) != 0 ||
		    !(S_ISREG(sb.st_mode) || S_ISDIR(sb.st_mode)))
			return 0;
	return 1;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "array",        no_argument,       NULL, 'a' },
		{ "bom",          no_argument,       NULL, 'O' },
		{ "columns",      required_argument, NULL, 'c' },
		{ "format",       required_argument, NULL, 'f' },
		{ "help",         no_argument,       NULL, 'h' },
		{ "kind",         required_argument, NULL, 'K' },
		{ "list-columns", no_argument,       NULL, 'l' },
		{ "per-task",     no_argument,       NULL, 't' },
		{ "safe-csv",     no_argument,       NULL, 'S' },
		{ "version",      no_argument,       NULL, 'V' },
		CLI_INPUT_LONGOPTS,
		CLI_SETS_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct flatten f = { .format = ANN_TABLE_CSV,
	    .rows = { .from = ANN_SETS_ANNOTATIONS },
	    .item_sets = { .from = ANN_SETS_ANNOTATIONS, .skip_cancelled = 1 } };
	/*
	 * Static: usage() and cli_usage_error() exit from inside option
	 * parsing, and the loop must still be reachable then (leak checkers).
	 */
	static ann_loop *L;
	const char *rejects = NULL;
	char *columns = NULL;
	int ch;

	if ((L = ann_loop_new(prog)) == NULL) {
		ann_diag(stderr, prog, NULL, 0, 0, "out of memory");
		return ANN_EXIT_ERROR;
	}
	ann_loop_reader_opts(L)->index = 1;
	ann_loop_reader_opts(L)->readahead = 1;
	signal(SIGPIPE, SIG_DFL);
	while ((ch = getopt_long(argc, argv, "ac:f:hK:ltV" CLI_INPUT_SHORTOPTS, longopts,
	    NULL)) != -1) {
		if (cli_input_option(L, ch, optarg, &rejects, usage))
			continue;
		if (cli_sets_option(ch, &f.rows.from)) {
			f.item_sets.from = f.rows.from;
			continue;
		}
		switch (ch) {
		case 'a':
			f.array = 1;
			break;
		case 'c':
			columns = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "csv") == 0)
				f.format = ANN_TABLE_CSV;
			else if (strcmp(optarg, "tsv") == 0)
				f.format = ANN_TABLE_TSV;
			else if (strcmp(optarg, "ndjson") == 0)
				f.format = ANN_TABLE_NDJSON;
			else if (strcmp(optarg, "json-min") == 0)
				f.jsonmin = 1;
			else
				die_usage("--format %s: not csv, tsv, ndjson or json-min", optarg);
			break;
		case 'h':
			usage(stdout, ANN_EXIT_OK);
		case 'K':
			parse_kinds(&f, optarg);
			break;
		case 'l':
			list_columns();
			ann_loop_free(L);
			return ANN_EXIT_OK;
		case 'O':
			f.bom = 1;
			break;
		case 'S':
			f.safe_csv = 1;
			break;
		case 't':
			f.per_task = 1;
			break;
		case 'V':
			ann_loop_free(L);
			return cli_version(prog);
		default:
			usage(stderr, ANN_EXIT_ERROR);
		}
	}
	argc -= optind;
	argv += optind;

	if (f.array && !f.jsonmin)
		die_usage("--array goes with --format json-min");
	if (f.kinds != 0 && (f.jsonmin || f.per_task))
		die_usage("--kind selects region rows: not with --per-task or json-min");
	if (f.safe_csv && (f.jsonmin || f.format == ANN_TABLE_NDJSON))
		die_usage("--safe-csv goes with --format csv or tsv");
	if (f.jsonmin && (f.per_task || columns != NULL))
		die_usage("json-min has its own columns: no --per-task or --columns");
	size_t ncol;
	const ann_column *all = ann_columns(&ncol);
	/* A column may be asked for more than once, as cut -f 1,1 allows. */
	f.capcols = 1024;
	f.cols = calloc(f.capcols, sizeof *f.cols);
	if (f.cols == NULL) {
		ann_loop_free(L);
		return ANN_EXIT_ERROR;
	}
	if (columns != NULL)
		parse_columns(&f, columns);
	else if (!f.per_task)
		for (size_t i = 0; i < ncol; i++)
			if (all[i].by_default)
				f.cols[f.ncols++] = &all[i];
	if (f.per_task && columns == NULL && !seekable(argv, argc))
		die_usage("--per-task reads its files twice to find every column: "
		    "name files, or give --columns for standard input");

	f.view = new_view(&f);
	f.out = ann_out_fd(STDOUT_FILENO, "<stdout>", 0);
	f.table = new_table(&f, f.out);
	if (f.view == NULL || f.out == NULL || f.table == NULL) {
		ann_loop_free(L);
		return ANN_EXIT_ERROR;
	}
	/*
	 * Region rows on one worker thread and this one (two cores: the
	 * reader's thread splits and validates beside them).  Each thread
	 * has a copy of the options with its own view, table and buffers.
	 */
	struct flatten helper[2];
	void *helper_ctx[2] = { &helper[0], &helper[1] };
	/*
	 * With --part the processes take the cores (one a core, as fe/loop.c
	 * reads them): a worker thread in each would only take turns.
	 */
	if (!f.jsonmin && !f.per_task && ann_loop_reader_opts(L)->parts == 0) {
		for (int i = 0; i < 2; i++) {
			helper[i] = f;
			helper[i].scratch = helper[i].item = (ann_buf){ 0 };
			helper[i].view = new_view(&f);
			helper[i].out = ann_out_memory();
			helper[i].table = new_table(&f, helper[i].out);
			if (helper[i].view == NULL || helper[i].out == NULL ||
			    helper[i].table == NULL) {
				ann_loop_free(L);
				return ANN_EXIT_ERROR;
			}
		}
		pmap_opts po = { .work = render, .work_ctx = helper_ctx,
		    .threads = 1, .emit = write_rows, .direct = rows_here,
		    .ctx = &f };
		if ((f.pm = pmap_new(&po)) == NULL) {
			ann_loop_free(L);
			return ANN_EXIT_ERROR;
		}
		ann_loop_set_flush(L, flush_rows);
		/*
		 * Two cores: this thread splits and writes, the worker makes
		 * rows.  A third thread splitting ahead would only take turns
		 * with them (it spins while it waits).
		 */
		ann_loop_reader_opts(L)->readahead = 0;
	}
	if (cli_open_rejects(L, rejects) != 0) {
		ann_loop_free(L);
		return ANN_EXIT_ERROR;
	}

	ann_status st = ANN_OK;
	if (f.per_task && columns == NULL) {
		ann_loop *first = ann_loop_dup(L);	/* no rejects: the second pass keeps them */
		if (first == NULL) {
			ann_loop_error(L, NULL, "out of memory");
			ann_loop_free(L);
			return ANN_EXIT_ERROR;
		}
		/* With -k the second pass reports; without, the first error ends the run here. */
		ann_loop_set_quiet(first, ann_loop_keep_going(L));
		f.discovering = 1;
		st = ann_loop_run(first, argv, argc, on_record, &f);
		ann_loop_free(first);
		f.discovering = 0;
		/* No task, no key: f.keys is still NULL, which qsort may not take. */
		if (f.nkeys > 0)
			qsort(f.keys, f.nkeys, sizeof *f.keys, by_name);
	}
	if (st == ANN_OK && !f.jsonmin) {
		const char **names = f.per_task ? (const char **)f.keys : calloc(f.ncols + 1, sizeof *names);
		if (!f.per_task)
			for (size_t i = 0; i < f.ncols; i++)
				names[i] = f.cols[i]->name;
		if (ann_table_header(f.table, names, f.per_task ? f.nkeys : f.ncols, f.bom) != ANN_OK) {
			ann_loop_error(L, "<stdout>", "%s", ann_out_errmsg(f.out));
			st = ANN_FATAL;
		}
		if (!f.per_task)
			free(names);
	}
	if (st == ANN_OK)
		st = ann_loop_run(L, argv, argc, on_record, &f);
	if (st == ANN_OK && f.jsonmin && f.array &&
	    ann_out_write(f.out, f.items ? "\n]\n" : "[]\n", 3) != ANN_OK) {
		ann_loop_error(L, "<stdout>", "%s", ann_out_errmsg(f.out));
		st = ANN_FATAL;
	}
	/*
	 * A run that failed before any record was read leaves nothing: a
	 * header alone would read as a valid, empty table of a good export.
	 * The header is still in the output's buffer, and is dropped.
	 */
	if ((st != ANN_OK || ann_loop_failed(L)) && ann_loop_records(L) == 0) {
		ann_out_abort(f.out);
		f.out = NULL;
	} else if (cli_close_output(L, f.out, "<stdout>") != ANN_OK)
		st = ANN_FATAL;
	if (f.empty_tasks > 0)
		ann_diag(stderr, prog, NULL, 0, 0, "%llu task%s had no regions to write "
		    "(--per-task writes a row for every task)",
		    (unsigned long long)f.empty_tasks, f.empty_tasks == 1 ? "" : "s");
	if (cli_close_rejects(L, rejects) != ANN_OK)
		st = ANN_FATAL;
	/*
	 * The worker first: it may still be making rows for records after a
	 * stop, with the columns and keys the helpers share with f.
	 */
	if (f.pm != NULL) {
		pmap_free(f.pm);
		for (int i = 0; i < 2; i++) {
			ann_skips_add(&f.skips, &helper[i].skips);
			ann_buf_free(&helper[i].scratch);
			ann_table_free(helper[i].table);
			ann_out_abort(helper[i].out);
			ann_view_free(helper[i].view);
		}
	}
	cli_hint_predictions(prog, &f.skips);
	for (size_t i = 0; i < f.nkeys; i++)
		free(f.keys[i]);
	free(f.keys);
	free(f.cols);
	ann_buf_free(&f.scratch);
	ann_buf_free(&f.item);
	ann_table_free(f.table);
	ann_view_free(f.view);
	if (ann_loop_failed(L))
		st = ANN_FATAL;
	ann_loop_free(L);
	return st != ANN_OK ? ANN_EXIT_ERROR : ANN_EXIT_OK;
}
