/*
 * jsonsuite.c: run JSONTestSuite's test_parsing files through the JSON
 * reader: every y_ file accepted, every n_ file rejected, every i_ file
 * answered (either way) without a crash.  One TAP line per file.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann.h"
#include "unit/check.h"

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char *argv[])
{
	char *names[1024];
	size_t n = 0;
	struct dirent *e;
	DIR *d;

	if (argc != 2 || (d = opendir(argv[1])) == NULL) {
		fprintf(stderr, "usage: jsonsuite DIR (test_parsing)\n");
		return 99;
	}
	while ((e = readdir(d)) != NULL && n < 1024)
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", argv[1], names[i]);
		FILE *f = fopen(path, "rb");
		if (f == NULL) {
			CHECK(0, "%s: cannot open", names[i]);
			continue;
		}
		char *buf = malloc(1 << 20);
		size_t len = fread(buf, 1, 1 << 20, f);
		fclose(f);
		const char *msg = "";
		int ok = ann_json_parse(buf, len, NULL, &msg, NULL) == 0;
		switch (names[i][0]) {
		case 'y':
			CHECK(ok, "%s accepted %s", names[i], msg);
			break;
		case 'n':
			CHECK(!ok, "%s rejected", names[i]);
			break;
		default:
			CHECK(1, "%s answered: %s", names[i], ok ? "accepted" : msg);
		}
		free(buf);
		free(names[i]);
	}
	CHECK(n > 300, "the suite has its %zu files", n);
	return done_testing();
}
