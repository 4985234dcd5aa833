# --format takes csv, tsv, ndjson or json-min only; nothing reaches stdout.
ann-flatten --format xml "$EXAMPLES/ls-export.json"
