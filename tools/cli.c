/*
 * cli.c: command-line habits shared by the tools (see cli.h).
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void
cli_usage_error(const char *prog, void (*usage)(FILE *, int), const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	usage(stderr, ANN_EXIT_ERROR);
	exit(ANN_EXIT_ERROR);	/* usage() exits; this is for the compiler */
}

static void
on_signal(int sig)
{
	ann_out_unlink_temporaries();
	signal(sig, SIG_DFL);
	raise(sig);
}

void
cli_clean_up_on_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigfillset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
		sigaction(sigs[i], &sa, NULL);
}

int
cli_version(const char *prog)
{
	printf("%s (annkit) %s, libann %s\n", prog, ANN_VERSION_STRING, ann_version());
	return ANN_EXIT_OK;
}

void
cli_report_rejects(const ann_loop *L, const char *rejects)
{
	if (!L->keep_going || L->rejected == 0)
		return;
	ann_diag(stderr, L->prog, NULL, 0, 0, "%llu bad record%s skipped%s%s",
	    (unsigned long long)L->rejected, L->rejected == 1 ? "" : "s",
	    rejects ? ", written to " : "", rejects ? rejects : "");
}
