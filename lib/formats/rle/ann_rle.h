/*
 * ann_rle.h: masks and their run-length codecs: Label Studio brush RLE,
 * COCO RLE (counts list and compressed string), PNG and .npy files.
 *
 * Ownership: every object or buffer handed out through an `out` pointer
 * belongs to the caller.  Masks are freed with ann_mask_free, run masks
 * with ann_runmask_free, COCO RLEs with ann_coco_free (all accept NULL),
 * byte and char buffers with free().
 * Nothing is handed out on failure: *out is left NULL.
 *
 * Errors: each function that can fail takes an `ann_error *err`
 * (ann_core.h; NULL is fine) and fills it with a one-line message, and,
 * where a decoder knows it, the byte of its input where the data went
 * wrong (the COCO counts string, the Label Studio RLE).  Bad input returns
 * ANN_FAILED; running out of memory or an I/O error returns ANN_FATAL.
 * Every size is checked against the input before anything is allocated:
 * a header or a size that the data cannot back is an error, never a huge
 * allocation.
 */
#ifndef ANN_RLE_H
#define ANN_RLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ann_buf.h"
#include "ann_core.h"
#include "ann_view.h"

/*
 * One 8-bit plane, HEIGHT rows of WIDTH bytes, row-major, no padding.
 * Non-zero means "in the mask"; the value itself is kept where a format can
 * carry it (Label Studio RLE, PNG, .npy).  Both sides are at least 1.
 */
typedef struct ann_mask {
	uint32_t width;
	uint32_t height;
	uint8_t *pix;
} ann_mask;

/*
 * A COCO RLE as maskApi holds it: pixels taken column-major (x * h + y),
 * counts alternating background and foreground, starting with background
 * (so counts[0] is 0 when pixel (0,0) is set).  The counts sum to h * w,
 * which must fit in 32 bits.
 */
typedef struct ann_coco {
	uint32_t h;
	uint32_t w;
	size_t n;
	uint32_t *counts;
} ann_coco;

/* A zeroed WIDTH x HEIGHT mask; NULL when out of memory or a side is 0. */
ann_mask *ann_mask_new(uint32_t width, uint32_t height);
void ann_mask_free(ann_mask *m);

/*
 * The most pixels a mask may have unless the caller says otherwise (the
 * tools' --max-pixels): 2^28, a 16384 x 16384 mask.  A brush RLE of a
 * mask a thousand times that size fits in a megabyte, so the size a record
 * claims cannot be what bounds the work.
 */
#define ANN_MASK_MAX_PIXELS ((uint64_t)1 << 28)

/*
 * ANN_OK when a WIDTH x HEIGHT mask has at most MAX_PIXELS pixels (0: no
 * limit), else ANN_FAILED with a message naming --max-pixels.  Every
 * reader below that takes a limit checks it on the size the header or the
 * record gives, before anything is decoded or allocated.
 */
ann_status ann_mask_check_size(uint64_t width, uint64_t height,
    uint64_t max_pixels, ann_error *err);

/*
 * A mask as its runs, for masks too large to hold as a plane: run k sets
 * pixels [start[k], end[k]) (pixel y * width + x, row-major) to value[k],
 * never 0; every other pixel is 0.  Runs are in order and do not overlap,
 * and touching runs differ in value.  It costs what the runs cost, which
 * for a Label Studio RLE is bounded by the RLE's length.
 */
typedef struct ann_runmask {
	uint32_t width;
	uint32_t height;
	size_t n;
	uint32_t *start;
	uint32_t *end;
	uint8_t *value;
	size_t cap;		/* room in start, end and value */
	int oom;		/* a run could not be added */
} ann_runmask;

/* An empty WIDTH x HEIGHT run mask; NULL when out of memory or a side is 0. */
ann_runmask *ann_runmask_new(uint32_t width, uint32_t height);
void ann_runmask_free(ann_runmask *m);
/* The runs of a mask plane. */
ann_status ann_runmask_of_mask(const ann_mask *m, ann_runmask **out,
    ann_error *err);
/*
 * Add ADD into INTO, the same size: each pixel of INTO becomes the larger
 * of the two (the union, for 0/255 masks).  Time and memory follow the
 * runs of both.
 */
ann_status ann_runmask_merge(ann_runmask *into, const ann_runmask *add,
    ann_error *err);
