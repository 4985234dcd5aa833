ann-cat --zstd "$EXAMPLES/ls-export.json" > out.zst
zstd -t -q out.zst && echo valid zstd
ann-cat "$EXAMPLES/ls-export.json" > plain
zstd -dc out.zst | cmp - plain && echo same records
ann-cat --zstd=19 "$EXAMPLES/ls-export.json" | zstd -dc | cmp - plain && echo level 19 too
