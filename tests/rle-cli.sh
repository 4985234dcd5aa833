#!/bin/sh
# tests/rle-cli.sh: ann-rle end to end.
#
# Without the corpus: usage errors, hostile brush records (each exit 2 and a
# message naming the task and the region, and with -k the rejects file),
# --merge on two overlapping regions against the union worked out by hand,
# file names from hostile ids and labels, and decode/encode and
# to-coco/from-coco round trips on masks written here in COCO form.
# With $ANN_CORPUS: every case of $ANN_CORPUS/rle, wrapped into a task,
# against the reference values of its folder (see its README.md): the .npy
# pixels against mask_sha256, encode against ls_rle.json where mask2rle is
# byte-exact, stats against coco_rle.json, and to-coco then from-coco giving
# back the record byte for byte.
# shellcheck disable=SC2016 # check_that's conditions are expanded by eval
. "${top_srcdir:-.}/tests/lib.sh"
if ! command -v jq > /dev/null; then
	echo "1..0 # SKIP jq not installed (scripts/setup installs it)"
	exit 0
fi
s=$scratch

# task ID RESULT...: one Label Studio task with one annotation (id 1).
task() {
	id=$1
	shift
	printf '{"id":%s,"data":{"image":"img.png"},"annotations":[{"id":1,"result":[' "$id"
	sep=
	for r in "$@"; do
		printf '%s%s' "$sep" "$r"
		sep=,
	done
	printf ']}]}\n'
}

# brush ID W H RLE LABELS: one brushlabels result.
brush() {
	printf '{"id":%s,"type":"brushlabels","from_name":"tag","to_name":"image",' "$1"
	printf '"original_width":%s,"original_height":%s,"image_rotation":0,' "$2" "$3"
	printf '"value":{"format":"rle","rle":%s,"brushlabels":%s}}' "$4" "$5"
}

# check_that DESCRIPTION CONDITION: one test, CONDITION being shell text
# (for tests that need && between commands).
check_that() {
	if eval "$2"; then ok "$1"; else not_ok "$1"; fi
}

# npy_data FILE: the bytes after a .npy header (whose little-endian length
# is at bytes 8 and 9).
npy_data() {
	# shellcheck disable=SC2046 # two numbers, split on purpose
	set -- "$1" $(od -An -tu1 -j8 -N2 "$1")
	tail -c +$((10 + $2 + 256 * $3 + 1)) "$1"
}

# npy_pixels FILE: the pixels of a .npy file, one decimal per line.
npy_pixels() {
	npy_data "$1" | od -An -tu1 -v | tr -s ' ' '\n' | grep .
}

# ---------------------------------------------------------------------------
# 1. The command line.
ann-rle --help > "$s/help" 2> "$s/err"
rc=$?
check_that "--help: exit 0, usage on stdout" \
	'[ $rc -eq 0 ] && [ ! -s "$s/err" ] && grep -q "^usage: ann-rle decode" "$s/help"'
ann-rle --version | grep -q '^ann-rle (annkit) '
check "--version names the tool" [ $? -eq 0 ]
for args in "" "frobnicate" "decode" "decode -f tiff -o $s/x" "stats --merge" \
    "encode -l a --to-name t x.png" "encode --from-name f --to-name t -l a" \
    "stats --label x" "encode --from-name f --to-name t -l a --score abc x.png" \
    "encode --from-name f --to-name t -l a --data-value u a.png b.png" \
    "decode --bogus -o $s/x" "encode --from-name f --to-name t -l a --threshold 0 x.png" \
    "encode --from-name f --to-name t -l a --threshold 256 x.png" \
    "stats --threshold 128" "stats --size 4" "stats --size 4x0" "stats --size x4" \
    "stats --size 4x4 --image-root $s" "encode --from-name f --to-name t -l a --size 4x4 x.png"; do
	# shellcheck disable=SC2086 # word splitting wanted
	ann-rle $args > "$s/out" 2> "$s/err" < /dev/null
	rc=$?
	check_that "usage error exits 2 with a message: ann-rle $args" \
		'[ $rc -eq 2 ] && [ ! -s "$s/out" ] && grep -q "^ann-rle: " "$s/err"'
