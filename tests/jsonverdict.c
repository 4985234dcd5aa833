/*
 * jsonverdict: the JSON reader's verdict on many inputs at once, for
 * tests/jsondiff.py to compare against another parser.  One process for
 * thousands of inputs keeps the differential test fast, even under
 * sanitizers where each exec is expensive.
 *
 *     jsonverdict FILE
 *
 * FILE holds records of a 4-byte little-endian length and that many bytes.
 * For each, one line: "1" if ann_json_parse accepts it, "0" if not.
 * Exit 0, or 2 when FILE cannot be read or is cut short.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "ann.h"

int
main(int argc, char *argv[])
{
	unsigned char hdr[4];
	char *buf = NULL;
	FILE *in;

	if (argc != 2) {
		fprintf(stderr, "usage: jsonverdict FILE\n");
		return 2;
	}
	if ((in = fopen(argv[1], "rb")) == NULL) {
		perror(argv[1]);
		return 2;
	}
	while (fread(hdr, 1, 4, in) == 4) {
		size_t n = (size_t)hdr[0] | (size_t)hdr[1] << 8 |
		    (size_t)hdr[2] << 16 | (size_t)hdr[3] << 24;
		/*
		 * An exact-size buffer per input, so that AddressSanitizer
		 * catches a read one byte past the end of the text.
		 */
		free(buf);
		buf = malloc(n ? n : 1);
		if (buf == NULL) {
			perror("jsonverdict");
			return 2;
		}
		if (fread(buf, 1, n, in) != n) {
			fprintf(stderr, "jsonverdict: %s: truncated record\n",
			    argv[1]);
			return 2;
		}
		ann_json_val root;
		putchar(ann_json_parse(buf, n, &root, NULL, NULL) == 0 ?
		    '1' : '0');
		putchar('\n');
	}
	free(buf);
	if (ferror(in)) {
		perror(argv[1]);
		return 2;
	}
	fclose(in);
	if (ferror(stdout) || fclose(stdout) != 0) {
		perror("jsonverdict: stdout");
		return 2;
	}
	return 0;
}
