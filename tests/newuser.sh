#!/bin/sh
# tests/newuser.sh: what a new user met on real exports (issue 16): each
# check runs the public file that showed the problem and asserts the exact
# numbers.
. "${top_srcdir:-.}/tests/lib.sh"
need_corpus
C=$ANN_CORPUS

# 1. Labelbox v1 video: every frame's objects, with the frame number.
v1video=$C/labelbox/legacy-v1/video_export.v1.json
rows=$(ann-flatten -c frame "$v1video" | tail -n +2 | wc -l)
check "v1 video: 500 boxes (got $rows)" [ "$rows" -eq 500 ]
frames=$(ann-flatten -c frame "$v1video" | tail -n +2 | sort -u | wc -l)
check "v1 video: in 100 frames (got $frames)" [ "$frames" -eq 100 ]
first=$(ann-flatten -c frame,kind,label,x,y,width,height "$v1video" | sed -n 2p)
check "v1 video: the first box in pixels, frame 1 ($first)" \
	[ "$first" = "1,rectangle,Jellyfish,1644,582,212,340" ]
n=$(ann-select -c -l Jellyfish "$v1video")
check "v1 video: ann-select -l Jellyfish matches the task (got $n)" [ "$n" = 1 ]
ndj=$(ann-flatten -c frame "$C/labelbox/legacy-v1/video_export.v1.ndjson" | tail -n +2 | wc -l)
check "v1 video NDJSON: 500 boxes too (got $ndj)" [ "$ndj" -eq 500 ]
out=$(ann-tococo --add-unknown "$v1video" 2>&1 >/dev/null)
case $out in
*"task skipped: a video"*"ann-flatten -c frame"*"skipped: 1 video task")
	ok "ann-tococo: a video task is a counted skip that names ann-flatten" ;;
*)	not_ok "ann-tococo: a video task is a counted skip that names ann-flatten: $out" ;;
esac

# 2. Categories do not depend on which sets are read, and a results file
# scores against the ground truth of the same export as COCOeval reads
# them: predictions copied from the annotations come back as those
# annotations (ids from 1, segmentation in results).
python3 - "$EXAMPLES/ls-export.json" > "$scratch/pair.json" <<'PY'
import json, sys
tasks = json.load(open(sys.argv[1]))
for t in tasks:
    live = [a for a in t.get("annotations", []) if not a.get("was_cancelled")]
    # the one ann-tococo reads: ground truth, else the newest
    live.sort(key=lambda a: (bool(a.get("ground_truth")), a.get("created_at", "")))
    t["predictions"] = [{"model_version": "copy", "score": 0.5,
                         "result": live[-1]["result"]}] if live else []
json.dump(tasks, sys.stdout)
PY
ann-tococo -q "$scratch/pair.json" > "$scratch/gt.json"
ann-tococo -q --predictions --results "$scratch/pair.json" > "$scratch/res.json"
out=$(python3 "$srcdir_abs/tests/newuser/cocopair.py" "$scratch/gt.json" "$scratch/res.json" 2>&1)
check "copied predictions score as their annotations: $(echo $out)" \
	python3 "$srcdir_abs/tests/newuser/cocopair.py" "$scratch/gt.json" "$scratch/res.json"
ann-tococo -q --predictions "$EXAMPLES/ls-export.json" > "$scratch/pred.json"
cats_gt=$(jq -c .categories "$scratch/gt.json")
cats_pred=$(ann-tococo -q --predictions "$EXAMPLES/ls-export.json" | jq -c .categories)
check "the same categories with and without --predictions ($cats_pred)" \
	[ "$cats_gt" = "$cats_pred" ]
car=$(ann-tococo -q --predictions --results "$EXAMPLES/ls-export.json" |
	jq -c '[.[] | .category_id] | unique')
check "the results' category ids are the document's ($car: Car 1, Person 2)" \
	[ "$car" = "[1,2]" ]

