# Two objects with the same feature name (two "Car" boxes) in one label:
# JSON_MIN must not write the key "Car" (nor the data row's "id") twice,
# and --per-task must not drop the second box.
printf '%s\n' '{"data_row":{"id":"dr1","row_data":"https://example.com/1.jpg"},"media_attributes":{"width":100,"height":50},"projects":{"p1":{"labels":[{"id":"l1","annotations":{"objects":[{"feature_id":"f1","name":"Car","bounding_box":{"top":1,"left":2,"height":3,"width":4}},{"feature_id":"box-two","name":"Car","bounding_box":{"top":10,"left":20,"height":30,"width":40}}],"classifications":[]}}]}}}' > export.ndjson
ann-flatten -f json-min export.ndjson > item
grep -o '"Car":' item | wc -l | tr -d ' '
grep -o '"id":"dr1"' item | wc -l | tr -d ' '
grep -c box-two item
ann-flatten --per-task export.ndjson | grep -c box-two
ann-flatten -c region_id,label,x,y,x_pct,height_pct export.ndjson
