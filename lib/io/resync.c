/*
 * resync.c: find where a bad value ends, so that reading can go on after
 * it without ever taking a piece of it for a record.
 *
 * The value is invalid JSON, so it cannot be parsed; it is followed by
 * counting brackets, with strings respected, until the bracket that opened
 * it is closed.  Two things keep a damaged value from swallowing the good
 * ones after it:
 *
 *  - a raw line break ends a string (JSON allows none inside one), so an
 *    unterminated string stops at the end of its line;
 *  - a line whose first byte is '{' or '[' in the column where the bad
 *    value began starts the next value: the bad one was cut short on the
 *    lines before.  That is how NDJSON lines and the elements of a
 *    pretty-printed array (Label Studio's export) are laid out, while
 *    anything nested inside an element is indented further.
 *
 * A value that does not open with a bracket (a stray token) ends at the
 * end of its line at the top level, or at the ',' or ']' that follows it
 * in an array.
 *
 * The scan is resumable: the state carries over from one piece of input to
 * the next, so a value longer than the read buffer is followed without
 * being kept.
 */
#include "ann_core.h"
#include "reader_private.h"

void
ann__skip_begin(ann__skip *s, int open, int depth, int in_array, long col)
{
	s->depth = (uint64_t)depth;
	s->open = open;
	s->in_array = in_array;
	s->col = col;
	s->cur_col = col;
	s->in_string = s->escaped = 0;
	s->line_start = 0;
	s->new_line = 0;
	s->blanks = 0;
	s->cut = 0;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

const char *
ann__skip_scan(ann__skip *s, const char *p, const char *end,
    const char **resume)
{
	for (; p < end; p++) {
		char c = *p;

		if (s->in_string) {
			s->blanks = 0;
			s->cur_col++;
			if (s->escaped)
				s->escaped = 0;
			else if (c == '\\')
				s->escaped = 1;
			else if (c == '"')
				s->in_string = 0;
			else if (c == '\n') {
				s->in_string = 0;
				goto line_break;
			}
			continue;
		}
		if (c == '\n') {
			if (s->depth == 0 && s->open == 0 && !s->in_array) {
				*resume = p;
				return p - s->blanks;
			}
line_break:
			s->blanks++;
			s->line_start = 1;
			s->new_line = 1;
			s->cur_col = 0;
			continue;
		}
		if (is_blank(c)) {
			s->blanks++;
			s->cur_col++;
			continue;
		}
		if (s->line_start && s->new_line && (c == '{' || c == '[') &&
		    s->cur_col == s->col && (s->depth > 0 || s->open == 0)) {
			s->cut = 1;
			*resume = p;	/* the next value begins here */
			return p - s->blanks;
		}
		s->line_start = 0;
		s->cur_col++;
		switch (c) {
		case '"':
			s->in_string = 1;
			break;
		case '{':
		case '[':
			s->depth++;
			break;
		case '}':
		case ']':
			if (s->depth == 0 && s->open == 0 && s->in_array &&
			    c == ']') {
				*resume = p;	/* the array's own end */
				return p - s->blanks;
			}
			if (s->depth > 0 && --s->depth == 0 && s->open != 0) {
				*resume = p + 1;
				return p + 1;
			}
			break;
		case ',':
			if (s->depth == 0 && s->open == 0 && s->in_array) {
				*resume = p;
				return p - s->blanks;
			}
			break;
		default:
			break;
		}
		s->blanks = 0;
	}
	return NULL;
}
