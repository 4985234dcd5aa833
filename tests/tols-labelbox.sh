#!/bin/sh
# tests/tols-labelbox.sh: ann-tols --from labelbox against its manual page.
# Labelbox export v2 rows in, Label Studio tasks out: every kind of the
# mapping table (tests/tols-labelbox/images.ndjson and text.ndjson: the
# labelbox-python fragments of the corpus as rows, and one row of our own
# with a nested answer, a relationship, a point, a mask URL and a polygon
# past the image; text-inline.ndjson, a row holding its text), every output checked by ann-check against the config
# written with --config-out, the round trips compared through ann-flatten
# (tests/tols-labelbox/compare.py), and memory bounded on a generated file.
. "${top_srcdir:-.}/tests/lib.sh"
if ! command -v python3 > /dev/null; then
	echo "1..0 # SKIP python3 not installed (scripts/setup installs it)"
	exit 0
fi
T="$srcdir_abs/tests/tols-labelbox"
s=$scratch
cmp_py="$T/compare.py"

# checked NAME CONFIG TASKS: ann-check finds nothing wrong.
checked() {
	if out=$(ann-check -q -c "$2" "$3" 2>&1) && [ -z "$out" ]; then
		ok "$1: ann-check passes it against its config"
	else
		not_ok "$1: ann-check: $(echo "$out" | head -3 | tr '\n' ' ')"
	fi
}

# flat NAME A B [nested]: ann-flatten shows the same regions for the rows
# A and the tasks B (compare.py flat).
flat() {
	ann-flatten -f ndjson "$2" > "$s/flat.a" 2> /dev/null
	ann-flatten -f ndjson "$3" > "$s/flat.b" 2> /dev/null
	if out=$(python3 "$cmp_py" flat "$s/flat.a" "$s/flat.b" $4 2>&1); then
		ok "$1: ann-flatten shows the same $out"
	else
		not_ok "$1: $(echo "$out" | head -3 | tr '\n' ' ')"
	fi
}

# --- 1. every kind of the table ------------------------------------------
ann-tols --from labelbox --config-out "$s/img.xml" "$T/images.ndjson" \
    > "$s/img.ndjson" 2> "$s/img.err"
check "images: exit 0" [ $? -eq 0 ]
check "images: the summary, each skip with its reason" grep -qx \
    'ann-tols: 2 tasks, 2 annotations, 5 regions, 4 answers, 1 relation; 2 coordinates clipped to the image; skipped: 1 region of a kind the format cannot hold (polyline 1), 1 mask given only as a URL' \
    "$s/img.err"
checked images "$s/img.xml" "$s/img.ndjson"
flat "images: Labelbox rows and Label Studio tasks" "$T/images.ndjson" "$s/img.ndjson"
python3 - "$s/img.ndjson" > "$s/img.py" 2>&1 <<'PY'
import json, sys
tasks = [json.loads(l) for l in open(sys.argv[1])]
t = tasks[1]
assert t["data"] == {"image": "https://example.com/own-1.png", "global_key": "own-1.png",
                     "data_row_id": "row-own"}, t["data"]
a = t["annotations"][0]
assert a["completed_by"] == {"email": "person1@example.com"}, a
assert a["created_at"] == "2024-03-01T10:00:00.000+00:00", a
assert a["updated_at"] == "2024-03-02T11:00:00.000+00:00", a
assert a["lead_time"] == 12.5 and a["ground_truth"] is False, a
r = {x.get("type") + ":" + str((x.get("value") or {}).get("choices", "")): x for x in a["result"]}
box = r["rectanglelabels:"]
# The nested answer: a per-region result, the box's id.
assert r["choices:['red']"]["id"] == box["id"], r
assert r["choices:['red']"]["from_name"] == "colour"
# ... carrying the box's geometry and size, as Label Studio writes one.
v = dict(r["choices:['red']"]["value"])
assert v.pop("choices") == ["red"] and v == {k: box["value"][k] for k in v}, v
assert set(v) == {"x", "y", "width", "height", "rotation"}, v
assert r["choices:['red']"]["original_width"] == 250, r["choices:['red']"]
assert r["choices:['sunny']"]["id"] != box["id"]
rel = r["relation:"]
assert rel["from_id"] == box["id"] and rel["to_id"] == r["keypointlabels:"]["id"], rel
assert rel["direction"] == "right" and rel["labels"] == ["has"], rel
# Pixels to percent of media_attributes: 20.25 of 250 wide; clipped polygon.
assert abs(box["value"]["x"] - 8.1) < 1e-9 and box["original_width"] == 250, box
assert r["polygonlabels:"]["value"]["points"][1] == [100, 90], r["polygonlabels:"]
# A checklist is choices with several values.
c = [x for x in tasks[0]["annotations"][0]["result"] if x["type"] == "choices"][0]
assert c["value"]["choices"] == ["first_checklist_answer", "second_checklist_answer"], c
ids = [x["id"] for t in tasks for a in t["annotations"] for x in a["result"]
       if x["type"] not in ("choices", "relation")]
