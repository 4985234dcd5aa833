/*
 * ls_result.h: the pieces of a Label Studio result that both of ann-tols'
 * writers put the same way: ann-tols' readers of other formats
 * (tols_result.h) and the sink over the region model (ls_sink_*.c): the
 * kinds of result with their types and tags, a result's head, a number,
 * a percent clipped.  Inline, so that neither calls the other.
 */
#ifndef ANN_LS_RESULT_H
#define ANN_LS_RESULT_H

#include <stdint.h>
#include <string.h>

#include "ann_buf.h"
#include "ann_json.h"

/*
 * The kinds of result written, by either writer: each one's type in a
 * result, the control tag a config needs for it, and the control's name
 * when neither a config nor --from-name gives one (a classification's is
 * its question's name).
 */
enum { ANN_LS_RECT, ANN_LS_POLY, ANN_LS_KP, ANN_LS_SPAN, ANN_LS_BRUSH,
    ANN_LS_CHOICE, ANN_LS_TEXT, ANN_LS_KINDS };
static const char *const ann__ls_type[ANN_LS_KINDS] = {
	"rectanglelabels", "polygonlabels", "keypointlabels", "labels", "brushlabels",
	"choices", "textarea"
};
static const char *const ann__ls_tag[ANN_LS_KINDS] = {
	"RectangleLabels", "PolygonLabels", "KeyPointLabels", "Labels", "BrushLabels",
	"Choices", "TextArea"
};
static const char *const ann__ls_from[ANN_LS_KINDS] = {
	"label", "polygon", "keypoint", "ner", "brush", NULL, NULL
};

/* A result's id: the low 48 bits of a hash, 12 hex digits and a NUL. */
static inline void
ann__ls_id(char *id, uint64_t hash)
{
	for (int i = 11; i >= 0; i--, hash >>= 4)
		id[i] = "0123456789abcdef"[hash & 15];
	id[12] = '\0';
}

/*
 * A result's head up to its value: {"id":"ID","type":..,"from_name":..,
 * "to_name":.., the media's size when w >= 0 (with "image_rotation":0),
 * then "value":{.  id is 12 characters.  0, or -1 out of memory.
 */
static inline int
ann__ls_put_head(ann_buf *b, const char *id, int kind, const char *from,
    const char *to, long w, long h)
{
	const char *type = ann__ls_type[kind];

	if (ann_buf_put(b, "{\"id\":\"", 7) != 0 || ann_buf_put(b, id, 12) != 0 ||
	    ann_buf_put(b, "\",\"type\":\"", 10) != 0 ||
	    ann_buf_put(b, type, strlen(type)) != 0 ||
	    ann_buf_put(b, "\",\"from_name\":", 14) != 0 ||
	    ann_buf_json_string(b, from, strlen(from)) != 0 ||
	    ann_buf_put(b, ",\"to_name\":", 11) != 0 ||
	    ann_buf_json_string(b, to, strlen(to)) != 0)
		return -1;
	if (w >= 0 && (ann_buf_put(b, ",\"original_width\":", 18) != 0 ||
	    ann_buf_int(b, w) != 0 || ann_buf_put(b, ",\"original_height\":", 19) != 0 ||
	    ann_buf_int(b, h) != 0 || ann_buf_put(b, ",\"image_rotation\":0", 19) != 0))
		return -1;
	return ann_buf_put(b, ",\"value\":{", 10) != 0 ? -1 : 0;
}

/* A percent kept in [0, 100]; a value moved is counted in *clipped. */
static inline double
ann__ls_clip(double pct, uint64_t *clipped)
{
	if (pct < 0 || pct > 100) {
		(*clipped)++;
		return pct < 0 ? 0 : 100;
	}
	return pct;
}

/* "KEY":D; 0, or -1 out of memory.  Not printf: every number of a shape. */
static inline int
ann__ls_put_num(ann_buf *b, const char *key, double d)
{
	return ann_buf_put(b, "\"", 1) != 0 || ann_buf_put(b, key, strlen(key)) != 0 ||
	    ann_buf_put(b, "\":", 2) != 0 || ann_buf_double(b, d) != 0 ? -1 : 0;
}

#endif /* ANN_LS_RESULT_H */
