#!/bin/sh
# tests/toyolo-sdk.sh: label-studio-sdk's own YOLO export tests
# (tests/toyolo/sdk/README says where each file comes from), through
# ann-toyolo: byte for byte where the converter is right, ann-toyolo's
# documented behaviour where ann-toyolo(1) COMPATIBILITY says it differs.
. "${top_srcdir:-.}/tests/lib.sh"
K="$srcdir_abs/tests/toyolo/sdk"
E="$K/expected"
s=$scratch

# yolo NAME ARG...: ann-toyolo -o $s/NAME ARG... 2> $s/NAME.err; code.
yolo() {
	name=$1
	shift
	ann-toyolo -o "$s/$name" "$@" 2> "$s/$name.err"
	code=$?
}

# same DESCRIPTION EXPECTED GOT: the files are equal byte for byte.
same() {
	if cmp -s "$2" "$3"; then ok "$1"; else
		not_ok "$1: $(diff "$2" "$3" 2>&1 | head -4 | tr '\n' ' ')"
	fi
}

# said DESCRIPTION NAME PATTERN: $s/NAME.err has a line matching PATTERN.
said() {
	if grep -q -e "$3" "$s/$2.err"; then ok "$1"; else
		not_ok "$1: $(cat "$s/$2.err")"
	fi
}

# notes DESCRIPTION EXPECTED GOT: notes.json's class ids and names agree
# (the rest of the file differs as COMPATIBILITY says).
notes() {
	if python3 - "$2" "$3" <<'PY'
import json, sys
want, got = (json.load(open(p))["categories"] for p in sys.argv[1:3])
sys.exit([(c["id"], c["name"]) for c in want] != [(c["id"], c["name"]) for c in got])
PY
	then ok "$1"; else not_ok "$1: $(cat "$3")"; fi
}

if ! command -v python3 > /dev/null; then
	echo "1..0 # SKIP python3 not installed (scripts/setup installs it)"
	exit 0
fi

# --- test_convert_to_yolo: data.json, split_labelers=True ------------------
# The converter writes labels/<completed_by>/<stem>.txt; --annotator gives
# one annotator's files.
for who in 1 2; do
	yolo "det$who" --annotator "$who" -c "$K/label_config.xml" "$K/data.json"
	is "data.json --annotator $who: exit status" $code 0
done
same "data.json: annotator 1's image1.txt" "$E/detect/1/image1.txt" "$s/det1/labels/train/image1.txt"
same "data.json: annotator 1's image2.txt" "$E/detect/1/image2.txt" "$s/det1/labels/train/image2.txt"
same "data.json: annotator 2's image1.txt" "$E/detect/2/image1.txt" "$s/det2/labels/train/image1.txt"
same "data.json: classes.txt" "$E/detect/classes.txt" "$s/det1/classes.txt"
notes "data.json: notes.json's classes" "$E/detect/notes.json" "$s/det1/notes.json"
# COMPATIBILITY: annotator 2 did not annotate image2; its file is empty
# here (a negative image), absent from the converter's labels/2/.
is "data.json --annotator 2: image2.txt empty, where the converter has none" \
    "$(wc -c < "$s/det2/labels/train/image2.txt" | tr -d ' ')" 0
# COMPATIBILITY: without split_labelers the converter's image1.txt is the
# oldest annotation's (annotator 2); here the newest (annotator 1).
yolo det -c "$K/label_config.xml" "$K/data.json"
is "data.json: exit status" $code 0
same "data.json: image1.txt is the newest annotation's, not the oldest's" \
    "$E/detect/1/image1.txt" "$s/det/labels/train/image1.txt"
said "data.json: the older annotation counted as not chosen" det 'skipped: 1 annotation not chosen$'

# --- test_convert_to_yolo_obb: data_obb.json --------------------------------
yolo obb --task obb -c "$K/label_config_obb.xml" "$K/data_obb.json"
is "data_obb.json: exit status" $code 0
for i in 1 2 3; do
	same "data_obb.json: image$i.txt" "$E/obb/image$i.txt" "$s/obb/labels/train/image$i.txt"
done
is "data_obb.json: 23, 1 and 1 lines, as the test asserts" \
    "$(cat "$s/obb/labels/train/image1.txt" | wc -l | tr -d ' ') $(cat "$s/obb/labels/train/image2.txt" | wc -l | tr -d ' ') $(cat "$s/obb/labels/train/image3.txt" | wc -l | tr -d ' ')" "23 1 1"
same "data_obb.json: classes.txt, \"Butterfly\" after the config's \"butterfly\"" \
    "$E/obb/classes.txt" "$s/obb/classes.txt"
notes "data_obb.json: notes.json's classes" "$E/obb/notes.json" "$s/obb/notes.json"
# COMPATIBILITY: the converter adds a label outside the config silently.
said "data_obb.json: the added label warned of" obb '"Butterfly" (24)'

# --- test_convert_polygons_to_yolo: data_polygons.json ----------------------
yolo poly --task segment -c "$K/label_config_polygons.xml" "$K/data_polygons.json"
is "data_polygons.json --task segment: exit status" $code 0
same "data_polygons.json: image2.txt, the polygon's points (--task segment)" \
    "$E/polygons/image2.txt" "$s/poly/labels/train/image2.txt"
same "data_polygons.json: classes.txt" "$E/polygons/classes.txt" "$s/poly/classes.txt"
notes "data_polygons.json: notes.json's classes" "$E/polygons/notes.json" "$s/poly/notes.json"
# COMPATIBILITY: the converter's detect export writes those points; here
# --task detect writes the polygon's box.
yolo polyd -c "$K/label_config_polygons.xml" "$K/data_polygons.json"
is "data_polygons.json --task detect: exit status" $code 0
is "data_polygons.json --task detect: one box line, not the points" \
    "$(awk '{ print NR, NF }' "$s/polyd/labels/train/image2.txt")" "1 5"

