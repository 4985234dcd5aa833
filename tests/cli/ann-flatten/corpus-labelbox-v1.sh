# A legacy v1 row (featureId, title, bbox): 18 regions; boxes in pixels, no
# percent without media size; classifications under each box, a free-text
# answer; the polygon and line points as [[x,y],...].
ann-flatten -c region_id,parent_id,from_name,kind,label,x,y,width,height,x_pct,points,text "$CORPUS/labelbox/legacy-v1/image_export.v1.ndjson" > out.csv
wc -l < out.csv | tr -d ' '
grep -c ',rectangle,' out.csv
grep 'ckr2k4lzj000d3h69hvowgptf' out.csv
grep -E ',(polygon|polyline|keypoint),' out.csv
ann-flatten -c annotation_id,annotator,created_at,data,project_name "$CORPUS/labelbox/legacy-v1/image_export.v1.ndjson" | sort -u
