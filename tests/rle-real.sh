#!/bin/sh
# tests/rle-real.sh: brush masks of real Label Studio exports (the corpus).
#
# 1. Older exports, without original_width and original_height: the
#    magic-wand example of label-studio-frontend with the sizes taken out.
#    ann-rle and ann-tococo take the size from the image (--image-root) or
#    from --size and then give what the export with its sizes gives, byte
#    for byte; a size the RLE's word count (width * height * 4) disagrees
#    with is a skip (ann-tococo) or a refused record (ann-rle) whose
#    message names the region, the mask's bytes and the image's size.
# 2. Grey levels: the brush of the image_tools example is anti-aliased.
#    decode to PNG then encode gives the export's RLE back byte for byte,
#    and ann-tococo takes every non-zero pixel into the mask.
# shellcheck disable=SC2016 # check_that's conditions are expanded by eval
. "${top_srcdir:-.}/tests/lib.sh"
need_corpus
if ! command -v jq > /dev/null; then
	echo "1..0 # SKIP jq not installed (scripts/setup installs it)"
	exit 0
fi
s=$scratch
brush="$ANN_CORPUS/label-studio/brush"
ref="$ANN_CORPUS/rle/real_magicwand_a_3000x2860"

check_that() {
	if eval "$2"; then ok "$1"; else not_ok "$1"; fi
}

# be32 N: N as 4 big-endian bytes.
be32() {
	for shift in 24 16 8 0; do
		# shellcheck disable=SC2059 # the octal escape is the format
		printf "\\$(printf %03o $(($1 >> shift & 255)))"
	done
}

# png_header FILE W H: the start of a PNG, as much as a size reader reads.
png_header() {
	{
		printf '\211PNG\r\n\032\n\000\000\000\015IHDR'
		be32 "$2"
		be32 "$3"
		printf '\010\000\000\000\000'
	} > "$1"
}

# npy_data FILE: the bytes after a .npy header.
npy_data() {
	# shellcheck disable=SC2046 # two numbers, split on purpose
	set -- "$1" $(od -An -tu1 -j8 -N2 "$1")
	tail -c +$((10 + $2 + 256 * $3 + 1)) "$1"
}

# ---------------------------------------------------------------------------
# 1. An older export: the magic-wand task without its sizes.
jq -c . "$brush/lsf-image_magic_wand.task.json" > "$s/sized.json"
jq -c 'del(.annotations[].result[].original_width, .annotations[].result[].original_height)' \
	"$brush/lsf-image_magic_wand.task.json" > "$s/old.json"
check "the old export has no size left" \
	[ "$(grep -c original_ "$s/old.json")" -eq 0 ]
image=$(jq -r .data.image "$s/old.json")
mkdir "$s/root" "$s/wrong"
png_header "$s/root/${image##*/}" 3000 2860
png_header "$s/wrong/${image##*/}" 1000 800

ann-rle stats "$s/old.json" > "$s/out" 2> "$s/err"
rc=$?
check_that "ann-rle stats, no size: exit 2, the region named with both ways to give a size" \
	'[ $rc -eq 2 ] && [ ! -s "$s/out" ] &&
	 grep -q "task 1, region \"PNCeI7jyxe\": no usable original_width and original_height.*(--image-root, --size)" "$s/err"'
ann-rle stats "$s/sized.json" > "$s/want" 2> /dev/null
for how in "--size 3000x2860" "--image-root $s/root"; do
	# shellcheck disable=SC2086 # the option and its value
	ann-rle stats $how "$s/old.json" > "$s/out" 2> "$s/err"
	rc=$?
	check_that "ann-rle stats $how: exit 0, the lines of the export with its sizes" \
		'[ $rc -eq 0 ] && [ ! -s "$s/err" ] && [ -s "$s/want" ] && cmp -s "$s/want" "$s/out"'
done
ann-rle decode --size 3000x2860 -f npy -o "$s/npy" "$s/old.json" > /dev/null 2>&1
sha=$(npy_data "$s/npy/task-1-annotation-2-region-PNCeI7jyxe-Cloud.npy" | sha256sum | cut -d' ' -f1)
check "ann-rle decode --size: the mask is the reference's (mask_sha256)" \
	[ "$sha" = "$(jq -r .mask_sha256 "$ref/meta.json")" ]
