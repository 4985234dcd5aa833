/*
 * ann_table.h: rows out: CSV and TSV through libcsv, or NDJSON objects;
 * and the region columns of ann-flatten, each with its meaning.
 *
 * Ownership: the table borrows its ann_out; a cell's bytes are borrowed
 * and only need to live until ann_table_cell returns, which is why a
 * column's value is computed just before it is written.
 */
#ifndef ANN_TABLE_H
#define ANN_TABLE_H

#include <stddef.h>

#include "ann_core.h"
#include "ann_writer.h"
#include "ann_geom.h"
#include "ann_view.h"

typedef enum {
	ANN_CELL_NONE = 0,	/* empty (CSV) or null (NDJSON) */
	ANN_CELL_JSON,		/* JSON text: strings are decoded for CSV */
	ANN_CELL_TEXT,		/* plain UTF-8 text */
	ANN_CELL_NUMBER		/* the text of a number */
} ann_cell_type;

typedef struct ann_cell {
	ann_cell_type type;
	const char *p;
	size_t n;
} ann_cell;


typedef enum { ANN_TABLE_CSV, ANN_TABLE_TSV, ANN_TABLE_NDJSON } ann_table_format;

typedef struct ann_table ann_table;

ann_table *ann_table_new(ann_out *out, ann_table_format format);
/*
 * CSV and TSV: text cells and header names that start with = + - @, a tab
 * or a carriage return get a leading ' and quotes, so that spreadsheets
 * do not run them as formulas.  Numbers are left alone.
 */
void ann_table_set_safe(ann_table *t, int on);
/* CSV and TSV: one header line (and a UTF-8 BOM first when bom is set). */
ann_status ann_table_header(ann_table *t, const char *const *names,
    size_t n, int bom);
ann_status ann_table_begin_row(ann_table *t);
/* name is the key in NDJSON rows; CSV and TSV ignore it. */
ann_status ann_table_cell(ann_table *t, const char *name, ann_cell c);
ann_status ann_table_end_row(ann_table *t);
void ann_table_free(ann_table *t);

/* --- region columns ----------------------------------------------------- */

typedef struct ann_row {
	const ann_task *task;
	const ann_annotation *set;
	const ann_region *region;	/* NULL in a per-task row */
	const ann_geom *geom;		/* the region's; NULL with it */
} ann_row;

typedef struct ann_column {
	const char *name;
	const char *meaning;
	int by_default;
	ann_cell (*get)(const ann_row *row, ann_buf *scratch);
	int details;	/* it reads what ann_view_want_details(v, 0) leaves out */
} ann_column;

/* All region columns, in their default order. */
const ann_column *ann_columns(size_t *n);
const ann_column *ann_column_find(const char *name);
/* Does the column read a detail the view can leave out (ann_view_want_details)? */
int ann_column_needs_details(const ann_column *c);

#endif
