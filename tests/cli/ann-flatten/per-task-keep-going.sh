# --per-task -k over a named file: the bad record is reported once (the
# first pass is quiet), both good tasks get their row, exit 2.
printf '%s\n' \
'{"id":1,"data":{"t":"a"},"annotations":[{"id":10,"result":[{"id":"c1","from_name":"f","to_name":"t","type":"choices","value":{"choices":["Yes"]}}]}]}' \
'{"foo": 1}' \
'{"id":2,"data":{"t":"b"},"annotations":[{"id":20,"result":[{"id":"c2","from_name":"f","to_name":"t","type":"choices","value":{"choices":["No"]}}]}]}' > in.ndjson
ann-flatten --per-task -k in.ndjson
