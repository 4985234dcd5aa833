printf '%s\n' '{"id":1}' '{"name":"no id"}' | ann-cat --dedupe
