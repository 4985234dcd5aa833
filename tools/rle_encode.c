/*
 * rle_encode.c: ann-rle's encode: each PNG mask made into a Label Studio
 * task with one brush prediction, its value.rle the bytes mask2rle writes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann.h"
#include "ann_rle.h"
#include "rle_cli.h"

/* --- encode -------------------------------------------------------------- */

/*
 * A region id like the editor's (10 letters and digits), the same on every
 * run: the hash of the file name and its position among the operands.
 */
static void
region_id(const char *path, int index, char id[11])
{
	static const char digits[] =
	    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	char buf[4096 + 16];
	int n = snprintf(buf, sizeof buf, "%s%c%d", path, '\0', index);
	uint64_t h = ann_hash(buf, n > 0 && (size_t)n < sizeof buf ? (size_t)n : sizeof buf);

	for (int i = 0; i < 10; i++, h /= 62)
		id[i] = digits[h % 62];
	id[10] = '\0';
}

/* One task line: {"data":{...},"predictions":[{...,"result":[{brush}]}]} */
static int
put_task(ann_buf *b, const struct encode *e, const char *path, int index,
    const ann_mask *m, const uint8_t *rle, size_t n)
{
	const char *value = e->data_value ? e->data_value : path;
	char id[11];
	int bad;

	region_id(path, index, id);
	b->len = 0;
	bad = ann_buf_put(b, "{\"data\":{", 9) != 0 ||
	    ann_buf_json_string(b, e->data_key, strlen(e->data_key)) != 0 ||
	    ann_buf_put(b, ":", 1) != 0 || ann_buf_json_string(b, value, strlen(value)) != 0 ||
	    ann_buf_put(b, "},\"predictions\":[{", 18) != 0;
	if (!bad && e->model_version != NULL)
		bad = ann_buf_put(b, "\"model_version\":", 16) != 0 ||
		    ann_buf_json_string(b, e->model_version, strlen(e->model_version)) != 0 ||
		    ann_buf_put(b, ",", 1) != 0;
	if (!bad && e->score != NULL)
		bad = ann_buf_printf(b, "\"score\":%s,", e->score) != 0;
	bad = bad || ann_buf_printf(b, "\"result\":[{\"id\":\"%s\",\"type\":"
	    "\"brushlabels\",\"from_name\":", id) != 0 ||
	    ann_buf_json_string(b, e->from_name, strlen(e->from_name)) != 0 ||
	    ann_buf_put(b, ",\"to_name\":", 11) != 0 ||
	    ann_buf_json_string(b, e->to_name, strlen(e->to_name)) != 0 ||
	    ann_buf_printf(b, ",\"original_width\":%u,\"original_height\":%u,"
	    "\"image_rotation\":0,\"value\":{\"format\":\"rle\",\"rle\":",
	    m->width, m->height) != 0 || ann_lsrle_put_list(b, rle, n) != 0;
	return bad || ann_buf_put(b, ",\"brushlabels\":[", 16) != 0 ||
	    ann_buf_json_string(b, e->label, strlen(e->label)) != 0 ||
	    ann_buf_put(b, "]}}]}]}\n", 8) != 0 ? -1 : 0;
}

ann_status
rle_encode_file(const struct encode *e, ann_loop *L, ann_out *out, ann_buf *b,
    const char *path, int index)
{
	ann_error err;
	ann_mask *m = NULL;
	uint8_t *rle = NULL;
	size_t n = 0;
	FILE *f = fopen(path, "rb");
	ann_status st;

	if (f == NULL) {
		ann_loop_error(L, path, "%s", strerror(errno));
		return ANN_FAILED;
	}
	st = ann_mask_read_png(f, e->max_pixels, 0, 0, &m, &err);
	fclose(f);
	if (st == ANN_OK) {
		/*
		 * The values as they are, as mask2rle keeps them: a brush's
		 * anti-aliased edge is grey, and encoding it as 255 would not
		 * give its export back.  A model's soft output is another
		 * matter: --threshold makes it 0/255.
		 */
		if (e->threshold > 0)
			for (size_t i = 0; i < (size_t)m->width * m->height; i++)
				m->pix[i] = m->pix[i] >= e->threshold ? 255 : 0;
		st = ann_lsrle_encode(m, &rle, &n, &err);
	}
	if (st == ANN_OK && put_task(b, e, path, index, m, rle, n) != 0) {
		snprintf(err.msg, sizeof err.msg, "out of memory");
		st = ANN_FATAL;
	}
	if (st != ANN_OK)
		ann_loop_error(L, path, "%s", err.msg);
	else if (ann_out_write(out, b->p, b->len) != ANN_OK) {
		ann_loop_error(L, ann_out_name(out), "%s", ann_out_errmsg(out));
		st = ANN_FATAL;
	}
	free(rle);
	ann_mask_free(m);
	return st;
}

