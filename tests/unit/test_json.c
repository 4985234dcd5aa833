/*
 * test_json.c: the JSON reader and writer: what is accepted and rejected,
 * where errors point, lookup, iteration, decoding, minifying, escaping.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann.h"
#include "check.h"

static int
parses(const char *text)
{
	return ann_json_parse(text, strlen(text), NULL, NULL, NULL) == 0;
}

static void
test_accept_reject(void)
{
	static const char *good[] = {
		"{}", "[]", "0", "-0", "1.5e+10", "-12.25E-3", "\"\"", "true",
		"false", "null", " \t\r\n{ \"a\" : [ 1 , 2 ] } \n",
		"\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\u00e9\\u4e2d\"",
		"\"\\ud83d\\ude00\"", "\"caf\xc3\xa9 \xe6\x9d\xb1 \xf0\x9f\x98\x80\"",
		"{\"a\":1,\"a\":2}", "[[[[[]]]]]", "123456789012345678901234567890",
	};
	static const struct { const char *text, *why; } bad[] = {
		{ "", "empty" }, { "{", "unclosed object" }, { "[1,]", "trailing comma" },
		{ "{\"a\":1,}", "trailing comma in object" }, { "[01]", "leading zero" },
		{ "[1.]", "no fraction digits" }, { "[.5]", "no integer part" },
		{ "[1e]", "empty exponent" }, { "[+1]", "plus sign" },
		{ "[NaN]", "NaN" }, { "[Infinity]", "Infinity" }, { "[tru]", "bad literal" },
		{ "\"\\x\"", "bad escape" }, { "\"\\u12\"", "short \\u" },
		{ "\"\\ud800\"", "lone high surrogate" }, { "\"\\udc00\"", "lone low surrogate" },
		{ "\"\\ud800\\u0041\"", "high surrogate then non-surrogate" },
		{ "\"\xc0\xaf\"", "overlong UTF-8" }, { "\"\xed\xa0\x80\"", "UTF-8 surrogate" },
		{ "\"\xf4\x90\x80\x80\"", "above U+10FFFF" }, { "\"\xff\"", "byte 0xFF" },
		{ "\"\x01\"", "raw control character" }, { "\"a\nb\"", "raw newline" },
		{ "{'a':1}", "single quotes" }, { "{a:1}", "unquoted key" },
		{ "[1 2]", "missing comma" }, { "{\"a\" 1}", "missing colon" },
		{ "[1]x", "trailing garbage" }, { "\xef\xbb\xbf{}", "byte order mark" },
		{ "/* c */ {}", "comment" }, { "]", "lone ]" },
	};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		CHECK(parses(good[i]), "accepts %s", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		CHECK(!parses(bad[i].text), "rejects %s", bad[i].why);

	char nul[] = "[\"a\0b\"]";
	CHECK(ann_json_parse(nul, sizeof nul - 1, NULL, NULL, NULL) != 0,
	    "rejects a NUL byte inside a string");
}

/*
 * Strings of every length up to 200 parse.  ann_json_parse once left the
 * scanner's look-ahead cache uninitialized and refused some of them,
 * depending on what the stack held (the view fuzz corpus replays the input
 * that showed it).
 */
static void
test_string_lengths(void)
{
	char text[256];
	int bad = 0;

	for (int len = 0; len <= 200; len++) {
		text[0] = '"';
		for (int i = 0; i < len; i++)
			text[1 + i] = "abc/defg_0123.jpg"[i % 17];
		text[1 + len] = '"';
		if (ann_json_parse(text, (size_t)len + 2, NULL, NULL, NULL) != 0)
			bad++;
	}
	CHECK(bad == 0, "strings of 0 to 200 bytes all parse (%d failed)", bad);
}

