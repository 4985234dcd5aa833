/*
 * split.c: the record splitter, on the caller's thread (reader.c hands a
 * regular file to readahead.c, which runs one of these on a second).
 *
 * The input is a sequence of top-level values.  An object is a record; an
 * array is opened and each element is a record; with the unwrap option an
 * object is an envelope whose named member holds the records.  NDJSON is
 * simply objects one after another, so every shape takes the same path.
 *
 * The reader works in steps (a separator, a record, an envelope member).  A
 * step that runs out of data is retried from its start once the buffer holds
 * more, and the buffer is only refilled when full or doubled when a step
 * does not fit, so re-scanning costs at most twice the record's size.
 *
 * A bad record, or one longer than max_record, is followed to its end
 * (resync.c) and handed out whole as rejected, so that no piece of it is
 * ever taken for a record; of a record too long to hold, only its first
 * REJECT_HEAD bytes are kept.  A page object that cannot be unwrapped is
 * rejected the same way, as one record.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ann_core.h"
#include "json_private.h"
#include "reader_private.h"
#include "source_private.h"

#define DEFAULT_BUFFER (1u << 20)
#define DEFAULT_MAX_RECORD (1ull << 30)
#define REJECT_HEAD 1024	/* what is kept of a record too long to hold */
#define COLUMN_LOOKBACK 4096	/* columns past this are not told apart */

/* refill: the buffer is full and may not grow (max_record). */
#define FULL (-2)

enum state {
	TOP,		/* between top-level values */
	ARRAY_FIRST,	/* after '[': a record or ']' */
	ARRAY_ELEM,	/* after ',': a record */
	ARRAY_NEXT,	/* after a record: ',' or ']' */
	SKIP,		/* following a bad value to its end */
	ENV_FIRST,	/* after an envelope's '{': a member or '}' */
	ENV_MEMBER,	/* after ',': a member */
	ENV_NEXT,	/* after a member: ',' or '}' */
	FINISHED	/* nothing more comes from this input */
};

struct ann__split {
	ann_reader_opts opts;
	ann__source *src;
	char *buf;		/* cap bytes plus ANN__JSON_PAD zeros */
	size_t cap, len, pos;
	uint64_t base;		/* input offset of buf[0] */
	long col0;		/* the column of buf[0]; -1: too far to tell */
	int eof;
	int src_failed;		/* the source broke after what is in buf */
	char src_err[256];
	uint64_t src_err_off;
	enum state state;
	int array_in_envelope;
	int envelope_found;	/* the unwrap member was seen */
	uint64_t env_start;	/* the page object's '{', kept in buf until then */
	uint64_t recno;
	const char *rej;	/* the bytes of the last bad record */
	size_t rej_len;
	uint64_t rej_off, rej_total;	/* where it lies, and its whole length */
	/* The bad value being followed to its end (state SKIP). */
	ann__skip skip;
	enum state after_skip;	/* TOP, or ARRAY_NEXT for an element */
	uint64_t skip_start;	/* its first byte */
	uint64_t skip_dropped;	/* its bytes no longer in buf */
	size_t skip_seen;	/* its bytes from buf + pos already followed */
	int overlong;		/* too long to hold: only head is kept */
	int too_long;		/* that is all that is wrong with it */
	char head[REJECT_HEAD];
	size_t head_len;
	uint64_t err_rec, err_off;
	char err[512];
	size_t *ends;		/* with opts.index: the record's ann_record.ends */
};

ann__split *
ann__split_new(const ann_reader_opts *opts)
{
	ann__split *r = calloc(1, sizeof *r);

	if (r == NULL)
		return NULL;
	if (opts != NULL)
		r->opts = *opts;
	if (r->opts.buffer_size == 0)
		r->opts.buffer_size = DEFAULT_BUFFER;
	if (r->opts.max_record == 0)
		r->opts.max_record = DEFAULT_MAX_RECORD;
	if (r->opts.index &&
	    (r->ends = calloc(2 * ANN_RECORD_ENDS, sizeof *r->ends)) == NULL) {
		free(r);
		return NULL;
	}
	return r;
}

