/*
 * tols_yolo_names.c: a YOLO dataset's class names, into the categories of
 * the ann_tols handle: data.yaml ("names" as a list or an id -> name map,
 * "nc" checked against them, "kpt_shape" for pose) or else classes.txt,
 * one name a line.  Of data.yaml only the lines this needs are read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "tols_private.h"
#include "tols_yolo_private.h"
#include "util_private.h"

#define YOLO_MAX_YAML (1u << 24)

/* Category id (the class number) named NAME (n bytes), id being the next. */
static ann_status
add_class(yolo *y, const char *name, size_t n)
{
	ann_tols *t = y->t;
	category *c;

	if (ann__grow((void **)&t->cat, &t->capcat, t->ncat + 1, sizeof *t->cat) != 0)
		return oom(t);
	c = &t->cat[t->ncat];
	*c = (category){ .id = (int64_t)t->ncat };
	if ((c->name = malloc(n + 1)) == NULL)
		return oom(t);
	memcpy(c->name, name, n);
	c->name[n] = '\0';
	t->ncat++;
	/* Pose: the keypoints have no names in YOLO; their places are their names. */
	if (y->kpt > 0) {
		if ((c->kp = calloc((size_t)y->kpt, sizeof *c->kp)) == NULL)
			return oom(t);
		for (long k = 0; k < y->kpt; k++) {
			char num[24];
			snprintf(num, sizeof num, "%ld", k);
			if ((c->kp[k] = strdup(num)) == NULL)
				return oom(t);
			c->nkp++;
		}
	}
	return ANN_OK;
}

static const char *
skip_ws(const char *s, const char *e)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

/*
 * One YAML scalar at s (up to e), unquoted into out: plain (ending at a
 * comment, or at a ',', ']' or '}' in a flow collection), 'single' or
 * "double" quoted (the escapes ann-toyolo writes, and \n \t \/).  *end is
 * where it stopped.  0, or -1 when it is not one.
 */
static int
yaml_scalar(const char *s, const char *e, int flow, ann_buf *out, const char **end)
{
	out->len = 0;
	s = skip_ws(s, e);
	if (s < e && (*s == '"' || *s == '\'')) {
		char q = *s++;
		for (; s < e; s++) {
			char c = *s;
			if (c == q && q == '\'' && s + 1 < e && s[1] == '\'')
				s++;
			else if (c == q)
				break;
			else if (c == '\\' && q == '"') {
				if (++s == e)
					return -1;
				switch (*s) {
				case 'n': c = '\n'; break;
				case 't': c = '\t'; break;
				case 'x': {
					unsigned v;
					if (e - s < 3 || sscanf(s + 1, "%2x", &v) != 1)
						return -1;
					c = (char)v;
					s += 2;
					break;
				}
				case '"': case '\\': case '/': c = *s; break;
				default: return -1;
				}
			}
			if (ann_buf_put(out, &c, 1) != 0)
				return -1;
		}
		if (s == e)
			return -1;	/* no closing quote */
		*end = skip_ws(s + 1, e);
		return 0;
	}
	const char *p = s;
	while (p < e && !(flow && (*p == ',' || *p == ']' || *p == '}')) &&
	    !(*p == '#' && (p == s || p[-1] == ' ' || p[-1] == '\t')))
		p++;
	*end = p;
	while (p > s && (p[-1] == ' ' || p[-1] == '\t'))
		p--;
	return ann_buf_put(out, s, (size_t)(p - s));
}

/* A whole number 0 <= n <= max in s (n bytes), or -1. */
static long
whole(const char *s, size_t n, long max)
{
	long v = 0;

	if (n == 0 || n > 10)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v <= max ? v : -1;
}

/* The names, in id order: names[i] (NULL: not given), from a map or a list. */
typedef struct namelist {
	char **name;
	size_t n, cap;
} namelist;

static int
names_set(namelist *l, long id, const ann_buf *v)
{
	if ((size_t)id >= l->n) {
		if (ann__grow((void **)&l->name, &l->cap, (size_t)id + 1, sizeof *l->name) != 0)
			return -1;
		memset(l->name + l->n, 0, ((size_t)id + 1 - l->n) * sizeof *l->name);
		l->n = (size_t)id + 1;
	}
	if (l->name[id] != NULL)
		return 1;
	return (l->name[id] = strdup(v->p)) == NULL ? -1 : 0;
}

/*
 * One item of "names": "- NAME" or "NAME" (a list's, the next id) or
 * "ID: NAME" (a map's).  s..e is the item; ann_status with the message.
 */
