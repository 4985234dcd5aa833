/*
 * ann_date.h: dates in exports and on command lines (date.c), for the
 * record filter and for choosing the newest annotation.
 *
 * Ownership: nothing is kept; results go to the caller's variables.
 */
#ifndef ANN_DATE_H
#define ANN_DATE_H

#include <stddef.h>
#include <stdint.h>

#include "ann_json.h"

/*
 * Dates are instants: microseconds since 1970-01-01T00:00:00Z.
 * ann_date_parse reads ISO 8601 (YYYY-MM-DD, then optionally T or a space,
 * HH:MM[:SS[.fraction]] and Z or +HH[:MM]/-HH[:MM]; no zone is UTC) and says
 * whether a time was given.  Returns 0, or -1 when the text is not a date.
 */
int ann_date_parse(const char *text, size_t len, int64_t *instant,
    int *has_time);
/* A JSON string holding such a date, or a number of epoch seconds. */
int ann_date_value(ann_json_val v, int64_t *instant);
/*
 * A date given on a command line: ISO 8601 as above, or relative to now
 * ("7d", "24h", "30m", "2w", "90s" ago).  With end_of_day, a date without a
 * time means the last microsecond of that day.
 */
int ann_date_arg(const char *text, int64_t now, int end_of_day,
    int64_t *instant);

#endif /* ANN_DATE_H */
