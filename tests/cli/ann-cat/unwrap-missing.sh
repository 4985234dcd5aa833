# A task stream read with --unwrap by mistake must not vanish silently.
printf '{"id": 1, "annotations": []}\n' | ann-cat --unwrap tasks
