#!/bin/sh
# tests/tolabelbox.sh: ann-tolabelbox against its manual page.  Its lines
# are held to the shapes of labelbox-python's import fixtures
# (tests/tolabelbox/lbcheck.py, run on the fixtures too), to golden files
# for the corpus's Label Studio exports, and to the regions ann-flatten
# shows for the same input (boxes, corners and points to 1e-6 of the image
# size, spans with Labelbox's inclusive end).
. "${top_srcdir:-.}/tests/lib.sh"
if ! command -v python3 > /dev/null; then
	echo "1..0 # SKIP python3 not installed (scripts/setup installs it)"
	exit 0
fi
T="$srcdir_abs/tests/tolabelbox"
s=$scratch
FLAT="task_id,kind,label,x,y,width,height,rotation,points,start,end,image_width,image_height"

# shapes NAME FILE...: every line has a fixture's shape.
shapes() {
	name=$1
	shift
	if out=$(python3 "$T/lbcheck.py" shapes "$@" 2>&1); then
		ok "$name: the shapes of Labelbox's import fixtures ($out)"
	else
		not_ok "$name: $(echo "$out" | head -5 | tr '\n' ' ')"
	fi
}

# roundtrip NAME INPUT LINES [ann-flatten options]: the regions ann-flatten
# shows for INPUT are LINES.
roundtrip() {
	name=$1 in=$2 lb=$3
	shift 3
	ann-flatten -f ndjson -c "$FLAT" "$@" "$in" > "$s/$name.flat" 2> /dev/null
	if out=$(python3 "$T/lbcheck.py" roundtrip "$s/$name.flat" "$lb" 2>&1); then
		ok "$name: the regions ann-flatten shows, to 1e-6 of the image ($out)"
	else
		not_ok "$name: $(echo "$out" | head -5 | tr '\n' ' ')"
	fi
}

# --- 1. the checker holds the fixtures themselves ---------------------------
if [ -n "${ANN_CORPUS:-}" ] && [ -d "$ANN_CORPUS" ]; then
	F="$ANN_CORPUS/labelbox/import-ndjson"
	shapes "labelbox-python's fixtures" "$F/image_import.ndjson" "$F/nested_import.ndjson"
else
	skip "labelbox-python's fixtures" "ANN_CORPUS not set"
fi

# --- 2. the corpus's exports: golden, shapes, round trip --------------------
if [ -n "${ANN_CORPUS:-}" ] && [ -d "$ANN_CORPUS" ]; then
	E="$ANN_CORPUS/label-studio/export"
	grep -v '^#' "$T/cases" | while read -r n f args; do
		# shellcheck disable=SC2086 # the case's options, word by word
		(cd "$E" && ann-tolabelbox $args "$f" > "$s/$n.ndjson" 2> "$s/$n.err")
		is "$n: exit status" $? 0
		if cmp -s "$s/$n.ndjson" "$T/golden/$n.ndjson" && cmp -s "$s/$n.err" "$T/golden/$n.err"; then
			ok "$n: the golden lines and summary"
		else
			not_ok "$n: differs from golden/$n: $(diff "$T/golden/$n.err" "$s/$n.err" | head -3 | tr '\n' ' ')"
		fi
		shapes "$n" "$s/$n.ndjson"
		case "$n $args " in
		# ann-flatten reads annotations, by task id: no key, no lines.
		*" --both "* | *" --predictions "* | *" --global-key-field "* | *-nokey" "*) ;;
		*) roundtrip "$n" "$E/$f" "$s/$n.ndjson" ;;
		esac
	done > "$s/corpus.tap"
	# The loop ran in a subshell: its results, counted here.
	while IFS= read -r line; do
		case $line in
		"ok "*) ok "${line#ok [0-9]* - }" ;;
		*) not_ok "${line#not ok [0-9]* - }" ;;
		esac
	done < "$s/corpus.tap"
else
	skip "the corpus's exports" "ANN_CORPUS not set"
fi