/* Its non-zero pixels as a COCO RLE, without a plane. */
ann_status ann_runmask_to_coco(const ann_runmask *m, ann_coco **out,
    ann_error *err);

/* --- Label Studio brush RLE ---------------------------------------------- */

/*
 * The stream header: NUM words of WORD_SIZE bits (1..32), run-length fields
 * of RLE_SIZES[k] bits (1..16).  For a brush, NUM = width * height * 4: the
 * RGBA buffer, row-major, whose alpha channel is the mask.
 */
typedef struct ann_lsrle_header {
	uint32_t num;
	unsigned word_size;
	unsigned rle_sizes[4];
} ann_lsrle_header;

ann_status ann_lsrle_read_header(const uint8_t *rle, size_t len,
    ann_lsrle_header *hdr, ann_error *err);

/*
 * Decode to the mask: the alpha channel, as Label Studio's readers take it.
 * The header must say WIDTH * HEIGHT * 4 words.  Words wider than 8 bits
 * keep their low 8 bits (the reference decoder stores into uint8).  Runs
 * that overshoot the end are cut; padding bits after the last word, and a
 * trailing zero byte, are ignored.
 */
ann_status ann_lsrle_decode(const uint8_t *rle, size_t len, uint32_t width,
    uint32_t height, ann_mask **out, ann_error *err);
/* The whole RGBA buffer, WIDTH * HEIGHT * 4 bytes (what decode_rle returns). */
ann_status ann_lsrle_decode_rgba(const uint8_t *rle, size_t len,
    uint32_t width, uint32_t height, uint8_t **rgba, ann_error *err);
/* The mask as runs, without a plane (the same pixels as ann_lsrle_decode). */
ann_status ann_lsrle_decode_runs(const uint8_t *rle, size_t len,
    uint32_t width, uint32_t height, ann_runmask **out, ann_error *err);

/*
 * The RLE's bytes as Label Studio's value.rle list, "[0,0,3,...]", appended
 * to b: 0, or -1 when out of memory.
 */
int ann_lsrle_put_list(ann_buf *b, const uint8_t *rle, size_t n);
/*
 * Encode byte for byte as label-studio-sdk's mask2rle(mask) does: every
 * pixel becomes four equal words, runs above 65536 words are split with the
 * remainder still in the 16-bit class, and the stream always ends with 1..8
 * zero bits (a whole zero byte when the bits fill the last byte).
 */
ann_status ann_lsrle_encode(const ann_mask *m, uint8_t **out, size_t *outlen,
    ann_error *err);

/* --- COCO RLE ------------------------------------------------------------ */

void ann_coco_free(ann_coco *c);

/* Encode pixels that are non-zero (pycocotools.mask.encode on mask != 0). */
ann_status ann_coco_encode(const ann_mask *m, ann_coco **out, ann_error *err);
/* Decode to a mask whose foreground pixels hold VALUE (1 like pycocotools, 255 for images). */
ann_status ann_coco_decode(const ann_coco *c, uint8_t value, ann_mask **out,
    ann_error *err);

/* The uncompressed form, {"size": [h, w], "counts": [...]}. */
ann_status ann_coco_from_counts(uint32_t h, uint32_t w, const int64_t *counts,
    size_t n, ann_coco **out, ann_error *err);
/*
 * The compressed string form, as maskApi's rleToString writes it and
 * rleFrString reads it.  to_string returns a NUL-terminated string and its
 * length.
 */
ann_status ann_coco_to_string(const ann_coco *c, char **out, size_t *outlen,
    ann_error *err);
ann_status ann_coco_from_string(uint32_t h, uint32_t w, const char *s,
    size_t len, ann_coco **out, ann_error *err);

/* Foreground pixel count and [x, y, w, h] box, from the counts alone. */
uint64_t ann_coco_area(const ann_coco *c);
void ann_coco_bbox(const ann_coco *c, double bbox[4]);

/* --- Conversions, without the RGBA buffer -------------------------------- */

/* The alpha channel's non-zero pixels as a COCO RLE. */
ann_status ann_lsrle_to_coco(const uint8_t *rle, size_t len, uint32_t width,
    uint32_t height, ann_coco **out, ann_error *err);
/* Foreground as VALUE in every channel, as mask2rle would write it. */
ann_status ann_coco_to_lsrle(const ann_coco *c, uint8_t value, uint8_t **out,
    size_t *outlen, ann_error *err);
