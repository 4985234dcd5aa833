# label-studio-sdk's own COCO test export, with its config.
c="$CORPUS/label-studio/export"
ann-tococo -c "$c/sdk-coco.config.xml" "$c/sdk-coco.export.json"
