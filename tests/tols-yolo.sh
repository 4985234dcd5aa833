#!/bin/sh
# tests/tols-yolo.sh: ann-tols --from yolo against its manual page.  A small
# YOLO dataset per task kind is made here (PNG headers written with printf
# are all the image reader needs); each goes through ann-tols and back
# through ann-toyolo, which must give the same label lines to six decimals;
# every output passes ann-check against the config --config-out wrote; bad
# rows are refused with their file and line.
. "${top_srcdir:-.}/tests/lib.sh"
s=$scratch
rss="$builddir_abs/tests/peakrss"

# png FILE: a 640x480 PNG's header.
png() {
	printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\002\200\000\000\001\340\010\002\000\000\000' > "$1"
}

# checked NAME CONFIG TASKS: ann-check finds nothing wrong.
checked() {
	if out=$(ann-check -q -c "$2" "$3" 2>&1) && [ -z "$out" ]; then
		ok "$1: ann-check passes it against its config"
	else
		not_ok "$1: ann-check: $(echo "$out" | head -3 | tr '\n' ' ')"
	fi
}

# six FILE: its numbers at six decimals, whatever their writing.
six() {
	awk '{ for (i = 1; i <= NF; i++) printf "%s%s", (i > 1 ? " " : ""), \
	    (i == 1 ? $i : sprintf("%.6f", $i)); print "" }' "$1"
}

# roundtrip NAME TASK: dataset $s/NAME through ann-tols and ann-toyolo
# --task TASK; each label file comes back (its first COLS columns).
roundtrip() {
	name=$1 task=$2
	ann-tols --from yolo --config-out "$s/$name.xml" "$s/$name" \
	    > "$s/$name.ndjson" 2> "$s/$name.err"
	check "$name: exit 0" [ $? -eq 0 ]
	checked "$name" "$s/$name.xml" "$s/$name.ndjson"
	ann-toyolo -q -o "$s/$name.back" --task "$task" -c "$s/$name.xml" \
	    --predictions "$s/$name.ndjson" 2> "$s/$name.back.err"
	check "$name: ann-toyolo --task $task reads it back" [ $? -eq 0 ]
	bad=""
	for f in $(cd "$s/$name/labels" && find . -name '*.txt' | sort); do
		got="$s/$name.back/labels/train/$(basename "$f")"
		six "$s/$name/labels/$f" | cut -d' ' -f1-${cols:-999} > "$s/want"
		six "$got" > "$s/got" 2> /dev/null
		cmp -s "$s/want" "$s/got" || bad="$bad $f: $(diff "$s/want" "$s/got" | head -3 | tr '\n' ' ')"
	done
	check "$name: the same label lines to six decimals${bad:+:$bad}" [ -z "$bad" ]
}

# --- detect: a list of names, splits, a confidence, a negative image ------
d=$s/detect
mkdir -p "$d/images/train" "$d/images/val" "$d/labels/train" "$d/labels/val"
png "$d/images/train/a.png"; png "$d/images/train/b.png"; png "$d/images/val/c.PNG"
printf 'train: images/train\nval: images/val\nnc: 2\nnames:\n  - cat\n  - "dog # not a comment"\n' > "$d/data.yaml"
printf '0 0.500000 0.500000 0.250000 0.500000\n1 0.250000 0.300000 0.100000 0.200000\n' > "$d/labels/train/a.txt"
printf '1 0.123457 0.654321 0.200000 0.100000\n' > "$d/labels/val/c.txt"
cols=5 roundtrip detect detect
check "detect: an image without a label file is a task without results" \
    grep -qx '{"data":{"image":"images/train/b.png"}}' "$s/detect.ndjson"
check "detect: images in byte order of path, one task each" holds \
    '[ "$(grep -o "images/[a-z]*/[a-zA-Z.]*" "$s/detect.ndjson" | tr "\n" " ")" = "images/train/a.png images/train/b.png images/val/c.PNG " ]'
check "detect: the summary" grep -qx 'ann-tols: 3 tasks (1 without results), 3 results, 0 coordinates clipped to the image' "$s/detect.err"
check "detect: a quoted name keeps its #" grep -q '"rectanglelabels":\["dog # not a comment"\]' "$s/detect.ndjson"
ann-tols -q --from yolo --image-url /data/local-files/?d=ds/ "$d" > "$s/url.ndjson"
check "--image-url: put before the path in the dataset" \
    grep -q '"image":"/data/local-files/?d=ds/images/train/a.png"' "$s/url.ndjson"
