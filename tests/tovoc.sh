#!/bin/sh
# tests/tovoc.sh: ann-tovoc against its manual page.  Every dataset it
# writes is parsed back by tests/tovoc/voccheck.py and compared with the
# input's regions, worked out there anew in pixels: Label Studio's
# converter tests' exports and Labelbox rows from the shared corpus, and
# the cases of tests/tovoc/tasks.ndjson, where label-studio-converter is
# wrong (the manual's COMPATIBILITY).
. "${top_srcdir:-.}/tests/lib.sh"
if ! command -v python3 > /dev/null; then
	echo "1..0 # SKIP python3 not installed (scripts/setup installs it)"
	exit 0
fi
T="$srcdir_abs/tests/tovoc"
s=$scratch

# voc NAME ARG...: ann-tovoc -o $s/NAME ARG... 2> $s/NAME.err; code.
voc() {
	name=$1
	shift
	ann-tovoc -o "$s/$name" "$@" 2> "$s/$name.err"
	code=$?
}

# valid NAME INPUT...: the objects are the input's regions in pixels.
valid() {
	name=$1
	shift
	if out=$(python3 "$T/voccheck.py" "$s/$name" "$@" 2>&1); then
		ok "$name: VOC read back is the regions in pixels ($out)"
	else
		not_ok "$name: VOC read back differs: $(echo "$out" | head -5 | tr '\n' ' ')"
	fi
}

# box FILE N: the Nth object's "name truncated xmin ymin xmax ymax".
box() {
	python3 - "$1" "$2" <<'PY'
import sys, xml.etree.ElementTree as ET
o = ET.parse(sys.argv[1]).getroot().findall("object")[int(sys.argv[2]) - 1]
print(o.find("name").text, o.find("truncated").text,
      *(o.find("bndbox/" + k).text for k in ("xmin", "ymin", "xmax", "ymax")))
PY
}

nobjects() { grep -c '<object>' "$1"; }

