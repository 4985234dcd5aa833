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
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann.h"
#include "ann_filter.h"

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
};

static void
set_err(char *err, size_t errlen, const char *msg)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s", msg);
}

ann_path *
ann_path_new(const char *text, char *err, size_t errlen)
{
	ann_path *p = calloc(1, sizeof *p);
	size_t len;

	if (text[0] == '.')	/* jq's habit: ".data_row.id" */
		text++;
	len = strlen(text);
	if (p == NULL || (p->names = malloc(len + 1)) == NULL ||
	    (p->seg = calloc(len / 2 + 1, sizeof *p->seg)) == NULL) {
		ann_path_free(p);
		set_err(err, errlen, "out of memory");
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
			set_err(err, errlen, "a path has names between its dots");
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
 * What glibc's regcomp would build from an extended regular expression,
 * bounded before it builds it.  regcomp writes out every bounded
 * repetition, copying what it repeats n times ("x{3}" is "xxx"), and "x+"
 * as "xx*", so nested ones multiply: ((a{255}){255}){255} asks for 16
 * million copies and gigabytes, twenty nested "+" for a million.  Its
 * matcher backtracks only on back-references, where (.*)(.*)(.*)\3x takes
 * seconds to minutes per value.  So: no back-references, at most
 * RE_COPIES copies of anything by nested bounds, and at most RE_SIZE bytes
 * of pattern once every bound and "+" is written out.  One pass over the
 * pattern, with a stack of the groups open around it.
 */
#define RE_COPIES 1000
#define RE_SIZE 10000
#define RE_CAP (RE_SIZE + 1)	/* sizes saturate here: no overflow */

struct re_group {
	size_t size;		/* its bytes, written out, so far */
	size_t copies;		/* the most copies nested bounds make inside it */
};

static size_t
re_mul(size_t a, size_t b)
{
	return a > RE_CAP || b > RE_CAP || a * b > RE_CAP ? RE_CAP : a * b;
}

/* The length of the bracket expression at p ("[" ... "]"), or to the end. */
static size_t
re_bracket(const char *p)
{
	const char *q = p + 1;

	q += *q == '^';
	q += *q == ']';		/* "[]a]" and "[^]a]": a leading ] is a member */
	while (*q != '\0' && *q != ']') {
		if (*q == '[' && (q[1] == ':' || q[1] == '=' || q[1] == '.')) {
			/* "[:alpha:]", "[=a=]", "[.].]": to their own closing pair. */
			char d = q[1];
			for (q += 2; *q != '\0' && !(q[0] == d && q[1] == ']'); q++)
				;
			q += *q != '\0' ? 2 : 0;
		} else
			q++;
	}
	return (size_t)(q - p) + (*q == ']');
}

/*
 * A bound at p ("{2}", "{2,}", "{2,5}", "{,5}"): how many copies of what it
 * follows regcomp makes, and its length; 0 when p does not start one.
 */
static size_t
re_bound(const char *p, size_t *copies)
{
	const char *q = p + 1;
	size_t m = 0, n = 0;
	int comma = 0, upper = 0;

	for (; *q >= '0' && *q <= '9'; q++)
		m = m > RE_CAP ? RE_CAP : m * 10 + (size_t)(*q - '0');
	if (*q == ',') {
		comma = 1;
		for (q++; *q >= '0' && *q <= '9'; q++, upper = 1)
			n = n > RE_CAP ? RE_CAP : n * 10 + (size_t)(*q - '0');
	}
	if (*q != '}' || (q == p + 1))
		return 0;
	/* {m,} is m copies and a star over one more. */
	*copies = !comma ? m : !upper ? m + 1 : n > m ? n : m;
	if (*copies == 0)
		*copies = 1;	/* {0} drops it; count it once all the same */
	return (size_t)(q - p) + 1;
}

/* 0, or -1 with err saying which construct of re is refused. */
static int
re_refused(const char *re, char *err, size_t errlen)
{
	size_t len = strlen(re), depth = 0;
	size_t asize = 0, acopies = 1;	/* the atom or group just read */
	int atom = 0, after_rep = 0;
	struct re_group *g;

	if (len > RE_SIZE) {
		snprintf(err, errlen, "a regular expression of %zu bytes is refused: "
		    "at most %d are accepted", len, RE_SIZE);
		return -1;
	}
	if ((g = calloc(len + 1, sizeof *g)) == NULL) {
		set_err(err, errlen, "out of memory");
		return -1;
	}
	g[0].copies = 1;
#define FLUSH() (g[depth].size = re_mul(1, g[depth].size + asize), \
	g[depth].copies = acopies > g[depth].copies ? acopies : g[depth].copies, \
	asize = 0, acopies = 1, atom = 0)
	for (const char *p = re; *p != '\0'; p++) {
		size_t copies, blen = *p == '{' ? re_bound(p, &copies) : 0;
		int rep = *p == '*' || *p == '+' || *p == '?' || blen > 0;
		if (rep && atom) {
			if (after_rep) {
				set_err(err, errlen, "a repetition of a repetition (such as "
				    "a++ or a*{2}) is refused: it matches nothing more, and "
				    "the C library's matcher takes exponential time over it");
				goto refused;
			}
			if (*p == '+')
				asize = re_mul(asize, 2);
			else if (blen > 0) {
				asize = re_mul(asize, copies);
				if (acopies > 1 && re_mul(acopies, copies) > RE_COPIES) {
					snprintf(err, errlen, "nested bounded repetitions are "
					    "refused beyond %d copies: %.*s repeats something "
					    "already repeated %zu times", RE_COPIES, (int)blen, p,
					    acopies);
					goto refused;
				}
				acopies = re_mul(acopies, copies);
				p += blen - 1;
			}
			after_rep = 1;
			continue;
		}
		after_rep = 0;
		if (*p == '(') {
			FLUSH();
			g[++depth] = (struct re_group){ 2, 1 };
		} else if (*p == ')' && depth > 0) {
			FLUSH();
			asize = g[depth].size;
			acopies = g[depth].copies;
			depth--;
			atom = 1;
		} else if (*p == '|') {
			FLUSH();
			asize = 1;
		} else if (*p == '\\' && p[1] >= '1' && p[1] <= '9') {
			snprintf(err, errlen, "back-references (\\%c) are not accepted: "
			    "the C library's matcher takes exponential time over them",
			    p[1]);
			goto refused;
		} else {
			/* An atom: a byte, an escaped one, a bracket expression. */
			FLUSH();
			asize = *p == '[' ? re_bracket(p) : *p == '\\' && p[1] != '\0' ? 2 : 1;
			p += asize - 1;
			atom = 1;
		}
	}
	FLUSH();
	/* Groups left open (regcomp refuses them) count all the same. */
	for (; depth > 0; depth--)
		g[depth - 1].size = re_mul(1, g[depth - 1].size + g[depth].size);
#undef FLUSH
	if (g[0].size > RE_SIZE) {
		snprintf(err, errlen, "a regular expression that regcomp would write out "
		    "as more than %d bytes (each {n} copies what it repeats n times, "
		    "each + twice) is refused", RE_SIZE);
		goto refused;
	}
	free(g);
	return 0;
refused:
	free(g);
	return -1;
}

ann_where *
ann_where_new(const char *expr, char *err, size_t errlen)
{
	ann_where *w = calloc(1, sizeof *w);
	size_t oplen;
	const char *at;
	char *path = NULL;

	if (w == NULL)
		goto oom;
	if ((at = find_op(expr, &w->op, &oplen)) == NULL) {
		set_err(err, errlen, "'!' must be followed by '='");
		goto fail;
	}
	if ((path = trimmed(expr, (size_t)(at - expr))) == NULL ||
	    (w->value = trimmed(at + oplen, strlen(at + oplen))) == NULL)
		goto oom;
	if (*path == '\0') {
		set_err(err, errlen, "no path before the operator");
		goto fail;
	}
	if ((w->path = ann_path_new(path, err, errlen)) == NULL)
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
		if (re_refused(w->value, err, errlen) != 0)
			goto fail;
		int rc = regcomp(&w->re, w->value, REG_EXTENDED | REG_NOSUB);
		if (rc != 0) {
			char msg[200];
			regerror(rc, &w->re, msg, sizeof msg);
			snprintf(err, errlen, "bad regular expression: %s", msg);
			goto fail;
		}
		w->has_re = 1;
	}
	free(path);
	return w;
oom:
	set_err(err, errlen, "out of memory");
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
	if (w->has_re)
		regfree(&w->re);
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

	if (w->op == OP_EXISTS)
		return t != ANN_JSON_NULL;
	if (w->op == OP_MATCH) {
		/* A regex searches text: a string's, or a number's digits. */
		if (t != ANN_JSON_STRING && t != ANN_JSON_NUMBER)
			return 0;
		if ((s = text_of(w, v, &n)) == NULL)
			return -1;
		return regexec(&w->re, s, 0, NULL, 0) == 0;
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
	int r = ann_path_each(w->path, root, test, w);

	return w->oom ? -1 : r > 0;
}
