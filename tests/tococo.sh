#!/bin/sh
# tests/tococo.sh: ann-tococo against its manual page.  Every expected
# number comes from tests/tococo/coco.py, which computes it from the
# export with the page's rules (percents to pixels, rotation, shoelace,
# ellipse, cocoapi's RLE string format), never from ann-tococo's output.
# The shared corpus (ANN_CORPUS) adds real exports and RLE reference
# vectors; without it those parts are skipped.
#
# Starting python3 is slow, so the checks that need it are written to a
# plan as they come and run together at the end, in one python3.
. "${top_srcdir:-.}/tests/lib.sh"
if ! command -v python3 > /dev/null; then
	echo "1..0 # SKIP python3 not installed (scripts/setup installs it)"
	exit 0
fi
T="$srcdir_abs/tests/tococo"
s=$scratch
plan="$s/plan"
: > "$plan"
have_corpus=
if [ -n "${ANN_CORPUS:-}" ] && [ -d "$ANN_CORPUS" ]; then
	have_corpus=1
fi

# run NAME ARG...: ann-tococo ARG... > $s/NAME.json 2> $s/NAME.err; code.
run() {
	run_out=$1
	shift
	ann-tococo "$@" > "$s/$run_out.json" 2> "$s/$run_out.err"
	code=$?
}

# oracle DESCRIPTION SUBCOMMAND ARG...: a check by coco.py, passing when
# it says "ok" (see coco.py); run with the others at the end.
oracle() {
	line=$1
	shift
	for a in "$@"; do
		line="$line	$a"
	done
	printf '%s\n' "$line" >> "$plan"
}

# expect DESCRIPTION DOC EXPR WANT: the JSON of EXPR (d is the document,
# labels(d) each image's category names) is WANT.
expect() {
	oracle "$1" is "$2" "$3" "$4"
}

skip() {
	ok "$* # SKIP ANN_CORPUS not set"
}

# offset FILE N: the byte offset of line N (from 1) of FILE.
offset() {
	head -n $(($2 - 1)) "$1" | wc -c | tr -d ' '
}

# --- 1. every export it can read gives a well-formed document --------------
for f in "$EXAMPLES/ls-export.json" "$EXAMPLES/labelbox-export-v2.ndjson"; do
	name=$(basename "$f")
	run "$name" "$f"
	is "$name: exit status" $code 0
	oracle "$name: valid COCO" validate "$s/$name.json" --input "$f" --stderr "$s/$name.err"
