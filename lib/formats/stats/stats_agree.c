/*
 * stats_agree.c: how far the annotators of a task agree (ann-stats
 * --agreement), added up over the run.  The definitions, as ann-stats(1)
 * gives them:
 *
 *   - The raters of a task are its annotations that are neither
 *     predictions nor cancelled and have an author; an author's first
 *     annotation of the task counts, later ones do not.
 *   - Classifications (choices, taxonomies, ratings with labels): an item
 *     is a task's control (from_name); a rater's category for it is the
 *     set of labels of their regions of that control.  Per pair of
 *     annotators, over the items both answered: percent agreement p_o,
 *     and Cohen's kappa (p_o - p_e) / (1 - p_e), p_e = sum over the
 *     categories k of (A_k / n)(B_k / n) (Cohen 1960).  Over all: Fleiss'
 *     kappa (Fleiss 1971) with each item's own number of raters n_i >= 2:
 *     P_i = sum_j n_ij (n_ij - 1) / (n_i (n_i - 1)), P = mean of P_i,
 *     p_j = sum_i n_ij / sum_i n_i, P_e = sum_j p_j^2,
 *     kappa = (P - P_e) / (1 - P_e); percent agreement is P.
 *   - Boxes and polygons of the same labels are matched one to one, the
 *     pair of largest IoU first, while IoU >= 0.5; F1 = 2 M / (N_A + N_B).
 *     Upright boxes' IoU is exact; a rotated box or a polygon is measured
 *     on a 128 x 128 grid over the two regions' bounding box.
 *   - Text spans of the same labels: exact matches (same start and end),
 *     and overlapping ones matched one to one, the largest overlap first;
 *     F1 as for boxes.
 *
 * Nothing here calls stats.c or stats_out.c; both call in.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "ann_geom.h"
#include "ann_json.h"
#include "stats_private.h"
#include "util_private.h"

void
ann__stats_agree_free(struct agree *g)
{
	free(g->raters);
	free(g->regs);
	free(g->pts);
	ann_buf_free(&g->text);
	ann__stats_table_free(&g->pairs);
	ann__stats_table_free(&g->margins);
	ann__stats_table_free(&g->cats);
}

double
ann__stats_kappa(const struct pairstat *p)
{
	double n = (double)p->items, po, pe;

	if (p->items == 0)
		return NAN;
	po = (double)p->agree / n;
	pe = (double)p->expected / (n * n);
	return pe >= 1 ? NAN : (po - pe) / (1 - pe);
}

double
ann__stats_fleiss(const struct agree *g)
{
	double pbar, pe = 0;

	if (g->items == 0)
		return NAN;
	pbar = g->sum_p / (double)g->items;
	for (size_t i = 0; i < g->cats.n; i++) {
		double p = (double)g->cats.e[i].count / (double)g->ratings;
		pe += p * p;
	}
	return pe >= 1 ? NAN : (pbar - pe) / (1 - pe);
}

double
ann__stats_f1(uint64_t match, uint64_t a, uint64_t b)
{
	return a + b == 0 ? NAN : 2.0 * (double)match / (double)(a + b);
}

static const char *
text_at(const struct agree *g, size_t off)
{
	return g->text.p + off;
}

/* A JSON string or number's text appended: 1, 0 none, -1 out of memory. */
static int
put_value(struct agree *g, ann_json_val v)
{
	char *p;

	switch (ann_json_typeof(v)) {
	case ANN_JSON_STRING:
		if ((p = ann_buf_room(&g->text, v.n)) == NULL)
			return -1;
		g->text.len += ann_json_str_decode(v, p);
		return 1;
	case ANN_JSON_NUMBER:
		return ann_buf_put(&g->text, v.p, v.n) != 0 ? -1 : 1;
	case ANN_JSON_OBJECT: {
		ann_json_val m;
		if (ann_json_get(v, "email", &m) == 0 &&
		    ann_json_typeof(m) == ANN_JSON_STRING)
			return put_value(g, m);
		if (ann_json_get(v, "id", &m) == 0)
			return put_value(g, m);
		return 0;
	}
	default:
		return 0;
	}
}

