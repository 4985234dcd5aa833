/*
 * conll_tokens.c: the tokenizer of ann-toconll, on code points, as
 * ann-toconll(1) documents it (TOKENS).
 *
 * Every code point is white space, punctuation or a word character:
 *   - white space: U+0000-U+0020, U+007F-U+00A0, U+1680, U+2000-U+200A,
 *     U+2028, U+2029, U+202F, U+205F, U+3000 and U+FEFF;
 *   - punctuation: ASCII punctuation but `_`, and the punctuation and
 *     symbol blocks listed in punct() below (Latin-1, General Punctuation,
 *     currency, arrows to dingbats, CJK and full-width punctuation, emoji);
 *   - anything else (letters and digits of any script, `_`) is a word
 *     character.
 * A token is a run of word characters, or one punctuation character.
 * Punctuation that sits inside a word stays in it: `.` `-` `'` U+2010 and
 * U+2019 between two word characters (U.S, e.g, state-of-the-art, don't),
 * `,` and `:` between two ASCII digits (1,000 and 12:30).  Combining marks,
 * variation selectors, emoji modifiers and the zero-width (non-)joiner
 * stay with the code point before them, and a code point after a
 * zero-width joiner with them.  Scripts written without spaces (Chinese,
 * Japanese, Thai) are not split into words.
 */
#include <stddef.h>
#include <stdint.h>

#include "ann_core.h"
#include "ann_conll.h"
#include "util_private.h"

enum { SPACE, PUNCT, WORD };

static int
space(uint32_t c)
{
	return c <= 0x20 || (c >= 0x7f && c <= 0xa0) || c == 0x1680 ||
	    (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
	    c == 0x202f || c == 0x205f || c == 0x3000 || c == 0xfeff;
}

static int
punct(uint32_t c)
{
	if (c < 0x80)
		return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') ||
		    (c >= '[' && c <= '`' && c != '_') || (c >= '{' && c <= '~');
	if (c <= 0xff)	/* Latin-1, less its letters and digits (ª ² ³ µ ¹ º ¼-¾) */
		return (c >= 0xa1 && c <= 0xbf && c != 0xaa && c != 0xb2 &&
		    c != 0xb3 && c != 0xb5 && c != 0xb9 && c != 0xba &&
		    (c < 0xbc || c > 0xbe)) || c == 0xd7 || c == 0xf7;
	return (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205e) ||
	    (c >= 0x20a0 && c <= 0x20cf) || (c >= 0x2190 && c <= 0x2bff) ||
	    (c >= 0x2e00 && c <= 0x2e7f) || (c >= 0x3001 && c <= 0x3003) ||
	    (c >= 0x3008 && c <= 0x3011) || (c >= 0x3014 && c <= 0x301f) ||
	    c == 0x30fb || (c >= 0xfe10 && c <= 0xfe19) ||
	    (c >= 0xfe30 && c <= 0xfe6b) || (c >= 0xff01 && c <= 0xff0f) ||
	    (c >= 0xff1a && c <= 0xff20) || (c >= 0xff3b && c <= 0xff40) ||
	    (c >= 0xff5b && c <= 0xff65) || (c >= 0x1f000 && c <= 0x1faff &&
	    (c < 0x1f3fb || c > 0x1f3ff));
}

/* Code points that belong to the one before them. */
static int
combining(uint32_t c)
{
	return (c >= 0x300 && c <= 0x36f) || (c >= 0x1ab0 && c <= 0x1aff) ||
	    (c >= 0x1dc0 && c <= 0x1dff) || (c >= 0x20d0 && c <= 0x20ff) ||
	    (c >= 0xfe00 && c <= 0xfe0f) || (c >= 0xfe20 && c <= 0xfe2f) ||
	    c == 0x200c || c == 0x200d || (c >= 0x1f3fb && c <= 0x1f3ff) ||
	    (c >= 0xe0020 && c <= 0xe007f) || (c >= 0xe0100 && c <= 0xe01ef);
}

static int
class_of(uint32_t c)
{
	return space(c) ? SPACE : punct(c) ? PUNCT : WORD;
}

static int
digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* The class of cp[i] in its place: punctuation inside a word is word. */
static int
class_at(const uint32_t *cp, size_t n, size_t i)
{
	uint32_t c = cp[i];
	int k = class_of(c);

	if (k != PUNCT || i == 0 || i + 1 >= n)
		return k;
	if (c == '.' || c == '-' || c == '\'' || c == 0x2010 || c == 0x2019)
		return class_of(cp[i - 1]) == WORD && class_of(cp[i + 1]) == WORD ?
		    WORD : PUNCT;
	if (c == ',' || c == ':')
		return digit(cp[i - 1]) && digit(cp[i + 1]) ? WORD : PUNCT;
	return PUNCT;
}

long
ann_tokenize(const uint32_t *cp, size_t n, const size_t *cuts, size_t ncuts,
    ann_token **tokens, size_t *cap)
{
	size_t nt = 0, start = 0, cut = 0;
	int open = SPACE;	/* the open token's class; SPACE: none open */
	int glue = 0;		/* the code point before was a zero-width joiner */

#define CLOSE(at) do { \
	if (open != SPACE) { \
		if (ann__grow((void **)tokens, cap, nt + 1, sizeof **tokens) != 0) \
			return -1; \
		(*tokens)[nt].start = start; \
		(*tokens)[nt++].end = (at); \
		open = SPACE; \
	} } while (0)

	for (size_t i = 0; i < n; i++) {
		int k = class_at(cp, n, i);
		while (cut < ncuts && cuts[cut] < i)
			cut++;
		if (cut < ncuts && cuts[cut] == i) {
			CLOSE(i);	/* a span starts or ends here */
			glue = 0;
		}
		if (k != SPACE && open != SPACE && (glue || combining(cp[i]))) {
			glue = cp[i] == 0x200d;
			continue;
		}
		glue = 0;
		if (k == WORD && open == WORD)
			continue;
		CLOSE(i);
		if (k != SPACE) {
			open = k;
			start = i;
			glue = cp[i] == 0x200d;
		}
	}
	CLOSE(n);
#undef CLOSE
	return (long)nt;
}