assert len(ids) == len(set(ids)), ids
PY
check "images: data, author, dates, per-region answer, relation, percent ($(tail -1 "$s/img.py"))" [ ! -s "$s/img.py" ]
grep -q 'choice="multiple"' "$s/img.xml" && grep -q 'perRegion="true"' "$s/img.xml"
check "images: the config has the checklist multiple and the nested answer per region" [ $? -eq 0 ]
ann-tols -q --from labelbox "$T/images.ndjson" > "$s/again.ndjson"
holds '[ -s "$s/img.ndjson" ] && cmp -s "$s/again.ndjson" "$s/img.ndjson"'
check "ids: the same input gives the same bytes" [ $? -eq 0 ]

ann-tols -q --from labelbox --config-out "$s/text.xml" "$T/text.ndjson" > "$s/text.ndjson"
check "text: exit 0" [ $? -eq 0 ]
checked text "$s/text.xml" "$s/text.ndjson"
flat "text: Labelbox rows and Label Studio tasks" "$T/text.ndjson" "$s/text.ndjson"
check "text: the span's end exclusive (Labelbox 128 is 129), its token as text" \
    grep -q '"value":{"start":112,"end":129,"text":"research suggests","labels":\["named-entity"\]}' "$s/text.ndjson"
check "text: a URL text is read by URL (valueType)" grep -q '<Text name="text" value="\$text" valueType="url"/>' "$s/text.xml"

# A row that holds its text: a span without a token takes its text from
# it, at offsets in code points (Label Studio's); ann-check holds the text
# to the offsets.
ann-tols -q --from labelbox --config-out "$s/inline.xml" "$T/text-inline.ndjson" > "$s/inline.ndjson"
checked "text in the row" "$s/inline.xml" "$s/inline.ndjson"
flat "text in the row: Labelbox rows and Label Studio tasks" "$T/text-inline.ndjson" "$s/inline.ndjson"
check "text in the row: the span's text, past two-byte and four-byte characters" \
    grep -q '"value":{"start":18,"end":23,"text":"Paris","labels":\["city"\]}' "$s/inline.ndjson"

# A project holds one kind of media: one config for both would fit neither.
cat "$T/images.ndjson" "$T/text.ndjson" > "$s/mixed.ndjson"
ann-tols -q --from labelbox --config-out "$s/mixed.xml" "$s/mixed.ndjson" > /dev/null 2> "$s/mixed.err"
code=$?
holds '[ $code -eq 2 ] && [ ! -e "$s/mixed.xml" ] && grep -q "rows of images and rows of texts" "$s/mixed.err"'
check "images and texts with --config-out: exit 2, no config, says why" [ $? -eq 0 ]

# --- 2. options ------------------------------------------------------------
ann-tols -q --from labelbox --as predictions --model-version lb1 "$T/images.ndjson" > "$s/pred.ndjson"
holds 'grep -q "\"predictions\":\[{\"model_version\":\"lb1\",\"created_at\"" "$s/pred.ndjson" && ! grep -q "completed_by\|\"annotations\"" "$s/pred.ndjson"'
check "--as predictions: predictions with the model version, no author" [ $? -eq 0 ]
ann-tols -q --from labelbox --from-name box --to-name img --config-out "$s/named.xml" \
    "$T/images.ndjson" > "$s/named.ndjson"
holds 'grep -q "\"rectanglelabels\",\"from_name\":\"box\",\"to_name\":\"img\"" "$s/named.ndjson" && grep -q "<Image name=\"img\"" "$s/named.xml"'
check "--from-name, --to-name: the names written, and in the config" [ $? -eq 0 ]

printf 'road\nbus\n' > "$s/cats"
ann-tols --from labelbox -C "$s/cats" --config-out "$s/cats.xml" "$T/images.ndjson" \
    > /dev/null 2> "$s/cats.err"
code=$?
holds '[ $code -eq 0 ] && grep -q "labels not in the given categories added after them" "$s/cats.err"'
check "--categories: labels met are added, with one warning at the end" [ $? -eq 0 ]
python3 - "$s/cats.xml" > "$s/cats.py" 2>&1 <<'PY'
import sys, xml.dom.minidom as m
d = m.parse(sys.argv[1])
for c in d.getElementsByTagName("PolygonLabels"):
    v = [l.getAttribute("value") for l in c.getElementsByTagName("Label")]
    assert v == ["road", "bus", "polygon"], v
