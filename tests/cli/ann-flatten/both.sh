# --both: annotations then predictions, task by task; --annotations after
# --both goes back to annotations only.
ann-flatten --both -c task_id,annotation_id,source,region_id "$EXAMPLES/ls-export.json" 2>/dev/null | grep '^1844,'
ann-flatten --both --annotations -c source "$EXAMPLES/ls-export.json" 2>/dev/null | sort | uniq -c | sed 's/^ *//'