static ann_status
set_error(ann__split *r, ann_status st, uint64_t offset, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->err, sizeof r->err, fmt, ap);
	va_end(ap);
	/* A stream error happens while reading the record after the last one. */
	r->err_rec = st == ANN_FATAL ? r->recno + 1 : r->recno;
	r->err_off = offset;
	return st;
}

ann_status
ann__split_open_fd(ann__split *r, int fd, int owns_fd)
{
	ann__split_close(r);
	r->cap = r->opts.buffer_size;
	r->buf = malloc(r->cap + ANN__JSON_PAD);
	r->src = ann__source_open(fd, owns_fd);
	if (r->buf == NULL || r->src == NULL) {
		if (owns_fd && r->src == NULL)
			close(fd);
		return set_error(r, ANN_FATAL, 0, "out of memory");
	}
	memset(r->buf, 0, ANN__JSON_PAD);
	if (r->opts.parts > 1) {
		uint64_t start, end;
		char why[256];
		if (ann__part_range(fd, r->opts.part, r->opts.parts, &start, &end,
		    why, sizeof why) != 0)
			return set_error(r, ANN_FATAL, 0, "%s", why);
		if (lseek(fd, (off_t)start, SEEK_SET) < 0)
			return set_error(r, ANN_FATAL, start, "seek: %s", strerror(errno));
		ann__source_limit(r->src, end - start);
		r->base = start;	/* offsets stay the file's */
	}
	return ANN_OK;
}

/*
 * The column of p in buf, -1 when it is COLUMN_LOOKBACK or more: only
 * small columns matter (where NDJSON lines and array elements begin), and
 * looking no further keeps this cheap on input without line breaks.
 */
static long
column_of(const ann__split *r, const char *p)
{
	const char *q = p, *lo = p - r->buf > COLUMN_LOOKBACK ?
	    p - COLUMN_LOOKBACK : r->buf;

	while (q > lo && q[-1] != '\n')
		q--;
	if (q > r->buf && q[-1] == '\n')
		return (long)(p - q);
	if (q == r->buf && r->col0 >= 0 &&
	    r->col0 + (p - q) < COLUMN_LOOKBACK)
		return r->col0 + (long)(p - q);
	return -1;
}

/*
 * Keep buf[keep..len), read until the buffer is full, the input ends, or
 * a line has come in.
 * Returns 1 when bytes were added, 0 at the end, -1 on error, FULL when
 * buf[keep..len) fills the buffer and max_record forbids growing it.
 */
static int
refill(ann__split *r, size_t keep)
{
	if (r->eof)
		return 0;
	if (keep > 0) {
		r->col0 = column_of(r, r->buf + keep);
		memmove(r->buf, r->buf + keep, r->len - keep);
		r->len -= keep;
		r->pos -= keep;
		r->base += keep;
	}
	if (r->len == r->cap) {
		if (r->cap >= r->opts.max_record)
			return FULL;
		size_t ncap = r->cap * 2 < r->opts.max_record ?
		    r->cap * 2 : r->opts.max_record;
		char *nbuf = realloc(r->buf, ncap + ANN__JSON_PAD);
		if (nbuf == NULL) {
			set_error(r, ANN_FATAL, r->base, "out of memory for a %zu-byte record", ncap);
			return -1;
		}
		r->buf = nbuf;
		r->cap = ncap;
	}
	size_t before = r->len;
	while (r->len < r->cap) {
		ssize_t n = ann__source_read(r->src, r->buf + r->len, r->cap - r->len);
		if (n < 0) {
			/* Hand out the records read before the break first. */
			r->src_failed = 1;
			r->src_err_off = r->base + r->len;
			snprintf(r->src_err, sizeof r->src_err, "%s",
			    ann__source_error(r->src));
			r->eof = 1;
			break;
		}
		if (n == 0) {
			r->eof = 1;
			break;
		}
		r->len += (size_t)n;
		/*
		 * A line that came down a pipe is handed out now, not when the
		 * buffer is full: "tail -f log | ann-select -n 1" must not
		 * wait.  Only once as much is new as was kept, so that scanning
		 * a long record again after each read stays linear.
		 */
		if (r->len - before >= before &&
		    memchr(r->buf + r->len - (size_t)n, '\n', (size_t)n) != NULL)
			break;
	}
	memset(r->buf + r->len, 0, ANN__JSON_PAD);
	return r->len > before;
}