/* Names compare by their decoded text, whatever the escapes. */
static void
test_escaped_names(void)
{
	ann_json_val root, v;
	const char *t = "{\"a\\\\b\": 1, \"c\\bd\": 2, \"e\\u0066\": 3}";

	CHECK(ann_json_parse(t, strlen(t), &root, NULL, NULL) == 0, "escaped names parse");
	CHECK(ann_json_get(root, "a\\b", &v) == 0 && v.p[0] == '1',
	    "\"a\\\\b\" is the name a, backslash, b");
	CHECK(ann_json_get(root, "c\\bd", &v) != 0,
	    "\"c\\bd\" (a backspace) is not the name c, backslash, b, d");
	CHECK(ann_json_get(root, "ef", &v) == 0 && v.p[0] == '3', "\"e\\u0066\" is ef");

	/* The same through getn, whose names may hold backslashes too. */
	static const char *const names[] = { "a\\b", "c\\bd", "ef" };
	ann_json_val m[3];
	size_t n = ann_json_getn(root, names, 3, m);
	CHECK(n == 2 && m[0].p != NULL && m[0].p[0] == '1' && m[1].p == NULL &&
	    m[2].p != NULL && m[2].p[0] == '3',
	    "getn: a, backslash, b found; c, backslash, b, d not; ef found (%zu)", n);
}

/* Several names at once: escapes, shared first bytes, duplicates, absences. */
static void
test_getn(void)
{
	ann_json_val root, out[6];
	const char *t = "{\"feature_schema_id\":1,\"\\u0066eature_id\":2,"
	    "\"feature_id\":3,\"name\":4,\"name\":5,\"nam\":6,\"n\\u0061me2\":7}";
	static const char *const keys[] = {
		"feature_id", "feature_schema_id", "name", "name2", "nam", "absent"
	};
	static const char want[] = "21476";

	CHECK(ann_json_parse(t, strlen(t), &root, NULL, NULL) == 0, "getn input parses");
	size_t n = ann_json_getn(root, keys, 6, out);
	int ok = n == 5 && out[5].p == NULL;
	for (int i = 0; i < 5 && ok; i++)
		ok = out[i].p != NULL && out[i].p[0] == want[i];
	CHECK(ok, "getn finds escaped names, the first of duplicates, and not the absent one");

	/* More names than a call keeps lists for: the same answers. */
	const char *many[300];
	ann_json_val mout[300];
	for (int i = 0; i < 300; i++)
		many[i] = i == 7 ? "name" : i == 250 ? "feature_id" : "zz";
	n = ann_json_getn(root, many, 300, mout);
	CHECK(n == 2 && mout[7].p[0] == '4' && mout[250].p[0] == '2' &&
	    mout[0].p == NULL, "getn with 300 names (%zu found)", n);
}

static void
test_depth(void)
{
	size_t n = ANN_JSON_MAX_DEPTH;
	char *deep = malloc(2 * n + 3);
	const char *msg = NULL;
	size_t off = 0;

	memset(deep, '[', n);
	memset(deep + n, ']', n);
	deep[2 * n] = '\0';
	CHECK(parses(deep), "accepts nesting of exactly %zu", n);
	memset(deep, '[', n + 1);
	memset(deep + n + 1, ']', n + 1);
	deep[2 * n + 2] = '\0';
	CHECK(ann_json_parse(deep, 2 * n + 2, NULL, &msg, &off) != 0 &&
	    msg != NULL && strstr(msg, "nesting") != NULL && off == n,
	    "rejects nesting of %zu at byte %zu (got %zu: %s)", n + 1, n, off,
	    msg ? msg : "-");
	free(deep);
}

static void
test_error_offset(void)
{
	const char *msg;
	size_t off;
	const char *t = "{\"a\": [1, 2,, 3]}";

	CHECK(ann_json_parse(t, strlen(t), NULL, &msg, &off) != 0 && off == 12,
	    "error offset points at the second comma (got %zu)", off);
	t = "{\"a\": \"x";
	CHECK(ann_json_parse(t, strlen(t), NULL, &msg, &off) != 0 &&
	    off == strlen(t) && strstr(msg, "end of input") != NULL,
	    "truncation is reported at the end (%s)", msg);
}

