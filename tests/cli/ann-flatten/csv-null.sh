# A JSON null is an empty CSV field, as an absent value is (and null in
# NDJSON), never the text "null".
printf '%s\n' '{"id": 1, "data": {"image": "a.jpg"},' \
' "annotations": [{"id": 10, "completed_by": null, "created_at": null, "result": [{"id": "c1", "from_name": "f", "to_name": "image", "type": "choices", "value": {"choices": ["Yes"]}}]}],' \
' "predictions": [{"id": 5, "model_version": null, "score": null, "result": [{"id": "p1", "from_name": "f", "to_name": "image", "type": "choices", "value": {"choices": ["No"]}}]}]}' > task.json
ann-flatten --both -c task_id,annotator,created_at,model_version,score,label task.json
ann-flatten --both -f tsv -c annotator,model_version,score,label task.json
ann-flatten --both -f ndjson -c annotator,created_at,model_version,score task.json
