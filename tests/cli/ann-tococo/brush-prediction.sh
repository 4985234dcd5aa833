# A brush mask of a prediction, as COCO compressed RLE; and as a result.
ann-tococo -q --predictions "$EXAMPLES/brush-prediction.ndjson"
ann-tococo -q --predictions --results "$EXAMPLES/brush-prediction.ndjson"
