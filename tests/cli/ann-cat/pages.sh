# Pages fetched in a loop and appended, with and without whitespace.
printf '[{"id":1},{"id":2}]' > p1.json
printf '[\n  {"id": 3}\n]\n' > p2.json
cat p1.json p2.json p1.json | ann-cat