/* The data ran out: a broken source explains why, if it broke. */
static ann_status
source_broke(ann__split *r)
{
	r->state = FINISHED;
	return set_error(r, ANN_FATAL, r->src_err_off, "%s", r->src_err);
}

static int
in_array(enum state st)
{
	return st == ARRAY_FIRST || st == ARRAY_ELEM || st == ARRAY_NEXT;
}

/* Where a refill must keep the buffer from. */
static size_t
keep_point(const ann__split *r)
{
	/* A page object without its member yet may have to be rejected whole. */
	if ((r->state == ENV_FIRST || r->state == ENV_MEMBER ||
	    r->state == ENV_NEXT) && !r->envelope_found)
		return (size_t)(r->env_start - r->base);
	return r->pos;
}

/*
 * The value being skipped, of which buf[pos, pos + held) is in the
 * buffer, is too long to hold: keep only its start.
 */
static void
keep_head(ann__split *r, size_t held)
{
	if (r->overlong)
		return;
	r->overlong = 1;
	r->head_len = held < REJECT_HEAD ? held : REJECT_HEAD;
	memcpy(r->head, r->buf + r->pos, r->head_len);
}

/* The value ends at stop and reading goes on at resume: hand it out. */
static ann_status
skip_done(ann__split *r, const char *stop, const char *resume)
{
	size_t held, n = strlen(r->err);

	/* Blanks after it may have been dropped: then its span keeps some. */
	if (stop < r->buf + r->pos)
		stop = r->buf + r->pos;
	held = (size_t)(stop - (r->buf + r->pos));
	r->rej_off = r->skip_start;
	r->rej_total = r->skip_dropped + held;
	if (r->rej_total > r->opts.max_record)
		keep_head(r, held);
	if (r->overlong) {
		r->rej = r->head;
		/* What was kept may have run on into the blanks after it. */
		r->rej_len = r->head_len < r->rej_total ? r->head_len :
		    (size_t)r->rej_total;
		if (r->too_long)
			snprintf(r->err, sizeof r->err, "record of %llu bytes is "
			    "longer than --max-record (%zu bytes)",
			    (unsigned long long)r->rej_total, r->opts.max_record);
		else
			snprintf(r->err + n, sizeof r->err - n, " (in a record "
			    "of %llu bytes, longer than --max-record)",
			    (unsigned long long)r->rej_total);
	} else {
		r->rej = r->buf + r->pos;
		r->rej_len = held;
	}
	r->pos = (size_t)(resume - r->buf);
	r->recno++;
	r->err_rec = r->recno;
	/* Cut short where the next element begins: no ',' comes between. */
	r->state = r->skip.cut && r->after_skip == ARRAY_NEXT ? ARRAY_ELEM :
	    r->after_skip;
	return ANN_FAILED;
}