/*
 * The same from the compressed counts string, without an ann_coco between
 * them: ann_coco_from_string then ann_coco_to_lsrle, the same checks, the
 * same messages, the same bytes.  *out is the caller's, freed with free().
 */
ann_status ann_coco_string_to_lsrle(uint32_t h, uint32_t w, const char *s,
    size_t len, uint8_t value, uint8_t **out, size_t *outlen,
    ann_error *err);

/* --- Files --------------------------------------------------------------- */

/*
 * Where the writers send their bytes: return 0 when all N went out, -1
 * otherwise (the writer then fails with ANN_FATAL).
 */
typedef int (*ann_write_fn)(void *ctx, const void *data, size_t n);

/*
 * Read a PNG of any colour type and bit depth into one 8-bit plane:
 *   grey:           the grey value (1, 2, 4 bits are scaled to 0..255);
 *   palette:        the palette index (as numpy reads a mode "P" image);
 *   RGB:            the largest of R, G, B (non-zero when any channel is);
 *   grey+alpha, RGBA: the alpha channel, as in Label Studio's RGBA layout.
 * 16-bit samples keep their high byte, except that a non-zero sample never
 * becomes 0 (it becomes 1).  tRNS chunks are ignored.
 * The size in the header is checked before any pixel is read: the PNG is
 * refused (ANN_FAILED) when it is not WIDTH x HEIGHT (unless both are 0)
 * or has more than MAX_PIXELS pixels (0: no limit), since a small PNG can
 * claim a plane of gigabytes and take seconds to inflate.
 */
ann_status ann_mask_read_png(FILE *in, uint64_t max_pixels, uint32_t width,
    uint32_t height, ann_mask **out, ann_error *err);
/* 8-bit greyscale PNG. */
ann_status ann_mask_write_png(FILE *to, const ann_mask *m, ann_error *err);
/* NumPy .npy, format version 1.0, dtype uint8, C order, shape (height, width). */
ann_status ann_mask_write_npy(FILE *to, const ann_mask *m, ann_error *err);
/*
 * The same from runs, a row at a time, to WRITE: memory is one row, not
 * the mask.  For the PNG, FG non-zero writes every non-zero pixel as FG
 * (255 for a 0/255 mask); 0 keeps the values.
 */
ann_status ann_runmask_write_png(const ann_runmask *m, uint8_t fg,
    ann_write_fn write, void *ctx, ann_error *err);
ann_status ann_runmask_write_npy(const ann_runmask *m, ann_write_fn write,
    void *ctx, ann_error *err);

/* --- Outer contours ------------------------------------------------------ */

/*
 * The connected parts of a mask's foreground, each as the polygon of its
 * outer boundary, for formats that hold polygons (YOLO segment, COCO
 * polygons):
 *   - the foreground is 8-connected (pixels touching at a corner are one
 *     part), so the background, holes included, is 4-connected;
 *   - corners are pixel-corner coordinates: pixel (x, y) is the square
 *     from (x, y) to (x + 1, y + 1), so a contour is 0..width by
 *     0..height and a one-pixel part is a unit square;
 *   - a polygon goes clockwise on the screen (y down) from the top-left
 *     corner of its part's first pixel in row-major order, and holds only
 *     the points where it turns: points on a straight run are dropped,
 *     nothing else, so it is exactly the part's boundary (at least 4
 *     points).  Where two pixels of a part touch only at a corner, the
 *     polygon passes that corner twice: it touches itself there, and
 *     filling it (even-odd, or non-zero) gives back the part's pixels;
 *   - holes are not in the polygons (they hold the part as if filled);
 *     they are walked, to be counted in holes.
 * Parts come in the row-major order of their first pixels.
 *
 * The tracer works in the mask it is given, which it takes over: its
 * values become flags (bit 0 the foreground, bit 1 a walked edge), so
 * the mask is no longer the caller's picture.  Memory: the mask, and one
 * contour at a time (8 bytes a corner; at most 2 * (w + 1) * (h + 1)
 * corners, far fewer in practice); time: one pass over the mask plus the
 * length of every boundary.
 *
 * Ownership: t borrows m until the last call; t->xy belongs to t, valid
 * until the next ann_mask_trace_next, freed by ann_mask_trace_free.
 */
