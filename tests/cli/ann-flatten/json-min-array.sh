# JSON_MIN as one array, Label Studio's layout: "[", items joined by ",", "]".
ann-flatten -f json-min --array "$EXAMPLES/ls-export.json"
