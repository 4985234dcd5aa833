printf '{"total": 3, "tasks": [{"id": 1}, {"id": 2}]}\n{"total": 3, "tasks": [{"id": 3}]}\n' |
	ann-cat --unwrap tasks
printf '{"count": 1, "next": null, "results": [\n  {"id": 9,\n   "data": {}}\n]}' | ann-cat -u results
