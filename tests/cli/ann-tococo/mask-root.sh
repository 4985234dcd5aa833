# A Labelbox mask downloaded beside the export: read from --mask-root.
mkdir masks
ann-rle decode --predictions -o masks "$EXAMPLES/brush-prediction.ndjson" > /dev/null
mv masks/*.png masks/ckmask00001.png
row='{"data_row":{"id":"r1","row_data":"https://example.com/street/0001.jpg"},"media_attributes":{"width":96,"height":64},"projects":{"p":{"labels":[{"id":"l1","annotations":{"objects":[{"feature_id":"ckmask00001","name":"Road","annotation_kind":"ImageSegmentationMask","mask":{"url":"https://api.labelbox.com/masks/ckmask00001"}},{"feature_id":"ckmask00002","name":"Road","annotation_kind":"ImageSegmentationMask","mask":{"url":"https://api.labelbox.com/masks/ckmask00002"}}],"classifications":[]}}]}}}'
echo "$row" | ann-tococo --mask-root masks | grep counts
echo "$row" | ann-tococo -q | grep -c counts || echo "(without --mask-root: no mask)"