ann-rle to-coco --size 3000x2860 "$s/old.json" | ann-rle stats > "$s/out" 2> "$s/err"
check "ann-rle to-coco --size: the COCO form carries the size" cmp -s "$s/want" "$s/out"

# A size the RLE disagrees with: 34320000 bytes are not a 1000x800 RGBA.
for how in "--size 1000x800" "--image-root $s/wrong"; do
	# shellcheck disable=SC2086 # the option and its value
	ann-rle stats $how "$s/old.json" > "$s/out" 2> "$s/err"
	rc=$?
	check_that "ann-rle stats $how: exit 2, nothing out, the bytes and the image's size said: $(head -n 1 "$s/err")" \
		'[ $rc -eq 2 ] && [ ! -s "$s/out" ] &&
		 grep -q "task 1, region \"PNCeI7jyxe\": mask without original_width and original_height decodes to 34320000 bytes, image is 1000x800 (3200000 bytes of RGBA)$" "$s/err"'
done
ann-rle stats --image-root "$s/nowhere" "$s/old.json" > "$s/out" 2> "$s/err"
rc=$?
check_that "ann-rle stats --image-root, no image there: exit 2, the file named" \
	'[ $rc -eq 2 ] && grep -q "task 1, region \"PNCeI7jyxe\": .*$s/nowhere/${image##*/}" "$s/err"'

ann-tococo "$s/old.json" > "$s/out" 2> "$s/err"
rc=$?
check_that "ann-tococo, no size: exit 0, the task skipped with --size named" \
	'[ $rc -eq 0 ] && grep -q "task skipped: no image size.*--image-root.*--size WxH" "$s/err" &&
	 [ "$(jq ".annotations | length" "$s/out")" -eq 0 ]'
ann-tococo -q "$s/sized.json" > "$s/want"
for how in "--size 3000x2860" "--image-root $s/root"; do
	# shellcheck disable=SC2086 # the option and its value
	ann-tococo $how "$s/old.json" > "$s/out" 2> "$s/err"
	rc=$?
	check_that "ann-tococo $how: exit 0, the document of the export with its sizes: $(head -n 1 "$s/err")" \
		'[ $rc -eq 0 ] && cmp -s "$s/want" "$s/out" &&
		 [ "$(jq ".annotations | length" "$s/out")" -eq 2 ] &&
		 grep -q "^ann-tococo: 1 task, 1 image, 2 annotations, 2 categories$" "$s/err"'
done
for how in "--size 1000x800" "--image-root $s/wrong"; do
	# shellcheck disable=SC2086 # the option and its value
	ann-tococo $how "$s/old.json" > "$s/out" 2> "$s/err"
	rc=$?
	check_that "ann-tococo $how: exit 0, no mask, the region and the reason named: $(head -n 1 "$s/err")" \
		'[ $rc -eq 0 ] && [ "$(jq ".annotations | length" "$s/out")" -eq 0 ] &&
		 grep -q "old.json:1 (byte 0): region \"PNCeI7jyxe\" skipped: mask without original_width and original_height decodes to 34320000 bytes, image is 1000x800 (3200000 bytes of RGBA) (and 1 more regions of this task)$" "$s/err" &&
		 grep -q "skipped: 2 masks that do not decode$" "$s/err"'
done
# A mask with its size, on an image of another (the first result's size
# is the task's): written as it was, its RLE would not fit the image.
jq -c '.annotations[0].result |= [{id: "box1", type: "rectanglelabels", from_name: "tag",
	to_name: "image", original_width: 1000, original_height: 800,
	value: {x: 1, y: 1, width: 5, height: 5, rectanglelabels: ["Cloud"]}}] + .' \
	"$s/sized.json" > "$s/mixed.json"
ann-tococo "$s/mixed.json" > "$s/out" 2> "$s/err"
rc=$?
check_that "ann-tococo, a 3000x2860 mask on a 1000x800 image: skipped and named: $(head -n 1 "$s/err")" \
	'[ $rc -eq 0 ] && [ "$(jq -c "[.annotations[] | .bbox | length]" "$s/out")" = "[4]" ] &&
	 grep -q "region \"PNCeI7jyxe\" skipped: mask 3000x2860 decodes to 34320000 bytes, image is 1000x800 (and 1 more" "$s/err"'
