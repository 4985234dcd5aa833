/*
 * date.c: ISO 8601 timestamps as instants, the one clock every date test
 * uses.
 *
 * An instant is microseconds since 1970-01-01T00:00:00Z.  Exports write
 * dates every way ISO allows and then some ("2024-03-04T10:11:12.123+00:00",
 * "2021-05-10T09:41:34.870012Z", "2023-12-07 20:34:06"), so the parser takes
 * a date, an optional time with any number of fraction digits, and an
 * optional zone; a time without a zone is UTC.
 */
#include <ctype.h>
#include <string.h>

#include "ann_core.h"
#include "ann_date.h"

#define USEC_PER_SEC 1000000LL
#define SEC_PER_DAY 86400LL

/*
 * Days from 1970-01-01 to the given day of the proleptic Gregorian
 * calendar.  Counting from March makes the leap day the last of its year,
 * so each 400-year era is the same 146097 days.
 */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;				/* 0..399 */
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;	/* 0..146096 */
	return era * 146097 + doe - 719468;
}

static int
days_in_month(int64_t y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

/* Exactly n digits at *p, as a number; -1 when they are not there. */
static int
digits(const char **p, const char *end, int n)
{
	int v = 0;

	if (end - *p < n)
		return -1;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return v;
}

static int
zone(const char **p, const char *end, int64_t *offset)
{
	const char *s = *p;

	if (s == end) {
		*offset = 0;
		return 0;
	}
	if (*s == 'Z' || *s == 'z') {
		*p = s + 1;
		*offset = 0;
		return 0;
	}
	if (*s != '+' && *s != '-')
		return -1;
	int sign = *s++ == '-' ? -1 : 1;
	int hh = digits(&s, end, 2), mm = 0;
	if (hh < 0 || hh > 23)
		return -1;
	if (s < end && *s == ':')
		s++;
	if (s < end && (mm = digits(&s, end, 2)) < 0)
		return -1;
	if (mm > 59)
		return -1;
	*offset = sign * (hh * 3600LL + mm * 60LL) * USEC_PER_SEC;
	*p = s;
	return 0;
}

int
ann_date_parse(const char *text, size_t len, int64_t *instant, int *has_time)
{
	const char *p = text, *end = text + len;
	int y, mo, d, hh = 0, mi = 0, ss = 0, timed = 0;
	int64_t frac = 0, offset = 0;

	if ((y = digits(&p, end, 4)) < 0 || p == end || *p++ != '-' ||
	    (mo = digits(&p, end, 2)) < 1 || mo > 12 || p == end || *p++ != '-' ||
	    (d = digits(&p, end, 2)) < 1 || d > days_in_month(y, mo))
		return -1;
	if (p < end && (*p == 'T' || *p == 't' || *p == ' ')) {
		p++;
		timed = 1;
		if ((hh = digits(&p, end, 2)) < 0 || hh > 23 || p == end ||
		    *p++ != ':' || (mi = digits(&p, end, 2)) < 0 || mi > 59)
			return -1;
		if (p < end && *p == ':') {
			p++;
			/* 60 is a leap second: it is read as the next one. */
			if ((ss = digits(&p, end, 2)) < 0 || ss > 60)
				return -1;
			if (p < end && (*p == '.' || *p == ',')) {
				int64_t scale = USEC_PER_SEC;
				if (++p == end || !isdigit((unsigned char)*p))
					return -1;
				for (; p < end && isdigit((unsigned char)*p); p++)
					if (scale > 1) {
						scale /= 10;
						frac += (*p - '0') * scale;
					}
			}
		}
		if (zone(&p, end, &offset) != 0)
			return -1;
	}
	if (p != end)
		return -1;
	int64_t secs = days_from_civil(y, mo, d) * SEC_PER_DAY + hh * 3600 +
	    mi * 60 + ss;
	*instant = secs * USEC_PER_SEC + frac - offset;
	if (has_time != NULL)
		*has_time = timed;
	return 0;
}

int
ann_date_value(ann_json_val v, int64_t *instant)
{
	char buf[64];
	double d;

	switch (ann_json_typeof(v)) {
	case ANN_JSON_STRING:
		/* Dates have no escapes; one that does is decoded first. */
		if (memchr(v.p, '\\', v.n) == NULL)
			return ann_date_parse(v.p + 1, v.n - 2, instant, NULL);
		if (v.n > sizeof buf)
			return -1;
		return ann_date_parse(buf, ann_json_str_decode(v, buf), instant, NULL);
	case ANN_JSON_NUMBER:
		/* Seconds since the epoch; beyond the year 5138, milliseconds. */
		if (ann_json_number(v, &d) != 0 || d < -1e14 || d > 1e14)
			return -1;
		if (d > 1e11 || d < -1e11)
			d /= 1000;
		*instant = (int64_t)(d * USEC_PER_SEC);
		return 0;
	default:
		return -1;
	}
}

int
ann_date_arg(const char *text, int64_t now, int end_of_day, int64_t *instant)
{
	size_t len = strlen(text);
	int timed;

	/* Relative: a count of weeks, days, hours, minutes or seconds ago. */
	if (len >= 2 && isdigit((unsigned char)text[0])) {
		static const struct { char unit; int64_t secs; } units[] = {
			{ 'w', 7 * SEC_PER_DAY }, { 'd', SEC_PER_DAY },
			{ 'h', 3600 }, { 'm', 60 }, { 's', 1 }
		};
		uint64_t n;
		char num[24];
		for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
			if (text[len - 1] != units[i].unit || len - 1 >= sizeof num)
				continue;
			memcpy(num, text, len - 1);
			num[len - 1] = '\0';
			if (ann_parse_u64(num, 0, UINT64_MAX, &n) != 0)
				return -1;
			/* Further back than 290,000 years is as far as it goes. */
			int64_t most = (INT64_MAX / 2) / (units[i].secs * USEC_PER_SEC);
			if (n > (uint64_t)most)
				n = (uint64_t)most;
			*instant = now - (int64_t)n * units[i].secs * USEC_PER_SEC;
			return 0;
		}
	}
	if (ann_date_parse(text, len, instant, &timed) != 0)
		return -1;
	/* "--until 2024-03-31" means through the end of that day. */
	if (end_of_day && !timed)
		*instant += SEC_PER_DAY * USEC_PER_SEC - 1;
	return 0;
}