# 2. Keypoints whose parentID names a rectangle are in its annotation, in
# the config's model_index order, with the category's keypoint names.
kp=$C/label-studio/export/sdk-yolo-keypoints
ann-tococo -q -c "$kp.config.xml" "$kp.export.json" > "$scratch/kp.json"
got=$(jq -c '[(.annotations | length), (.annotations[0] | .num_keypoints,
	(.keypoints | length), .keypoints[0:6])]' "$scratch/kp.json")
check "sdk-yolo-keypoints: one annotation, 3 of 17 keypoints placed, nose first ($got)" \
	[ "$got" = '[1,3,51,[139.2,68.365957447,2,126.119148936,53.557446809,2]]' ]
names=$(jq -c '[.categories[] | select(.name == "person") | .keypoints[0,1,16]]' "$scratch/kp.json")
check "person's keypoints in model_index order ($names)" \
	[ "$names" = '["nose","left_eye","right_ankle"]' ]
# The order is model_index's, not the config's; a label without one last.
sed -e 's/value="nose" model_index="0"/value="nose"/' \
    -e 's/value="left_eye" model_index="1"/value="left_eye" model_index="99"/' \
    "$kp.config.xml" > "$scratch/kp-order.xml"
names=$(ann-tococo -q -c "$scratch/kp-order.xml" "$kp.export.json" |
	jq -c '[.categories[] | select(.name == "person") | .keypoints[0,14,15,16]]')
check "keypoints by model_index, one without it last ($names)" \
	[ "$names" = '["right_eye","right_ankle","left_eye","nose"]' ]
n=$(ann-tococo -q "$kp.export.json" | jq '.annotations | length')
check "without a config (no order to follow) each keypoint is its own annotation (got $n)" [ "$n" = 4 ]

# 3. Categories: a plain <Labels> tag is a category source, and a label the
# config lacks is added after its categories, with one warning.
cfg=$srcdir_abs/tests/newuser/generic-labels.xml
n=$(ann-tococo -q -c "$cfg" "$EXAMPLES/ls-export.json" | jq '.categories | length')
check "<Labels toName=image> with Rectangle gives the config's 4 categories (got $n)" [ "$n" = 4 ]
obb=$C/label-studio/export/sdk-yolo-obb
ann-tococo -c "$obb.config.xml" "$obb.export.json" > "$scratch/obb.json" 2> "$scratch/obb.err"
st=$?
warn=$(grep -c 'not in the given categories added after them' "$scratch/obb.err")
check "sdk-yolo-obb converts (exit $st) with one warning ($warn)" [ "$st:$warn" = 0:1 ]
check "the warning names Butterfly and its 24 regions" \
	grep -q '"Butterfly" (24) (--strict-labels refuses them)' "$scratch/obb.err"
ids=$(jq -c '[.categories[] | [.id, .name]]' "$scratch/obb.json")
check "ids follow the config, the added label after it ($ids)" \
	[ "$ids" = '[[0,"butterfly"],[1,"Butterfly"]]' ]
ann-tococo --strict-labels -c "$obb.config.xml" "$obb.export.json" > /dev/null 2> "$scratch/strict.err"
st=$?
check "--strict-labels makes it an error (exit $st)" [ "$st" = 2 ]

# 8. Input that holds only predictions: said once, naming the option.
out=$(ann-tococo "$EXAMPLES/brush-prediction.ndjson" 2>&1 >/dev/null)
case $out in
*"skipped: 1 task with predictions but no annotations (add --predictions)"*)
	ok "ann-tococo: a predictions-only task is counted, naming --predictions" ;;
*)	not_ok "ann-tococo: a predictions-only task is counted, naming --predictions: $out" ;;
esac

ann-rle decode -o "$scratch/masks" "$EXAMPLES/brush-prediction.ndjson" > /dev/null 2> "$scratch/rle.err"
st=$?
check "ann-rle decode on predictions only: exit $st, and says to add --predictions" \
	exit_and_says 1 "$st" '^ann-rle: 1 task has predictions but no annotations: add --predictions (or --both)$' "$scratch/rle.err"

