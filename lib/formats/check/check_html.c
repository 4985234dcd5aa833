/*
 * check_html.c: the text nodes of a HyperText's HTML, by the XPath Label
 * Studio writes for a span's ends ("/div[1]/p[2]/text()[1]", from the
 * tag's own root), and each one's length: what a span's startOffset and
 * endOffset are measured in.
 *
 * The HTML is read once a task into a table of nodes, each keyed by its
 * parent, its name and its place among the siblings of that name, so an
 * end is found in a look-up a step however many spans there are.  The
 * reading follows the browser where it matters for those places: void
 * elements hold nothing, text is split by elements and comments, script
 * and style hold raw text, a new p, li, dt, dd, tr, td, th or option
 * closes the one open before it, a tr straight in a table goes in a
 * tbody, and html, head and body add no step (the tag sets the HTML into
 * an element of its own).  What it does not follow (the rest of the
 * parser's repairs), a path may not be found in: then nothing is said.
 *
 * It calls no other file of the checker.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ann_core.h"
#include "check_private.h"
#include "util_private.h"

#define NONE UINT32_MAX
/* Open elements deeper than this are not indexed: no path reaches them. */
#define DEPTH_MAX 256

struct node {
	uint32_t parent;
	uint32_t name, nlen;	/* in names; "text()" for a text node */
	uint32_t index;		/* 1-based among its parent's of that name;
				   0 for a counter of those */
	uint32_t value;		/* a counter's count; else unused */
	size_t cps;		/* a text node's length in code points */
};

struct ann__check_html {
	struct node *nodes;
	size_t nnodes, capnodes;
	char *names;		/* every name, lower case, one after another */
	size_t nnames, capnames;
	uint32_t *slots;	/* open addressing: a node, or NONE */
	size_t mask;
};

static uint64_t
key_hash(uint32_t parent, const char *name, size_t nlen, uint32_t index)
{
	uint64_t x = ann_hash(name, nlen);

	x ^= ((uint64_t)parent << 32 | index) * UINT64_C(0x9E3779B97F4A7C15);
	return x ^ x >> 31;
}

/* The node keyed so, or NONE. */
static uint32_t
find(const ann__check_html *h, uint32_t parent, const char *name, size_t nlen,
    uint32_t index)
{
	if (h->slots == NULL)
		return NONE;
	for (size_t i = key_hash(parent, name, nlen, index) & h->mask;;
	    i = (i + 1) & h->mask) {
		uint32_t id = h->slots[i];
		if (id == NONE)
			return NONE;
		const struct node *d = &h->nodes[id];
		if (d->parent == parent && d->index == index && d->nlen == nlen &&
		    memcmp(h->names + d->name, name, nlen) == 0)
			return id;
	}
}

static void
place(ann__check_html *h, uint32_t id)
{
	const struct node *d = &h->nodes[id];
	size_t i = key_hash(d->parent, h->names + d->name, d->nlen, d->index) &
	    h->mask;

	while (h->slots[i] != NONE)
		i = (i + 1) & h->mask;
	h->slots[i] = id;
}

/* Room for one more node in the table: 0, or -1. */
static int
room(ann__check_html *h)
{
	if (ann__grow((void **)&h->nodes, &h->capnodes, h->nnodes + 1,
	    sizeof *h->nodes) != 0)
		return -1;
	if (h->slots != NULL && 2 * (h->nnodes + 1) <= h->mask + 1)
		return 0;
	size_t cap = h->slots != NULL ? 2 * (h->mask + 1) : 64;
	uint32_t *s = malloc(cap * sizeof *s);
	if (s == NULL)
		return -1;
	for (size_t i = 0; i < cap; i++)
		s[i] = NONE;
	free(h->slots);
	h->slots = s;
	h->mask = cap - 1;
	for (uint32_t id = 0; id < h->nnodes; id++)
		place(h, id);
	return 0;
}

/*
 * Add a node named name under parent, after the others of that name: its
 * id, or NONE when out of memory.  The count of those is a node of its
 * own, index 0.
 */