# --- 3. the rules, on tasks of every kind -----------------------------------
ann-tolabelbox -c "$T/config.xml" "$T/tasks.ndjson" > "$s/t.ndjson" 2> "$s/t.err"
is "tasks: exit status" $? 0
shapes tasks "$s/t.ndjson"
ann-tolabelbox -q "$T/tasks.ndjson" > "$s/t1.ndjson"
roundtrip tasks "$T/tasks.ndjson" "$s/t1.ndjson"
if cmp -s "$s/t.ndjson" "$T/golden/tasks.ndjson"; then
	ok "tasks: the golden lines"
else
	not_ok "tasks: differs from golden/tasks.ndjson: $(diff "$T/golden/tasks.ndjson" "$s/t.ndjson" | head -4 | tr '\n' ' ')"
fi
# line N of FILE, as one member: jq-less, with python.
member() {
	python3 -c 'import json,sys; o=[json.loads(l) for l in open(sys.argv[1])][int(sys.argv[2])-1]
print(json.dumps(eval(sys.argv[3], {"o": o}), sort_keys=True))' "$@"
}
is "a span's end is Labelbox's last character" \
    "$(member "$s/t.ndjson" 11 'o["location"]')" '{"end": 11, "start": 0}'
is "a rotated box: the polygon of its turned corners" \
    "$(member "$s/t.ndjson" 2 '[round(p["x"],6) for p in o["polygon"]]')" \
    '[320, 375.425626, 327.425626, 272]'
is "a single choice: one answer" "$(member "$s/t.ndjson" 6 'o["answer"]')" '{"name": "Sunny"}'
is "choice=\"multiple\" in the config: a checklist" \
    "$(member "$s/t.ndjson" 7 'o["answer"]')" '[{"name": "Night"}]'
is "a text area's lines, one answer" "$(member "$s/t.ndjson" 8 'o["answer"]')" '"a red car\non a road"'
is "a relation: its ends by the uuids they were written with" \
    "$(member "$s/t.ndjson" 9 '[o["relationship"]["source"], o["relationship"]["target"]]')" \
    "$(member "$s/t.ndjson" 1 '[o["uuid"]]' | sed 's/]$//'), $(member "$s/t.ndjson" 2 '[o["uuid"]]' | sed 's/^\[//')"
is "direction left: from to_id to from_id" \
    "$(member "$s/t.ndjson" 10 '[o["relationship"]["source"], o["relationship"]["target"]]')" \
    "$(member "$s/t.ndjson" 3 '[o["uuid"]]' | sed 's/]$//'), $(member "$s/t.ndjson" 1 '[o["uuid"]]' | sed 's/^\[//')"
grep -q 'skipped: 1 region without a label, 1 region of a kind the format cannot hold (ellipse 1), 1 mask that does not decode, 1 label of a region after its first, 1 relation to a region not written$' "$s/t.err"
check "what is not written is counted, its kinds named" [ $? -eq 0 ]
grep -q '1 relation without a label (--relation-name NAME names them)' "$s/t.err"
check "a relation without a label: the option that names it" [ $? -eq 0 ]
grep -q '"Truck" (1) (--strict-labels refuses them)' "$s/t.err"
check "a label outside the config: added, with one warning" [ $? -eq 0 ]

ann-tolabelbox -q --relation-name near "$T/tasks.ndjson" > "$s/rn.ndjson"
is "--relation-name: a bidirectional relation" \
    "$(grep -c '"name":"near","relationship":{[^}]*"type":"bidirectional"}' "$s/rn.ndjson")" 1

# Predictions: the set's score, or the region's, as confidence.
ann-tolabelbox -q --predictions "$T/tasks.ndjson" > "$s/p.ndjson"
is "predictions: their scores as confidence" \
    "$(member "$s/p.ndjson" 1 'o["confidence"]'),$(member "$s/p.ndjson" 2 'o["confidence"]')" "0.875,0.5"
# --both: a prediction's region ids are kept in annotations: distinct uuids.
ann-tolabelbox -q --both "$T/tasks.ndjson" > "$s/b.ndjson"
shapes "--both: uuids distinct" "$s/b.ndjson"

# The same input, the same bytes.
ann-tolabelbox -q -c "$T/config.xml" "$T/tasks.ndjson" > "$s/t2.ndjson"
check "the same input gives the same lines (uuids)" cmp -s "$s/t.ndjson" "$s/t2.ndjson"

