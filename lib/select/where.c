/*
 * where.c: dotted paths with wildcards, and the PATH OP VALUE tests built
 * on them.
 *
 * A path names every value it can reach, and a test holds when any of them
 * passes it, as jq's any() would: "projects.*.labels.*.label_details.
 * created_by = x" asks whether some label of some project was made by x.
 * A path that reaches nothing does not match, whatever the operator.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <tre/tre.h>

#include "ann_core.h"
#include "ann_filter.h"
#include "util_private.h"

struct segment {
	char *name;		/* decoded member name, or NULL for "*" */
	long index;		/* >= 0 when the name is all digits */
};

struct ann_path {
	struct segment *seg;
	size_t n;
	char *names;		/* the storage of every name */
};

typedef enum { OP_EXISTS, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_MATCH } op_t;

struct ann_where {
	ann_path *path;
	op_t op;
	char *value;		/* NUL-terminated */
	size_t vlen;
	int quoted;		/* VALUE was a JSON string: never a number */
	int is_number, is_date;
	double number;
	int64_t instant;
	regex_t re;
	int has_re;
	char *scratch;		/* a decoded string, NUL-terminated */
	size_t scratch_cap;
	int oom;
	int reached;		/* the path reached a value in the last record */
	char *path_text;	/* PATH as given */
};

ann_path *
ann_path_new(const char *text, ann_error *err)
{
	ann_path *p = calloc(1, sizeof *p);
	size_t len;

	if (text[0] == '.')	/* jq's habit: ".data_row.id" */
		text++;
	len = strlen(text);
	if (p == NULL || (p->names = malloc(len + 1)) == NULL ||
	    (p->seg = calloc(len / 2 + 1, sizeof *p->seg)) == NULL) {
		ann_path_free(p);
		ann__error_set(err, "out of memory");
		return NULL;
	}
	char *o = p->names;
	const char *s = text;
	for (;;) {
		struct segment *g = &p->seg[p->n++];
		char *name = o;
		int digits_only = 1;
		for (; *s != '\0' && *s != '.'; s++) {
			if (*s == '\\' && s[1] != '\0')
				s++;	/* "a\.b" is one member named a.b */
			digits_only &= isdigit((unsigned char)*s) != 0;
			*o++ = *s;
		}
		*o++ = '\0';
		if (*name == '\0') {
			ann_path_free(p);
			ann__error_set(err, "a path has names between its dots");
			return NULL;
		}
		g->name = strcmp(name, "*") == 0 ? NULL : name;
		g->index = digits_only && strlen(name) < 10 ? atol(name) : -1;
		if (*s == '\0')
			break;
		s++;
	}
	return p;
}

void
ann_path_free(ann_path *p)
{
	if (p == NULL)
		return;
	free(p->seg);
	free(p->names);
	free(p);
}

static int
walk(const ann_path *p, size_t i, ann_json_val v, ann_path_fn fn, void *ctx)
{
	ann_json_type t = ann_json_typeof(v);
	ann_json_iter it;
	ann_json_val k, e;
	int r;

	if (i == p->n)
		return fn(ctx, v);
	const struct segment *g = &p->seg[i];
	if (t == ANN_JSON_OBJECT && g->name != NULL)
		return ann_json_get(v, g->name, &e) == 0 ? walk(p, i + 1, e, fn, ctx) : 0;
	if (t != ANN_JSON_OBJECT && t != ANN_JSON_ARRAY)
		return 0;
	ann_json_iter_init(&it, v);
	if (t == ANN_JSON_OBJECT) {
		while (ann_json_next_member(&it, &k, &e))
			if ((r = walk(p, i + 1, e, fn, ctx)) != 0)
				return r;
		return 0;
	}
	/* An array: "*" is every element, a number one, a name each element's. */
	for (long n = 0; ann_json_next_elem(&it, &e); n++) {
		if (g->name == NULL || g->index < 0)
			r = walk(p, g->name == NULL ? i + 1 : i, e, fn, ctx);
		else if (n == g->index)
			return walk(p, i + 1, e, fn, ctx);
		else
			continue;
		if (r != 0)
			return r;
	}
	return 0;
}

int
ann_path_each(const ann_path *p, ann_json_val root, ann_path_fn fn, void *ctx)
{
	return walk(p, 0, root, fn, ctx);
}

