/*
 * ann_lssink.h: Label Studio tasks from the region model, as a sink
 * (ann_sink.h): one task per record read, its annotation sets as
 * annotations (or predictions), each region as a Label Studio result.
 * ann-tols --from labelbox drives it with Labelbox export v2 rows: a
 * project moved from Labelbox to Label Studio.
 *
 * Ownership: a sink from ann_lssink_new is freed by ann_lssink_free (NULL
 * is fine); it borrows its options' strings and its output for its life.
 * It keeps one task's text (one record's worth) and a small table of the
 * controls and labels met, for the config (ann_lssink_config).
 */
#ifndef ANN_LSSINK_H
#define ANN_LSSINK_H

#include <stddef.h>
#include <stdint.h>

#include "ann_core.h"
#include "ann_categories.h"
#include "ann_config.h"
#include "ann_sets.h"
#include "ann_sink.h"
#include "ann_view.h"
#include "ann_writer.h"

typedef struct ann_lssink_opts {
	ann_sets sets;			/* which sets of the input are read */
	int as_predictions;		/* write predictions, not annotations */
	const char *model_version;	/* of each prediction; NULL: none */
	const char *from_name;		/* every object's control; NULL: by kind */
	const char *to_name;		/* the object tag; NULL: image or text */
	/*
	 * A labeling config: each object's from_name and to_name are those of
	 * the config's one control of its type with its label (tols_names.h;
	 * none or two refuse the record).  NULL: from_name and to_name, else
	 * the defaults: label, polygon, keypoint, ner, brush; a question's
	 * own name for a classification.
	 */
	const ann_labelconfig *config;
	const char *mask_root;		/* masks given as URLs, downloaded as
					   MASK_ROOT/FEATURE_ID.png; NULL: none */
	uint64_t max_pixels;		/* largest mask read (0: no limit) */
	int strict_labels;		/* an object's label outside the given
					   ones is an error (else it is added
					   after them) */
} ann_lssink_opts;

typedef struct ann_lssink ann_lssink;

/* NULL with err set when out of memory. */
ann_lssink *ann_lssink_new(const ann_lssink_opts *opts, ann_out *out,
    ann_error *err);
void ann_lssink_free(ann_lssink *s);
/*
 * An object label from --categories, in order: the config lists them
 * first, and with strict_labels no other is taken.
 */
ann_status ann_lssink_category(ann_lssink *s, const char *name);
/* The object labels, for what was added to the given ones. */
const ann_categories *ann_lssink_categories(const ann_lssink *s);
/*
 * The converter as a sink: ann_sink_record writes one task line, whole or
 * not at all.  A task it skips (a video) is ANN_WARN with the errmsg
 * saying why; a label outside the given ones with strict_labels, or a
 * record that is not a Labelbox row, ANN_FAILED; an output error
 * ANN_FATAL.
 */
void ann_lssink_sink(ann_lssink *s, ann_sink *sink);
const char *ann_lssink_errmsg(const ann_lssink *s);
/*
 * A labeling config that fits the tasks written: the object tags met and
 * one control per kind and question, with the labels and answers met.
 * Into out; ANN_OK, ANN_FATAL on memory or output errors.
 */
ann_status ann_lssink_config(ann_lssink *s, ann_out *out);
/* Tasks, results by kind, clipped coordinates, on one line. */
void ann_lssink_summary(const ann_lssink *s, char *buf, size_t len);

#endif /* ANN_LSSINK_H */
