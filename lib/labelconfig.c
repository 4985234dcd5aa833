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

#include "ann.h"
#include "ann_coco_conv.h"

struct control {
	char *name, *to_name;
	size_t first, count;	/* its labels in the label array */
};

struct ann_labelconfig {
	ann_cfg_label *labels;
	size_t nlabels, caplabels;
	struct control *controls;
	size_t ncontrols;
	char **images;		/* names of Image tags */
	char **keys;		/* and their data keys */
	size_t nimages;
	struct control *open;	/* the control whose Labels are being read */
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

static int
grow(void **arr, size_t n, size_t size)
{
	/* To 8, then double whenever full: n is the count before adding. */
	if (n != 0 && (n < 8 || (n & (n - 1)) != 0))
		return 0;
	void *p = realloc(*arr, (n ? n * 2 : 8) * size);
	if (p == NULL)
		return -1;
	*arr = p;
	return 0;
}

/* Control tags whose Label children name regions: *Labels, not Choices. */
static int
is_labels_control(const char *tag)
{
	size_t n = strlen(tag);

	return n > 6 && strcmp(tag + n - 6, "Labels") == 0;
}

static void
start(void *ctx, const char *tag, const char **atts)
{
	ann_labelconfig *c = ctx;
	const char *name = attr(atts, "name");

	if (c->failed)
		return;
	if (strcasecmp(tag, "Image") == 0 && name != NULL) {
		const char *value = attr(atts, "value");
		if (grow((void **)&c->images, c->nimages, sizeof *c->images) != 0 ||
		    grow((void **)&c->keys, c->nimages, sizeof *c->keys) != 0)
			goto oom;
		c->images[c->nimages] = strdup(name);
		c->keys[c->nimages] = strdup(value != NULL && value[0] == '$' ?
		    value + 1 : "");
		if (c->images[c->nimages] == NULL || c->keys[c->nimages] == NULL)
			goto oom;
		c->nimages++;
	} else if (is_labels_control(tag) && name != NULL) {
		const char *to = attr(atts, "toName");
		if (grow((void **)&c->controls, c->ncontrols, sizeof *c->controls) != 0)
			goto oom;
		struct control *k = &c->controls[c->ncontrols++];
		k->name = strdup(name);
		k->to_name = strdup(to != NULL ? to : "");
		k->first = c->nlabels;
		k->count = 0;
		if (k->name == NULL || k->to_name == NULL)
			goto oom;
		c->open = k;
	} else if (strcmp(tag, "Label") == 0 && c->open != NULL) {
		const char *value = attr(atts, "value"), *cat = attr(atts, "category");
		if (value == NULL)
			return;
		if (c->nlabels == c->caplabels) {
			size_t cap = c->caplabels ? c->caplabels * 2 : 16;
			ann_cfg_label *l = realloc(c->labels, cap * sizeof *l);
			if (l == NULL)
				goto oom;
			c->labels = l;
			c->caplabels = cap;
		}
		ann_cfg_label *l = &c->labels[c->nlabels++];
		char *end;
		l->name = strdup(value);
		l->control = c->open->name;
		l->category = -1;
		if (cat != NULL) {
			long v = strtol(cat, &end, 10);
			if (end != cat && *end == '\0' && v >= 0)
				l->category = v;
		}
		if (l->name == NULL)
			goto oom;
		c->open->count++;
	}
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

ann_labelconfig *
ann_labelconfig_read(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	ann_labelconfig *c = calloc(1, sizeof *c);
	XML_Parser p = XML_ParserCreate("UTF-8");
	char buf[65536];
	size_t n;
	int done = 0;

	if (f == NULL || c == NULL || p == NULL) {
		snprintf(err, errlen, "%s", f == NULL ? strerror(errno) : "out of memory");
		goto fail;
	}
	XML_SetUserData(p, c);
	XML_SetElementHandler(p, start, end);
	while (!done && !c->failed) {
		n = fread(buf, 1, sizeof buf, f);
		done = n < sizeof buf;
		if (ferror(f)) {
			snprintf(err, errlen, "%s", strerror(errno));
			goto fail;
		}
		if (XML_Parse(p, buf, (int)n, done) == XML_STATUS_ERROR) {
			snprintf(err, errlen, "line %lu: %s",
			    (unsigned long)XML_GetCurrentLineNumber(p),
			    XML_ErrorString(XML_GetErrorCode(p)));
			goto fail;
		}
	}
	if (c->failed) {
		snprintf(err, errlen, "%s", c->err);
		goto fail;
	}
	if (c->nimages == 0) {
		snprintf(err, errlen, "the config has no Image tag");
		goto fail;
	}
	keep_image_labels(c);
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
