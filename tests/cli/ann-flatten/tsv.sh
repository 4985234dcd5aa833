# TSV: the same rows as CSV, tab-separated.
ann-flatten -f tsv "$EXAMPLES/ls-export.json"
