/*
 * labelbox_answers.c: answers to questions (labelbox_private.h): a
 * classification's line, {"name":QUESTION,"answer":..}, a radio's one
 * answer, a checklist's list or free text, and the same answers nested in
 * their object's "classifications".
 *
 * Label Studio keeps a per-region answer (perRegion choices or a text
 * area, the OCR pattern) as a result of its own with the region's id; the
 * view folds them into one region (ann_region.facets).  An object whose
 * region folds answers finds them in its set's results, through an index
 * made once per set when one is first needed, and writes them as its
 * nested classifications, as labelbox-python's nested_import fixture has
 * them.  An answer whose id names no object is a region of its own, and
 * a line of its own.
 */
#include <stdlib.h>
#include <string.h>

#include "labelbox_private.h"

/*
 * A question and its answer, as a region gives them or a folded answer's
 * result: the two are written the same way.
 */
typedef struct question {
	ann_kind kind;
	ann_json_val from;		/* the control: the question's name */
	const ann_json_val *labels;	/* the choices */
	size_t nlabels;
	ann_json_val text;		/* free text: a string or a list of lines */
} question;

/*
 * Does the config say question FROM takes several answers (a checklist)?
 * Without a config, or for a question it does not name, several answers
 * (NANSWERS) say so.
 */
static int
checklist(const ann_labelbox *lb, ann_json_val from, size_t nanswers)
{
	const ann_cfg_control *ctl;
	char name[256];

	if (lb->o.config == NULL || ann_json_typeof(from) != ANN_JSON_STRING ||
	    from.n >= sizeof name)
		return nanswers > 1;
	size_t n = ann_json_str_decode(from, name);
	size_t nc = ann_labelconfig_controls(lb->o.config, &ctl);
	for (size_t i = 0; i < nc; i++)
		if (ann_cfg_name_matches(ctl[i].name, ctl[i].index_flag, name, n))
			return ctl[i].choice != NULL && strcmp(ctl[i].choice, "multiple") == 0;
	return nanswers > 1;
}

/*
 * ,"answer":.. for question q, of a line or of a nested classification
 * alike: choices as a radio's one answer or a checklist's list, free text
 * as one string.  0 written, -1 out of memory, 1 none Labelbox can hold
 * (counted: the caller takes back what it wrote of the question).
 */
static int
put_answer(ann_labelbox *lb, const question *q)
{
	ann_buf *b = &lb->lines;
	ann_kind kind = q->kind;
	const ann_json_val *labels = q->labels;
	size_t nlabels = q->nlabels;
	ann_json_val text = q->text;
	ann_json_iter it;
	ann_json_val e;
	int bad = 0, many = 0;

	if (kind == ANN_KIND_CHOICE) {
		for (size_t i = 0; i < nlabels; i++)
			if (ann_json_typeof(labels[i]) != ANN_JSON_STRING) {
				ann_skips_count(lb->skips, ANN_SKIP_GEOMETRY, kind);
				return 1;
			}
		if (nlabels == 0) {
			ann_skips_count(lb->skips, ANN_SKIP_NO_LABEL, kind);
			return 1;
		}
		int list = checklist(lb, q->from, nlabels);
		if (!list)	/* a radio question holds one */
			for (size_t i = 1; i < nlabels; i++)
				ann_skips_count(lb->skips, ANN_SKIP_EXTRA_LABEL, kind);
		bad = ann_buf_put(b, list ? ",\"answer\":[" : ",\"answer\":", list ? 11 : 10) != 0;
		for (size_t i = 0; !bad && i < (list ? nlabels : 1); i++)
			bad = (i > 0 && ann_buf_put(b, ",", 1) != 0) ||
			    ann_buf_put(b, "{\"name\":", 8) != 0 ||
			    ann__labelbox_put_string(b, labels[i]) != 0 ||
			    ann_buf_put(b, "}", 1) != 0;
		return bad || (list && ann_buf_put(b, "]", 1) != 0) ? -1 : 0;
	}
	if (kind != ANN_KIND_TEXT) {	/* ratings, numbers, dates: no such question */
		ann_skips_count(lb->skips, ANN_SKIP_KIND, kind);
		return 1;
	}
	/* Free text: Label Studio keeps a list of lines, Labelbox one string. */
	ann_json_type t = ann_json_typeof(text);
	if (t != ANN_JSON_STRING && t != ANN_JSON_ARRAY) {
		ann_skips_count(lb->skips, ANN_SKIP_NO_LABEL, kind);
		return 1;
	}
	ann_buf joined = { 0 };
	if (t == ANN_JSON_ARRAY) {
		ann_json_iter_init(&it, text);
		while (!bad && ann_json_next_elem(&it, &e)) {
			if (ann_json_typeof(e) != ANN_JSON_STRING)
				continue;
			if (ann_buf_room(&joined, e.n + 1) == NULL) {
				bad = 1;
				break;
			}
			if (many++ > 0)
				joined.p[joined.len++] = '\n';
			joined.len += ann_json_str_decode(e, joined.p + joined.len);
		}
	} else if (ann_buf_room(&joined, text.n) == NULL)
		bad = 1;
	else
		joined.len = ann_json_str_decode(text, joined.p);
	bad = bad || ann_buf_put(b, ",\"answer\":", 10) != 0 ||
	    ann_buf_json_string(b, joined.len > 0 ? joined.p : "", joined.len) != 0;
	ann_buf_free(&joined);
	return bad ? -1 : 0;
}

