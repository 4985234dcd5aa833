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
	struct control *controls;
	size_t ncontrols, capcontrols;
	char **images;		/* names of Image tags */
	char **keys;		/* and their data keys */
	size_t nimages, capimages, capkeys;
	struct control *open;	/* the control whose Labels are being read */
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

static void
start(void *ctx, const char *tag, const char **atts)
{
	ann_labelconfig *c = ctx;
	const char *name = attr(atts, "name");

	if (c->failed)
		return;
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

	if (is_labels_control(tag))
		c->open = NULL;
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

ann_labelconfig *
ann_labelconfig_read(const char *path, ann_error *err)
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
	if (c->nimages == 0) {
		ann__error_set(err, "the config has no Image tag");
		goto fail;
	}
	keep_image_labels(c);
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