done
if [ -n "$have_corpus" ]; then
	for f in "$ANN_CORPUS"/label-studio/export/*.json "$ANN_CORPUS"/labelbox/export-v2/*.ndjson; do
		name=$(basename "$f")
		# -k: the odd files among them hold records that are not tasks
		run "$name" -k "$f"
		if [ $code -ne 0 ] && ! { [ $code -eq 2 ] && grep -q 'not a task' "$s/$name.err"; }; then
			not_ok "$name: exit $code: $(head -c 300 "$s/$name.err")"
			continue
		fi
		oracle "$name (exit $code): valid COCO" validate "$s/$name.json" --input "$f" --stderr "$s/$name.err"
	done
	for cfg in "$ANN_CORPUS"/label-studio/export/*.config.xml; do
		f=${cfg%.config.xml}.export.json
		[ -f "$f" ] || continue
		name=$(basename "$f")
		desc="$name -c $(basename "$cfg")"
		run "$name-c" -c "$cfg" "$f"
		if [ $code -eq 2 ] && grep -q 'label.*not among' "$s/$name-c.err"; then
			# sdk-yolo-obb labels "Butterfly"; its config says "butterfly"
			ok "$desc: exit 2 for a label outside the config: $(grep -m1 'not among' "$s/$name-c.err" | cut -c1-160)"
			desc="$desc --add-unknown"
			run "$name-c" -c "$cfg" --add-unknown "$f"
		fi
		is "$desc: exit status" $code 0
		oracle "$desc: valid COCO" validate "$s/$name-c.json" --input "$f" --stderr "$s/$name-c.err"
	done

	# --- 2. label-studio-sdk's own test_export_coco facts ------------------
	run sdk -c "$ANN_CORPUS/label-studio/export/sdk-coco.config.xml" \
	    "$ANN_CORPUS/label-studio/export/sdk-coco.export.json"
	oracle "sdk-coco: the facts label-studio-sdk's test_export_coco.py asserts" sdkcoco "$s/sdk.json"
else
	skip "real exports from the shared corpus are valid COCO"
	skip "sdk-coco: the facts label-studio-sdk's test_export_coco.py asserts"
fi

# --- 3. pixels: rotated rectangles on a 800x400 image, polygons, ellipses, --
# keypoints; Labelbox pixels
run geo "$T/geometry.json"
is "geometry.json: exit status" $code 0
oracle "rectangles turned 0, 30, 90, 180, -45, 370 degrees, polygons, ellipses, keypoints, first labels, to 1e-6" \
    geometry "$T/geometry.json" "$s/geo.json"
oracle "geometry.json: valid COCO" validate "$s/geo.json" --input "$T/geometry.json" --stderr "$s/geo.err"
run geo2 "$T/geometry.json"
check "the same input gives the same bytes" cmp -s "$s/geo.json" "$s/geo2.json"
expect "info carries no date" "$s/geo.json" '[k for k in d["info"] if "date" in k or "year" in k]' '[]'
run geoq -q "$T/geometry.json"
check "-q: no summary line" [ ! -s "$s/geoq.err" ]
run lb "$T/geometry-labelbox.ndjson"
is "geometry-labelbox.ndjson: exit status" $code 0
oracle "Labelbox bounding_box, polygon and point, in pixels" \
    geometry "$T/geometry-labelbox.ndjson" "$s/lb.json"
oracle "geometry-labelbox.ndjson: valid COCO" validate "$s/lb.json" \
    --input "$T/geometry-labelbox.ndjson" --stderr "$s/lb.err"
check "a Labelbox line becomes keypoints, not a skip" \
    sh -c "! grep -q 'cannot hold' '$s/lb.err'"
check "a Labelbox mask given as a URL is counted in the summary" \
    grep -Eq '[;:,] 1 [^,;]*mask' "$s/lb.err"

# --- 4. brush masks: Label Studio RLE in, COCO compressed RLE out -----------
# A 5x4 mask encoded here, then every corpus/rle reference case.
python3 "$T/coco.py" brush-fixture "$s/bf.ndjson"
run bf "$s/bf.ndjson"
is "a hand-made brush mask: exit status" $code 0
oracle "a hand-made brush mask: its counts decode to it; area 7, bbox [1, 1, 4, 3]" brush-check "$s/bf.json"
oracle "a hand-made brush mask: valid COCO" validate "$s/bf.json" --stderr "$s/bf.err"
run bfr --predictions --results "$s/bf.ndjson"
oracle "--results: a mask as segmentation and bbox, a keypoint as keypoints" brush-check "$s/bfr.json" --results
if [ -n "$have_corpus" ]; then
	cases=$(cd "$ANN_CORPUS/rle" && for d in */; do [ -f "$d/ls_rle.json" ] && echo "${d%/}"; done)
	python3 "$T/coco.py" rle-tasks "$ANN_CORPUS" "$s/brush.ndjson" $cases
	run brush "$s/brush.ndjson"
	is "brush masks: exit status" $code 0
	oracle "brush masks of every corpus/rle case: counts, mask, area and bbox" \
	    rle-check "$ANN_CORPUS" "$s/brush.json" $cases
	oracle "brush masks: valid COCO, iscrowd 0" validate "$s/brush.json" --stderr "$s/brush.err"
	run crowd --crowd-masks "$s/brush.ndjson"
	oracle "--crowd-masks: iscrowd 1" validate "$s/crowd.json" --stderr "$s/crowd.err" --crowd
else
	skip "brush masks against the corpus RLE reference vectors"
fi

# --- 5. categories -------------------------------------------------------
C="$T/categories.json"
run c -c "$T/categories.xml" "$C"
is "-c: exit status" $code 0
oracle "-c: category=\"5\" keeps 5, the others sorted take 0, 1, 2; only image *Labels" \
    cats "$s/c.json" 'apple=0 banana=1 mango=2 zebra=5'
expect "-c: the regions have their labels' ids" "$s/c.json" \
    '[[c["name"] for c in d["categories"] if c["id"] == a["category_id"]][0] for a in d["annotations"]]' \
    '["apple", "banana", "zebra"]'
expect "-c: the image is the Image tag's data key (\$img, not the first string)" \
    "$s/c.json" 'd["images"][0]["file_name"]' "https://example.com/fruit/1.jpg"
run c0 "$C"
expect "without -c, the image is the first string of data" \
    "$s/c0.json" 'd["images"][0]["file_name"]' "a caption, the first string of data"
