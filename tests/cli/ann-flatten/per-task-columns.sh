# With --columns, --per-task reads standard input once; the keys are taken
# as given and in that order.
ann-flatten --per-task --columns id,annotator,weather < "$EXAMPLES/ls-export.json"