/* The operator, found at the first character that can start one. */
static const char *
find_op(const char *s, op_t *op, size_t *oplen)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0') {
			s++;
			continue;
		}
		*oplen = s[1] == '=' ? 2 : 1;
		switch (*s) {
		case '=': *op = OP_EQ; *oplen = 1 + (s[1] == '='); return s;
		case '~': *op = OP_MATCH; *oplen = 1; return s;
		case '<': *op = *oplen == 2 ? OP_LE : OP_LT; return s;
		case '>': *op = *oplen == 2 ? OP_GE : OP_GT; return s;
		case '!':
			if (s[1] != '=')
				return NULL;
			*op = OP_NE;
			return s;
		}
	}
	*op = OP_EXISTS;
	*oplen = 0;
	return s;
}

static char *
trimmed(const char *s, size_t n)
{
	while (n > 0 && isspace((unsigned char)*s))
		s++, n--;
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return strndup(s, n);
}

/*
 * What TRE would build from an extended regular expression, bounded before
 * it builds it.  TRE matches in one pass over the value, in time linear in
 * its length, but what it builds grows with the pattern in three ways, and
 * one of its constructs falls back to a backtracking matcher:
 *
 *   - each bound is written out: "x{3}" is "xxx", "x{2,4}" is "xx(x(x)?)?",
 *     so nested bounds multiply: ((a{255}){255}){255} is 16 million copies
 *     and gigabytes.  At most RE_COPIES copies of anything, at most RE_SIZE
 *     bytes of pattern once written out, no count above RE_BOUND_MAX (TRE's
 *     RE_DUP_MAX: it refuses {256} but not {256,}, and does not check its
 *     numbers for overflow).
 *   - its automaton has a transition from each position that can end a
 *     piece to each that can start the next one, and from the end of a
 *     repeated piece back to its start: (a|a|...|a)* with n alternatives
 *     has n * n of them, which is 500 MB for n = 2000, and the matcher may
 *     follow all of them at each character of the value.  At most RE_TRANS.
 *   - back-references (\0 to \9) take its backtracking matcher: exponential.
 *
 * Constructs of TRE's own that the scan would misread, or that TRE 0.8.0
 * gets wrong, are refused: approximate matching ("{~1}") and any brace that
 * is not a plain bound, \Q...\E, (?#...) comments, \x{...} of more than 8
 * digits (it overflows a buffer), a class name that is not letters, an
 * unmatched ")" (after "\\" it loops forever).
 *
 * One pass over the pattern, with a stack of the groups open around it.
 * A byte of pattern is counted as a position, two after "(?", as (?i)
 * makes each letter two.
 */
#define RE_COPIES 1000
#define RE_SIZE 10000
#define RE_TRANS 10000
#define RE_BOUND_MAX 255
#define RE_CAP ((size_t)1 << 30)	/* every count saturates here */

/* What the automaton of a piece of pattern holds. */
struct re_nfa {
	size_t first, last;	/* the positions it can start, end on */
	size_t trans;		/* transitions between its positions */
	int nullable;		/* it can match nothing */
};

struct re_group {
	size_t size;		/* its bytes, written out, so far */
	size_t copies;		/* the most copies nested bounds make inside it */
	struct re_nfa alt;	/* the alternatives before the last "|" */
	struct re_nfa cat;	/* the alternative being read */
	int has_alt;
};

static const struct re_nfa re_empty = { 0, 0, 0, 1 };

static size_t
re_add(size_t a, size_t b)
{
	return a >= RE_CAP || b >= RE_CAP - a ? RE_CAP : a + b;
}

static size_t
re_mul(size_t a, size_t b)
{
	return a != 0 && b >= RE_CAP / a ? (b == 0 ? 0 : RE_CAP) : a * b;
}

/* a then b */
static struct re_nfa
re_cat(struct re_nfa a, struct re_nfa b)
{
	struct re_nfa r;

	r.first = a.nullable ? re_add(a.first, b.first) : a.first;
	r.last = b.nullable ? re_add(b.last, a.last) : b.last;
	r.trans = re_add(re_add(a.trans, b.trans), re_mul(a.last, b.first));
	r.nullable = a.nullable && b.nullable;
	return r;
}

