ann-cat --split 0 -o x-%d.ndjson
