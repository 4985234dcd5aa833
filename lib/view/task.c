/*
 * task.c: task ids, and dedupe by id with the last version winning.
 *
 * Dedupe spills every record to an unlinked temporary file (in $TMPDIR)
 * and keeps only (id, offset, length) per task in memory; the kept
 * versions are read back in order of first appearance at the end.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ann_core.h"
#include "ann_taskid.h"
#include "ann_view.h"
#include "json_private.h"
#include "util_private.h"

/* A number's JSON text or a string's decoded text, into buf. */
static long
id_text(ann_json_val v, char *buf, size_t cap)
{
	ann_json_type t = ann_json_typeof(v);

	if ((t != ANN_JSON_NUMBER && t != ANN_JSON_STRING) || v.n > cap)
		return -1;
	if (t == ANN_JSON_STRING)
		return (long)ann_json_str_decode(v, buf);
	memcpy(buf, v.p, v.n);
	return (long)v.n;
}

/* splitmix64's finalizer: the seed changes which tasks fall where. */
static uint64_t
mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

uint64_t
ann_task_hash(const char *id, size_t len, uint64_t seed)
{
	return mix(ann_hash(id, len) ^ mix(seed));
}

unsigned
ann_task_split(const char *id, long idlen, ann_json_val fallback, uint64_t seed,
    const unsigned *pct, unsigned n)
{
	uint64_t h = idlen >= 0 ? ann_task_hash(id, (size_t)idlen, seed) :
	    ann_task_hash(fallback.p, fallback.n, seed);
	double below = 0;
	unsigned part = 0;

	/* The last part takes the rest, so rounding never leaves a task out. */
	for (unsigned i = 0; i + 1 < n; i++) {
		below += pct[i] / 100.0;
		if (below >= 1 || h < (uint64_t)ldexp(below, 64))
			break;
		part = i + 1;
	}
	return part;
}

/*
 * The id among a record's members "id", "data_row", "DataRow ID" and
 * "task" (m, in that order): the one choice of ann_task_id and
 * ann_task_id_of, the nested ids looked up in that order.
 */
static long
id_of(const ann_json_val m[4], char *buf, size_t cap)
{
	ann_json_val id;
	long n;

	if ((n = id_text(m[0], buf, cap)) >= 0)
		return n;
	if (ann_json_get(m[1], "id", &id) == 0 && (n = id_text(id, buf, cap)) >= 0)
		return n;
	if ((n = id_text(m[2], buf, cap)) >= 0)
		return n;
	if (ann_json_get(m[3], "id", &id) == 0)
		return id_text(id, buf, cap);
	return -1;
}

long
ann_task_id(ann_json_val record, char *buf, size_t cap)
{
	static const char *const keys[] = { "id", "data_row", "DataRow ID", "task" };
	ann_json_val m[4];

	/* One pass over the record, without a view's look-up cache. */
	ann__json_getn(NULL, record, keys, 4, m);
	return id_of(m, buf, cap);
}

long
ann_task_id_of(const ann_task *t, char *buf, size_t cap)
{
	return id_of(t->id_from, buf, cap);
}

size_t
ann_task_keys(ann_json_val record, ann_json_val keys[2])
{
	static const char *const top[] = { "data_row", "External ID" };
	static const char *const row[] = { "global_key", "external_id" };
	ann_json_val m[2], r[2];
	size_t n = 0;

	ann__json_getn(NULL, record, top, 2, m);
	ann__json_getn(NULL, m[0], row, 2, r);
	for (int i = 0; i < 2; i++)
		if (ann_json_typeof(r[i]) == ANN_JSON_STRING)
			keys[n++] = r[i];
	if (n == 0 && ann_json_typeof(m[1]) == ANN_JSON_STRING)
		keys[n++] = m[1];
	return n;
}

struct entry {
	char *id;
	size_t idlen;
	uint64_t hash;
	off_t off;		/* of the latest version in the spill file */
	size_t len;
};

struct ann_dedupe {
	FILE *spill;
	off_t spill_end;
	struct entry *entries;	/* in order of first appearance */
	size_t n, cap;
	size_t *slots;		/* open addressing: entry index + 1, 0 empty */
	size_t nslots;
	size_t next;		/* iteration */
	char *rbuf;
	size_t rcap;
	char err[256];
};

