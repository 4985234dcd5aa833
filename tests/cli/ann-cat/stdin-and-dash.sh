ann-cat < "$EXAMPLES/ls-export.json" > a; ann-cat - < "$EXAMPLES/ls-export.json" > b; ann-cat "$EXAMPLES/ls-export.json" > c; cmp a b && cmp a c && wc -l < a
