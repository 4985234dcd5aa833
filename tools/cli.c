/*
 * cli.c: command-line habits shared by the tools (see cli.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

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