done

# ---------------------------------------------------------------------------
# 2. Masks made here: 4x4 images in COCO form (column-major counts), turned
# into Label Studio RLE by from-coco.  A: columns 0-1; B: columns 1-2.
coco_a='{"size":[4,4],"counts":[0,8,8]}'
coco_b='{"size":[4,4],"counts":[4,8,4]}'
task 5 "$(brush '"a"' 4 4 "$coco_a" '["Car"]')" "$(brush '"b"' 4 4 "$coco_b" '["Car"]')" \
	> "$s/coco.json"
ann-rle from-coco "$s/coco.json" > "$s/ls.json"
check "from-coco: exit 0" [ $? -eq 0 ]
check "from-coco: value.rle is a list of bytes" \
	[ "$(jq -c '[.annotations[0].result[].value.rle | type]' "$s/ls.json")" = '["array","array"]' ]
ann-rle to-coco "$s/ls.json" | ann-rle from-coco > "$s/ls2.json"
check "to-coco then from-coco gives back the same bytes" cmp -s "$s/ls.json" "$s/ls2.json"
ann-rle to-coco "$s/ls.json" | jq -c '.annotations[0].result[0].value' > "$s/v"
check "to-coco: format coco_rle, the compressed counts" \
	[ "$(cat "$s/v")" = '{"format":"coco_rle","rle":{"size":[4,4],"counts":"088"},"brushlabels":["Car"]}' ]

# A byte list the fast reader leaves to the careful one (-0 is a JSON
# integer it does not take): the same mask, read into the same room.
jq -c '.annotations[0].result[0].value.rle |= map(if . == 0 then "-0" else . end)' \
	"$s/ls.json" | sed 's/"-0"/-0/g' > "$s/minus0.json"
check "a byte list with -0 in it reads as the plain one" \
	[ "$(ann-rle to-coco "$s/minus0.json" | jq -c '.annotations[0].result[0].value.rle')" = \
	  "$(ann-rle to-coco "$s/ls.json" | jq -c '.annotations[0].result[0].value.rle')" ]
check "the -0 list is the one the test means" grep -q -- '-0,' "$s/minus0.json"

ann-rle stats "$s/ls.json" > "$s/stats"
check "stats: area and bbox of each region" \
	[ "$(jq -c '[.region, .area, .bbox]' "$s/stats" | tr -d '\n')" = '["a",8,[0,0,2,4]]["b",8,[1,0,2,4]]' ]
check "stats: the same numbers from the COCO form" \
	[ "$(ann-rle stats "$s/coco.json" | jq -c '[.region, .area, .bbox]' | tr -d '\n')" = '["a",8,[0,0,2,4]]["b",8,[1,0,2,4]]' ]

ann-rle decode -f npy -o "$s/merged" --merge "$s/ls.json" > "$s/merge.out"
check "--merge: one line for the task's label" \
	[ "$(jq -c '[.task, .label, .regions, .area, .bbox]' "$s/merge.out")" = '[5,"Car",2,12,[0,0,3,4]]' ]
check "--merge: one file, task-5-Car.npy" [ "$(ls "$s/merged")" = task-5-Car.npy ]
check "--merge: the pixels are the union (columns 0 to 2 of each row)" \
	[ "$(npy_pixels "$s/merged/task-5-Car.npy" | tr '\n' ' ')" = "255 255 255 0 255 255 255 0 255 255 255 0 255 255 255 0 " ]

ann-rle decode -o "$s/png" "$s/ls.json" > "$s/dec.out"
rc=$?
check_that "decode: exit 0, a line per region" '[ $rc -eq 0 ] && [ "$(wc -l < "$s/dec.out")" -eq 2 ]'
check "decode: the names say task, annotation, region and label" \
	[ "$(ls "$s/png" | tr '\n' ' ')" = "task-5-annotation-1-region-a-Car.png task-5-annotation-1-region-b-Car.png " ]
check "decode: the line gives the path" \
	[ "$(jq -r .path "$s/dec.out" | head -1)" = "$s/png/task-5-annotation-1-region-a-Car.png" ]
