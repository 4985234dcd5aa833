/*
 * mask_io.c: masks in and out of files: PNG through libpng, and NumPy's
 * .npy for writing.  Both writers take rows one at a time, from a plane or
 * from runs, so a mask that is held as runs is never made a plane.
 *
 * libpng reports errors by longjmp from its error callback.  The callback
 * keeps the message in the caller's ann_error; every object that must be
 * freed after the jump lives in a struct whose address does not change,
 * so nothing depends on locals being preserved across setjmp.
 */
#include <png.h>
#include <stdlib.h>
#include <string.h>

#include "rle_private.h"

struct png_job {
	ann_error *err;
	ann_mask *mask;
	uint8_t *row;		/* one row read or written */
};

static void
on_png_error(png_structp png, png_const_charp msg)
{
	struct png_job *job = png_get_error_ptr(png);

	ann__error_set(job->err, "PNG: %s", msg);
	png_longjmp(png, 1);
}

static void
on_png_warning(png_structp png, png_const_charp msg)
{
	/* Warnings (bad CRCs in ancillary chunks, say) do not stop a mask. */
	(void)png;
	(void)msg;
}

/* Sample S of a row of 8- or 16-bit samples, reduced to 8 bits. */
static inline uint8_t
sample(const uint8_t *row, size_t s, int wide)
{
	if (!wide)
		return row[s];
	unsigned v = (unsigned)row[2 * s] << 8 | row[2 * s + 1];
	/* Keep the high byte, but never turn "some" into "none". */
	return (uint8_t)(v >> 8 ? v >> 8 : v != 0);
}

/* One decoded row of CHANNELS samples to mask bytes (see ann_rle.h). */
static void
reduce_row(const uint8_t *row, uint8_t *dst, png_uint_32 w, int channels,
    int wide)
{
	for (png_uint_32 x = 0; x < w; x++) {
		size_t s = (size_t)x * channels;
		uint8_t v, g, b;
		switch (channels) {
		case 1:
			v = sample(row, s, wide);
			break;
		case 2:		/* grey + alpha */
			v = sample(row, s + 1, wide);
			break;
		case 3:		/* RGB: the largest channel */
			v = sample(row, s, wide);
			g = sample(row, s + 1, wide);
			b = sample(row, s + 2, wide);
			v = v > g ? v : g;
			v = v > b ? v : b;
			break;
		default:	/* RGBA: alpha */
			v = sample(row, s + 3, wide);
			break;
		}
		dst[x] = v;
	}
}

