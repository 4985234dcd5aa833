# A data field named like a control tag ("text"): the per-task row keeps
# both the data value and the tag's answer (Label Studio's CSV export
# renames the data column to _data_text); neither may be lost.
printf '%s\n' '{"id": 9, "data": {"text": "t"}, "annotations": [{"id": 90, "result": [{"id": "r", "from_name": "text", "to_name": "text", "type": "choices", "value": {"choices": ["A"]}}]}]}' > task.json
ann-flatten --per-task task.json | sed 1d | tr , '\n' | sort
