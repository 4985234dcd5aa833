# The nested classifications and their parents, by column.
ann-flatten -c task_id,region_id,parent_id,from_name,kind,label,x_pct,y_pct "$EXAMPLES/labelbox-export-v2.ndjson"
