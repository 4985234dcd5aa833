/*
 * ann_config.h: what a project says besides its tasks, for every converter:
 * the labeling config's labels and category numbers (labelconfig.c), and
 * image sizes read from the images themselves (imagesize.c).
 *
 * Ownership: a config from ann_labelconfig_read is freed with
 * ann_labelconfig_free; the labels, controls and objects it hands out live
 * as long as it does.
 */
#ifndef ANN_CONFIG_H
#define ANN_CONFIG_H

#include <stddef.h>

#include "ann_core.h"

/* --- The labeling config ------------------------------------------------- */

typedef struct ann_cfg_label {
	const char *name;	/* Label value */
	const char *control;	/* the control tag's name */
	long category;		/* its category="N", or -1 */
	int keypoint;		/* a KeyPointLabels label: a keypoint's name */
	long model_index;	/* its model_index="N" (keypoint order), or -1 */
	unsigned long line;	/* of its Label tag in the config */
} ann_cfg_label;

/* The largest category="N": COCO readers keep ids in 32-bit ints. */
#define ANN_CATEGORY_MAX 2147483647L

typedef struct ann_labelconfig ann_labelconfig;

/*
 * Read a config: the labels of every *Labels control whose toName is an
 * Image tag, in config order.  NULL with err set on failure, with the
 * line: a category that is not a whole number from 0 to
 * ANN_CATEGORY_MAX, two labels with one category, one label with two.
 */
ann_labelconfig *ann_labelconfig_read(const char *path, ann_error *err);
void ann_labelconfig_free(ann_labelconfig *c);
size_t ann_labelconfig_labels(const ann_labelconfig *c,
    const ann_cfg_label **labels);
/*
 * The keypoint names (KeyPointLabels labels) in the order keypoints are
 * written: by model_index, labels without one after them in config order,
 * a name in two controls once.
 */
size_t ann_labelconfig_keypoints(const ann_labelconfig *c,
    const ann_cfg_label *const **names);
/*
 * The data key of the Image tag named to_name (NULL: the first), or NULL:
 * its value="$key", or valueList="$key" for a list of images.
 */
const char *ann_labelconfig_image_key(const ann_labelconfig *c,
    const char *to_name);

/*
 * The whole config, for a tool that checks results against it rather than
 * converting images (ann-check): every object tag and every control tag,
 * of any kind.  ann_labelconfig_read keeps only what converters of images
 * need; ann_labelconfig_read_all also reads a config without an Image tag.
 */
ann_labelconfig *ann_labelconfig_read_all(const char *path, ann_error *err);

/* A Label or Choice of a control: taxonomy choices nest, through parent. */
typedef struct ann_cfg_option {
	const char *value;
	const char *alias;	/* alias="...", or NULL */
	long parent;		/* the enclosing Choice (an index into the
				   control's options), -1 at the top */
	unsigned long line;
} ann_cfg_option;

/* An object tag (Image, Text, ...) that takes its data from the task. */
typedef struct ann_cfg_object {
	const char *tag;	/* as written: "Image" */
	const char *name;
	const char *key;	/* the data key of value="$key" (or valueList),
				   "" when the value is not a $reference */
	int list;		/* valueList: a list of references */
	const char *value_type;	/* valueType="url" and so on, or NULL */
	const char *name_key;	/* Paragraphs nameKey, textKey: or NULL */
	const char *text_key;
	const char *index_flag;	/* in a Repeater: the flag its names hold */
	unsigned long line;
} ann_cfg_object;

/* A control tag: what a result's from_name names. */
typedef struct ann_cfg_control {
	const char *tag;	/* as written: "RectangleLabels" */
	const char *name;
	const char *const *to_names;	/* toName, split at commas */
	size_t nto_names;
	const ann_cfg_option *options;	/* its Label or Choice tags */
	size_t noptions;
	const char *choice;	/* Choices/Taxonomy choice="...", or NULL */
	const char *max_rating;	/* Rating maxRating="...", or NULL (5) */
	const char *min, *max;	/* Number and DateTime min/max, or NULL */
	const char *only;	/* DateTime only="date,time", or NULL */
	const char *index_flag;	/* in a Repeater: the flag its names hold
				   ("{{idx}}"), else NULL */
	unsigned long line;
} ann_cfg_control;

size_t ann_labelconfig_objects(const ann_labelconfig *c,
    const ann_cfg_object **objects);
size_t ann_labelconfig_controls(const ann_labelconfig *c,
    const ann_cfg_control **controls);
/*
 * Does NAME (n bytes) match a config name: the same bytes, or, inside a
 * Repeater (index_flag not NULL), with each index flag standing for a
 * whole number (labels_{{idx}} matches labels_0, labels_12).
 */
int ann_cfg_name_matches(const char *config_name, const char *index_flag,
    const char *name, size_t n);

/* --- Image files --------------------------------------------------------- */

/* Width and height from a PNG or JPEG header: 0, or -1 with err set. */
int ann_image_size(const char *path, long *width, long *height,
    ann_error *err);

#endif /* ANN_CONFIG_H */
