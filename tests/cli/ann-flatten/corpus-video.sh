# A video box tracked over frames: kind video, its label, and the sequence
# (6 keyframes) as the points.
f="$CORPUS/label-studio/export/converter-ls-video.export.json"
ann-flatten --both -c task_id,annotation_id,annotator,from_name,to_name,region_id,kind,label,x,image_width,data "$f"
ann-flatten -f ndjson -c points "$f" | grep -o '"frame":' | wc -l | tr -d ' '
