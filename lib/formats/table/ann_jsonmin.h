/*
 * ann_jsonmin.h: Label Studio's JSON_MIN item (and so its CSV row) for one
 * annotation set of the task in a view.
 * Ownership: the item is written into the caller's buffer, replacing what
 * was there; nothing is kept.
 */
#ifndef ANN_JSONMIN_H
#define ANN_JSONMIN_H

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_view.h"

/* a may be NULL: a task without annotations gives its data and id only. */
ann_status ann_jsonmin_item(ann_view *v, const ann_annotation *a, ann_buf *b);

#endif
