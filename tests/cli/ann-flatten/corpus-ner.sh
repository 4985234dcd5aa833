# A named entity span: start, end (exclusive) and the text.
ann-flatten -c task_id,from_name,to_name,region_id,kind,label,start,end,text "$CORPUS/label-studio/tasks/lsf-named_entity.task.json"