static void
test_lookup(void)
{
	const char *t = "{\"id\": 7, \"data_row\": {\"id\": \"ck\\u00e9\"},"
	    " \"a\": [10, {\"b\": [true, null]}], \"k\\\"q\": -2.5e1,"
	    " \"big\": 12345678901234567890}";
	ann_json_val root, v;
	char buf[64];
	double d;
	int64_t i;

	CHECK(ann_json_parse(t, strlen(t), &root, NULL, NULL) == 0, "lookup text parses");
	CHECK(ann_json_get(root, "id", &v) == 0 && ann_json_int64(v, &i) == 0 &&
	    i == 7, "id is 7");
	CHECK(ann_json_path(root, "data_row.id", &v) == 0 &&
	    ann_json_typeof(v) == ANN_JSON_STRING &&
	    ann_json_str_decode(v, buf) == 4 && memcmp(buf, "ck\xc3\xa9", 4) == 0,
	    "data_row.id decodes \\u00e9 to UTF-8");
	CHECK(ann_json_path(root, "a.1.b.0", &v) == 0 &&
	    ann_json_typeof(v) == ANN_JSON_TRUE, "a.1.b.0 is true");
	CHECK(ann_json_path(root, "a.1.b.1", &v) == 0 &&
	    ann_json_typeof(v) == ANN_JSON_NULL, "a.1.b.1 is null");
	CHECK(ann_json_path(root, "a.2", &v) != 0, "a.2 is absent");
	CHECK(ann_json_path(root, "nope.x", &v) != 0, "a missing path is absent");
	CHECK(ann_json_get(root, "k\"q", &v) == 0 && ann_json_number(v, &d) == 0 &&
	    d == -25.0, "an escaped key matches its decoded name");
	CHECK(ann_json_get(root, "big", &v) == 0 && ann_json_int64(v, &i) != 0 &&
	    ann_json_number(v, &d) == 0 && d > 1.2e19,
	    "a number past int64 is a double, not an int64");
	/* Arrays of numbers read as they are passed over. */
	{
		const char *a = "[1, 2.5 ,-3e2,\"x\",[4],12345678901234567890,\n0.1 ,7]";
		double want[] = { 1, 2.5, -300, 0, 0, 12345678901234567890.0, 0.1, 7 };
		int rcs[] = { 1, 1, 1, -1, -1, 1, 1, 1, 0 }, good = 1;
		ann_json_iter it;
		CHECK(ann_json_parse(a, strlen(a), &v, NULL, NULL) == 0, "a mixed array parses");
		ann_json_iter_init(&it, v);
		for (size_t k = 0; k < sizeof rcs / sizeof *rcs; k++) {
			double got = -1;
			int rc = ann_json_next_number(&it, &got);
			good &= rc == rcs[k] && (rc != 1 || got == want[k]);
		}
		CHECK(good, "ann_json_next_number: numbers, then -1 for a string and an array, then 0");
	}
	/* Whole numbers by the digit loop (up to 18 digits) and by strtoll. */
	static const struct { const char *text; int ok; int64_t want; } ints[] = {
		{ "0", 1, 0 }, { "-0", 1, 0 }, { "-7", 1, -7 },
		{ "999999999999999999", 1, 999999999999999999LL },
		{ "-999999999999999999", 1, -999999999999999999LL },
		{ "9223372036854775807", 1, INT64_MAX },
		{ "-9223372036854775808", 1, INT64_MIN },
		{ "9223372036854775808", 0, 0 }, { "-9223372036854775809", 0, 0 },
		{ "1.5", 0, 0 }, { "1e3", 0, 0 }, { "-1.0", 0, 0 }, { "\"12\"", 0, 0 },
		{ "true", 0, 0 }, { "[1]", 0, 0 }
	};
	for (size_t k = 0; k < sizeof ints / sizeof *ints; k++) {
		int64_t got = 12345;
		int rc = ann_json_parse(ints[k].text, strlen(ints[k].text), &v, NULL, NULL);
		CHECK(rc == 0 && (ann_json_int64(v, &got) == 0) == ints[k].ok &&
		    (!ints[k].ok || got == ints[k].want),
		    "ann_json_int64(%s): %s", ints[k].text, ints[k].ok ? "its value" : "not a whole int64");
	}

	ann_json_iter it;
	ann_json_val key, val;
	int members = 0;
	ann_json_iter_init(&it, root);
	while (ann_json_next_member(&it, &key, &val))
		members++;
	CHECK(members == 5, "the object has 5 members (%d)", members);
	ann_json_path(root, "a", &v);
	int elems = 0;
	ann_json_iter_init(&it, v);
	while (ann_json_next_elem(&it, &val))
		elems++;
	CHECK(elems == 2, "the array has 2 elements (%d)", elems);
	ann_json_parse("[ ]", 3, &v, NULL, NULL);
	ann_json_iter_init(&it, v);
	CHECK(!ann_json_next_elem(&it, &val), "an empty array has no elements");
}

