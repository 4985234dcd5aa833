# A 2019 task keeps its result as JSON text in a string: one choice row.
ann-flatten -c task_id,platform,shape,annotation_id,from_name,to_name,region_id,kind,label,data "$CORPUS/label-studio/legacy/ls-2019-tasks-0.odd.json"
