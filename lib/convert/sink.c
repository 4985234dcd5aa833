/*
 * sink.c: the one loop that drives a converter over a record
 * (ann_sink.h).
 */
#include <stdlib.h>

#include "ann_core.h"
#include "ann_sink.h"

static ann_status
drive_set(ann_sink *s, const ann_sink_ctx *c, const ann_annotation *a)
{
	const ann_sink_ops *o = s->ops;
	const ann_region *r;
	ann_geom g;
	size_t n;
	ann_status st = ANN_OK;

	if (o->set != NULL && (st = o->set(s->self, c, a)) != ANN_OK)
		return st;
	if (o->region != NULL) {
		if (ann_view_regions(c->view, a, &r, &n) != ANN_OK) {
			s->err = ann_view_errmsg(c->view);
			return ANN_FAILED;
		}
		for (size_t i = 0; i < n && st == ANN_OK; i++) {
			ann_geom_of(&g, &r[i], a, c->task);
			st = o->region(s->self, c, a, &r[i], &g);
		}
		if (st != ANN_OK)
			return st;
	}
	return o->set_end != NULL ? o->set_end(s->self, c, a) : ANN_OK;
}

ann_status
ann_sink_record(ann_sink *s, ann_view *v, ann_skips *skips,
    const ann_record *rec)
{
	const ann_sink_ops *o = s->ops;
	const ann_annotation *sets;
	size_t nsets, small[16], *chosen = small, k;
	ann_sink_ctx c = { v, rec, NULL, skips };
	ann_status st;

	s->err = NULL;
	if (ann_view_load_record(v, rec) != ANN_OK ||
	    ann_view_annotations(v, &sets, &nsets) != ANN_OK) {
		s->err = ann_view_errmsg(v);
		return ANN_FAILED;
	}
	c.task = ann_view_task(v);
	if (o->task != NULL && (st = o->task(s->self, &c)) != ANN_OK)
		return st;
	if (nsets > sizeof small / sizeof *small &&
	    (chosen = malloc(nsets * sizeof *chosen)) == NULL) {
		s->err = "out of memory";
		return ANN_FATAL;
	}
	k = ann_sets_choose(&s->sets, sets, nsets, chosen, skips);
	st = ANN_OK;
	for (size_t i = 0; i < k && st == ANN_OK; i++)
		st = drive_set(s, &c, &sets[chosen[i]]);

	if (chosen != small)
		free(chosen);
	if (st == ANN_OK && o->task_end != NULL)
		st = o->task_end(s->self, &c, k);
	return st;
}

ann_status
ann_sink_finish(const ann_sink *s)
{
	return s->ops->finish != NULL ? s->ops->finish(s->self) : ANN_OK;
}

const char *
ann_sink_errmsg(const ann_sink *s)
{
	const char *m = s->err != NULL ? s->err :
	    s->ops->errmsg != NULL ? s->ops->errmsg(s->self) : NULL;

	return m != NULL && m[0] != '\0' ? m : "out of memory";
}
