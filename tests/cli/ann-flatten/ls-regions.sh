# Label Studio export, default CSV: one row per region (boxes in pixels from
# percent, the polygon's points in pixels, image-level choices); the skipped
# and the unlabeled task give no rows and are counted on stderr.
ann-flatten "$EXAMPLES/ls-export.json"