/* Follow the value from buf + pos to its end, reading more as needed. */
static ann_status
skip_step(ann__split *r)
{
	for (;;) {
		const char *resume, *stop = ann__skip_scan(&r->skip,
		    r->buf + r->pos + r->skip_seen, r->buf + r->len, &resume);
		if (stop != NULL)
			return skip_done(r, stop, resume);
		/*
		 * The blanks it ends in so far may come after its end: they
		 * do not make it too long, and are kept while it is dropped,
		 * unless they are most of what there is.
		 */
		size_t blanks = r->skip.blanks;
		r->skip_seen = r->len - r->pos;
		if (blanks > r->skip_seen / 2)
			blanks = 0;
		if (r->skip_seen - blanks > r->opts.max_record)
			keep_head(r, r->skip_seen);
		if (r->overlong) {	/* drop what has been followed */
			r->skip_dropped += r->skip_seen - blanks;
			r->pos = r->len - blanks;
			r->skip_seen = blanks;
		}
		int k = refill(r, r->pos);
		if (k == FULL) {
			keep_head(r, r->len - r->pos);
			continue;
		}
		if (k < 0)
			return ANN_FATAL;
		if (k == 0) {
			/* No end before the input's: the rest is the value. */
			if (r->src_failed)
				return source_broke(r);
			size_t held = r->len - r->pos;
			r->after_skip = FINISHED;
			return skip_done(r, r->buf + r->len - (r->skip.blanks < held ?
			    r->skip.blanks : held), r->buf + r->len);
		}
	}
}

/*
 * A bad value begins at p (r->err says what is wrong): follow it to its
 * end.  depth > 0 skips the rest of a page object from inside it.
 */
static void
skip_begin(ann__split *r, const char *p, int depth, enum state after)
{
	int open = depth > 0 ? '{' : *p == '{' || *p == '[' ? *p : 0;

	ann__skip_begin(&r->skip, open, depth, after == ARRAY_NEXT,
	    depth > 0 ? -1 : column_of(r, p));
	r->pos = (size_t)(p - r->buf);
	r->skip_start = r->base + r->pos;
	r->skip_dropped = 0;
	r->skip_seen = 0;
	r->overlong = 0;
	r->too_long = 0;
	r->head_len = 0;
	r->after_skip = after;
	r->state = SKIP;
}

static ann_status
skip_from(ann__split *r, const char *p, int depth, enum state after)
{
	skip_begin(r, p, depth, after);
	return skip_step(r);
}

/* What follows a bad value at p, in the state the reader is in. */
static enum state
after_bad(const ann__split *r)
{
	return in_array(r->state) ? ARRAY_NEXT : TOP;
}

static ann_status
bad_json(ann__split *r, const char *p, const ann__scan *sc)
{
	char what[32];
	uint64_t at = r->base + (uint64_t)(sc->errp - r->buf);

	/*
	 * A record of its own (an NDJSON line, not an array element) whose
	 * line ends inside a string was cut: a download or a head -c stopped
	 * in it, and the next line began.  Said so, not "control character".
	 * In an array a raw line break is more likely a writer that did not
	 * escape one, and the byte is named.
	 */
	if (sc->line_break && !in_array(r->state))
		set_error(r, ANN_FAILED, at, "line cut short: it ends inside a "
		    "string, and the rest of the record is missing");
	else if (sc->show_byte) {
		ann__json_describe_byte(sc->errp, what, sizeof what);
		set_error(r, ANN_FAILED, at, "invalid JSON: %s: %s", sc->errmsg,
		    what);
	} else
		set_error(r, ANN_FAILED, at, "invalid JSON: %s", sc->errmsg);
	return skip_from(r, p, 0, after_bad(r));
}

/* A record at p longer than max_record: skip it. */
static ann_status
too_long(ann__split *r, const char *p)
{
	/* The message, with the length, is made once the end is found. */
	set_error(r, ANN_FAILED, r->base + (uint64_t)(p - r->buf),
	    "record longer than --max-record");
	skip_begin(r, p, 0, after_bad(r));
	r->too_long = 1;
	return skip_step(r);
}

static void
close_array(ann__split *r)
{
	r->state = r->array_in_envelope ? ENV_NEXT : TOP;
	r->array_in_envelope = 0;
}