/* --- Nested classifications ---------------------------------------------- */

static int
answer_cmp(const void *pa, const void *pb)
{
	const answer *x = pa, *y = pb;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The set's answers with an id, by the id's hash, in the set's order: 0, or -1 no memory. */
static int
make_answers(ann_labelbox *lb, const ann_annotation *a)
{
	ann_json_iter it;
	ann_json_val res, id, type;
	size_t order = 0;

	lb->ans_made = 1;
	lb->nans = 0;
	if (ann_json_typeof(a->result) != ANN_JSON_ARRAY)
		return 0;
	ann_json_iter_init(&it, a->result);
	while (ann_json_next_elem(&it, &res)) {
		order++;
		if (ann_json_typeof(res) != ANN_JSON_OBJECT ||
		    ann_json_get(res, "type", &type) != 0 ||
		    !ann__labelbox_answer_kind(ann_view_ls_kind(type)) ||
		    ann_json_get(res, "id", &id) != 0 ||
		    (ann_json_typeof(id) != ANN_JSON_STRING && ann_json_typeof(id) != ANN_JSON_NUMBER))
			continue;
		if (ann__grow((void **)&lb->ans, &lb->capans, lb->nans + 1, sizeof *lb->ans) != 0)
			return -1;
		lb->ans[lb->nans++] = (answer){ ann_hash(id.p, id.n), order, id, res };
	}
	/* A set without answers has no array yet, and qsort may not take NULL. */
	if (lb->nans > 1)
		qsort(lb->ans, lb->nans, sizeof *lb->ans, answer_cmp);
	return 0;
}

/* The next answer after *i (from 0) of the set with id ID, or NULL. */
static const answer *
next_answer(const ann_labelbox *lb, ann_json_val id, size_t *i)
{
	uint64_t h = ann_hash(id.p, id.n);

	if (*i == 0) {
		size_t lo = 0, hi = lb->nans;
		while (lo < hi) {	/* the first answer of hash h */
			size_t mid = lo + (hi - lo) / 2;
			if (lb->ans[mid].hash < h)
				lo = mid + 1;
			else
				hi = mid;
		}
		*i = lo + 1;
	}
	for (; *i - 1 < lb->nans && lb->ans[*i - 1].hash == h; (*i)++) {
		const answer *x = &lb->ans[*i - 1];
		if (x->id.n == id.n && memcmp(x->id.p, id.p, id.n) == 0) {
			(*i)++;
			return x;
		}
	}
	return NULL;
}

/*
 * What an answer's result holds, as the view gives a region's: its kind,
 * its question, its choices one by one (in lb->choices) and its text.
 * 0, -1 out of memory, 1 no question to name it by (counted).
 */
static int
answer_parts(ann_labelbox *lb, ann_json_val res, question *q)
{
	ann_json_val type, value, choices = { NULL, 0 }, e;
	ann_json_iter it;

	q->labels = NULL;
	q->nlabels = 0;
	q->text = (ann_json_val){ NULL, 0 };
	q->kind = ann_json_get(res, "type", &type) == 0 ? ann_view_ls_kind(type) : ANN_KIND_OTHER;
	if (ann_json_get(res, "from_name", &q->from) != 0 ||
	    ann_json_typeof(q->from) != ANN_JSON_STRING) {
		ann_skips_count(lb->skips, ANN_SKIP_NO_LABEL, q->kind);
		return 1;
	}
	if (ann_json_get(res, "value", &value) == 0) {
		if (ann_json_get(value, "choices", &choices) != 0)
			choices = (ann_json_val){ NULL, 0 };
		if (ann_json_get(value, "text", &q->text) != 0)
			q->text = (ann_json_val){ NULL, 0 };
	}
	if (ann_json_typeof(choices) == ANN_JSON_ARRAY) {
		ann_json_iter_init(&it, choices);
		while (ann_json_next_elem(&it, &e)) {
			if (ann__grow((void **)&lb->choices, &lb->capchoices, q->nlabels + 1,
			    sizeof *lb->choices) != 0)
				return -1;
			lb->choices[q->nlabels++] = e;
		}
	}
	q->labels = lb->choices;	/* where the growth left them */
	return 0;
}

/*
 * The next answer after *i (from 0) of the set with id ID that names its
 * question, into *q: 1, 0 when there are no more, -1 out of memory.  The
 * set's index is made when the first is asked for; an answer without a
 * question is counted and passed over.
 */
static int
next_question(ann_labelbox *lb, const ann_annotation *a, ann_json_val id,
    size_t *i, question *q)
{
	const answer *x;
	int k;

	if (!lb->ans_made && make_answers(lb, a) != 0)
		return -1;
	while ((x = next_answer(lb, id, i)) != NULL)
		if ((k = answer_parts(lb, x->res, q)) != 1)
			return k < 0 ? -1 : 1;
	return 0;
}

/*
 * A classification's line: the head with uuid ID (else place n), the
 * answer, the tail.  An answer Labelbox cannot hold leaves no line.
 */
static ann_status
question_line(ann_labelbox *lb, const ann_annotation *a, const ann_geom *g,
    ann_json_val id, size_t n, const question *q)
{
	ann_buf *b = &lb->lines;
	size_t at = b->len;
	int k;

	if (ann__labelbox_put_head(lb, id, n, q->from) != 0 ||
	    (k = put_answer(lb, q)) < 0 ||
	    (k == 0 && ann__labelbox_put_tail(lb, a, g) != 0)) {
		b->len = at;
		return ann__labelbox_fail(lb, ANN_FATAL, "out of memory");
	}
	if (k > 0) {
		b->len = at;
		return ANN_OK;
	}
	lb->n.classifications++;
	return ANN_OK;
}

/* A classification: the question is the control, the answer its value. */
ann_status
ann__labelbox_classification(ann_labelbox *lb, const ann_annotation *a,
    const ann_region *r, const ann_geom *g)
{
	question q = { r->kind, r->from_name, r->labels, r->nlabels, r->text };

	if (ann_json_typeof(r->from_name) != ANN_JSON_STRING) {
		ann_skips_count(lb->skips, ANN_SKIP_NO_LABEL, r->kind);
		return ANN_OK;
	}
	return question_line(lb, a, g, r->id, lb->nregion, &q);
}

/*
 * ,"classifications":[..]: the answers folded into object r, each
 * {"name":..,"answer":..} (none when it folds none).  0, or -1 out of
 * memory.
 */
int
ann__labelbox_put_nested(ann_labelbox *lb, const ann_annotation *a,
    const ann_region *r)
{
	ann_buf *b = &lb->lines;
	size_t n = 0, i = 0;
	question q;
	int k = 0;

	if (ann_buf_put(b, ",\"classifications\":", 19) != 0)
		return -1;
	while (r->facets > 1 && r->id.p != NULL &&
	    (k = next_question(lb, a, r->id, &i, &q)) > 0) {
		size_t at = b->len;
		if (ann_buf_put(b, n > 0 ? "," : "[", 1) != 0 ||
		    ann_buf_put(b, "{\"name\":", 8) != 0 ||
		    ann__labelbox_put_string(b, q.from) != 0 ||
		    (k = put_answer(lb, &q)) < 0 ||
		    (k == 0 && ann_buf_put(b, "}", 1) != 0))
			return -1;
		if (k > 0)
			b->len = at;
		else
			n++;
	}
	if (k < 0)
		return -1;
	lb->n.nested += n;
	return ann_buf_put(b, n > 0 ? "]" : "[]", n > 0 ? 1 : 2);
}

/*
 * Answers sharing an id that names no object, which the view folds into
 * one region: a line each, as if each were a region of its own, the
 * first with the region's uuid, the others with the id and their place.
 */
ann_status
ann__labelbox_folded_answers(ann_labelbox *lb, const ann_annotation *a,
    const ann_region *r, const ann_geom *g)
{
	size_t i = 0, nth = 0;
	ann_status st = ANN_OK;
	question q;
	int k = 0;

	while (st == ANN_OK && (k = next_question(lb, a, r->id, &i, &q)) > 0) {
		/* The id, then a unit separator and the answer's place: no id's text. */
		lb->scratch.len = 0;
		if (ann_buf_put(&lb->scratch, r->id.p, r->id.n) != 0 ||
		    (nth > 0 && ann_buf_printf(&lb->scratch, "\x1f%zu", nth) != 0))
			return ann__labelbox_fail(lb, ANN_FATAL, "out of memory");
		nth++;
		st = question_line(lb, a, g,
		    (ann_json_val){ lb->scratch.p, lb->scratch.len }, 0, &q);
	}
	return k < 0 ? ann__labelbox_fail(lb, ANN_FATAL, "out of memory") : st;
}