PY
check "--categories: the config lists them first, in order ($(tail -1 "$s/cats.py"))" [ ! -s "$s/cats.py" ]
ann-tols --from labelbox -C "$s/cats" --strict-labels "$T/images.ndjson" > "$s/strict.out" 2> "$s/strict.err"
code=$?
holds '[ $code -eq 2 ] && [ ! -s "$s/strict.out" ] && grep -q "images.ndjson:1 (byte 0): label \"polygon\" is not among the given labels" "$s/strict.err" && grep -q "0 tasks" "$s/strict.err"'
check "--strict-labels: a label outside them is an error, positioned; nothing counted of it" [ $? -eq 0 ]

# --mask-root: the row's mask downloaded as ROOT/FEATURE_ID.png becomes
# a brush result; ann-tococo reads the same mask from the rows (with
# --mask-root) and from the tasks (the brush RLE): the same COCO RLE.
mkdir -p "$s/masks" "$s/badmasks"
python3 - "$s/masks/f-mask.png" "$s/badmasks/f-mask.png" <<'PY'
import struct, sys, zlib
def png(path, w, h, on):
    raw = b"".join(b"\0" + bytes(255 if on(x, y) else 0 for x in range(w)) for y in range(h))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
                           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
png(sys.argv[1], 250, 100, lambda x, y: 10 <= x < 200 and (y < 30 or x % 7 == 0))
png(sys.argv[2], 25, 10, lambda x, y: True)
PY
ann-tols --from labelbox --mask-root "$s/masks" --config-out "$s/mask.xml" "$T/images.ndjson" \
    > "$s/mask.ndjson" 2> "$s/mask.err"
holds '[ $? -eq 0 ] && grep -q "\"type\":\"brushlabels\",\"from_name\":\"brush\"" "$s/mask.ndjson" && ! grep -q "mask given only as a URL" "$s/mask.err"'
check "--mask-root: the downloaded mask is a brush result ($(tail -1 "$s/mask.err"))" [ $? -eq 0 ]
checked "--mask-root" "$s/mask.xml" "$s/mask.ndjson"
ann-tococo -q --mask-root "$s/masks" "$T/images.ndjson" > "$s/mask-lb.json"
ann-tococo -q "$s/mask.ndjson" > "$s/mask-ls.json"
python3 - "$s/mask-lb.json" "$s/mask-ls.json" > "$s/mask.py" 2>&1 <<'PY'
import json, sys
def rles(path):
    return [a["segmentation"] for a in json.load(open(path))["annotations"]
            if isinstance(a["segmentation"], dict)]
a, b = rles(sys.argv[1]), rles(sys.argv[2])
assert len(a) == 1 and a == b, (a, b)
PY
check "--mask-root: ann-tococo reads the same mask from the rows and the tasks ($(tail -1 "$s/mask.py"))" [ ! -s "$s/mask.py" ]
ann-tols --from labelbox --mask-root "$s/badmasks" "$T/images.ndjson" > "$s/badmask.ndjson" 2> "$s/badmask.err"
holds '[ $? -eq 0 ] && grep -q "1 mask that does not decode" "$s/badmask.err" && ! grep -q brushlabels "$s/badmask.ndjson"'
check "--mask-root: a PNG of another size is counted, not written" [ $? -eq 0 ]
ann-tols --from labelbox --mask-root "$s/masks" --max-pixels 100 "$T/images.ndjson" > /dev/null 2> "$s/maxpx.err"
check "--mask-root with --max-pixels: an image over it refuses the row, naming the option" \
    exit_and_says 2 $? "images.ndjson:2 (byte [0-9]*): mask \"f-mask\": .*--max-pixels" "$s/maxpx.err"

# A pretty-printed export (a JSON array over many lines), an author given
# as an object: every task is still one line.
python3 - "$T/images.ndjson" > "$s/pretty.json" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
for r in rows:
    for p in r["projects"].values():
        for l in p["labels"]:
            l["label_details"]["created_by"] = {"id": 7, "email": "person1@example.com"}
json.dump(rows, sys.stdout, indent=2)
PY
ann-tols -q --from labelbox "$s/pretty.json" > "$s/pretty.ndjson"
python3 - "$s/pretty.ndjson" > "$s/pretty.py" 2>&1 <<'PY'
import json, sys
lines = open(sys.argv[1]).read().split("\n")
assert lines[-1] == "" and len(lines) == 3, lines
for l in lines[:-1]:
    a = json.loads(l)["annotations"][0]
    assert a["completed_by"] == {"id": 7, "email": "person1@example.com"}, a