# --- 1. real exports of both platforms --------------------------------------
if [ -n "${ANN_CORPUS:-}" ] && [ -d "$ANN_CORPUS" ]; then
	E="$ANN_CORPUS/label-studio/export"
	for n in sdk-yolo sdk-yolo-obb sdk-yolo-polygons; do
		voc "$n" "$E/$n.export.json"
		is "$n: exit status" $code 0
		valid "$n" "$E/$n.export.json"
	done
	for f in "$ANN_CORPUS"/labelbox/export-v2/*.ndjson; do
		n=lb-$(basename "$f" .ndjson)
		voc "$n" "$f"
		is "$n: exit status" $code 0
		valid "$n" "$f"
	done
	grep -q ' 1096 objects, 1 class$' "$s/lb-zealotsniper-bbox.export-v2.err"
	check "Labelbox boxes: every one an object" [ $? -eq 0 ]
else
	skip "the corpus's exports" "ANN_CORPUS not set"
fi

# --- 2. the rules, and where the converter is wrong -------------------------
voc t -c "$T/config.xml" "$T/tasks.ndjson"
is "tasks: exit status" $code 0
valid t "$T/tasks.ndjson"
A=$s/t/Annotations
is "the first result without a size: the task is kept, sized from another" \
    "$(grep -c '<width>200</width>' "$A/a.xml")" 1
is "whole pixels: 1-based, both ends in" "$(box "$A/a.xml" 1)" "Dog 0 21 11 60 30"
is "fractions: every pixel touched" "$(box "$A/a.xml" 2)" "Cat 0 21 21 61 51"
is "7% of 100 is pixel 7, not 8" "$(box "$A/a.xml" 3)" "Cat 0 15 8 28 14"
is "a rotated box: its upright hull" "$(box "$A/b.xml" 1)" "Dog 0 81 21 135 75"
is "partly outside: clipped, truncated" "$(box "$A/b.xml" 2)" "Cat 1 181 1 200 5"
is "several labels: one object each" "$(box "$A/b.xml" 3)" "Dog 1 181 1 200 5"
is "a name with & and <: escaped, read back" "$(box "$A/b.xml" 4)" "R&D <x> 1 1 1 20 10"
is "wholly outside: no object" "$(nobjects "$A/b.xml")" 4
is "a polygon: its extent" "$(box "$A/a_5.xml" 1)" "Cat 0 21 11 60 40"
is "no regions: an annotation without objects" "$(nobjects "$A/empty.xml")" 0
is "the same base name: _<task id>" "$(grep '<filename>' "$A/a_5.xml" | tr -d '\t')" \
    "<filename>a_5.jpg</filename>"
printf 'a\nb\nempty\na_5\n' > "$s/want"
check "ImageSets/Main/train.txt: the images in input order" cmp -s "$s/want" "$s/t/ImageSets/Main/train.txt"
check "trainval.txt: the same images" cmp -s "$s/want" "$s/t/ImageSets/Main/trainval.txt"
printf 'Cat\nDog\nR&D <x>\n' > "$s/want"
check "labels.txt: in id order (category=\"2\" kept), added labels after" \
    cmp -s "$s/want" "$s/t/labels.txt"
grep -q 'tasks.ndjson:3 (byte [0-9]*): task 3 skipped: no image size in the export (original_width, media_attributes); --image-root reads it from the image$' "$s/t.err"
check "a task without a size: skipped, named, the fix named" [ $? -eq 0 ]
grep -q '^ann-tovoc: 5 tasks, 4 images (1 without objects), 8 objects, 3 classes; 1 rotated box as its upright hull; 1 region clipped to its image; skipped: 1 task without an image size, 1 annotation not chosen, 1 region of a kind the format cannot hold (choice 1), 1 region wholly outside its image$' "$s/t.err"
check "the summary counts every skip with its reason" [ $? -eq 0 ]
check "no temporary file left" [ -z "$(find "$s/t" -name '*.tmp*')" ]

# --image-root: the size from the image's header.
mkdir -p "$s/imgs"
printf '\211PNG\r\n\032\n\0\0\0\rIHDR\0\0\0\310\0\0\0\144' > "$s/imgs/nosize.png"
voc root --image-root "$s/imgs" -c "$T/config.xml" "$T/tasks.ndjson"
is "--image-root: exit status" $code 0
is "--image-root: the task without a size is converted" \
    "$(box "$s/root/Annotations/nosize.xml" 1)" "Cat 0 21 11 40 20"

voc norot --no-rotated -c "$T/config.xml" "$T/tasks.ndjson"
is "--no-rotated: exit status" $code 0
is "--no-rotated: the rotated box is left out" "$(nobjects "$s/norot/Annotations/b.xml")" 3
grep -q '1 rotated rectangle (--no-rotated)' "$s/norot.err"
check "--no-rotated: and counted" [ $? -eq 0 ]

# --- 3. failures leave no lists -----------------------------------------------
printf 'Cat\nDog\n' > "$s/cats"
voc strict --strict-labels -C "$s/cats" "$T/tasks.ndjson"
is "a label outside the classes: exit status" $code 2
grep -q 'label "R&D <x>" is not among the classes (without --strict-labels it is added after them)' "$s/strict.err"
check "the message names --strict-labels" [ $? -eq 0 ]
check "no image set list after a failed run" [ ! -e "$s/strict/ImageSets/Main/train.txt" ]
check "no labels.txt after a failed run" [ ! -e "$s/strict/labels.txt" ]
check "no temporary file after a failed run" [ -z "$(find "$s/strict" -name '*.tmp*')" ]
printf '{"id":9,"data":{"image":"c.jpg"},"annotations":[{"result":[{"type":"rectanglelabels","original_width":10,"original_height":10,"value":{"x":1,"y":1,"width":5,"height":5,"rectanglelabels":["a\\u0001b"]}}]}]}\n' > "$s/ctl.ndjson"
voc ctl -k "$s/ctl.ndjson"
is "a label XML cannot hold: exit status" $code 2
grep -q 'label "a.b" has a control character, which XML cannot hold' "$s/ctl.err"
check "a label XML cannot hold: said, not written" [ $? -eq 0 ]
ann-tovoc "$T/tasks.ndjson" 2> "$s/noout.err"
is "without -o: exit status" $? 2

# --- 4. hostile inputs: an error with its position, never a crash -----------
bad=""
for input in "$srcdir_abs"/tests/bad/*.json "$srcdir_abs"/tests/bad/*.ndjson; do
	ann-tovoc -o "$s/hostile" < "$input" > /dev/null 2> "$s/err"
	code=$?
	case "$(head -n 1 "$s/err")" in
	"ann-tovoc: <stdin>:"*) [ $code -eq 2 ] || bad="$bad ${input##*/}:$code" ;;
	*) bad="$bad ${input##*/}:$code:message" ;;
	esac
