# Legacy v1 quirks, as labelbox-python reads them: a dropdown's "answer" is
# an array of answers (a choice, its titles the label), and a checklist
# under an object wraps its classifications in an extra array (each inner
# classification is a row of its own, parent_id the object).
ann-flatten -c region_id,parent_id,from_name,kind,label,x,y,text "$CORPUS/labelbox/legacy-v1/highly_nested_image.v1.ndjson"
