# --both reads annotations and predictions alike: with --per-annotation its
# annotations are those of --annotations and --predictions together (13 + 2).
for sets in --annotations --predictions --both; do
	ann-tococo -q --per-annotation $sets "$EXAMPLES/ls-export.json" |
		python3 -c 'import json, sys; d = json.load(sys.stdin); print(len(d["images"]), len(d["annotations"]))'
done