done
check "hostile inputs: exit 2 and a positioned message each${bad:+:$bad}" [ -z "$bad" ]
# An annotation file that cannot be written is an error, and no list
# appears (Annotations a file, not a folder: root can write anywhere else).
mkdir -p "$s/ro"
: > "$s/ro/Annotations"
voc ro "$T/tasks.ndjson"
is "an annotation file that cannot be written: exit status" $code 2
grep -q 'Annotations/a.xml' "$s/ro.err"
check "an annotation file that cannot be written: the file named" [ $? -eq 0 ]
check "an annotation file that cannot be written: no list" \
    [ ! -e "$s/ro/ImageSets/Main/train.txt" ]

# --- 5. --split: the VOC devkit's image sets ----------------------------------
# 300 tasks, 74 classes (more than one pass of the per-class lists), names
# that are no file name as they are, a third of the images without objects.
python3 - "$s/many.ndjson" <<'PY'
import json, random, sys
random.seed(3)
with open(sys.argv[1], "w") as f:
    for i in range(300):
        res = [{"id": "ch", "type": "choices", "original_width": 100,
                "original_height": 100, "value": {"choices": ["x"]}}]
        for k in range(random.randint(0, 3)):
            c = ("c%d" % random.randint(0, 69) if i % 3 else
                 random.choice(["Cat", "Dog", "a/b", ".hid"]))
            res.append({"id": "r%d" % k, "type": "rectanglelabels",
                        "original_width": 100, "original_height": 100,
                        "value": {"x": 10, "y": 10, "width": 20, "height": 20,
                                  "rectanglelabels": [c]}})
        f.write(json.dumps({"id": i, "data": {"image": "d/%d.jpg" % i},
                            "annotations": [{"result": res}]}) + "\n")
PY
# splitok NAME PART...: the lists and per-class flags are the annotations'.
splitok() {
	name=$1
	shift
	if out=$(python3 "$T/splitcheck.py" "$s/$name" "$@" 2>&1); then
		ok "$name: every image in one part, per-class flags as the XML ($out)"
	else
		not_ok "$name: $(echo "$out" | head -5 | tr '\n' ' ')"
	fi
}
voc split3 --split 80/10/10 --seed 7 "$s/many.ndjson"
is "--split 80/10/10: exit status" $code 0
splitok split3 train val test
M=$s/split3/ImageSets/Main
check "a class named a/b: a_b_train.txt" [ -s "$M/a_b_train.txt" ]
check "a class named .hid: _hid_train.txt" [ -s "$M/_hid_train.txt" ]
grep -q '^[0-9]*  1$' "$M/Cat_train.txt" && grep -q '^[0-9]* -1$' "$M/Cat_train.txt"
check "the flag two wide, as the devkit writes it: 'stem  1', 'stem -1'" [ $? -eq 0 ]
grep -q '; [0-9]* in train, [0-9]* in val, [0-9]* in test;' "$s/split3.err"
check "the summary counts each part" [ $? -eq 0 ]
check "--split: no temporary file left" [ -z "$(find "$s/split3" -name '*.tmp*')" ]
ann-toyolo -o "$s/yolo3" --split 80/10/10 --seed 7 "$s/many.ndjson" 2> /dev/null
same=yes
for p in train val test; do
	sed 's,^d/,,; s,\.jpg$,,' "$s/yolo3/$p.txt" | cmp -s - "$M/$p.txt" || same=no