/* a or b */
static struct re_nfa
re_alt(struct re_nfa a, struct re_nfa b)
{
	struct re_nfa r;

	r.first = re_add(a.first, b.first);
	r.last = re_add(a.last, b.last);
	r.trans = re_add(a.trans, b.trans);
	r.nullable = a.nullable || b.nullable;
	return r;
}

/* a repeated without an upper bound: its end goes back to its start. */
static struct re_nfa
re_loop(struct re_nfa a, int nullable)
{
	a.trans = re_add(a.trans, re_mul(a.last, a.first));
	a.nullable = nullable;
	return a;
}

/* a{m,n} (n < 0: no upper bound) as TRE writes it out: m copies, then
 * one looping copy, or n - m optional ones nested, "(a(a)?)?". */
static struct re_nfa
re_bounded(struct re_nfa a, size_t m, long n)
{
	struct re_nfa r = re_empty, opt = re_empty;

	for (size_t i = 0; i < m; i++)
		r = re_cat(r, a);
	if (n < 0)
		return re_cat(r, re_loop(a, 1));
	for (size_t i = m; i < (size_t)n; i++) {
		opt = re_cat(a, opt);
		opt.nullable = 1;
	}
	return re_cat(r, opt);
}

/* A character class at p ("[:alpha:]"), read as TRE reads it: its name
 * ends at the first ':'.  Its length, or 0 when refused. */
static size_t
re_class(const char *p)
{
	const char *q = p + 2;

	while (isalpha((unsigned char)*q))
		q++;
	return q > p + 2 && q[0] == ':' && q[1] == ']' ? (size_t)(q - p) + 2 : 0;
}

/*
 * The length of the bracket expression at p ("[" ... "]"), read as TRE
 * reads it, or to the end when it has none; 0 when refused (err says why).
 * No escapes inside: "[\]" is a backslash.
 */
static size_t
re_bracket(const char *p, ann_error *err)
{
	const char *q = p + 1, *items;

	q += *q == '^';
	items = q;
	while (*q != '\0') {
		if (*q == ']' && q > items)	/* "[]a]": a leading ] is a member */
			return (size_t)(q - p) + 1;
		if (q[1] == '-' && q[2] != '\0' && q[2] != ']')
			q += 3;		/* a range, whatever its ends */
		else if (q[0] == '[' && q[1] == ':') {
			size_t n = re_class(q);
			if (n == 0) {
				ann__error_set(err, "a character class is [:name:], its "
				    "name in letters: %.20s is refused", q);
				return 0;
			}
			q += n;
		} else
			q++;
	}
	return (size_t)(q - p);
}

/*
 * A bound at p ("{2}", "{2,}", "{2,5}", "{,5}"): its length, with m and n
 * (n < 0 when it has no upper bound); 0 when p does not start one.
 */
static size_t
re_bound(const char *p, size_t *m, long *n)
{
	const char *q = p + 1;
	int digits = 0;

	*m = 0;
	for (; *q >= '0' && *q <= '9'; q++, digits++)
		*m = *m > RE_CAP ? RE_CAP : *m * 10 + (size_t)(*q - '0');
	*n = (long)*m;
	if (*q == ',') {
		*n = -1;
		for (q++; *q >= '0' && *q <= '9'; q++, digits++)
			*n = *n < 0 ? *q - '0' : *n > (long)RE_CAP ? (long)RE_CAP :
			    *n * 10 + (*q - '0');
	}
	if (*q != '}' || digits == 0)
		return 0;
	return (size_t)(q - p) + 1;
}

/* The length of the escape at p ("\." "\x41" "\x{263a}"), 0 when refused. */
static size_t
re_escape(const char *p, ann_error *err)
{
	size_t n = 0;

	if (p[1] >= '0' && p[1] <= '9') {
		ann__error_set(err, "back-references (\\%c) are not accepted: "
		    "the matcher would backtrack over them, taking exponential time",
		    p[1]);
		return 0;
	}
	if (p[1] == 'Q') {
		ann__error_set(err, "\\Q...\\E is not accepted: write each special "
		    "character with a backslash before it");
		return 0;
	}
	if (p[1] != 'x')
		return p[1] != '\0' ? 2 : 1;
	if (p[2] != '{') {
		while (n < 2 && isxdigit((unsigned char)p[2 + n]))
			n++;
		return 2 + n;
	}
	while (isxdigit((unsigned char)p[3 + n]))
		n++;
	if (n > 8 || p[3 + n] != '}') {
		ann__error_set(err, "\\x{...} takes 1 to 8 hex digits and a }");
		return 0;
	}
	return 4 + n;
}