PY
check "a pretty-printed export, an author object: a task a line ($(tail -1 "$s/pretty.py"))" [ ! -s "$s/pretty.py" ]

# --- 3. what is not a Labelbox row, or not an image ------------------------
ls_task='{"id": 1, "data": {"image": "a.jpg"}, "annotations": []}'
row=$(head -1 "$T/images.ndjson")
printf '%s\n%s\n%s\n' "$row" "$ls_task" "$row" > "$s/mixedshape.ndjson"
ann-tols -q --from labelbox "$s/mixedshape.ndjson" > "$s/ms.out" 2> "$s/ms.err"
code=$?
holds '[ $code -eq 2 ] && grep -q "mixedshape.ndjson:2 (byte [0-9]*): a label-studio record, not a Labelbox export row" "$s/ms.err"'
check "a Label Studio task: exit 2, positioned, says what it is" [ $? -eq 0 ]
ann-tols -q -k --from labelbox "$s/mixedshape.ndjson" > "$s/ms.out" 2> "$s/ms.err"
code=$?
holds '[ $code -eq 2 ] && [ "$(wc -l < "$s/ms.out")" -eq 2 ]'
check "-k: the good rows kept, exit 2 (got $code, $(wc -l < "$s/ms.out") tasks)" [ $? -eq 0 ]
python3 - "$T/images.ndjson" > "$s/odd.ndjson" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
v = json.loads(json.dumps(rows[1]))
v["media_attributes"]["mime_type"] = "video/mp4"
v["data_row"]["id"] = "row-video"
n = json.loads(json.dumps(rows[1]))
del n["media_attributes"]
n["data_row"]["id"] = "row-nosize"
print(json.dumps(v))
print(json.dumps(n))
PY
ann-tols --from labelbox "$s/odd.ndjson" > "$s/odd.out" 2> "$s/odd.err"
code=$?
holds '[ $code -eq 0 ] && grep -q "row row-video skipped: a video" "$s/odd.err" && grep -q "1 video task" "$s/odd.err" && grep -q "3 regions without their image size, 1 relation to a region not written" "$s/odd.err"'
check "a video row and a row without media_attributes: counted with their reasons ($(tail -1 "$s/odd.err"))" [ $? -eq 0 ]

# --- 4. round trips --------------------------------------------------------
# Labelbox -> Label Studio -> Labelbox: ann-tolabelbox's import lines, made
# back into rows, hold the regions the rows held.
ann-tolabelbox -q --global-key-field global_key "$s/img.ndjson" > "$s/imp.ndjson"
python3 "$cmp_py" rows "$s/img.ndjson" "$s/imp.ndjson" > "$s/back.ndjson"
flat "Labelbox -> Label Studio -> Labelbox, nested answers too" "$T/images.ndjson" "$s/back.ndjson" nested

