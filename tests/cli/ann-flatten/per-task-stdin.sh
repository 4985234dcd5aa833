# --per-task needs two passes, so standard input needs --columns.
ann-flatten --per-task < "$EXAMPLES/ls-export.json"
