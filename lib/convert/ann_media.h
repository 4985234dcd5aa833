/*
 * ann_media.h: the image a task is about, for every converter that writes
 * one entry per image: its reference in the task, the file name to write
 * for it, and its size, from the export or from the image file itself.
 *
 * Ownership: a reference points into the record; file names are made in
 * the caller's buffer.
 */
#ifndef ANN_MEDIA_H
#define ANN_MEDIA_H

#include <stddef.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_config.h"
#include "ann_geom.h"
#include "ann_json.h"
#include "ann_view.h"

/* What --file-name asks for: the reference as exported, its base name, or its path. */
enum { ANN_FILE_NAME_URL, ANN_FILE_NAME_BASENAME, ANN_FILE_NAME_PATH };

/*
 * The task's image reference, a JSON string: the value of the config's
 * Image tag's key when there is a config (Label Studio), else the task's
 * own (data's first string; Labelbox row_data).  0, or -1 when there is
 * none, with *key naming where it was looked for.
 */
int ann_media_ref(const ann_task *t, const ann_labelconfig *cfg,
    ann_json_val *ref, const char **key);
/*
 * A multi-image task (<Image valueList="$images">) keeps a list of
 * references: ann_media_ref then gives the array (the config's key, or
 * without a config the first member of data that is a list of strings),
 * and its regions say which image by item_index (ann_geom.item).  The
 * number of images a reference holds (1 for a string), and image i's
 * reference (a string): 0, or -1 when there is none.
 */
size_t ann_media_items(ann_json_val ref);
int ann_media_item(ann_json_val ref, size_t i, ann_json_val *item);
/*
 * Image `item` of the task, a string reference, for a writer that makes
 * one entry per task (a multi-image task's first, say): ann_media_ref,
 * then the item of a list.  0, or -1 with *key naming where it looked.
 */
int ann_media_ref_item(const ann_task *t, const ann_labelconfig *cfg,
    size_t item, ann_json_val *ref, const char **key);
/*
 * The reference as text: decoded and NUL-terminated in buf, which is
 * emptied first (the text is valid until buf changes).  NULL when out of
 * memory.
 */
char *ann_media_decode(ann_json_val ref, ann_buf *buf);
/*
 * The part of a decoded reference that mode asks for, in place: Label
 * Studio's local files (/data/local-files/?d=dir/img.jpg) give the path
 * after d=; URLs lose their query and, for a path, scheme and host; paths
 * are made relative.
 */
const char *ann_media_file_name(char *ref, int mode);
/*
 * The image's size in pixels: the task's, else, with image_root, read
 * from the header of IMAGE_ROOT/BASENAME.  ANN_OK; ANN_WARN when it cannot
 * be had, with err saying why (and naming --image-root when it is not
 * given).  scratch holds the decoded reference (ann_media_decode).
 */
ann_status ann_media_size(const ann_task *t, ann_json_val ref,
    const char *image_root, ann_buf *scratch, long *width, long *height,
    ann_error *err);

/*
 * The size of one image of a multi-image task, kept in *width, *height
 * (0 before the first call): the task's size is no use there, as it is
 * whichever image's its first result measured.  The first of the image's
 * regions to carry its own size (g, may be NULL) gives it, else
 * IMAGE_ROOT/BASENAME of item, looked at once (-1 after that when it has
 * none).  ANN_OK when known; ANN_WARN with err saying why; ANN_FATAL out
 * of memory.
 */
ann_status ann_media_item_size(ann_json_val item, const ann_geom *g,
    const char *image_root, ann_buf *scratch, long *width, long *height,
    ann_error *err);

/*
 * The stem of a file named after the task's image (a label file, an
 * annotation file): the reference's base name without its extension,
 * control characters made '_' (a list holds one name per line), at most
 * ANN_MEDIA_STEM_MAX bytes, cut between UTF-8 sequences, "image" when
 * nothing is left; into out, NUL-terminated (out->len without the NUL).
 * scratch holds the decoded reference.  0, or -1 out of memory.
 */
#define ANN_MEDIA_STEM_MAX 200	/* a file name is at most 255 bytes */
int ann_media_stem(ann_json_val ref, ann_buf *scratch, ann_buf *out);
/*
 * When a stem is taken (two images with one base name): its k-th other
 * form, k from 1, in out after its first base bytes: "_<task id>", then
 * "_<task id>_<k>" (the same task met twice); "_<n>" for a task without
 * an id.  '/' in an id is made '_'.  0, or -1 out of memory.
 */
int ann_media_stem_other(ann_buf *out, size_t base, const char *taskid,
    size_t idlen, unsigned long long n, unsigned long k);

#endif /* ANN_MEDIA_H */
