ann-cat "$EXAMPLES/ls-export.json" > plain
gzip -c "$EXAMPLES/ls-export.json" > ex.json.gz
zstd -q -c "$EXAMPLES/ls-export.json" > ex.bin
ann-cat ex.json.gz | cmp - plain && echo gzip ok
ann-cat < ex.bin | cmp - plain && echo zstd ok, detected without a name
cat ex.json.gz ex.json.gz | ann-cat | wc -l
cat ex.bin ex.bin | ann-cat | wc -l