run c1 -c "$T/categories.xml" --category-base 1 "$C"
oracle "-c --category-base 1" cats "$s/c1.json" 'apple=1 banana=2 mango=3 zebra=5'
sed 's/category="5"/category="1"/' "$T/categories.xml" > "$s/cat1.xml"
run c2 -c "$s/cat1.xml" --category-base 1 "$C"
oracle "-c: category=\"1\" with base 1: the others skip the taken id" \
    cats "$s/c2.json" 'zebra=1 apple=2 banana=3 mango=4'
run cu -c "$T/categories.xml" --strict-labels "$T/unknown.json"
is "-c --strict-labels: a label outside the config: exit status" $code 2
check "-c: ... and the message names the label" grep -q kiwi "$s/cu.err"
run cua -c "$T/categories.xml" "$T/unknown.json"
oracle "-c: a label outside it takes the next id" \
    cats "$s/cua.json" 'apple=0 banana=1 mango=2 zebra=5 kiwi=6'
check "-c: ... with a warning naming it and its count" \
    grep -q '1 label not in the given categories added after them, with 1 region: "kiwi" (1)' "$s/cua.err"
run cuk -c "$T/categories.xml" --add-unknown "$T/unknown.json"
oracle "-c --add-unknown (the default, kept for scripts) does the same" \
    cats "$s/cuk.json" 'apple=0 banana=1 mango=2 zebra=5 kiwi=6'
run k -C "$T/classes.txt" "$C"
oracle "-C: the file's names in order from 0" cats "$s/k.json" 'zebra=0 mango=1 apple=2 banana=3'
oracle "-C: valid COCO" validate "$s/k.json" --stderr "$s/k.err"
run k1 -C "$T/classes.txt" --category-base 1 "$C"
oracle "-C --category-base 1" cats "$s/k1.json" 'zebra=1 mango=2 apple=3 banana=4'
oracle "-C --category-base 1: valid COCO" validate "$s/k1.json" --base 1 --stderr "$s/k1.err"
run ku -C "$T/classes.txt" --strict-labels "$T/unknown.json"
is "-C --strict-labels: a label outside the file: exit status" $code 2
check "-C: ... and the message names the label" grep -q kiwi "$s/ku.err"
run kua -C "$T/classes.txt" "$T/unknown.json"
oracle "-C: a label outside the file takes the next id" \
    cats "$s/kua.json" 'zebra=0 mango=1 apple=2 banana=3 kiwi=4'
run disc "$T/discovered.ndjson"
oracle "no -c or -C: the labels found, sorted by name, from 0" \
    cats "$s/disc.json" 'Zebra=0 apple=1 banana=2 mango=3'
run disc1 --category-base 1 "$T/discovered.ndjson"
oracle "no -c or -C, --category-base 1" cats "$s/disc1.json" 'Zebra=1 apple=2 banana=3 mango=4'
oracle "--category-base 1: valid COCO" validate "$s/disc1.json" --base 1 --stderr "$s/disc1.err"

# --- 6. options ----------------------------------------------------------
O="$T/options.json"
python3 "$T/coco.py" images "$s/img"
R="--image-root=$s/img"
run opt $R "$O"
is "options.json: exit status" $code 0
oracle "options.json: valid COCO" validate "$s/opt.json" --input "$O" --stderr "$s/opt.err"
expect "every task with an image is kept, annotated or not" "$s/opt.json" 'len(d["images"])' 6
expect "the newest annotation is chosen" "$s/opt.json" 'labels(d)[0]' '["new"]'
expect "a ground-truth annotation is chosen over a newer one" "$s/opt.json" 'labels(d)[1]' '["gt"]'
expect "a cancelled annotation is not chosen, though newer" "$s/opt.json" 'labels(d)[2]' '["kept"]'
expect "when dates tie, the later in the export" "$s/opt.json" 'labels(d)[5]' '["tie2"]'
check "the cancelled annotation is counted" grep -Eq '[:;,] 1 [^,;]*cancel' "$s/opt.err"
expect "--image-root: a PNG's size from its IHDR" "$s/opt.json" \
    '[d["images"][3]["width"], d["images"][3]["height"]]' '[1234, 567]'
expect "--image-root: a JPEG's size from its SOF0" "$s/opt.json" \
    '[d["images"][4]["width"], d["images"][4]["height"]]' '[1110, 291]'
