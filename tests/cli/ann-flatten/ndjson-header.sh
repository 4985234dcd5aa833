# Every NDJSON row has the CSV header's keys, in the same order.
ann-flatten "$EXAMPLES/ls-export.json" 2>/dev/null | head -n 1 | tr , '\n' > csv-keys
ann-flatten -f ndjson "$EXAMPLES/ls-export.json" 2>/dev/null > rows
wc -l < rows | tr -d ' '
while IFS= read -r row; do
	printf '%s\n' "$row" | grep -o '"[a-z_]*":' | tr -d '":' > keys
	cmp -s keys csv-keys || echo "keys differ: $row"
done < rows
echo done