/* One record at p: ANN_OK, ANN_FAILED, or ANN_EOF meaning "need more". */
static ann_status
take_record(ann__split *r, const char *p, ann_record *rec)
{
	ann__scan sc = { .end = r->buf + r->len, .ends = r->ends,
	    .maxends = r->ends != NULL ? ANN_RECORD_ENDS : 0 };
	const char *after;

	switch (ann__json_scan(p, &sc, &after)) {
	case ANN__SCAN_OK:
		if ((size_t)(after - p) > r->opts.max_record)
			return too_long(r, p);
		rec->data = p;
		rec->len = (size_t)(after - p);
		rec->ends = r->ends;
		rec->nends = sc.nends;
		rec->number = ++r->recno;
		rec->offset = r->base + (uint64_t)(p - r->buf);
		rec->multiline = sc.multiline;
		r->pos = (size_t)(after - r->buf);
		r->state = r->state == TOP ? TOP : ARRAY_NEXT;
		return ANN_OK;
	case ANN__SCAN_MORE:
		if (!r->eof)
			return ANN_EOF;
		if (r->src_failed)
			return source_broke(r);
		r->rej = p;
		r->rej_len = (size_t)(sc.end - p);
		r->rej_off = r->base + (uint64_t)(p - r->buf);
		r->rej_total = r->rej_len;
		r->pos = r->len;
		r->recno++;
		r->state = FINISHED;
		return set_error(r, ANN_FAILED, r->base + r->len,
		    "unexpected end of input inside a record (truncated?)");
	default:
		return bad_json(r, p, &sc);
	}
}

/*
 * The page object being read cannot be unwrapped (r->err says why): skip
 * it, whole when its member has not been reached, else the rest of it
 * from p.
 */
static ann_status
bad_page(ann__split *r, const char *p)
{
	if (!r->envelope_found)
		return skip_from(r, r->buf + (r->env_start - r->base), 0, TOP);
	return skip_from(r, p, 1, TOP);
}

/* One envelope member at p ('"' expected). */
static ann_status
take_member(ann__split *r, const char *p)
{
	ann__scan sc = { .end = r->buf + r->len };
	const char *q, *after;
	ann__scan_result res;
	ann_json_val key;

	if (*p != '"') {
		set_error(r, ANN_FAILED, r->base + (uint64_t)(p - r->buf),
		    "invalid JSON: expected a member name in the page object");
		return bad_page(r, p);
	}
	res = ann__json_scan(p, &sc, &q);
	if (res == ANN__SCAN_OK) {
		key.p = p;
		key.n = (size_t)(q - p);
		while (ann__json_is_ws((unsigned char)*q))
			q++;
		if (*q != ':') {
			res = q >= sc.end ? ANN__SCAN_MORE : ANN__SCAN_BAD;
			sc.errp = q;
			sc.errmsg = NULL;
		} else {
			q++;
			while (ann__json_is_ws((unsigned char)*q))
				q++;
			if (q >= sc.end)
				res = ANN__SCAN_MORE;
		}
	}
	if (res == ANN__SCAN_OK && ann_json_str_eq(key, r->opts.unwrap)) {
		if (*q != '[') {
			set_error(r, ANN_FAILED, r->base + (uint64_t)(q - r->buf),
			    "member \"%s\" of the page object is not an array "
			    "of records", r->opts.unwrap);
			return bad_page(r, p);
		}
		r->pos = (size_t)(q + 1 - r->buf);
		r->state = ARRAY_FIRST;
		r->array_in_envelope = 1;
		r->envelope_found = 1;
		return ANN_OK;
	}
	if (res == ANN__SCAN_OK)
		res = ann__json_scan(q, &sc, &after);
	if (res == ANN__SCAN_MORE)
		return r->eof ? set_error(r, ANN_FATAL, r->base + r->len,
		    "unexpected end of input inside a page object") : ANN_EOF;
	if (res == ANN__SCAN_BAD) {
		set_error(r, ANN_FAILED, r->base + (uint64_t)(sc.errp - r->buf),
		    "invalid JSON in page object: %s",
		    sc.errmsg ? sc.errmsg : "expected ':'");
		return bad_page(r, p);
	}
	r->pos = (size_t)(after - r->buf);
	r->state = ENV_NEXT;
	return ANN_OK;
}

