/*
 * tols_yolo.c: Label Studio tasks from a YOLO dataset folder (ann_tols.h).
 *
 * The class names come from data.yaml ("names" as a list or an id -> name
 * map, "kpt_shape" for pose) or classes.txt.  The images are the files
 * under images/ (any depth: images/train/, images/val/ ...), walked in
 * byte order of their names so the output is the same on every machine;
 * each image's label file is found by Ultralytics' rule (the last "images"
 * component of its path becomes "labels", its extension ".txt"), and one
 * task is written per image as soon as its label file is read.  Memory is
 * one label file's results plus the names of one folder per level.
 *
 * A row is told apart by its number of columns and the --task asked for
 * (auto by default): 5 detect, 6 detect with a confidence, an odd number
 * from 7 a segment polygon, 9 an OBB box or a 4-point polygon (which
 * only --task can say), 5 + K * D pose (kpt_shape [K, D]).  A segment row
 * is never taken for a box (label-studio-converter's `import yolo` does).
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_config.h"
#include "ann_geom.h"
#include "ann_skip.h"
#include "ann_tols.h"
#include "tols_private.h"
#include "tols_result.h"
#include "util_private.h"

#define YOLO_MAX_DEPTH 16	/* folders under images/; a link loop ends here */
#define YOLO_MAX_YAML (1u << 24)

typedef struct yolo {
	ann_tols *t;
	ann_skips *skips;
	ann_tols_write_fn write;
	void *ctx;
	const char *dir;	/* the dataset's folder, as given */
	ann_buf path;		/* the file or folder at hand: PREFIX images/... */
	size_t prefix;		/* "ROOT/" at the start of path; 0 for "." */
	ann_buf label;		/* the label file's path, as shown */
	ann_buf names;		/* where the names came from, for messages */
	double *v;		/* one row's numbers */
	size_t capv;
	long kpt, kdim;		/* kpt_shape; 0 without */
} yolo;

