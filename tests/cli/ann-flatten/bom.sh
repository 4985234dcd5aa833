# --bom: CSV and TSV start with the UTF-8 byte order mark (EF BB BF), once,
# then the header; NDJSON never has one.
ann-flatten --bom -c task_id,label "$EXAMPLES/ls-export.json" 2>/dev/null > out.csv
dd if=out.csv bs=1 count=3 2>/dev/null | od -An -tx1 | tr -d ' \n'; echo
dd if=out.csv bs=1 skip=3 2>/dev/null | head -n 2
ann-flatten --bom -f tsv -c task_id,label "$EXAMPLES/ls-export.json" 2>/dev/null | grep -c "$(printf '\357\273\277')"
ann-flatten --bom -f ndjson -c task_id "$EXAMPLES/ls-export.json" 2>/dev/null | head -n 1