ann_status
ann_mask_read_png(FILE *in, uint64_t max_pixels, uint32_t width,
    uint32_t height, ann_mask **out, ann_error *err)
{
	struct png_job job = { err, NULL, NULL };
	png_structp png;
	png_infop info = NULL;

	*out = NULL;
	png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &job,
	    on_png_error, on_png_warning);
	if (png == NULL || (info = png_create_info_struct(png)) == NULL) {
		png_destroy_read_struct(&png, NULL, NULL);
		ann__error_set(err, "out of memory reading PNG");
		return ANN_FATAL;
	}
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_read_struct(&png, &info, NULL);
		ann_mask_free(job.mask);
		free(job.row);
		return ANN_FAILED;
	}
	png_init_io(png, in);
	png_read_info(png, info);
	png_uint_32 w = png_get_image_width(png, info);
	png_uint_32 h = png_get_image_height(png, info);
	/* The header alone says what decoding would cost: judge it first. */
	if ((width != 0 || height != 0) && (w != width || h != height)) {
		ann__error_set(err, "PNG is %ux%u, not %ux%u", w, h, width,
		    height);
		png_destroy_read_struct(&png, &info, NULL);
		return ANN_FAILED;
	}
	if (ann_mask_check_size(w, h, max_pixels, err) != ANN_OK) {
		png_destroy_read_struct(&png, &info, NULL);
		return ANN_FAILED;
	}
	int depth = png_get_bit_depth(png, info);
	int type = png_get_color_type(png, info);

	/*
	 * Sub-byte samples become bytes: grey is scaled to 0..255 (a 1-bit
	 * mask reads as 0/255), palette indices stay indices.
	 */
	if (type == PNG_COLOR_TYPE_GRAY && depth < 8)
		png_set_expand_gray_1_2_4_to_8(png);
	else if (type == PNG_COLOR_TYPE_PALETTE && depth < 8)
		png_set_packing(png);
	int passes = png_set_interlace_handling(png);
	png_read_update_info(png, info);
	int channels = png_get_channels(png, info);
	int wide = png_get_bit_depth(png, info) == 16;
	size_t rowbytes = png_get_rowbytes(png, info);
	/* Plain 8-bit grey and palette rows are the mask rows already. */
	int direct = channels == 1 && !wide;
	/*
	 * Each pass of an interlaced image adds pixels to rows that must keep
	 * the earlier ones, so wider samples need the whole image at once.
	 */
	size_t nrows = direct ? 0 : passes > 1 ? h : 1;

	if ((job.mask = ann_mask_new(w, h)) == NULL ||
	    (nrows > 0 && (uint64_t)rowbytes * nrows > SIZE_MAX) ||
	    (nrows > 0 && (job.row = malloc(rowbytes * nrows)) == NULL)) {
		ann__error_set(err, "out of memory for a %ux%u PNG", w, h);
		png_destroy_read_struct(&png, &info, NULL);
		ann_mask_free(job.mask);
		return ANN_FATAL;
	}
	for (int pass = 0; pass < passes; pass++)
		for (png_uint_32 y = 0; y < h; y++) {
			uint8_t *dst = job.mask->pix + (size_t)y * w;
			if (direct)
				png_read_row(png, dst, NULL);
			else if (nrows == 1) {
				png_read_row(png, job.row, NULL);
				reduce_row(job.row, dst, w, channels, wide);
			} else
				png_read_row(png, job.row + y * rowbytes, NULL);
		}
	if (!direct && nrows > 1)
		for (png_uint_32 y = 0; y < h; y++)
			reduce_row(job.row + y * rowbytes,
			    job.mask->pix + (size_t)y * w, w, channels, wide);
	png_read_end(png, NULL);
	png_destroy_read_struct(&png, &info, NULL);
	free(job.row);
	*out = job.mask;
	return ANN_OK;
}

/*
 * Where the PNG writer's bytes go: the caller's function, or a failure
 * that libpng hears as an error (so the write ends at once).
 */
struct png_sink {
	struct png_job *job;
	ann_write_fn write;
	void *ctx;
};

static void
on_png_write(png_structp png, png_bytep data, size_t n)
{
	struct png_sink *k = png_get_io_ptr(png);

	if (k->write(k->ctx, data, n) != 0)
		png_error(png, "write error");
}

static void
on_png_flush(png_structp png)
{
	(void)png;
}

/*
 * Row Y of a mask: a pointer to its WIDTH bytes, which may be BUF filled
 * in or the row where the mask already holds it.
 */
typedef const uint8_t *(*row_fn)(void *src, uint32_t y, uint8_t *buf);

/*
 * An 8-bit greyscale PNG written a row at a time, with the settings
 * png_write_png would use, so the bytes are the same as from a plane.
 */
static ann_status
write_png_rows(uint32_t w, uint32_t h, row_fn row, void *src,
    ann_write_fn write, void *ctx, ann_error *err)
{
	struct png_job job = { err, NULL, NULL };
	struct png_sink sink = { &job, write, ctx };
	png_structp png;
	png_infop info = NULL;

	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &job,
	    on_png_error, on_png_warning);
	if (png == NULL || (info = png_create_info_struct(png)) == NULL ||
	    (job.row = malloc(w)) == NULL) {
		png_destroy_write_struct(&png, &info);
		ann__error_set(err, "out of memory writing PNG");
		return ANN_FATAL;
	}
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		free(job.row);
		return ANN_FATAL;
	}
	png_set_write_fn(png, &sink, on_png_write, on_png_flush);
	png_set_IHDR(png, info, w, h, 8, PNG_COLOR_TYPE_GRAY,
	    PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
	    PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (uint32_t y = 0; y < h; y++)
		png_write_row(png, row(src, y, job.row));
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	free(job.row);
	return ANN_OK;
}

static int
to_file(void *ctx, const void *data, size_t n)
{
	return fwrite(data, 1, n, ctx) == n ? 0 : -1;
}