ann-flatten "$EXAMPLES/brush-prediction.ndjson" > /dev/null 2> "$scratch/fl.err"
check "ann-flatten on predictions only: says to add --predictions" \
	grep -q '^ann-flatten: 1 task has predictions but no annotations: add --predictions (or --both)$' "$scratch/fl.err"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	sed "s/\"id\":1,/\"id\":$i,/" "$EXAMPLES/brush-prediction.ndjson"
done > "$scratch/pred20.ndjson"
ann-flatten --buffer-size 64 "$scratch/pred20.ndjson" > /dev/null 2> "$scratch/fl.err"
check "... counted over every thread that made rows (20 tasks)" \
	grep -q '^ann-flatten: 20 tasks have predictions but no annotations' "$scratch/fl.err"

ann-select -l Road "$EXAMPLES/brush-prediction.ndjson" > /dev/null 2> "$scratch/sel.err"
st=$?
check "ann-select -l on predictions only: exit $st, names --predictions" \
	exit_and_says 1 "$st" '^ann-select: --label: 1 of 1 record has no annotations, only predictions; it matches no --label (add --predictions, or --both)$' "$scratch/sel.err"

# 6. One notion of a task's keys: --id matches the Labelbox external id
# that ann-flatten shows as global_key.
zealot=$C/labelbox/export-v2/zealotsniper-bbox.export-v2.ndjson
n=$(ann-select -c --id "2023-06-04 09-31-34_72.jpg" "$zealot")
check "ann-select --id matches data_row.external_id (got $n)" [ "$n" = 1 ]
key=$(ann-select --id "2023-06-04 09-31-34_72.jpg" "$zealot" | ann-flatten -c global_key | sed -n 2p)
check "and it is the key ann-flatten shows ($key)" [ "$key" = "2023-06-04 09-31-34_72.jpg" ]
n=$(ann-select -c --id cligsj8b315wf07488xby4ktl "$zealot")
check "the data row id still matches (got $n)" [ "$n" = 1 ]

# 7. Multi-image tasks: the region's item (Label Studio item_index).
items=$(ann-flatten --both -c item,label "$C/label-studio/tasks/lsf-image_list.task.json" | tr '\n' ' ')
check "ann-flatten -c item: 0 for the annotation, empty without item_index ($items)" \
	[ "$items" = "item,label 0,Moonwalker ,Moonwalker ,Moonwalker " ]

# 7. ... and one COCO image per item, each measured by its own regions.
mi=$srcdir_abs/tests/newuser/multi-image.json
ann-tococo "$mi" > "$scratch/mi.json" 2> "$scratch/mi.err"
got=$(jq -c '[.images[] | [.id, .width, .file_name]]' "$scratch/mi.json")
check "multi-image: one image per item, ids by item, the one without a size left out ($got)" \
	[ "$got" = '[[1,100,"https://x/a.jpg"],[3,200,"https://x/c.jpg"],[4,10,"https://x/d.jpg"]]' ]
got=$(jq -c '[.annotations[] | [.image_id, .bbox]]' "$scratch/mi.json")
check "multi-image: each region on its item, in its item's pixels ($got)" \
	[ "$got" = '[[1,[10,5,20,10]],[3,[100,50,20,10]],[4,[0,0,10,10]]]' ]
check "multi-image: the image without a size is counted, naming --image-root" \
	grep -q 'skipped: 1 image of a multi-image task without a size (--image-root)' "$scratch/mi.err"
ann-toyolo -q -o "$scratch/miy" "$mi"
got=$(cat "$scratch/miy/train.txt" | tr '\n' ' ')
check "multi-image, ann-toyolo: every image of every task listed, in one split ($got)" \
	[ "$got" = "https://x/a.jpg https://x/b.jpg https://x/c.jpg https://x/d.jpg " ]
