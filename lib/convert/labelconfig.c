/*
 * labelconfig.c: what a Label Studio labeling config says about images:
 * which data key holds the image, and the labels of the control tags that
 * target it, with their explicit category ids.
 *
 * The config is XML; expat reads it as a stream of tags, and only three
 * kinds matter: object tags (Image) that name a data key with
 * value="$key", control tags (RectangleLabels, BrushLabels, ...) that point
 * at an object with toName, and the Label tags inside a control.  Controls
 * may come before the objects they target, so the targets are resolved
 * when the document ends.
 *
 * For ann-check (ann_labelconfig_read_all) the same pass also keeps every
 * object tag (a name and a value or valueList, no toName) and every
 * control tag (a name and a toName), whatever its kind, with the Label
 * and Choice tags inside it and the attributes results are checked
 * against.  Telling the two apart by their attributes rather than by a
 * list of tag names keeps tags Label Studio adds later working.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <expat.h>

#include "ann_core.h"
#include "ann_config.h"
#include "util_private.h"

struct control {
	char *name, *to_name;
	int keypoints;		/* KeyPointLabels */
	size_t first, count;	/* its labels in the label array */
};

struct ann_labelconfig {
	ann_cfg_label *labels;
	size_t nlabels, caplabels;
	const ann_cfg_label **keypoints;	/* KeyPointLabels, in model_index order */
	size_t nkeypoints;
	struct control *controls;
	size_t ncontrols, capcontrols;
	char **images;		/* names of Image tags */
	char **keys;		/* and their data keys */
	size_t nimages, capimages, capkeys;
	struct control *open;	/* the control whose Labels are being read */
	/* Everything, for ann_labelconfig_read_all: */
	ann_cfg_control *all;	/* options point nowhere until the end */
	size_t nall, capall;
	size_t *opt_first;	/* each control's first option */
	size_t capfirst;
	ann_cfg_option *opts;
	size_t nopts, capopts;
	ann_cfg_object *objects;
	size_t nobjects, capobjects;
	char **pool;		/* every string kept for the above */
	size_t npool, cappool;
	long open_all;		/* the control being read, or -1 */
	unsigned long open_depth;	/* the element depth it opened at */
	long open_choice;	/* the Choice being read (taxonomy), or -1 */
	unsigned long depth;
	const char *repeater;	/* the index flag of the Repeater we are in */
	unsigned long repeater_depth;
	XML_Parser parser;	/* for the line of a tag */
	int failed;
	char err[200];
};

static char *
attr(const char **atts, const char *name)
{
	for (size_t i = 0; atts[i] != NULL; i += 2)
		if (strcmp(atts[i], name) == 0)
			return (char *)atts[i + 1];
	return NULL;
}

/*
 * Control tags whose Label children name regions: *Labels, not Choices,
 * and the plain <Labels> that Label Studio's own examples pair with the
 * Rectangle, Polygon, Brush or MagicWand tools.
 */
static int
is_labels_control(const char *tag)
{
	size_t n = strlen(tag);

	return n >= 6 && strcmp(tag + n - 6, "Labels") == 0;
}

/* category="N": N, or -1 when it is not digits of at most ANN_CATEGORY_MAX. */
static long
category_of(const char *s)
{
	long v = 0;

	if (*s == '\0')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++)
		if ((v = v * 10 + (*s - '0')) > ANN_CATEGORY_MAX)
			return -1;
	return *s == '\0' ? v : -1;
}

/* A copy of s (NULL stays NULL) that lives as long as the config. */
static const char *
keep(ann_labelconfig *c, const char *s, int *oom)
{
	char *d;

	if (s == NULL)
		return NULL;
	if (ann__grow((void **)&c->pool, &c->cappool, c->npool + 1,
	    sizeof *c->pool) != 0 || (d = strdup(s)) == NULL) {
		*oom = 1;
		return "";
	}
	return c->pool[c->npool++] = d;
}

