# The OCR task: one annotated box and two predictions whose results share an
# id: folding by id stays inside one annotation set, so each prediction keeps
# its own row.  No original_width: percent only, pixel columns empty.
ann-flatten --both -c annotation_id,source,model_version,region_id,kind,label,x,x_pct,y_pct,width_pct,height_pct,text "$CORPUS/label-studio/tasks/lsf-image_ocr.task.json"
