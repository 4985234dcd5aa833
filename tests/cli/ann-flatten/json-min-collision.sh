# A data field named like the task id or like a control tag: the JSON_MIN
# item has each key once, and the data field is kept as _data_NAME rather
# than hidden by the id or the tag (Label Studio's JSON_MIN loses it).
printf '%s\n' '{"id": 9, "data": {"id": "ext-1", "text": "t"}, "annotations": [{"id": 90, "result": [{"id": "r", "from_name": "text", "to_name": "text", "type": "choices", "value": {"choices": ["A"]}}]}]}' > task.json
ann-flatten -f json-min task.json