/* toName="a,b": its names, in an array kept in the pool. */
static void
split_to_names(ann_labelconfig *c, ann_cfg_control *k, const char *to, int *oom)
{
	size_t n = 1;
	char *copy;

	for (const char *p = to; *p != '\0'; p++)
		n += *p == ',';
	if (ann__grow((void **)&c->pool, &c->cappool, c->npool + 2,
	    sizeof *c->pool) != 0 || (copy = strdup(to)) == NULL) {
		*oom = 1;
		return;
	}
	const char **names = malloc(n * sizeof *names);
	if (names == NULL) {
		free(copy);
		*oom = 1;
		return;
	}
	c->pool[c->npool++] = copy;
	c->pool[c->npool++] = (char *)names;
	k->nto_names = 0;
	for (char *save = NULL, *t = strtok_r(copy, ",", &save); t != NULL;
	    t = strtok_r(NULL, ",", &save)) {
		t += strspn(t, " \t\n");
		size_t len = strlen(t);
		while (len > 0 && strchr(" \t\n", t[len - 1]) != NULL)
			t[--len] = '\0';
		if (len > 0)
			names[k->nto_names++] = t;
	}
	k->to_names = names;
}

/* The record of every object and control, for ann_labelconfig_read_all. */
static int
start_all(ann_labelconfig *c, const char *tag, const char **atts)
{
	const char *name = attr(atts, "name"), *to = attr(atts, "toName");
	const char *value = attr(atts, "value"), *list = attr(atts, "valueList");
	unsigned long line = (unsigned long)XML_GetCurrentLineNumber(c->parser);
	int oom = 0;

	if (strcmp(tag, "Repeater") == 0 && c->repeater == NULL) {
		const char *flag = attr(atts, "indexFlag");
		c->repeater = keep(c, flag != NULL ? flag : "{{idx}}", &oom);
		c->repeater_depth = c->depth;
	} else if (name != NULL && to != NULL) {
		if (ann__grow((void **)&c->all, &c->capall, c->nall + 1,
		    sizeof *c->all) != 0 ||
		    ann__grow((void **)&c->opt_first, &c->capfirst, c->nall + 1,
		    sizeof *c->opt_first) != 0)
			return -1;
		ann_cfg_control *k = &c->all[c->nall];
		memset(k, 0, sizeof *k);
		k->tag = keep(c, tag, &oom);
		k->name = keep(c, name, &oom);
		split_to_names(c, k, to, &oom);
		k->choice = keep(c, attr(atts, "choice"), &oom);
		k->max_rating = keep(c, attr(atts, "maxRating"), &oom);
		k->min = keep(c, attr(atts, "min"), &oom);
		k->max = keep(c, attr(atts, "max"), &oom);
		k->only = keep(c, attr(atts, "only"), &oom);
		k->index_flag = c->repeater;
		k->line = line;
		c->opt_first[c->nall] = c->nopts;
		c->open_all = (long)c->nall++;
		c->open_depth = c->depth;
		c->open_choice = -1;
	} else if (name != NULL && (value != NULL || list != NULL)) {
		if (ann__grow((void **)&c->objects, &c->capobjects, c->nobjects + 1,
		    sizeof *c->objects) != 0)
			return -1;
		ann_cfg_object *o = &c->objects[c->nobjects++];
		const char *v = value != NULL ? value : list;
		o->tag = keep(c, tag, &oom);
		o->name = keep(c, name, &oom);
		o->key = keep(c, v[0] == '$' ? v + 1 : "", &oom);
		o->list = value == NULL;
		o->value_type = keep(c, attr(atts, "valueType"), &oom);
		o->name_key = keep(c, attr(atts, "nameKey"), &oom);
		o->text_key = keep(c, attr(atts, "textKey"), &oom);
		o->index_flag = c->repeater;
		o->line = line;
	} else if ((strcmp(tag, "Label") == 0 || strcmp(tag, "Choice") == 0) &&
	    c->open_all >= 0 && value != NULL) {
		if (ann__grow((void **)&c->opts, &c->capopts, c->nopts + 1,
		    sizeof *c->opts) != 0)
			return -1;
		ann_cfg_option *o = &c->opts[c->nopts];
		o->value = keep(c, value, &oom);
		o->alias = keep(c, attr(atts, "alias"), &oom);
		/* Taxonomy: a Choice inside a Choice is a step further down. */
		o->parent = c->open_choice < 0 ? -1 :
		    c->open_choice - (long)c->opt_first[c->open_all];
		o->line = line;
		if (strcmp(tag, "Choice") == 0)
			c->open_choice = (long)c->nopts;
		c->nopts++;
	}
	return oom ? -1 : 0;
}

static void
end_all(ann_labelconfig *c, const char *tag)
{
	if (c->open_all >= 0 && strcmp(tag, "Choice") == 0 && c->open_choice >= 0) {
		long p = c->opts[c->open_choice].parent;
		c->open_choice = p < 0 ? -1 : p + (long)c->opt_first[c->open_all];
	}
	if (c->open_all >= 0 && c->depth == c->open_depth)
		c->open_all = -1;
	if (c->repeater != NULL && c->depth == c->repeater_depth)
		c->repeater = NULL;
}

