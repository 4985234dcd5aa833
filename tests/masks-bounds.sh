#!/bin/sh
# tests/masks-bounds.sh: a hostile mask must not take the machine.
#
# A Label Studio brush RLE of a 32767x32768 mask fits in a record of under
# a megabyte, and a PNG header can claim 40000x40000 in a few dozen bytes.
# Masks over --max-pixels (default 2^28) are refused before anything is
# decoded, as an error with its place that names the option; under the
# limit, ann-rle decode and --merge work row by row from runs, so memory
# follows the record, not width x height.  The inputs are made here: brush
# RLEs by an awk encoder (the format is in the corpus's rle/README.md), PNGs
# by ann-rle decode itself or by hand.
#
# Bounds are peak RSS (tests/peakrss) and, outside sanitizer builds (whose
# shadow memory needs terabytes of address space), ulimit -v, so a
# regression fails on memory instead of taking it.
. "${top_srcdir:-.}/tests/lib.sh"
rss="$builddir_abs/tests/peakrss"
s=$scratch
if [ -n "${ANN_SANITIZERS:-}" ]; then
	small=131072 vlimit=
else
	small=65536 vlimit=1000000
fi

# limited COMMAND...: COMMAND under ulimit -v (KiB) where that works, its
# peak RSS in $s/rss.
limited() {
	if [ -n "$vlimit" ]; then
		(ulimit -v "$vlimit" && "$rss" "$s/rss" "$@")
	else
		"$rss" "$s/rss" "$@"
	fi
}

# brush_rle W H X0 X1 V: value.rle, as a JSON list of bytes, of a W x H
# mask that is V in columns [X0, X1) of every row and 0 elsewhere (all 0
# when X1 <= X0).  Every token is a repeat of class 3 (16-bit length), as
# mask2rle writes long runs.
brush_rle() {
	awk -v W="$1" -v H="$2" -v x0="$3" -v x1="$4" -v v="$5" '
	function put(val, k,   i) {
		for (i = k - 1; i >= 0; i--) {
			acc = acc * 2 + int(val / p2[i]) % 2
			if (++nb == 8) {
				printf "%s%d", sep, acc
				sep = ","; acc = 0; nb = 0
			}
		}
	}
	function run(words, val,   n) {
		for (; words > 0; words -= n) {
			n = words > 65536 ? 65536 : words
			put(1, 1); put(3, 2); put(n - 1, 16); put(val, 8)
		}
	}
	BEGIN {
		for (i = 0; i <= 32; i++) p2[i] = 2 ^ i
		printf "["
		put(W * H * 4, 32); put(7, 5); put(2, 4); put(3, 4); put(7, 4); put(15, 4)
		if (x1 <= x0)
			run(W * H * 4, 0)
		else for (y = 0; y < H; y++) {
			if (x0 > 0) run(x0 * 4, 0)
			run((x1 - x0) * 4, v)
			if (x1 < W) run((W - x1) * 4, 0)
		}
		if (nb > 0) { while (nb < 8) { acc *= 2; nb++ } printf "%s%d", sep, acc }
		printf "]"
	}'
}

# brush ID W H RLE LABEL: one brushlabels result.
brush() {
	printf '{"id":"%s","type":"brushlabels","from_name":"tag","to_name":"image",' "$1"
	printf '"original_width":%s,"original_height":%s,"image_rotation":0,' "$2" "$3"
	printf '"value":{"format":"rle","rle":%s,"brushlabels":["%s"]}}' "$4" "$5"
}

# task RESULT...: task 1, one annotation holding the results.
task() {
	printf '{"id":1,"data":{"image":"img.png"},"annotations":[{"id":1,"result":['
	sep=
	for r in "$@"; do
		printf '%s%s' "$sep" "$r"
		sep=,
	done
	printf ']}]}\n'
}