static int
cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/*
 * A region's labels as one text, sorted and joined by \x1f (a taxonomy
 * path's levels by \x1d), so that the same labels in another order are
 * the same.  Offset and length through *off and *len; -1 out of memory.
 */
static int
put_labels(struct agree *g, const ann_region *r, size_t *off, size_t *len)
{
	size_t start = g->text.len, n = 0;
	char **v = NULL, *all = NULL;
	int rc = -1;

	for (size_t i = 0; i < r->nlabels; i++) {
		ann_json_val l = r->labels[i], e;
		ann_json_iter it;
		if (ann_json_typeof(l) == ANN_JSON_ARRAY) {
			int first = 1;
			ann_json_iter_init(&it, l);
			while (ann_json_next_elem(&it, &e))
				if ((!first && ann_buf_put(&g->text, "\x1d", 1) != 0) ||
				    (first = 0, put_value(g, e) < 0))
					return -1;
		} else if (put_value(g, l) < 0)
			return -1;
		if (ann_buf_put(&g->text, "", 1) != 0)	/* a NUL after each */
			return -1;
		n++;
	}
	if (n > 1) {
		/* Sort the NUL-separated labels and join them again. */
		size_t total = g->text.len - start;
		if ((all = malloc(total)) == NULL || (v = malloc(n * sizeof *v)) == NULL) {
			free(all);
			return -1;
		}
		memcpy(all, g->text.p + start, total);
		for (size_t i = 0, o = 0; i < n; i++, o += strlen(all + o) + 1)
			v[i] = all + o;
		qsort(v, n, sizeof *v, cmp_str);
		g->text.len = start;
		for (size_t i = 0; i < n; i++)
			if ((i > 0 && ann_buf_put(&g->text, "\x1f", 1) != 0) ||
			    ann_buf_put(&g->text, v[i], strlen(v[i])) != 0)
				goto out;
		free(all);
		free(v);
		all = NULL;
		v = NULL;
	} else if (n == 1)
		g->text.len--;	/* the NUL */
	rc = 0;
out:
	free(all);
	free(v);
	*off = start;
	*len = g->text.len - start;
	return rc;
}

static int
add_point(struct agree *g, double x, double y)
{
	if (ann__grow((void **)&g->pts, &g->ptscap, 2 * g->npts + 2, sizeof *g->pts) != 0)
		return -1;
	g->pts[2 * g->npts] = x;
	g->pts[2 * g->npts + 1] = y;
	g->npts++;
	return 0;
}

/* A box or polygon's geometry in percent if known, else pixels. */
static int
put_shape(struct agree *g, struct agree_region *x, const ann_region *r,
    const ann_geom *gm)
{
	ann_unit u = ANN_PCT;
	double xy[8];

	x->unit = -1;
	if (r->kind == ANN_KIND_RECTANGLE) {
		if (!gm->has_box)
			return 0;
		if (!isfinite(gm->box[u][0]) || !isfinite(gm->box[u][2]))
			u = ANN_PX;
		if (!isfinite(gm->box[u][0]) || !isfinite(gm->box[u][1]) ||
		    !isfinite(gm->box[u][2]) || !isfinite(gm->box[u][3]))
			return 0;
		if (gm->rotation == 0) {
			memcpy(x->box, gm->box[u], sizeof x->box);
			x->unit = (int)u;
			return 0;
		}
		/* A rotated box: its corners, as a polygon. */
		if (ann_geom_corners(gm, u, xy) != 0)
			return 0;
		x->poly = 1;
		x->off = g->npts;
		for (int i = 0; i < 4; i++)
			if (add_point(g, xy[2 * i], xy[2 * i + 1]) != 0)
				return -1;
		x->n = 4;
		x->unit = (int)u;
		return 0;
	}
	/* A polygon: every point must be usable in one unit. */
	for (int pass = 0; pass < 2; pass++) {
		ann_points it;
		ann_json_val px, py;
		int ok = 1;
		u = pass == 0 ? ANN_PCT : ANN_PX;
		x->off = g->npts;
		x->n = 0;
		ann_points_init(&it, r);
		while (ok && ann_points_next(&it, &px, &py)) {
			if (ann_geom_point(gm, px, py, u, xy) != 0)
				ok = 0;
			else if (add_point(g, xy[0], xy[1]) != 0)
				return -1;
			else
				x->n++;
		}
		if (ok && x->n >= 3) {
			x->poly = 1;
			x->unit = (int)u;
			return 0;
		}
		g->npts = x->off;
	}
	return 0;
}

