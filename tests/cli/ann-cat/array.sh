ann-cat --array "$EXAMPLES/labelbox-export-v2.ndjson" > a.json
head -c 2 a.json; echo
ann-cat a.json | cmp - "$EXAMPLES/labelbox-export-v2.ndjson" && echo round trip
printf '' | ann-cat --array
