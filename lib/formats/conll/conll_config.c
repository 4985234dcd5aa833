/*
 * conll_config.c: which text and which spans a labeling config names for
 * ann-toconll (ann_conll.h): a Labels control whose toName is a Text tag,
 * and that tag's value="$key".  A file of its own, below conll.c: it reads
 * the config only, and conll.c never calls it.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_config.h"
#include "ann_conll.h"
#include "util_private.h"

/* The Text tag named name, or NULL. */
static const ann_cfg_object *
text_object(const ann_cfg_object *objs, size_t nobjs, const char *name)
{
	for (size_t i = 0; i < nobjs; i++)
		if (strcasecmp(objs[i].tag, "Text") == 0 && objs[i].name != NULL &&
		    strcmp(objs[i].name, name) == 0)
			return &objs[i];
	return NULL;
}

/*
 * Calls fn(ctl, text, arg) for every pair of a Labels control and a Text
 * tag it names, in config order; how many there are.
 */
static size_t
each_pair(const ann_labelconfig *cfg, void (*fn)(const ann_cfg_control *,
    const ann_cfg_object *, void *), void *arg)
{
	const ann_cfg_control *ctls;
	const ann_cfg_object *objs;
	size_t nctls = ann_labelconfig_controls(cfg, &ctls);
	size_t nobjs = ann_labelconfig_objects(cfg, &objs), n = 0;

	for (size_t i = 0; i < nctls; i++) {
		if (strcasecmp(ctls[i].tag, "Labels") != 0 || ctls[i].name == NULL)
			continue;
		for (size_t j = 0; j < ctls[i].nto_names; j++) {
			const ann_cfg_object *t = text_object(objs, nobjs, ctls[i].to_names[j]);
			if (t != NULL) {
				fn(&ctls[i], t, arg);
				n++;
			}
		}
	}
	return n;
}

struct pick {
	const char *from_name;	/* NULL: any */
	const ann_cfg_control *ctl;	/* the one picked */
	const ann_cfg_object *text;
	size_t matched;
	ann_buf names;		/* every pair, for a message */
};

static void
consider(const ann_cfg_control *ctl, const ann_cfg_object *text, void *arg)
{
	struct pick *p = arg;

	/* A failed append only shortens the message. */
	(void)ann_buf_printf(&p->names, "%s%s (toName %s, data.%s)",
	    p->names.len > 0 ? ", " : "", ctl->name, text->name,
	    text->key != NULL && text->key[0] != '\0' ? text->key : "?");
	if (p->from_name != NULL && strcmp(ctl->name, p->from_name) != 0 &&
	    !ann_cfg_name_matches(ctl->name, ctl->index_flag, p->from_name,
	    strlen(p->from_name)))
		return;
	if (p->matched++ == 0) {
		p->ctl = ctl;
		p->text = text;
	}
}

ann_status
ann_conll_from_config(const ann_labelconfig *cfg, const char *from_name,
    ann_conll_opts *o, const ann_cfg_control **control, ann_error *err)
{
	struct pick p = { .from_name = from_name };
	ann_status st;
	size_t n = each_pair(cfg, consider, &p);
	const char *list = p.names.len > 0 ? p.names.p : "";

	st = ANN_FAILED;
	if (n == 0)
		ann__error_set(err, "no Labels control whose toName is a Text tag: "
		    "nothing to tag tokens from");
	else if (p.matched == 0)
		ann__error_set(err, "no Labels control \"%s\" on a Text tag; the "
		    "config has %s", from_name, list);
	else if (p.matched > 1 && from_name == NULL)
		ann__error_set(err, "%zu Labels controls on Text tags, %s: "
		    "--from-name picks one", p.matched, list);
	else if (p.matched > 1)
		ann__error_set(err, "Labels control \"%s\" names %zu Text tags (%s): "
		    "which text is meant is not known", from_name, p.matched, list);
	else if (p.text->key == NULL || p.text->key[0] == '\0')
		ann__error_set(err, "Text tag \"%s\" takes no data key (its value is "
		    "not \"$key\")", p.text->name);
	else {
		o->text_key = p.text->key;
		o->from_name = p.ctl->name;
		o->from_index_flag = p.ctl->index_flag;
		*control = p.ctl;
		st = ANN_OK;
	}
	ann_buf_free(&p.names);
	return st;
}
