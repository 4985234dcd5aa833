#!/bin/sh
# tests/faults.sh: the promises every record-reading tool makes about
# faults, checked for each of them: a full disk is an error, a closed pipe
# ends quietly, --keep-going --rejects loses nothing, an output file never
# looks complete when it is not, and input cut short is an error.
. "${top_srcdir:-.}/tests/lib.sh"

# One task per line, with a box and a brush mask, so that every tool has
# something to write for it.
task() {
	printf '{"id":%d,"data":{"image":"https://example.com/%d.jpg"},"annotations":[{"id":%d,"result":[' "$1" "$1" "$1"
	printf '{"id":"b%d","type":"rectanglelabels","from_name":"box","to_name":"image","original_width":64,"original_height":48,' "$1"
	printf '"value":{"x":10,"y":20,"width":30,"height":40,"rotation":0,"rectanglelabels":["Car"]}},'
	printf '{"id":"m%d","type":"brushlabels","from_name":"mask","to_name":"image","original_width":2,"original_height":1,' "$1"
	printf '"value":{"format":"rle","rle":[0,0,0,8,57,27,255,240,3,255,0],"brushlabels":["Road"]}}]}]}\n'
}
i=1
while [ $i -le 1000 ]; do
	task $i
	# 37 bad records among them, each a different way to be wrong.
	if [ $((i % 27)) -eq 0 ] && [ $i -le 999 ]; then
		printf '{"id": %d, "data": {"image": "x"} "annotations": []}\n' "$i"
	fi
	i=$((i + 1))
done > "$scratch/mixed.ndjson"
grep -v '} "annotations"' "$scratch/mixed.ndjson" > "$scratch/good.ndjson"
grep '} "annotations"' "$scratch/mixed.ndjson" > "$scratch/bad.ndjson"
check "the stream has 1000 good and 37 bad records" \
	[ "$(wc -l < "$scratch/good.ndjson"):$(wc -l < "$scratch/bad.ndjson")" = "1000:37" ]
# A big input, for the closed-pipe case: the tool must be mid-write.
i=0
while [ $i -lt 40 ]; do cat "$scratch/good.ndjson"; i=$((i + 1)); done > "$scratch/big.ndjson"

# The tools, each as it would be run on these tasks.
tools="ann-cat|ann-select|ann-flatten|ann-tococo|ann-rle stats"

IFS='|'
for t in $tools; do
	unset IFS
	name=$t
	# shellcheck disable=SC2086
	set -- $t

	# A full disk.
	"$@" "$scratch/good.ndjson" > /dev/full 2> "$scratch/err"
	code=$?
	check "$name > /dev/full: exit 2 (got $code) and says so" \
		sh -c "[ $code -eq 2 ] && grep -q 'No space left on device' '$scratch/err'"

	# A closed pipe: quiet, whatever the exit status the shell sees.
	# (ann-tococo names the tasks it skips, a bad mask among them: -q
	# leaves only what is not a warning.)
	quiet=""
	[ "$1" = ann-tococo ] && quiet=-q
	( "$@" $quiet "$scratch/big.ndjson" 2> "$scratch/err"; echo $? > "$scratch/code" ) | head -n 1 > /dev/null
	check "$name | head -1: no message on stderr ($(head -c 80 "$scratch/err"))" \
		[ ! -s "$scratch/err" ]

	# Nothing lost: the bad records, byte for byte, in the rejects file.
	"$@" -k -r "$scratch/rejects" "$scratch/mixed.ndjson" > "$scratch/out" 2> "$scratch/err"
	code=$?
	check "$name -k -r: exit 2 (got $code), the rejects file holds exactly the 37 bad records" \
		sh -c "[ $code -eq 2 ] && cmp -s '$scratch/rejects' '$scratch/bad.ndjson'"
	check "$name -k -r: says how many were skipped" \
		grep -q '37 bad records skipped' "$scratch/err"
	rm -f "$scratch/rejects"

	# Input cut short in the middle of a record is an error, not the end.
	head -c 5000 "$scratch/good.ndjson" > "$scratch/cut.ndjson"
	"$@" "$scratch/cut.ndjson" > /dev/null 2> "$scratch/err"
	code=$?
	check "$name on a file cut inside a record: exit 2 (got $code) and a positioned message" \
		sh -c "[ $code -eq 2 ] && grep -q 'cut.ndjson:[0-9]* (byte [0-9]*)' '$scratch/err'"

	# A writer that dies mid-record: the same, through a pipe.
	head -c 5000 "$scratch/good.ndjson" | "$@" > /dev/null 2> "$scratch/err"
	check "$name, its writer gone mid-record: an error ($(head -c 60 "$scratch/err"))" \
		grep -q 'unexpected end of input' "$scratch/err"
	IFS='|'
done
unset IFS

# Records read = records written + records rejected, where one record
# gives one line out.
for t in ann-cat ann-select; do
	$t -k -r "$scratch/rejects" "$scratch/mixed.ndjson" > "$scratch/out" 2> /dev/null
	check "$t: 1037 read = $(wc -l < "$scratch/out") written + $(wc -l < "$scratch/rejects") rejected" \
		[ $(($(wc -l < "$scratch/out") + $(wc -l < "$scratch/rejects"))) -eq 1037 ]
	rm -f "$scratch/rejects"
done
ann-tococo -k -r "$scratch/rejects" "$scratch/mixed.ndjson" > "$scratch/out" 2> /dev/null
images=$(grep -c '^{"width"' "$scratch/out")
check "ann-tococo: 1037 read = $images images + $(wc -l < "$scratch/rejects") rejected" \
	[ $((images + $(wc -l < "$scratch/rejects"))) -eq 1037 ]

# An interrupted ann-tococo -o leaves no file that looks complete.
mkfifo "$scratch/slow"
(cat "$scratch/good.ndjson"; sleep 30) > "$scratch/slow" &
writer=$!
ann-tococo -q -o "$scratch/coco.json" "$scratch/slow" &
conv=$!
sleep 1
kill -INT $conv 2> /dev/null
wait $conv 2> /dev/null
kill $writer 2> /dev/null
wait $writer 2> /dev/null
check "ann-tococo -o interrupted: no coco.json, no temporary left" \
	[ -z "$(ls "$scratch" | grep coco)" ]
done_testing