static int
is_class(ann_kind k)
{
	return k == ANN_KIND_CHOICE || k == ANN_KIND_TAXONOMY || k == ANN_KIND_RATING;
}

static int
is_shape(ann_kind k)
{
	return k == ANN_KIND_RECTANGLE || k == ANN_KIND_POLYGON;
}

/* Copy what is compared of one rater's regions. */
static int
collect(struct agree *g, ann_view *v, size_t rater)
{
	const ann_region *r;
	size_t n;

	if (ann_view_regions(v, g->raters[rater].a, &r, &n) != ANN_OK)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct agree_region *x;
		ann_geom gm;
		if (!is_class(r[i].kind) && !is_shape(r[i].kind) &&
		    r[i].kind != ANN_KIND_SPAN)
			continue;
		if (is_class(r[i].kind) && r[i].nlabels == 0)
			continue;
		if (ann__grow((void **)&g->regs, &g->regcap, g->nregs + 1,
		    sizeof *g->regs) != 0)
			return -1;
		x = &g->regs[g->nregs++];
		memset(x, 0, sizeof *x);
		x->rater = rater;
		x->kind = r[i].kind;
		x->unit = -1;
		ann_geom_of(&gm, &r[i], g->raters[rater].a, ann_view_task(v));
		if (is_class(r[i].kind)) {
			/* The control it answers, then \x1e, then the labels. */
			size_t off = g->text.len, lo, ll;
			if (put_value(g, r[i].from_name) < 0 ||
			    ann_buf_put(&g->text, "\x1e", 1) != 0 ||
			    put_labels(g, &r[i], &lo, &ll) != 0)
				return -1;
			x->label = off;
			x->llen = g->text.len - off;
			continue;
		}
		if (put_labels(g, &r[i], &x->label, &x->llen) != 0)
			return -1;
		if (is_shape(r[i].kind)) {
			if (put_shape(g, x, &r[i], &gm) != 0)
				return -1;
		} else if (gm.has_span && gm.end > gm.start) {
			x->start = gm.start;
			x->end = gm.end;
			x->unit = 0;
		}
	}
	return 0;
}

static int
same_label(const struct agree *g, const struct agree_region *a,
    const struct agree_region *b)
{
	return a->llen == b->llen &&
	    memcmp(text_at(g, a->label), text_at(g, b->label), a->llen) == 0;
}

/* Even-odd: is (x, y) inside the polygon? */
static int
inside(const double *p, size_t n, double x, double y)
{
	int in = 0;

	for (size_t i = 0, j = n - 1; i < n; j = i++) {
		double xi = p[2 * i], yi = p[2 * i + 1], xj = p[2 * j], yj = p[2 * j + 1];
		if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
			in = !in;
	}
	return in;
}

#define GRID 128

