# No records: an empty array, still valid JSON.
ann-flatten -f json-min -a < /dev/null