ann-tols -q --from yolo "$d" > "$s/again.ndjson"
cp -r "$d" "$s/moved"
ann-tols -q --from yolo "$s/moved" > "$s/moved.ndjson"
check "ids: the same dataset gives the same ids wherever it lies" cmp -s "$s/again.ndjson" "$s/moved.ndjson"

# A sixth column is a confidence: the region's score.
printf '0 0.5 0.5 0.2 0.2 0.75\n0 0.5 0.5 0.2 0.2 0.25\n' > "$d/labels/train/b.txt"
ann-tols -q --from yolo "$d" > "$s/conf.ndjson"
check "detect: a sixth column is the region's score, their mean the prediction's" holds \
    'grep "train/b.png" "$s/conf.ndjson" | grep -q "\"predictions\":\[{\"score\":0.5,.*\"score\":0.75}.*\"score\":0.25}"'

# --- segment: a map of names, polygons of 3 and 5 points ------------------
d=$s/segment
mkdir -p "$d/images" "$d/labels"
png "$d/images/s.png"
printf 'names: {0: road, 1: car}\n' > "$d/data.yaml"
printf '1 0.100000 0.100000 0.300000 0.100000 0.200000 0.400000\n0 0.000000 0.500000 1.000000 0.500000 1.000000 1.000000 0.500000 0.900000 0.000000 1.000000\n' > "$d/labels/s.txt"
roundtrip segment segment
check "segment: polygons, never boxes" holds \
    '[ "$(grep -o "\"type\":\"[a-z]*\"" "$s/segment.ndjson" | sort -u)" = "\"type\":\"polygonlabels\"" ]'

# --- obb: 9 columns need --task; corners as ann-toyolo writes them --------
d=$s/obb
mkdir -p "$d/images" "$d/labels"
png "$d/images/r.png"
printf 'plane\nship\n' > "$d/classes.txt"
# 200x80 px at (100, 50) turned 30 degrees, and an upright one.
printf '1 0.156250 0.104167 0.426883 0.312500 0.364383 0.456838 0.093750 0.248504\n0 0.100000 0.100000 0.200000 0.100000 0.200000 0.300000 0.100000 0.300000\n' > "$d/labels/r.txt"
ann-tols --from yolo "$d" > /dev/null 2> "$s/obb9.err"
code=$?
check "obb: 9 columns without --task: exit 2, naming --task" exit_and_says 2 $code \
    "^ann-tols: $d/labels/r.txt:1: 9 columns: an OBB box or a 4-point polygon; say which with --task obb or --task segment$" "$s/obb9.err"
ann-tols --from yolo --task obb --config-out "$s/obb.xml" "$d" > "$s/obb.ndjson" 2> "$s/obb.err"
check "obb: exit 0" [ $? -eq 0 ]
checked obb "$s/obb.xml" "$s/obb.ndjson"
check "obb: rectanglelabels turned 30 degrees, 200x80 px at (100, 50)" python3 -c '
import json, sys
r = json.loads(open(sys.argv[1]).readline())["predictions"][0]["result"][0]["value"]
ok = [abs(r["rotation"] - 30) < 1e-3, abs(r["x"] * 6.4 - 100) < 1e-3,
      abs(r["y"] * 4.8 - 50) < 1e-3, abs(r["width"] * 6.4 - 200) < 1e-3,
      abs(r["height"] * 4.8 - 80) < 1e-3]
sys.exit(0 if all(ok) else 1)' "$s/obb.ndjson"
ann-toyolo -q -o "$s/obb.back" --task obb -c "$s/obb.xml" --predictions "$s/obb.ndjson"
six "$d/labels/r.txt" > "$s/want"; six "$s/obb.back/labels/train/r.txt" > "$s/got"
check "obb: ann-toyolo --task obb gives back the same corners to six decimals" cmp -s "$s/want" "$s/got"
ann-tols -q --from yolo --task segment "$d" > "$s/obb-seg.ndjson"
check "obb: --task segment reads the same rows as 4-point polygons" holds \
    '[ "$(grep -o "\"type\":\"polygonlabels\"" "$s/obb-seg.ndjson" | wc -l)" -eq 2 ]'