static void
test_writers(void)
{
	const char *t = "{\n  \"a\" : [ 1 ,\t2 ],\r\n  \"s\": \"x  y\\\" }\"\n}";
	char out[128];
	size_t n = ann_json_minify(t, strlen(t), out);
	const char *want = "{\"a\":[1,2],\"s\":\"x  y\\\" }\"}";

	CHECK(n == strlen(want) && memcmp(out, want, n) == 0,
	    "minify keeps strings and drops whitespace: %.*s", (int)n, out);
	n = ann_json_escape("a\"b\\c\n\x01\xc3\xa9", 9, out);
	want = "\"a\\\"b\\\\c\\n\\u0001\xc3\xa9\"";
	CHECK(n == strlen(want) && memcmp(out, want, n) == 0,
	    "escape: %.*s", (int)n, out);
	CHECK(parses("\"a\\\"b\\\\c\\n\\u0001\xc3\xa9\""), "escaped output parses");
}

/*
 * Numbers: the same double as strtod, bit for bit, for short decimals
 * (read the fast way) and long ones (read by strtod) alike.
 */
static void
test_numbers(void)
{
	static const char *fixed[] = {
		"0", "-0", "0.1", "0.3", "12.5", "-7", "1e22", "1e23", "123456789012345",
		"1234567890123456", "0.000000000000000000000001", "9007199254740993",
		"2.2250738585072014e-308", "1.7976931348623157e308", "1e-400", "1e400",
		"0e999", "-0.0e-5", "33.300000000000004", "64.44444444444444",
		"0.30000000000000004", "1E+2", "100e-2"
	};
	char text[64];
	unsigned long x = 12345;
	size_t wrong = 0, n = 0;

	for (size_t i = 0; i < sizeof fixed / sizeof *fixed + 200000; i++, n++) {
		if (i < sizeof fixed / sizeof *fixed)
			snprintf(text, sizeof text, "%s", fixed[i]);
		else {
			/* Up to 20 digits, a point somewhere, an exponent now and then. */
			x = x * 6364136223846793005ul + 1442695040888963407ul;
			int nd = 1 + (int)(x >> 59) % 20, dot = (int)(x >> 40) % (nd + 1);
			size_t k = 0;
			if (x & 1)
				text[k++] = '-';
			for (int d = 0; d < nd; d++) {
				x = x * 6364136223846793005ul + 1442695040888963407ul;
				if (d == dot && d > 0)
					text[k++] = '.';
				text[k++] = (char)('0' + (d == 0 && nd > 1 && dot != 1 ?
				    1 + (x >> 33) % 9 : (x >> 33) % 10));
			}
			if (x & 2)
				k += (size_t)snprintf(text + k, sizeof text - k, "e%d",
				    (int)((x >> 20) % 61) - 30);
			text[k] = '\0';
		}
		ann_json_val v;
		double got, want = strtod(text, NULL);
		if (ann_json_parse(text, strlen(text), &v, NULL, NULL) != 0 ||
		    ann_json_number(v, &got) != 0 || memcmp(&got, &want, sizeof got) != 0) {
			if (wrong++ < 5)
				printf("# %s: got %.17g, strtod %.17g\n", text, got, want);
		}
	}
	CHECK(wrong == 0, "%zu numbers read as strtod reads them (%zu differ)", n, wrong);
}

