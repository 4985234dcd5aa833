# A closed pipe ends the run quietly.
i=0; while [ $i -lt 20000 ]; do echo '{"id": 1, "data": {"text": "a line long enough to fill pipe buffers quickly"}}'; i=$((i+1)); done > many.ndjson
ann-cat many.ndjson many.ndjson many.ndjson | head -n 1