static const uint8_t *
plane_row(void *src, uint32_t y, uint8_t *buf)
{
	const ann_mask *m = src;

	(void)buf;
	return m->pix + (size_t)y * m->width;
}

ann_status
ann_mask_write_png(FILE *to, const ann_mask *m, ann_error *err)
{
	ann_status st = write_png_rows(m->width, m->height, plane_row, (void *)m,
	    to_file, to, err);

	if (st == ANN_OK && (fflush(to) != 0 || ferror(to))) {
		ann__error_set(err, "PNG: write error");
		st = ANN_FATAL;
	}
	return st;
}

/*
 * A run mask's rows in order: the next run to look at is kept between
 * calls, so a whole pass costs the rows plus the runs.  FG, when not 0,
 * stands for every non-zero value.
 */
struct run_rows {
	const ann_runmask *m;
	size_t k;
	uint8_t fg;
};

static const uint8_t *
run_row(void *src, uint32_t y, uint8_t *buf)
{
	struct run_rows *r = src;
	const ann_runmask *m = r->m;
	const uint64_t w = m->width, from = y * w, to = from + w;

	memset(buf, 0, w);
	for (; r->k < m->n && m->start[r->k] < to; r->k++) {
		uint64_t a = m->start[r->k] > from ? m->start[r->k] : from;
		uint64_t b = m->end[r->k] < to ? m->end[r->k] : to;
		memset(buf + (a - from), r->fg ? r->fg : m->value[r->k], b - a);
		if (m->end[r->k] > to)
			break;	/* it goes on into the next row */
	}
	return buf;
}

ann_status
ann_runmask_write_png(const ann_runmask *m, uint8_t fg, ann_write_fn write,
    void *ctx, ann_error *err)
{
	struct run_rows r = { m, 0, fg };

	return write_png_rows(m->width, m->height, run_row, &r, write, ctx, err);
}

/*
 * NumPy's format 1.0: magic, version, a little-endian 16-bit header length,
 * then a Python dict literal padded with spaces and a newline so the data
 * starts at a multiple of 64 bytes, as numpy.save writes it; then the rows.
 */
static ann_status
write_npy_rows(uint32_t w, uint32_t h, row_fn row, void *src,
    ann_write_fn write, void *ctx, ann_error *err)
{
	char dict[128];
	unsigned char head[10 + 128];
	uint8_t *buf;
	int n = snprintf(dict, sizeof dict,
	    "{'descr': '|u1', 'fortran_order': False, 'shape': (%u, %u), }",
	    h, w);
	size_t hlen = ((10 + (size_t)n + 1 + 63) / 64) * 64 - 10;

	if ((buf = malloc(w)) == NULL) {
		ann__error_set(err, "out of memory writing .npy");
		return ANN_FATAL;
	}
	memcpy(head, "\x93NUMPY\x01\x00", 8);
	head[8] = (unsigned char)(hlen & 0xFF);
	head[9] = (unsigned char)(hlen >> 8);
	memcpy(head + 10, dict, (size_t)n);
	memset(head + 10 + n, ' ', hlen - (size_t)n - 1);
	head[10 + hlen - 1] = '\n';
	int bad = write(ctx, head, 10 + hlen) != 0;
	for (uint32_t y = 0; y < h && !bad; y++)
		bad = write(ctx, row(src, y, buf), w) != 0;
	free(buf);
	if (bad) {
		ann__error_set(err, ".npy: write error");
		return ANN_FATAL;
	}
	return ANN_OK;
}

ann_status
ann_mask_write_npy(FILE *to, const ann_mask *m, ann_error *err)
{
	ann_status st = write_npy_rows(m->width, m->height, plane_row, (void *)m,
	    to_file, to, err);

	if (st == ANN_OK && fflush(to) != 0) {
		ann__error_set(err, ".npy: write error");
		st = ANN_FATAL;
	}
	return st;
}

ann_status
ann_runmask_write_npy(const ann_runmask *m, ann_write_fn write, void *ctx,
    ann_error *err)
{
	struct run_rows r = { m, 0, 0 };

	return write_npy_rows(m->width, m->height, run_row, &r, write, ctx, err);
}
