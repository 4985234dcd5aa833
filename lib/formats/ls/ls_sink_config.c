/*
 * ls_sink_config.c: the labeling config that fits the tasks ls_sink.c
 * wrote (ann_lssink_config): the tables of the object tags, controls,
 * labels and answers met, the labels given (--categories), and the XML
 * made from them.  A schema's labels are few, so the tables are small.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_categories.h"
#include "ann_writer.h"
#include "ls_sink_private.h"
#include "util_private.h"

ann_status
ann_lssink_category(ann_lssink *s, const char *name)
{
	if (ann_categories_add(s->cats, name) != ANN_OK) {
		ann__error_set(&s->err, "out of memory");
		return ANN_FATAL;
	}
	s->ngiven = ann_categories_count(s->cats);
	return ANN_OK;
}

const ann_categories *
ann_lssink_categories(const ann_lssink *s)
{
	return s->cats;
}

/* --- The tables the config is made from ------------------------------- */

static char *
dup(const char *p, size_t n)
{
	char *d = malloc(n + 1);

	if (d != NULL) {
		memcpy(d, p, n);
		d[n] = '\0';
	}
	return d;
}

int
ann__lssink_note_object(ann_lssink *s, const char *name)
{
	for (size_t i = 0; i < s->nobj; i++)
		if (strcmp(s->obj[i].name, name) == 0 && s->obj[i].text == s->text) {
			s->obj[i].url |= s->url;
			return 0;
		}
	if (ann__grow((void **)&s->obj, &s->capobj, s->nobj + 1, sizeof *s->obj) != 0 ||
	    (s->obj[s->nobj].name = dup(name, strlen(name))) == NULL)
		return -1;
	s->obj[s->nobj].text = s->text;
	s->obj[s->nobj++].url = s->url;
	return 0;
}

/* The control name of kind kind (creating it), and a value of it met. */
int
ann__lssink_note_value(ann_lssink *s, const char *name, const char *to, int kind,
    const char *v, size_t n, int multiple, int per_region)
{
	control *c = NULL;

	for (size_t i = 0; c == NULL && i < s->nctl; i++)
		if (s->ctl[i].kind == kind && strcmp(s->ctl[i].name, name) == 0)
			c = &s->ctl[i];
	if (c == NULL) {
		if (ann__grow((void **)&s->ctl, &s->capctl, s->nctl + 1, sizeof *s->ctl) != 0)
			return -1;
		c = &s->ctl[s->nctl];
		memset(c, 0, sizeof *c);
		if ((c->name = dup(name, strlen(name))) == NULL ||
		    (c->to = dup(to, strlen(to))) == NULL) {
			free(c->name);
			return -1;
		}
		c->kind = kind;
		s->nctl++;
	}
	c->multiple |= multiple;
	c->per_region |= per_region;
	if (v == NULL)
		return 0;
	/* A schema's labels are few: a look along the list is enough. */
	for (size_t i = 0; i < c->nvalues; i++)
		if (strlen(c->values[i]) == n && memcmp(c->values[i], v, n) == 0)
			return 0;
	if (ann__grow((void **)&c->values, &c->capvalues, c->nvalues + 1, sizeof *c->values) != 0 ||
	    (c->values[c->nvalues] = dup(v, n)) == NULL)
		return -1;
	c->nvalues++;
	return 0;
}

/* --- The config ------------------------------------------------------------ */

/* XML text of an attribute value. */
static int
put_xml(ann_buf *b, const char *p)
{
	int rc = 0;

	for (; *p != '\0' && rc == 0; p++)
		switch (*p) {
		case '&': rc = ann_buf_put(b, "&amp;", 5); break;
		case '<': rc = ann_buf_put(b, "&lt;", 4); break;
		case '>': rc = ann_buf_put(b, "&gt;", 4); break;
		case '"': rc = ann_buf_put(b, "&quot;", 6); break;
		case '\n': rc = ann_buf_put(b, "&#10;", 5); break;
		case '\t': rc = ann_buf_put(b, "&#9;", 4); break;
		case '\r': rc = ann_buf_put(b, "&#13;", 5); break;
		default: rc = ann_buf_put(b, p, 1);
		}
	return rc;
}

