# A column name that does not exist is named in the message; exit 2, no output.
ann-flatten --columns task_id,nope,label "$EXAMPLES/ls-export.json"
