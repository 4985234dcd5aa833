/*
 * labelbox_private.h: the Labelbox converter's state, shared by its files:
 * the sink (labelbox.c), which calls the others; a line's pieces, uuids
 * among them (labelbox_line.c), which call none; objects' shapes
 * (labelbox_shapes.c); answers to questions, on lines of their own or
 * nested in their objects (labelbox_answers.c); brush masks
 * (labelbox_mask.c).  Calls go down that list, never back up
 * (tests/layers.sh).
 *
 * Ownership: all of it belongs to the ann_labelbox; a task's lines are
 * made in lb->lines, and every function that writes to them takes back
 * what it wrote of a line it cannot finish.
 */
#ifndef ANN_LABELBOX_PRIVATE_H
#define ANN_LABELBOX_PRIVATE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_categories.h"
#include "ann_filter.h"
#include "ann_geom.h"
#include "ann_labelbox.h"
#include "ann_skip.h"
#include "ann_view.h"
#include "ann_writer.h"
#include "util_private.h"

/* A result of the set that answers a question: perhaps an object's. */
typedef struct answer {
	uint64_t hash;		/* of its id's JSON text */
	size_t order;		/* its place in the set's results */
	ann_json_val id, res;
} answer;

/* A relation of the set being read, written at its end. */
typedef struct relation {
	ann_json_val id, from, to, label, direction;
	size_t n;		/* its place in the set, for a uuid without an id */
} relation;

struct ann_labelbox {
	ann_labelbox_opts o;
	ann_out *out;
	ann_categories *cats;
	ann_skips *skips;	/* the run's counts, lent with each task */
	/* The task being read. */
	ann_shape shape;	/* its platform's form, for its masks */
	ann_buf key;		/* the task's part of every uuid */
	ann_buf row;		/* its "dataRow" object */
	ann_buf lines;		/* its lines */
	ann_buf set;		/* the set's part of every uuid */
	size_t nset, nregion;	/* sets and regions met in the task, set */
	ann_idset *written;	/* ids of the set's regions written */
	relation *rel;
	size_t nrel, caprel;
	answer *ans;		/* the set's answers by id, once one is needed */
	size_t nans, capans;
	int ans_made;
	ann_json_val *choices;	/* an answer's choices, one by one */
	size_t capchoices;
	ann_buf png;		/* a mask's PNG, before its base64 */
	ann_buf scratch;	/* an answer's key for its uuid */
	/* Counts. */
	uint64_t tasks, rows;
	struct counts {
		uint64_t objects, classifications, relationships, turned;
		uint64_t nested;	/* answers in objects' classifications */
		uint64_t unnamed;	/* relations skipped for want of a name */
	} n, at_task;		/* the run's; as they were when the task began */
	ann_error err;
};

/*
 * Say why on the converter's handle, and return st.  Through lib/base, so
 * that the files of the converter that say why do not call each other.
 */
#define ann__labelbox_fail(lb, st, ...) \
	ann__error_fail(&(lb)->err, (st), __VA_ARGS__)

/* Is a kind an answer to a question, which the view folds into a region? */
static inline int
ann__labelbox_answer_kind(ann_kind k)
{
	return k == ANN_KIND_CHOICE || k == ANN_KIND_TEXT || k == ANN_KIND_RATING ||
	    k == ANN_KIND_NUMBER || k == ANN_KIND_DATETIME || k == ANN_KIND_TAXONOMY;
}

/*
 * A line's pieces (labelbox_line.c), each 0 written or -1 out of memory.
 */
/* A JSON string value as text, quoted: decoded then escaped again. */
int ann__labelbox_put_string(ann_buf *b, ann_json_val s);
/* The uuid of region id (its JSON text; none: its place n in the set). */
int ann__labelbox_put_uuid(ann_labelbox *lb, ann_json_val id, size_t n);
/* {"uuid":..,"dataRow":..,"name":NAME: the head of every line. */
int ann__labelbox_put_head(ann_labelbox *lb, ann_json_val id, size_t n,
    ann_json_val name);
/* {"x":X,"y":Y} */
int ann__labelbox_put_xy(ann_buf *b, const double xy[2]);
/* A line's end: the score of a prediction as its confidence, then '}\n'. */
int ann__labelbox_put_tail(ann_labelbox *lb, const ann_annotation *a,
    const ann_geom *g);

/*
 * An object's shape after its head (labelbox_shapes.c) or its brush mask
 * (labelbox_mask.c): 0 written, -1 out of memory, 1 when it has none
 * Labelbox can hold, with *why the reason to count; the mask's also -3,
 * refused: over --max-pixels, which fails the task (lb->err).
 */
int ann__labelbox_put_shape(ann_labelbox *lb, const ann_region *r,
    const ann_geom *g, ann_skip *why);
int ann__labelbox_put_mask(ann_labelbox *lb, const ann_region *r,
    const ann_geom *g, ann_skip *why);

/*
 * Answers (labelbox_answers.c).  A classification's line; the lines of
 * answers that share an id naming no object, which the view folds into
 * one region; ,"classifications":[..] of object r (0, or -1 out of
 * memory).
 */
ann_status ann__labelbox_classification(ann_labelbox *lb, const ann_annotation *a,
    const ann_region *r, const ann_geom *g);
ann_status ann__labelbox_folded_answers(ann_labelbox *lb, const ann_annotation *a,
    const ann_region *r, const ann_geom *g);
int ann__labelbox_put_nested(ann_labelbox *lb, const ann_annotation *a,
    const ann_region *r);

#endif /* ANN_LABELBOX_PRIVATE_H */