got=$(cd "$scratch/miy/labels/train" && wc -l a.txt b.txt c.txt d.txt | head -4 | tr -s ' \n' ' ')
check "multi-image, ann-toyolo: a label file per image, each region in its image's, b a negative ($got)" \
	[ "$got" = " 1 a.txt 0 b.txt 1 c.txt 1 d.txt " ]
got=$(cat "$scratch/miy/labels/train/c.txt")
check "multi-image, ann-toyolo: c's box in c's own 0-1 ($got)" \
	[ "$got" = "0 0.550000 0.550000 0.100000 0.100000" ]
# An item past the list: counted, not put on another image.
jq -c '.[0] | .annotations[0].result[1].item_index = 5' "$mi" > "$scratch/mi-past.json"
ann-toyolo -o "$scratch/miyp" "$scratch/mi-past.json" 2> "$scratch/miyp.err"
check "multi-image, ann-toyolo: a region on an image the task does not list is counted" \
	grep -q 'skipped: 1 region of an image the input does not list' "$scratch/miyp.err"
check "... and lands in no label file" [ ! -s "$scratch/miyp/labels/train/c.txt" ]
# Pose: a keypoint joins a box of its own image only (k1 names b1, on
# another image, and is counted; k2 joins b2).
ann-toyolo --task pose -c "$srcdir_abs/tests/newuser/multi-image-pose.xml" \
	-o "$scratch/mipose" "$srcdir_abs/tests/newuser/multi-image-pose.json" 2> "$scratch/mipose.err"
got=$(cd "$scratch/mipose/labels/train" && cat p.txt q.txt | tr '\n' '|')
check "multi-image, ann-toyolo pose: keypoints only on their own image's boxes ($got)" \
	[ "$got" = "0 0.200000 0.200000 0.200000 0.200000 0.000000 0.000000 0|0 0.600000 0.600000 0.200000 0.200000 0.600000 0.600000 2|" ]
check "... the keypoint on another image than its box counted" \
	grep -q 'skipped: 1 keypoint without its box (parentID)' "$scratch/mipose.err"
ann-tovoc -o "$scratch/miv" "$mi" 2> "$scratch/miv.err"
got=$(cd "$scratch/miv/Annotations" && ls | tr '\n' ' ')
check "multi-image, ann-tovoc: an annotation file per image with a size; b has none ($got)" \
	[ "$got" = "a.xml c.xml d.xml " ]
check "... b counted, naming --image-root" \
	grep -q 'skipped: 1 image of a multi-image task without a size (--image-root)' "$scratch/miv.err"
# An annotation's size and object count as WxH:N; its first box.
vocsize() {
	python3 -c 'import sys, xml.etree.ElementTree as ET
for f in sys.argv[1:]:
	r = ET.parse(f).getroot()
	print("%sx%s:%d" % (r.findtext("size/width"), r.findtext("size/height"), len(r.findall("object"))), end=" ")' "$@"
}
vocbox() {
	python3 -c 'import sys, xml.etree.ElementTree as ET
b = ET.parse(sys.argv[1]).getroot().find("object/bndbox")
print(*(b.findtext(k) for k in ("xmin", "ymin", "xmax", "ymax")))' "$1"
}
got=$(cd "$scratch/miv/Annotations" && vocsize a.xml c.xml d.xml)
check "multi-image, ann-tovoc: each image its own size and objects ($got)" \
	[ "$got" = "100x50:1 200x100:1 10x10:1 " ]
got=$(vocbox "$scratch/miv/Annotations/c.xml")
check "multi-image, ann-tovoc: c's box in c's own pixels ($got)" [ "$got" = "101 51 120 60" ]
mkdir -p "$scratch/miroot"
printf '\211PNG\r\n\032\n\0\0\0\rIHDR\0\0\0\310\0\0\0\144' > "$scratch/miroot/b.jpg"
ann-tovoc -q -o "$scratch/mivr" --image-root "$scratch/miroot" "$mi"
got=$(cd "$scratch/mivr/Annotations" && ls | tr '\n' ' ')
check "multi-image, ann-tovoc --image-root: b from its file, a negative ($got)" \
	[ "$got" = "a.xml b.xml c.xml d.xml " ]
