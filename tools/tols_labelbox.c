/*
 * tols_labelbox.c: ann-tols --from labelbox: the rows through the shared
 * record loop into the Label Studio sink (ann_lssink.h), then the config
 * that fits what was written.
 */
#include <unistd.h>

#include "ann.h"
#include "ann_lssink.h"
#include "cli.h"
#include "tols_cli.h"

static const char *prog = TOLS_PROG;

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

int
tols_run_labelbox(ann_loop *L, const ann_lssink_opts *o, char **argv, int argc,
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
		cli_read_categories(prog, tols_usage, categories, s, add_category, conv_errmsg);
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
