/*
 * tols_names.h: which control and which object tag each result ann-tols
 * writes names (from_name, to_name), and the data key of the image, for
 * every source ann-tols reads (COCO, YOLO, Labelbox, CSV): from a labeling
 * config (--config), or from the names given (--from-name, --to-name), or
 * by default.
 *
 * With a config, a result of type TYPE with label LABEL goes to the one
 * control whose tag is TYPE (RectangleLabels for "rectanglelabels", case
 * aside) and that lists LABEL; its to_name is the first of the control's
 * toName that is an Image tag (else its first), and the data key is that
 * tag's value="$key".  No such control, or more than one, is an error
 * naming the label.  Without a config: --from-name for every result, else
 * the type's default control name (label, polygon, brush, keypoint, or the
 * type itself); --to-name, else "image"; the data key "image".
 *
 * Ownership: the handle borrows the config and the names for its life;
 * the strings it gives live as long as they do.
 */
#ifndef ANN_TOLS_NAMES_H
#define ANN_TOLS_NAMES_H

#include "ann_core.h"
#include "ann_config.h"

typedef struct ann_tols_names ann_tols_names;

/* cfg, from_name, to_name may each be NULL.  NULL out of memory. */
ann_tols_names *ann_tols_names_new(const ann_labelconfig *cfg,
    const char *from_name, const char *to_name, ann_error *err);
void ann_tols_names_free(ann_tols_names *n);
/*
 * The names for a result of TYPE with LABEL (NULL: a result without labels,
 * as a textarea, matched by its type alone): 0, or -1 with err saying
 * which label has no control, or two.
 */
int ann_tols_names_get(const ann_tols_names *n, const char *type,
    const char *label, const char **from_name, const char **to_name,
    ann_error *err);
/* The data key the image goes under in each task. */
const char *ann_tols_names_image_key(const ann_tols_names *n);

#endif /* ANN_TOLS_NAMES_H */
