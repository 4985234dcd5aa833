/*
 * stats_private.h: the counter's state, filled by stats.c and written out
 * by stats_out.c (which only reads it).
 */
#ifndef ANN_STATS_PRIVATE_H
#define ANN_STATS_PRIVATE_H

#include <math.h>
#include <stdint.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_stats.h"
#include "ann_view.h"

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
	uint64_t count;		/* the agreement's own tables: a count */
	struct pairstat *pair;	/* a pair of annotators' agreement */
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

/*
 * Agreement between two annotators (stats_agree.c), keyed "A\x1fB" with
 * A before B in byte order; the a_ counts are A's.
 */
struct pairstat {
	uint64_t items, agree;	/* classification items both answered, alike */
	uint64_t expected;	/* sum over categories of A's count times B's */
	uint64_t reg_match, reg_a, reg_b;	/* boxes and polygons */
	uint64_t span_exact, span_overlap, span_a, span_b;	/* text spans */
};

/* A region of a task's rater, copied out of the view until the task ends. */
struct agree_region {
	size_t rater;
	ann_kind kind;
	size_t label, llen;	/* its labels, in agree.text */
	int unit;		/* ANN_PCT or ANN_PX; -1: no usable geometry */
	int poly;		/* a polygon: points at pts[2*off..), n of them */
	double box[4];		/* else an upright box: x, y, w, h */
	size_t off, n;
	double start, end;	/* a span's */
};

struct agree_rater {
	size_t key, klen;	/* the author, in agree.text */
	const ann_annotation *a;
};

/* What one task's comparison added: its own figures. */
struct agree_fig {
	uint64_t raters;	/* annotators compared; 0: fewer than two */
	uint64_t items, agree;	/* classification items times pairs, alike */
	uint64_t reg_match, reg_a, reg_b;
	uint64_t span_exact, span_overlap, span_a, span_b;
};

struct agree {
	/* The task being compared. */
	struct agree_fig task;	/* its figures, for ann_stats_task_agreement */
	struct agree_rater *raters;
	size_t nraters, rcap;
	struct agree_region *regs;
	size_t nregs, regcap;
	double *pts;
	size_t npts, ptscap;
	ann_buf text;
	/* The run. */
	uint64_t tasks;		/* tasks with two annotators or more */
	uint64_t items;		/* classification items with two raters or more */
	uint64_t ratings;	/* their ratings: the sum of n_i */
	double sum_p;		/* the sum of Fleiss' P_i over them */
	uint64_t reg_match, reg_a, reg_b;
	uint64_t span_exact, span_overlap, span_a, span_b;
	struct table pairs;	/* struct pairstat per pair */
	struct table margins;	/* "A\x1fB\x1eside\x1ecategory": count */
	struct table cats;	/* Fleiss' categories: ratings each */
	int overflow;		/* a table passed max_keys: figures would be wrong */
};

struct entry *ann__stats_entry(struct table *t, size_t max, const char *key,
    size_t len);
void ann__stats_table_free(struct table *t);

/*
 * Compare the annotators of one task and add to the run's figures:
 * ANN_OK, ANN_FATAL when out of memory.
 */
ann_status ann__stats_agree_task(struct agree *g, ann_view *v, size_t max_keys,
    const ann_annotation *sets, size_t nsets);
void ann__stats_agree_free(struct agree *g);
/* The figures, NAN where they are not defined (nothing to compare). */
double ann__stats_kappa(const struct pairstat *p);
double ann__stats_fleiss(const struct agree *g);
double ann__stats_f1(uint64_t match, uint64_t a, uint64_t b);

/* stats_out.c's columns and sorted tables, which stats_html.c writes too. */
enum col { C_TASKS, C_ANNOTATIONS, C_CANCELLED, C_PREDICTIONS, C_REGIONS,
	C_LEAD, C_N };

struct sorted {
	const struct entry **e;
	size_t n;
};

/* A breakdown's columns, ending in C_N; the first sorts it and is charted. */
const enum col *ann__stats_cols(ann_stats_by by);
const char *ann__stats_col_name(enum col c);
uint64_t ann__stats_count(const struct entry *e, enum col c);
/* A cell's text appended to b: a count, or a lead time ("" when none). */
int ann__stats_cell(ann_buf *b, const struct entry *e, enum col c);
/* t's entries in the order they are written; out->e freed by the caller. */
int ann__stats_sort(const struct table *t, ann_stats_by by, struct sorted *out);
/* What a breakdown's keyless count counts ("" where nothing can lack a key). */
const char *ann__stats_keyless_unit(ann_stats_by by);

struct ann_stats {
	ann_stats_opts o;
	uint64_t tasks, unannotated, annotations, cancelled, predictions;
	uint64_t ground_truth, reviews, accepted, rejected;
	uint64_t regions, unlabeled;
	struct lead lead;
	struct table by[ANN_STATS_NBY];
	struct agree agree;
	ann_buf scratch;	/* a key's decoded text */
	ann_buf task_id;	/* the last task's id, as ann_task_id_of gives it */
	int task_id_number;	/* and it is a number, written bare in JSON */
	ann_error err;
};

#endif