/* 0, or -1 with err saying which construct of re is refused. */
static int
re_refused(const char *re, ann_error *err)
{
	size_t len = strlen(re), depth = 0;
	size_t asize = 0, acopies = 1;	/* the atom or group just read */
	struct re_nfa anfa = re_empty;
	int atom = 0, after_rep = 0;
	size_t perbyte = strstr(re, "(?") != NULL ? 2 : 1;
	struct re_group *g;

	if (len > RE_SIZE) {
		ann__error_set(err, "a regular expression of %zu bytes is refused: "
		    "at most %d are accepted", len, RE_SIZE);
		return -1;
	}
	if ((g = calloc(len + 1, sizeof *g)) == NULL) {
		ann__error_set(err, "out of memory");
		return -1;
	}
	g[0] = (struct re_group){ 0, 1, re_empty, re_empty, 0 };
#define FLUSH() (g[depth].size = re_add(g[depth].size, asize), \
	g[depth].copies = acopies > g[depth].copies ? acopies : g[depth].copies, \
	g[depth].cat = atom ? re_cat(g[depth].cat, anfa) : g[depth].cat, \
	asize = 0, acopies = 1, atom = 0)
#define ALTS(gr) ((gr).has_alt ? re_alt((gr).alt, (gr).cat) : (gr).cat)
	for (const char *p = re; *p != '\0'; p++) {
		size_t m = 0, blen = 0;
		long n = 0;
		if (*p == '{' && (blen = re_bound(p, &m, &n)) == 0) {
			ann__error_set(err, "only {n}, {n,}, {n,m} and {,m} are accepted "
			    "as bounds (TRE's approximate matching, {~1} and the like, is "
			    "not; a brace itself is \\{)");
			goto refused;
		}
		int rep = *p == '*' || *p == '+' || *p == '?' || blen > 0;
		if (rep && atom) {
			if (after_rep) {
				ann__error_set(err, "a repetition of a repetition (such as "
				    "a+? or a*{2}) is refused: write it as one repetition");
				goto refused;
			}
			if (*p == '*' || *p == '+')
				anfa = re_loop(anfa, *p == '*' || anfa.nullable);
			else if (*p == '?')
				anfa.nullable = 1;
			else {
				if (m > RE_BOUND_MAX || n > RE_BOUND_MAX) {
					ann__error_set(err, "bounds above %d are not accepted: "
					    "%.*s", RE_BOUND_MAX, (int)blen, p);
					goto refused;
				}
				if (n >= 0 && m > (size_t)n) {
					ann__error_set(err, "a bound's minimum is more than its "
					    "maximum: %.*s", (int)blen, p);
					goto refused;
				}
				size_t copies = n < 0 ? m + 1 : (size_t)n;
				if (copies == 0)
					copies = 1;	/* {0} drops it; count it once all the same */
				asize = re_mul(asize, copies);
				if (acopies > 1 && re_mul(acopies, copies) > RE_COPIES) {
					ann__error_set(err, "nested bounded repetitions are "
					    "refused beyond %d copies: %.*s repeats something "
					    "already repeated %zu times", RE_COPIES, (int)blen, p,
					    acopies);
					goto refused;
				}
				acopies = re_mul(acopies, copies);
				anfa = re_bounded(anfa, m, n);
				p += blen - 1;
			}
			after_rep = 1;
			continue;
		}
		if (blen > 0) {
			ann__error_set(err, "a bound must follow what it repeats: %.*s "
			    "(a brace itself is \\{)", (int)blen, p);
			goto refused;
		}
		after_rep = 0;
		if (*p == '(') {
			if (p[1] == '?' && p[2] == '#') {
				ann__error_set(err, "comments, (?#...), are not accepted");
				goto refused;
			}
			FLUSH();
			g[++depth] = (struct re_group){ 2, 1, re_empty, re_empty, 0 };
		} else if (*p == ')' && depth == 0) {
			/* TRE 0.8.0 takes "\\)" for a BRE's "\)" and loops
			 * forever, allocating, on it. */
			ann__error_set(err, "an unmatched ) is refused (a parenthesis "
			    "itself is \\))");
			goto refused;
		} else if (*p == ')') {
			FLUSH();
			asize = g[depth].size;
			acopies = g[depth].copies;
			anfa = ALTS(g[depth]);
			depth--;
			atom = 1;
		} else if (*p == '|') {
			FLUSH();
			g[depth].alt = ALTS(g[depth]);
			g[depth].has_alt = 1;
			g[depth].cat = re_empty;
			asize = 1;
		} else {
			/* An atom: a byte, an escape, a bracket expression. */
			FLUSH();
			asize = *p == '[' ? re_bracket(p, err) :
			    *p == '\\' ? re_escape(p, err) : 1;
			if (asize == 0)
				goto refused;
			/* \w and the like are bracket expressions: "[[:alnum:]_]". */
			size_t pos = *p == '\\' && strchr("wWsSdD", p[1]) != NULL ? 12 : asize;
			anfa = (struct re_nfa){ perbyte * pos, perbyte * pos, 0, 0 };
			p += asize - 1;
			atom = 1;
		}
	}
	FLUSH();
	/* Groups left open (TRE refuses them) count all the same. */
	for (; depth > 0; depth--) {
		g[depth - 1].size = re_add(g[depth - 1].size, g[depth].size);
		g[depth - 1].cat = re_cat(g[depth - 1].cat, ALTS(g[depth]));
	}
	if (g[0].size > RE_SIZE) {
		ann__error_set(err, "a regular expression that TRE would write out "
		    "as more than %d bytes (each {n} copies what it repeats n times) "
		    "is refused", RE_SIZE);
		goto refused;
	}
	if (ALTS(g[0]).trans > RE_TRANS) {
		ann__error_set(err, "a regular expression of more than %d "
		    "transitions, each followed at every character, is refused: "
		    "many alternatives repeated, as in (a|b|...)*, make them",
		    RE_TRANS);
		goto refused;
	}