/* Is name one of the first n categories (the given ones)? */
static int
given(const ann_lssink *s, const char *name, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(ann_categories_name(s->cats, i), name) == 0)
			return 1;
	return 0;
}

ann_status
ann_lssink_config(ann_lssink *s, ann_out *out)
{
	ann_buf *b = &s->task;
	int rc;

	b->len = 0;
	/*
	 * A Label Studio project labels one kind of media: rows of images and
	 * of texts want a config each, and one config for both would fit
	 * neither.
	 */
	for (size_t i = 1; i < s->nobj; i++)
		if (s->obj[i].text != s->obj[0].text) {
			ann__error_set(&s->err, "rows of images and rows of texts: a "
			    "Label Studio project holds one kind, so convert them apart "
			    "(ann-select picks them) for a config each");
			return ANN_FAILED;
		}
	rc = ann_buf_put(b, "<View>\n", 7);
	for (size_t i = 0; i < s->nobj && rc == 0; i++)
		rc = ann_buf_printf(b, "  <%s name=\"", s->obj[i].text ? "Text" : "Image") ||
		    put_xml(b, s->obj[i].name) ||
		    ann_buf_printf(b, "\" value=\"$%s\"%s/>\n", s->obj[i].text ? "text" : "image",
		    s->obj[i].url && s->obj[i].text ? " valueType=\"url\"" : "");
	for (size_t i = 0; i < s->nctl && rc == 0; i++) {
		const control *c = &s->ctl[i];
		rc = ann_buf_printf(b, "  <%s name=\"", ann__ls_tag[c->kind]) || put_xml(b, c->name) ||
		    ann_buf_put(b, "\" toName=\"", 10) || put_xml(b, c->to) ||
		    ann_buf_put(b, "\"", 1) ||
		    (c->kind == ANN_LS_CHOICE && ann_buf_printf(b, " choice=\"%s\"",
		    c->multiple ? "multiple" : "single")) ||
		    (c->per_region && ann_buf_put(b, " perRegion=\"true\"", 17));
		if (c->kind == ANN_LS_TEXT) {
			rc = rc || ann_buf_put(b, "/>\n", 3);
			continue;
		}
		rc = rc || ann_buf_put(b, ">\n", 2);
		/*
		 * An object control lists the labels given (--categories) in
		 * their order, then those met that were not given.
		 */
		size_t ngiven = c->kind < ANN_LS_CHOICE ? s->ngiven : 0;
		for (size_t k = 0; k < ngiven && rc == 0; k++)
			rc = ann_buf_put(b, "    <Label value=\"", 18) ||
			    put_xml(b, ann_categories_name(s->cats, k)) || ann_buf_put(b, "\"/>\n", 4);
		for (size_t k = 0; k < c->nvalues && rc == 0; k++) {
			if (ngiven > 0 && given(s, c->values[k], ngiven))
				continue;
			rc = ann_buf_printf(b, "    <%s value=\"", c->kind == ANN_LS_CHOICE ? "Choice" : "Label") ||
			    put_xml(b, c->values[k]) || ann_buf_put(b, "\"/>\n", 4);
		}
		rc = rc || ann_buf_printf(b, "  </%s>\n", ann__ls_tag[c->kind]);
	}
	/* The relations' own labels are not kept: any relation is allowed. */
	if (rc == 0 && s->n.relations > 0)
		rc = ann_buf_put(b, "  <Relations>\n  </Relations>\n", 29);
	if (rc != 0 || ann_buf_put(b, "</View>\n", 8) != 0) {
		ann__error_set(&s->err, "out of memory");
		return ANN_FATAL;
	}
	if (ann_out_write(out, b->p, b->len) != ANN_OK) {
		ann__error_set(&s->err, "%s", ann_out_errmsg(out));
		return ANN_FATAL;
	}
	return ANN_OK;
}