run e -e $R "$O"
expect "--skip-empty drops the unannotated images" "$s/e.json" 'labels(d)' '[["new"], ["gt"], ["kept"], ["tie2"]]'
check "--skip-empty counts them in the summary" grep -Eq '[:;,] 2 [^,;]*without annotations' "$s/e.err"
oracle "--skip-empty: valid COCO" validate "$s/e.json" --stderr "$s/e.err"
run pa -e --per-annotation $R "$O"
expect "--per-annotation: one image per annotation not cancelled" "$s/pa.json" 'sorted(labels(d))' \
    '[["gt"], ["kept"], ["late"], ["new"], ["old"], ["tie1"], ["tie2"]]'
oracle "--per-annotation: valid COCO" validate "$s/pa.json" --stderr "$s/pa.err"
run pa2 --per-annotation $R "$O"
expect "--per-annotation without -e keeps the unannotated tasks" "$s/pa2.json" 'len(d["images"])' 9
run gt --ground-truth-only $R "$O"
expect "--ground-truth-only" "$s/gt.json" 'labels(d)' '[[], ["gt"], [], [], [], []]'
run who --annotator late@example.com $R "$O"
expect "--annotator EMAIL" "$s/who.json" 'labels(d)' '[[], ["late"], [], [], [], []]'
run from --from-name outline $R "$O"
expect "--from-name: only that control's regions" "$s/from.json" \
    '[(a["image_id"], len(a["segmentation"][0])) for a in d["annotations"]]' '[[1, 6]]'
run pred --predictions $R "$O"
expect "--predictions: the predictions' regions" "$s/pred.json" 'labels(d)' '[["pred"], ["pred2"], [], [], [], []]'
oracle "--predictions: valid COCO" validate "$s/pred.json" --stderr "$s/pred.err"
run res --predictions --results $R "$O"
is "--predictions --results: exit status" $code 0
oracle "--results: the document's image and category ids, and bboxes" results "$s/pred.json" "$s/res.json"
expect "--results: the region's score, else its prediction's, else 1" "$s/res.json" \
    '[float(r["score"]) for r in d]' '[0.9, 0.8, 1.0]'
expect "--results: {image_id, category_id, bbox, segmentation, score}" "$s/res.json" \
    'sorted(set(k for r in d for k in r))' '["bbox", "category_id", "image_id", "score", "segmentation"]'
run url --file-name url $R "$O"
expect "--file-name url: the reference as exported" "$s/url.json" '[i["file_name"] for i in d["images"]]' \
    '["https://example.com/imgs/t0.png?sig=abc&x=1", "/data/local-files/?d=dir/sub/t1.png", "s3://bucket/key/t2.png", "https://example.com/imgs/t3.png", "https://example.com/imgs/t4.jpg", "/data/upload/3/abc-t5.png"]'
run base --file-name basename $R "$O"
expect "--file-name basename: the last element, no query" "$s/base.json" '[i["file_name"] for i in d["images"]]' \
    '["t0.png", "t1.png", "t2.png", "t3.png", "t4.jpg", "abc-t5.png"]'
run path --file-name path $R "$O"
expect "--file-name path: local files, the path after d=; no host: the path, relative" "$s/path.json" \
    '[d["images"][i]["file_name"] for i in (1, 5)]' '["dir/sub/t1.png", "data/upload/3/abc-t5.png"]'
expect "--file-name path: a URL's path, without scheme, host, query and leading slash" "$s/path.json" \
    '[d["images"][i]["file_name"] for i in (0, 2, 3)]' '["imgs/t0.png", "key/t2.png", "imgs/t3.png"]'
# sizes the export does not give
I="$T/imgroot.ndjson"
run root $R "$I"
is "--image-root, one image missing: exit status" $code 0
expect "--image-root: sizes of a PNG (URL with a query) and a JPEG (local file)" "$s/root.json" \
    '[[i["width"], i["height"]] for i in d["images"]]' '[[1234, 567], [1110, 291]]'
check "--image-root: the task whose image is missing is reported with its position" \
    grep -q "imgroot.ndjson:2 (byte $(offset "$I" 2))" "$s/root.err"
check "--image-root: ... and counted" grep -Eq '[:;,] 1 [^,;]*without an image size' "$s/root.err"
oracle "--image-root: valid COCO" validate "$s/root.json" --stderr "$s/root.err"
run noroot "$I"
is "no size, no --image-root: exit status" $code 0
check "no size, no --image-root: every task reported with its position" \
    sh -c "grep -q 'imgroot.ndjson:1 (byte 0)' '$s/noroot.err' &&
      grep -q 'imgroot.ndjson:2 (byte $(offset "$I" 2))' '$s/noroot.err' &&
      grep -q 'imgroot.ndjson:3 (byte $(offset "$I" 3))' '$s/noroot.err'"
