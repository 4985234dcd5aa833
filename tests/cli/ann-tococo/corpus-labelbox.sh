# A real Labelbox export v2: 1235 rows of boxes.
ann-tococo -q "$CORPUS/labelbox/export-v2/labelformat-export-result.export-v2.ndjson" | tail -n 12