got=$(vocsize "$scratch/mivr/Annotations/b.xml")
check "... with b's own size and no object ($got)" [ "$got" = "200x100:0 " ]
got=$(tr '\n' ' ' < "$scratch/mivr/ImageSets/Main/train.txt")
check "... and listed ($got)" [ "$got" = "a b c d " ]
got=$(ann-tococo -q -c "$C/label-studio/tasks/lsf-image_list.config.xml" "$mi" | jq -c '[.images[].id]')
check "multi-image with the config's valueList too ($got)" [ "$got" = '[1,3,4]' ]

# 9. A filter on a field no record has: one line at the end naming it and
# how many records lacked it; the exit status is unchanged.
ann-select --since 2024-01-01 "$zealot" > "$scratch/since.out" 2> "$scratch/since.err"
st=$?
check "--since on rows without dates: nothing matches, exit 1 as before (exit $st)" \
	[ "$st" = 1 -a ! -s "$scratch/since.out" ]
check "... and says 1235 of 1235 records have no date, naming --date-field" \
	grep -qx 'ann-select: --since/--until: 1235 of 1235 records have no date in updated_at (Labelbox: last_activity_at); they match no --since/--until (--date-field chooses the date)' "$scratch/since.err"
err=$(ann-select -c --status DONE "$zealot" 2>&1 >/dev/null)
check "--status on an export without project_details says which field, and the export option ($err)" \
	[ "$err" = "ann-select: --status: 1235 of 1235 records have no workflow status (projects' project_details.workflow_status); they match no --status (Labelbox exports it with project_details)" ]
err=$(ann-select -c --status DONE --since 2024-03-01 "$EXAMPLES/labelbox-export-v2.ndjson" 2>&1 >/dev/null)
check "an export that has the fields gets no such line ($err)" [ -z "$err" ]
err=$(ann-select -c -w 'data_row.details.dataset_name = x' "$zealot" 2>&1 >/dev/null)
check "--where on a path no record has ($err)" \
	[ "$err" = "ann-select: --where: 1235 of 1235 records have no value at data_row.details.dataset_name; they match no --where" ]

# 10. A first record that is not a task: the API's error body (what curl
# without -f stores when the token is missing) and a page envelope.
printf '{"detail": "Authentication credentials were not provided."}\n' > "$scratch/denied.json"
ann-cat "$scratch/denied.json" > "$scratch/denied.out" 2> "$scratch/denied.err"
st=$?
check "ann-cat: an API error body is not passed on as a task (exit $st)" \
	[ "$st" = 2 -a ! -s "$scratch/denied.out" ]
check "... and the message says it is the server's error" \
	grep -q 'denied.json:1 (byte 0): not a task: an error the server sent in place of the export: {"detail": "Authentication' "$scratch/denied.err"
printf '{"count": 2, "next": null, "previous": null, "results": [{"id": 1, "data": {"image": "a.jpg"}}, {"id": 2, "data": {"image": "b.jpg"}}]}\n' > "$scratch/page.json"
for tool in ann-cat ann-flatten ann-select ann-tococo; do
	err=$($tool "$scratch/page.json" 2>&1 >/dev/null)
	case $err in
	*'page.json:1 (byte 0): not a task: a page of tasks, the tasks in "results": add --unwrap results'*)
		ok "$tool: a page envelope says add --unwrap results" ;;
	*)	not_ok "$tool: a page envelope says add --unwrap results: $err" ;;
	esac