ann_dedupe *
ann_dedupe_new(ann_error *err)
{
	ann_dedupe *d = calloc(1, sizeof *d);

	if (d == NULL || (d->slots = calloc(1024, sizeof *d->slots)) == NULL) {
		ann__error_set(err, "out of memory");
		ann_dedupe_free(d);
		return NULL;
	}
	d->nslots = 1024;
	if ((d->spill = ann__tmpfile(err)) == NULL) {
		ann_dedupe_free(d);
		return NULL;
	}
	return d;
}

static ann_status
oom(ann_dedupe *d)
{
	snprintf(d->err, sizeof d->err, "out of memory");
	return ANN_FATAL;
}

static int
grow_slots(ann_dedupe *d)
{
	size_t n = d->nslots * 2;
	size_t *s = calloc(n, sizeof *s);

	if (s == NULL)
		return -1;
	for (size_t i = 0; i < d->n; i++) {
		size_t j = d->entries[i].hash & (n - 1);
		while (s[j] != 0)
			j = (j + 1) & (n - 1);
		s[j] = i + 1;
	}
	free(d->slots);
	d->slots = s;
	d->nslots = n;
	return 0;
}

ann_status
ann_dedupe_add(ann_dedupe *d, const char *id, size_t idlen,
    const char *record, size_t len)
{
	uint64_t h = ann_hash(id, idlen);
	size_t j = h & (d->nslots - 1);
	struct entry *e = NULL;

	for (; d->slots[j] != 0; j = (j + 1) & (d->nslots - 1)) {
		struct entry *c = &d->entries[d->slots[j] - 1];
		if (c->hash == h && c->idlen == idlen &&
		    memcmp(c->id, id, idlen) == 0) {
			e = c;
			break;
		}
	}
	if (e == NULL) {
		if (ann__grow((void **)&d->entries, &d->cap, d->n + 1,
		    sizeof *d->entries) != 0)
			return oom(d);
		e = &d->entries[d->n];
		if ((e->id = malloc(idlen ? idlen : 1)) == NULL)
			return oom(d);
		memcpy(e->id, id, idlen);
		e->idlen = idlen;
		e->hash = h;
		d->slots[j] = ++d->n;
		if (d->n * 2 > d->nslots && grow_slots(d) != 0)
			return oom(d);
		e = &d->entries[d->n - 1];
	}
	if (fwrite(record, 1, len, d->spill) != len) {
		snprintf(d->err, sizeof d->err, "temporary file: %s", strerror(errno));
		return ANN_FATAL;
	}
	e->off = d->spill_end;
	e->len = len;
	d->spill_end += (off_t)len;
	return ANN_OK;
}

int
ann_dedupe_next(ann_dedupe *d, const char **record, size_t *len)
{
	if (d->next == 0 && fflush(d->spill) != 0) {
		snprintf(d->err, sizeof d->err, "temporary file: %s", strerror(errno));
		return -1;
	}
	if (d->next == d->n)
		return 0;
	struct entry *e = &d->entries[d->next++];
	if (e->len > d->rcap) {
		char *nb = realloc(d->rbuf, e->len);
		if (nb == NULL) {
			oom(d);
			return -1;
		}
		d->rbuf = nb;
		d->rcap = e->len;
	}
	size_t got = 0;
	while (got < e->len) {
		ssize_t k = pread(fileno(d->spill), d->rbuf + got, e->len - got,
		    e->off + (off_t)got);
		if (k <= 0) {
			snprintf(d->err, sizeof d->err, "temporary file: %s",
			    k < 0 ? strerror(errno) : "unexpected end");
			return -1;
		}
		got += (size_t)k;
	}
	*record = d->rbuf;
	*len = e->len;
	return 1;
}

const char *
ann_dedupe_errmsg(const ann_dedupe *d)
{
	return d->err;
}

void
ann_dedupe_free(ann_dedupe *d)
{
	if (d == NULL)
		return;
	if (d->spill != NULL)
		fclose(d->spill);
	for (size_t i = 0; i < d->n; i++)
		free(d->entries[i].id);
	free(d->entries);
	free(d->slots);
	free(d->rbuf);
	free(d);
}
