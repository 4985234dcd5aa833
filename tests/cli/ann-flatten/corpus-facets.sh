# Results sharing an id are one region: the geometry facet (rect, ellipse,
# kp, polygon, brush) and its "labels" facet give one row with the shape's
# kind, the label and the pixels; relations have rows of their own.
f="$CORPUS/label-studio/brush/lsf-image_tools.task.json"
ann-flatten -c region_id,from_name,kind,label,x,y,width,height,points,from_id,to_id "$f"
