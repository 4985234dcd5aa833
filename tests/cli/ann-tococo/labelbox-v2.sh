# Labelbox export v2 rows: pixel boxes and polygons, discovered categories.
ann-tococo "$EXAMPLES/labelbox-export-v2.ndjson"
