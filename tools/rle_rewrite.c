/*
 * rle_rewrite.c: ann-rle's to-coco and from-coco: each brush value.rle
 * rewritten in place, as edits spliced into the record's own bytes, so
 * that everything else in the record stays as it was.
 */
#include <stdlib.h>

#include "ann.h"
#include "ann_rle.h"
#include "rle_cli.h"

/* A replacement of record bytes [off, off + len) by text in the edit buffer. */
struct edit {
	size_t off, len;
	size_t text_off, text_len;
};

/* --- to-coco and from-coco ---------------------------------------------- */

/* Replace the record bytes of v with the text now at the end of s->text. */
static ann_status
add_edit(struct rle *s, const ann_record *rec, ann_json_val v, size_t text_off)
{
	if (s->nedits == s->capedits) {
		size_t cap = s->capedits ? 2 * s->capedits : 16;
		struct edit *ne = realloc(s->edits, cap * sizeof *ne);
		if (ne == NULL)
			return rle_oom(s);
		s->edits = ne;
		s->capedits = cap;
	}
	s->edits[s->nedits++] = (struct edit){
		(size_t)(v.p - rec->data), v.n, text_off, s->text.len - text_off
	};
	return ANN_OK;
}

/* value.format, when it says what it should no longer say. */
static ann_status
edit_format(struct rle *s, const ann_record *rec, const ann_region *r,
    const char *from, const char *to)
{
	ann_json_val f;
	size_t at = s->text.len;

	if (ann_json_get(r->value, "format", &f) != 0 || !ann_json_str_eq(f, from))
		return ANN_OK;
	if (ann_buf_printf(&s->text, "\"%s\"", to) != 0)
		return rle_oom(s);
	return add_edit(s, rec, f, at);
}

/* value.rle from the list of bytes to {"size":[h,w],"counts":"..."}. */
ann_status
rle_to_coco(struct rle *s, const ann_record *rec, const ann_region *r, ann_json_val rle)
{
	ann_coco *coco;
	char *counts;
	size_t n, at = s->text.len;
	ann_status st = rle_read_mask(s, r, &coco, NULL);

	if (st != ANN_OK)
		return st;
	/* Any failure here is memory: rle_oom says so. */
	st = ann_coco_to_string(coco, &counts, &n, NULL);
	if (st == ANN_OK) {
		if (ann_buf_printf(&s->text, "{\"size\":[%u,%u],\"counts\":",
		    coco->h, coco->w) != 0 || ann_buf_json_string(&s->text, counts, n) != 0 ||
		    ann_buf_put(&s->text, "}", 1) != 0)
			st = ANN_FATAL;
		free(counts);
	}
	ann_coco_free(coco);
	if (st != ANN_OK)
		return rle_oom(s);
	if ((st = add_edit(s, rec, rle, at)) != ANN_OK)
		return st;
	return edit_format(s, rec, r, "rle", "coco_rle");
}

/* value.rle from COCO back to the bytes mask2rle writes for a 0/255 mask. */
ann_status
rle_from_coco(struct rle *s, const ann_record *rec, const ann_region *r,
    ann_json_val rle)
{
	ann_coco *coco;
	uint8_t *bytes;
	ann_error err;
	size_t n, at = s->text.len;
	ann_status st = rle_read_mask(s, r, &coco, NULL);

	if (st != ANN_OK)
		return st;
	st = ann_coco_to_lsrle(coco, 255, &bytes, &n, &err);
	ann_coco_free(coco);
	if (st != ANN_OK)
		return st == ANN_FATAL ? rle_oom(s) : rle_region_fail(s, r, "%s", err.msg);
	int bad = ann_lsrle_put_list(&s->text, bytes, n) != 0;
	free(bytes);
	if (bad)
		return rle_oom(s);
	if ((st = add_edit(s, rec, rle, at)) != ANN_OK)
		return st;
	return edit_format(s, rec, r, "coco_rle", "rle");
}

static int
by_offset(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/* The record with its edits made, on one line like every record out. */
ann_status
rle_write_spliced(struct rle *s, ann_loop *L, const ann_record *rec)
{
	size_t from = 0;
	ann_buf *b = &s->spliced;

	if (s->nedits == 0)
		goto plain;
	qsort(s->edits, s->nedits, sizeof *s->edits, by_offset);
	b->len = 0;
	for (size_t i = 0; i < s->nedits; i++) {
		const struct edit *e = &s->edits[i];
		if (e->off < from)	/* a result the view gave twice */
			continue;
		if (ann_buf_put(b, rec->data + from, e->off - from) != 0 ||
		    ann_buf_put(b, s->text.p + e->text_off, e->text_len) != 0)
			return rle_oom(s);
		from = e->off + e->len;
	}
	if (ann_buf_put(b, rec->data + from, rec->len - from) != 0)
		return rle_oom(s);
	if (rec->multiline) {
		char *m = ann_buf_clear_room(&s->minified, b->len);
		if (m == NULL)
			return rle_oom(s);
		s->minified.len = ann_json_minify(b->p, b->len, m);
		b = &s->minified;
	}
	if (ann_out_write(s->out, b->p, b->len) != ANN_OK ||
	    ann_out_write(s->out, "\n", 1) != ANN_OK)
		goto fail;
	return ANN_OK;
plain:
	if (ann_out_record(s->out, rec) == ANN_OK)
		return ANN_OK;
fail:
	ann_loop_error(L, ann_out_name(s->out), "%s", ann_out_errmsg(s->out));
	return ANN_FATAL;
}

