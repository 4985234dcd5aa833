/*
 * ann_taskid.h: what tools need to know of a task before the full task view:
 * its id, and the last-version-wins dedupe keyed by it.
 *
 * Ownership: ids are copied into the caller's buffer; the dedupe table owns
 * its copies of ids and spills records to an unlinked temporary file in
 * $TMPDIR (or /tmp), so its memory grows with the number of ids, never
 * with the records.
 */
#ifndef ANN_TASKID_H
#define ANN_TASKID_H

#include <stddef.h>
#include <stdint.h>

#include "ann_core.h"
#include "ann_json.h"

/*
 * The task id of a record: Label Studio "id" (also "task.id" of 2019
 * exports), Labelbox export v2 "data_row.id", Labelbox v1 "DataRow ID".
 * A number gives its JSON text, a string its decoded text.  Returns the
 * length, or -1 when the record has none (or it does not fit in cap).
 */
long ann_task_id(ann_json_val record, char *buf, size_t cap);
/*
 * The other keys a task is known by, which --id matches too and
 * ann-flatten shows as global_key: Labelbox v2 data_row.global_key and
 * data_row.external_id, v1 "External ID", each a string.  Fills keys and
 * returns how many there are (at most 2).
 */
size_t ann_task_keys(ann_json_val record, ann_json_val keys[2]);
/*
 * A task's place in a seeded, uniform order, from its id (as ann_task_id
 * gives it): ann-select --sample keeps the tasks whose hash is below p *
 * 2^64, and ann-toyolo --split cuts the same range into its parts, so that
 * with one seed a sample of p and a split's first p are the same tasks.
 */
uint64_t ann_task_hash(const char *id, size_t len, uint64_t seed);
/* At most train, val and test. */
#define ANN_MAX_SPLITS 3
/*
 * Which part of a split a task falls in (0 the first): pct[0..n) are
 * whole percents summing to 100, cut in that order from ann_task_hash's
 * range, so that every converter given one seed puts a task in the same
 * part (ann-toyolo, ann-tovoc).  The key is the task's id as ann_task_id
 * gives it (idlen >= 0), or else the fallback's text (a converter's first
 * image reference).
 */
unsigned ann_task_split(const char *id, long idlen, ann_json_val fallback,
    uint64_t seed, const unsigned *pct, unsigned n);

typedef struct ann_dedupe ann_dedupe;

/* NULL with a message in err: no memory, or no temporary file ($TMPDIR). */
ann_dedupe *ann_dedupe_new(ann_error *err);
/* Remember this version of task ID; a later one replaces it. */
ann_status ann_dedupe_add(ann_dedupe *d, const char *id, size_t idlen,
    const char *record, size_t len);
/*
 * The kept records, in order of each id's first appearance: 1 and the
 * record (valid until the next call), or 0 at the end, or -1 on error.
 */
int ann_dedupe_next(ann_dedupe *d, const char **record, size_t *len);
const char *ann_dedupe_errmsg(const ann_dedupe *d);
void ann_dedupe_free(ann_dedupe *d);

#endif
