printf '%s\n' '{"id":1,"v":"old"}' '{"id":2,"v":"only"}' '{"id":1,"v":"new"}' \
	'{"data_row":{"id":"ck1"},"v":1}' '{"id":"1","v":"string id 1"}' \
	'{"data_row":{"id":"ck1"},"v":2}' | ann-cat --dedupe
