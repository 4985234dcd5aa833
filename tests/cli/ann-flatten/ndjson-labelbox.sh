# NDJSON from Labelbox: pixel boxes as written, percent computed, parents.
ann-flatten -f ndjson "$EXAMPLES/labelbox-export-v2.ndjson"
