# JSON_MIN, one item per line: data fields, id, one member per control tag
# (a lone choice unwrapped, regions as their values plus the image size),
# then who and when; a task without annotations gives data and id only.
ann-flatten -f json-min "$EXAMPLES/ls-export.json"
