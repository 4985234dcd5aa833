/*
 * ann_conll.h: token tags from text spans, from the task view: CoNLL-2003
 * lines, two-column IOB2, or spaCy-style JSONL, one sentence (or several,
 * with sentences) per task, written as each task streams past.
 *
 * The tokenizer (conll_tokens.c) is documented in ann-toconll(1): white
 * space separates tokens, punctuation is a token of its own, and a token
 * is also cut where a span starts or ends inside it, so every span is a
 * whole number of tokens.  Offsets count Unicode code points, as Label
 * Studio and Python count them.
 *
 * Ownership: a converter from ann_conll_new borrows its options and its
 * output for its life and is freed by ann_conll_free (NULL is fine).
 */
#ifndef ANN_CONLL_H
#define ANN_CONLL_H

#include <stddef.h>
#include <stdint.h>

#include "ann_core.h"
#include "ann_categories.h"
#include "ann_config.h"
#include "ann_sets.h"
#include "ann_sink.h"
#include "ann_writer.h"

typedef enum {
	ANN_CONLL_CONLL,	/* "-DOCSTART- -X- O", then TOKEN -X- _ TAG */
	ANN_CONLL_IOB2,		/* TOKEN<TAB>TAG */
	ANN_CONLL_SPACY		/* {"text", "tokens", "spans"} per line */
} ann_conll_format;

typedef struct ann_conll_opts {
	ann_sets sets;			/* which annotation: one per task */
	ann_conll_format format;
	const char *text_key;		/* data member holding the text; NULL:
					   the task's first string (Labelbox:
					   row_data) */
	const char *from_name;		/* only the spans of this control; NULL:
					   every control's */
	const char *from_index_flag;	/* a Repeater's flag in from_name
					   ("{{idx}}"), else NULL */
	int keep_unlabeled;		/* write tasks without an annotation, all O */
	int sentences;			/* a sentence per . ! ? and the like */
	int strict_labels;		/* a label outside the given ones is an
					   error (else it is added after them) */
} ann_conll_opts;

typedef struct ann_conll ann_conll;

/* NULL when out of memory. */
ann_conll *ann_conll_new(const ann_conll_opts *opts, ann_out *out);
void ann_conll_free(ann_conll *k);
/* A label from --categories, in order. */
ann_status ann_conll_category(ann_conll *k, const char *name);
/*
 * The converter as a sink (ann_sink.h): ann_sink_record writes one task's
 * sentences.  A task it skips and counts is ANN_WARN with ann_conll_errmsg
 * saying why; a label outside the given ones (strict_labels) is
 * ANN_FAILED; an output error ANN_FATAL.
 */
void ann_conll_sink(ann_conll *k, ann_sink *s);
const char *ann_conll_errmsg(const ann_conll *k);
/*
 * How many spans of the last task had a text that is not the task's text
 * at their offsets (they were left out, and counted), and *msg naming the
 * first of them.
 */
size_t ann_conll_mismatches(const ann_conll *k, const char **msg);
const ann_categories *ann_conll_categories(const ann_conll *k);
/* Tasks, sentences, tokens and spans, on one line. */
void ann_conll_summary(const ann_conll *k, char *buf, size_t len);

/*
 * From a labeling config (ann_labelconfig_read_all): the Labels control
 * whose toName is a Text tag, from_name picking one among several (NULL:
 * the config must have one), and that tag's value="$key".  Sets
 * o->text_key, o->from_name and o->from_index_flag (borrowed from cfg) and
 * *control, for its labels.  ANN_FAILED with err saying why, naming every
 * choice, when there is none, or several and from_name does not pick one.
 */
ann_status ann_conll_from_config(const ann_labelconfig *cfg, const char *from_name,
    ann_conll_opts *o, const ann_cfg_control **control, ann_error *err);

/* --- The tokenizer --------------------------------------------------------- */

/* A token: code points [start, end) of a text. */
typedef struct ann_token {
	size_t start, end;
} ann_token;

/*
 * The tokens of cp[0..n), cut also at each of cuts[0..ncuts) (code point
 * positions, ascending), into *tokens (grown with ann__grow's rules; the
 * caller frees it): how many, or -1 when out of memory.
 */
long ann_tokenize(const uint32_t *cp, size_t n, const size_t *cuts,
    size_t ncuts, ann_token **tokens, size_t *cap);

#endif /* ANN_CONLL_H */