# --global-key-field: dataRow.globalKey; a task without it, counted and named.
ann-tolabelbox --global-key-field key "$T/tasks.ndjson" > "$s/g.ndjson" 2> "$s/g.err"
is "--global-key-field: exit status" $? 0
is "--global-key-field: globalKey" "$(member "$s/g.ndjson" 1 'o["dataRow"]')" '{"globalKey": "img-a"}'
grep -q 'tasks.ndjson:3 (byte [0-9]*): task 3 skipped: no data.key string for its global key (--global-key-field)$' "$s/g.err"
check "a task without the key: a warning naming the option" [ $? -eq 0 ]

# --strict-labels: the task is refused whole, no line of it written.
ann-tolabelbox -q -c "$T/config.xml" --strict-labels "$T/tasks.ndjson" > "$s/st.ndjson" 2> "$s/st.err"
is "--strict-labels: exit status" $? 2
grep -q 'tasks.ndjson:3 (byte [0-9]*): label "Truck" is not among the given names' "$s/st.err"
check "--strict-labels: the record and the label" [ $? -eq 0 ]
is "--strict-labels: the refused task has no line" "$(grep -c '"id":"3"' "$s/st.ndjson")" 0
# -o: no file after an error, the file after a run without one.
ann-tolabelbox -q -c "$T/config.xml" --strict-labels -o "$s/out.ndjson" "$T/tasks.ndjson" 2> /dev/null
check "-o: no file after an error" [ ! -e "$s/out.ndjson" ]
ann-tolabelbox -q -c "$T/config.xml" -o "$s/out.ndjson" "$T/tasks.ndjson"
check "-o: the file, complete" cmp -s "$s/out.ndjson" "$s/t.ndjson"

# --- 4. brush masks and per-region answers ----------------------------------
# tests/tolabelbox/perregion.ndjson: a box with perRegion choices, a
# checklist, a text area and a rating sharing its id; a brush (the corpus's
# 64x48_blob vector) with a text area; answers naming no region, alone
# or two to an id (a rating and a checklist, a radio and a text); an entity
# with a text area; then brushes of the corpus's 3x5_orientation,
# 1000x99_run_boundaries and 64x48_empty vectors.
P="$T/perregion.ndjson"
ann-tolabelbox -c "$T/config.xml" "$P" > "$s/pr.ndjson" 2> "$s/pr.err"
is "per-region: exit status" $? 0
if cmp -s "$s/pr.ndjson" "$T/golden/perregion.ndjson" && cmp -s "$s/pr.err" "$T/golden/perregion.err"; then
	ok "per-region: the golden lines and summary"
else
	not_ok "per-region: differs from golden/perregion: $(diff "$T/golden/perregion.ndjson" "$s/pr.ndjson" | head -3 | cut -c1-200 | tr '\n' ' ')"
fi
shapes "per-region: masks and nested classifications" "$s/pr.ndjson"
is "answers sharing a box's id: its classifications, radio, checklist and text" \
    "$(member "$s/pr.ndjson" 1 'o["classifications"]')" \
    '[{"answer": {"name": "Rainy"}, "name": "weather"}, {"answer": [{"name": "Blurry"}, {"name": "Night"}], "name": "tags"}, {"answer": "plate AB 123", "name": "caption"}]'
is "a brush's answer: the mask's classifications" \
    "$(member "$s/pr.ndjson" 2 '[sorted(o["mask"]), o["classifications"]]')" \
    '[["png"], [{"answer": "clouds", "name": "caption"}]]'
is "answers whose ids name no region: lines of their own" \
    "$(member "$s/pr.ndjson" 4 '[o["name"], o["answer"]]'),$(member "$s/pr.ndjson" 5 '[o["name"], o["answer"]]')" \
    '["weather", {"name": "Sunny"}],["caption", "a whole image"]'
is "an entity's answer: nested, and the entity keeps its offsets" \
    "$(member "$s/pr.ndjson" 9 '[o["location"], o["classifications"]]')" \
    '[{"end": 11, "start": 0}, [{"answer": "a mathematician", "name": "caption"}]]'