static void
start(void *ctx, const char *tag, const char **atts)
{
	ann_labelconfig *c = ctx;
	const char *name = attr(atts, "name");

	if (c->failed)
		return;
	c->depth++;
	if (start_all(c, tag, atts) != 0)
		goto oom;
	if (strcasecmp(tag, "Image") == 0 && name != NULL) {
		/* valueList="$images": a multi-image task's list of references. */
		const char *value = attr(atts, "value") != NULL ?
		    attr(atts, "value") : attr(atts, "valueList");
		if (ann__grow((void **)&c->images, &c->capimages, c->nimages + 1,
		    sizeof *c->images) != 0 ||
		    ann__grow((void **)&c->keys, &c->capkeys, c->nimages + 1,
		    sizeof *c->keys) != 0)
			goto oom;
		c->images[c->nimages] = strdup(name);
		c->keys[c->nimages] = strdup(value != NULL && value[0] == '$' ?
		    value + 1 : "");
		if (c->images[c->nimages] == NULL || c->keys[c->nimages] == NULL)
			goto oom;
		c->nimages++;
	} else if (is_labels_control(tag) && name != NULL) {
		const char *to = attr(atts, "toName");
		if (ann__grow((void **)&c->controls, &c->capcontrols, c->ncontrols + 1,
		    sizeof *c->controls) != 0)
			goto oom;
		struct control *k = &c->controls[c->ncontrols++];
		k->name = strdup(name);
		k->to_name = strdup(to != NULL ? to : "");
		k->first = c->nlabels;
		k->count = 0;
		k->keypoints = strcasecmp(tag, "KeyPointLabels") == 0;
		if (k->name == NULL || k->to_name == NULL)
			goto oom;
		c->open = k;
	} else if (strcmp(tag, "Label") == 0 && c->open != NULL) {
		const char *value = attr(atts, "value"), *cat = attr(atts, "category");
		if (value == NULL)
			return;
		if (ann__grow((void **)&c->labels, &c->caplabels, c->nlabels + 1,
		    sizeof *c->labels) != 0)
			goto oom;
		ann_cfg_label *l = &c->labels[c->nlabels++];
		l->name = strdup(value);
		l->control = c->open->name;
		l->category = -1;
		l->keypoint = c->open->keypoints;
		l->model_index = attr(atts, "model_index") != NULL ?
		    category_of(attr(atts, "model_index")) : -1;
		l->line = (unsigned long)XML_GetCurrentLineNumber(c->parser);
		if (l->name == NULL)
			goto oom;
		c->open->count++;
		if (cat != NULL && (l->category = category_of(cat)) < 0) {
			/* Not a number to pass on as an id, and not one to make up. */
			snprintf(c->err, sizeof c->err, "line %lu: Label \"%.40s\": "
			    "category=\"%.40s\" is not a whole number from 0 to %ld",
			    l->line, value, cat, ANN_CATEGORY_MAX);
			goto fail;
		}
	}
	return;
fail:
	c->failed = 1;
	XML_StopParser(c->parser, XML_FALSE);
	return;
oom:
	c->failed = 1;
	snprintf(c->err, sizeof c->err, "out of memory");
}

static void
end(void *ctx, const char *tag)
{
	ann_labelconfig *c = ctx;

	if (c->failed)
		return;
	if (is_labels_control(tag))
		c->open = NULL;
	end_all(c, tag);
	c->depth--;
}

void
ann_labelconfig_free(ann_labelconfig *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->nlabels; i++)
		free((char *)c->labels[i].name);
	for (size_t i = 0; i < c->ncontrols; i++) {
		free(c->controls[i].name);
		free(c->controls[i].to_name);
	}
	for (size_t i = 0; i < c->nimages; i++) {
		free(c->images[i]);
		free(c->keys[i]);
	}
	for (size_t i = 0; i < c->npool; i++)
		free(c->pool[i]);
	free(c->pool);
	free(c->all);
	free(c->opt_first);
	free(c->opts);
	free(c->objects);
	free(c->keypoints);
	free(c->labels);
	free(c->controls);
	free(c->images);
	free(c->keys);
	free(c);
}

