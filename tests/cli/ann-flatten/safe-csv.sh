# --safe-csv: text that a spreadsheet would run as a formula (it starts
# with = + - @, a tab or a CR) gets a leading ' and quotes, in CSV and TSV,
# in cells and in header names; numbers (-3.5 from a JSON number) and other
# text are left alone.  Without the option the text is written as it is.
printf '%s\n' '{"id": 1, "data": {"image": "a.jpg", "=k": "=HYPERLINK(\"http://x\")", "n": -3.5, "s": "-3.5"}}' > keys.json
printf '%s\n' \
'{"id": 1, "data": {"image": "a.jpg"},' \
' "annotations": [{"id": 10, "result": [' \
'  {"id": "r1", "from_name": "f", "to_name": "image", "type": "rectanglelabels", "value": {"x": -3.5, "y": 1, "width": 2, "height": 3, "rectanglelabels": ["=1+2"]}},' \
'  {"id": "r2", "from_name": "f", "to_name": "image", "type": "rectanglelabels", "value": {"x": 1, "y": 1, "width": 2, "height": 3, "rectanglelabels": ["+cmd|x"]}},' \
'  {"id": "r3", "from_name": "f", "to_name": "image", "type": "rectanglelabels", "value": {"x": 1, "y": 1, "width": 2, "height": 3, "rectanglelabels": ["-3.5"]}},' \
'  {"id": "r4", "from_name": "f", "to_name": "image", "type": "rectanglelabels", "value": {"x": 1, "y": 1, "width": 2, "height": 3, "rectanglelabels": ["@SUM(A1)"]}},' \
'  {"id": "r5", "from_name": "f", "to_name": "image", "type": "rectanglelabels", "value": {"x": 1, "y": 1, "width": 2, "height": 3, "rectanglelabels": ["\tx"]}},' \
'  {"id": "r6", "from_name": "f", "to_name": "image", "type": "rectanglelabels", "value": {"x": 1, "y": 1, "width": 2, "height": 3, "rectanglelabels": ["\rx"]}},' \
'  {"id": "r7", "from_name": "f", "to_name": "image", "type": "rectanglelabels", "value": {"x": 1, "y": 1, "width": 2, "height": 3, "rectanglelabels": ["a=b, \"c\""]}}' \
']}]}' > task.json
echo '--- csv'
ann-flatten -c region_id,label,x_pct task.json
echo '--- csv --safe-csv'
ann-flatten --safe-csv -c region_id,label,x_pct task.json
echo '--- tsv --safe-csv'
ann-flatten --safe-csv -f tsv -c region_id,label,x_pct task.json
echo '--- per-task, then with --safe-csv'
ann-flatten -t keys.json
ann-flatten --safe-csv -t keys.json
