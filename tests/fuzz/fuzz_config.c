/*
 * fuzz_config.c: the labeling-config reader on arbitrary bytes, through a
 * memory file since it reads a path.  Whatever it reads must hold labels
 * that are strings, of controls that exist; read whole (ann-check), every
 * control's names and options are strings, a taxonomy choice's parent
 * comes before it, and a name matches itself.
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
	ann_labelconfig *all = ann_labelconfig_read_all(path, &err);
	if (all != NULL) {
		const ann_cfg_control *k;
		const ann_cfg_object *o;
		size_t nk = ann_labelconfig_controls(all, &k);
		size_t no = ann_labelconfig_objects(all, &o);
		for (size_t i = 0; i < nk; i++) {
			if (k[i].tag == NULL || k[i].name == NULL ||
			    (k[i].index_flag == NULL && !ann_cfg_name_matches(k[i].name,
			    NULL, k[i].name, strlen(k[i].name))))
				abort();
			for (size_t j = 0; j < k[i].nto_names; j++)
				if (k[i].to_names[j] == NULL)
					abort();
			for (size_t j = 0; j < k[i].noptions; j++)
				if (k[i].options[j].value == NULL ||
				    k[i].options[j].parent >= (long)j)
					abort();
		}
		for (size_t i = 0; i < no; i++)
			if (o[i].name == NULL || o[i].key == NULL)
				abort();
		ann_labelconfig_free(all);
	}
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
