/*
 * ls_sink_result.c: the pieces every result of ls_sink.c is made of, for
 * the objects (ls_sink_object.c) and the answers (ls_sink_answer.c) alike:
 * the error on the sink, a string decoded, a result's stable id, its names
 * (from the config, the options or the defaults), its head and a
 * prediction's score.  It calls only ls_sink_config.c, so the files above
 * it never call each other.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ls_sink_private.h"
#include "util_private.h"

/* A JSON string decoded into b, NUL-terminated: NULL when out of memory. */
char *
ann__lssink_decode(ann_json_val v, ann_buf *b)
{
	char *p = ann_buf_clear_room(b, v.n);

	if (p == NULL)
		return NULL;
	b->len = ann_json_str_decode(v, p);
	p[b->len] = '\0';
	return p;
}

/*
 * The id of the result of feature fid (its JSON text; none: the region's
 * place in the task), 12 hex digits of a hash of the row's id and it, into
 * id (13 bytes).  0, or -1 out of memory.
 */
static int
rid(ann_lssink *s, ann_json_val fid, size_t n, char *id)
{
	ann_buf *k = &s->key;
	size_t base = k->len;
	int bad = ann_buf_put(k, "\x1f", 1) != 0 ||
	    (fid.p != NULL ? ann_buf_put(k, fid.p, fid.n) :
	    (ann_buf_put(k, "#", 1) || ann_buf_int(k, (long long)n))) != 0;
	uint64_t h = bad ? 0 : ann__hash_end(ann__hash_more(s->keyh, k->p + base,
	    k->len - base));

	k->len = base;
	ann__ls_id(id, h);
	return bad ? -1 : 0;
}

/* That id as a JSON string. */
int
ann__lssink_put_rid(ann_lssink *s, ann_buf *b, ann_json_val fid, size_t n)
{
	char id[13];

	return rid(s, fid, n, id) != 0 || ann_buf_put(b, "\"", 1) != 0 ||
	    ann_buf_put(b, id, 12) != 0 || ann_buf_put(b, "\"", 1) != 0 ? -1 : 0;
}

/*
 * The names of a result of kind k: an object's from the config, else the
 * options', else the defaults (a question's own name for a
 * classification).  label is the decoded label or question.  0, -1 out of
 * memory, -2 the config has no control for it, or two (s->err says which).
 */
int
ann__lssink_names(ann_lssink *s, int k, const char *label, const char **from,
    const char **to)
{
	*from = NULL;
	*to = NULL;
	if (s->names != NULL && ann__ls_from[k] != NULL &&
	    ann_tols_names_get(s->names, ann__ls_type[k], label, from, to, &s->err) != 0)
		return -2;
	if (s->o.config != NULL && ann__ls_from[k] == NULL) {
		/* A question's control is the config's of its name: its object. */
		const ann_cfg_control *c;
		size_t nc = ann_labelconfig_controls(s->o.config, &c);
		for (size_t i = 0; i < nc && *to == NULL; i++)
			if (strcmp(c[i].name, label) == 0 && c[i].nto_names > 0)
				*to = c[i].to_names[0];
	}
	if (*from == NULL)
		*from = ann__ls_from[k] != NULL ? (s->o.from_name != NULL ? s->o.from_name : ann__ls_from[k]) :
		    label;
	if (*to == NULL)
		*to = s->o.to_name != NULL ? s->o.to_name : s->media;
	return ann__lssink_note_object(s, *to) != 0 ? -1 : 0;
}

/* {"id":..,"type":..,"from_name":..,"to_name":..[,sizes],"value":{ */
int
ann__lssink_put_head(ann_lssink *s, ann_buf *b, ann_json_val id, int k, const char *from,
    const char *to, const ann_geom *g)
{
	char rid_text[13];

	if (s->nres++ > 0 && ann_buf_put(b, ",", 1) != 0)
		return -1;
	if (rid(s, id, s->nregion, rid_text) != 0 ||
	    ann__ls_put_head(b, rid_text, k, from, to, g != NULL ? g->width : -1,
	    g != NULL ? g->height : -1) != 0)
		return -1;
	s->valstart = b->len;
	return 0;
}

/* A prediction's score, when the region has one: ,"score":N.  0, -1 out of memory. */
int
ann__lssink_put_score(ann_lssink *s, ann_buf *b, const ann_geom *g)
{
	if (!s->o.as_predictions || g == NULL || !isfinite(g->score))
		return 0;
	return ann_buf_put(b, ",\"score\":", 9) != 0 || ann_buf_double(b, g->score) != 0 ?
	    -1 : 0;
}
