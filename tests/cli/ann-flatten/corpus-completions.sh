# The older completions[] form: the completion is an annotation, its
# predictions predictions.
ann-flatten --both -c task_id,shape,annotation_id,source,model_version,region_id,kind,label,x_pct,y_pct "$CORPUS/label-studio/legacy/lsf-image_bbox.completions.json"
