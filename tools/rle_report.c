/*
 * rle_report.c: how ann-rle's commands say which region of which task
 * went wrong (decode, the rewrites and the record loop all do).
 */
#include <stdarg.h>
#include <stdio.h>

#include "rle_cli.h"

/* An id for a message: its JSON text, cut short. */
#define ID_FMT "%.*s"
#define ID_ARG(v) (v).p == NULL ? 6 : (int)((v).n > 64 ? 64 : (v).n), \
	(v).p == NULL ? "(none)" : (v).p

/* Say in s->err which region failed and why; the record is refused. */
ann_status
rle_region_fail(struct rle *s, const ann_region *r, const char *fmt, ...)
{
	const ann_task *t = ann_view_task(s->view);
	va_list ap;
	int n = snprintf(s->err, sizeof s->err, "task " ID_FMT ", region " ID_FMT ": ",
	    ID_ARG(t->id), ID_ARG(r->id));

	va_start(ap, fmt);
	if (n > 0 && (size_t)n < sizeof s->err)
		vsnprintf(s->err + n, sizeof s->err - (size_t)n, fmt, ap);
	va_end(ap);
	return ANN_FAILED;
}

