# A string holding U+0000 (\u0000 in JSON) keeps its NUL byte in CSV and
# TSV, as the manual says: nothing is dropped or replaced.  NDJSON writes
# it back as \u0000.  (sed -n l shows the byte as \000.)
printf '%s\n' '{"id": 1, "data": {"text": "a\u0000b"}, "annotations": [{"id": 10, "result": [{"id": "r1", "from_name": "f", "to_name": "text", "type": "choices", "value": {"choices": ["x\u0000y"]}}]}]}' > task.json
ann-flatten -c task_id,label,data task.json | sed -n l
ann-flatten -f tsv --safe-csv -c label,data task.json | sed -n l
ann-flatten -f ndjson -c label,data task.json
