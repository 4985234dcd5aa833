# --safe-csv is for CSV and TSV: JSON output has no formulas to defuse.
ann-flatten --safe-csv -f ndjson /dev/null
