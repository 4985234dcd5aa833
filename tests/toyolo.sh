#!/bin/sh
# tests/toyolo.sh: ann-toyolo against its manual page.  Every dataset it
# writes is checked by tests/yolocheck.py (Ultralytics' loading rules);
# label-studio-converter's own YOLO test exports (the shared corpus) are
# compared byte for byte with tests/toyolo/lsyolo.py, the converter's
# formulas computed anew where it is right.
. "${top_srcdir:-.}/tests/lib.sh"
if ! command -v python3 > /dev/null; then
	echo "1..0 # SKIP python3 not installed (scripts/setup installs it)"
	exit 0
fi
T="$srcdir_abs/tests/toyolo"
s=$scratch

# yolo NAME ARG...: ann-toyolo -o $s/NAME ARG... 2> $s/NAME.err; code.
yolo() {
	name=$1
	shift
	ann-toyolo -o "$s/$name" "$@" 2> "$s/$name.err"
	code=$?
}

# valid NAME TASK: the dataset passes Ultralytics' rules.
valid() {
	if out=$(python3 "$srcdir_abs/tests/yolocheck.py" "$s/$1" --task "$2" 2>&1); then
		ok "$1: a valid YOLO $2 dataset ($out)"
	else
		not_ok "$1: not a valid YOLO $2 dataset: $(echo "$out" | head -5)"
	fi
}

# file_is DESCRIPTION FILE TEXT: FILE holds exactly TEXT (printf %b).
file_is() {
	printf '%b' "$3" > "$s/want"
	if cmp -s "$2" "$s/want"; then ok "$1"; else
		not_ok "$1: $(od -c "$2" 2>&1 | head -3)"
	fi
}