static double
iou(const struct agree *g, const struct agree_region *a,
    const struct agree_region *b)
{
	double pa[8], pb[8];
	const double *qa, *qb;
	size_t na, nb;

	if (a->unit < 0 || a->unit != b->unit)
		return 0;
	if (!a->poly && !b->poly) {
		double ix = fmin(a->box[0] + a->box[2], b->box[0] + b->box[2]) -
		    fmax(a->box[0], b->box[0]);
		double iy = fmin(a->box[1] + a->box[3], b->box[1] + b->box[3]) -
		    fmax(a->box[1], b->box[1]);
		double inter = ix > 0 && iy > 0 ? ix * iy : 0;
		double uni = a->box[2] * a->box[3] + b->box[2] * b->box[3] - inter;
		return uni > 0 ? inter / uni : 0;
	}
	/* Upright boxes as polygons, then both on a grid. */
	const struct agree_region *r[2] = { a, b };
	double *pp[2] = { pa, pb };
	const double *q[2];
	size_t nn[2];
	for (int k = 0; k < 2; k++) {
		if (r[k]->poly) {
			q[k] = g->pts + 2 * r[k]->off;
			nn[k] = r[k]->n;
			continue;
		}
		const double *bx = r[k]->box;
		double c[8] = { bx[0], bx[1], bx[0] + bx[2], bx[1],
		    bx[0] + bx[2], bx[1] + bx[3], bx[0], bx[1] + bx[3] };
		memcpy(pp[k], c, sizeof c);
		q[k] = pp[k];
		nn[k] = 4;
	}
	qa = q[0], qb = q[1], na = nn[0], nb = nn[1];
	double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
	for (size_t i = 0; i < na + nb; i++) {
		const double *pt = i < na ? qa + 2 * i : qb + 2 * (i - na);
		x0 = fmin(x0, pt[0]), x1 = fmax(x1, pt[0]);
		y0 = fmin(y0, pt[1]), y1 = fmax(y1, pt[1]);
	}
	if (!(x1 > x0) || !(y1 > y0))
		return 0;
	uint64_t inter = 0, uni = 0;
	for (int i = 0; i < GRID; i++)
		for (int j = 0; j < GRID; j++) {
			double x = x0 + (x1 - x0) * (i + 0.5) / GRID;
			double y = y0 + (y1 - y0) * (j + 0.5) / GRID;
			int ia = inside(qa, na, x, y), ib = inside(qb, nb, x, y);
			inter += ia && ib;
			uni += ia || ib;
		}
	return uni > 0 ? (double)inter / (double)uni : 0;
}

/* A candidate match: its score, and which two regions. */
struct cand {
	double score;
	size_t i, j;
};

static int
cmp_cand(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->i != b->i)
		return a->i < b->i ? -1 : 1;
	return a->j < b->j ? -1 : a->j > b->j;
}

enum { M_SHAPE, M_EXACT, M_OVERLAP };

/*
 * Match rater ra's regions with rb's one to one, the best score first,
 * for how (M_*): how many matched.  -1 out of memory.
 */
static long
match(const struct agree *g, size_t ra, size_t rb, int how)
{
	struct cand *c = NULL;
	size_t nc = 0, cap = 0;
	unsigned char *used = NULL;
	long m = 0;

	for (size_t i = 0; i < g->nregs; i++) {
		const struct agree_region *a = &g->regs[i];
		if (a->rater != ra || a->unit < 0 ||
		    (how == M_SHAPE) != is_shape(a->kind) ||
		    (how != M_SHAPE && a->kind != ANN_KIND_SPAN))
			continue;
		for (size_t j = 0; j < g->nregs; j++) {
			const struct agree_region *b = &g->regs[j];
			double s;
			if (b->rater != rb || b->unit < 0 || !same_label(g, a, b) ||
			    (how == M_SHAPE ? !is_shape(b->kind) : b->kind != ANN_KIND_SPAN))
				continue;
			if (how == M_SHAPE)
				s = iou(g, a, b);
			else if (how == M_EXACT)
				s = a->start == b->start && a->end == b->end ? 1 : 0;
			else
				s = fmin(a->end, b->end) - fmax(a->start, b->start);
			if (how == M_SHAPE ? !(s >= 0.5) : !(s > 0))
				continue;
			if (ann__grow((void **)&c, &cap, nc + 1, sizeof *c) != 0) {
				free(c);
				return -1;
			}
			c[nc++] = (struct cand){ s, i, j };
		}
	}
	/* No qsort of an empty list: its base would be null (UBSan). */
	if (nc == 0)
		return 0;
	if ((used = calloc(g->nregs, 1)) == NULL) {
		free(c);
		return -1;
	}
	qsort(c, nc, sizeof *c, cmp_cand);
	for (size_t k = 0; k < nc; k++)
		if (!used[c[k].i] && !used[c[k].j]) {
			used[c[k].i] = used[c[k].j] = 1;
			m++;
		}
	free(c);
	free(used);
	return m;
}