static int
targets_image(const ann_labelconfig *c, const struct control *k)
{
	/* toName may list several objects, comma-separated. */
	char *names = strdup(k->to_name), *save = NULL;
	int hit = 0;

	if (names == NULL)
		return 0;
	for (char *t = strtok_r(names, ",", &save); t != NULL && !hit;
	    t = strtok_r(NULL, ",", &save))
		for (size_t i = 0; i < c->nimages && !hit; i++)
			hit = strcmp(t, c->images[i]) == 0;
	free(names);
	return hit;
}

/* Keep only the labels of controls that target an image. */
static void
keep_image_labels(ann_labelconfig *c)
{
	size_t kept = 0;

	for (size_t i = 0; i < c->ncontrols; i++) {
		const struct control *k = &c->controls[i];
		int keep = targets_image(c, k);
		for (size_t j = k->first; j < k->first + k->count; j++) {
			if (keep)
				c->labels[kept++] = c->labels[j];
			else
				free((char *)c->labels[j].name);
		}
	}
	c->nlabels = kept;
}

/* By model_index, labels without one after, in config order. */
static int
by_model_index(const void *a, const void *b)
{
	const ann_cfg_label *x = *(const ann_cfg_label *const *)a;
	const ann_cfg_label *y = *(const ann_cfg_label *const *)b;
	unsigned long kx = (unsigned long)x->model_index;	/* -1: the largest */
	unsigned long ky = (unsigned long)y->model_index;

	if (kx != ky)
		return kx < ky ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

/*
 * The keypoint names, once for every converter: the KeyPointLabels labels
 * by model_index, as label-studio-converter orders them; a name listed in
 * two controls is one keypoint.  0, or -1 out of memory.
 */
static int
order_keypoints(ann_labelconfig *c)
{
	if ((c->keypoints = malloc((c->nlabels + 1) * sizeof *c->keypoints)) == NULL)
		return -1;
	for (size_t i = 0; i < c->nlabels; i++) {
		size_t j = 0;
		if (!c->labels[i].keypoint)
			continue;
		while (j < c->nkeypoints && strcmp(c->keypoints[j]->name, c->labels[i].name) != 0)
			j++;
		if (j == c->nkeypoints)
			c->keypoints[c->nkeypoints++] = &c->labels[i];
	}
	if (c->nkeypoints > 1)
		qsort(c->keypoints, c->nkeypoints, sizeof *c->keypoints, by_model_index);
	return 0;
}

size_t
ann_labelconfig_keypoints(const ann_labelconfig *c, const ann_cfg_label *const **names)
{
	*names = c->keypoints;
	return c->nkeypoints;
}

/* By name, then category, then line. */
static int
by_name(const void *a, const void *b)
{
	const ann_cfg_label *x = *(ann_cfg_label *const *)a, *y = *(ann_cfg_label *const *)b;
	int c = strcmp(x->name, y->name);

	if (c == 0)
		c = (x->category > y->category) - (x->category < y->category);
	return c != 0 ? c : (x->line > y->line) - (x->line < y->line);
}

/* By category, then line. */
static int
by_category(const void *a, const void *b)
{
	const ann_cfg_label *x = *(ann_cfg_label *const *)a, *y = *(ann_cfg_label *const *)b;

	if (x->category != y->category)
		return (x->category > y->category) - (x->category < y->category);
	return (x->line > y->line) - (x->line < y->line);
}

/*
 * One id, one name: two labels with one category="N" would give two COCO
 * categories with id N, and one label with two would keep either.  A label
 * may appear in several controls with the same category.  Sorted, so that
 * each clash is next to what it clashes with: 0, or -1 with err set.
 */
static int
check_categories(const ann_labelconfig *c, ann_error *err)
{
	const ann_cfg_label **l = malloc((c->nlabels + 1) * sizeof *l);
	size_t n = 0;
	int bad = 0;

	if (l == NULL) {
		ann__error_set(err, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < c->nlabels; i++)
		if (c->labels[i].category >= 0)
			l[n++] = &c->labels[i];
	qsort(l, n, sizeof *l, by_name);
	for (size_t i = 1; i < n && !bad; i++)
		if ((bad = strcmp(l[i]->name, l[i - 1]->name) == 0 &&
		    l[i]->category != l[i - 1]->category))
			ann__error_set(err, "line %lu: Label \"%.40s\" has category=\"%ld\" "
			    "and category=\"%ld\" (line %lu)", l[i]->line, l[i]->name,
			    l[i]->category, l[i - 1]->category, l[i - 1]->line);
	qsort(l, n, sizeof *l, by_category);
	for (size_t i = 1; i < n && !bad; i++)
		if ((bad = l[i]->category == l[i - 1]->category &&
		    strcmp(l[i]->name, l[i - 1]->name) != 0))
			ann__error_set(err, "line %lu: Label \"%.40s\": category=\"%ld\" "
			    "is Label \"%.40s\"'s already (line %lu)", l[i]->line, l[i]->name,
			    l[i]->category, l[i - 1]->name, l[i - 1]->line);
	free(l);
	return bad ? -1 : 0;
}

static ann_labelconfig *
read_config(const char *path, int all, ann_error *err)
{
	FILE *f = fopen(path, "r");
	ann_labelconfig *c = calloc(1, sizeof *c);
	XML_Parser p = XML_ParserCreate("UTF-8");
	char buf[65536];
	size_t n;
	int done = 0;

	if (f == NULL || c == NULL || p == NULL) {
		ann__error_set(err, "%s", f == NULL ? strerror(errno) : "out of memory");
		goto fail;
	}
	c->parser = p;
	c->open_all = c->open_choice = -1;
	XML_SetUserData(p, c);
	XML_SetElementHandler(p, start, end);
	while (!done && !c->failed) {
		n = fread(buf, 1, sizeof buf, f);
		done = n < sizeof buf;
		if (ferror(f)) {
			ann__error_set(err, "%s", strerror(errno));
			goto fail;
		}
		if (XML_Parse(p, buf, (int)n, done) == XML_STATUS_ERROR && !c->failed) {
			ann__error_set(err, "line %lu: %s",
			    (unsigned long)XML_GetCurrentLineNumber(p),
			    XML_ErrorString(XML_GetErrorCode(p)));
			goto fail;
		}
	}
	if (c->failed) {
		ann__error_set(err, "%s", c->err);
		goto fail;
	}
	/* The options of each control, now that the array is still. */
	for (size_t i = 0; i < c->nall; i++) {
		size_t first = c->opt_first[i];
		size_t last = i + 1 < c->nall ? c->opt_first[i + 1] : c->nopts;
		/* (no options at all: NULL, which takes no offset, not even 0) */
		c->all[i].options = c->opts != NULL ? c->opts + first : NULL;
		c->all[i].noptions = last - first;
	}
	if (c->nimages == 0 && !all) {
		ann__error_set(err, "the config has no Image tag");
		goto fail;
	}
	keep_image_labels(c);
	if (order_keypoints(c) != 0) {
		ann__error_set(err, "out of memory");
		goto fail;
	}
	if (check_categories(c, err) != 0)
		goto fail;
	XML_ParserFree(p);
	fclose(f);
	return c;
fail:
	if (p != NULL)
		XML_ParserFree(p);
	if (f != NULL)
		fclose(f);
	ann_labelconfig_free(c);
	return NULL;
}

ann_labelconfig *
ann_labelconfig_read(const char *path, ann_error *err)
{
	return read_config(path, 0, err);
}

ann_labelconfig *
ann_labelconfig_read_all(const char *path, ann_error *err)
{
	return read_config(path, 1, err);
}

size_t
ann_labelconfig_objects(const ann_labelconfig *c,
    const ann_cfg_object **objects)
{
	*objects = c->objects;
	return c->nobjects;
}

size_t
ann_labelconfig_controls(const ann_labelconfig *c,
    const ann_cfg_control **controls)
{
	*controls = c->all;
	return c->nall;
}

int
ann_cfg_name_matches(const char *config_name, const char *index_flag,
    const char *name, size_t n)
{
	const char *p = config_name, *q = name, *end = name + n;
	size_t flen = index_flag != NULL ? strlen(index_flag) : 0;

	while (*p != '\0') {
		if (flen > 0 && strncmp(p, index_flag, flen) == 0) {
			const char *d = q;
			while (q < end && *q >= '0' && *q <= '9')
				q++;
			if (q == d)
				return 0;
			p += flen;
		} else if (q < end && *q == *p) {
			p++;
			q++;
		} else
			return 0;
	}
	return q == end;
}

size_t
ann_labelconfig_labels(const ann_labelconfig *c, const ann_cfg_label **labels)
{
	*labels = c->labels;
	return c->nlabels;
}

const char *
ann_labelconfig_image_key(const ann_labelconfig *c, const char *to_name)
{
	for (size_t i = 0; i < c->nimages; i++)
		if (to_name == NULL || strcmp(c->images[i], to_name) == 0)
			return c->keys[i][0] != '\0' ? c->keys[i] : NULL;
	return NULL;
}