# --- 1. label-studio-converter's test exports, byte for byte ---------------
if [ -n "${ANN_CORPUS:-}" ] && [ -d "$ANN_CORPUS" ]; then
	E="$ANN_CORPUS/label-studio/export"
	for c in "detect sdk-yolo" "obb sdk-yolo-obb" "segment sdk-yolo-polygons" \
	    "pose sdk-yolo-keypoints"; do
		set -- $c
		# --add-unknown: the obb export labels "Butterfly", its config "butterfly"
		yolo "$2" --task "$1" --add-unknown -c "$E/$2.config.xml" "$E/$2.export.json"
		is "$2: exit status" $code 0
		valid "$2" "$1"
		python3 "$T/lsyolo.py" "$1" "$E/$2.export.json" "$s/$2/data.yaml" \
		    "$s/$2.want" "$E/$2.config.xml"
		check "$2: label files as the converter's formulas give them" \
		    diff -r "$s/$2.want" "$s/$2/labels/train"
	done
	grep -q '^ann-toyolo: 1 task, 1 image (0 without regions), 1 label line, 1 class; skipped: 5 regions of kinds the format cannot hold (relation 5)$' \
	    "$s/sdk-yolo-keypoints.err"
	check "pose: relations counted, not taken for regions" [ $? -eq 0 ]
	file_is "pose: kpt_shape and left/right flip_idx" "$s/sdk-yolo-keypoints/data.yaml" \
	    "path: \"$(cd "$s" && pwd -P)/sdk-yolo-keypoints\"\ntrain: train.txt\nval: train.txt\nnc: 1\nnames:\n  0: \"person\"\nkpt_shape: [17, 3]\nflip_idx: [0, 2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 12, 11, 14, 13, 16, 15]\n"
	for f in "$ANN_CORPUS"/labelbox/export-v2/*.ndjson; do
		n=lb-$(basename "$f" .ndjson)
		yolo "$n" --task segment "$f"
		is "$n: exit status" $code 0
		valid "$n" segment
	done
else
	skip "label-studio-converter's exports" "ANN_CORPUS not set"
fi

# --- 2. what the converter gets wrong --------------------------------------
yolo t -c "$T/config.xml" "$T/tasks.ndjson"
is "tasks: exit status" $code 0
valid t detect
file_is "newest annotation wins; choices are no class" "$s/t/labels/train/cat.txt" \
    "0 0.550000 0.550000 0.100000 0.100000\n"
file_is "same base name: _<task id>; one line per label; clipped" \
    "$s/t/labels/train/cat_2.txt" \
    "0 0.950000 0.025000 0.100000 0.050000\n2 0.950000 0.025000 0.100000 0.050000\n"
file_is "a task without regions: an empty label file" "$s/t/labels/train/empty.txt" ""
file_is "PolygonLabels kept (detect: its box)" "$s/t/labels/train/poly.txt" \
    "0 0.200000 0.250000 0.200000 0.300000\n"
file_is "category=\"N\" kept; classes.txt in id order" "$s/t/classes.txt" "Cat\nclass_1\nDog\n"
file_is "the list of images, as referenced" "$s/t/train.txt" \
    "/data/upload/1/cat.jpg\ns3://bucket/other/cat.jpg\n/data/upload/1/empty.png\n/data/upload/1/poly.jpg\n"
grep -q '1 region clipped to its image; skipped: 1 cancelled annotation, 1 annotation not chosen, 1 region of a kind the format cannot hold (choice 1)$' "$s/t.err"
check "clipped regions and skips counted" [ $? -eq 0 ]
check "no temporary file left" [ -z "$(find "$s/t" -name '*.tmp*')" ]

yolo seg --task segment -c "$T/config.xml" "$T/tasks.ndjson"
valid seg segment
file_is "segment: a polygon's points" "$s/seg/labels/train/poly.txt" \
    "0 0.100000 0.100000 0.300000 0.100000 0.300000 0.400000\n"
file_is "segment: a box as its four corners" "$s/seg/labels/train/cat.txt" \
    "0 0.500000 0.500000 0.600000 0.500000 0.600000 0.600000 0.500000 0.600000\n"

yolo obb --task obb -c "$T/config.xml" "$T/tasks.ndjson"
valid obb obb
file_is "obb: a box without \"rotation\" is kept, unturned" "$s/obb/labels/train/cat.txt" \
    "0 0.500000 0.500000 0.600000 0.500000 0.600000 0.600000 0.500000 0.600000\n"

# Discovered classes are numbered by name, as ann-tococo numbers them.
yolo disc "$T/tasks.ndjson"
is "discovered classes: exit status" $code 0
valid disc detect
file_is "discovered classes: numbered by name" "$s/disc/classes.txt" "Cat\nDog\n"
file_is "discovered classes: label lines with the final ids" "$s/disc/labels/train/cat_2.txt" \
    "0 0.950000 0.025000 0.100000 0.050000\n1 0.950000 0.025000 0.100000 0.050000\n"

# --- 3. splits: ann-select --sample's order ---------------------------------
python3 - "$s/many.ndjson" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(1, 201):
        f.write(json.dumps({"id": i, "data": {"image": "img%d.jpg" % i}, "annotations": [
            {"result": [{"id": "r", "type": "rectanglelabels", "value": {
                "x": 10, "y": 10, "width": 5, "height": 5, "rectanglelabels": ["Cat"]}}]}]}) + "\n")
PY
printf 'Cat\n' > "$s/cat"
yolo split --split 70/20/10 --seed 7 -C "$s/cat" "$s/many.ndjson"
is "split: exit status" $code 0
valid split detect
ann-select --sample 0.7 --seed 7 "$s/many.ndjson" | sed 's/.*"image": *"\([^"]*\)".*/\1/' > "$s/sample"
check "train is ann-select --sample 0.7 with the same seed" cmp -s "$s/sample" "$s/split/train.txt"
n=$(cat "$s/split/train.txt" "$s/split/val.txt" "$s/split/test.txt" | sort -u | wc -l)
is "every image in one split" $n 200
grep -q '^val: val.txt$' "$s/split/data.yaml" && grep -q '^test: test.txt$' "$s/split/data.yaml"
check "data.yaml lists the splits" [ $? -eq 0 ]
yolo split2 --split 70/20/10 --seed 7 -C "$s/cat" "$s/many.ndjson"
check "the same seed, the same split" cmp -s "$s/split/val.txt" "$s/split2/val.txt"

# --- 4. images linked for Ultralytics ---------------------------------------
mkdir -p "$s/imgs"
printf '\211PNG\r\n\032\n\0\0\0\rIHDR\0\0\0\310\0\0\0\144' > "$s/imgs/cat.jpg"
yolo linked --image-root "$s/imgs" -c "$T/config.xml" "$T/tasks.ndjson"
is "--image-root: exit status" $code 0
valid linked detect
check "--image-root: images/train/<stem>.<ext> links to the image" \
    cmp -s "$s/linked/images/train/cat_2.jpg" "$s/imgs/cat.jpg"
grep -q '^train: images/train$' "$s/linked/data.yaml"
check "--image-root: data.yaml names the image folder" [ $? -eq 0 ]

