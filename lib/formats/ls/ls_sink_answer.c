/*
 * ls_sink_answer.c: a classification's answers (a radio's choice, a
 * checklist's choices, a free text) and a relationship between two
 * objects, as Label Studio results.  An answer nested under the object
 * written last repeats its id and geometry (ls_sink_object.c keeps them);
 * a relation names its ends by the ids they were written with.
 */
#include <stdio.h>
#include <string.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_geom.h"
#include "ls_sink_private.h"

/*
 * A classification: the question is the control.  One nested under an
 * object written is that region's answer: it takes the object's id.
 */
ann_status
ann__lssink_classification(ann_lssink *s, const ann_region *r, const ann_geom *g, int k)
{
	ann_buf *b = &s->res;
	size_t at = b->len, nres = s->nres;
	const char *from, *to;
	ann_json_val id = r->id;
	int rc, per_region = 0, multiple = 0;

	if (ann_json_typeof(r->from_name) != ANN_JSON_STRING) {
		ann_skips_count(s->skips, ANN_SKIP_NO_LABEL, r->kind);
		return ANN_OK;
	}
	if (r->parent_id.p != NULL && ann_idset_has(s->objs, r->parent_id.p, r->parent_id.n)) {
		id = r->parent_id;
		per_region = 1;
	}
	/* Its object's geometry, when it is the object just written. */
	int geo = per_region && s->lastid.len == r->parent_id.n &&
	    memcmp(s->lastid.p, r->parent_id.p, r->parent_id.n) == 0;
	ann_geom sized;
	if (geo && s->lastg != NULL) {
		sized.width = s->lastw;
		sized.height = s->lasth;
	}
	if (k == ANN_LS_CHOICE) {
		if (r->nlabels == 0) {
			ann_skips_count(s->skips, ANN_SKIP_NO_LABEL, r->kind);
			return ANN_OK;
		}
		for (size_t i = 0; i < r->nlabels; i++)
			if (ann_json_typeof(r->labels[i]) != ANN_JSON_STRING) {
				ann_skips_count(s->skips, ANN_SKIP_GEOMETRY, r->kind);
				return ANN_OK;
			}
		/* A checklist, whether one or several were ticked. */
		multiple = r->nlabels > 1 || r->checklist;
	} else if (ann_json_typeof(r->text) != ANN_JSON_STRING) {
		ann_skips_count(s->skips, ANN_SKIP_NO_LABEL, r->kind);
		return ANN_OK;
	}
	char *q = ann__lssink_decode(r->from_name, &s->tmp);
	if (q == NULL)
		return ann__lssink_fail(s, ANN_FATAL, "out of memory");
	if ((rc = ann__lssink_names(s, k, q, &from, &to)) != 0)
		return rc == -2 ? ANN_FAILED : ann__lssink_fail(s, ANN_FATAL, "out of memory");
	if (ann__lssink_put_head(s, b, id, k, from, to, geo && s->lastg != NULL ? &sized : NULL) != 0 ||
	    (geo && ann_buf_put(b, s->lastval.p, s->lastval.len) != 0))
		goto nomem;
	if (k == ANN_LS_CHOICE) {
		rc = ann_buf_put(b, "\"choices\":[", 11);
		for (size_t i = 0; rc == 0 && i < r->nlabels; i++) {
			rc = (i > 0 && ann_buf_put(b, ",", 1) != 0) ||
			    ann_buf_put(b, r->labels[i].p, r->labels[i].n) != 0;
			char *v = rc ? NULL : ann__lssink_decode(r->labels[i], &s->name);
			rc = rc || v == NULL ||
			    ann__lssink_note_value(s, from, to, k, v, s->name.len, multiple, per_region) != 0;
		}
		rc = rc || ann_buf_put(b, "]}", 2) != 0;
	} else
		rc = ann_buf_put(b, "\"text\":[", 8) != 0 ||
		    ann_buf_put(b, r->text.p, r->text.n) != 0 || ann_buf_put(b, "]}", 2) != 0 ||
		    ann__lssink_note_value(s, from, to, k, NULL, 0, 0, per_region) != 0;
	if (rc != 0 || ann__lssink_put_score(s, b, g) != 0 ||
	    ann_buf_put(b, "}", 1) != 0)
		goto nomem;
	s->p.results[k]++;
	return ANN_OK;
nomem:
	b->len = at;
	s->nres = nres;
	return ann__lssink_fail(s, ANN_FATAL, "out of memory");
}

/* A relationship between two objects written: Label Studio's relation. */
ann_status
ann__lssink_relation(ann_lssink *s, const ann_region *r)
{
	ann_buf *b = &s->res;
	size_t at = b->len;
	ann_json_val inner, type;

	if (r->from_id.p == NULL || r->to_id.p == NULL ||
	    !ann_idset_has(s->objs, r->from_id.p, r->from_id.n) ||
	    !ann_idset_has(s->objs, r->to_id.p, r->to_id.n)) {
		ann_skips_count(s->skips, ANN_SKIP_RELATION_END, ANN_KIND_RELATION);
		return ANN_OK;
	}
	if (ann_json_get(r->raw, "relationship", &inner) != 0)
		inner = r->raw;
	int bi = ann_json_get(inner, "type", &type) == 0 &&
	    ann_json_str_eq(type, "bidirectional");
	if ((s->nres > 0 && ann_buf_put(b, ",", 1) != 0) ||
	    ann_buf_put(b, "{\"from_id\":", 11) != 0 || ann__lssink_put_rid(s, b, r->from_id, 0) != 0 ||
	    ann_buf_put(b, ",\"to_id\":", 9) != 0 || ann__lssink_put_rid(s, b, r->to_id, 0) != 0 ||
	    ann_buf_printf(b, ",\"type\":\"relation\",\"direction\":\"%s\"", bi ? "bi" : "right") != 0 ||
	    (r->nlabels > 0 && ann_json_typeof(r->labels[0]) == ANN_JSON_STRING &&
	    (ann_buf_put(b, ",\"labels\":[", 11) != 0 ||
	    ann_buf_put(b, r->labels[0].p, r->labels[0].n) != 0 || ann_buf_put(b, "]", 1) != 0)) ||
	    ann_buf_put(b, "}", 1) != 0) {
		b->len = at;
		return ann__lssink_fail(s, ANN_FATAL, "out of memory");
	}
	s->nres++;
	s->p.relations++;
	return ANN_OK;
}