ann-rle encode --from-name tag --to-name image -l Car "$s/png/task-5-annotation-1-region-a-Car.png" > "$s/enc.json"
check "encode of a decoded PNG gives the RLE back" \
	[ "$(jq -c '.predictions[0].result[0].value.rle' "$s/enc.json")" = "$(jq -c '.annotations[0].result[0].value.rle' "$s/ls.json")" ]
check "encode: a brushlabels prediction as the import format wants it" \
	[ "$(jq -c '.predictions[0].result[0] | [.type, .from_name, .to_name, .original_width, .original_height, .image_rotation, .value.format, .value.brushlabels, (.id | length)]' "$s/enc.json")" = '["brushlabels","tag","image",4,4,0,"rle",["Car"],10]' ]
check "encode: data.image is the file name" \
	[ "$(jq -r .data.image "$s/enc.json")" = "$s/png/task-5-annotation-1-region-a-Car.png" ]
ann-rle encode --from-name tag --to-name image -l Car "$s/png/task-5-annotation-1-region-a-Car.png" > "$s/enc2.json"
check "encode: the region id is the same on every run" cmp -s "$s/enc.json" "$s/enc2.json"
ann-rle encode --from-name tag --to-name image -l Car --model-version m1 --score 0.25 \
	--data-key img --data-value http://x/1.jpg "$s/png/task-5-annotation-1-region-a-Car.png" |
	jq -c '[.data, .predictions[0].model_version, .predictions[0].score]' > "$s/v"
check "encode: --model-version, --score, --data-key, --data-value" \
	[ "$(cat "$s/v")" = '[{"img":"http://x/1.jpg"},"m1",0.25]' ]
# RGB, RGBA and palette PNGs, written by python3's zlib: columns 0-1 set.
if command -v python3 > /dev/null; then
	python3 - "$s" <<'PY'