static uint32_t
add(ann__check_html *h, uint32_t parent, const char *name, size_t nlen,
    size_t cps)
{
	if (h->nnodes >= NONE - 2)
		return NONE;
	uint32_t counter = find(h, parent, name, nlen, 0), id;
	if (counter == NONE) {
		if (ann__grow((void **)&h->names, &h->capnames, h->nnames + nlen + 1,
		    1) != 0 || room(h) != 0)
			return NONE;
		memcpy(h->names + h->nnames, name, nlen);
		counter = (uint32_t)h->nnodes++;
		h->nodes[counter] = (struct node){ parent, (uint32_t)h->nnames,
		    (uint32_t)nlen, 0, 0, 0 };
		h->nnames += nlen;
		place(h, counter);
	}
	if (room(h) != 0)
		return NONE;
	struct node *c = &h->nodes[counter];
	id = (uint32_t)h->nnodes++;
	h->nodes[id] = (struct node){ parent, c->name, c->nlen, ++c->value, 0, cps };
	place(h, id);
	return id;
}

static int
is_name(const char *name, size_t n, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strlen(*list) == n && memcmp(*list, name, n) == 0)
			return 1;
	return 0;
}

/* Elements that hold nothing and have no end tag. */
static const char *const voids[] = {
	"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
	"meta", "param", "source", "track", "wbr", NULL
};
/* Start tags that close an open p. */
static const char *const closes_p[] = {
	"address", "article", "aside", "blockquote", "div", "dl", "fieldset",
	"footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
	"main", "nav", "ol", "p", "pre", "section", "table", "ul", NULL
};

/* The characters of text s[0..n), an entity (&amp; &#38;) as one. */
static size_t
text_cps(const char *s, size_t n)
{
	size_t cps = 0;

	for (size_t i = 0; i < n; i++) {
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue;
		cps++;
		if (s[i] != '&')
			continue;
		size_t j = i + 1;
		while (j < n && j - i < 40 && (isalnum((unsigned char)s[j]) || s[j] == '#'))
			j++;
		if (j < n && s[j] == ';' && j > i + 1)
			i = j;
	}
	return cps;
}

struct reader {
	ann__check_html *h;
	uint32_t open[DEPTH_MAX];	/* the open elements, the root first */
	char tag[DEPTH_MAX][16];	/* their names, cut, for closing */
	size_t depth;
};

/* Open an element: 1, 0 when too deep to hold open, -1 out of memory. */
static int
push(struct reader *r, const char *name, size_t nlen)
{
	uint32_t id = add(r->h, r->open[r->depth - 1], name, nlen, 0);

	if (id == NONE)
		return -1;
	if (r->depth >= DEPTH_MAX)
		return 0;
	size_t c = nlen < sizeof r->tag[0] - 1 ? nlen : sizeof r->tag[0] - 1;
	memcpy(r->tag[r->depth], name, c);
	r->tag[r->depth][c] = '\0';
	r->open[r->depth++] = id;
	return 1;
}

static int
current_is(const struct reader *r, const char *name)
{
	return r->depth > 1 && strcmp(r->tag[r->depth - 1], name) == 0;
}

/* Close the innermost open element named name, and all inside it. */
static void
close_tag(struct reader *r, const char *name)
{
	for (size_t d = r->depth; d-- > 1;)
		if (strcmp(r->tag[d], name) == 0) {
			r->depth = d;
			return;
		}
}

static int
text(struct reader *r, const char *s, size_t n)
{
	if (n == 0)
		return 0;
	return add(r->h, r->open[r->depth - 1], "text()", 6, text_cps(s, n)) ==
	    NONE ? -1 : 0;
}

/* A case-insensitive search for "</name" in s[0..n): its offset, or n. */
static size_t
find_end_tag(const char *s, size_t n, const char *name)
{
	size_t l = strlen(name);

	for (size_t i = 0; i + 2 + l <= n; i++)
		if (s[i] == '<' && s[i + 1] == '/' && strncasecmp(s + i + 2, name, l) == 0)
			return i;
	return n;
}