# --- pose: kpt_shape, a keypoint of visibility 0 left out -----------------
d=$s/pose
mkdir -p "$d/images/val" "$d/labels/val"
png "$d/images/val/q.png"
printf "nc: 1\nnames:\n- 'person' # a comment\nkpt_shape: [3, 3]\n" > "$d/data.yaml"
printf '0 0.500000 0.500000 0.400000 0.600000 0.450000 0.300000 2.000000 0.000000 0.000000 0.000000 0.550000 0.700000 2.000000\n' > "$d/labels/val/q.txt"
roundtrip pose pose
check "pose: a box and its two visible keypoints, joined by parentID" holds \
    '[ "$(grep -o "\"parentID\":\"[0-9a-f]*\"" "$s/pose.ndjson" | sort -u | wc -l)" -eq 1 ] &&
     [ "$(grep -o "\"keypointlabels\":" "$s/pose.ndjson" | wc -l)" -eq 2 ]'

# Two classes of one skeleton: the config lists each keypoint once.
cp -r "$d" "$s/pose2"
printf 'names: [a, b]\nkpt_shape: [3, 3]\n' > "$s/pose2/data.yaml"
printf '0 0.5 0.5 0.4 0.6 0.45 0.3 2 0 0 0 0.55 0.7 2\n1 0.5 0.5 0.2 0.2 0.45 0.3 2 0 0 0 0.55 0.7 2\n' \
    > "$s/pose2/labels/val/q.txt"
ann-tols -q --from yolo --config-out "$s/pose2.xml" "$s/pose2" > "$s/pose2.ndjson"
check "pose: two classes, each keypoint label once in the config" holds \
    '[ "$(grep -c "<Label value=\"0\" model_index=\"0\"/>" "$s/pose2.xml")" -eq 1 ]'
checked pose2 "$s/pose2.xml" "$s/pose2.ndjson"

# --- bad input: positioned, exit 2 ----------------------------------------
d=$s/bad
mkdir -p "$d/images/train" "$d/labels/train"
png "$d/images/train/a.png"
printf 'names: [a, b]\n' > "$d/data.yaml"
# bad NAME ROWS MESSAGE [OPTION]: run in the dataset, "." as its folder.
bad() {
	printf "$2" > "$d/labels/train/a.txt"
	(cd "$d" && ann-tols --from yolo $4 . > "$s/bad.out" 2> "$s/bad.err")
	code=$?
	if [ $code -eq 2 ] && [ "$(cat "$s/bad.err")" = "$3" ]; then
		ok "bad $1: $3"
	else
		not_ok "bad $1: exit $code, $(head -2 "$s/bad.err" | tr '\n' ' ')"
	fi
}
bad number '0 0.5 0.5 0.1 0.1\n1 0.5 0.5 0.1 0.1\n0 0.5 abc 0.1 0.1\n' \
    'ann-tols: labels/train/a.txt:3: column 3: "abc" is not a number'
bad class '0 0.5 0.5 0.1 0.1\n\n2 0.5 0.5 0.1 0.1\n' \
    "ann-tols: labels/train/a.txt:3: class 2 is not one of data.yaml's (0 to 1)"
bad fraction '0.5 0.5 0.5 0.1 0.1\n' \
    "ann-tols: labels/train/a.txt:1: class 0.5 is not one of data.yaml's (0 to 1)"
bad nan '0 nan 0.5 0.1 0.1\n' \
    'ann-tols: labels/train/a.txt:1: column 2: "nan" is not a number'
bad columns '0 0.5 0.5 0.1\n' \
    'ann-tols: labels/train/a.txt:1: 4 columns: not a YOLO row (5 or 6 detect, an odd number from 7 segment, 9 OBB)'
bad segment-as-box '0 0.1 0.1 0.3 0.1 0.2 0.4\n' \
    'ann-tols: labels/train/a.txt:1: 7 columns: a detect row has 5 (class, x, y, width, height), 6 with a confidence; a polygon is --task segment, never a box' \
    '--task detect'
bad pose-without-shape '0 0.5 0.5 0.1 0.1\n' \
    'ann-tols: data.yaml: --task pose needs kpt_shape in data.yaml' '--task pose'
bad negative '0 0.5 0.5 -0.1 0.1\n' \
    'ann-tols: labels/train/a.txt:1: a negative width or height'