if [ -n "${ANN_CORPUS:-}" ] && [ -d "$ANN_CORPUS" ]; then
	for f in "$ANN_CORPUS"/labelbox/export-v2/*.ndjson; do
		b=$(basename "$f" .export-v2.ndjson)
		ann-tols -q --from labelbox --config-out "$s/$b.xml" "$f" > "$s/$b.ndjson"
		check "corpus $b: exit 0" [ $? -eq 0 ]
		checked "corpus $b" "$s/$b.xml" "$s/$b.ndjson"
		flat "corpus $b" "$f" "$s/$b.ndjson"
		ann-tolabelbox -q --global-key-field global_key "$s/$b.ndjson" > "$s/$b.imp"
		python3 "$cmp_py" rows "$s/$b.ndjson" "$s/$b.imp" > "$s/$b.back"
		flat "corpus $b: Labelbox -> Label Studio -> Labelbox" "$f" "$s/$b.back"
	done
	# Label Studio -> Labelbox -> Label Studio: the import lines made rows.
	for b in sdk-yolo sdk-yolo-polygons sdk-yolo-keypoints sdk-coco; do
		f="$ANN_CORPUS/label-studio/export/$b.export.json"
		ann-tolabelbox -q --relation-name linked "$f" > "$s/$b.imp"
		python3 "$cmp_py" rows "$f" "$s/$b.imp" > "$s/$b.rows"
		ann-tols -q --from labelbox "$s/$b.rows" > "$s/$b.ls"
		flat "corpus $b: Label Studio -> Labelbox -> Label Studio" "$f" "$s/$b.ls"
	done
else
	skip "corpus round trips" "ANN_CORPUS not set (scripts/test sets it)"
fi

# --- 5. usage ----------------------------------------------------------------
ann-tols --from labelbox --images x.json "$T/images.ndjson" > /dev/null 2> "$s/u.err"
check "--images with --from labelbox: exit 2" [ $? -eq 2 ]
# -c: the objects named by the project's own config, the answers' object too.
ann-tols --from labelbox --config-out "$s/own.xml" "$T/images.ndjson" > /dev/null 2>&1
sed -e 's/name="label"/name="boxes"/; s/<PolygonLabels name="polygon"/<PolygonLabels name="shapes"/' \
    -e 's/toName="image"/toName="photo"/g; s/<Image name="image"/<Image name="photo"/' \
    "$s/own.xml" > "$s/named.xml"
ann-tols --from labelbox -c "$s/named.xml" "$T/images.ndjson" > "$s/named.ndjson" 2> "$s/named.err"
check "-c: exit 0" [ $? -eq 0 ]
got=$(python3 -c 'import json, sys
seen = set()
for line in open(sys.argv[1]):
    for a in json.loads(line)["annotations"]:
        for r in a["result"]:
            if r["type"] != "relation":
                seen.add("%s:%s>%s" % (r["type"], r["from_name"], r["to_name"]))
print(" ".join(sorted(seen)))' "$s/named.ndjson")
is "-c: each result named as the config names its control and object" "$got" \
    "choices:checklist>photo choices:colour>photo choices:weather>photo keypointlabels:keypoint>photo polygonlabels:shapes>photo rectanglelabels:boxes>photo textarea:text>photo"
ann-check -q -c "$s/named.xml" "$s/named.ndjson" > "$s/named.check" 2>&1
check "-c: the tasks pass ann-check against that config" [ $? -eq 0 ]
sed 's/<Label value="car"\/>//' "$s/named.xml" > "$s/nocar.xml"
ann-tols --from labelbox -c "$s/nocar.xml" "$T/images.ndjson" > /dev/null 2> "$s/nocar.err"
check "-c: a label no control lists refuses its row, named" \
    exit_and_says 2 $? 'images.ndjson:2 (byte [0-9]*): label "car": no control of the config' "$s/nocar.err"
ann-tols --mask-root x - < /dev/null > /dev/null 2> "$s/u.err"
check "--mask-root with coco: exit 2, says so" exit_and_says 2 $? "--mask-root goes with --from labelbox" "$s/u.err"
ann-tols -k - < /dev/null > /dev/null 2> "$s/u.err"
check "-k with coco: exit 2, says so" exit_and_says 2 $? "goes with --from labelbox" "$s/u.err"

if [ -w /dev/full ]; then
	ann-tols --from labelbox "$T/images.ndjson" > /dev/full 2> "$s/full.err"
	check "a full disk: exit 2, says so" exit_and_says 2 $? "<stdout>: write error" "$s/full.err"
else
	skip "a full disk" "no /dev/full"
fi

# --- 6. memory: bounded by a record, not the export -------------------------
python3 - "$s/big.ndjson" <<'PY'
import json, sys
obj = [{"feature_id": "f%d" % k, "name": "c%d" % (k % 5), "bounding_box":
        {"top": 1, "left": k, "width": 5, "height": 5}, "classifications": []} for k in range(20)]
with open(sys.argv[1], "w") as f:
    for i in range(20000):
        f.write(json.dumps({"data_row": {"id": "r%d" % i, "row_data": "https://x/%d.jpg" % i},
                            "media_attributes": {"width": 100, "height": 100},
                            "projects": {"p": {"labels": [{"id": "l%d" % i, "annotations": {
                                "objects": obj, "classifications": [], "relationships": []}}]}}}) + "\n")
PY
if [ -n "${ANN_SANITIZERS:-}" ]; then rss_limit=300000; else rss_limit=32768; fi
"$builddir_abs/tests/peakrss" "$s/rss" ann-tols -q --from labelbox "$s/big.ndjson" > "$s/big.out"
code=$?
kb=$(cat "$s/rss")
holds '[ $code -eq 0 ] && [ "$(wc -l < "$s/big.out")" -eq 20000 ]'
check "20,000 rows: exit 0, 20,000 tasks (got $code, $(wc -l < "$s/big.out"))" [ $? -eq 0 ]
check "20,000 rows: peak RSS $kb KiB (limit $rss_limit)" [ "$kb" -lt $rss_limit ]
done_testing