/*
 * base64, as ann-tolabelbox writes a mask's PNG: RFC 4648's test vectors,
 * and every byte value as coreutils' `base64 -w0` writes them.
 */
static void
test_base64(void)
{
	static const char *const rfc[][2] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
	};
	static const char every[] =
	    "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v"
	    "MDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5f"
	    "YGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6P"
	    "kJGSk5SVlpeYmZqbnJ2en6ChoqOkpaanqKmqq6ytrq+wsbKztLW2t7i5uru8vb6/"
	    "wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd3t/g4eLj5OXm5+jp6uvs7e7v"
	    "8PHy8/T19vf4+fr7/P3+/w==";
	unsigned char bytes[256];
	ann_buf b = { 0 };

	for (size_t i = 0; i < sizeof rfc / sizeof rfc[0]; i++) {
		b.len = 0;
		int bad = ann_buf_base64(&b, rfc[i][0], strlen(rfc[i][0]));
		CHECK(!bad && b.len == strlen(rfc[i][1]) &&
		    memcmp(b.len ? b.p : "", rfc[i][1], b.len) == 0,
		    "base64 \"%s\" is \"%s\"", rfc[i][0], rfc[i][1]);
	}
	for (int i = 0; i < 256; i++)
		bytes[i] = (unsigned char)i;
	b.len = 0;
	/* After a prefix: it appends, and ends the text with a NUL. */
	ann_buf_put(&b, "x", 1);
	CHECK(ann_buf_base64(&b, bytes, sizeof bytes) == 0 && b.len == 1 + strlen(every) &&
	    strcmp(b.p + 1, every) == 0, "base64 of the 256 byte values, appended");
	ann_buf_free(&b);
}

/*
 * Skipping a container whose strings hold runs of backslashes, escaped
 * quotes and brackets, at every offset against the 64-byte blocks the
 * skip reads: the member after it is found, with its value.
 */
static void
test_skip_escapes(void)
{
	static const char *const pieces[] = {
		"\\\\", "\\\"", "\\\\\\\"", "]", "}", "{", "[", "a", "\\\\\\\\", "\\n", "\\\\\\\\\\\\"
	};
	unsigned seed = 12345;
	int bad = 0, runs = 0;
	ann_buf b = { 0 };

	for (int pad = 0; pad < 130; pad++) {
		for (int round = 0; round < 8; round++) {
			b.len = 0;
			ann_buf_printf(&b, "{\"pad\":\"%*s\",\"s\":{\"t\":\"", pad, "");
			for (int k = 0; k < 60; k++) {
				seed = seed * 1103515245u + 12345u;
				ann_buf_printf(&b, "%s", pieces[(seed >> 16) % (sizeof pieces / sizeof *pieces)]);
			}
			ann_buf_printf(&b, "\",\"u\":[\"]\\\\\",{\"v\":\"\\\\\\\"}\"}]},\"b\":%d}", pad);
			ann_json_val root, v, s, u;
			int64_t got = -1;
			runs++;
			if (ann_json_parse(b.p, b.len, &root, NULL, NULL) != 0 ||
			    ann_json_get(root, "b", &v) != 0 || ann_json_int64(v, &got) != 0 ||
			    got != pad || ann_json_get(root, "s", &s) != 0 ||
			    ann_json_get(s, "u", &u) != 0 || ann_json_typeof(u) != ANN_JSON_ARRAY ||
			    u.p[u.n - 1] != ']' || s.p[s.n - 1] != '}' || s.p[s.n] != ',')
				bad++;
		}
	}
	ann_buf_free(&b);
	CHECK(bad == 0, "skipping strings of backslashes and quoted brackets "
	    "at every block offset: %d of %d wrong", bad, runs);
}

int
main(void)
{
	test_numbers();
	test_accept_reject();
	test_string_lengths();
	test_escaped_names();
	test_getn();
	test_depth();
	test_error_offset();
	test_lookup();
	test_writers();
	test_base64();
	test_skip_escapes();
	return done_testing();
}
