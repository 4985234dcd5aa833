#!/bin/sh
# tests/merge.sh: ann-tococo --merge.  The COCO documents written for the
# parts of an export (--part I/N) merge into the document one process
# writes over the whole export, byte for byte, for every N from 1 to 5;
# categories that disagree are an error that names the fix; what is not a
# document of ann-tococo is refused with its position; and a document is
# streamed, never loaded (peak RSS below the document's size).
. "${top_srcdir:-.}/tests/lib.sh"
rss="$builddir_abs/tests/peakrss"
gen="$builddir_abs/bench/gen-export"
if [ -n "${ANN_SANITIZERS:-}" ]; then
	rss_limit=65536
else
	rss_limit=8192
fi

ls=$scratch/ls.ndjson
ann-cat "$EXAMPLES/ls-export.json" > "$ls"

# merged DESC FILE ARGS...: the merge of the parts' documents, for N in
# 1..5, is the whole's document.  Categories are given (-C, from the
# whole's), as parts that discover labels need (see the error below).
merged() {
	desc=$1 file=$2
	shift 2
	ann-tococo -q "$@" "$file" > "$scratch/whole.json"
	jq -r '.categories[].name' "$scratch/whole.json" > "$scratch/cats"
	cats="-C $scratch/cats"
	case " $* " in *" -c "*) cats="" ;; esac	# a config gives them
	# shellcheck disable=SC2086
	ann-tococo -q $cats "$@" "$file" > "$scratch/whole.json"
	bad=""
	for n in 1 2 3 4 5; do
		docs=""
		i=0
		while [ $i -lt $n ]; do
			# shellcheck disable=SC2086
			ann-tococo -q $cats "$@" --part "$i/$n" "$file" \
				> "$scratch/part$i.json"
			docs="$docs $scratch/part$i.json"
			i=$((i + 1))
		done
		# shellcheck disable=SC2086
		ann-tococo -q --merge $docs > "$scratch/merged.json" 2> "$scratch/err" &&
			cmp -s "$scratch/whole.json" "$scratch/merged.json" || bad="$bad $n"
	done
	check "$desc: the parts' documents merged equal the whole's for N = 1..5${bad:+ (differ for N =$bad: $(head -c 200 "$scratch/err"))}" [ -z "$bad" ]
}

merged "Labelbox rows" "$EXAMPLES/labelbox-export-v2.ndjson"
merged "Label Studio tasks" "$ls"
merged "Label Studio tasks, --per-annotation --both" "$ls" --per-annotation --both
merged "Label Studio tasks, --skip-empty" "$ls" -e
if [ -n "${ANN_CORPUS:-}" ] && [ -d "$ANN_CORPUS" ]; then
	# 1235 rows: parts with several hundred images each.
	merged "corpus zealotsniper-bbox" "$ANN_CORPUS/labelbox/export-v2/zealotsniper-bbox.export-v2.ndjson"
	# One task: the parts without it list the config's categories without
	# the keypoints its boxes carry.
	ann-cat "$ANN_CORPUS/label-studio/export/sdk-yolo-keypoints.export.json" > "$scratch/kp.ndjson"
	merged "corpus sdk-yolo-keypoints (categories with keypoints)" "$scratch/kp.ndjson" \
		-c "$ANN_CORPUS/label-studio/export/sdk-yolo-keypoints.config.xml"
else
	skip "corpus exports" "ANN_CORPUS not set (scripts/test sets it)"
fi

# The summary counts what was merged.
ann-tococo -q --part 0/2 "$ls" > "$scratch/a.json"
ann-tococo -q --part 1/2 "$ls" > "$scratch/b.json"
ann-tococo --merge "$scratch/a.json" "$scratch/a.json" > /dev/null 2> "$scratch/err"
check "the summary: $(cat "$scratch/err")" grep -q '^ann-tococo: 2 documents merged: [0-9]* images, [0-9]* annotations, [0-9]* categor' "$scratch/err"

# Discovered labels numbered differently in two parts: an error naming
# the category, both documents and the options that fix it, and no output.
ann-tococo --merge -o "$scratch/out.json" "$scratch/a.json" "$scratch/b.json" 2> "$scratch/err"
st=$?
[ $st = 2 ] && [ ! -e "$scratch/out.json" ]
check "categories that disagree: exit $st, no output" [ $? = 0 ]
check "the message names the category, the documents and -C/-c: $(cat "$scratch/err")" \
	grep -q "b.json (byte [0-9]*): category .* in .*a.json; give every part the same categories (-C FILE or -c CONFIG)" "$scratch/err"

