/*
 * ls_sink_private.h: what the files of the Label Studio sink share: the
 * sink's state and the kinds of result.  From the top down, each calling
 * only those below it: ls_sink.c (the hooks and the task's line),
 * ls_sink_object.c (objects) and ls_sink_answer.c (answers and relations),
 * ls_sink_result.c (the pieces of a result), ls_sink_config.c (the tables
 * of the controls met, and the config made from them).
 */
#ifndef ANN_LS_SINK_PRIVATE_H
#define ANN_LS_SINK_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_categories.h"
#include "ann_filter.h"
#include "ann_geom.h"
#include "ann_lssink.h"
#include "ls_result.h"
#include "tols_names.h"
#include "util_private.h"
#include "ann_writer.h"

/* A control met, with its labels or answers: for the config. */
typedef struct control {
	char *name, *to;
	int kind;
	int multiple;		/* a checklist: several answers */
	int per_region;		/* answered for a region */
	char **values;
	size_t nvalues, capvalues;
} control;

/* An object tag met: an image or a text. */
typedef struct object {
	char *name;
	int text;
	int url;	/* a text given by its URL (valueType="url") */
} object;

struct ann_lssink {
	ann_lssink_opts o;
	ann_tols_names *names;	/* the config's names, or NULL */
	ann_out *out;
	ann_skips *skips;	/* the run's, lent with each task */
	ann_buf key;		/* the row's id: the first part of every result id */
	uint64_t keyh;		/* the hash of key so far (ann__hash_more) */
	ann_buf task, res, tmp, name;
	/*
	 * The last object written: its id and its value's geometry, which a
	 * per-region answer repeats, as Label Studio writes them (a nested
	 * classification comes right after its object).
	 */
	ann_buf lastid, lastval;
	const ann_geom *lastg;	/* its sizes; NULL for a span */
	long lastw, lasth;
	size_t valstart;	/* where the value being written starts in res */
	size_t nset, nregion, nres;
	int text;		/* the row is a text */
	int url;		/* its reference is a URL, not the text itself */
	ann_json_val ref;	/* the row's reference (row_data) */
	ann_buf rowtext;	/* a text row's text, decoded when a span needs it */
	int decoded;		/* rowtext holds this row's text */
	const char *media;	/* the object tag's default name and data key */
	ann_idset *objs;	/* feature ids of the set's objects written */
	ann_categories *cats;	/* object labels: given (--categories), met */
	size_t ngiven;		/* the first ones, given */
	control *ctl;
	size_t nctl, capctl;
	object *obj;
	size_t nobj, capobj;
	/*
	 * What was written (n), and what the task being made adds to it (p):
	 * a task refused half way is not counted.
	 */
	struct counts {
		uint64_t tasks, sets, results[ANN_LS_KINDS], relations, clipped;
	} n, p;
	ann_error err;
};

/*
 * Note an object tag met (the row's kind: image or text), and a control
 * of kind KIND named NAME targeting TO, with a value met (a label or an
 * answer; NULL: none).  0, or -1 out of memory.
 */
int ann__lssink_note_object(ann_lssink *s, const char *name);
int ann__lssink_note_value(ann_lssink *s, const char *name, const char *to,
    int kind, const char *v, size_t n, int multiple, int per_region);

/* ls_sink_object.c, ls_sink_answer.c: region r of kind k into s->res. */
ann_status ann__lssink_object(ann_lssink *s, const ann_region *r, const ann_geom *g,
    int k);
ann_status ann__lssink_classification(ann_lssink *s, const ann_region *r,
    const ann_geom *g, int k);
ann_status ann__lssink_relation(ann_lssink *s, const ann_region *r);

/* ls_sink_result.c: the pieces of a result. */
/* s->err set from fmt; returns st. */
#define ann__lssink_fail(s, st, ...) ann__error_fail(&(s)->err, (st), __VA_ARGS__)
/* A JSON string decoded into b, NUL-terminated: NULL when out of memory. */
char *ann__lssink_decode(ann_json_val v, ann_buf *b);
/*
 * The id of the result of feature fid (its JSON text; none: the region's
 * place n in the task): 0, -1 out of memory.
 */
int ann__lssink_put_rid(ann_lssink *s, ann_buf *b, ann_json_val fid, size_t n);
/*
 * The control (from) and object (to) names of a result of kind k with
 * this label or question: 0, -1 out of memory, -2 the config has none for
 * it, or two (s->err says which).
 */
int ann__lssink_names(ann_lssink *s, int k, const char *label, const char **from,
    const char **to);
/* A result's head, up to its value's opening brace: 0, -1 out of memory. */
int ann__lssink_put_head(ann_lssink *s, ann_buf *b, ann_json_val id, int k,
    const char *from, const char *to, const ann_geom *g);
/* ,"score":N of a prediction whose region g has one: 0, -1 out of memory. */
int ann__lssink_put_score(ann_lssink *s, ann_buf *b, const ann_geom *g);

#endif /* ANN_LS_SINK_PRIVATE_H */
