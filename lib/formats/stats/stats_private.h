/*
 * stats_private.h: the counter's state, filled by stats.c and written out
 * by stats_out.c (which only reads it).
 */
#ifndef ANN_STATS_PRIVATE_H
#define ANN_STATS_PRIVATE_H

#include <math.h>
#include <stdint.h>

#include "ann_core.h"
#include "ann_stats.h"

/*
 * Lead times in a histogram of fixed size, so that a million annotations
 * cost no more than ten: buckets a sixteenth of an octave wide (a factor
 * of 2^(1/16), 4.4%) from 2^-7 s to 2^20 s, the first and last also taking
 * what lies beyond.  A median or p90 is the geometric centre of its
 * bucket: within 2.2% of the exact nearest-rank value.
 */
#define LEAD_PER_OCTAVE 16
#define LEAD_MIN_OCTAVE (-7)
#define LEAD_BUCKETS ((20 - LEAD_MIN_OCTAVE) * LEAD_PER_OCTAVE)

struct lead {
	uint64_t n;
	uint32_t b[LEAD_BUCKETS];
};

/* The nearest-rank quantile q (0 < q <= 1) of h: -1 when h is empty. */
static inline double
lead_quantile(const struct lead *h, double q)
{
	uint64_t rank, seen = 0;

	if (h == NULL || h->n == 0)
		return -1;
	rank = (uint64_t)ceil(q * (double)h->n);
	if (rank == 0)
		rank = 1;
	for (int i = 0; i < LEAD_BUCKETS; i++) {
		seen += h->b[i];
		if (seen >= rank)
			return exp2(((double)i + 0.5) / LEAD_PER_OCTAVE +
			    LEAD_MIN_OCTAVE);
	}
	return -1;
}

/* One key of a breakdown and what was counted for it. */
struct entry {
	char *key;		/* NUL-terminated; NULL for "other" */
	size_t len;
	uint64_t hash;
	uint64_t tasks, annotations, cancelled, predictions, regions;
	uint64_t stamp;		/* the task last counted in tasks (1-based) */
	struct lead *lead;	/* annotators' lead times */
};

struct table {
	struct entry *e;
	size_t n, cap;
	uint32_t *slot;		/* open addressing: index + 1, 0 empty */
	size_t nslots;
	struct entry other;	/* keys past max_keys */
	uint64_t folded;	/* times a key went to other */
	uint64_t keyless;	/* what has no key here, in keyless_unit[] */
};

struct ann_stats {
	ann_stats_opts o;
	uint64_t tasks, unannotated, annotations, cancelled, predictions;
	uint64_t ground_truth, reviews, accepted, rejected;
	uint64_t regions, unlabeled;
	struct lead lead;
	struct table by[ANN_STATS_NBY];
	ann_buf scratch;	/* a key's decoded text */
	ann_error err;
};

#endif