printf '0 0.5 0.5 0.1 0.1\n' > "$d/labels/train/a.txt"
printf 'names:\n  0: a\n  2: c\n' > "$d/data.yaml"
(cd "$d" && ann-tols --from yolo . > /dev/null 2> "$s/gap.err")
check "names: a gap in the ids is an error" exit_and_says 2 $? \
    "^ann-tols: data.yaml: no name for class 1 (ids run from 0 without gaps)$" "$s/gap.err"
printf 'names:\n  - "\\x00"\n' > "$d/data.yaml"
(cd "$d" && ann-tols --from yolo . > /dev/null 2> "$s/nul.err")
check "names: a NUL byte in one is said, not taken for an empty name" exit_and_says 2 $? \
    "^ann-tols: data.yaml:2: class 0: an empty name, or one with a NUL byte$" "$s/nul.err"
printf 'nc: 3\nnames: [a, b]\n' > "$d/data.yaml"
(cd "$d" && ann-tols --from yolo . > /dev/null 2> "$s/nc.err")
check "names: nc must count them" exit_and_says 2 $? \
    "^ann-tols: data.yaml: nc is 3, but 2 names are given$" "$s/nc.err"
rm "$d/data.yaml"
ann-tols --from yolo "$d" > /dev/null 2> "$s/nonames.err"
check "names: neither data.yaml nor classes.txt is an error" exit_and_says 2 $? \
    "^ann-tols: $d: neither data.yaml nor classes.txt: no class names$" "$s/nonames.err"

# An image whose size cannot be read: named, counted, the run goes on.
printf 'a\nb\n' > "$d/classes.txt"
printf 'not a jpeg' > "$d/images/train/z.jpg"
ann-tols --from yolo "$d" > "$s/nosize.out" 2> "$s/nosize.err"
code=$?
check "no size: exit 0, the other image's task written" holds \
    '[ $code -eq 0 ] && [ "$(wc -l < "$s/nosize.out")" -eq 1 ]'
check "no size: the image named" grep -q "^ann-tols: $d/images/train/z.jpg: task skipped: " "$s/nosize.err"
check "no size: counted" grep -q "; skipped: 1 task without an image size$" "$s/nosize.err"

# --- names: --config, --from-name, --to-name ------------------------------
d=$s/detect
cat > "$s/named.xml" <<'XML'
<View>
  <Header value="Pets"/>
  <Image name="photo" value="$picture"/>
  <RectangleLabels name="boxes" toName="photo">
    <Label value="cat"/>
    <Label value="dog # not a comment"/>
  </RectangleLabels>
  <PolygonLabels name="outlines" toName="photo">
    <Label value="dog # not a comment"/>
  </PolygonLabels>
