/*
 * check_private.h: what the checker's files share.  They are in layers,
 * so that none calls another that calls it back (tests/layers.sh):
 *
 *   check.c            the handle, the task rule, ids, relations, the sink
 *   check_names.c      names, and the entry for the rules of one result
 *   check_labels.c     labels          check_answers.c   answers
 *   check_geometry.c   geometry, sizes check_brush.c     brush masks
 *   check_spans.c      spans
 *   check_report.c     the rule table, reporting, shared look-ups
 *   check_html.c       a HyperText's text nodes (calls none of them)
 *
 * Each calls only the files below it; small helpers more than one needs
 * are inline here.
 */
#ifndef ANN_CHECK_PRIVATE_H
#define ANN_CHECK_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "ann_check.h"
#include "ann_geom.h"
#include "json_private.h"

/* Where a problem is; the parts are filled as the walk goes down. */
struct ann__check_pos {
	ann_json_val task;
	int set_kind;		/* 0 none, 1 annotation, 2 prediction */
	size_t set;
	ann_json_val region;
	long result;
};

struct ann_check {
	ann_check_opts o;
	/*
	 * Look-ups in the record, skipping containers by the ends the reader
	 * noted: a result's members are found without reading its mask.
	 */
	ann__json_cache *cache;
	const ann_cfg_control *controls;
	size_t ncontrols;
	const ann_cfg_object *objects;
	size_t nobjects;
	char control_list[256];	/* "label, choice", for messages */
	/* Each control's options by their text (check_labels.c), by index. */
	struct ann__check_options *options;
	char *scratch;		/* a label decoded, for the look-up */
	size_t capscratch;
	ann_check_counts n;
	struct ann__check_pos pos;
	/* The chosen sets' raw starts, to tell a set's index from the view's. */
	const char **set_starts[2];
	size_t nset_starts[2], capset_starts[2];
	/* The current set's results: where each starts, and the ids. */
	const char **starts;
	size_t nstarts, capstarts;
	struct ann__check_id *ids;
	size_t nids, capids;
	size_t *relations;	/* the results that are relations, by index */
	size_t nrelations, caprelations;
	/* The image sizes met in the task, by item (a valueList's image). */
	struct ann__check_size *sizes;
	size_t nsizes, capsizes;
	ann_json_val data;	/* the task's data */
	/*
	 * The text spans are checked against, decoded once per task: its
	 * length in code points, and the byte where every TEXT_STEP-th code
	 * point starts, so a slice is found without walking from the start.
	 */
	struct {
		const void *object;	/* the object tag whose text it is */
		const char *of;	/* the data value it was decoded from */
		char *buf;
		size_t cap, len, cps;
		size_t *marks;
		size_t capmarks;
	} text;
	/* The paragraphs of the last Paragraphs object looked at, this task. */
	struct {
		const void *object;
		long n;		/* -1: not in the task */
		ann_json_val *items;
		size_t cap;
	} paras;
	/* The text nodes of the last HyperText looked at, this task. */
	struct ann__check_html *html;
	const void *html_object;
	int html_ok;		/* the task holds its HTML, indexed */
	char where[320];
	char msg[ANN_ERROR_MAX];
	char err[ANN_ERROR_MAX];
};

/* A result's id, kept while its set is walked. */
struct ann__check_id {
	ann_json_val id;	/* as written */
	ann_json_val from_name, value;
	size_t result;		/* its index in the list */
};

/* The size of one image of the task, and the result that gave it first. */
struct ann__check_size {
	int64_t item, width, height;
	ann_json_val region;
	long result;
};

/* "an object", "a list", ...: the type of a JSON value, for a message. */
static inline const char *
ann__check_type_of(ann_json_val v)
{
	switch (ann_json_typeof(v)) {
	case ANN_JSON_OBJECT: return "an object";
	case ANN_JSON_ARRAY: return "a list";
	case ANN_JSON_STRING: return "a string";
	case ANN_JSON_NUMBER: return "a number";
	case ANN_JSON_TRUE: case ANN_JSON_FALSE: return "a boolean";
	case ANN_JSON_NULL: return "null";
	default: return "missing";
	}
}

/* --- check_report.c ------------------------------------------------------ */

/* Report one problem at the current position. */
void ann__check_say(ann_check *k, ann_check_rule_id rule,
    ann_check_severity sev, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/*
 * The text of a JSON string for a message: decoded, at most max bytes
 * (cut at a character's start), into buf of cap bytes.  Not a string:
 * its JSON text, as cut.
 */
const char *ann__check_text(ann_json_val v, char *buf, size_t cap, size_t max);

/* Member name of object obj (the first when names repeat): 0, or -1. */
int ann__check_member(const ann_check *k, ann_json_val obj, const char *name,
    ann_json_val *out);

/* The control a from_name names, or NULL. */
const ann_cfg_control *ann__check_control(const ann_check *k,
    ann_json_val from_name);

/* The object tag a to_name names, or NULL. */
const ann_cfg_object *ann__check_object(const ann_check *k, ann_json_val to);

/* --- check_html.c -------------------------------------------------------- */

typedef struct ann__check_html ann__check_html;
/*
 * Index the text nodes of the HTML s[0..n) into *h (made when NULL, else
 * reused): 0, or -1 when out of memory.
 */
int ann__check_html_index(ann__check_html **h, const char *s, size_t n);
/*
 * The length in code points of the text node an XPath names
 * ("/div[1]/p[2]/text()[1]"): 0 and *cps, or -1 when it names none.
 */
int ann__check_html_text(const ann__check_html *h, const char *xpath,
    size_t n, size_t *cps);
void ann__check_html_free(ann__check_html *h);	/* accepts NULL */

/* --- the rules' files ---------------------------------------------------- */

/*
 * The members of a result the rules read, found in one pass over it by
 * check.c (each by its index in this list), or none when absent.
 */
enum {
	ANN__RES_ID, ANN__RES_TYPE, ANN__RES_FROM, ANN__RES_TO, ANN__RES_VALUE,
	ANN__RES_OW, ANN__RES_OH, ANN__RES_ITEM, ANN__RES_N
};

/* The rules about one result of a set (names, labels, ...). */
void ann__check_result(ann_check *k, const ann_json_val *m);
/* Index every control's options: 0, or -1 when out of memory. */
int ann__check_labels_index(ann_check *k);
void ann__check_labels_free(ann_check *k);
/* Rule 4: the labels (choices, paths) of a result of control c. */
void ann__check_labels(ann_check *k, const ann_cfg_control *c,
    ann_json_val type, ann_json_val value);
/* Rule 9: the answer of a result of control c. */
void ann__check_answer(ann_check *k, const ann_cfg_control *c,
    ann_json_val value);
/* Rule 6: the image size a result gives, against the task's others. */
void ann__check_sizes(ann_check *k, const ann_json_val *m);
/* The rules about a region's geometry, resolved by the region model. */
void ann__check_geometry(ann_check *k, const ann_region *r, const ann_geom *g);
/* The rule about a brush region's mask. */
void ann__check_brush(ann_check *k, const ann_region *r);
/* The rule about a span of text, with its ends from the region model. */
void ann__check_span(ann_check *k, const ann_region *r, const ann_geom *g);

#endif /* ANN_CHECK_PRIVATE_H */