static uint64_t
count_of_rater(const struct agree *g, size_t r, int spans)
{
	uint64_t n = 0;

	for (size_t i = 0; i < g->nregs; i++)
		n += g->regs[i].rater == r && g->regs[i].unit >= 0 &&
		    (spans ? g->regs[i].kind == ANN_KIND_SPAN : is_shape(g->regs[i].kind));
	return n;
}

/* The pair's entry, A the rater whose key sorts first. */
static struct pairstat *
pair_of(struct agree *g, size_t max, size_t ra, size_t rb, ann_buf *key)
{
	struct entry *e;

	key->len = 0;
	if (ann_buf_put(key, text_at(g, g->raters[ra].key), g->raters[ra].klen) != 0 ||
	    ann_buf_put(key, "\x1f", 1) != 0 ||
	    ann_buf_put(key, text_at(g, g->raters[rb].key), g->raters[rb].klen) != 0 ||
	    (e = ann__stats_entry(&g->pairs, max, key->p, key->len)) == NULL)
		return NULL;
	if (e == &g->pairs.other)
		g->overflow = 1;
	if (e->pair == NULL && (e->pair = calloc(1, sizeof *e->pair)) == NULL)
		return NULL;
	return e->pair;
}

/* Rater order by key, so that a pair is always A before B. */
static int
rater_before(const struct agree *g, size_t a, size_t b)
{
	const struct agree_rater *x = &g->raters[a], *y = &g->raters[b];
	size_t n = x->klen < y->klen ? x->klen : y->klen;
	int c = memcmp(text_at(g, x->key), text_at(g, y->key), n);

	return c < 0 || (c == 0 && x->klen < y->klen);
}

/*
 * The count of a pair's side ("\x1eA" or "\x1eB") giving category cat,
 * key holding the pair's.  Valid until the next look-up in the table.
 */
static struct entry *
margin(struct agree *g, size_t max, ann_buf *key, const char *side,
    const char *cat, size_t clen)
{
	struct entry *e;
	size_t base = key->len;

	if (ann_buf_put(key, side, 2) != 0 || ann_buf_put(key, cat, clen) != 0)
		return NULL;
	e = ann__stats_entry(&g->margins, max, key->p, key->len);
	key->len = base;
	if (e == &g->margins.other)
		g->overflow = 1;
	return e;
}

/* A classification region: its control, its rater, where it is. */
struct class_ref {
	const char *ctl;
	size_t clen, rater, idx;
};

/* By control and rater, then in export order. */
static int
cmp_class(const void *x, const void *y)
{
	const struct class_ref *a = x, *b = y;
	int c = memcmp(a->ctl, b->ctl, a->clen < b->clen ? a->clen : b->clen);

	if (c != 0 || a->clen != b->clen)
		return c != 0 ? c : a->clen < b->clen ? -1 : 1;
	if (a->rater != b->rater)
		return a->rater < b->rater ? -1 : 1;
	return a->idx < b->idx ? -1 : 1;
}

