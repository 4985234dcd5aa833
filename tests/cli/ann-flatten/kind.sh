# --kind keeps only the regions of the kinds listed; given twice, both count.
ann-flatten -K polygon -c task_id,region_id,kind,label "$EXAMPLES/ls-export.json"
ann-flatten --kind=rectangle --kind choice -c kind "$EXAMPLES/labelbox-export-v2.ndjson" 2>/dev/null | sort | uniq -c | sed 's/^ *//'
ann-flatten -K choice -c from_name "$EXAMPLES/labelbox-export-v2.ndjson" 2>/dev/null | sort | uniq -c | sed 's/^ *//'
