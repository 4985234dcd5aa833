/*
 * fuzz_json.c: the JSON reader on arbitrary bytes.  What it accepts must
 * walk cleanly: every value visited, strings decoded, numbers parsed, and
 * the minified text must parse again to the same shape.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ann.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t
walk(ann_json_val v, int depth)
{
	ann_json_iter it;
	ann_json_val key, val;
	size_t count = 1;
	double d;
	int64_t i;

	switch (ann_json_typeof(v)) {
	case ANN_JSON_OBJECT:
		ann_json_iter_init(&it, v);
		while (ann_json_next_member(&it, &key, &val)) {
			char *k = malloc(key.n);
			size_t n = ann_json_str_decode(key, k);
			if (n > key.n)
				abort();
			/* Looking the member up by its decoded name finds a value. */
			if (memchr(k, '\0', n) == NULL && n < 200) {
				char name[201];
				memcpy(name, k, n);
				name[n] = '\0';
				ann_json_val found;
				if (ann_json_get(v, name, &found) != 0)
					abort();
			}
			free(k);
			count += walk(val, depth + 1);
		}
		break;
	case ANN_JSON_ARRAY: {
		/* Read as numbers, the same elements as one at a time. */
		ann_json_iter nit;
		int rc;
		ann_json_iter_init(&it, v);
		ann_json_iter_init(&nit, v);
		while (ann_json_next_elem(&it, &val)) {
			count += walk(val, depth + 1);
			rc = ann_json_next_number(&nit, &d);
			if (ann_json_typeof(val) == ANN_JSON_NUMBER) {
				double want;
				if (rc != 1 || ann_json_number(val, &want) != 0 ||
				    memcmp(&d, &want, sizeof d) != 0)
					abort();
			} else if (rc != -1)
				abort();
		}
		if (ann_json_next_number(&nit, &d) != 0)
			abort();
		break;
	}
	case ANN_JSON_STRING: {
		char *s = malloc(v.n);
		if (ann_json_str_decode(v, s) > v.n)
			abort();
		free(s);
		break;
	}
	case ANN_JSON_NUMBER:
		if (ann_json_number(v, &d) != 0)
			abort();
		/* A whole number read exactly is the double's own value. */
		if (ann_json_int64(v, &i) == 0 && fabs(d - (double)i) > fabs(d) * 1e-15)
			abort();
		break;
	default:
		break;
	}
	if (depth > ANN_JSON_MAX_DEPTH)
		abort();
	return count;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ann_json_val root, again;
	const char *text = (const char *)data;

	if (ann_json_parse(text, size, &root, NULL, NULL) != 0)
		return 0;
	size_t values = walk(root, 0);
	char *min = malloc(root.n ? root.n : 1);
	size_t n = ann_json_minify(root.p, root.n, min);
	if (n > root.n || ann_json_parse(min, n, &again, NULL, NULL) != 0 ||
	    walk(again, 0) != values)
		abort();
	free(min);
	return 0;
}