check "no size, no --image-root: counted" grep -Eq '[:;,] 3 [^,;]*without an image size' "$s/noroot.err"
expect "no size, no --image-root: no images" "$s/noroot.json" 'len(d["images"])' 0
run arr "$O"
check "a JSON array: the tasks without a size reported as 4 and 5, with their bytes" \
    sh -c "grep -q 'options.json:4 (byte $(offset "$O" 5))' '$s/arr.err' &&
      grep -q 'options.json:5 (byte $(offset "$O" 6))' '$s/arr.err'"

# --- 7. -o: the file appears only when the document is whole ---------------
ann-tococo $R -o "$s/out.json" "$O" 2> "$s/out.err"
is "-o: exit status" $? 0
check "-o: the same bytes as standard output" cmp -s "$s/opt.json" "$s/out.json"
oracle "-o: the summary's counts are the document's" validate "$s/out.json" --stderr "$s/out.err"
{ sed -n 1p "$T/discovered.ndjson"; echo '{"foo": 1}'; sed -n 2p "$T/discovered.ndjson"; } > "$s/bad.ndjson"
ann-tococo -o "$s/bad.json" "$s/bad.ndjson" 2> "$s/bad.err"
is "-o, a bad record: exit status" $? 2
check "-o, a bad record: no output file" test ! -e "$s/bad.json"
check "-o, a bad record: it is reported with its position" grep -q 'bad.ndjson:2' "$s/bad.err"
ann-tococo -o "$s/unknown.json" --strict-labels -C "$T/classes.txt" "$T/unknown.json" 2> /dev/null
is "-o, a label outside the categories: exit status" $? 2
check "-o, a label outside the categories: no output file" test ! -e "$s/unknown.json"
ann-tococo -k -o "$s/badk.json" "$s/bad.ndjson" 2> "$s/badk.err"
is "-k -o, a bad record: exit status" $? 2
oracle "-k -o: the document is completed without it" validate "$s/badk.json" --stderr "$s/badk.err"
expect "-k -o: both good tasks are in it" "$s/badk.json" 'len(d["images"])' 2
ann-tococo -r "$s/rejects" -o "$s/badr.json" "$s/bad.ndjson" 2> /dev/null
is "-r: the bad record is written to the rejects" "$(cat "$s/rejects" 2> /dev/null)" '{"foo": 1}'

# --- 8. memory does not grow with the export -------------------------------
# Sanitizer builds carry shadow memory and a quarantine: a wider bound, as
# in tests/bigrecord.sh.  The tasks are mostly caption, so that the document
# stays small enough for python3 to read back quickly.
if [ -n "${ANN_SANITIZERS:-}" ]; then
	rss_limit=300000
else
	rss_limit=65536
fi
n=$(python3 "$T/coco.py" big "$s/big.json" 209715200)
"$builddir_abs/tests/peakrss" "$s/rss" ann-tococo -o "$s/big.coco" "$s/big.json" 2> "$s/big.err"
code=$?
size=$(wc -c < "$s/big.json")
rm -f "$s/big.json"
check "the tasks are over 200 MB ($size bytes)" [ "$size" -gt 209715200 ]
is "200 MB of tasks ($n): exit status" $code 0
kb=$(cat "$s/rss")
check "200 MB of tasks: peak RSS $kb KiB (limit $rss_limit)" [ "$kb" -lt $rss_limit ]
oracle "200 MB of tasks: valid COCO" validate "$s/big.coco" --stderr "$s/big.err"
expect "200 MB of tasks: one image a task" "$s/big.coco" 'len(d["images"])' "$n"

# --- the oracle's checks, in one python3 --------------------------------
python3 "$T/coco.py" batch "$plan" > "$s/verdicts" 2>&1
while IFS='	' read -r verdict what; do
	case $verdict in
	ok) ok "$what" ;;
	*) not_ok "$what" ;;
	esac
done < "$s/verdicts"
planned=$(wc -l < "$plan")
ran=$(wc -l < "$s/verdicts")
check "coco.py ran all $planned planned checks ($ran verdicts)" [ "$planned" -eq "$ran" ]
done_testing
