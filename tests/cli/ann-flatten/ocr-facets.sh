# The OCR template: a box (bbox), its label (label) and its transcription
# (transcription) are three results sharing one id: one row each region,
# label and text together; a two-line transcription stays a JSON array.
printf '%s\n' '{"id": 31, "data": {"ocr": "/data/upload/receipt.png"}, "annotations": [{"id": 310, "completed_by": 2, "result": [' \
'{"original_width": 800, "original_height": 600, "id": "a1", "from_name": "bbox", "to_name": "image", "type": "rectangle", "value": {"x": 10, "y": 20, "width": 25, "height": 5, "rotation": 0}},' \
'{"original_width": 800, "original_height": 600, "id": "a1", "from_name": "label", "to_name": "image", "type": "labels", "value": {"x": 10, "y": 20, "width": 25, "height": 5, "rotation": 0, "labels": ["Text"]}},' \
'{"original_width": 800, "original_height": 600, "id": "a1", "from_name": "transcription", "to_name": "image", "type": "textarea", "value": {"x": 10, "y": 20, "width": 25, "height": 5, "rotation": 0, "text": ["TOTAL 12.50"]}},' \
'{"original_width": 800, "original_height": 600, "id": "b2", "from_name": "transcription", "to_name": "image", "type": "textarea", "value": {"points": [[50, 50], [75, 50], [75, 60]], "text": ["Thank you", "come again"]}},' \
'{"original_width": 800, "original_height": 600, "id": "b2", "from_name": "label", "to_name": "image", "type": "labels", "value": {"points": [[50, 50], [75, 50], [75, 60]], "labels": ["Handwriting"]}},' \
'{"original_width": 800, "original_height": 600, "id": "b2", "from_name": "poly", "to_name": "image", "type": "polygon", "value": {"points": [[50, 50], [75, 50], [75, 60]]}}' \
']}]}' > task.json
ann-flatten -c region_id,kind,label,x,y,width,height,points,text task.json
