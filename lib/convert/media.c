/*
 * media.c: a task's image: its reference, file name and size
 * (ann_media.h).
 */
#include <stdio.h>
#include <string.h>

#include "ann_core.h"
#include "ann_media.h"
#include "util_private.h"

int
ann_media_ref(const ann_task *t, const ann_labelconfig *cfg,
    ann_json_val *ref, const char **key)
{
	const char *k = cfg != NULL ? ann_labelconfig_image_key(cfg, NULL) : NULL;

	*key = k != NULL ? k : "data";
	if (t->shape == ANN_SHAPE_LABELBOX_V2 || t->shape == ANN_SHAPE_LABELBOX_V1 ||
	    k == NULL)
		*ref = t->data_ref;
	else if (ann_json_get(t->data, k, ref) != 0)
		ref->p = NULL;
	if (ann_json_typeof(*ref) == ANN_JSON_NONE && k == NULL &&
	    ann_json_typeof(t->data) == ANN_JSON_OBJECT) {
		/* No string in data: a list of images, as valueList keeps them. */
		ann_json_iter it;
		ann_json_val name, v;
		ann_json_iter_init(&it, t->data);
		while (ref->p == NULL && ann_json_next_member(&it, &name, &v))
			if (ann_media_item(v, 0, &name) == 0)
				*ref = v;
	}
	if (ann_json_typeof(*ref) == ANN_JSON_ARRAY)
		return ann_media_item(*ref, 0, &(ann_json_val){ NULL, 0 });
	return ann_json_typeof(*ref) == ANN_JSON_STRING ? 0 : -1;
}

int
ann_media_ref_item(const ann_task *t, const ann_labelconfig *cfg, size_t item,
    ann_json_val *ref, const char **key)
{
	if (ann_media_ref(t, cfg, ref, key) != 0)
		return -1;
	return ann_media_item(*ref, item, ref);
}

size_t
ann_media_items(ann_json_val ref)
{
	ann_json_iter it;
	ann_json_val v;
	size_t n = 0;

	if (ann_json_typeof(ref) != ANN_JSON_ARRAY)
		return 1;
	ann_json_iter_init(&it, ref);
	while (ann_json_next_elem(&it, &v))
		n++;
	return n;
}

int
ann_media_item(ann_json_val ref, size_t i, ann_json_val *item)
{
	ann_json_iter it;

	if (ann_json_typeof(ref) == ANN_JSON_STRING && i == 0) {
		*item = ref;
		return 0;
	}
	if (ann_json_typeof(ref) != ANN_JSON_ARRAY)
		return -1;
	ann_json_iter_init(&it, ref);
	for (size_t k = 0; ann_json_next_elem(&it, item); k++)
		if (k == i)
			return ann_json_typeof(*item) == ANN_JSON_STRING ? 0 : -1;
	return -1;
}

char *
ann_media_decode(ann_json_val ref, ann_buf *buf)
{
	buf->len = 0;
	char *s = ann_buf_room(buf, ref.n);	/* decoding never lengthens */

	if (s != NULL)
		s[ann_json_str_decode(ref, s)] = '\0';
	return s;
}

const char *
ann_media_file_name(char *ref, int mode)
{
	const char *name = ref, *d = strstr(ref, "?d=");
	char *q;

	if (mode == ANN_FILE_NAME_URL)
		return ref;
	if (d != NULL)
		name = d + 3;
	else {
		if ((q = strpbrk(ref, "?#")) != NULL)
			*q = '\0';
		const char *scheme = strstr(ref, "://");
		if (scheme != NULL) {
			const char *slash = strchr(scheme + 3, '/');
			name = slash != NULL ? slash + 1 : "";
		}
	}
	if (mode == ANN_FILE_NAME_BASENAME && strrchr(name, '/') != NULL)
		name = strrchr(name, '/') + 1;
	while (*name == '/')	/* relative to wherever the images are */
		name++;
	return name;
}

ann_status
ann_media_size(const ann_task *t, ann_json_val ref, const char *image_root,
    ann_buf *scratch, long *width, long *height, ann_error *err)
{
	char path[4096];
	ann_error why;

	*width = t->width;
	*height = t->height;
	if (*width > 0 && *height > 0)
		return ANN_OK;
	if (image_root == NULL) {
		ann__error_set(err, "no image size in the export (original_width, "
		    "media_attributes); --image-root reads it from the image");
		return ANN_WARN;
	}
	char *s = ann_media_decode(ref, scratch);
	if (s == NULL) {
		ann__error_set(err, "out of memory");
		return ANN_FATAL;
	}
	snprintf(path, sizeof path, "%s/%s", image_root,
	    ann_media_file_name(s, ANN_FILE_NAME_BASENAME));
	if (ann_image_size(path, width, height, &why) != 0) {
		ann__error_set(err, "no image size in the export, and %s", why.msg);
		return ANN_WARN;
	}
	return ANN_OK;
}

ann_status
ann_media_item_size(ann_json_val item, const ann_geom *g, const char *image_root,
    ann_buf *scratch, long *width, long *height, ann_error *err)
{
	if (*width <= 0 && g != NULL && g->width > 0 && g->height > 0) {
		*width = g->width;
		*height = g->height;
	}
	if (*width > 0 && *height > 0)
		return ANN_OK;
	if (*width < 0) {	/* looked for before, in vain */
		ann__error_set(err, "no image size in the export, nor from its file");
		return ANN_WARN;
	}
	ann_task sizeless = { .width = -1, .height = -1 };
	ann_status st = ann_media_size(&sizeless, item, image_root, scratch,
	    width, height, err);
	if (st != ANN_OK)
		*width = *height = -1;
	return st;
}

int
ann_media_stem(ann_json_val ref, ann_buf *scratch, ann_buf *out)
{
	char *s = ann_media_decode(ref, scratch);

	if (s == NULL)
		return -1;
	const char *base = ann_media_file_name(s, ANN_FILE_NAME_BASENAME);
	const char *dot = strrchr(base, '.');
	size_t n = dot != NULL && dot != base ? (size_t)(dot - base) : strlen(base);
	/* Not inside a UTF-8 sequence when cut. */
	if (n > ANN_MEDIA_STEM_MAX)
		for (n = ANN_MEDIA_STEM_MAX; n > 0 && ((unsigned char)base[n] & 0xC0) == 0x80; n--)
			;
	out->len = 0;
	if (ann_buf_put(out, base, n) != 0)
		return -1;
	for (size_t i = 0; i < out->len; i++)
		if ((unsigned char)out->p[i] < 0x20 || out->p[i] == 0x7f)
			out->p[i] = '_';
	if (out->len == 0 && ann_buf_put(out, "image", 5) != 0)
		return -1;
	return 0;	/* NUL-terminated: an ann_buf always is */
}

int
ann_media_stem_other(ann_buf *out, size_t base, const char *taskid,
    size_t idlen, unsigned long long n, unsigned long k)
{
	out->len = base;
	int bad = taskid != NULL ?
	    ann_buf_printf(out, "_%.*s", (int)(idlen > 64 ? 64 : idlen), taskid) :
	    ann_buf_printf(out, "_%llu", n);
	if (!bad && k > 1)
		bad = ann_buf_printf(out, "_%lu", k);
	if (bad)
		return -1;
	for (size_t i = base; i < out->len; i++)
		if (out->p[i] == '/')
			out->p[i] = '_';
	return 0;
}
