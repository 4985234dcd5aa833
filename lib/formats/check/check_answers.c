/*
 * check_answers.c: rule 9, the answers of the controls that take one
 * value (Rating, Number, TextArea, DateTime).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check_private.h"

/* An attribute of the config as a number: 0, or -1 when it is not one. */
static int
attr_number(const char *s, double *d)
{
	char *end;

	if (s == NULL || *s == '\0')
		return -1;
	*d = strtod(s, &end);
	return *end == '\0' && isfinite(*d) ? 0 : -1;
}

/* n digits at s, each a digit: their value, or -1. */
static long
digits(const char *s, int n)
{
	long v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* YYYY-MM-DD at s: the number of bytes, or 0. */
static size_t
date_at(const char *s, size_t n, int parts)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	long y, m, d;

	if (n < 4 || (y = digits(s, 4)) < 0)
		return 0;
	if (parts == 1)
		return 4;
	if (n < 7 || s[4] != '-' || (m = digits(s + 5, 2)) < 1 || m > 12)
		return 0;
	if (parts == 2)
		return 7;
	if (n < 10 || s[7] != '-' || (d = digits(s + 8, 2)) < 1 || d > days[m - 1] ||
	    (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))))
		return 0;
	return 10;
}

/* HH:MM, or HH:MM:SS: the number of bytes, or 0. */
static size_t
time_at(const char *s, size_t n)
{
	long h, m, sec;

	if (n < 5 || (h = digits(s, 2)) < 0 || h > 23 || s[2] != ':' ||
	    (m = digits(s + 3, 2)) < 0 || m > 59)
		return 0;
	if (n >= 8 && s[5] == ':' && (sec = digits(s + 6, 2)) >= 0 && sec <= 59)
		return 8;
	return 5;
}

/*
 * Does s hold a value of the form a DateTime's only= asks for: "date",
 * "time", "month", "year", or date and time (the default)?
 */
static int
datetime_fits(const char *only, const char *s, size_t n, const char **form)
{
	size_t k;

	if (only == NULL || strstr(only, "date") != NULL) {
		int time = only == NULL || strstr(only, "time") != NULL;
		*form = time ? "2024-03-01T12:30" : "2024-03-01";
		if ((k = date_at(s, n, 3)) == 0)
			return 0;
		if (!time)
			return k == n;
		return n > k + 1 && (s[k] == 'T' || s[k] == ' ') &&
		    time_at(s + k + 1, n - k - 1) == n - k - 1;
	}
	if (strstr(only, "time") != NULL) {
		*form = "12:30";
		return time_at(s, n) == n;
	}
	if (strstr(only, "month") != NULL) {
		*form = "2024-03";
		return date_at(s, n, 2) == n;
	}
	*form = "2024";
	return date_at(s, n, 1) == n;
}

void
ann__check_answer(ann_check *k, const ann_cfg_control *c, ann_json_val value)
{
	ann_json_val v, e;
	ann_json_iter it;
	char a[96];
	double d, lo, hi;

	if (ann_json_typeof(value) != ANN_JSON_OBJECT)
		return;
	if (strcmp(c->tag, "Rating") == 0 && ann__check_member(k, value, "rating", &v) == 0) {
		if (attr_number(c->max_rating, &hi) != 0)
			hi = 5;
		d = ann_json_typeof(v) == ANN_JSON_NUMBER ? ann_json_double(v) : NAN;
		if (!(d == floor(d) && d >= 0 && d <= hi))
			ann__check_say(k, ANN_RULE_ANSWERS, ANN_CHECK_ERROR, "rating %s is "
			    "not a whole number from 0 to %g (maxRating)",
			    ann__check_text(v, a, sizeof a, 40), hi);
	} else if (strcmp(c->tag, "Number") == 0 && ann__check_member(k, value, "number", &v) == 0) {
		if (ann_json_typeof(v) != ANN_JSON_NUMBER || !isfinite(d = ann_json_double(v)))
			ann__check_say(k, ANN_RULE_ANSWERS, ANN_CHECK_ERROR, "number is %s, "
			    "not a finite number", ann_json_typeof(v) == ANN_JSON_NUMBER ?
			    ann__check_text(v, a, sizeof a, 40) : ann__check_type_of(v));
		else if (attr_number(c->min, &lo) == 0 && d < lo)
			ann__check_say(k, ANN_RULE_ANSWERS, ANN_CHECK_ERROR, "number %.10g is "
			    "below the control's min=\"%s\"", d, c->min);
		else if (attr_number(c->max, &hi) == 0 && d > hi)
			ann__check_say(k, ANN_RULE_ANSWERS, ANN_CHECK_ERROR, "number %.10g is "
			    "above the control's max=\"%s\"", d, c->max);
	} else if (strcmp(c->tag, "TextArea") == 0 && ann__check_member(k, value, "text", &v) == 0) {
		int ok = ann_json_typeof(v) == ANN_JSON_ARRAY;
		if (ok) {
			ann__json_iter_init(&it, v, k->cache);
			while (ok && ann_json_next_elem(&it, &e))
				ok = ann_json_typeof(e) == ANN_JSON_STRING;
		}
		if (!ok)
			ann__check_say(k, ANN_RULE_ANSWERS, ANN_CHECK_ERROR, "text is %s: a "
			    "TextArea's answer is a list of strings",
			    ann_json_typeof(v) == ANN_JSON_ARRAY ? "a list with a value that "
			    "is not a string" : ann__check_type_of(v));
	} else if (strcmp(c->tag, "DateTime") == 0 &&
	    ann__check_member(k, value, "datetime", &v) == 0) {
		const char *form = NULL, *q = ann_json_typeof(v) == ANN_JSON_STRING ?
		    "\"" : "";
		char buf[64];
		int ok = 0;
		if (ann_json_typeof(v) == ANN_JSON_STRING && v.n <= sizeof buf) {
			size_t n = ann_json_str_decode(v, buf);
			ok = datetime_fits(c->only, buf, n, &form);
		} else
			datetime_fits(c->only, "", 0, &form);
		if (!ok)
			ann__check_say(k, ANN_RULE_ANSWERS, ANN_CHECK_ERROR, "datetime %s%s%s "
			    "is not of the form %s (only=\"%s\")", q, ann__check_text(v, a,
			    sizeof a, 64), q, form,
			    c->only != NULL ? c->only : "date,time");
	}
}
