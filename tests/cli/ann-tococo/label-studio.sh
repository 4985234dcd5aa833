# A Label Studio export: two tasks have no image size and are named.
ann-tococo "$EXAMPLES/ls-export.json"
