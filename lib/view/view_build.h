/*
 * view_build.h: how the per-platform readers fill the view.
 * Ownership: everything here belongs to the view; the platform files only
 * append to its arrays through these calls.
 */
#ifndef ANN_VIEW_BUILD_H
#define ANN_VIEW_BUILD_H

#include "ann_core.h"
#include "ann_view.h"
#include "json_private.h"

struct ann_view {
	ann_task task;
	ann_project *projects;
	size_t nprojects, capprojects;
	ann_annotation *sets;
	size_t nsets, capsets;
	int sets_pending;	/* Labelbox labels not yet made into sets */
	ann_region *regions;
	size_t *label0;		/* where each region's labels start */
	size_t nregions, capregions;
	ann_json_val *labels;
	size_t nlabels, caplabels;
	unsigned kinds;		/* ann_view_want_kinds: 0 is all */
	int no_details;		/* ann_view_want_details(v, 0) */
	char *scratch;		/* 2019 results, decoded */
	size_t scratch_cap;
	char err[256];
	/*
	 * What look-ups in the loaded record remember: the container ends
	 * the reader noted for it, and those found since.  The view's own,
	 * so views on different threads look up independently.
	 */
	ann__json_cache *cache;
};

/* Are regions of kind k wanted? */
static inline int
ann__view_wants(const ann_view *v, ann_kind k)
{
	return v->kinds == 0 || ((v->kinds >> k) & 1);
}

/* A new zeroed annotation set, or NULL when out of memory. */
ann_annotation *ann__view_add_set(ann_view *v);
/* A new zeroed project, or NULL when out of memory. */
ann_project *ann__view_add_project(ann_view *v);
/* A new region with unknown image size, or NULL when out of memory. */
ann_region *ann__view_add_region(ann_view *v);
/* Add a label to region r (the last region added, or one without labels). */
int ann__view_add_label(ann_view *v, ann_region *r, ann_json_val label);
/* Add every string of an array (or the string itself) as labels. */
int ann__view_add_labels(ann_view *v, ann_region *r, ann_json_val labels);
ann_status ann__view_fail(ann_view *v, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Member lookups that tolerate a missing object. */
ann_json_val ann__get(ann_json_val obj, const char *key);
ann_json_val ann__path(ann_json_val obj, const char *path);
long ann__get_long(ann_json_val obj, const char *key);
/* A size: a number, or a string of digits; -1 otherwise. */
long ann__long(ann_json_val v);

/* The members of a record's root that the loaders look at, found in one pass. */
enum {
	ROOT_DATA_ROW, ROOT_V1_ID, ROOT_ANNOTATIONS, ROOT_COMPLETIONS, ROOT_TASK,
	ROOT_RESULT, ROOT_DATA, ROOT_ID, ROOT_CREATED, ROOT_UPDATED, ROOT_PROJECT,
	ROOT_PREDICTIONS, ROOT_MEDIA, ROOT_PROJECTS, ROOT_N
};

ann_status ann__ls_load(ann_view *v, ann_json_val root, const ann_json_val *m);
ann_status ann__ls_regions(ann_view *v, const ann_annotation *a);
ann_status ann__lb_load(ann_view *v, ann_json_val root, const ann_json_val *m);
ann_status ann__lb_sets(ann_view *v);
ann_status ann__lb_regions(ann_view *v, const ann_annotation *a);

#endif