/* A page object ends at p without the member to unwrap: reject it. */
static ann_status
empty_page(ann__split *r, const char *p)
{
	const char *start = r->buf + (r->env_start - r->base);

	set_error(r, ANN_FAILED, r->env_start,
	    "page object has no member \"%s\" to unwrap", r->opts.unwrap);
	r->rej = start;
	r->rej_len = (size_t)(p + 1 - start);
	r->rej_off = r->env_start;
	r->rej_total = r->rej_len;
	r->pos = (size_t)(p + 1 - r->buf);
	r->state = TOP;
	r->err_rec = ++r->recno;
	return ANN_FAILED;
}

/* Something other than a record where one was due, at p: skip it. */
static ann_status
unexpected(ann__split *r, const char *p, const char *what)
{
	char b[32];

	ann__json_describe_byte(p, b, sizeof b);
	set_error(r, ANN_FAILED, r->base + (uint64_t)(p - r->buf),
	    "%s, found %s", what, b);
	return skip_from(r, p, 0, after_bad(r));
}

/*
 * A ',' or ']' where an element was due ("[,", ",,", ",]"): wrong, but no
 * record is in it, so none is rejected.
 */
static ann_status
missing_element(ann__split *r, const char *p)
{
	set_error(r, ANN_FAILED, r->base + (uint64_t)(p - r->buf), *p == ']' ?
	    "invalid JSON: expected a value (trailing comma?)" :
	    "invalid JSON: expected a value: ','");
	r->err_rec = r->recno + 1;
	r->rej = NULL;
	r->rej_len = 0;
	r->rej_off = r->base + (uint64_t)(p - r->buf);
	r->rej_total = 0;
	if (*p == ',')
		r->pos++;
	r->state = *p == ',' ? ARRAY_ELEM : ARRAY_NEXT;
	return ANN_FAILED;
}

/* The step cannot go on in the buffer as it is (FULL): past max_record. */
static ann_status
step_too_long(ann__split *r)
{
	if (r->state == TOP || in_array(r->state))
		return too_long(r, r->buf + r->pos);
	r->state = FINISHED;
	return set_error(r, ANN_FATAL, r->base + r->pos,
	    "page object longer than %zu bytes (see --max-record)",
	    r->opts.max_record);
}

