/*
 * ann_config.h: what a project says besides its tasks, for every converter:
 * the labeling config's labels and category numbers (labelconfig.c), and
 * image sizes read from the images themselves (imagesize.c).
 *
 * Ownership: a config from ann_labelconfig_read is freed with
 * ann_labelconfig_free; the labels it hands out live as long as it does.
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
 * The data key of the Image tag named to_name (NULL: the first), or NULL:
 * its value="$key", or valueList="$key" for a list of images.
 */
const char *ann_labelconfig_image_key(const ann_labelconfig *c,
    const char *to_name);

/* --- Image files --------------------------------------------------------- */

/* Width and height from a PNG or JPEG header: 0, or -1 with err set. */
int ann_image_size(const char *path, long *width, long *height,
    ann_error *err);

#endif /* ANN_CONFIG_H */
