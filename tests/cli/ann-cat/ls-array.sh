ann-cat "$EXAMPLES/ls-export.json"