# --- 5. failures leave no dataset that loads --------------------------------
printf '%s\n' Dog > "$s/dog"
yolo fail --strict-labels -C "$s/dog" "$T/tasks.ndjson"
is "a label outside the classes: exit status" $code 2
grep -q 'label "Cat" is not among the classes (without --strict-labels it is added after them)' "$s/fail.err"
check "the message names --strict-labels" [ $? -eq 0 ]
check "no data.yaml after a failed run" [ ! -e "$s/fail/data.yaml" ]
check "no temporary file after a failed run" [ -z "$(find "$s/fail" -name '*.tmp*')" ]
yolo added -C "$s/dog" "$T/tasks.ndjson"
is "a label outside the classes, by default: exit status" $code 0
valid added detect
file_is "an added label follows the given ones" "$s/added/classes.txt" "Dog\nCat\n"
grep -q '1 label not in the given categories added after them, with 3 regions: "Cat" (3)' "$s/added.err"
check "an added label is warned of, with its count" [ $? -eq 0 ]
ann-toyolo -o "$s/pose" --task pose "$T/tasks.ndjson" 2> "$s/pose.err"
is "--task pose without --config: exit status" $? 2
grep -q -- '--task pose needs --config' "$s/pose.err"
check "--task pose without --config: says why" [ $? -eq 0 ]
ann-toyolo -o "$s/x" --split 90/20 "$T/tasks.ndjson" 2> /dev/null
is "--split 90/20: exit status" $? 2

# --- 6. memory: bounded by a record, not the export -------------------------
python3 - "$s/big.ndjson" <<'PY'
import json, sys
r = [{"id": "r%d" % k, "type": "rectanglelabels", "value": {
    "x": k % 90, "y": 5, "width": 5, "height": 5, "rectanglelabels": ["Cat"]}} for k in range(20)]
with open(sys.argv[1], "w") as f:
    for i in range(20000):
        f.write(json.dumps({"id": i, "data": {"image": "d/%d.jpg" % i},
                            "annotations": [{"result": r}]}) + "\n")
PY
if [ -n "${ANN_SANITIZERS:-}" ]; then rss_limit=300000; else rss_limit=65536; fi
"$builddir_abs/tests/peakrss" "$s/rss" ann-toyolo -q -o "$s/big" -C "$s/cat" "$s/big.ndjson"
is "20,000 tasks: exit status" $? 0
kb=$(cat "$s/rss")
check "20,000 tasks: peak RSS $kb KiB (limit $rss_limit)" [ "$kb" -lt $rss_limit ]
is "20,000 tasks: 20,000 label files" "$(ls "$s/big/labels/train" | wc -l | tr -d ' ')" 20000

# --- 7. brush masks traced to polygons (--masks polygon) -------------------
# Masks drawn here as PNGs, made into Label Studio brush predictions by
# ann-rle encode.  tests/toyolo/masks.py writes them and fills the label
# lines back (even-odd, pixel centres) to compare with them.
M="python3 $T/masks.py"
$M draw "$s/parts.png" 40 30 parts && $M draw "$s/ring.png" 20 10 ring
check "masks drawn" [ $? -eq 0 ]
for m in parts ring; do
	ann-rle encode --from-name tag --to-name image -l Cat --data-value "/data/$m.png" \
	    "$s/$m.png" > "$s/$m.ndjson" 2> "$s/$m.rle.err"
	is "$m: ann-rle encode: exit status" $? 0
done
cat "$s/parts.ndjson" "$s/ring.ndjson" > "$s/brush.ndjson"
yolo brush --task segment --masks polygon --predictions -C "$s/cat" "$s/brush.ndjson"
is "--masks polygon: exit status" $code 0
valid brush segment
out=$($M fill "$s/parts.png" "$s/brush/labels/train/parts.txt" 2>&1)
check "a mask without holes: its polygons fill back to it ($out)" [ "$out" = same ]
out=$($M fill "$s/ring.png" "$s/brush/labels/train/ring.txt" 2>&1)
check "a ring: its polygon fills back to it with its hole filled ($out)" [ "$out" = "same, but 2 hole pixels" ]
is "one line per part, touching corners one part" \
    "$(wc -l < "$s/brush/labels/train/parts.txt" | tr -d ' ')" 4
file_is "a ring: its outer contour, pixel corners in 0-1" "$s/brush/labels/train/ring.txt" \
    "0 0.100000 0.200000 0.300000 0.200000 0.300000 0.600000 0.100000 0.600000\n"
grep -q '; 2 masks traced to 5 polygons, 1 with holes left out$' "$s/brush.err"
check "masks traced, polygons and holes counted ($(cat "$s/brush.err"))" [ $? -eq 0 ]

yolo brushskip --task segment --predictions -C "$s/cat" "$s/brush.ndjson"
is "brush masks by default: exit status" $code 0
file_is "brush masks by default: no lines" "$s/brushskip/labels/train/ring.txt" ""
grep -q 'skipped: 2 brush masks not traced to polygons (--masks polygon)$' "$s/brushskip.err"
check "brush masks by default: counted, the message naming --masks polygon" [ $? -eq 0 ]
yolo brushdet --task detect --masks polygon --predictions "$s/brush.ndjson"
is "--masks polygon without --task segment: exit status" $code 2
grep -q -- '--masks polygon needs --task segment' "$s/brushdet.err"
check "--masks polygon without --task segment: says why" [ $? -eq 0 ]
yolo brushbig --task segment --masks polygon --max-pixels 1000 --predictions "$s/brush.ndjson"
is "a mask over --max-pixels: exit status" $code 2
grep -q 'brush.ndjson:1 (byte 0): region .*(--max-pixels)$' "$s/brushbig.err"
check "a mask over --max-pixels: the message names the option ($(head -1 "$s/brushbig.err"))" [ $? -eq 0 ]