# --- test_export_keypoints_yolo: data_keypoints.json ------------------------
yolo kp --task pose -c "$K/label_config_keypoints.xml" "$K/data_keypoints.json"
is "data_keypoints.json: exit status" $code 0
same "data_keypoints.json: image1.txt (its last line ended, COMPATIBILITY)" \
    "$E/keypoints/image1.txt" "$s/kp/labels/train/image1.txt"
same "data_keypoints.json: classes.txt" "$E/keypoints/classes.txt" "$s/kp/classes.txt"
notes "data_keypoints.json: notes.json's classes" "$E/keypoints/notes.json" "$s/kp/notes.json"

# --- the unit tests' inputs: units.ndjson, a task per test -------------------
printf 'A\n' > "$s/A"
sed -n 1,3p "$K/units.ndjson" > "$s/u-det.ndjson"
sed -n 4,5p "$K/units.ndjson" > "$s/u-obb.ndjson"
sed -n 6,7p "$K/units.ndjson" > "$s/u-kp.ndjson"
yolo udet -C "$s/A" "$s/u-det.ndjson"
is "units, detect: exit status" $code 0
same "test_convert_annotation_to_yolo_format: the asserted values" \
    "$E/units/yolo_format.txt" "$s/udet/labels/train/yolo_format.txt"
is "test_convert_invalid_annotation_to_yolo_format, ..._with_none_values: no line, as the converter" \
    "$(cat "$s/udet/labels/train/invalid_yolo_format.txt" "$s/udet/labels/train/yolo_none_values.txt" | wc -c | tr -d ' ')" 0
# Their numbers are missing, not their image's size (which a box in
# percent does not need): counted as such.
said "... and the 9 regions counted as bad geometry" udet 'skipped: 9 regions with bad geometry$'
yolo uobb --task obb -C "$s/A" "$s/u-obb.ndjson"
is "units, obb: exit status" $code 0
same "test_convert_annotation_to_yolo_obb_format: the asserted corners" \
    "$E/units/yolo_obb_format.txt" "$s/uobb/labels/train/yolo_obb_format.txt"
# COMPATIBILITY: of test_convert_invalid_annotation_to_yolo_obb_format's
# eight, the converter keeps none.  Here the one without "rotation" is
# kept unturned, and the two missing original_width or original_height
# take the image size the task's other results give (both alike).
awk '{ printf "%s %s %s|", $1, $2, $3 }' "$s/uobb/labels/train/invalid_yolo_obb_format.txt" > "$s/got"
is "test_convert_invalid_annotation_to_yolo_obb_format: no rotation kept; a missing size taken from the task" \
    "$(cat "$s/got")" "0 0.168141 0.574360|0 0.168141 0.574360|0 0.168141 0.574360|"
is "... the two sized from the task turned, the unturned one last" \
    "$(awk '{ print $4 }' "$s/uobb/labels/train/invalid_yolo_obb_format.txt" | tr '\n' ' ')" \
    "0.344439 0.344439 0.350331 "
said "... the five without x, y, width, height or a value counted" uobb 'skipped: 5 regions with bad geometry$'
# A turned box with all its numbers but no image size anywhere in its
# task: the size is what is missing, and the count says so.
printf '%s\n' '{"id": 1, "data": {"image": "/d/t.jpg"}, "annotations": [{"result": [{"id": "t", "type": "rectanglelabels", "value": {"x": 10, "y": 10, "width": 20, "height": 10, "rotation": 30, "rectanglelabels": ["A"]}}]}]}' > "$s/turned.ndjson"
yolo turned --task obb -C "$s/A" "$s/turned.ndjson"
said "a turned box without an image size: counted as such" turned 'skipped: 1 region without its image size$'
yolo ukp --task pose -c "$K/units_pose.config.xml" "$s/u-kp.ndjson"
is "units, pose: exit status" $code 0
is "test_keypoints_yolo_export_with_empty_rectanglelabels: an empty file" \
    "$(wc -c < "$s/ukp/labels/train/keypoints_empty_rectanglelabels.txt" | tr -d ' ')" 0
same "test_keypoints_yolo_export_with_empty_keypointlabels: the box, nose 0 0 0" \
    "$E/units/keypoints_empty_keypointlabels.txt" "$s/ukp/labels/train/keypoints_empty_keypointlabels.txt"
said "... the regions without a label counted" ukp 'skipped: 2 regions without a label$'
# --- read from the converter's code, not in its tests ------------------------
# A Polygon tool's result with a Labels control's result of the same id:
# the converter reads the labels result, which holds the points, as a box
# without x and drops it (COMPATIBILITY); here it is kept.
printf 'Cat\n' > "$s/cat"
printf '%s\n' '{"id": 1, "data": {"image": "/d/pl.jpg"}, "annotations": [{"result": [{"id": "p", "type": "polygon", "from_name": "poly", "to_name": "image", "value": {"points": [[10, 10], [30, 10], [30, 40]]}}, {"id": "p", "type": "labels", "from_name": "lab", "to_name": "image", "value": {"points": [[10, 10], [30, 10], [30, 40]], "labels": ["Cat"]}}]}]}' > "$s/pl.ndjson"
yolo pl --task segment -C "$s/cat" "$s/pl.ndjson"
is "Polygon + Labels: exit status" $code 0
is "Polygon + Labels: the polygon kept" "$(cat "$s/pl/labels/train/pl.txt")" \
    "0 0.100000 0.100000 0.300000 0.100000 0.300000 0.400000"
done_testing
