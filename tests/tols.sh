#!/bin/sh
# tests/tols.sh: ann-tols against its manual page.  COCO in, Label Studio
# tasks out: the goldens in tests/tols, every output checked by ann-check
# against the config written with --config-out, the round trip through
# ann-tococo (tests/tols/roundtrip.py), hostile COCO files refused with
# their byte, and memory bounded on a generated file (tests/peakrss).
. "${top_srcdir:-.}/tests/lib.sh"
if ! command -v python3 > /dev/null; then
	echo "1..0 # SKIP python3 not installed (scripts/setup installs it)"
	exit 0
fi
T="$srcdir_abs/tests/tols"
s=$scratch
rss="$builddir_abs/tests/peakrss"

same() {	# DESCRIPTION GOT WANT
	if cmp -s "$2" "$3"; then ok "$1"; else
		not_ok "$1: $(diff "$3" "$2" | head -5 | tr '\n' ' ')"
	fi
}

# checked NAME CONFIG TASKS: ann-check finds nothing wrong.
checked() {
	if out=$(ann-check -q -c "$2" "$3" 2>&1) && [ -z "$out" ]; then
		ok "$1: ann-check passes it against its config"
	else
		not_ok "$1: ann-check: $(echo "$out" | head -3 | tr '\n' ' ')"
	fi
}

# Instances: boxes, a polygon, RLE masks (string and list), keypoints,
# annotations before images, an image without annotations.
ann-tols --model-version m1 --config-out "$s/inst.xml" "$T/instances.json" \
    > "$s/inst.ndjson" 2> "$s/inst.err"
check "instances: exit 0" [ $? -eq 0 ]
same "instances: the tasks, byte for byte" "$s/inst.ndjson" "$T/instances.expected"
same "instances: the summary" "$s/inst.err" "$T/instances.stderr"
same "instances: the config" "$s/inst.xml" "$T/instances.config.xml"
checked instances "$s/inst.xml" "$s/inst.ndjson"
ann-tols -q "$T/instances.json" < /dev/null > "$s/again.ndjson"
cp "$T/instances.json" "$s/instances.json"
(cd "$s" && ann-tols -q --model-version m1 instances.json > "$s/moved.ndjson")
same "ids: the same input gives the same ids wherever it lies" "$s/moved.ndjson" "$T/instances.expected"
ann-tols -q --model-version m1 < "$T/instances.json" > "$s/stdin.ndjson"
if cmp -s "$s/stdin.ndjson" "$T/instances.expected"; then
	not_ok "ids: another source (<stdin>) gives other ids"
else
	ok "ids: another source (<stdin>) gives other ids"
fi
ids=$(grep -o '"id":"[0-9a-f]*"' "$s/inst.ndjson" | sort | uniq -d)
check "ids: unique" [ -z "$ids" ]

# The round trip: ann-tococo, given the config, gives the regions back
# with COCO's category ids.
ann-tococo -q -c "$s/inst.xml" --predictions "$s/inst.ndjson" > "$s/back.json"
if out=$(python3 "$T/roundtrip.py" "$T/instances.json" "$s/back.json" 2>&1); then
	ok "round trip through ann-tococo: $out the same"
else
	not_ok "round trip through ann-tococo: $(echo "$out" | head -4 | tr '\n' ' ')"
fi
check "round trip: category ids kept" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(sorted((c["id"], c["name"]) for c in d["categories"] if c["name"] in ("car", "road <sign>", "person")) != [(1, "car"), (2, "road <sign>"), (3, "person")])' "$s/back.json"

