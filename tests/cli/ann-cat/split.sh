ann-cat --split 3 --output 'part-%02d.ndjson.zst' "$EXAMPLES/labelbox-export-v2.ndjson" "$EXAMPLES/ls-export.json"
ls
ls -a | grep -c tmp
zstd -dc part-*.zst | sort > shards
ann-cat "$EXAMPLES/labelbox-export-v2.ndjson" "$EXAMPLES/ls-export.json" | sort | cmp - shards && echo same records
# The same task id always lands in the same shard.
ann-cat --split 3 -o 'again-%d.ndjson' "$EXAMPLES/ls-export.json" "$EXAMPLES/ls-export.json"
for i in 0 1 2; do zstd -dc part-0$i.ndjson.zst | grep -c '"id":18' | tr '\n' ' '; wc -l < again-$i.ndjson; done
