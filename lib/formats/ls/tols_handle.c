/*
 * tols_handle.c: the converter's handle (ann_tols.h): made, copied as a
 * writer for another thread (its own buffers, counts and categories' used
 * bits, the tables and spill shared), joined back, freed.  tols.c fills it
 * from COCO; tols_write.c makes the tasks.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_tols.h"
#include "util_private.h"

#include "tols_private.h"

ann_tols *
ann_tols_new(const ann_tols_opts *opts, ann_error *err)
{
	ann_tols *t = calloc(1, sizeof *t);

	if (t == NULL) {
		ann__error_set(err, "out of memory");
		return NULL;
	}
	t->o = *opts;
	if ((t->names = ann_tols_names_new(opts->config, opts->from_name,
	    opts->to_name, err)) == NULL) {
		free(t);
		return NULL;
	}
	if ((t->spill = ann__tmpfile(err)) == NULL) {
		ann_tols_names_free(t->names);
		free(t);
		return NULL;
	}
	return t;
}

/* The buffers a writer has of its own, listed once for making and freeing. */
static const size_t buffers[] = {
	offsetof(ann_tols, task), offsetof(ann_tols, name), offsetof(ann_tols, line),
	offsetof(ann_tols, scratch), offsetof(ann_tols, counts),
	offsetof(ann_tols, job), offsetof(ann_tols, out), offsetof(ann_tols, text),
	offsetof(ann_tols, window)
};

static ann_buf *
buffer(ann_tols *t, size_t i)
{
	return (ann_buf *)(void *)((char *)t + buffers[i]);
}

ann_tols *
ann_tols_writer(ann_tols *t)
{
	ann_tols *w = malloc(sizeof *w);

	if (w == NULL)
		return NULL;
	*w = *t;
	w->parent = t;
	w->tasks = w->results = w->clipped = w->empty = 0;
	w->pending = ANN_OK;
	for (size_t i = 0; i < sizeof buffers / sizeof *buffers; i++)
		memset(buffer(w, i), 0, sizeof (ann_buf));
	if ((w->cat = malloc((t->ncat ? t->ncat : 1) * sizeof *w->cat)) == NULL) {
		free(w);
		return NULL;
	}
	if (t->ncat > 0)
		memcpy(w->cat, t->cat, t->ncat * sizeof *w->cat);
	for (size_t i = 0; i < w->ncat; i++)
		w->cat[i].used = 0;
	return w;
}

void
ann_tols_writer_join(ann_tols *w)
{
	ann_tols *t;

	if (w == NULL)
		return;
	t = w->parent;
	t->tasks += w->tasks;
	t->results += w->results;
	t->clipped += w->clipped;
	t->empty += w->empty;
	for (size_t i = 0; i < t->ncat; i++)
		t->cat[i].used |= w->cat[i].used;
	ann_tols_free(w);
}

static void
free_buffers(ann_tols *t)
{
	for (size_t i = 0; i < sizeof buffers / sizeof *buffers; i++)
		ann_buf_free(buffer(t, i));
}

void
ann_tols_free(ann_tols *t)
{
	if (t == NULL)
		return;
	if (t->parent != NULL) {	/* a writer: the rest is its parent's */
		free_buffers(t);
		free(t->cat);
		free(t);
		return;
	}
	if (t->spill)
		fclose(t->spill);
	if (t->texts)
		fclose(t->texts);
	for (size_t i = 0; i < t->nin; i++) {
		close(t->in[i].fd);
		free(t->in[i].name);
	}
	free(t->in);
	ann_tols_names_free(t->names);
	for (size_t i = 0; i < t->nimg; i++)
		free(t->img[i].file);
	for (size_t i = 0; i < t->ncat; i++) {
		free(t->cat[i].name);
		for (size_t k = 0; k < t->cat[i].nkp; k++)
			free(t->cat[i].kp[k]);
		free(t->cat[i].kp);
	}
	free(t->img);
	free(t->order);
	free(t->cat);
	free(t->imgmap.key);
	free(t->imgmap.val);
	free(t->imgmap.dense);
	free(t->catmap.key);
	free(t->catmap.val);
	free(t->catmap.dense);
	free_buffers(t);
	free(t);
}

const char *
ann_tols_errmsg(const ann_tols *t)
{
	return t->err.msg;
}

int
ann_tols_errbyte(const ann_tols *t, uint64_t *byte)
{
	*byte = t->err.byte;
	return t->err.has_byte;
}