#undef ALTS
#undef FLUSH
	free(g);
	return 0;
refused:
	free(g);
	return -1;
}

ann_where *
ann_where_new(const char *expr, ann_error *err)
{
	ann_where *w = calloc(1, sizeof *w);
	size_t oplen;
	const char *at;
	char *path = NULL;

	if (w == NULL)
		goto oom;
	if ((at = find_op(expr, &w->op, &oplen)) == NULL) {
		ann__error_set(err, "'!' must be followed by '='");
		goto fail;
	}
	if ((path = trimmed(expr, (size_t)(at - expr))) == NULL ||
	    (w->value = trimmed(at + oplen, strlen(at + oplen))) == NULL)
		goto oom;
	if (*path == '\0') {
		ann__error_set(err, "no path before the operator");
		goto fail;
	}
	if ((w->path = ann_path_new(path, err)) == NULL)
		goto fail;
	w->vlen = strlen(w->value);
	if (w->vlen >= 2 && w->value[0] == '"' && w->value[w->vlen - 1] == '"') {
		ann_json_val q = { w->value, w->vlen };
		char *text = malloc(w->vlen + 1);
		if (text == NULL)
			goto oom;
		if (ann_json_parse(w->value, w->vlen, &q, NULL, NULL) == 0) {
			w->vlen = ann_json_str_decode(q, text);
			text[w->vlen] = '\0';
			free(w->value);
			w->value = text;
			w->quoted = 1;
		} else
			free(text);
	}
	if (!w->quoted && w->vlen > 0) {
		char *end;
		w->number = strtod(w->value, &end);
		w->is_number = *end == '\0' && !isspace((unsigned char)w->value[0]);
	}
	w->is_date = !w->quoted &&
	    ann_date_parse(w->value, w->vlen, &w->instant, NULL) == 0;
	if (w->op == OP_MATCH) {
		if (memchr(w->value, '\0', w->vlen) != NULL) {
			ann__error_set(err, "a regular expression cannot hold a NUL "
			    "(\\u0000): write \\x00 for one");
			goto fail;
		}
		if (re_refused(w->value, err) != 0)
			goto fail;
		int rc = tre_regncomp(&w->re, w->value, w->vlen,
		    REG_EXTENDED | REG_NOSUB);
		if (rc != 0) {
			char msg[200];
			tre_regerror(rc, &w->re, msg, sizeof msg);
			ann__error_set(err, "bad regular expression: %s", msg);
			goto fail;
		}
		w->has_re = 1;
	}
	w->path_text = path;
	return w;
oom:
	ann__error_set(err, "out of memory");
fail:
	free(path);
	ann_where_free(w);
	return NULL;
}