for args in "--size 1000" "--size 0x800" "--size 1000x800 --image-root $s/root"; do
	# shellcheck disable=SC2086 # word splitting wanted
	ann-tococo $args "$s/old.json" > "$s/out" 2> "$s/err"
	rc=$?
	check_that "ann-tococo $args: a usage error" \
		'[ $rc -eq 2 ] && [ ! -s "$s/out" ] && grep -q "^ann-tococo: .*--size" "$s/err"'
done

# --size stands for every image without a size, the items of a multi-image
# task too.
jq -c '.[] | del(.annotations[].result[].original_width, .annotations[].result[].original_height)' \
	"$srcdir_abs/tests/newuser/multi-image.json" > "$s/items.json"
ann-tococo --size 640x480 "$s/items.json" > "$s/out" 2> "$s/err"
rc=$?
check_that "ann-tococo --size: each item of a multi-image task is 640x480" \
	'[ $rc -eq 0 ] && [ "$(jq -c "[.images[] | [.width, .height]] | unique" "$s/out")" = "[[640,480]]" ] &&
	 [ "$(jq ".annotations | length" "$s/out")" -eq 3 ]'

# ---------------------------------------------------------------------------
# 2. Grey levels: the image_tools example's brush, anti-aliased.  Its result
# is "labels" beside a "brush" of the same id: made a brushlabels result.
jq -c '{id: 7, data: {image: "moon.png"}, annotations: [{id: 1, result: [
	.annotations[0].result[] | select(.type == "labels" and .value.rle != null) |
	.type = "brushlabels" | .value.brushlabels = .value.labels | del(.value.labels)]}]}' \
	"$brush/lsf-image_tools.task.json" > "$s/grey.json"
ann-rle decode -o "$s/png" "$s/grey.json" > "$s/dec"
png=$(jq -r .path "$s/dec")
ann-rle encode --from-name tag --to-name image -l Planet "$png" > "$s/enc.json"
check "a real brush decoded to PNG and encoded: the export's RLE, byte for byte" \
	[ "$(jq -c '.predictions[0].result[0].value.rle' "$s/enc.json")" = \
	  "$(jq -c '.annotations[0].result[0].value.rle' "$s/grey.json")" ]
ann-rle decode -f npy -o "$s/npy-grey" "$s/grey.json" > "$s/dec-npy"
npy=$(jq -r .path "$s/dec-npy")
levels=$(npy_data "$npy" | od -An -tu1 -v | tr -s ' ' '\n' | grep . | sort -un | wc -l)
check "the brush has grey levels ($levels values)" [ "$levels" -gt 2 ]
nonzero=$(npy_data "$npy" | tr -d '\000' | wc -c)
ann-tococo -q "$s/grey.json" > "$s/coco.json"
check "ann-tococo: every non-zero pixel is in the mask (area $nonzero)" \
	[ "$(jq '.annotations[0].area' "$s/coco.json")" -eq "$nonzero" ]
# The grey-level reference case: values 0, 1, 2, 127, 128, 129, 254, 255.
gl="$ANN_CORPUS/rle/16x8_graylevels"
jq -c --slurpfile rle "$gl/ls_rle.json" -n '{id: 1, data: {image: "g.png"}, annotations: [{id: 1,
	result: [{id: "g", type: "brushlabels", from_name: "tag", to_name: "image",
	original_width: 16, original_height: 8,
	value: {format: "rle", rle: $rle[0], brushlabels: ["Grey"]}}]}]}' > "$s/gl.json"
ann-tococo -q "$s/gl.json" > "$s/gl-coco.json"
check "ann-tococo 16x8_graylevels: area is nonzero_pixels, 1 and 2 in" \
	[ "$(jq '.annotations[0].area' "$s/gl-coco.json")" -eq "$(jq .nonzero_pixels "$gl/meta.json")" ]
check "ann-tococo 16x8_graylevels: counts are coco_rle.json's (mask != 0)" \
	[ "$(jq -c '.annotations[0].segmentation' "$s/gl-coco.json")" = \
	  "$(jq -c '{size, counts}' "$gl/coco_rle.json")" ]
done_testing