static ann_status
fail(yolo *y, ann_status st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static ann_status
fail(yolo *y, ann_status st, const char *fmt, ...)
{
	char msg[ANN_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ann__error_set(&y->t->err, "%s", msg);
	return st;
}

/* --- The class names ----------------------------------------------------- */

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
			return fail(y, ANN_FAILED, "data.yaml:%lu: a name's key is not a "
			    "class id (a whole number)", line);
		s = colon + 1;
	}
	if (yaml_scalar(s, e, flow, &v, end) != 0) {
		ann_buf_free(&v);
		return fail(y, ANN_FAILED, "data.yaml:%lu: a name that is not a YAML "
		    "string (an unclosed quote or a bad escape)", line);
	}
	if (v.len == 0 || memchr(v.p, '\0', v.len) != NULL) {
		ann_buf_free(&v);
		return fail(y, ANN_FAILED, "data.yaml:%lu: class %ld: an empty "
		    "name, or one with a NUL byte", line, id);
	}
	rc = names_set(l, id, &v);
	ann_buf_free(&v);
	if (rc < 0)
		return oom(y->t);
	if (rc > 0)
		return fail(y, ANN_FAILED, "data.yaml:%lu: class %ld named twice", line, id);
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
		return fail(y, ANN_FAILED, "data.yaml:%lu: names: expected ',' or '%c' "
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
		return fail(y, ANN_FAILED, "data.yaml:%lu: kpt_shape: not [K, 2] or "
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
				return fail(y, ANN_FAILED, "data.yaml:%lu: names: list "
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
				return fail(y, ANN_FAILED, "data.yaml:%lu: names: "
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
				return fail(y, ANN_FAILED, "data.yaml:%lu: nc: not a "
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

static char *
path_to(yolo *y, const char *name)
{
	y->path.len = y->prefix;
	return ann_buf_put(&y->path, name, strlen(name)) == 0 ? y->path.p : NULL;
}

/* The class names (and kpt_shape) into t's categories. */
static ann_status
read_names(yolo *y)
{
	ann_buf text = { 0 };
	namelist l = { 0 };
	long nc = -1;
	ann_status st = ANN_OK;
	const char *p;

	if ((p = path_to(y, "data.yaml")) == NULL)
		return oom(y->t);
	if (slurp(p, &text) == 0) {
		ann_buf_put(&y->names, "data.yaml", 9);
		st = read_yaml(y, text.p, text.len, &l, &nc);
	} else if (errno != ENOENT) {
		st = fail(y, ANN_FATAL, "%s: %s", p, strerror(errno));
	} else if ((p = path_to(y, "classes.txt")) == NULL) {
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
		st = fail(y, ANN_FAILED, "%s: neither data.yaml nor classes.txt: "
		    "no class names", y->dir);
	} else
		st = fail(y, ANN_FATAL, "%s: %s", p, strerror(errno));
	for (size_t i = 0; st == ANN_OK && i < l.n; i++)
		if (l.name[i] == NULL)
			st = fail(y, ANN_FAILED, "%s: no name for class %zu (ids "
			    "run from 0 without gaps)", y->names.p, i);
	if (st == ANN_OK && l.n == 0)
		st = fail(y, ANN_FAILED, "%s: no class names", y->names.p);
	if (st == ANN_OK && nc >= 0 && (size_t)nc != l.n)
		st = fail(y, ANN_FAILED, "%s: nc is %ld, but %zu names are given",
		    y->names.p, nc, l.n);
	for (size_t i = 0; st == ANN_OK && i < l.n; i++)
		st = add_class(y, l.name[i], strlen(l.name[i]));
	for (size_t i = 0; i < l.n; i++)
		free(l.name[i]);
	free(l.name);
	ann_buf_free(&text);
	return st;
}

/* --- The label rows ------------------------------------------------------ */

enum { ROW_DETECT = ANN_TOLS_YOLO_DETECT, ROW_SEGMENT = ANN_TOLS_YOLO_SEGMENT,
    ROW_OBB = ANN_TOLS_YOLO_OBB, ROW_POSE = ANN_TOLS_YOLO_POSE };

/*
 * What a row of n columns (its class among them) is under the --task
 * asked for: a ROW_*, or -1 with the message set.
 */
static int
row_kind(yolo *y, size_t n, unsigned long line)
{
	int task = y->t->o.yolo_task;
	size_t pose = y->kpt > 0 ? 5 + (size_t)(y->kpt * y->kdim) : 0;
	const char *at = y->label.p;

	switch (task) {
	case ANN_TOLS_YOLO_DETECT:
		if (n == 5 || n == 6)
			return ROW_DETECT;
		fail(y, ANN_FAILED, "%s:%lu: %zu columns: a detect row has 5 (class, "
		    "x, y, width, height), 6 with a confidence%s", at, line, n,
		    n >= 7 && n % 2 ? "; a polygon is --task segment, never a box" : "");
		return -1;
	case ANN_TOLS_YOLO_SEGMENT:
		if (n >= 7 && n % 2 == 1)
			return ROW_SEGMENT;
		fail(y, ANN_FAILED, "%s:%lu: %zu columns: a segment row is a class "
		    "and 3 or more x y points (an odd number from 7)", at, line, n);
		return -1;
	case ANN_TOLS_YOLO_OBB:
		if (n == 9)
			return ROW_OBB;
		fail(y, ANN_FAILED, "%s:%lu: %zu columns: an OBB row has 9 (class and "
		    "4 corners)", at, line, n);
		return -1;
	case ANN_TOLS_YOLO_POSE:
		if (pose == 0) {
			fail(y, ANN_FAILED, "%s: --task pose needs kpt_shape in data.yaml",
			    y->names.p);
			return -1;
		}
		if (n == pose)
			return ROW_POSE;
		fail(y, ANN_FAILED, "%s:%lu: %zu columns: a pose row of kpt_shape "
		    "[%ld, %ld] has %zu", at, line, n, y->kpt, y->kdim, pose);
		return -1;
	}
	if (pose != 0 && n == pose)
		return ROW_POSE;
	if (n == 5 || n == 6)
		return ROW_DETECT;
	if (n == 9) {
		fail(y, ANN_FAILED, "%s:%lu: 9 columns: an OBB box or a 4-point "
		    "polygon; say which with --task obb or --task segment", at, line);
		return -1;
	}
	if (n >= 7 && n % 2 == 1)
		return ROW_SEGMENT;
	fail(y, ANN_FAILED, "%s:%lu: %zu columns: not a YOLO row (5 or 6 detect, "
	    "an odd number from 7 segment, 9 OBB%s)", at, line, n,
	    pose ? ", or pose as kpt_shape says" : "");
	return -1;
}

/* The row's columns as numbers into y->v: how many, or -1 (message set), -2 out of memory. */
static long
row_numbers(yolo *y, char *s, unsigned long line)
{
	size_t n = 0;
	char *tok, *save = NULL;

	for (tok = strtok_r(s, " \t\r", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t\r", &save)) {
		char *end;
		double d;
		if (ann__grow((void **)&y->v, &y->capv, n + 1, sizeof *y->v) != 0)
			return -2;
		errno = 0;
		d = strtod(tok, &end);
		if (*end != '\0' || !isfinite(d) || errno == ERANGE) {
			fail(y, ANN_FAILED, "%s:%lu: column %zu: \"%.40s\" is not a number",
			    y->label.p, line, n + 1, tok);
			return -1;
		}
		y->v[n++] = d;
	}
	return (long)n;
}

/* One row's results, after t->line; *k counts the image's results. */
static ann_status
row(yolo *y, char *s, unsigned long line, long W, long H, double *score_sum,
    uint64_t *nscores)
{
	ann_tols *t = y->t;
	ann_buf *b = &t->line;
	long n = row_numbers(y, s, line);
	int kind;
	double *v = y->v, score = NAN;
	ann_geom g;

	if (n < 0)
		return n == -2 ? oom(t) : ANN_FAILED;
	if (n == 0)
		return ANN_OK;	/* a blank line */
	if ((kind = row_kind(y, (size_t)n, line)) < 0)
		return ANN_FAILED;
	if (v[0] != floor(v[0]) || v[0] < 0 || v[0] >= (double)t->ncat)
		return fail(y, ANN_FAILED, "%s:%lu: class %g is not one of %s's "
		    "(0 to %zu)", y->label.p, line, v[0], y->names.p, t->ncat - 1);
	category *c = &t->cat[(size_t)v[0]];
	uint64_t ord[2] = { ann_hash(y->label.p + y->prefix,
	    y->label.len - y->prefix), line };
	int rc;

	if (kind == ROW_DETECT || kind == ROW_POSE) {
		if (v[3] < 0 || v[4] < 0)
			return fail(y, ANN_FAILED, "%s:%lu: a negative width or height",
			    y->label.p, line);
		double box[4] = { v[1] - v[3] / 2, v[2] - v[4] / 2, v[3], v[4] };
		if (kind == ROW_DETECT && n == 6) {
			score = v[5];
			*score_sum += score;
			++*nscores;
		}
		ann_geom_from_box(&g, W, H, ANN_NORM, box);
		char parent[13];
		result_id(parent, ord, 0);
		if (put_rect(t, b, &g, ord, 0, c->name, score) != 0)
			return oom(t);
		c->used |= 1u << R_RECT;
		for (long k = 0; kind == ROW_POSE && k < y->kpt; k++) {
			double *p = v + 5 + k * y->kdim, out[2];
			if (y->kdim == 3 && p[2] == 0)
				continue;	/* not labelled: no point to give */
			if (ann_geom_convert(&g, ANN_NORM, p, ANN_PCT, out) != 0)
				return oom(t);	/* finite in, finite out */
			if (put_head(t, b, ord, (unsigned)k + 1, R_KP, W, H, c->kp[k]) ||
			    put_num(b, "x", clip(t, out[0])) || ann_buf_put(b, ",", 1) ||
			    put_num(b, "y", clip(t, out[1])) || ann_buf_put(b, ",", 1) ||
			    put_tail(t, b, R_KP, c->kp[k], NAN, parent))
				return oom(t);
			c->used |= 1u << R_KP;
		}
		return ANN_OK;
	}
	if (kind == ROW_OBB) {
		if (ann_geom_from_corners(&g, W, H, ANN_NORM, v + 1) != 0)
			return fail(y, ANN_FAILED, "%s:%lu: corners without a size",
			    y->label.p, line);
		if (put_rect(t, b, &g, ord, 0, c->name, NAN) != 0)
			return oom(t);
		c->used |= 1u << R_RECT;
		return ANN_OK;
	}
	ann_geom_from_box(&g, W, H, ANN_NORM, NULL);
	rc = put_head(t, b, ord, 0, R_POLY, W, H, c->name) || ann_buf_put(b, "\"points\":[", 10);
	for (long i = 1; rc == 0 && i + 1 < n; i += 2) {
		double out[2];
		(void)ann_geom_convert(&g, ANN_NORM, v + i, ANN_PCT, out);
		rc = (i > 1 && ann_buf_put(b, ",", 1)) || ann_buf_put(b, "[", 1) ||
		    ann_buf_double(b, clip(t, out[0])) || ann_buf_put(b, ",", 1) ||
		    ann_buf_double(b, clip(t, out[1])) || ann_buf_put(b, "]", 1);
	}
	if (rc || ann_buf_put(b, "],", 2) || put_tail(t, b, R_POLY, c->name, NAN, NULL))
		return oom(t);
	c->used |= 1u << R_POLY;
	return ANN_OK;
}

/* --- The images ---------------------------------------------------------- */

/* Ultralytics' image formats (IMG_FORMATS), by extension. */
static int
is_image(const char *name)
{
	static const char *const ext[] = { "bmp", "dng", "jpeg", "jpg", "mpo",
	    "png", "tif", "tiff", "webp", "pfm", "heic" };
	const char *dot = strrchr(name, '.');

	for (size_t i = 0; dot != NULL && i < sizeof ext / sizeof *ext; i++)
		if (strcasecmp(dot + 1, ext[i]) == 0)
			return 1;
	return 0;
}

/* Ultralytics' img2label_paths: the last "images" component -> "labels". */
static int
label_path(yolo *y)
{
	const char *p = y->path.p, *at = NULL, *dot;

	for (const char *q = p; (q = strstr(q, "images/")) != NULL; q++)
		if (q == p || q[-1] == '/')
			at = q;
	y->label.len = 0;
	if (at == NULL)	/* the walk starts at images/: never */
		return -1;
	dot = strrchr(at, '.');
	return ann_buf_put(&y->label, p, (size_t)(at - p)) ||
	    ann_buf_put(&y->label, "labels", 6) ||
	    ann_buf_put(&y->label, at + 6, (size_t)(dot - at - 6)) ||
	    ann_buf_put(&y->label, ".txt", 4) ? -1 : 0;
}

/* The image at y->path: its label file read, its task written. */
static ann_status
image_task(yolo *y)
{
	ann_tols *t = y->t;
	const char *rel = y->path.p + y->prefix;
	long W, H;
	ann_error why = { 0 };
	double score_sum = 0;
	uint64_t nscores = 0;
	ann_status st = ANN_OK;
	FILE *f;

	/* The header, else the same path under --image-root (images/ left out). */
	if (ann_image_size(y->path.p, &W, &H, &why) != 0 && (t->o.image_root == NULL ||
	    size_from_root(t, rel + 7, &y->label, &W, &H, &why) != 0)) {
		ann_skips_count(y->skips, ANN_SKIP_NO_SIZE, ANN_KIND_OTHER);
		if (t->o.image_root == NULL) {
			/* The reader's message names the file, which is named first. */
			size_t n = strlen(y->path.p);
			const char *m = strncmp(why.msg, y->path.p, n) == 0 &&
			    strncmp(why.msg + n, ": ", 2) == 0 ? why.msg + n + 2 : why.msg;
			ann_error hint;
			ann__error_set(&hint, "%s; --image-root DIR reads it from DIR/%s",
			    m, rel + 7);
			why = hint;
		}
		name_skip(t, y->path.p, &why);
		return ANN_OK;
	}
	if (label_path(y) != 0)
		return oom(t);
	t->line.len = 0;
	if ((f = fopen(y->label.p, "r")) != NULL) {
		char *s = NULL;
		size_t cap = 0;
		unsigned long line = 0;
		while (st == ANN_OK && getline(&s, &cap, f) >= 0) {
			line++;
			s[strcspn(s, "\n")] = '\0';
			st = row(y, s, line, W, H, &score_sum, &nscores);
		}
		free(s);
		if (st == ANN_OK && ferror(f))
			st = fail(y, ANN_FATAL, "%s: %s", y->label.p, strerror(errno));
		fclose(f);
	} else if (errno != ENOENT)
		st = fail(y, ANN_FATAL, "%s: %s", y->label.p, strerror(errno));
	/* No label file: a negative image, a task with no results. */
	if (st != ANN_OK)
		return st;
	if (put_task(t, rel, score_sum, nscores) != 0)
		return oom(t);
	if (y->write(y->ctx, t->task.p, t->task.len) != 0)
		return fail(y, ANN_FATAL, "write error: %s", strerror(errno));
	return ANN_OK;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folder at y->path, its images and folders in byte order of name. */
static ann_status
walk(yolo *y, int depth)
{
	char **name = NULL;
	size_t n = 0, cap = 0, base = y->path.len;
	struct dirent *d;
	ann_status st = ANN_OK;
	DIR *dir;

	if ((dir = opendir(y->path.p)) == NULL)
		return fail(y, errno == ENOENT ? ANN_FAILED : ANN_FATAL, "%s: %s%s",
		    y->path.p, strerror(errno), errno == ENOENT ?
		    " (a YOLO dataset holds images/ and labels/)" : "");
	while ((d = readdir(dir)) != NULL) {
		if (d->d_name[0] == '.')	/* ., .., hidden: as Ultralytics' glob */
			continue;
		if (ann__grow((void **)&name, &cap, n + 1, sizeof *name) != 0 ||
		    (name[n] = strdup(d->d_name)) == NULL) {
			st = oom(y->t);
			break;
		}
		n++;
	}
	closedir(dir);
	if (st == ANN_OK)
		qsort(name, n, sizeof *name, by_name);
	for (size_t i = 0; st == ANN_OK && i < n; i++) {
		struct stat sb;
		y->path.len = base;
		if (ann_buf_printf(&y->path, "/%s", name[i]) != 0) {
			st = oom(y->t);
			break;
		}
		if (stat(y->path.p, &sb) != 0)
			st = fail(y, ANN_FATAL, "%s: %s", y->path.p, strerror(errno));
		else if (S_ISDIR(sb.st_mode))
			st = depth < YOLO_MAX_DEPTH ? walk(y, depth + 1) :
			    fail(y, ANN_FAILED, "%s: folders nested deeper than %d",
			    y->path.p, YOLO_MAX_DEPTH);
		else if (S_ISREG(sb.st_mode) && is_image(name[i]))
			st = image_task(y);
	}
	for (size_t i = 0; i < n; i++)
		free(name[i]);
	free(name);
	y->path.len = base;
	y->path.p[base] = '\0';
	return st;
}

ann_status
ann_tols_read_yolo(ann_tols *t, const char *dir, ann_tols_write_fn write,
    void *ctx, ann_skips *skips)
{
	yolo y = { .t = t, .skips = skips, .write = write, .ctx = ctx, .dir = dir };
	ann_status st;
	size_t dl = strlen(dir);

	t->err.msg[0] = '\0';
	t->err.has_byte = 0;
	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	/* Paths are shown as the user named the folder; "." adds nothing. */
	if (!(dl == 1 && dir[0] == '.') &&
	    (ann_buf_put(&y.path, dir, dl) || (dir[dl - 1] != '/' &&
	    ann_buf_put(&y.path, "/", 1))))
		return oom(t);
	y.prefix = y.path.len;
	if ((st = read_names(&y)) == ANN_OK) {
		if (path_to(&y, "images") == NULL)
			st = oom(t);
		else
			st = walk(&y, 0);
	}
	ann_buf_free(&y.path);
	ann_buf_free(&y.label);
	ann_buf_free(&y.names);
	free(y.v);
	return st;
}
