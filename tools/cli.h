/*
 * cli.h: the few things every tool's main() does the same way: refuse a
 * bad command line, print its version, and sum up skipped records.
 */
#ifndef ANN_CLI_H
#define ANN_CLI_H

#include <stdio.h>

#include "ann.h"

/* Print "PROG: message", then the short usage (which exits 2). */
void cli_usage_error(const char *prog, void (*usage)(FILE *, int),
    const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4), noreturn))
#endif
    ;

/*
 * On SIGINT, SIGTERM or SIGHUP remove the temporary files of unfinished
 * outputs, then die of the signal as usual.
 */
void cli_clean_up_on_signals(void);

/* "PROG (annkit) X, libann Y" on standard output; returns the exit code. */
int cli_version(const char *prog);

/* With --keep-going: how many bad records were skipped, and where they went. */
void cli_report_rejects(const ann_loop *loop, const char *rejects);

#endif