/* One classification item: the raters' categories at cats[r] (NULL none). */
static int
class_item(struct agree *g, size_t max, const char *control, size_t clen,
    const char **cats, const size_t *lens, ann_buf *key)
{
	size_t n = 0;
	uint64_t same = 0;

	for (size_t r = 0; r < g->nraters; r++)
		n += cats[r] != NULL;
	if (n < 2)
		return 0;
	/* Fleiss: n_ij counted by pairs of raters alike, P_i from them. */
	for (size_t a = 0; a < g->nraters; a++) {
		struct entry *e;
		if (cats[a] == NULL)
			continue;
		key->len = 0;
		if (ann_buf_put(key, control, clen) != 0 ||
		    ann_buf_put(key, "\x1e", 1) != 0 ||
		    ann_buf_put(key, cats[a], lens[a]) != 0 ||
		    (e = ann__stats_entry(&g->cats, max, key->p, key->len)) == NULL)
			return -1;
		if (e == &g->cats.other)
			g->overflow = 1;
		e->count++;
		for (size_t b = 0; b < g->nraters; b++)
			same += b != a && cats[b] != NULL && lens[a] == lens[b] &&
			    memcmp(cats[a], cats[b], lens[a]) == 0;
	}
	g->items++;
	g->ratings += n;
	g->sum_p += (double)same / ((double)n * (double)(n - 1));
	/* Cohen, per pair: p_e's sum kept as each count goes up. */
	for (size_t a = 0; a < g->nraters; a++)
		for (size_t b = 0; b < g->nraters; b++) {
			struct pairstat *p;
			struct entry *e;
			if (a == b || cats[a] == NULL || cats[b] == NULL ||
			    !rater_before(g, a, b))
				continue;
			if ((p = pair_of(g, max, a, b, key)) == NULL)
				return -1;
			/*
			 * p_e's sum over k of A_k B_k, kept as the counts go up:
			 * A's count of a's category, then B's of b's.  Each
			 * look-up may move the table, so one entry at a time.
			 */
			if ((e = margin(g, max, key, "\x1e" "B", cats[a], lens[a])) == NULL)
				return -1;
			p->expected += e->count;
			if ((e = margin(g, max, key, "\x1e" "A", cats[a], lens[a])) == NULL)
				return -1;
			e->count++;
			if ((e = margin(g, max, key, "\x1e" "A", cats[b], lens[b])) == NULL)
				return -1;
			p->expected += e->count;
			if ((e = margin(g, max, key, "\x1e" "B", cats[b], lens[b])) == NULL)
				return -1;
			e->count++;
			int alike = lens[a] == lens[b] &&
			    memcmp(cats[a], cats[b], lens[a]) == 0;
			p->items++, g->task.items++;
			p->agree += (uint64_t)alike, g->task.agree += (uint64_t)alike;
		}
	return 0;
}

static int
compare_classes(struct agree *g, size_t max, ann_buf *key)
{
	size_t n = 0, i = 0;
	struct class_ref *refs = NULL;
	const char **cats = NULL;
	size_t *lens = NULL;
	int rc = -1;

	for (size_t k = 0; k < g->nregs; k++)
		n += is_class(g->regs[k].kind);
	if (n == 0)
		return 0;
	if ((refs = malloc(n * sizeof *refs)) == NULL ||
	    (cats = calloc(g->nraters, sizeof *cats)) == NULL ||
	    (lens = calloc(g->nraters, sizeof *lens)) == NULL)
		goto out;
	n = 0;
	for (size_t k = 0; k < g->nregs; k++) {
		const char *c = text_at(g, g->regs[k].label);
		if (is_class(g->regs[k].kind))
			refs[n++] = (struct class_ref){ c, strcspn(c, "\x1e"),
			    g->regs[k].rater, k };
	}
	qsort(refs, n, sizeof *refs, cmp_class);
	while (i < n) {
		size_t k = i;
		memset(cats, 0, g->nraters * sizeof *cats);
		/* A rater's first region of the control gives its category. */
		for (; k < n && refs[k].clen == refs[i].clen &&
		    memcmp(refs[k].ctl, refs[i].ctl, refs[i].clen) == 0; k++) {
			const struct agree_region *x = &g->regs[refs[k].idx];
			if (cats[x->rater] == NULL) {
				cats[x->rater] = refs[k].ctl + refs[k].clen + 1;
				lens[x->rater] = x->llen - refs[k].clen - 1;
			}
		}
		if (class_item(g, max, refs[i].ctl, refs[i].clen, cats, lens, key) != 0)
			goto out;
		i = k;
	}
	rc = 0;
out:
	free(refs);
	free(cats);
	free(lens);
	return rc;
}

