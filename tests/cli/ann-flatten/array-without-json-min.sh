# --array only goes with json-min.
ann-flatten --array "$EXAMPLES/ls-export.json"
