#!/bin/sh
# tests/bigrecord.sh: memory is bounded by the largest record, not the input.
# A 200 MB single record and a 1 GB Label Studio array stream through, a
# 1 GB array converts to COCO, and peak RSS (getrusage, via tests/peakrss)
# stays flat.  Sanitizer builds
# carry shadow memory and a quarantine, so their bounds are wider.
. "${top_srcdir:-.}/tests/lib.sh"
gen="$builddir_abs/bench/gen-export"
rss="$builddir_abs/tests/peakrss"
if [ -n "${ANN_SANITIZERS:-}" ]; then
	# ann-tococo frees and allocates per region: the quarantine holds more.
	array_limit=300000 record_limit=1300000 coco_limit=600000
else
	array_limit=65536 record_limit=700000 coco_limit=65536
fi

"$gen" --format ls-array --size 200M --one-record > "$scratch/big.json"
size=$(wc -c < "$scratch/big.json")
check "the single record is over 200 MB ($size bytes)" [ "$size" -gt 200000000 ]
"$rss" "$scratch/rss" ann-cat "$scratch/big.json" > "$scratch/out"
code=$?
check "a 200 MB record passes (exit $code)" [ $code -eq 0 ]
check "as one line" [ "$(wc -l < "$scratch/out")" -eq 1 ]
kb=$(cat "$scratch/rss")
check "peak RSS for a 200 MB record: $kb KiB (limit $record_limit)" [ "$kb" -lt $record_limit ]
rm -f "$scratch/big.json" "$scratch/out"

"$gen" --format ls-array --size 1G | "$rss" "$scratch/rss" ann-cat > "$scratch/lines" 2> "$scratch/err"
code=$?
check "a 1 GB array streams through stdin (exit $code)" [ $code -eq 0 ]
lines=$(wc -l < "$scratch/lines")
check "into many records ($lines)" [ "$lines" -gt 10000 ]
kb=$(cat "$scratch/rss")
check "peak RSS for a 1 GB array: $kb KiB (limit $array_limit)" [ "$kb" -lt $array_limit ]

# ann-tococo keeps only category names: 1 GB of tasks with boxes, polygons
# and brush masks converts in the same flat memory.
"$gen" --format ls-array --size 1G | "$rss" "$scratch/rss" ann-tococo -q > "$scratch/coco" 2> "$scratch/err"
code=$?
check "1 GB of tasks through ann-tococo (exit $code)" [ $code -eq 0 ]
images=$(grep -c '^{"width"' "$scratch/coco")
check "one image per task with a size ($images images)" [ "$images" -gt 10000 ]
check "the document ends with its categories" [ "$(tail -c 3 "$scratch/coco")" = ']}' ]
kb=$(cat "$scratch/rss")
check "peak RSS converting 1 GB to COCO: $kb KiB (limit $coco_limit)" [ "$kb" -lt $coco_limit ]
done_testing