# png_size FILE: "WIDTHxHEIGHT" from the IHDR of a PNG.
png_size() {
	od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%dx%d", (($1 * 256 + $2) * 256 + $3) * 256 + $4, (($5 * 256 + $6) * 256 + $7) * 256 + $8 }'
}

# ---------------------------------------------------------------------------
# 1. One 32767x32768 all-zero mask: an 885 KB record.
W=32767 H=32768
task "$(brush r1 $W $H "$(brush_rle $W $H 0 0 0)" Sky)" > "$s/zero.ndjson"
size=$(wc -c < "$s/zero.ndjson")
check "the record of a ${W}x$H mask is under 1 MB ($size bytes)" [ "$size" -lt 1000000 ]

# The same mask in COCO form, which from-coco reads.
ann-rle to-coco --max-pixels 1G "$s/zero.ndjson" > "$s/zero-coco.ndjson"
check "to-coco --max-pixels 1G: exit 0" [ $? -eq 0 ]

# Over the default limit: refused before decoding, for every command.
for cmd in stats decode to-coco from-coco; do
	args=$cmd in=$s/zero.ndjson
	[ $cmd = decode ] && args="decode -o $s/none"
	[ $cmd = from-coco ] && in=$s/zero-coco.ndjson
	# shellcheck disable=SC2086 # word splitting wanted
	limited ann-rle $args "$in" > "$s/out" 2> "$s/err"
	rc=$?
	check "ann-rle $cmd: a ${W}x$H mask over the default limit exits 2 ($rc)" [ $rc -eq 2 ]
	check "ann-rle $cmd: the message gives the place, the region and --max-pixels" \
		grep -q "^ann-rle: $in:1 (byte 0): task 1, region \"r1\": .*1073709056 pixels.*(--max-pixels)" "$s/err"
	check "ann-rle $cmd: nothing on stdout" [ ! -s "$s/out" ]
	kb=$(cat "$s/rss")
	check "ann-rle $cmd: peak RSS $kb KiB (limit $small)" [ "$kb" -lt $small ]
done
ann-rle stats -k -r "$s/rej" "$s/zero.ndjson" "$s/zero.ndjson" > "$s/out" 2> "$s/err"
rc=$?
check "-k: both records refused, exit 2 ($rc)" [ $rc -eq 2 ]
check "-k: both are in the rejects file" [ "$(wc -l < "$s/rej")" -eq 2 ]
check "-k: and counted" grep -q "^ann-rle: 2 bad records skipped" "$s/err"

