/*
 * view_build.c: what the platform readers (view_ls.c, view_labelbox.c)
 * fill the view with: its arrays of sets, projects, regions and labels,
 * its message, and small member look-ups that tolerate what is missing.
 * Below both readers, so that view.c can call them and they need nothing
 * of it.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_private.h"
#include "util_private.h"
#include "view_build.h"

ann_status
ann__view_fail(ann_view *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v->err, sizeof v->err, fmt, ap);
	va_end(ap);
	return ANN_FAILED;
}

ann_annotation *
ann__view_add_set(ann_view *v)
{
	if (ann__grow((void **)&v->sets, &v->capsets, v->nsets + 1,
	    sizeof *v->sets) != 0)
		return NULL;
	ann_annotation *a = &v->sets[v->nsets++];
	memset(a, 0, sizeof *a);
	return a;
}

ann_project *
ann__view_add_project(ann_view *v)
{
	if (ann__grow((void **)&v->projects, &v->capprojects, v->nprojects + 1,
	    sizeof *v->projects) != 0)
		return NULL;
	ann_project *p = &v->projects[v->nprojects++];
	memset(p, 0, sizeof *p);
	return p;
}

ann_region *
ann__view_add_region(ann_view *v)
{
	size_t cap = v->capregions;

	if (ann__grow((void **)&v->regions, &v->capregions, v->nregions + 1,
	    sizeof *v->regions) != 0)
		return NULL;
	if (v->capregions != cap) {
		size_t *l = realloc(v->label0, v->capregions * sizeof *l);
		if (l == NULL)
			return NULL;
		v->label0 = l;
	}
	ann_region *r = &v->regions[v->nregions];
	memset(r, 0, sizeof *r);
	r->image_w = r->image_h = -1;
	v->label0[v->nregions++] = v->nlabels;
	return r;
}

int
ann__view_add_label(ann_view *v, ann_region *r, ann_json_val label)
{
	size_t i = (size_t)(r - v->regions);

	if (r->nlabels == 0)
		v->label0[i] = v->nlabels;
	else if (v->label0[i] + r->nlabels != v->nlabels)
		return 0;	/* only a region's first facet names it */
	if (ann__grow((void **)&v->labels, &v->caplabels, v->nlabels + 1,
	    sizeof *v->labels) != 0)
		return -1;
	v->labels[v->nlabels++] = label;
	r->nlabels++;
	return 0;
}

int
ann__view_add_labels(ann_view *v, ann_region *r, ann_json_val labels)
{
	ann_json_iter it;
	ann_json_val e;

	switch (ann_json_typeof(labels)) {
	case ANN_JSON_ARRAY:
		ann__json_iter_init(&it, labels, v->cache);
		while (ann_json_next_elem(&it, &e))
			if (ann__view_add_label(v, r, e) != 0)
				return -1;
		return 0;
	case ANN_JSON_NONE:
	case ANN_JSON_NULL:
		return 0;
	default:
		return ann__view_add_label(v, r, labels);
	}
}

ann_json_val
ann__get(ann_json_val obj, const char *key)
{
	ann_json_val out = { NULL, 0 };

	if (ann_json_get(obj, key, &out) != 0)
		out.p = NULL, out.n = 0;
	return out;
}

ann_json_val
ann__path(ann_json_val obj, const char *path)
{
	ann_json_val out = { NULL, 0 };

	if (ann_json_typeof(obj) == ANN_JSON_NONE ||
	    ann_json_path(obj, path, &out) != 0)
		out.p = NULL, out.n = 0;
	return out;
}

long
ann__long(ann_json_val v)
{
	double d = ann_json_double(v);

	/* Sizes come as numbers, and now and then as strings of digits. */
	if (isnan(d) && ann_json_typeof(v) == ANN_JSON_STRING && v.n < 32) {
		char buf[32], *end;
		size_t n = ann_json_str_decode(v, buf);
		buf[n] = '\0';
		d = strtod(buf, &end);
		if (end == buf || *end != '\0')
			d = NAN;
	}
	return isnan(d) || d < 0 || d > 1e9 ? -1 : (long)d;
}

long
ann__get_long(ann_json_val obj, const char *key)
{
	return ann__long(ann__get(obj, key));
}
