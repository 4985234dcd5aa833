# 1000 good records and 37 bad ones: all accounted for, bad bytes kept.
i=0
while [ $i -lt 1037 ]; do
	if [ $((i % 28)) -eq 5 ]; then echo "{\"id\": $i, \"broken\": tru}"; else echo "{\"id\": $i}"; fi
	i=$((i + 1))
done > mixed.ndjson
grep -v tru mixed.ndjson > good.ndjson
grep tru mixed.ndjson > bad.ndjson
wc -l < good.ndjson; wc -l < bad.ndjson
ann-cat --keep-going --rejects rejects.ndjson mixed.ndjson > out.ndjson 2> err.txt
echo "exit $?"
cmp out.ndjson good.ndjson && echo good records all out
cmp rejects.ndjson bad.ndjson && echo bad records all kept
grep -c 'invalid JSON: invalid literal' err.txt
tail -n 1 err.txt