is "answers sharing an id that names no object: a line each, uuids distinct" \
    "$(member "$s/pr.ndjson" 6 '[o["name"], o["answer"]]'),$(member "$s/pr.ndjson" 7 '[o["name"], o["answer"]]'),$(member "$s/pr.ndjson" 8 '[o["name"], o["answer"]]')" \
    '["weather", {"name": "Rainy"}],["caption", "wet"],["tags", [{"name": "Night"}]]'
grep -q '5 answers nested in their objects; skipped: 2 regions of kinds the format cannot hold (rating 2)$' "$s/pr.err"
check "a rating, which Labelbox has no question for, is counted by its kind" [ $? -eq 0 ]
# The masks: the pixels ann-rle decode gives for the same regions.
ann-rle decode -f npy -o "$s/masks" "$P" > "$s/masks.ndjson" 2> "$s/masks.err"
if out=$(python3 "$T/lbcheck.py" masks "$s/pr.ndjson" "$s/masks.ndjson" 2> "$s/masks.why"); then
	ok "masks: a PNG of 0 and 1 with the pixels of ann-rle decode, each ($(echo "$out" | wc -l | tr -d ' ') masks)"
else
	not_ok "masks: $(head -3 "$s/masks.why" | tr '\n' ' ')"
fi
# Their base64 as coreutils writes it.
if command -v base64 > /dev/null; then
	bad=0
	for text in $out; do
		[ "$(printf '%s' "$text" | base64 -d | base64 -w 0)" = "$text" ] || bad=$((bad + 1))
	done
	[ -n "$out" ] && [ $bad -eq 0 ]
	check "masks: the base64 of coreutils' base64 ($bad differ)" [ $? -eq 0 ]
else
	skip "masks: coreutils' base64" "no base64"
fi
# A region made of two results that share an id (a rectangle and its
# labels, as Label Studio once wrote them, or the corpus's magic wand)
# folds no answer: its set's index of answers is empty, and an empty
# index is not sorted (qsort takes no NULL, even for nothing: UBSan).
printf '%s\n' '{"id":1,"data":{"image":"/a.png"},"annotations":[{"id":1,"result":[{"id":"r1","type":"rectangle","from_name":"box","to_name":"image","original_width":100,"original_height":50,"value":{"x":10,"y":10,"width":20,"height":20}},{"id":"r1","type":"labels","from_name":"lab","to_name":"image","original_width":100,"original_height":50,"value":{"x":10,"y":10,"width":20,"height":20,"labels":["Car"]}}]}]}' > "$s/facets.ndjson"
ann-tolabelbox -q "$s/facets.ndjson" > "$s/facets.out" 2> "$s/facets.err"
is "a region of two results and no answers: exit status" $? 0
is "a region of two results and no answers: its box, no classifications" \
    "$(member "$s/facets.out" 1 '[o["name"], o["bbox"], o["classifications"]]')" \
    '["Car", {"height": 10, "left": 10, "top": 5, "width": 20}, []]'

# --max-pixels: over it, the task is refused whole, with the option named.
ann-tolabelbox -q --max-pixels 1000 "$P" > "$s/mp.ndjson" 2> "$s/mp.err"
is "--max-pixels: exit status" $? 2
grep -q 'perregion.ndjson:1 (byte 0): region "m1": a 64x48 mask has 3072 pixels, more than the 1000 allowed (--max-pixels)$' "$s/mp.err"
check "--max-pixels: the region and the option" [ $? -eq 0 ]
is "--max-pixels: the refused task has no line" "$(grep -c '"id":"1"' "$s/mp.ndjson")" 0
ann-tolabelbox -k --max-pixels 1000 "$P" > /dev/null 2> "$s/mpk.err"
grep -q ' 0 classifications, 0 relationships); 1 answer nested in its object;' "$s/mpk.err"
check "--max-pixels -k: the refused task's lines are not counted" [ $? -eq 0 ]

# --- 5. hostile inputs: an error with its position, never a crash -----------
bad=""
for input in "$srcdir_abs"/tests/bad/*.json "$srcdir_abs"/tests/bad/*.ndjson; do
	ann-tolabelbox < "$input" > "$s/out" 2> "$s/err"
	code=$?
	case "$(head -n 1 "$s/err")" in
	"ann-tolabelbox: <stdin>:"*) [ $code -eq 2 ] || bad="$bad ${input##*/}:$code" ;;
	*) bad="$bad ${input##*/}:$code:message" ;;
	esac