int
ann__check_html_index(ann__check_html **out, const char *s, size_t n)
{
	ann__check_html *h = *out;
	struct reader r;
	size_t i = 0, run = 0;
	char name[16];

	if (h == NULL && (h = *out = calloc(1, sizeof *h)) == NULL)
		return -1;
	h->nnodes = h->nnames = 0;
	if (h->slots != NULL)
		for (size_t j = 0; j <= h->mask; j++)
			h->slots[j] = NONE;
	r.h = h;
	/* Node 0, the tag's own root: under none, never looked up. */
	if (room(h) != 0)
		return -1;
	h->nodes[h->nnodes++] = (struct node){ NONE, 0, 0, 1, 0, 0 };
	r.open[0] = 0;
	r.tag[0][0] = '\0';
	r.depth = 1;
	while (i < n) {
		if (s[i] != '<' || i + 1 >= n || !(isalpha((unsigned char)s[i + 1]) ||
		    s[i + 1] == '/' || s[i + 1] == '!' || s[i + 1] == '?')) {
			i++;
			continue;
		}
		if (text(&r, s + run, i - run) != 0)
			return -1;
		if (s[i + 1] == '!' && i + 3 < n && s[i + 2] == '-' && s[i + 3] == '-') {
			size_t j = i + 4;
			while (j + 2 < n && !(s[j] == '-' && s[j + 1] == '-' && s[j + 2] == '>'))
				j++;
			i = run = j + 2 < n ? j + 3 : n;
			continue;
		}
		int end = s[i + 1] == '/';
		size_t j = i + 1 + (size_t)end, l = 0;
		while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '-' || s[j] == ':')) {
			if (l < sizeof name - 1)
				name[l++] = (char)tolower((unsigned char)s[j]);
			j++;
		}
		name[l] = '\0';
		/* Past the attributes, minding their quotes. */
		char q = 0;
		for (; j < n && (q != 0 || s[j] != '>'); j++)
			if (q == 0 && (s[j] == '"' || s[j] == '\''))
				q = s[j];
			else if (s[j] == q)
				q = 0;
		i = run = j < n ? j + 1 : n;
		if (l == 0 || strcmp(name, "html") == 0 || strcmp(name, "head") == 0 ||
		    strcmp(name, "body") == 0)
			continue;	/* <!doctype>, <?...>, and the steps the tag drops */
		if (end) {
			close_tag(&r, name);
			continue;
		}
		if (is_name(name, l, closes_p) && current_is(&r, "p"))
			close_tag(&r, "p");
		if ((strcmp(name, "li") == 0 && current_is(&r, "li")) ||
		    ((strcmp(name, "dt") == 0 || strcmp(name, "dd") == 0) &&
		    (current_is(&r, "dt") || current_is(&r, "dd"))) ||
		    (strcmp(name, "option") == 0 && current_is(&r, "option")))
			r.depth--;
		if (strcmp(name, "tr") == 0 && (current_is(&r, "td") || current_is(&r, "th")))
			r.depth--;
		if ((strcmp(name, "td") == 0 || strcmp(name, "th") == 0) &&
		    (current_is(&r, "td") || current_is(&r, "th")))
			r.depth--;
		if (strcmp(name, "tr") == 0 && current_is(&r, "tr"))
			r.depth--;
		if (strcmp(name, "tr") == 0 && current_is(&r, "table") &&
		    push(&r, "tbody", 5) < 0)
			return -1;
		int opened = push(&r, name, l);
		if (opened < 0)
			return -1;
		if (is_name(name, l, voids)) {
			r.depth -= (size_t)opened;
			continue;
		}
		if (strcmp(name, "script") == 0 || strcmp(name, "style") == 0 ||
		    strcmp(name, "textarea") == 0 || strcmp(name, "title") == 0) {
			size_t e = i + find_end_tag(s + i, n - i, name);
			if (text(&r, s + i, e - i) != 0)
				return -1;
			i = run = e;
		}
	}
	return text(&r, s + run, n - run);
}

int
ann__check_html_text(const ann__check_html *h, const char *xpath, size_t n,
    size_t *cps)
{
	uint32_t at = 0;
	size_t i = 0;

	if (h == NULL || n == 0 || xpath[0] != '/')
		return -1;
	while (i < n) {
		char name[16];
		size_t l = 0;
		uint32_t index = 1;
		if (xpath[i++] != '/')
			return -1;
		while (i < n && xpath[i] != '[' && xpath[i] != '/') {
			if (l >= sizeof name - 1)
				return -1;
			name[l++] = (char)tolower((unsigned char)xpath[i++]);
		}
		if (i < n && xpath[i] == '[') {
			uint64_t v = 0;
			for (i++; i < n && xpath[i] >= '0' && xpath[i] <= '9' && v < NONE; i++)
				v = v * 10 + (uint64_t)(xpath[i] - '0');
			if (i >= n || xpath[i] != ']' || v == 0 || v >= NONE)
				return -1;
			index = (uint32_t)v;
			i++;
		}
		if (l == 0)
			return -1;
		if ((at = find(h, at, name, l, index)) == NONE)
			return -1;
	}
	if (h->nodes[at].nlen != 6 || memcmp(h->names + h->nodes[at].name, "text()", 6) != 0)
		return -1;	/* an element: its offsets count nodes, not characters */
	*cps = h->nodes[at].cps;
	return 0;
}

void
ann__check_html_free(ann__check_html *h)
{
	if (h == NULL)
		return;
	free(h->nodes);
	free(h->names);
	free(h->slots);
	free(h);
}
