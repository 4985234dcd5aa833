# A Label Studio completions folder: one task per file, numeric order.
mkdir completions
for i in 10 2 1; do printf '{\n  "id": %s,\n  "completions": []\n}\n' $i > completions/$i.json; done
ann-cat completions