import struct, sys, zlib
def png(path, ctype, rows, plte=None):
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    raw = b"".join(b"\0" + bytes(r) for r in rows)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, ctype, 0, 0, 0))
    if plte:
        data += chunk(b"PLTE", plte)
    open(path, "wb").write(data + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
d = sys.argv[1]
png(d + "/rgb.png", 2, [[200, 0, 0] * 2 + [0, 0, 0] * 2] * 4)
png(d + "/rgba.png", 6, [[0, 0, 0, 255] * 2 + [9, 9, 9, 0] * 2] * 4)
png(d + "/palette.png", 3, [[1, 1, 0, 0]] * 4, plte=b"\0\0\0\xff\0\0")
png(d + "/soft.png", 0, [[0, 127, 128, 255]] * 4)
PY
	# The values are kept, as mask2rle keeps them: R of the RGB (200),
	# the alpha (255), the palette index (1).  --threshold 1 makes each
	# the 0/255 mask.
	for kind in rgb:200 rgba:255 palette:1; do
		v=${kind#*:}
		kind=${kind%:*}
		ann-rle encode --from-name tag --to-name image -l Car "$s/$kind.png" > "$s/enc-$kind.json"
		ann-rle decode --predictions -f npy -o "$s/$kind" "$s/enc-$kind.json" > "$s/dec-$kind"
		check "encode: a $kind PNG's values are kept ($v in columns 0 and 1)" \
			[ "$(npy_pixels "$(jq -r .path "$s/dec-$kind")" | tr '\n' ' ')" = \
			  "$v $v 0 0 $v $v 0 0 $v $v 0 0 $v $v 0 0 " ]
		ann-rle encode --threshold 1 --from-name tag --to-name image -l Car "$s/$kind.png" |
			jq -c '.predictions[0].result[0].value.rle' > "$s/v"
		check "encode --threshold 1: a $kind PNG's non-zero pixels are the 0/255 mask" \
			[ "$(cat "$s/v")" = "$(jq -c '.annotations[0].result[0].value.rle' "$s/ls.json")" ]
	done
	# A soft mask, 0 127 128 255 in each row: 128 and over are in.
	ann-rle encode --threshold 128 --from-name tag --to-name image -l Car "$s/soft.png" \
		> "$s/enc-soft.json"
	ann-rle decode --predictions -f npy -o "$s/soft" "$s/enc-soft.json" > "$s/dec-soft"
	check "encode --threshold 128: 127 is out, 128 and 255 are 255" \
		[ "$(npy_pixels "$(jq -r .path "$s/dec-soft")" | tr '\n' ' ')" = \
		  "0 0 255 255 0 0 255 255 0 0 255 255 0 0 255 255 " ]
	ann-rle encode --from-name tag --to-name image -l Car "$s/soft.png" > "$s/enc-soft.json"
	ann-rle decode --predictions -o "$s/soft-png" "$s/enc-soft.json" > "$s/dec-soft"
	ann-rle encode --from-name tag --to-name image -l Car "$(jq -r .path "$s/dec-soft")" |
		jq -c '.predictions[0].result[0].value.rle' > "$s/v"
	check "decode to PNG keeps grey levels: encode gives the same RLE back" \
		[ "$(cat "$s/v")" = "$(jq -c '.predictions[0].result[0].value.rle' "$s/enc-soft.json")" ]
	check "ann-tococo: a grey mask's non-zero pixels are the mask (127 too: area 12)" \
		[ "$(ann-tococo -q --predictions "$s/enc-soft.json" | jq -c '.annotations[0] | [.area, .bbox]')" = '[12,[1,0,3,4]]' ]
fi
ann-rle encode --from-name t --to-name i -l a "$s/no-such.png" > "$s/out" 2> "$s/err"
rc=$?
check_that "encode: a missing file is exit 2 and a message naming it" \
	'[ $rc -eq 2 ] && grep -q "^ann-rle: $s/no-such.png: " "$s/err"'

# Predictions are read only when asked for.
jq -c '{id: 6, data, predictions: [.annotations[0] | .id = 9]}' "$s/ls.json" > "$s/pred.json"
ann-rle stats "$s/pred.json" > "$s/out"
rc=$?
check_that "stats: no annotation masks is exit 1" '[ $rc -eq 1 ] && [ ! -s "$s/out" ]'
check "stats --predictions: the prediction's masks" \
	[ "$(ann-rle stats --predictions "$s/pred.json" | jq -c '[.annotation, .prediction]' | tr -d '\n')" = '[9,true][9,true]' ]
check "stats --both: all of them" \
	[ "$(cat "$s/ls.json" "$s/pred.json" | ann-rle stats --both | wc -l)" -eq 4 ]

# ---------------------------------------------------------------------------
# 3. Hostile records: exit 2, nothing on stdout, a message naming task and region.
good=$(jq -c '.annotations[0].result[0].value.rle' "$s/ls.json")
short=$(echo "$good" | jq -c '.[0:8]')
big=$(echo "$good" | jq -c '.[7] = 300')
hostile() {
	name=$1
	shift
	task 77 "$@" > "$s/bad-$name.json"
	ann-rle decode -o "$s/bad" "$s/bad-$name.json" > "$s/out" 2> "$s/err"
	rc=$?
	check_that "$name: exit 2, stdout empty, message names task and region: $(head -c 200 "$s/err")" \
		'[ $rc -eq 2 ] && [ ! -s "$s/out" ] && grep -q "task 77, region \"evil\"" "$s/err"'
	ann-rle stats "$s/bad-$name.json" > /dev/null 2>&1
	check "$name: stats exits 2 too" [ $? -eq 2 ]
}
hostile truncated "$(brush '"evil"' 4 4 "$short" '["x"]')"
hostile width-wrong "$(brush '"evil"' 5 4 "$good" '["x"]')"
hostile byte-over-255 "$(brush '"evil"' 4 4 "$big" '["x"]')"
hostile no-rle '{"id":"evil","type":"brushlabels","original_width":4,"original_height":4,"value":{"format":"rle","brushlabels":["x"]}}'
hostile no-size '{"id":"evil","type":"brushlabels","original_height":4,"value":{"format":"rle","rle":[0,0,0,64,57,27,240,0,0,0,0,0,0],"brushlabels":["x"]}}'
hostile rle-string "$(brush '"evil"' 4 4 '"AAAA"' '["x"]')"
hostile huge-size "$(brush '"evil"' 2000000000 2000000000 "$good" '["x"]')"
hostile coco-size "$(brush '"evil"' 4 4 '{"size":[4,5],"counts":"0"}' '["x"]')"
left=$(ls "$s/bad")
check "hostile: no file left behind${left:+: $left}" [ -z "$left" ]

# Good, bad, good with -k: the good ones are out, the bad one is in the rejects.
cat "$s/ls.json" "$s/bad-truncated.json" "$s/ls.json" > "$s/mixed.json"
ann-rle stats -r "$s/rej.json" "$s/mixed.json" > "$s/out" 2> "$s/err"
rc=$?
check_that "-r: exit 2, the good records' lines out" '[ $rc -eq 2 ] && [ "$(wc -l < "$s/out")" -eq 4 ]'
check "-r: the bad record in the rejects file, as it was" cmp -s "$s/rej.json" "$s/bad-truncated.json"
check "-r: the message has the record's position" grep -q "mixed.json:2 (byte [0-9]*): task 77" "$s/err"
ann-rle stats "$s/mixed.json" > "$s/out" 2> /dev/null
rc=$?
check_that "without -k: stop at the bad record" '[ $rc -eq 2 ] && [ "$(wc -l < "$s/out")" -eq 2 ]'
# A record that fails half way takes back the files it wrote.
task 78 "$(brush '"fine"' 4 4 "$good" '["x"]')" "$(brush '"evil"' 4 4 "$short" '["x"]')" > "$s/half.json"
ann-rle decode -k -o "$s/half" "$s/half.json" > "$s/out" 2> /dev/null
check_that "a rejected record leaves no file and no line" '[ -z "$(ls "$s/half")" ] && [ ! -s "$s/out" ]'

# ---------------------------------------------------------------------------
# 4. File names from hostile ids and labels: in the directory, [A-Za-z0-9._-]
# only, at most 255 bytes, and one per region (no two the same).
long=$(printf '%0300d' 0)
task '"../../etc/x"' \
	"$(brush '"r/1"' 4 4 "$good" '["a/b"]')" \
	"$(brush '"r_1"' 4 4 "$good" '["a/b"]')" \
	"$(brush '"r-1"' 4 4 "$good" '["a_b"]')" \
	"$(brush '"..\\u0000"' 4 4 "$good" '[".."]')" \
	"$(brush '"sp"' 4 4 "$good" '["two words and\\ttab"]')" \
	"$(brush '"uni"' 4 4 "$good" '["caf\u00e9 東京 🚗"]')" \
	"$(brush '"-n"' 4 4 "$good" '["-rf"]')" \
	"$(brush '"long"' 4 4 "$good" "[\"$long\"]")" \
	"$(brush '"long2"' 4 4 "$good" "[\"${long}1\"]")" \
	"$(brush '"nolabel"' 4 4 "$good" '[]')" > "$s/names.json"
mkdir "$s/names"
ann-rle decode -o "$s/names/d" "$s/names.json" > "$s/names.out" 2> "$s/err"
check "names: exit 0" [ $? -eq 0 ]
n=$(ls -A "$s/names/d" | wc -l)
check_that "names: one file per region, all in the directory ($n)" \
	'[ "$n" -eq 10 ] && [ "$(ls -A "$s/names")" = d ] && [ -z "$(ls -F "$s/names/d" | grep /)" ]'
check "names: only [A-Za-z0-9._-], starting with task-" \
	[ -z "$(ls -A "$s/names/d" | grep -v '^task-[A-Za-z0-9._-]*\.png$')" ]
check "names: none longer than 255 bytes" \
	[ -z "$(ls -A "$s/names/d" | awk 'length($0) > 255')" ]
check "names: the paths the lines give are the files" \
	[ "$(jq -r .path "$s/names.out" | sort)" = "$(ls -A "$s/names/d" | sed "s|^|$s/names/d/|" | sort)" ]
check "names: the labels are in the lines as they were" \
	[ "$(jq -r .label "$s/names.out" | sed -n 6p)" = "café 東京 🚗" ]
check "names: a slash is escaped, not a directory" \
	[ -f "$s/names/d/task-.._2F.._2Fetc_2Fx-annotation-1-region-r_2F1-a_2Fb.png" ]

# ---------------------------------------------------------------------------
# 5. The corpus: every case of $ANN_CORPUS/rle.
if [ -z "${ANN_CORPUS:-}" ] || [ ! -d "$ANN_CORPUS/rle" ]; then
	echo "# the corpus part is skipped: ANN_CORPUS not set"
	done_testing
	exit $?
fi
for dir in "$ANN_CORPUS"/rle/*/; do
	dir=${dir%/}
	c=${dir##*/}
	[ -f "$dir/meta.json" ] || continue
	w=$(jq .width "$dir/meta.json")
	h=$(jq .height "$dir/meta.json")
	task 1 "$(brush '"r1"' "$w" "$h" "$(jq -c . "$dir/ls_rle.json")" '["Mask"]')" > "$s/$c.json"
	out="$s/out-$c"

	ann-rle decode -f npy -o "$out" "$s/$c.json" > "$s/$c.dec" 2> "$s/err"
	sha=$(npy_data "$out/task-1-annotation-1-region-r1-Mask.npy" | sha256sum | cut -d' ' -f1)
	check "$c: decode -f npy, the pixels are mask_sha256" \
		[ "$sha" = "$(jq -r .mask_sha256 "$dir/meta.json")" ]

	# mask2rle is byte-exact for the synthetic masks, grey levels and
	# all, and for real exports whose flag says so.
	exact=$(jq -r 'if (.kind == "synthetic_mask2rle" or .ls_mask2rle_of_alpha_reproduces_export == true)
		then "yes" else "no" end' "$dir/meta.json")
	binary=$(jq -r 'if ([.mask_values | keys[] | select(. != "0" and . != "255")] | length) == 0
		then "yes" else "no" end' "$dir/meta.json")
	if [ "$exact" = yes ]; then
		ann-rle encode --from-name tag --to-name image -l Mask "$dir/mask.png" |
			jq -c '.predictions[0].result[0].value.rle' > "$s/enc"
		check "$c: encode mask.png gives ls_rle.json" \
			[ "$(cat "$s/enc")" = "$(jq -c . "$dir/ls_rle.json")" ]
		ann-rle decode -o "$out" "$s/$c.json" > /dev/null &&
			ann-rle encode --from-name tag --to-name image -l Mask \
				"$out/task-1-annotation-1-region-r1-Mask.png" |
			jq -c '.predictions[0].result[0].value.rle' > "$s/enc"
		check "$c: decode -f png then encode gives ls_rle.json" \
			[ "$(cat "$s/enc")" = "$(jq -c . "$dir/ls_rle.json")" ]
	fi
	# COCO RLE is in or out: only a 0/255 mask comes back byte for byte.
	if [ "$exact" = yes ] && [ "$binary" = yes ]; then
		ann-rle to-coco "$s/$c.json" > "$s/$c.coco"
		ann-rle from-coco "$s/$c.coco" > "$s/$c.back"
		check "$c: to-coco then from-coco gives back the record's bytes" \
			cmp -s "$s/$c.json" "$s/$c.back"
	fi
	ann-rle stats "$s/$c.json" | jq -c '[.area, .bbox]' > "$s/st"
	check "$c: stats area and bbox are coco_rle.json's" \
		[ "$(cat "$s/st")" = "$(jq -c '[.area, .bbox]' "$dir/coco_rle.json")" ]
	check "$c: decode gives the same area and bbox" \
		[ "$(jq -c '[.area, .bbox]' "$s/$c.dec")" = "$(cat "$s/st")" ]
	check "$c: to-coco counts are coco_rle.json's" \
		[ "$(ann-rle to-coco "$s/$c.json" | jq -c '.annotations[0].result[0].value.rle')" = \
		  "$(jq -c '{size, counts}' "$dir/coco_rle.json")" ]
	rm -rf "$out" "$s/$c".*
done
done_testing