ann_status
ann__split_next(ann__split *r, ann_record *rec)
{
	ann_status st;
	int k;

	if (r->src == NULL || r->state == FINISHED)
		return ANN_EOF;
	for (;;) {
		if (r->state == SKIP)
			return skip_step(r);
		const char *p = r->buf + r->pos;
		while (ann__json_is_ws((unsigned char)*p))
			p++;
		r->pos = (size_t)(p - r->buf);
		if (r->pos == r->len || (r->base + r->pos == 0 &&
		    (unsigned char)*p == 0xEF && r->len < 3)) {
			k = refill(r, keep_point(r));
			if (k == FULL)
				return step_too_long(r);
			if (k < 0)
				return ANN_FATAL;
			if (k > 0)
				continue;
			if (r->pos < r->len) {	/* a lone 0xEF; refill may have moved buf */
				p = r->buf + r->pos;
				goto step;
			}
			if (r->src_failed)
				return source_broke(r);
			r->state = r->state == TOP ? FINISHED : r->state;
			if (r->state == FINISHED)
				return ANN_EOF;
			r->state = FINISHED;
			return set_error(r, ANN_FATAL, r->base + r->len, r->opts.unwrap ?
			    "unexpected end of input: an array or page object is not closed" :
			    "unexpected end of input: the array is not closed (missing ']')");
		}
		if (r->base + r->pos == 0 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
			r->pos += 3;	/* a UTF-8 byte order mark */
			continue;
		}
step:
		switch (r->state) {
		case TOP:
			if (*p == '[') {
				r->pos++;
				r->state = ARRAY_FIRST;
				continue;
			}
			if (*p == '{' && r->opts.unwrap != NULL) {
				r->env_start = r->base + r->pos;
				r->pos++;
				r->state = ENV_FIRST;
				r->envelope_found = 0;
				continue;
			}
			if (*p == '{')
				st = take_record(r, p, rec);
			else if ((unsigned char)*p == 0xEF)
				st = unexpected(r, p, "byte order mark in the middle of the input");
			else
				st = unexpected(r, p, "expected a record ('{' or '[')");
			break;
		case ARRAY_FIRST:
			if (*p == ']') {
				r->pos++;
				close_array(r);
				continue;
			}
			/* FALLTHROUGH */
		case ARRAY_ELEM:
			if (*p == ',' || *p == ']')
				return missing_element(r, p);
			r->state = ARRAY_ELEM;
			st = take_record(r, p, rec);
			break;
		case ARRAY_NEXT:
			if (*p == ',') {
				r->pos++;
				r->state = ARRAY_ELEM;
				continue;
			}
			if (*p == ']') {
				r->pos++;
				close_array(r);
				continue;
			}
			st = unexpected(r, p, "expected ',' or ']' after a record");
			break;
		case ENV_FIRST:
		case ENV_NEXT:
			if (*p == '}') {
				if (!r->envelope_found)
					return empty_page(r, p);
				r->pos++;
				r->state = TOP;
				continue;
			}
			if (r->state == ENV_NEXT) {
				if (*p != ',') {
					set_error(r, ANN_FAILED, r->base + r->pos,
					    "invalid JSON: expected ',' or '}' in page object");
					return bad_page(r, p);
				}
				r->pos++;
				r->state = ENV_MEMBER;
				continue;
			}
			/* FALLTHROUGH */
		case ENV_MEMBER:
			st = take_member(r, p);
			if (st == ANN_OK)
				continue;
			break;
		default:
			return ANN_EOF;
		}
		if (st != ANN_EOF)
			return st;
		/* The step needs more data: keep it from its start and retry. */
		/* Nothing added means the input ended: the step then says why. */
		k = refill(r, keep_point(r));
		if (k == FULL)
			return step_too_long(r);
		if (k < 0)
			return ANN_FATAL;
	}
}
void
ann__split_rejected(const ann__split *r, const char **data, size_t *len)
{
	*data = r->rej;
	*len = r->rej_len;
}

void
ann__split_rejected_span(const ann__split *r, uint64_t *offset,
    uint64_t *length)
{
	*offset = r->rej_off;
	*length = r->rej_total;
}

void
ann__split_close(ann__split *r)
{
	if (r == NULL)
		return;
	ann__source_close(r->src);
	r->src = NULL;
	free(r->buf);
	r->buf = NULL;
	r->cap = r->len = r->pos = 0;
	r->base = r->recno = r->col0 = 0;
	r->eof = 0;
	r->src_failed = 0;
	r->state = TOP;
	r->array_in_envelope = 0;
	r->rej = NULL;
	r->rej_len = 0;
	r->rej_off = r->rej_total = 0;
}

void
ann__split_free(ann__split *r)
{
	ann__split_close(r);
	free(r->ends);
	free(r);
}

const char *
ann__split_errmsg(const ann__split *r)
{
	return r->err;
}

void
ann__split_errpos(const ann__split *r, uint64_t *record, uint64_t *offset)
{
	*record = r->err_rec;
	*offset = r->err_off;
}

uint64_t
ann__split_bytes(const ann__split *r)
{
	return r->base + r->pos;
}
