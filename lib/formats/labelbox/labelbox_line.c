/*
 * labelbox_line.c: the pieces every line of Labelbox import NDJSON is
 * made of (labelbox_private.h): its head (uuid, data row, name), points,
 * strings, its tail (a prediction's confidence).  It calls no other file
 * of the converter, so that all of them may call it.
 *
 * uuids are stable: a hash of the task's id, the annotation set's and the
 * region's, so the same input gives the same lines, and a relationship
 * names its ends by the uuids they were written with.  The set is part of
 * the key because Label Studio copies a prediction's region ids into the
 * annotation made from it: with --both, the two would share uuids.
 */
#include <math.h>
#include <stdlib.h>

#include "ann_taskid.h"
#include "labelbox_private.h"

/* A JSON string value as text, quoted: decoded then escaped again (-1 no memory). */
int
ann__labelbox_put_string(ann_buf *b, ann_json_val s)
{
	char small[256], *t = small;
	int bad;

	if (s.n > sizeof small && (t = malloc(s.n)) == NULL)
		return -1;
	size_t n = ann_json_str_decode(s, t);
	bad = ann_buf_json_string(b, t, n);
	if (t != small)
		free(t);
	return bad;
}

/*
 * The uuid of region id (its JSON text; none: its place n in the set): a
 * 128-bit hash of the task's key, the set's and the region's, written as
 * an RFC 9562 version 8 (vendor-defined) uuid, which Labelbox takes as any
 * other.
 */
int
ann__labelbox_put_uuid(ann_labelbox *lb, ann_json_val id, size_t n)
{
	ann_buf *k = &lb->key;
	size_t base = k->len;
	int bad;

	bad = ann_buf_put(k, "\x1f", 1) != 0 || ann_buf_put(k, lb->set.p, lb->set.len) != 0 ||
	    ann_buf_put(k, "\x1f", 1) != 0 ||
	    (id.p != NULL ? ann_buf_put(k, id.p, id.n) : ann_buf_printf(k, "#%zu", n)) != 0;
	if (bad) {
		k->len = base;
		return -1;
	}
	uint64_t hi = ann_hash(k->p, k->len);
	uint64_t lo = ann_task_hash(k->p, k->len, 0x6c62ULL);
	k->len = base;
	hi = (hi & ~0xf000ULL) | 0x8000ULL;			/* version 8 */
	lo = (lo & ~(3ULL << 62)) | (2ULL << 62);		/* variant 10 */
	return ann_buf_printf(&lb->lines, "\"%08lx-%04lx-%04lx-%04lx-%012llx\"",
	    (unsigned long)(hi >> 32), (unsigned long)((hi >> 16) & 0xffff),
	    (unsigned long)(hi & 0xffff), (unsigned long)(lo >> 48),
	    (unsigned long long)(lo & 0xffffffffffffULL));
}

/* {"uuid":..,"dataRow":..,"name":NAME: the head of every line. */
int
ann__labelbox_put_head(ann_labelbox *lb, ann_json_val id, size_t n,
    ann_json_val name)
{
	ann_buf *b = &lb->lines;

	return ann_buf_put(b, "{\"uuid\":", 8) != 0 ||
	    ann__labelbox_put_uuid(lb, id, n) != 0 ||
	    ann_buf_put(b, ",\"dataRow\":", 11) != 0 ||
	    ann_buf_put(b, lb->row.p, lb->row.len) != 0 ||
	    ann_buf_put(b, ",\"name\":", 8) != 0 ||
	    ann__labelbox_put_string(b, name) != 0 ? -1 : 0;
}

/* {"x":X,"y":Y} */
int
ann__labelbox_put_xy(ann_buf *b, const double xy[2])
{
	return ann_buf_put(b, "{\"x\":", 5) != 0 || ann_buf_double(b, xy[0]) != 0 ||
	    ann_buf_put(b, ",\"y\":", 5) != 0 || ann_buf_double(b, xy[1]) != 0 ||
	    ann_buf_put(b, "}", 1) != 0 ? -1 : 0;
}

/* A line's end: the score of a prediction as its confidence, then '}\n'. */
int
ann__labelbox_put_tail(ann_labelbox *lb, const ann_annotation *a, const ann_geom *g)
{
	ann_buf *b = &lb->lines;

	if (a->prediction && g != NULL && isfinite(g->score) &&
	    (ann_buf_put(b, ",\"confidence\":", 14) != 0 || ann_buf_double(b, g->score) != 0))
		return -1;
	return ann_buf_put(b, "}\n", 2);
}
