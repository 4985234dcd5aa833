# --predictions: only the prediction rows (one task has a prediction set).
ann-flatten --predictions -c task_id,annotation_id,source,model_version,score,region_id,label,x,y,width,height "$EXAMPLES/ls-export.json"
