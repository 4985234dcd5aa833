# --per-task over a named file with a record of no known shape, without
# -k: the run fails (exit 2) and says why, as without --per-task; whether
# the rows before it are written is left open here.
printf '%s\n' \
'{"id":1,"data":{"t":"a"},"annotations":[{"id":10,"result":[{"id":"c1","from_name":"f","to_name":"t","type":"choices","value":{"choices":["Yes"]}}]}]}' \
'{"foo": 1}' \
'{"id":2,"data":{"t":"b"},"annotations":[{"id":20,"result":[{"id":"c2","from_name":"f","to_name":"t","type":"choices","value":{"choices":["No"]}}]}]}' > in.ndjson
ann-flatten --per-task in.ndjson
