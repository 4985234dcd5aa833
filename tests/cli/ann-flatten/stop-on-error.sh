# A record of no known shape between two good tasks: without --keep-going
# the run stops there (exit 2), the first task's rows stay written.
printf '%s\n' \
'{"id":1,"data":{"t":"a"},"annotations":[{"id":10,"result":[{"id":"c1","from_name":"f","to_name":"t","type":"choices","value":{"choices":["Yes"]}}]}]}' \
'{"foo": 1}' \
'{"id":2,"data":{"t":"b"},"annotations":[{"id":20,"result":[{"id":"c2","from_name":"f","to_name":"t","type":"choices","value":{"choices":["No"]}}]}]}' |
ann-flatten -c task_id,annotation_id,label
