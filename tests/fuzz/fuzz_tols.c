/*
 * fuzz_tols.c: ann-tols' streaming COCO walk (tols_walk.h, tols.c) on
 * arbitrary bytes, then the tasks and the config written from whatever it
 * read.  The first byte says whether annotations are read (a dataset or a
 * results array) or passed over (the --images file of a results run), and
 * picks the options.
 *
 * What must hold: a failure says why, at a byte inside the input; a
 * success means the input, when plain, was one whole JSON document (the
 * walk follows the members it passes over only by their brackets and
 * strings, so nothing else checks that they were JSON); every task
 * written is one line of JSON.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ann.h"
#include "ann_tols.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Each write is one task: one line of JSON, ended. */
static int
put_task(void *ctx, const void *p, size_t n)
{
	const char *s = p;

	(void)ctx;
	if (n == 0 || s[n - 1] != '\n' || memchr(s, '\n', n - 1) != NULL ||
	    ann_json_parse(s, n - 1, NULL, NULL, NULL) != 0)
		abort();
	return 0;
}

static int
put_any(void *ctx, const void *p, size_t n)
{
	(void)ctx;
	(void)p;
	(void)n;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ann_tols_opts o = { .max_pixels = 1 << 16 };
	ann_error err;
	ann_skips skips;
	int annotations, fd;

	if (size == 0)
		return 0;
	annotations = !(data[0] & 1);
	o.as_annotations = (data[0] & 2) != 0;
	o.model_version = data[0] & 4 ? "v1" : NULL;
	o.image_url = data[0] & 8 ? "s3://bucket/" : NULL;
	data++;
	size--;

	if ((fd = memfd_create("coco", 0)) < 0 ||
	    write(fd, data, size) != (ssize_t)size || lseek(fd, 0, SEEK_SET) != 0)
		abort();
	ann_tols *t = ann_tols_new(&o, &err);
	if (t == NULL)
		abort();
	ann_status st = ann_tols_read_coco(t, fd, "dir/fuzz.json", annotations);
	close(fd);
	int plain = !(size >= 2 && data[0] == 0x1f && data[1] == 0x8b) &&
	    !(size >= 4 && memcmp(data, "\x28\xb5\x2f\xfd", 4) == 0);
	if (st != ANN_OK) {
		uint64_t byte;
		if (ann_tols_errmsg(t)[0] == '\0')
			abort();	/* a failure says why */
		if (plain && ann_tols_errbyte(t, &byte) && byte > size)
			abort();	/* and where, inside the input */
	} else {
		if (plain && ann_json_parse((const char *)data, size, NULL, NULL,
		    NULL) != 0)
			abort();	/* it took what is not JSON */
		memset(&skips, 0, sizeof skips);
		if (ann_tols_write(t, put_task, NULL, &skips) != ANN_OK &&
		    ann_tols_errmsg(t)[0] == '\0')
			abort();
		(void)ann_tols_config(t, put_any, NULL);
	}
	ann_tols_free(t);
	return 0;
}