# Many images: tasks are made on two threads (pmap) and must still come
# out one per image, in the order listed, each with its own regions.
python3 - "$s/many.json" <<'PY'
import json, sys
images, anns = [], []
for i in range(3000):
    w, h = 64, 48
    images.append({"id": 5000 - i, "file_name": "m%04d.jpg" % i, "width": w, "height": h})
    # A column-major mask whose runs depend on i: distinct for each image.
    counts, left = [], w * h
    for x in range(w):
        a, b = (i + x) % 20, 5 + (i * 7 + x) % 20
        counts += [a, b, h - a - b]
    flat = [counts[0]]
    for c, on in zip(counts[1:], [1, 0] * (len(counts) // 2) + [1]):
        if (len(flat) % 2 == 1) == bool(on):
            flat.append(c)
        else:
            flat[-1] += c
    anns.append({"id": 2 * i + 1, "image_id": 5000 - i, "category_id": 1 + i % 3,
                 "segmentation": {"size": [h, w], "counts": flat}})
    anns.append({"id": 2 * i + 2, "image_id": 5000 - i, "category_id": 1 + i % 3,
                 "bbox": [i % 50, i % 40, 10, 5]})
cats = [{"id": k, "name": "c%d" % k} for k in (1, 2, 3)]
json.dump({"images": images, "categories": cats, "annotations": anns}, open(sys.argv[1], "w"))
PY
ann-tols -q --config-out "$s/many.xml" "$s/many.json" > "$s/many.ndjson"
check "many images: a task each, in the order listed" \
    [ "$(python3 -c 'import json, sys
print(",".join(json.loads(l)["data"]["image"] for l in open(sys.argv[1])))' "$s/many.ndjson")" = \
    "$(python3 -c 'print(",".join("m%04d.jpg" % i for i in range(3000)))')" ]
ann-tococo -q -c "$s/many.xml" --predictions "$s/many.ndjson" > "$s/many-back.json"
if out=$(python3 "$T/roundtrip.py" "$s/many.json" "$s/many-back.json" 2>&1); then
	ok "many images: round trip through ann-tococo: $out the same"
else
	not_ok "many images: round trip through ann-tococo: $(echo "$out" | head -4 | tr '\n' ' ')"
fi

# A results array with --images: scores per region and their mean per
# prediction, a box clipped, a result of an image not listed counted.
ann-tols --as annotations --to-name photo --image-url 's3://bucket/"x"/' \
    --config-out "$s/res.xml" --images "$T/instances.json" "$T/results.json" \
    > "$s/res.ndjson" 2> "$s/res.err"
check "results: exit 0" [ $? -eq 0 ]
same "results: as annotations, to photo, the URL prefixed" "$s/res.ndjson" "$T/results.expected"
check "results: clipped and unlisted counted" grep -q '2 coordinates clipped to the image; skipped: 1 region of an image the input does not list' "$s/res.err"
checked results "$s/res.xml" "$s/res.ndjson"
ann-tols -q --images "$T/instances.json" "$T/results.json" > "$s/pred.ndjson"
check "results: the prediction's score is its regions' mean" grep -q '"predictions":\[{"score":0.875,' "$s/pred.ndjson"
check "results: each region keeps its score" grep -q '"polygonlabels":\["road <sign>"\]},"score":0.75}' "$s/pred.ndjson"

# Hostile input: a positioned error, exit 2, nothing on standard output,
# no config written.
bad() {	# NAME TEXT EXPECTED-STDERR-GLOB
	printf '%b' "$2" > "$s/$1.json"
	ann-tols --config-out "$s/$1.xml" "$s/$1.json" > "$s/$1.out" 2> "$s/$1.err"
	code=$?
	err=$(cat "$s/$1.err")
	if [ $code -eq 2 ] && [ ! -s "$s/$1.out" ] && [ ! -e "$s/$1.xml" ] &&
	    glob_line "$3" "$err"; then
		ok "hostile $1: $err"
	else
		not_ok "hostile $1: exit $code, stderr '$err'"
	fi
}
bad empty '' "ann-tols: $s/empty.json (byte 0): empty input*"
bad truncated '{"images": [{"id": 1, "file_name": "a", "width": 2, "height": 2}' "ann-tols: $s/truncated.json (byte *): *"
bad inarray '{"annotations": [{"image_id": 1, "category_id": 1, "bbox": [0,0,1,1]},]}' "ann-tols: $s/inarray.json (byte 70): invalid JSON: expected a value"
bad badjson '{"annotations": [{"image_id": 1, "bbox": [0,0,1,1}]}' "ann-tols: $s/badjson.json (byte *): invalid JSON*"
bad notobj '{"annotations": [3]}' "ann-tols: $s/notobj.json (byte 17): an annotation that is not an object"
bad noimage '{"annotations": [{"category_id": 1}]}' "ann-tols: $s/noimage.json (byte 17): an annotation without a whole-number \"image_id\""
bad twice '{"images": [{"id": 1, "file_name": "a"}, {"id": 1, "file_name": "b"}]}' "ann-tols: $s/twice.json (byte 41): an image id listed twice"
bad trailing '{"images": []} {"images": []}' "ann-tols: $s/trailing.json (byte 15): invalid JSON: more data after the COCO document"
bad images '{"images": {}}' "ann-tols: $s/images.json (byte 11): member \"images\" is not an array"
bad scalar '3' "ann-tols: $s/scalar.json (byte 0): expected a COCO object or a results array"
bad skipped '{"info": {"a": [1, 2}, "images": []}' "ann-tols: $s/skipped.json (byte *): *"
# A member passed over is still JSON: found by fuzz_tols.
bad skippedbrackets '{"info": [}, "images": []}' "ann-tols: $s/skippedbrackets.json (byte 10): invalid JSON: expected a value"
bad skippedctl '{"licenses": [{"name": "a\001b"}], "images": []}' "ann-tols: $s/skippedctl.json (byte *): invalid JSON: control character*"

# What cannot be converted is counted, never dropped in silence.
printf '%s' '{"images": [{"id": 1, "file_name": "a.jpg", "width": 4, "height": 4},
 {"id": 2, "file_name": "nosize.jpg"}],
 "categories": [{"id": 1, "name": "x"}],
 "annotations": [
  {"image_id": 1, "category_id": 1, "segmentation": {"size": [5, 5], "counts": [25]}},
  {"image_id": 1, "category_id": 1, "segmentation": [[0, 0, 1]]},
  {"image_id": 1, "category_id": 7, "bbox": [0, 0, 1, 1]},
  {"image_id": 1, "category_id": 1, "bbox": [0, 0, "1", 1]},
  {"image_id": 2, "category_id": 1, "bbox": [0, 0, 1, 1]}]}' > "$s/counted.json"
ann-tols "$s/counted.json" > "$s/counted.out" 2> "$s/counted.err"
check "counted: exit 0" [ $? -eq 0 ]
check "counted: each skip with its reason" grep -qx 'ann-tols: 1 task (1 without results), 0 results, 0 coordinates clipped to the image; skipped: 1 task without an image size, 1 region without a label, 2 regions with bad geometry, 1 mask that does not decode' "$s/counted.err"

# --image-root: a COCO image listed without a size, measured from its file.
mkdir -p "$s/imgs"
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\000\004\000\000\000\004\010\002\000\000\000' > "$s/imgs/nosize.jpg"
ann-tols --image-root "$s/imgs" "$s/counted.json" > "$s/rooted.out" 2> "$s/rooted.err"
check "--image-root: the image's size from its header, its task written" holds \
    '[ "$(wc -l < "$s/rooted.out")" -eq 2 ] && grep -q "\"image\":\"nosize.jpg\"},\"predictions\".*\"original_width\":4,\"original_height\":4" "$s/rooted.out"'
check "no size: the image named, with the option that fixes it" \
    grep -qx "ann-tols: nosize.jpg: task skipped: no size known; --image-root DIR reads it from DIR/nosize.jpg" "$s/counted.err"

# Memory: bounded by the images, not the annotations.  40 MB of
# annotations over 100 images, interleaved, so every image's chain spans
# the spill file.
python3 - "$s/big.json" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('{"annotations": [')
    pad = "x" * 200
    for i in range(150000):
        f.write('%s{"id": %d, "image_id": %d, "category_id": 1, "bbox": [%d, 2, 3, 4], "score": 0.5, "note": "%s"}'
                % ("," if i else "", i, i % 100, i // 100 % 500, pad))
    f.write('], "images": [%s], "categories": [{"id": 1, "name": "a"}]}' %
            ",".join('{"id": %d, "file_name": "%d.jpg", "width": 640, "height": 480}' % (i, i) for i in range(100)))
PY
"$rss" "$s/big.rss" ann-tols -q "$s/big.json" > "$s/big.out"
code=$?
tasks=$(wc -l < "$s/big.out")
kb=$(cat "$s/big.rss")
check "big: exit 0, 100 tasks (got $code, $tasks)" holds '[ $code -eq 0 ] && [ "$tasks" -eq 100 ]'
check "big: image 0's 1500 results, each read along its chain, in the file's order" python3 -c '
import json, sys
t = json.loads(open(sys.argv[1]).readline())
xs = [round(r["value"]["x"] * 6.4) for r in t["predictions"][0]["result"]]
sys.exit(xs != [k % 500 for k in range(1500)])' "$s/big.out"
# Sanitizers add shadow memory and keep freed blocks in quarantine.
if [ -n "${ANN_SANITIZERS:-}" ]; then limit=400000; else limit=24576; fi
check "big: 40 MB of annotations in peak ${kb} KiB (limit $limit)" [ "$kb" -lt $limit ]

# A regular file's annotations are read from both ends on two threads;
# a pipe's by one.  The same standard input both ways gives the same
# bytes: tasks, ids, messages and error positions, whether the second
# thread's guess at an element's start holds (plain notes), lands among
# the images and is made again where the annotations start (images), or
# lands in a string and is dropped (notes that look like the end of one
# element and the start of the next), and for errors late in the file.
python3 - "$s/halves" <<'PY'
import json, sys
d = sys.argv[1]
def write(name, note, tail=None, images=300):
    with open("%s/%s.json" % (d, name), "w") as f:
        f.write('{"images": [%s],\n"annotations": [\n' % ",".join(
            '{"id": %d, "file_name": "%d.jpg", "width": 640, "height": 480}' % (i, i) for i in range(images)))
        for i in range(12000):
            f.write('%s{"id": %d, "note": "%s", "image_id": %d, "category_id": %d, "bbox": [%d, 2, 3, 4]}'
                    % (",\n" if i else "", i, note, (i * 7) % 300 if i % 5 else i // 40, 1 + i % 2, i % 600))
        f.write(tail if tail is not None else '\n],\n"categories": [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]}\n')
import os
os.makedirs(d, exist_ok=True)
write("plain", "n" * 60)
write("images", "n" * 60, images=30000)
write("strings", "} , {" * 12)
write("cut", "n" * 60, tail='\n, {"image_id": 3')
write("noid", "n" * 60, tail=',\n{"id": 1, "category_id": 1}]}')
write("badsep", "n" * 60, tail='\n{"image_id": 1}]}')
PY
for f in plain images strings cut noid badsep; do
	ann-tols -q < "$s/halves/$f.json" > "$s/halves/$f.file" 2> "$s/halves/$f.file.err"
	echo $? >> "$s/halves/$f.file.err"
	cat "$s/halves/$f.json" | ann-tols -q > "$s/halves/$f.pipe" 2> "$s/halves/$f.pipe.err"
	echo $? >> "$s/halves/$f.pipe.err"
done
check "two threads or one: the same 300 tasks" holds \
    '[ "$(wc -l < "$s/halves/plain.file")" -eq 300 ] && cmp -s "$s/halves/plain.file" "$s/halves/plain.pipe" &&
     cmp -s "$s/halves/strings.file" "$s/halves/strings.pipe" && [ "$(wc -l < "$s/halves/strings.file")" -eq 300 ] &&
     cmp -s "$s/halves/images.file" "$s/halves/images.pipe" && [ "$(wc -l < "$s/halves/images.file")" -eq 30000 ]'
# And on generated files, some damaged (tests/tols/halves.py).
differ=
for seed in 1 2 3 4 5 6 7 8 9 10 11 12; do
	python3 "$T/halves.py" $seed "$s/halves/gen.json"
	ann-tols -q < "$s/halves/gen.json" > "$s/halves/gen.file" 2> "$s/halves/gen.file.err"
	echo $? >> "$s/halves/gen.file.err"
	cat "$s/halves/gen.json" | ann-tols -q > "$s/halves/gen.pipe" 2> "$s/halves/gen.pipe.err"
	echo $? >> "$s/halves/gen.pipe.err"
	cmp -s "$s/halves/gen.file" "$s/halves/gen.pipe" && cmp -s "$s/halves/gen.file.err" "$s/halves/gen.pipe.err" ||
		differ="$differ $seed"
done
check "two threads or one: the same output and messages on 12 generated files${differ:+ (differ:$differ)}" [ -z "$differ" ]
check "two threads or one: the same error, at the same byte, late in the file" holds \
    'for f in cut noid badsep; do cmp -s "$s/halves/$f.file.err" "$s/halves/$f.pipe.err" &&
         grep -qx 2 "$s/halves/$f.file.err" && grep -q "(byte [0-9]*)" "$s/halves/$f.file.err" || exit 1; done'

# A polygon with a coordinate that is not a number is no polygon: counted
# and named as bad geometry, never written from the numbers before it.
printf '%s' '{"images":[{"id":1,"file_name":"a.jpg","width":10,"height":10}],"categories":[{"id":1,"name":"x"}],"annotations":[{"image_id":1,"category_id":1,"segmentation":[[1,2,3,4,5,6,"x"],[1,1,2,2,3,1]]}]}' |
    ann-tols > "$s/badpoly.out" 2> "$s/badpoly.err"
check "a polygon with a string among its numbers: skipped and counted, the good one kept" holds \
    '[ "$(grep -o "\"points\":[^}]*" "$s/badpoly.out")" = "\"points\":[[10,10],[20,20],[30,10]],\"polygonlabels\":[\"x\"]" ] &&
     grep -q "skipped: 1 region with bad geometry" "$s/badpoly.err"'

# Image ids of every kind: a large one met first (kept in the hash table,
# then inside the dense array's range once 2000 more are listed), negative,
# past 2^40, and 1..2000; each annotation finds its image, and an id listed
# twice is still refused.
python3 - "$s/ids.json" "$s/ids2.json" <<'PY'
import json, sys
ids = [7000, -3, 10**12] + list(range(1, 2001))
images = [{"id": i, "file_name": "%d.jpg" % i, "width": 100, "height": 100} for i in ids]
anns = [{"image_id": i, "category_id": 1, "bbox": [k % 90, 1, 2, 2]} for k, i in enumerate([7000, -3, 10**12, 1, 2000, 7000])]
d = {"images": images, "categories": [{"id": 1, "name": "a"}], "annotations": anns}
json.dump(d, open(sys.argv[1], "w"))
d["images"].append({"id": 7000, "file_name": "again.jpg"})
json.dump(d, open(sys.argv[2], "w"))
PY
ann-tols -q "$s/ids.json" > "$s/ids.out"
check "image ids large, negative, dense: each annotation on its own image" python3 -c '
import json, sys
got = {}
for line in open(sys.argv[1]):
    t = json.loads(line)
    xs = [r["value"]["x"] for p in t.get("predictions", []) for r in p["result"]]
    if xs:
        got[t["data"]["image"]] = xs
sys.exit(got != {"7000.jpg": [0, 5], "-3.jpg": [1], "1000000000000.jpg": [2], "1.jpg": [3], "2000.jpg": [4]})' "$s/ids.out"
ann-tols -q "$s/ids2.json" > /dev/null 2> "$s/ids2.err"
check "an image id listed twice, the first kept in the hash table: refused" grep -q "an image id listed twice" "$s/ids2.err"

# Results in 70 files: the first 64 read again where they lie, the rest
# spilled; every image's results in the order of the files.
mkdir -p "$s/shards"
python3 - "$s/shards" <<'PY'
import json, sys
d = sys.argv[1]
json.dump({"images": [{"id": i, "file_name": "%d.jpg" % i, "width": 100, "height": 100} for i in range(1, 11)],
           "categories": [{"id": 1, "name": "a"}]}, open(d + "/images.json", "w"))
for k in range(70):
    json.dump([{"image_id": k % 10 + 1, "category_id": 1, "bbox": [k, 1, 2, 2], "score": 0.5}],
              open("%s/r%02d.json" % (d, k), "w"))
PY
ann-tols -q --images "$s/shards/images.json" "$s/shards"/r*.json > "$s/shards.out"
check "70 results files: each image's results in the files' order" python3 -c '
import json, sys
got = [[round(r["value"]["x"], 6) for r in json.loads(l)["predictions"][0]["result"]] for l in open(sys.argv[1])]
sys.exit(got != [[k for k in range(70) if k % 10 == i] for i in range(10)])' "$s/shards.out"

# No categories, no annotations: a task per image, without results.
printf '%s' '{"images": [{"id": 1, "file_name": "a.jpg", "width": 4, "height": 4}], "categories": [], "annotations": []}' |
    ann-tols -q > "$s/bare.out"
check "no categories, no annotations: a task without results" \
    [ "$(cat "$s/bare.out")" = '{"data":{"image":"a.jpg"}}' ]

# Read back from the spill: an image whose annotations lie together (one
# read) and one whose annotations are apart (along its chain) both give
# their results in the file's order.
cat > "$s/apart.json" <<'JSON'
{"images": [{"id": 1, "file_name": "a.jpg", "width": 100, "height": 100},
 {"id": 2, "file_name": "b.jpg", "width": 100, "height": 100}],
 "categories": [{"id": 1, "name": "a"}],
 "annotations": [{"image_id": 1, "category_id": 1, "bbox": [10, 0, 1, 1]},
 {"image_id": 2, "category_id": 1, "bbox": [20, 0, 1, 1]},
 {"image_id": 2, "category_id": 1, "bbox": [21, 0, 1, 1]},
 {"image_id": 2, "category_id": 1, "bbox": [22, 0, 1, 1]},
 {"image_id": 1, "category_id": 1, "bbox": [11, 0, 1, 1]},
 {"image_id": 1, "category_id": 1, "bbox": [12, 0, 1, 1]}]}
JSON
ann-tols -q "$s/apart.json" > "$s/apart.out"
check "spill: results in the file's order, an image's annotations apart or together" \
    [ "$(python3 -c 'import json, sys
for line in open(sys.argv[1]):
    t = json.loads(line)
    print(" ".join("%g" % r["value"]["x"] for r in t["predictions"][0]["result"]))' "$s/apart.out" | tr '\n' '/')" = "10 11 12/20 21 22/" ]

# An annotation's text is read again where it lies in a regular file;
# from a pipe or through a decompressor it goes to a text spill.  Both
# give the same results, as does a file whose annotations lie far apart
# (more than a read's gap of spaces between them), and standard input
# that is a file whose first line was taken by someone else.
xs() {
	python3 -c 'import json, sys
for line in open(sys.argv[1]):
    t = json.loads(line)
    print(" ".join("%g" % r["value"]["x"] for r in t["predictions"][0]["result"]))' "$1" | tr '\n' '/'
}
cat "$s/apart.json" | ann-tols -q > "$s/apart.pipe"
gzip -c "$s/apart.json" > "$s/apart.json.gz"
ann-tols -q "$s/apart.json.gz" > "$s/apart.gz"
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(json.dumps(d, indent=5000))' "$s/apart.json" > "$s/apart-wide.json"
ann-tols -q "$s/apart-wide.json" > "$s/apart.wide"
{ echo "not JSON, read by another"; cat "$s/apart.json"; } > "$s/apart-tail.json"
{ read -r _; ann-tols -q; } < "$s/apart-tail.json" > "$s/apart.tail"
ann-tols -q < "$s/apart.json" > "$s/apart.stdin"
check "text where it lies or spilled: the same results (pipe, gzip, wide, stdin at an offset)" holds \
    '[ "$(xs "$s/apart.pipe")" = "10 11 12/20 21 22/" ] && [ "$(xs "$s/apart.gz")" = "10 11 12/20 21 22/" ] &&
     [ "$(xs "$s/apart.wide")" = "10 11 12/20 21 22/" ] && cmp -s "$s/apart.tail" "$s/apart.stdin"'
# A file read where it lies that changes before its tasks are written:
# refused, never read as something else.  The second input, a pipe, holds
# ann-tols until the first has been changed.
rm -f "$s/fifo"
mkfifo "$s/fifo"
cp "$s/apart.json" "$s/changing.json"
touch -d 2020-01-01 "$s/changing.json"	# a change always moves its time
ann-tols -q "$s/changing.json" "$s/fifo" > "$s/changing.out" 2> "$s/changing.err" &
pid=$!
exec 3> "$s/fifo"
sed 's/"bbox": \[1/"bbox": [9/' "$s/apart.json" > "$s/changing.json.new"
cat "$s/changing.json.new" > "$s/changing.json"
echo '[]' >&3
exec 3>&-
wait $pid
code=$?
check "a file changed while it was read: exit 2, the file named, no task written" holds \
    '[ $code -eq 2 ] && grep -q "changing.json changed while it was read" "$s/changing.err" && [ ! -s "$s/changing.out" ]'

# --config: the names of an existing project's config, COCO too.
sed 's/<Image name="image" value="\$image"/<Image name="photo" value="$url"/; s/toName="image"/toName="photo"/; s/name="label"/name="boxes"/' \
    "$T/instances.config.xml" > "$s/project.xml"
ann-tols -q -c "$s/project.xml" "$T/instances.json" > "$s/project.ndjson"
check "--config: COCO results named by the project's config" holds \
    'grep -q "\"from_name\":\"boxes\",\"to_name\":\"photo\"" "$s/project.ndjson" &&
     ! grep -q "\"to_name\":\"image\"" "$s/project.ndjson" && grep -q "^{\"data\":{\"url\":" "$s/project.ndjson"'
checked "--config" "$s/project.xml" "$s/project.ndjson"

# Usage.
ann-tols --from voc "$T/instances.json" > /dev/null 2> "$s/usage.err"
check "--from voc: a usage error, exit 2" [ $? -eq 2 ]
ann-tols --as guesses "$T/instances.json" > /dev/null 2> "$s/usage.err"
check "--as guesses: a usage error naming the value" grep -q -- '--as guesses: predictions or annotations' "$s/usage.err"
ann-tols -h > "$s/h.out" 2> "$s/h.err" && ann-tols --help > "$s/help.out"
check "-h and --help: the same, on standard output" cmp -s "$s/h.out" "$s/help.out"
done_testing