void
ann_where_free(ann_where *w)
{
	if (w == NULL)
		return;
	ann_path_free(w->path);
	free(w->path_text);
	if (w->has_re)
		tre_regfree(&w->re);
	free(w->value);
	free(w->scratch);
	free(w);
}

/* v's text (decoded, for a string) in the scratch buffer, NUL-terminated. */
static const char *
text_of(ann_where *w, ann_json_val v, size_t *len)
{
	if (v.n + 1 > w->scratch_cap) {
		char *s = realloc(w->scratch, v.n + 1);
		if (s == NULL) {
			w->oom = 1;
			return NULL;
		}
		w->scratch = s;
		w->scratch_cap = v.n + 1;
	}
	if (ann_json_typeof(v) == ANN_JSON_STRING)
		*len = ann_json_str_decode(v, w->scratch);
	else {
		memcpy(w->scratch, v.p, v.n);
		*len = v.n;
	}
	w->scratch[*len] = '\0';
	return w->scratch;
}

static int
holds(op_t op, int cmp)
{
	switch (op) {
	case OP_EQ: return cmp == 0;
	case OP_NE: return cmp != 0;
	case OP_LT: return cmp < 0;
	case OP_LE: return cmp <= 0;
	case OP_GT: return cmp > 0;
	case OP_GE: return cmp >= 0;
	default: return 0;
	}
}

static int
test(void *ctx, ann_json_val v)
{
	ann_where *w = ctx;
	ann_json_type t = ann_json_typeof(v);
	const char *s;
	size_t n;
	double d;
	int64_t when;

	w->reached = 1;
	if (w->op == OP_EXISTS)
		return t != ANN_JSON_NULL;
	if (t == ANN_JSON_ARRAY) {
		/*
		 * A path that ends at an array compares its elements, as a
		 * name applied to an array applies to each element: "data.tags
		 * = cat" holds for ["cat", "dog"], where a jq user would write
		 * .data.tags[] and nobody means the array itself (an array is
		 * never equal to a value).  One level: an element that is an
		 * array is not opened.
		 */
		ann_json_iter it;
		ann_json_val e;
		int r;
		ann_json_iter_init(&it, v);
		while (ann_json_next_elem(&it, &e))
			if (ann_json_typeof(e) != ANN_JSON_ARRAY && (r = test(ctx, e)) != 0)
				return r;
		return 0;
	}
	if (w->op == OP_MATCH) {
		/*
		 * A regex searches text: a string's, or a number's digits, all
		 * of it: a NUL (\u0000) is a character like any other.
		 */
		if (t != ANN_JSON_STRING && t != ANN_JSON_NUMBER)
			return 0;
		if ((s = text_of(w, v, &n)) == NULL)
			return -1;
		return tre_regnexec(&w->re, s, n, 0, NULL, 0) == REG_OK;
	}
	switch (t) {
	case ANN_JSON_NUMBER:
		if (!w->is_number || ann_json_number(v, &d) != 0)
			return 0;
		return holds(w->op, (d > w->number) - (d < w->number));
	case ANN_JSON_STRING:
		if (w->is_date && ann_date_value(v, &when) == 0)
			return holds(w->op, (when > w->instant) - (when < w->instant));
		if ((s = text_of(w, v, &n)) == NULL)
			return -1;
		int cmp = memcmp(s, w->value, n < w->vlen ? n : w->vlen);
		if (cmp == 0)
			cmp = (n > w->vlen) - (n < w->vlen);
		return holds(w->op, cmp);
	case ANN_JSON_TRUE:
	case ANN_JSON_FALSE:
	case ANN_JSON_NULL:
		if (w->op != OP_EQ && w->op != OP_NE)
			return 0;
		return holds(w->op, !(v.n == w->vlen && memcmp(v.p, w->value, v.n) == 0));
	default:
		return 0;	/* objects and arrays are not compared */
	}
}

int
ann_where_match(ann_where *w, ann_json_val root)
{
	int r;

	w->reached = 0;
	r = ann_path_each(w->path, root, test, w);
	return w->oom ? -1 : r > 0;
}

int
ann_where_reached(const ann_where *w)
{
	return w->reached;
}

const char *
ann_where_path(const ann_where *w)
{
	return w->path_text;
}
