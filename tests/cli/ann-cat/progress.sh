# --progress ends with a summary line on stderr (not a terminal: one line).
ann-cat --progress "$EXAMPLES/ls-export.json" 2>&1 >/dev/null | tail -n 1
