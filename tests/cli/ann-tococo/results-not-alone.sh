# --results is a form of predictions.
ann-tococo --results "$EXAMPLES/ls-export.json"
