# --per-task: one row per task and annotation, like Label Studio's CSV: the
# columns are every key of the JSON_MIN items, sorted; tasks without an
# annotation still get a row.
ann-flatten --per-task "$EXAMPLES/ls-export.json"
