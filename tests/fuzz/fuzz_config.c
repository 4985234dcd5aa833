/*
 * fuzz_config.c: the labeling-config reader on arbitrary bytes, through a
 * memory file since it reads a path.  Whatever it reads must hold labels
 * that are strings, of controls that exist.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ann_coco_conv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	ann_error err;
	const ann_cfg_label *l;
	int fd = memfd_create("config", 0);

	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	err.msg[0] = '\0';
	ann_labelconfig *c = ann_labelconfig_read(path, &err);
	close(fd);
	if (c == NULL) {
		if (err.msg[0] == '\0')
			abort();	/* a failure says why */
		return 0;
	}
	size_t n = ann_labelconfig_labels(c, &l);
	for (size_t i = 0; i < n; i++)
		if (l[i].name == NULL || l[i].control == NULL || l[i].category < -1)
			abort();
	(void)ann_labelconfig_image_key(c, NULL);
	ann_labelconfig_free(c);
	return 0;
}
