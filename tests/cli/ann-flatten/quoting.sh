# Labels and texts with commas, double quotes, tabs, newlines, a carriage
# return, spaces at the ends and non-ASCII (raw UTF-8 and \u escapes) are
# quoted only where CSV or TSV needs it, and decoded from JSON first.
printf '%s\n' \
'{"id": 7, "data": {"text": "Tom said \"hi, there\"\n\tthen left: caf\u00e9 \u6771\u4eac"},' \
' "annotations": [{"id": 70, "completed_by": 1, "result": [' \
'  {"id": "r1", "from_name": "ner", "to_name": "text", "type": "labels", "value": {"start": 0, "end": 3, "text": "a,b", "labels": ["a,b"]}},' \
'  {"id": "r2", "from_name": "ner", "to_name": "text", "type": "labels", "value": {"start": 4, "end": 14, "text": "say \"hi\"", "labels": ["say \"hi\""]}},' \
'  {"id": "r3", "from_name": "ner", "to_name": "text", "type": "labels", "value": {"start": 15, "end": 23, "text": "tab\there", "labels": ["tab\there"]}},' \
'  {"id": "r4", "from_name": "ner", "to_name": "text", "type": "labels", "value": {"start": 24, "end": 35, "text": "line1\r\nline2", "labels": ["line1\nline2"]}},' \
'  {"id": "r5", "from_name": "ner", "to_name": "text", "type": "labels", "value": {"start": 36, "end": 45, "text": " padded ", "labels": ["café 東京"]}},' \
'  {"id": "r6", "from_name": "note", "to_name": "text", "type": "textarea", "value": {"text": ["x, \"y\"\n z"]}},' \
'  {"id": "r7", "from_name": "tags", "to_name": "text", "type": "choices", "value": {"choices": ["a,b", "say \"hi\""]}}' \
']}]}' > task.json
echo '--- csv'
ann-flatten -c region_id,kind,label,start,end,text,data task.json
echo '--- tsv'
ann-flatten -f tsv -c region_id,kind,label,start,end,text,data task.json
echo '--- ndjson'
ann-flatten -f ndjson -c region_id,label,text task.json