typedef struct ann_mask_trace {
	ann_mask *m;
	uint32_t x, y;		/* where the scan goes on */
	uint32_t *xy;		/* the part's corners: x0 y0 x1 y1 ... */
	size_t n;		/* how many corners */
	size_t cap;		/* room in xy, in numbers */
	uint64_t parts;		/* parts given so far */
	uint64_t holes;		/* holes met so far */
} ann_mask_trace;

void ann_mask_trace_init(ann_mask_trace *t, ann_mask *m);
/*
 * The next part's outer contour in t->xy and t->n: ANN_OK; ANN_EOF when
 * there is none left (t->holes is then every hole of the mask); ANN_FATAL
 * when out of memory.
 */
ann_status ann_mask_trace_next(ann_mask_trace *t, ann_error *err);
void ann_mask_trace_free(ann_mask_trace *t);

/* --- Brush regions of the task view --------------------------------------- */

typedef enum {
	ANN_RLE_NONE,	/* no mask kept in the export */
	ANN_RLE_LS,	/* Label Studio's list of bytes */
	ANN_RLE_COCO	/* a COCO RLE object (after ann-rle to-coco) */
} ann_rle_form;

/*
 * Where a brush region keeps its mask: value.rle, in one of two forms.
 * ANN_WARN (form ANN_RLE_NONE) when the export keeps none for the region
 * (Labelbox URLs, bitmask data URLs); ANN_FAILED, with err, when value.rle
 * is missing or neither form.
 */
ann_status ann_region_rle(const ann_region *r, ann_shape shape,
    ann_json_val *rle, ann_rle_form *form, ann_error *err);

/*
 * The mask a brush region holds in value.rle, Label Studio's list of bytes
 * or a COCO RLE object, as a COCO RLE, and unless runs is NULL as runs too.
 *
 * A Label Studio list does not hold its size: its header says only how
 * many bytes it decodes to, width * height * 4 (RGBA).  The size is the
 * region's original_width x original_height, or, for older exports
 * without them, WIDTH x HEIGHT, the image's (from the image file or the
 * user; -1 when not known).  When the image's size is known, a mask of
 * another size is refused ("mask 2242x2802 decodes to 25128336 bytes,
 * image is 1000x800"), since it cannot be this image's mask.
 *
 * ANN_WARN when the export keeps no mask for the region (Labelbox URLs,
 * bitmask data URLs); ANN_FAILED, with err, for a mask that is not what
 * it should be or that has more than MAX_PIXELS pixels (0: no limit),
 * checked before decoding.
 */
ann_status ann_region_mask(const ann_region *r, ann_shape shape, long width,
    long height, uint64_t max_pixels, ann_coco **coco, ann_runmask **runs,
    ann_error *err);

/*
 * After ann_region_mask (or ann_region_mask_file) gave ANN_FAILED: was it
 * because a WIDTH x HEIGHT mask is over MAX_PIXELS?  Then 1, with err
 * naming the region ("region ID: ..."): the converter refuses the task,
 * an error the user can lift with --max-pixels, not a mask that does not
 * decode, which is counted and skipped.  0 otherwise (err untouched).
 */
int ann_region_mask_too_big(const ann_region *r, uint64_t width,
    uint64_t height, uint64_t max_pixels, ann_error *err);

/*
 * A mask the export gives only as a URL (Labelbox), downloaded by the user
 * to ROOT/FEATURE_ID.png, the region's id: its non-zero pixels (alpha, for
 * RGBA) are the mask, and it must be WIDTH x HEIGHT, the image's, which the
 * PNG reader checks in the header before inflating anything.  ANN_OK with
 * *out (the caller frees it); ANN_WARN when there is no such file (or the
 * id is not a name to look for); ANN_FAILED, with err, for a PNG that is
 * not such a mask; ANN_FATAL out of memory.
 */
ann_status ann_region_mask_file(const ann_region *r, const char *root,
    uint64_t max_pixels, long width, long height, ann_mask **out,
    ann_error *err);

/*
 * An image size as the tools' --size takes it, "WIDTHxHEIGHT", each side
 * from 1 to 2^31 - 1.  0, or -1 when TEXT is not one.
 */
int ann_mask_size_parse(const char *text, long *width, long *height);

#endif /* ANN_RLE_H */