</View>
XML
ann-tols -q --from yolo -c "$s/named.xml" "$d" > "$s/named.ndjson" 2> "$s/named.err"
check "--config: exit 0" [ $? -eq 0 ]
check "--config: the control that has the label, its Image tag, its data key" holds \
    '[ "$(grep -o "\"from_name\":\"[a-z]*\",\"to_name\":\"[a-z]*\"" "$s/named.ndjson" | sort -u | tr "\n" " ")" = "\"from_name\":\"boxes\",\"to_name\":\"photo\" " ] &&
     [ "$(grep -c "^{\"data\":{\"picture\":\"images/" "$s/named.ndjson")" -eq 3 ]'
checked "--config" "$s/named.xml" "$s/named.ndjson"
sed 's/<PolygonLabels name="outlines"/<RectangleLabels name="more"/; s/<\/PolygonLabels>/<\/RectangleLabels>/' \
    "$s/named.xml" > "$s/twice.xml"
ann-tols -q --from yolo -c "$s/twice.xml" "$d" > /dev/null 2> "$s/twice.err"
check "--config: a label in two controls of the type is an error naming it" exit_and_says 2 $? \
    '^ann-tols: label "dog # not a comment": in two RectangleLabels controls of the config, "boxes" and "more": which one cannot be told$' "$s/twice.err"
grep -v 'value="cat"' "$s/named.xml" > "$s/nocat.xml"
ann-tols -q --from yolo -c "$s/nocat.xml" "$d" > /dev/null 2> "$s/nocat.err"
check "--config: a label no control has is an error naming it" exit_and_says 2 $? \
    '^ann-tols: label "cat": no control of the config for rectanglelabels results lists it$' "$s/nocat.err"
ann-tols -q --from yolo -c "$s/named.xml" --to-name photo "$d" > /dev/null 2> "$s/both.err"
check "--config with --to-name: a usage error" exit_and_says 2 $? "--config: the names come from it" "$s/both.err"
ann-tols -q --from yolo -c "$s/named.xml" --config-out "$s/x.xml" "$d" > /dev/null 2>&1
check "--config with --config-out: a usage error" [ $? -eq 2 ]
ann-tols -q --from yolo -c "$s/missing.xml" "$d" > /dev/null 2> "$s/missing.err"
check "--config: a config that cannot be read names it" exit_and_says 2 $? "^ann-tols: $s/missing.xml: " "$s/missing.err"
ann-tols -q --from yolo --from-name bb --to-name pic --config-out "$s/given.xml" "$d" > "$s/given.ndjson"
check "--from-name, --to-name: every result's names" holds \
    '[ "$(grep -o "\"from_name\":\"[a-z]*\",\"to_name\":\"[a-z]*\"" "$s/given.ndjson" | sort -u | tr "\n" " ")" = "\"from_name\":\"bb\",\"to_name\":\"pic\" " ]'
checked "--from-name, --to-name" "$s/given.xml" "$s/given.ndjson"
ann-tols -q --from yolo --from-name bb --config-out "$s/two.xml" "$s/pose" > /dev/null 2> "$s/two.err"
check "--from-name: two types of result cannot share the control --config-out writes" exit_and_says 2 $? \
    "^ann-tols: $s/two.xml: --from-name bb: the results are of several types, which one control cannot hold; give --config$" "$s/two.err"

# --image-root: the size from the image there when the dataset's cannot
# be read (images kept elsewhere, the dataset's copies placeholders).
mkdir -p "$s/root/train"
png "$s/root/train/z.jpg"
ann-tols --from yolo --image-root "$s/root" "$s/bad" > "$s/root.out" 2> "$s/root.err"
check "--image-root: the size read there, no skip" holds \
    '[ "$(wc -l < "$s/root.out")" -eq 2 ] && ! grep -q skipped "$s/root.err"'
check "no size: the message names --image-root" grep -q "task skipped: .*--image-root DIR reads it from DIR/train/z.jpg" "$s/nosize.err"

# --- options --------------------------------------------------------------
ann-tols --from yolo --images x "$d" > /dev/null 2>&1
check "--images with --from yolo: a usage error" [ $? -eq 2 ]
ann-tols --task obb "$d" > /dev/null 2>&1
check "--task without --from yolo: a usage error" [ $? -eq 2 ]
ann-tols --from yolo --task box "$d" > /dev/null 2> "$s/task.err"
check "--task box: a usage error naming the value" exit_and_says 2 $? \
    "--task box: detect, segment, obb or pose" "$s/task.err"
ann-tols --from yolo "$d" "$d" > /dev/null 2>&1
check "--from yolo: one dataset folder" [ $? -eq 2 ]

# --- memory: one label file at a time --------------------------------------
d=$s/big
mkdir -p "$d/images" "$d/labels"
printf 'names: [a]\n' > "$d/data.yaml"
png "$d/images/0.png"
i=0
while [ $i -lt 300 ]; do
	ln "$d/images/0.png" "$d/images/$i.png" 2> /dev/null
	i=$((i + 1))
done
awk 'BEGIN { for (i = 0; i < 20000; i++) print "0 0.5 0.5 0.1 0.1" }' > "$s/rows"
i=0
while [ $i -lt 300 ]; do
	ln "$s/rows" "$d/labels/$i.txt"
	i=$((i + 1))
done
"$rss" "$s/big.rss" ann-tols -q --from yolo "$d" > "$s/big.out"
code=$?
kb=$(cat "$s/big.rss")
check "big: exit 0, 300 tasks (got $code, $(wc -l < "$s/big.out"))" holds \
    '[ $code -eq 0 ] && [ "$(wc -l < "$s/big.out")" -eq 300 ]'
# 6 million rows written (about 1.6 GB of tasks); one task's are ~5 MB.
if [ -n "${ANN_SANITIZERS:-}" ]; then limit=400000; else limit=40000; fi
check "big: 300 label files of 20000 rows in peak ${kb} KiB (limit $limit)" [ "$kb" -lt $limit ]
done_testing