ann_status
ann__stats_agree_task(struct agree *g, ann_view *v, size_t max,
    const ann_annotation *sets, size_t nsets)
{
	ann_buf key = { 0 };
	ann_status st = ANN_FATAL;

	g->nraters = g->nregs = g->npts = 0;
	g->text.len = 0;
	memset(&g->task, 0, sizeof g->task);
	for (size_t i = 0; i < nsets; i++) {
		const ann_annotation *a = &sets[i];
		size_t off = g->text.len;
		int got, dup = 0;
		if (a->prediction || ann_json_typeof(a->cancelled) == ANN_JSON_TRUE)
			continue;
		if ((got = put_value(g, a->author)) < 0)
			return ANN_FATAL;
		if (got == 0)
			continue;
		for (size_t r = 0; r < g->nraters && !dup; r++)
			dup = g->raters[r].klen == g->text.len - off &&
			    memcmp(text_at(g, g->raters[r].key), text_at(g, off),
			    g->text.len - off) == 0;
		if (dup) {
			g->text.len = off;
			continue;
		}
		if (ann__grow((void **)&g->raters, &g->rcap, g->nraters + 1,
		    sizeof *g->raters) != 0)
			return ANN_FATAL;
		g->raters[g->nraters++] = (struct agree_rater){ off,
		    g->text.len - off, a };
	}
	if (g->nraters < 2)
		return ANN_OK;
	g->tasks++;
	g->task.raters = g->nraters;
	for (size_t r = 0; r < g->nraters; r++)
		if (collect(g, v, r) != 0)
			goto out;
	if (compare_classes(g, max, &key) != 0)
		goto out;
	for (size_t a = 0; a < g->nraters; a++)
		for (size_t b = 0; b < g->nraters; b++) {
			struct pairstat *p;
			long ms, me, mo;
			if (a == b || !rater_before(g, a, b))
				continue;
			uint64_t na = count_of_rater(g, a, 0), nb = count_of_rater(g, b, 0);
			uint64_t sa = count_of_rater(g, a, 1), sb = count_of_rater(g, b, 1);
			if (na + nb + sa + sb == 0)
				continue;
			if ((p = pair_of(g, max, a, b, &key)) == NULL ||
			    (ms = match(g, a, b, M_SHAPE)) < 0 ||
			    (me = match(g, a, b, M_EXACT)) < 0 ||
			    (mo = match(g, a, b, M_OVERLAP)) < 0)
				goto out;
			p->reg_match += (uint64_t)ms, p->reg_a += na, p->reg_b += nb;
			p->span_exact += (uint64_t)me, p->span_overlap += (uint64_t)mo;
			p->span_a += sa, p->span_b += sb;
			g->reg_match += (uint64_t)ms, g->reg_a += na, g->reg_b += nb;
			g->span_exact += (uint64_t)me, g->span_overlap += (uint64_t)mo;
			g->span_a += sa, g->span_b += sb;
			g->task.reg_match += (uint64_t)ms, g->task.reg_a += na;
			g->task.reg_b += nb, g->task.span_exact += (uint64_t)me;
			g->task.span_overlap += (uint64_t)mo;
			g->task.span_a += sa, g->task.span_b += sb;
		}
	st = ANN_OK;
out:
	ann_buf_free(&key);
	return st;
}
