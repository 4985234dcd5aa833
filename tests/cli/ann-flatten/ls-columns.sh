# --columns picks and orders the columns.
ann-flatten --columns task_id,kind,label,x,y,width,height "$EXAMPLES/ls-export.json"
