# Without dates, authors or statuses among the columns the view leaves
# those out: the cells asked for must be the same as beside them.
cols=task_id,annotation_id,region_id,label,x,y,width,height
ann-flatten -c $cols "$EXAMPLES/labelbox-export-v2.ndjson" > narrow.csv
ann-flatten -c $cols,annotator,created_at,status,lead_time,cancelled \
	"$EXAMPLES/labelbox-export-v2.ndjson" > wide.csv
cat narrow.csv
awk 'NR == FNR { n[FNR] = $0; rows = FNR; next }
	substr($0, 1, length(n[FNR]) + 1) != n[FNR] "," { bad++ }
	END { print (bad || FNR != rows ? "the cells differ" : "the same cells"), FNR, "rows" }' \
	narrow.csv wide.csv