# A pixel of an image 4,000,000 wide: its corners round to the same six
# decimals, leaving 2 points.  (A COCO RLE, as ann-rle to-coco writes it:
# libpng refuses a PNG that wide.)  And a mask without a pixel set.
printf '%s\n' '{"id": 1, "data": {"image": "/data/dot.png"}, "predictions": [{"result": [{"id": "d", "type": "brushlabels", "from_name": "tag", "to_name": "image", "original_width": 4000000, "original_height": 1, "value": {"format": "rle", "rle": {"size": [1, 4000000], "counts": [1000000, 1, 2999999]}, "brushlabels": ["Cat"]}}]}]}' > "$s/dot.ndjson"
$M draw "$s/empty.png" 8 8 empty
ann-rle encode --from-name tag --to-name image -l Cat --data-value /data/empty.png \
    "$s/empty.png" > "$s/empty.ndjson"
yolo dot --task segment --masks polygon --predictions -C "$s/cat" "$s/dot.ndjson"
is "a part too small at six decimals: exit status" $code 0
file_is "a part too small at six decimals: no line" "$s/dot/labels/train/dot.txt" ""
grep -q '1 mask traced to 0 polygons, 0 with holes left out; skipped: 1 mask part too small for a polygon (under 3 points)$' "$s/dot.err"
check "a part too small at six decimals: counted ($(cat "$s/dot.err"))" [ $? -eq 0 ]
yolo empty --task segment --masks polygon --predictions -C "$s/cat" "$s/empty.ndjson"
is "an empty mask: exit status" $code 0
grep -q 'skipped: 1 region with bad geometry$' "$s/empty.err"
check "an empty mask: counted ($(cat "$s/empty.err"))" [ $? -eq 0 ]

# The corpus' reference masks (tests/toyolo/masks.py reads ann-rle's .npy),
# a real Label Studio export's among them: each fills back to itself, its
# holes filled.
if [ -n "${ANN_CORPUS:-}" ] && [ -d "$ANN_CORPUS/rle" ]; then
	for m in 640x480_blob 640x480_noise 64x48_checker 1920x1080_full \
	    real_imgseg_literal_2242x2802; do
		ann-rle encode --from-name tag --to-name image -l Cat --data-value "/d/$m.png" \
		    "$ANN_CORPUS/rle/$m/mask.png" > "$s/$m.ndjson"
		yolo "$m" --task segment --masks polygon --predictions -C "$s/cat" "$s/$m.ndjson"
		is "$m: exit status" $code 0
		valid "$m" segment
		ann-rle decode --predictions -f npy -o "$s/$m.npy" "$s/$m.ndjson" > /dev/null
		out=$($M fill "$s/$m.npy/"*.npy "$s/$m/labels/train/$m.txt" 2>&1)
		case $out in
		same|"same, but "*" hole pixels") ok "$m: its polygons fill back to it ($out)" ;;
		*) not_ok "$m: its polygons do not fill back to it ($out)" ;;
		esac
	done
else
	skip "the corpus' reference masks" "ANN_CORPUS not set"
fi

# Memory: the decoded mask, a byte a pixel, and one contour at a time.
$M draw "$s/bigmask.png" 4000 4000 disc
ann-rle encode --from-name tag --to-name image -l Cat --data-value /data/bigmask.png \
    "$s/bigmask.png" > "$s/bigmask.ndjson"
if [ -n "${ANN_SANITIZERS:-}" ]; then rss_limit=300000; else rss_limit=40960; fi
"$builddir_abs/tests/peakrss" "$s/rss" ann-toyolo -q -o "$s/bigmask" --task segment \
    --masks polygon --predictions -C "$s/cat" "$s/bigmask.ndjson"
is "a 4000x4000 mask: exit status" $? 0
kb=$(cat "$s/rss")
check "a 4000x4000 mask (16 MB decoded): peak RSS $kb KiB (limit $rss_limit)" [ "$kb" -lt $rss_limit ]
out=$($M fill "$s/bigmask.png" "$s/bigmask/labels/train/bigmask.txt" 2>&1)
check "a 4000x4000 disc: its polygon fills back to it ($out)" [ "$out" = same ]
done_testing
