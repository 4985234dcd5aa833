# Labelbox export v2, default CSV: boxes in pixels with percent computed from
# media_attributes, the nested "occluded" radio under each object
# (parent_id = the object's feature_id), the image-level weather radio; the
# TO_LABEL data row has no label and is counted on stderr.
ann-flatten "$EXAMPLES/labelbox-export-v2.ndjson"