done
is "the same seed: every task in ann-toyolo's part" $same yes
voc split3b --split 80/10/10 --seed 8 "$s/many.ndjson"
cmp -s "$M/val.txt" "$s/split3b/ImageSets/Main/val.txt"
check "another seed, another split" [ $? -ne 0 ]

# Two parts, classes from the config: trainval is every image, and a class
# no image holds still has its lists, all -1.
voc split2 --split 90/10 -c "$T/config.xml" "$T/tasks.ndjson"
is "--split 90/10: exit status" $code 0
splitok split2 train val
check "--split 90/10: no test list" [ ! -e "$s/split2/ImageSets/Main/test.txt" ]
is "trainval: every image" "$(wc -l < "$s/split2/ImageSets/Main/trainval.txt" | tr -d ' ')" 4
check "without --split: train.txt and trainval.txt only, as before" \
    [ "$(ls "$s/t/ImageSets/Main" | tr '\n' ' ')" = "train.txt trainval.txt " ]
voc split2bad --split 90/20 "$T/tasks.ndjson"
is "--split 90/20: exit status" $code 2
grep -q -- '--split 90/20: two or three whole percents above 0 adding up to 100' "$s/split2bad.err"
check "--split 90/20: the value named" [ $? -eq 0 ]
voc splitstrict --split 90/10 --strict-labels -C "$s/cats" "$T/tasks.ndjson"
is "--split, a label outside the classes: exit status" $code 2
check "--split, a failed run: no per-class list" [ ! -e "$s/splitstrict/ImageSets/Main/Cat_train.txt" ]

# --- 6. memory: bounded by a record, not the export -------------------------
python3 - "$s/big.ndjson" <<'PY'
import json, sys
r = [{"id": "r%d" % k, "type": "rectanglelabels", "original_width": 640,
      "original_height": 480, "value": {"x": k % 90, "y": 5, "width": 5,
      "height": 5, "rectanglelabels": ["Cat"]}} for k in range(20)]
with open(sys.argv[1], "w") as f:
    for i in range(20000):
        f.write(json.dumps({"id": i, "data": {"image": "d/%d.jpg" % i},
                            "annotations": [{"result": r}]}) + "\n")
PY
if [ -n "${ANN_SANITIZERS:-}" ]; then rss_limit=300000; else rss_limit=65536; fi
"$builddir_abs/tests/peakrss" "$s/rss" ann-tovoc -q -o "$s/big" "$s/big.ndjson"
is "20,000 tasks: exit status" $? 0
kb=$(cat "$s/rss")
check "20,000 tasks: peak RSS $kb KiB (limit $rss_limit)" [ "$kb" -lt $rss_limit ]
is "20,000 tasks: 20,000 annotation files" "$(ls "$s/big/Annotations" | wc -l | tr -d ' ')" 20000
"$builddir_abs/tests/peakrss" "$s/rss" ann-tovoc -q -o "$s/bigsplit" --split 80/10/10 "$s/big.ndjson"
is "20,000 tasks, --split: exit status" $? 0
kb=$(cat "$s/rss")
check "20,000 tasks, --split: peak RSS $kb KiB (limit $rss_limit)" [ "$kb" -lt $rss_limit ]
is "20,000 tasks, --split: 20,000 lines in Cat_trainval.txt and test.txt" \
    "$(cat "$s/bigsplit/ImageSets/Main/Cat_trainval.txt" "$s/bigsplit/ImageSets/Main/test.txt" | wc -l | tr -d ' ')" 20000
done_testing
