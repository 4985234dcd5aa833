# score is the region's own score, else the prediction's: a result whose
# score is null has none of its own, so the prediction's 0.5 shows.
printf '%s\n' '{"id": 1, "data": {"image": "a.jpg"}, "predictions": [{"id": 5, "score": 0.5, "result": [' \
'{"id": "p1", "from_name": "f", "to_name": "image", "type": "choices", "score": null, "value": {"choices": ["No"]}},' \
'{"id": "p2", "from_name": "f", "to_name": "image", "type": "choices", "score": 0.25, "value": {"choices": ["Yes"]}},' \
'{"id": "p3", "from_name": "f", "to_name": "image", "type": "choices", "value": {"choices": ["Maybe"]}}]}]}' > task.json
ann-flatten --predictions -c region_id,score task.json
