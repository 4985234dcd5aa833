/*
 * tols_names.c: result names from a config or the names given
 * (tols_names.h).  The config is searched anew for each result: configs
 * are tens of labels, and a table built up front would be the same scan.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ann_core.h"
#include "ann_config.h"
#include "ls_result.h"
#include "tols_names.h"
#include "util_private.h"

struct ann_tols_names {
	const ann_labelconfig *cfg;
	const char *from, *to;
	const char *key;
};

ann_tols_names *
ann_tols_names_new(const ann_labelconfig *cfg, const char *from_name,
    const char *to_name, ann_error *err)
{
	ann_tols_names *n = calloc(1, sizeof *n);

	if (n == NULL) {
		ann__error_set(err, "out of memory");
		return NULL;
	}
	n->cfg = cfg;
	n->from = from_name;
	n->to = to_name != NULL ? to_name : "image";
	n->key = "image";
	/* The image's key: the first Image tag's (the one results target). */
	if (cfg != NULL && ann_labelconfig_image_key(cfg, NULL) != NULL)
		n->key = ann_labelconfig_image_key(cfg, NULL);
	return n;
}

void
ann_tols_names_free(ann_tols_names *n)
{
	free(n);
}

const char *
ann_tols_names_image_key(const ann_tols_names *n)
{
	return n->key;
}

/* The default control name of a result type: as ann-tols has always written. */
static const char *
default_from(const char *type)
{
	for (int k = 0; k < ANN_LS_KINDS; k++)
		if (strcmp(type, ann__ls_type[k]) == 0 && ann__ls_from[k] != NULL)
			return ann__ls_from[k];
	return type;
}

/* The object tag named name, or NULL. */
static const ann_cfg_object *
object_named(const ann_labelconfig *cfg, const char *name)
{
	const ann_cfg_object *o;
	size_t n = ann_labelconfig_objects(cfg, &o);

	for (size_t i = 0; i < n; i++)
		if (strcmp(o[i].name, name) == 0)
			return &o[i];
	return NULL;
}

static int
has_label(const ann_cfg_control *c, const char *label)
{
	if (label == NULL)
		return 1;
	for (size_t i = 0; i < c->noptions; i++)
		if (strcmp(c->options[i].value, label) == 0)
			return 1;
	return 0;
}

int
ann_tols_names_get(const ann_tols_names *n, const char *type,
    const char *label, const char **from_name, const char **to_name,
    ann_error *err)
{
	const ann_cfg_control *c, *found = NULL;
	size_t nc;

	if (n->cfg == NULL) {
		*from_name = n->from != NULL ? n->from : default_from(type);
		*to_name = n->to;
		return 0;
	}
	nc = ann_labelconfig_controls(n->cfg, &c);
	for (size_t i = 0; i < nc; i++) {
		if (strcasecmp(c[i].tag, type) != 0 || c[i].nto_names == 0 ||
		    !has_label(&c[i], label))
			continue;
		if (found != NULL) {
			ann__error_set(err, "label \"%s\": in two %s controls of the "
			    "config, \"%s\" and \"%s\": which one cannot be told",
			    label ? label : "", found->tag, found->name, c[i].name);
			return -1;
		}
		found = &c[i];
	}
	if (found == NULL) {
		ann__error_set(err, "label \"%s\": no control of the config for %s "
		    "results lists it", label ? label : "", type);
		return -1;
	}
	*from_name = found->name;
	*to_name = found->to_names[0];
	for (size_t i = 0; i < found->nto_names; i++) {
		const ann_cfg_object *o = object_named(n->cfg, found->to_names[i]);
		if (o != NULL && strcasecmp(o->tag, "Image") == 0) {
			*to_name = o->name;
			break;
		}
	}
	return 0;
}