static ann_status
names_item(yolo *y, namelist *l, const char *s, const char *e, int map,
    int flow, unsigned long line, const char **end)
{
	ann_buf v = { 0 };
	long id = (long)l->n;
	int rc;

	s = skip_ws(s, e);
	if (map) {
		const char *colon = memchr(s, ':', (size_t)(e - s));
		const char *k = colon;
		while (k != NULL && k > s && (k[-1] == ' ' || k[-1] == '\t'))
			k--;
		if (colon == NULL || (id = whole(s, (size_t)(k - s), 1L << 20)) < 0)
			return yolo_fail(y, ANN_FAILED, "data.yaml:%lu: a name's key is not a "
			    "class id (a whole number)", line);
		s = colon + 1;
	}
	if (yaml_scalar(s, e, flow, &v, end) != 0) {
		ann_buf_free(&v);
		return yolo_fail(y, ANN_FAILED, "data.yaml:%lu: a name that is not a YAML "
		    "string (an unclosed quote or a bad escape)", line);
	}
	if (v.len == 0 || memchr(v.p, '\0', v.len) != NULL) {
		ann_buf_free(&v);
		return yolo_fail(y, ANN_FAILED, "data.yaml:%lu: class %ld: an empty "
		    "name, or one with a NUL byte", line, id);
	}
	rc = names_set(l, id, &v);
	ann_buf_free(&v);
	if (rc < 0)
		return oom(y->t);
	if (rc > 0)
		return yolo_fail(y, ANN_FAILED, "data.yaml:%lu: class %ld named twice", line, id);
	return ANN_OK;
}

/* A flow collection [a, b] or {0: a, 1: b} on one line. */
static ann_status
names_flow(yolo *y, namelist *l, const char *s, const char *e, unsigned long line)
{
	int map = *s == '{';
	char close = map ? '}' : ']';
	ann_status st;

	s = skip_ws(s + 1, e);
	if (s < e && *s == close)
		return ANN_OK;
	for (;;) {
		if ((st = names_item(y, l, s, e, map, 1, line, &s)) != ANN_OK)
			return st;
		s = skip_ws(s, e);
		if (s < e && *s == ',') {
			s++;
			continue;
		}
		if (s < e && *s == close)
			return ANN_OK;
		return yolo_fail(y, ANN_FAILED, "data.yaml:%lu: names: expected ',' or '%c' "
		    "(a list or map written over several lines is read only in "
		    "block form)", line, close);
	}
}

/* kpt_shape: [K, D], D 2 (x y) or 3 (x y visibility). */
static ann_status
kpt_shape(yolo *y, const char *s, const char *e, unsigned long line)
{
	long k, d;
	char tail;

	if (sscanf(s, " [ %ld , %ld %c", &k, &d, &tail) != 3 || tail != ']' ||
	    k < 1 || k > 1000 || (d != 2 && d != 3))
		return yolo_fail(y, ANN_FAILED, "data.yaml:%lu: kpt_shape: not [K, 2] or "
		    "[K, 3] (K from 1 to 1000)", line);
	(void)e;
	y->kpt = k;
	y->kdim = d;
	return ANN_OK;
}

/* The lines of data.yaml this reader needs: names, nc, kpt_shape. */
static ann_status
read_yaml(yolo *y, char *text, size_t len, namelist *l, long *nc)
{
	unsigned long line = 0;
	int in_names = 0, map = -1;
	char *s = text, *end = text + len;
	ann_status st;

	*nc = -1;
	while (s < end) {
		char *nl = memchr(s, '\n', (size_t)(end - s));
		char *e = nl ? nl : end;
		const char *p = skip_ws(s, e);
		/*
		 * Indented lines belong to the key above them, and so do "- "
		 * items at its own indent (YAML allows a list there).
		 */
		int indented = p > s || (in_names && map != 1 && *p == '-');

		line++;
		s = nl ? nl + 1 : end;
		if (e > p && e[-1] == '\r')
			e--;
		if (p == e || *p == '#')
			continue;
		if (indented) {
			if (!in_names)
				continue;
			int item_map = *p != '-';
			if (map >= 0 && map != item_map)
				return yolo_fail(y, ANN_FAILED, "data.yaml:%lu: names: list "
				    "items and map items mixed", line);
			map = item_map;
			if (!map)
				p++;
			const char *after;
			if ((st = names_item(y, l, p, e, map, 0, line, &after)) != ANN_OK)
				return st;
			continue;
		}
		in_names = 0;
		const char *colon = memchr(p, ':', (size_t)(e - p));
		if (colon == NULL)
			continue;
		size_t kl = (size_t)(colon - p);
		const char *v = skip_ws(colon + 1, e);
		if (kl == 5 && memcmp(p, "names", 5) == 0) {
			if (v == e || *v == '#')
				in_names = 1;
			else if (*v == '[' || *v == '{') {
				if ((st = names_flow(y, l, v, e, line)) != ANN_OK)
					return st;
			} else
				return yolo_fail(y, ANN_FAILED, "data.yaml:%lu: names: "
				    "not a list or a map", line);
		} else if (kl == 9 && memcmp(p, "kpt_shape", 9) == 0) {
			*(char *)e = '\0';
			if ((st = kpt_shape(y, v, e, line)) != ANN_OK)
				return st;
		} else if (kl == 2 && memcmp(p, "nc", 2) == 0) {
			const char *q = v;
			while (q < e && *q >= '0' && *q <= '9')
				q++;
			if ((*nc = whole(v, (size_t)(q - v), 1L << 20)) < 0)
				return yolo_fail(y, ANN_FAILED, "data.yaml:%lu: nc: not a "
				    "whole number", line);
		}
	}
	return ANN_OK;
}

