# Every corpus export, read by ann-cat and by jq, gives the same records.
n=0
for f in "$CORPUS"/label-studio/*/*.json "$CORPUS"/labelbox/*/*.json "$CORPUS"/labelbox/*/*.ndjson; do
	ann-cat "$f" | jq -c . > ours || { echo "ann-cat failed on $f"; continue; }
	jq -c 'if type == "array" then .[] else . end' "$f" > theirs
	cmp -s ours theirs || echo "differs: $f"
	n=$((n + 1))
done
[ $n -gt 100 ] && echo "all files agree"
