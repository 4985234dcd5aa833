# -k with --rejects: both good tasks' rows, the bad record kept byte for
# byte in the rejects file, exit 2 all the same.
printf '%s\n' \
'{"id":1,"data":{"t":"a"},"annotations":[{"id":10,"result":[{"id":"c1","from_name":"f","to_name":"t","type":"choices","value":{"choices":["Yes"]}}]}]}' \
'{"foo": 1}' \
'{"id":2,"data":{"t":"b"},"annotations":[{"id":20,"result":[{"id":"c2","from_name":"f","to_name":"t","type":"choices","value":{"choices":["No"]}}]}]}' > in.ndjson
ann-flatten -k --rejects bad.ndjson -c task_id,annotation_id,label < in.ndjson
echo "exit $?"
printf '%s\n' '{"foo": 1}' | cmp - bad.ndjson && echo bad.ndjson holds the bad record
