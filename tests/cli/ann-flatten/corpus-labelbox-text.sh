# A Labelbox text entity ends on its last character: end is that plus one
# (exclusive), so end - start is the token's length (17).  The fragment's
# checklist gives both answers as a JSON array, its text answer a text row.
frag=$(tr -d '\n' < "$CORPUS/labelbox/fragments/text.annotations.json")
printf '{"data_row":{"id":"dr-text-1","row_data":"https://example.com/doc.txt"},"media_attributes":{"mime_type":"text/plain"},"projects":{"proj-1":{"name":"ner","labels":[{"id":"label-1","label_details":{"created_by":"person1@example.com"},"annotations":%s}]}}}\n' "$frag" > export.ndjson
ann-flatten -c task_id,project,annotation_id,annotator,from_name,kind,label,start,end,text export.ndjson