done
n=$(ann-cat --unwrap results "$scratch/page.json" | wc -l)
check "ann-cat --unwrap results: its 2 tasks (got $n)" [ "$n" -eq 2 ]
n=$(printf '{"image": "a.jpg", "message": "hi"}\n{"text": "x", "tags": [{"a": 1}]}\n' | ann-cat | wc -l)
check "flat import tasks (data alone) still pass ann-cat (got $n)" [ "$n" -eq 2 ]
# Only the first record of an input is looked at; a later error body is
# caught by the tools that read tasks, with the same words.
err=$(printf '{"id": 1, "data": {"image": "a.jpg"}}\n{"detail": "Not found."}\n' | ann-select -c -l x 2>&1 >/dev/null)
case $err in
*'<stdin>:2 (byte 38): not a task: an error the server sent'*) ok "ann-select: a later error body is named too" ;;
*)	not_ok "ann-select: a later error body is named too: $err" ;;
esac

# 11. No header-only CSV when the first input fails: a header alone reads
# as the empty table of a good export.
head -c 300 "$zealot" > "$scratch/cut.ndjson"
ann-flatten "$scratch/cut.ndjson" > "$scratch/cut.csv" 2> /dev/null
st=$?
check "ann-flatten: a first input that fails leaves an empty stdout, not a header (exit $st, $(wc -c < "$scratch/cut.csv") bytes)" \
	[ "$st" = 2 -a ! -s "$scratch/cut.csv" ]
ann-flatten -k "$scratch/cut.ndjson" > "$scratch/cut.csv" 2> /dev/null
check "... with --keep-going and no good record either" [ ! -s "$scratch/cut.csv" ]
n=$(ann-flatten -k "$scratch/cut.ndjson" "$zealot" 2> /dev/null | wc -l)
check "... while a later good input still gets its header and rows (got $n lines)" [ "$n" -gt 1000 ]
n=$(printf '[]' | ann-flatten | wc -l)
check "a good empty export is still a header ($n line)" [ "$n" = 1 ]

# 11. ann-tococo after a failure mid-run: the summary says it stopped and
# what was done before, not a plain summary of a finished conversion.
{ cat "$EXAMPLES/ls-export.json"; printf '[{"id": 9, "data": {}, "annotations": [}]'; } > "$scratch/midfail.json"
ann-tococo -o "$scratch/mid.json" "$scratch/midfail.json" 2> "$scratch/mid.err"
st=$?
check "ann-tococo: a failure mid-run exits 2 and writes no document (exit $st)" \
	[ "$st" = 2 -a ! -e "$scratch/mid.json" ]
check "... and its summary says it stopped, and what was done before the error" \
	grep -q "^ann-tococo: stopped by the error above, with no complete document on $scratch/mid.json; done before it (annotations are written last, after every image): 6 tasks, 4 images" "$scratch/mid.err"

# 11. A cut NDJSON line followed by the next line: "line cut short".
{ head -c 300 "$zealot"; echo; sed -n 2p "$zealot"; } > "$scratch/cutline.ndjson"
err=$(ann-cat "$scratch/cutline.ndjson" 2>&1 >/dev/null)
check "a cut NDJSON line is called so ($err)" \
	[ "$err" = "ann-cat: $scratch/cutline.ndjson:1 (byte 300): line cut short: it ends inside a string, and the rest of the record is missing" ]
err=$(printf '[{"text": "a\nb"}]' | ann-cat 2>&1 >/dev/null)
check "in an array a raw line break is still named as the byte it is ($err)" \
	[ "$err" = "ann-cat: <stdin>:1 (byte 12): invalid JSON: control character in string (must be escaped): byte 0x0A" ]