# Under a raised limit, decode writes the PNG a row at a time.
limited ann-rle decode --max-pixels 1G -o "$s/big" "$s/zero.ndjson" > "$s/out" 2> "$s/err"
rc=$?
check "decode --max-pixels 1G: exit 0 ($rc)" [ $rc -eq 0 ]
kb=$(cat "$s/rss")
check "decode of a ${W}x$H mask: peak RSS $kb KiB (limit $small)" [ "$kb" -lt $small ]
png=$(ls "$s/big"/*.png)
check "the PNG is ${W}x$H ($(png_size "$png"))" [ "$(png_size "$png")" = "${W}x$H" ]
check "its line measures it" grep -q "\"width\":$W,\"height\":$H,\"area\":0,\"bbox\":\[0,0,0,0\]}" "$s/out"
ann-rle stats --max-pixels 1073709056 "$s/zero.ndjson" > /dev/null 2>&1
check "--max-pixels N takes a mask of exactly N pixels" [ $? -eq 0 ]
ann-rle stats --max-pixels 1073709055 "$s/zero.ndjson" > /dev/null 2>&1
check "and refuses one of N + 1" [ $? -eq 2 ]
for bad in 0 -1 5G 12x; do
	ann-rle stats --max-pixels $bad "$s/zero.ndjson" > /dev/null 2> "$s/err"
	rc=$?
	check "--max-pixels $bad: a usage error ($rc)" [ $rc -eq 2 ]
	check "--max-pixels $bad: the message names it" grep -q "^ann-rle: --max-pixels $bad: " "$s/err"
done

# At the default limit itself, 16384x16384, decode needs no option and
# no plane.
task "$(brush r1 16384 16384 "$(brush_rle 16384 16384 0 0 0)" Sky)" > "$s/limit.ndjson"
limited ann-rle decode -o "$s/limit" "$s/limit.ndjson" > "$s/out" 2> "$s/err"
rc=$?
check "decode of a 16384x16384 mask, at the default limit: exit 0 ($rc)" [ $rc -eq 0 ]
kb=$(cat "$s/rss")
check "decode of a 16384x16384 mask: peak RSS $kb KiB (limit $small)" [ "$kb" -lt $small ]
check "its PNG is 16384x16384" [ "$(png_size "$s/limit"/*.png)" = 16384x16384 ]
rm -rf "$s/limit"

# ---------------------------------------------------------------------------
# 2. PNG input: the header's size is judged before a pixel is inflated.
# That 1 MB PNG claims a gigabyte of pixels.
limited ann-rle encode --from-name tag --to-name image -l Sky "$png" > "$s/out" 2> "$s/err"
rc=$?
check "encode: a ${W}x$H PNG over the default limit exits 2 ($rc)" [ $rc -eq 2 ]
check "encode: the message names the file and --max-pixels" \
	grep -q "^ann-rle: $png: .*(--max-pixels)" "$s/err"
kb=$(cat "$s/rss")
check "encode: peak RSS $kb KiB (limit $small)" [ "$kb" -lt $small ]

# A hand-made PNG: a 40000x40000 header (CRC from gzip's trailer) and an
# empty IDAT.  Only a check before decoding can name the limit: decoding
# would stop at the missing data.
printf 'IHDR\000\000\234\100\000\000\234\100\010\000\000\000\000' > "$s/ihdr"
crc=$(gzip -c < "$s/ihdr" | tail -c 8 | od -An -tu1 -N4 | awk '{ printf "\\%03o\\%03o\\%03o\\%03o", $4, $3, $2, $1 }')
{
	printf '\211PNG\r\n\032\n\000\000\000\015'
	cat "$s/ihdr"
	# shellcheck disable=SC2059 # the octal escapes are the format
	printf "$crc"
	printf '\000\000\000\000IDAT\065\257\006\036\000\000\000\000IEND\256\102\140\202'
} > "$s/huge.png"
limited ann-rle encode --from-name tag --to-name image -l Sky "$s/huge.png" > "$s/out" 2> "$s/err"
rc=$?
check "encode: a 40000x40000 PNG header exits 2 ($rc)" [ $rc -eq 2 ]
check "encode: refused for its size, not for its data" \
	grep -q "a 40000x40000 mask has 1600000000 pixels.*(--max-pixels)" "$s/err"

# ann-tococo --mask-root: a PNG of another size than the image is not read.
mkdir "$s/masks"
cp "$png" "$s/masks/ckmask1.png"
lb_row() {
	printf '{"data_row":{"id":"r1","row_data":"https://example.com/a.jpg"},"media_attributes":{"width":%s,"height":%s},"projects":{"p":{"labels":[{"id":"l1","annotations":{"objects":[{"feature_id":"ckmask1","name":"Road","annotation_kind":"ImageSegmentationMask","mask":{"url":"https://api.labelbox.com/masks/ckmask1"}}],"classifications":[]}}]}}}\n' "$1" "$2"
}
lb_row 640 480 > "$s/lb-small.ndjson"
limited ann-tococo --mask-root "$s/masks" "$s/lb-small.ndjson" > "$s/out" 2> "$s/err"
rc=$?
check "ann-tococo: a ${W}x$H mask PNG for a 640x480 image: exit 0 ($rc)" [ $rc -eq 0 ]
check "ann-tococo: it is counted among the masks that do not decode" \
	grep -q "1 mask that does not decode" "$s/err"
kb=$(cat "$s/rss")
check "ann-tococo: peak RSS $kb KiB (limit $small)" [ "$kb" -lt $small ]
lb_row $W $H > "$s/lb-big.ndjson"
limited ann-tococo --mask-root "$s/masks" "$s/lb-big.ndjson" > "$s/out" 2> "$s/err"
rc=$?
check "ann-tococo: a ${W}x$H mask PNG for a ${W}x$H image exits 2 ($rc)" [ $rc -eq 2 ]
check "ann-tococo: the message gives the place and --max-pixels" \
	grep -q "^ann-tococo: $s/lb-big.ndjson:1 (byte 0): region \"ckmask1\": .*(--max-pixels)" "$s/err"
kb=$(cat "$s/rss")
check "ann-tococo: peak RSS $kb KiB (limit $small)" [ "$kb" -lt $small ]
limited ann-tococo "$s/zero.ndjson" > "$s/out" 2> "$s/err"
rc=$?
check "ann-tococo: a ${W}x$H brush mask exits 2 ($rc)" [ $rc -eq 2 ]
check "ann-tococo: the message gives the place and --max-pixels" \
	grep -q "^ann-tococo: $s/zero.ndjson:1 (byte 0): region \"r1\": .*(--max-pixels)" "$s/err"
ann-tococo -q --max-pixels 1G "$s/zero.ndjson" > "$s/out" 2> "$s/err"
check "ann-tococo --max-pixels 1G: converted" grep -q '"size":\[32768,32767\]' "$s/out"

# ---------------------------------------------------------------------------
# 3. --merge: four 8192x8192 masks, three of them "A", into .npy files.
# A's union is columns [0, 3072), B (value 7, kept in .npy) [4096, 6144).
W=8192 H=8192
task "$(brush a1 $W $H "$(brush_rle $W $H 0 2048 255)" A)" \
	"$(brush a2 $W $H "$(brush_rle $W $H 1024 3072 255)" A)" \
	"$(brush a3 $W $H "$(brush_rle $W $H 0 0 0)" A)" \
	"$(brush b1 $W $H "$(brush_rle $W $H 4096 6144 7)" B)" > "$s/four.ndjson"
limited ann-rle decode --merge -f npy -o "$s/merged" "$s/four.ndjson" > "$s/out" 2> "$s/err"
rc=$?
check "decode --merge of four ${W}x$H masks: exit 0 ($rc)" [ $rc -eq 0 ]
kb=$(cat "$s/rss")
check "decode --merge: peak RSS $kb KiB (limit $small)" [ "$kb" -lt $small ]
check "A: three regions, their union measured" \
	grep -q '"label":"A","regions":3,.*"area":25165824,"bbox":\[0,0,3072,8192\]}' "$s/out"
check "B: one region" \
	grep -q '"label":"B","regions":1,.*"area":16777216,"bbox":\[4096,0,2048,8192\]}' "$s/out"
# pixel FILE X Y: one pixel of a .npy file written by ann-rle (128-byte header).
pixel() {
	od -An -tu1 -j$((128 + $3 * W + $2)) -N1 "$1" | tr -d ' '
}
a=$s/merged/task-1-A.npy b=$s/merged/task-1-B.npy
check "A.npy is the whole array" [ "$(wc -c < "$a")" -eq $((128 + W * H)) ]
check "A: (0, 0) is 255" [ "$(pixel "$a" 0 0)" = 255 ]
check "A: (3071, 8191) is 255" [ "$(pixel "$a" 3071 8191)" = 255 ]
check "A: (3072, 4000) is 0" [ "$(pixel "$a" 3072 4000)" = 0 ]
check "B: (4096, 100) keeps its value 7" [ "$(pixel "$b" 4096 100)" = 7 ]
check "B: (6144, 100) is 0" [ "$(pixel "$b" 6144 100)" = 0 ]
done_testing