# A category whose boxes carried keypoints in one part only: the entry
# with them is kept; two that differ otherwise are an error.
doc() {	# doc CATEGORY-OBJECT: a document of one image and no annotations
	printf '{"info":{},\n"images":[\n{"width":1,"height":1,"id":1,"file_name":"x"}\n],\n"annotations":[\n],\n"categories":[\n%s\n]}\n' "$1"
}
doc '{"id":0,"name":"person"}' > "$scratch/k1.json"
doc '{"id":0,"name":"person","keypoints":["nose"],"skeleton":[]}' > "$scratch/k2.json"
doc '{"id":0,"name":"person","keypoints":["eye"],"skeleton":[]}' > "$scratch/k3.json"
ann-tococo -q --merge "$scratch/k1.json" "$scratch/k2.json" > "$scratch/out.json"
st=$?
[ $st = 0 ] &&
	[ "$(jq -c '.categories' "$scratch/out.json")" = '[{"id":0,"name":"person","keypoints":["nose"],"skeleton":[]}]' ] &&
	[ "$(jq -c '[.images[].id]' "$scratch/out.json")" = '[1,2]' ]
check "keypoints in one part's category: kept (exit $st)" [ $? = 0 ]
ann-tococo -q --merge "$scratch/k2.json" "$scratch/k3.json" > /dev/null 2> "$scratch/err"
st=$?
[ $st = 2 ] &&
	grep -q 'k3.json (byte [0-9]*): category 0 "person" differs from the one in .*k2.json' "$scratch/err"
check "categories that differ in a member: exit $st, $(cat "$scratch/err")" [ $? = 0 ]

# Not what ann-tococo writes: refused, positioned, no output left.
refused() {	# refused DESC PATTERN: the document in $scratch/bad.json
	rm -f "$scratch/out.json"
	ann-tococo --merge -o "$scratch/out.json" "$scratch/a.json" "$scratch/bad.json" 2> "$scratch/err"
	st=$?
	[ $st = 2 ] && [ ! -e "$scratch/out.json" ] && grep -q -e "$2" "$scratch/err"
	check "$1: exit $st, no output, $(head -c 200 "$scratch/err")" [ $? = 0 ]
}
head -c 300 "$scratch/b.json" > "$scratch/bad.json"
refused "a truncated document" 'bad.json.*: .*unexpected end of the document'
ann-tococo -q --predictions --results --part 0/2 "$ls" > "$scratch/bad.json"
refused "a results array" 'bad.json (byte 0): a COCO results array (--results)'
sed 's/"images":/"licenses":[],"images":/' "$scratch/a.json" > "$scratch/bad.json"
refused "a member ann-tococo does not write" 'bad.json (byte [0-9]*): member "licenses": only a document written by ann-tococo'
sed 's/"image_id":1,/"image_id":99,/' "$scratch/a.json" > "$scratch/bad.json"
refused "an annotation past the document's images" 'bad.json:1 (byte [0-9]*): annotation 1 is on image 99, past the document.s last image'
sed 's/"id":2,"file_name"/"id":"2","file_name"/' "$scratch/a.json" > "$scratch/bad.json"
refused "an image id that is not a number" 'bad.json:2 (byte [0-9]*): image 2 has no "id" that is a whole number from 1'
printf '{"info":{},"images":[{"id":1}],"annotations":[],"categories":[]} x' > "$scratch/bad.json"
refused "bytes after the document" 'more after the document'
refused_use() {	# refused_use DESC PATTERN ARGS...: a usage error
	desc=$1 pat=$2
	shift 2
	ann-tococo "$@" > /dev/null 2> "$scratch/err" < "$scratch/a.json"
	st=$?
	[ $st = 2 ] && grep -q -e "$pat" "$scratch/err"
	check "$desc: exit $st, $(head -n 1 "$scratch/err")" [ $? = 0 ]
}
refused_use "--merge with a conversion option" '--merge joins documents already converted: -e does not go with it' --merge -e "$scratch/a.json"
refused_use "--merge of standard input" 'name files, not standard input' --merge -
refused_use "--merge of nothing" '--merge needs the documents' --merge

# Streamed: merging documents of 100 MB of tasks stays in a few MB.
"$gen" --format ls-ndjson --size 100M > "$scratch/big.ndjson"
ann-tococo -q --part 0/2 "$scratch/big.ndjson" > "$scratch/big0.json"
ann-tococo -q --part 1/2 "$scratch/big.ndjson" > "$scratch/big1.json"
ann-tococo -q "$scratch/big.ndjson" > "$scratch/bigw.json"
rm -f "$scratch/big.ndjson"
size=$(wc -c < "$scratch/big0.json")
"$rss" "$scratch/rss" ann-tococo -q --merge "$scratch/big0.json" "$scratch/big1.json" > "$scratch/bigm.json"
st=$?
kb=$(cat "$scratch/rss")
[ $st = 0 ] && cmp -s "$scratch/bigw.json" "$scratch/bigm.json"
check "merging two documents of $size bytes and more: exit $st, the whole's document" [ $? = 0 ]
# Outside sanitizer builds (shadow memory, quarantine) the limit is below
# the first document's size: no document is held.
[ $st = 0 ] && [ "$kb" -lt $rss_limit ]
check "peak RSS merging them: $kb KiB (limit $rss_limit, documents of $((size / 1024)) KiB and more)" [ $? = 0 ]
done_testing
