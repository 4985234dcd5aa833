ann-cat --split 2 -o shard.ndjson