# 11. A completions folder with the project's config.xml in it: one
# skipped file, not a bad record for each of its lines.
mkdir "$scratch/completions"
cp "$C/label-studio/legacy/lsf-image_bbox.completions.json" "$scratch/completions/1.json"
cp "$C/label-studio/legacy/converter-348.completions.json" "$scratch/completions/2.json"
cp "$C/label-studio/legacy/converter-348.config.xml" "$scratch/completions/config.xml"
ann-cat -k "$scratch/completions" > "$scratch/compl.out" 2> "$scratch/compl.err"
st=$?
n=$(wc -l < "$scratch/compl.out")
check "completions folder: its 2 tasks, exit 0 (got $n, exit $st)" [ "$n" = 2 -a "$st" = 0 ]
check "... and config.xml is one skipped file ($(wc -l < "$scratch/compl.err") lines)" \
	[ "$(cat "$scratch/compl.err")" = "ann-cat: $scratch/completions/config.xml: not a task file (it holds no JSON object or array): skipped" ]
printf '{"id": 3, "data": {}, "annotations": [}' > "$scratch/completions/3.json"
ann-cat "$scratch/completions" > /dev/null 2> "$scratch/compl.err"
st=$?
check "... while a JSON file that is bad is still an error (exit $st)" [ "$st" = 2 ]
check "... named with its record and byte" grep -q '3.json:1 (byte 38): invalid JSON' "$scratch/compl.err"

# 11. --where on an array's elements, without ".*" (as jq's .tags[]).
n=$(printf '{"id": 1, "data": {"tags": ["cat", "dog"]}}\n{"id": 2, "data": {"tags": ["cow"]}}\n' |
	ann-select -c -w 'data.tags = dog')
check "--where data.tags = dog matches [\"cat\", \"dog\"] (got $n)" [ "$n" = 1 ]
n=$(ann-select -c -w 'annotations.result.value.rectanglelabels = Car' "$EXAMPLES/ls-export.json")
check "--where on an export's label arrays, as jq counts them (got $n)" [ "$n" = 3 ]

# 11. "1 tasks": a count of one is singular.
err=$(ann-tococo --add-unknown "$v1video" 2>&1 >/dev/null | tail -n 1)
case $err in
*"skipped: 1 video task") ok "a skip count of one is singular" ;;
*)	not_ok "a skip count of one is singular: $err" ;;
esac
err=$(printf '{"id": 1, "data": {}}\n' | ann-select --stats 2>&1 >/dev/null)
case $err in
"ann-select: 1 record read, 1 matched, 0 rejected"*) ok "ann-select --stats: 1 record" ;;
*)	not_ok "ann-select --stats: 1 record: $err" ;;
esac

# 11. ann(7) speaks of ann-select as it is, and scripts/demo installs only
# what it runs (the build and gzip, not the tests' tools).
check "ann(7) no longer calls ann-select coming" \
	sh -c "! grep -q 'coming ann-select' '$srcdir_abs/man/ann.7'"
pk=$(sh "$srcdir_abs/scripts/setup" --list --build-only)
case " $pk " in *" gzip "*) has_gzip=1 ;; *) has_gzip=0 ;; esac
check "scripts/setup --build-only: gzip, which the demo runs ($pk)" [ "$has_gzip" = 1 ]
check "scripts/setup --build-only: none of the tests' tools" \
	sh -c "! echo ' $pk ' | grep -qE ' (valgrind|jq|python3|mandoc|zstd) '"
check "scripts/demo sets up with --build-only" \
	grep -q '^scripts/setup --build-only' "$srcdir_abs/scripts/demo"

# 12. README: a "Common surprises" section, each surprise with the option
# that solves it; every option it names is one a tool takes.
awk '/^Common surprises/ { on = 1; next } on && /^The tools/ { exit } on' \
	"$srcdir_abs/README" > "$scratch/surprises"
for topic in "image size" "Predictions" "Labelbox" "Categories for evaluation" "Multi-image"; do
	check "README Common surprises: $topic" grep -q "$topic" "$scratch/surprises"
done
for tool in ann-cat ann-flatten ann-select ann-tococo ann-rle; do $tool --help; done > "$scratch/helps" 2>&1
for opt in $(grep -o -- '--[a-z][a-z-]*' "$scratch/surprises" | sort -u); do
	check "README Common surprises: $opt is an option of a tool" grep -q -- "$opt" "$scratch/helps"
done

done_testing
