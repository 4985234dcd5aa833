ann-cat "$EXAMPLES/ls-export.json" > /dev/full
