# NDJSON: one object per row, keys in column order, absent values null,
# numbers as numbers; annotations and predictions both.
ann-flatten --format ndjson --both "$EXAMPLES/ls-export.json"