/* A file read whole (data.yaml, classes.txt: small), NUL-terminated. */
static int
slurp(const char *path, ann_buf *b)
{
	FILE *f = fopen(path, "rb");
	char chunk[4096];
	size_t n;

	if (f == NULL)
		return -1;
	b->len = 0;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b->len < YOLO_MAX_YAML)
		if (ann_buf_put(b, chunk, n) != 0) {
			fclose(f);
			errno = ENOMEM;
			return -1;
		}
	int bad = ferror(f) || b->len >= YOLO_MAX_YAML;
	fclose(f);
	if (bad && errno == 0)
		errno = EFBIG;
	return bad ? -1 : ann_buf_put(b, "", 0);
}

/* The class names (and kpt_shape) into t's categories. */
ann_status
ann__yolo_read_names(yolo *y)
{
	ann_buf text = { 0 };
	namelist l = { 0 };
	long nc = -1;
	ann_status st = ANN_OK;
	const char *p;

	if ((p = yolo_path_to(y, "data.yaml")) == NULL)
		return oom(y->t);
	if (slurp(p, &text) == 0) {
		ann_buf_put(&y->names, "data.yaml", 9);
		st = read_yaml(y, text.p, text.len, &l, &nc);
	} else if (errno != ENOENT) {
		st = yolo_fail(y, ANN_FATAL, "%s: %s", p, strerror(errno));
	} else if ((p = yolo_path_to(y, "classes.txt")) == NULL) {
		st = oom(y->t);
	} else if (slurp(p, &text) == 0) {
		ann_buf_put(&y->names, "classes.txt", 11);
		char *s = text.p, *e = text.p + text.len;
		ann_buf v = { 0 };
		while (st == ANN_OK && s < e) {
			char *nl = memchr(s, '\n', (size_t)(e - s));
			char *le = nl ? nl : e;
			if (le > s && le[-1] == '\r')
				le--;
			v.len = 0;
			if (le > s && (ann_buf_put(&v, s, (size_t)(le - s)) != 0 ||
			    names_set(&l, (long)l.n, &v) < 0))
				st = oom(y->t);
			s = nl ? nl + 1 : e;
		}
		ann_buf_free(&v);
	} else if (errno == ENOENT) {
		st = yolo_fail(y, ANN_FAILED, "%s: neither data.yaml nor classes.txt: "
		    "no class names", y->dir);
	} else
		st = yolo_fail(y, ANN_FATAL, "%s: %s", p, strerror(errno));
	for (size_t i = 0; st == ANN_OK && i < l.n; i++)
		if (l.name[i] == NULL)
			st = yolo_fail(y, ANN_FAILED, "%s: no name for class %zu (ids "
			    "run from 0 without gaps)", y->names.p, i);
	if (st == ANN_OK && l.n == 0)
		st = yolo_fail(y, ANN_FAILED, "%s: no class names", y->names.p);
	if (st == ANN_OK && nc >= 0 && (size_t)nc != l.n)
		st = yolo_fail(y, ANN_FAILED, "%s: nc is %ld, but %zu names are given",
		    y->names.p, nc, l.n);
	for (size_t i = 0; st == ANN_OK && i < l.n; i++)
		st = add_class(y, l.name[i], strlen(l.name[i]));
	for (size_t i = 0; i < l.n; i++)
		free(l.name[i]);
	free(l.name);
	ann_buf_free(&text);
	return st;
}
