/*
 * ann_categories.h: the categories of a dataset and their numbers, for
 * every converter that writes class ids (COCO, YOLO, VOC).  Categories
 * come from a labeling config (numbered as label-studio-converter numbers
 * them), from a list given in order, or from the labels met; each label is
 * looked up by name, in constant time, for every region.
 *
 * Ownership: the set owns copies of the names; an index stays valid for
 * the set's life.
 */
#ifndef ANN_CATEGORIES_H
#define ANN_CATEGORIES_H

#include <stddef.h>

#include <stdint.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_config.h"
#include "ann_json.h"

typedef struct ann_categories ann_categories;

/* Discovered categories are numbered by name from base (0 or 1). */
ann_categories *ann_categories_new(long base);
void ann_categories_free(ann_categories *c);
/*
 * A config's labels: an explicit category="N" keeps N, the other labels,
 * sorted by name, take the smallest ids not taken, counting from the base.
 * The set is then fixed: a label outside it is unknown.
 */
ann_status ann_categories_from_config(ann_categories *c,
    const ann_labelconfig *cfg);
/*
 * The same, leaving out KeyPointLabels labels: for formats where a
 * keypoint is a named part of its object (YOLO pose), never a class.
 */
ann_status ann_categories_from_config_objects(ann_categories *c,
    const ann_labelconfig *cfg);
/* One name of a list given in id order; the set is then fixed. */
ann_status ann_categories_add(ann_categories *c, const char *name);
/*
 * The index of the category named name[0..n): ANN_OK; ANN_FAILED when the
 * set is fixed, add_unknown is not set and the name is not in it; ANN_FATAL
 * out of memory.  A name not yet met is added.
 */
ann_status ann_categories_index(ann_categories *c, const char *name, size_t n,
    int add_unknown, long *index);
/*
 * ann_categories_index for a converter: when it fails, why goes in err
 * (NULL: only the status), in the one wording every converter uses,
 * `label "NAME" is not among WHAT (without --strict-labels it is added
 * after them)`.  WHAT is the converter's own word for the given set ("the
 * classes", "the categories"), as its manual page and tests say it.
 */
ann_status ann_categories_index_said(ann_categories *c, const char *name,
    size_t n, int add_unknown, const char *what, ann_error *err, long *index);
/* The same for a region's label as found in the record (a JSON string). */
ann_status ann_categories_label(ann_categories *c, ann_json_val label,
    int add_unknown, const char *what, ann_error *err, long *index);
/* One region was written with category index. */
void ann_categories_use(ann_categories *c, size_t index);
/*
 * The labels added to categories that were given (a config or a list):
 * how many, how many regions they have, and `"name" (uses), ...` in names
 * (the first 20).  0, or -1 out of memory.  Every converter with categories
 * warns with this at the end, so that no label is added in silence.
 */
int ann_categories_unlisted(const ann_categories *c, size_t *count,
    uint64_t *uses, ann_buf *names);
/*
 * Give every category its id: discovered ones by name from the base;
 * given ones keep theirs, and labels added later follow the largest, in
 * the order they came.  *order then lists the indexes in id order (the
 * caller frees it).  ANN_OK or ANN_FATAL.
 */
ann_status ann_categories_number(ann_categories *c, size_t **order);
size_t ann_categories_count(const ann_categories *c);
/*
 * Whether each id is known as soon as its label is met (the categories
 * were given: a config or a list), so that a format written as the tasks
 * stream past can write ids before the end.  Discovered categories are
 * numbered by name, which only the end can do.
 */
int ann_categories_fixed(const ann_categories *c);
/*
 * The id the category at index will have, in a fixed set, before
 * ann_categories_number: given ones have theirs, labels added later follow
 * the largest given id in the order they came (as ann_categories_number
 * numbers them).  -1 in a set that is not fixed.
 */
long ann_categories_id_now(const ann_categories *c, size_t index);
const char *ann_categories_name(const ann_categories *c, size_t index);
/* The id, once numbered (-1 before, for a category without one given). */
long ann_categories_id(const ann_categories *c, size_t index);

#endif /* ANN_CATEGORIES_H */
