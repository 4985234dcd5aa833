/*
 * fuzz_view.c: the task view and everything built on it (region columns,
 * JSON_MIN items) on arbitrary valid JSON: whatever shape a record has, the
 * view answers or refuses it, and every column can be computed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ann.h"
#include "ann_jsonmin.h"
#include "ann_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ann_view *view;
	ann_json_val root, item;
	ann_buf scratch = { 0 }, b = { 0 };
	const ann_annotation *sets;
	size_t ncols;
	const ann_column *cols = ann_columns(&ncols);

	if (view == NULL && (view = ann_view_new()) == NULL)
		abort();
	if (ann_json_parse((const char *)data, size, &root, NULL, NULL) != 0)
		return 0;
	if (ann_view_load(view, root.p, root.n) != ANN_OK)
		return 0;
	size_t n;
	if (ann_view_annotations(view, &sets, &n) != ANN_OK)
		return 0;
	for (size_t s = 0; s < n; s++) {
		const ann_region *regions;
		size_t nr;
		if (ann_view_regions(view, &sets[s], &regions, &nr) != ANN_OK)
			continue;
		for (size_t r = 0; r < nr; r++) {
			ann_geom g;
			ann_geom_of(&g, &regions[r], &sets[s], ann_view_task(view));
			ann_row row = { ann_view_task(view), &sets[s], &regions[r], &g };
			for (size_t c = 0; c < ncols; c++) {
				scratch.len = 0;
				ann_cell cell = cols[c].get(&row, &scratch);
				/* A JSON cell is JSON. */
				if (cell.type == ANN_CELL_JSON &&
				    ann_json_parse(cell.p, cell.n, NULL, NULL, NULL) != 0)
					abort();
			}
		}
		/* The JSON_MIN item is valid JSON. */
		if (ann_jsonmin_item(view, &sets[s], &b) == ANN_OK &&
		    ann_json_parse(b.p, b.len, &item, NULL, NULL) != 0)
			abort();
	}
	ann_buf_free(&scratch);
	ann_buf_free(&b);
	return 0;
}
