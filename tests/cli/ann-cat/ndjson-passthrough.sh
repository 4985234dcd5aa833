ann-cat "$EXAMPLES/labelbox-export-v2.ndjson" | cmp - "$EXAMPLES/labelbox-export-v2.ndjson" && echo identical