done
check "hostile inputs: exit 2 and a positioned message each${bad:+:$bad}" [ -z "$bad" ]
# Good, bad, good: the good tasks' lines are kept, and the exit says the error.
{ sed -n 1p "$T/tasks.ndjson"; echo '{"id": 9, "annotations": [}'; sed -n 2p "$T/tasks.ndjson"; } |
    ann-tolabelbox -k > "$s/gbg.ndjson" 2> "$s/gbg.err"
is "good, bad, good: exit status" $? 2
is "good, bad, good: both good tasks' lines" \
    "$(grep -c '"dataRow":{"id":"[12]"}' "$s/gbg.ndjson")" "$(grep -c '"dataRow":{"id":"[12]"}' "$s/t1.ndjson")"
# A full disk is an error, not a short file.
if [ -w /dev/full ]; then
	ann-tolabelbox -q "$T/tasks.ndjson" > /dev/full 2> "$s/full.err"
	is "a full disk: exit status" $? 2
else
	skip "a full disk" "no /dev/full"
fi

# --- 6. memory: one record, not the export ----------------------------------
python3 - "$s/big.ndjson" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(20000):
        r = [{"id": "r%d" % k, "type": "rectanglelabels", "from_name": "box",
              "to_name": "image", "original_width": 640, "original_height": 480,
              "value": {"x": k, "y": k, "width": 10, "height": 10, "rotation": 0,
                        "rectanglelabels": ["Car"]}} for k in range(5)]
        f.write(json.dumps({"id": i, "data": {"image": "s3://b/%d.jpg" % i},
                            "annotations": [{"id": i, "result": r}]}) + "\n")
PY
if [ -n "${ANN_SANITIZERS:-}" ]; then rss_limit=300000; else rss_limit=65536; fi
"$builddir_abs/tests/peakrss" "$s/rss" ann-tolabelbox -q -o "$s/big.out" "$s/big.ndjson"
is "20,000 tasks: exit status" $? 0
kb=$(cat "$s/rss")
check "20,000 tasks: peak RSS $kb KiB (limit $rss_limit)" [ "$kb" -lt $rss_limit ]
is "20,000 tasks: 100,000 lines" "$(wc -l < "$s/big.out" | tr -d ' ')" 100000

# Masks of 8192 x 8192: decoded as runs and written a row at a time, never
# a plane of 64 MB.  The mask is made as a PNG here, encoded by ann-rle.
python3 - "$s/big.png" <<'PY'
import struct, sys, zlib
W = H = 8192
def chunk(k, b):
    return struct.pack(">I", len(b)) + k + b + struct.pack(">I", zlib.crc32(k + b))
z, idat = zlib.compressobj(9), []
inside = b"\0" + bytes(1000) + b"\xff" * 5000 + bytes(W - 6000)
outside = b"\0" + bytes(W)
for y in range(H):
    idat.append(z.compress(inside if 1000 <= y < 7000 else outside))
idat.append(z.flush())
with open(sys.argv[1], "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 0, 0, 0, 0)) +
            chunk(b"IDAT", b"".join(idat)) + chunk(b"IEND", b""))
PY
ann-rle encode --from-name brush --to-name image -l Sky "$s/big.png" > "$s/bigmask.json"
for i in 1 2 3; do sed "s/^{/{\"id\":$i,/" "$s/bigmask.json"; done > "$s/bigmasks.ndjson"
"$builddir_abs/tests/peakrss" "$s/rss" ann-tolabelbox -q --predictions -o "$s/bigmasks.out" "$s/bigmasks.ndjson"
is "8192 x 8192 masks: exit status" $? 0
kb=$(cat "$s/rss")
check "8192 x 8192 masks: peak RSS $kb KiB (limit $rss_limit)" [ "$kb" -lt $rss_limit ]
is "8192 x 8192 masks: a line each" "$(grep -c '"mask":{"png":"' "$s/bigmasks.out")" 3
done_testing
