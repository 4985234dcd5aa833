#!/bin/sh
# tests/hostile.sh: hostile inputs beyond tests/bad (see badinput.sh): the
# extremes of size and depth, valid oddities that must pass untouched,
# stream-level damage (BOMs, NULs, mixed compressions) and every truncation
# of a small task.  Each runs through ann-cat, ann-select (no options: it
# keeps every valid record), ann-flatten and ann-tococo, with its exit
# status, first stderr line and, where it matters, its stdout.  Inputs are generated here,
# the 2 GB one straight into a pipe, never onto the disk.
#
# ANN_HOSTILE_2G names the tools that get the 2 GB record: by default
# ann-cat alone, as each run takes 10 to 30 seconds and the three share
# the reader; "ann-cat ann-select ann-flatten" for all, "" for none.
# (ann-select has --max-record, so its cheap 1 MiB case runs anyway;
# ann-flatten has no such option.)
. "${top_srcdir:-.}/tests/lib.sh"
rss="$builddir_abs/tests/peakrss"
gen="$scratch/gen"
mkdir "$gen"
tools="ann-cat ann-select ann-flatten ann-tococo"
# A hang is a failure too; coreutils timeout when there is one.
# A hang guard, not a speed test: generous, for a busy or sanitized machine.
if command -v timeout > /dev/null 2>&1; then limit="timeout 300"; else limit=""; fi

# expect NAME TOOL EXIT ERR OUT [ARG...]: run TOOL ARG... on $gen/NAME as
# standard input.  ERR is the first stderr line without the "TOOL: "
# prefix (only * is special; "" means stderr is empty, "*" anything).  OUT
# is "empty", "empty_or_header", "any", "same" (the input, byte for byte)
# or a file to match.
expect() {
	name=$1 tool=$2 want_code=$3 want_err=$4 want_out=$5
	shift 5
	$limit "$tool" "$@" < "$gen/$name" > "$scratch/out" 2> "$scratch/err"
	code=$?
	got=$(head -n 1 "$scratch/err")
	case $want_err in
	"") [ ! -s "$scratch/err" ] && matched=1 || matched=0 ;;
	"*") matched=1 ;;
	*) glob_line "$tool: $want_err" "$got" && matched=1 || matched=0 ;;
	esac
	case $want_out in
	empty) [ ! -s "$scratch/out" ] && same=1 || same=0 ;;
	# ann-flatten writes its CSV header before reading the first record.
	empty_or_header)
		if [ "$tool" = ann-flatten ]; then
			[ "$(wc -l < "$scratch/out")" -le 1 ] && same=1 || same=0
		else
			[ ! -s "$scratch/out" ] && same=1 || same=0
		fi ;;
	any) same=1 ;;
	same) cmp -s "$gen/$name" "$scratch/out" && same=1 || same=0 ;;
	*) cmp -s "$want_out" "$scratch/out" && same=1 || same=0 ;;
	esac
	if [ "$code:$matched:$same" = "$want_code:1:1" ]; then
		ok "$tool $name: exit $code${got:+, $got}"
	else
		not_ok "$tool $name: exit $code (want $want_code), stderr: $got (want: $want_err), stdout ok: $same"
	fi
}

# outputs TOOL: what it writes for one.ndjson ($out) and both.ndjson
# ($good), and what it says about them on stderr ($said1, $said2).
outputs() {
	said1='' said2=''
	case $1 in
	ann-flatten) out=any good=any ;;
	ann-tococo)
		out=any good=any
		said1="1 task, 1 image, 1 annotation, 1 category"
		said2="2 tasks, 2 images, 2 annotations, 1 category" ;;
	*) out="$gen/one.ndjson" good="$gen/both.ndjson" ;;
	esac
}

# One task with a box on an image of known size, so that ann-flatten
# writes a row and ann-tococo an annotation, and neither a note.
task() {
	printf '{"id":%s,"data":{"image":"a.jpg"},"annotations":[{"id":1,"result":[{"id":"r","type":"rectanglelabels","from_name":"b","to_name":"image","original_width":10,"original_height":10,"value":{"x":10,"y":10,"width":20,"height":20,"rectanglelabels":["Y"]}}]}]}' "$1"
}

# --- depth -----------------------------------------------------------------
# A million levels: the validator must stop at level 1025, not recurse.
awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "["; }' > "$gen/deep-1e6-arrays"
awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "{\"a\":"; }' > "$gen/deep-1e6-objects"
awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "["; for (i = 0; i < 1000000; i++) printf "]"; print "" }' \
	> "$gen/deep-1e6-closed"
for tool in $tools; do
	expect deep-1e6-arrays $tool 2 '<stdin>:1 (byte 1025): invalid JSON: nesting deeper than 1024 levels' any
	expect deep-1e6-objects $tool 2 '<stdin>:1 (byte 5120): invalid JSON: nesting deeper than 1024 levels' any
	expect deep-1e6-closed $tool 2 '<stdin>:1 (byte 1025): invalid JSON: nesting deeper than 1024 levels' any
done
# Exactly at the limit is fine: 1024 levels pass.
awk 'BEGIN { printf "{\"id\":1,\"x\":"; for (i = 0; i < 1023; i++) printf "["; for (i = 0; i < 1023; i++) printf "]"; print "}" }' \
	> "$gen/depth-1024"
expect depth-1024 ann-cat 0 "" same
expect depth-1024 ann-select 0 "" same

# --- size ------------------------------------------------------------------
# A 2 GB line, piped: the reader gives up at --max-record (1 GiB) with the
# buffer capped there.  A 1 MiB chunk read 2048 times makes the bytes much
# faster than tr would.
head -c 1048576 /dev/zero | tr '\0' x > "$scratch/chunk"
huge() {
	printf '{"a":"'
	n=0
	while [ $n -lt "$1" ]; do
		cat "$scratch/chunk" "$scratch/chunk" "$scratch/chunk" "$scratch/chunk"
		n=$((n + 4))
	done
	printf '"}\n'
}
# Sanitizers add shadow memory and keep freed blocks in quarantine.
if [ -n "${ANN_SANITIZERS:-}" ]; then rss_limit=1700000; else rss_limit=1258291; fi
for tool in ${ANN_HOSTILE_2G-ann-cat}; do
	start=$(date +%s)
	huge 2048 | $limit "$rss" "$scratch/rss" "$tool" > /dev/null 2> "$scratch/err"
	code=$?
	secs=$(($(date +%s) - start))
	got=$(head -n 1 "$scratch/err")
	if [ $code -eq 2 ] && glob_line "$tool: <stdin>:1 (byte 0): record of 2147483656 bytes is longer than --max-record (1073741824 bytes)" "$got"; then
		ok "$tool 2 GB line: exit 2, $got (${secs}s)"
	else
		not_ok "$tool 2 GB line: exit $code, $got (${secs}s)"
	fi
	kb=$(cat "$scratch/rss" 2> /dev/null || echo 0)
	check "$tool 2 GB line: peak RSS $kb KiB (limit $rss_limit)" [ "$kb" -gt 0 -a "$kb" -lt $rss_limit ]
done
# The same message, cheaply (ann-flatten has no --max-record option).
huge 4 > "$gen/line-4M"
for tool in ann-cat ann-select; do
	expect line-4M $tool 2 '<stdin>:1 (byte 0): record of 4194312 bytes is longer than --max-record (1048576 bytes)' empty \
		--max-record 1M
	expect line-4M $tool 0 "" same --max-record 5M
done
rm -f "$gen/line-4M"

# --- valid oddities: they pass byte for byte --------------------------------
{ printf '{"id":1,"n":'; head -c 100000 /dev/zero | tr '\0' 7; printf ',"f":-0.'
  head -c 100000 /dev/zero | tr '\0' 1; printf 'e-'; head -c 1000 /dev/zero | tr '\0' 9; printf '}\n'; } \
	> "$gen/digits-1e5"
printf '{"id":1,"big":1e999999,"small":-1E-999999,"z":-0.0e+0}\n' > "$gen/huge-exponent"
printf '{"id":1,"a":1,"a":2,"id":2}\n' > "$gen/duplicate-keys"
awk 'BEGIN { printf "{\"id\":1"; for (i = 0; i < 100000; i++) printf ",\"k%d\":%d", i, i; print "}" }' \
	> "$gen/wide-object"
for name in digits-1e5 huge-exponent duplicate-keys wide-object; do
	expect $name ann-cat 0 "" same
	expect $name ann-select 0 "" same
	# Valid JSON but not a task: the one error ann-flatten should give.
	expect $name ann-flatten 2 '<stdin>:1 (byte 0): not a task of a known shape *' any
done
# Of repeated keys, --where sees the first (as ann_json_get documents).
expect duplicate-keys ann-select 0 "" same --where 'a=1'
expect duplicate-keys ann-select 1 "" empty --where 'a=2'
expect duplicate-keys ann-select 0 "" same --where 'id=1'
# The same through the task view, as the task id.
{ task 1; echo; } | sed 's/^{"id":1,/{"id":1,"id":2,/' > "$gen/duplicate-id"
expect duplicate-id ann-select 0 "" same --id 1
expect duplicate-id ann-select 1 "" empty --id 2

# --- ids -----------------------------------------------------------------
# ann-cat(1): "a number compares by its JSON text, a string by its decoded
# text", so 1, "1" and "\u0031" are one task (the last version is kept, in
# the place of the first), and 1.0 is another.
printf '{"id":1,"v":"a"}\n{"id":"1","v":"b"}\n{"id":1.0,"v":"c"}\n{"id":"\\u0031","v":"d"}\n' > "$gen/id-number-string"
printf '{"id":"\\u0031","v":"d"}\n{"id":1.0,"v":"c"}\n' > "$gen/id-number-string.out"
expect id-number-string ann-cat 0 "" "$gen/id-number-string.out" --dedupe
# Empty ids are ids: they hash, shard and dedupe like any other.
printf '{"id":"","data":{}}\n{"id":"","data":{"v":2}}\n{"id":"x","data":{}}\n' > "$gen/empty-id"
printf '{"id":"","data":{"v":2}}\n{"id":"x","data":{}}\n' > "$gen/empty-id.dedupe"
expect empty-id ann-cat 0 "" "$gen/empty-id.dedupe" --dedupe
(cd "$scratch" && ann-cat --split 3 -o 'shard-%d.ndjson' < "$gen/empty-id")
check "ann-cat --split 3 with empty ids: exit $?, every record in one shard" \
	[ "$(cat "$scratch"/shard-*.ndjson | wc -l)" -eq 3 ]
for i in 0 1 2; do
	ann-select --shard $i/3 < "$gen/empty-id" > "$scratch/out"
	code=$?
	check "ann-select --shard $i/3 holds the tasks of ann-cat's shard $i (exit $code)" \
		cmp -s "$scratch/out" "$scratch/shard-$i.ndjson"
done
rm -f "$scratch"/shard-*.ndjson
# Equal ids written differently ("A" and "\u0041") land in the same shard.
printf '{"id":"A"}\n{"id":"\\u0041"}\n' > "$gen/escaped-id"
n0=$(ann-select --shard 0/2 < "$gen/escaped-id" | wc -l)
[ "$n0" -eq 0 ] || [ "$n0" -eq 2 ]
check "an id and its escaped spelling fall in the same shard ($n0 of 2 in shard 0)" [ $? -eq 0 ]
# Without an id there is nothing to dedupe by; with --dedupe nothing is
# written before the end of the input, so stdout stays empty.
printf '{"id":1}\n{"id":null}\n' > "$gen/null-id"
expect null-id ann-cat 2 '<stdin>:2 (byte 9): record has no task id *' empty --dedupe

# --- nonsense values in a Label Studio task ----------------------------------
# ann-flatten(1): computed columns are empty when they cannot be computed,
# and the value as written is "always one column away"; out-of-range
# percent is converted, not refused.  Exit 0 either way.
region() {
	printf '{"id":"%s","type":"%s","from_name":"l","to_name":"i","original_width":100,"original_height":50,"value":%s}' "$@"
}
{
	printf '{"id":7,"data":{"image":"a.png"},"annotations":[{"id":1,"result":['
	region p1 polygonlabels '{"points":[["NaN",1],[2,"x"]],"polygonlabels":["Car"]}'
	printf ','
	region p2 polygonlabels '{"points":"NaN","polygonlabels":["Car"]}'
	printf ','
	region p3 polygonlabels '{"points":[[150,-20],[1,2,3],[],[5]],"polygonlabels":["Car"]}'
	printf ','
	region b1 rectanglelabels '{"x":150,"y":-20,"width":-20,"height":1e999,"rotation":"NaN","rectanglelabels":["Car"]}'
	printf ','
	region b2 rectanglelabels '{"x":1e308,"y":"NaN","width":null,"height":{},"rectanglelabels":["Car"]}'
	printf ']}]}\n'
} > "$gen/ls-nonsense-values"
cat > "$gen/ls-nonsense-values.out" <<'EOF'
{"region_id":"p1","kind":"polygon","x":null,"y":null,"width":null,"height":null,"x_pct":null,"y_pct":null,"width_pct":null,"height_pct":null,"points":null,"points_pct":[["NaN",1],[2,"x"]]}
{"region_id":"p2","kind":"polygon","x":null,"y":null,"width":null,"height":null,"x_pct":null,"y_pct":null,"width_pct":null,"height_pct":null,"points":null,"points_pct":null}
{"region_id":"p3","kind":"polygon","x":null,"y":null,"width":null,"height":null,"x_pct":null,"y_pct":null,"width_pct":null,"height_pct":null,"points":null,"points_pct":[[150,-20],[1,2,3],[],[5]]}
{"region_id":"b1","kind":"rectangle","x":150,"y":-10,"width":-20,"height":null,"x_pct":150,"y_pct":-20,"width_pct":-20,"height_pct":1e999,"points":null,"points_pct":null}
{"region_id":"b2","kind":"rectangle","x":1e+308,"y":null,"width":null,"height":null,"x_pct":1e308,"y_pct":null,"width_pct":null,"height_pct":null,"points":null,"points_pct":null}
EOF
cols=region_id,kind,x,y,width,height,x_pct,y_pct,width_pct,height_pct,points,points_pct
expect ls-nonsense-values ann-flatten 0 "" "$gen/ls-nonsense-values.out" -f ndjson -c $cols
expect ls-nonsense-values ann-flatten 0 "" any
expect ls-nonsense-values ann-flatten 0 "" any -f json-min
expect ls-nonsense-values ann-cat 0 "" same
# Every NDJSON row must be JSON, whatever the points: an infinite point
# has no pixel value, so it must not leave a hole like [[,0.5]].
{
	printf '{"id":8,"data":{"image":"a.png"},"annotations":[{"id":1,"result":['
	region p4 polygonlabels '{"points":[[1e999,1],[-1e999,2]],"polygonlabels":["Car"]}'
	printf ']}]}\n'
} > "$gen/ls-infinite-points"
ann-flatten -f ndjson -c region_id,points,points_pct < "$gen/ls-infinite-points" > "$scratch/out" 2>&1
code=$?
if command -v python3 > /dev/null 2>&1; then
	python3 -c 'import json, sys
for line in sys.stdin: json.loads(line)' < "$scratch/out" 2> /dev/null && valid=1 || valid=0
else
	# Without python, look for the hole itself.
	grep -q '\[,\|,,\|,\]' "$scratch/out" && valid=0 || valid=1
fi
check "ann-flatten -f ndjson on infinite polygon points writes JSON (exit $code): $(head -c 60 "$scratch/out")" \
	[ "$code:$valid" = 0:1 ]

# --- damage between records ---------------------------------------------------
{ task 1; printf '\n\357\273\277'; task 2; echo; } > "$gen/bom-line-2"
{ printf '\357\273\277'; task 1; printf '\r\n'; task 2; printf '\r\n'; } > "$gen/bom-crlf"
{ task 1; printf '\r\n'; task 2; printf '\r\n'; } > "$gen/crlf"
{ task 1; printf '\r'; task 2; printf '\r'; } > "$gen/cr-only"
{ task 1; echo; printf '\001\002\377garbage\n'; task 2; echo; } > "$gen/binary-garbage"
{ task 1; printf ']\n'; task 2; echo; } > "$gen/stray-bracket"
{ task 1; printf '\000'; task 2; echo; } > "$gen/nul-between"
{ task 1 | sed 's/"data"/\n"data"/' | tr '\n' '\000'; echo; } > "$gen/nul-inside"
{ task 1; printf '\n\000\000\000\n'; } > "$gen/nul-line"
printf ' \n\t\r\n   \n\n' > "$gen/whitespace-only"
printf '\377\376{\000}\000' > "$gen/utf16-bom"
{ task 1; echo; } > "$gen/one.ndjson"
{ task 2; echo; } > "$gen/two.ndjson"
cat "$gen/one.ndjson" "$gen/two.ndjson" > "$gen/both.ndjson"
task 1 > "$gen/no-final-newline"
expect no-final-newline ann-cat 0 "" "$gen/one.ndjson"
for tool in $tools; do
	outputs "$tool"
	expect bom-line-2 $tool 2 '<stdin>:2 (byte *): byte order mark in the middle of the input, found byte 0xEF' $out
	expect bom-crlf $tool 0 "$said2" $good
	expect crlf $tool 0 "$said2" $good
	expect cr-only $tool 0 "$said2" $good
	expect binary-garbage $tool 2 "<stdin>:2 (byte *): expected a record ('{' or '['), found byte 0x01" $out
	expect stray-bracket $tool 2 "<stdin>:2 (byte *): expected a record ('{' or '['), found ']'" $out
	expect nul-between $tool 2 "<stdin>:2 (byte *): expected a record ('{' or '['), found byte 0x00" $out
	expect nul-inside $tool 2 '<stdin>:1 (byte 8): invalid JSON: expected a member name in quotes: byte 0x00' empty_or_header
	expect nul-line $tool 2 "<stdin>:2 (byte *): expected a record ('{' or '['), found byte 0x00" $out
	expect utf16-bom $tool 2 "<stdin>:1 (byte 0): expected a record ('{' or '['), found byte 0xFF" empty_or_header
done
expect whitespace-only ann-cat 0 "" empty
expect whitespace-only ann-select 1 "" empty
expect whitespace-only ann-flatten 0 "" any
expect whitespace-only ann-tococo 0 "0 tasks, 0 images, 0 annotations, 0 categories" any

# --- compression seams ---------------------------------------------------------
gzip -c < "$gen/one.ndjson" > "$gen/one.gz"
zstd -q -c < "$gen/one.ndjson" > "$gen/one.zst"
gzip -c < "$gen/two.ndjson" > "$gen/two.gz"
zstd -q -c < "$gen/two.ndjson" > "$gen/two.zst"
cat "$gen/one.gz" "$gen/two.zst" > "$gen/gzip-then-zstd"
cat "$gen/one.zst" "$gen/two.gz" > "$gen/zstd-then-gzip"
cat "$gen/one.gz" "$gen/two.gz" > "$gen/gzip-members"
cat "$gen/one.zst" "$gen/two.zst" > "$gen/zstd-frames"
printf '' | gzip -c > "$gen/empty-gzip"
printf '' | zstd -q -c > "$gen/empty-zstd"
printf ' \n\n' | gzip -c > "$gen/gzip-whitespace"
{ cat "$gen/one.gz"; printf '' | gzip -c; } > "$gen/gzip-then-empty-member"
cp "$gen/one.gz" "$gen/gzip-bad-crc"
size=$(wc -c < "$gen/one.gz")
printf '\377' | dd of="$gen/gzip-bad-crc" bs=1 seek=$((size - 6)) conv=notrunc 2> /dev/null
printf '\037\213' > "$gen/gzip-magic-only"
printf '\050\265\057\375' > "$gen/zstd-magic-only"
# zstd's seekable format ends with a skippable frame (magic 0x184D2A5E).
{ cat "$gen/one.zst"; printf '\136\052\115\030\004\000\000\000abcd'; } > "$gen/zstd-skippable-after"
for tool in $tools; do
	outputs "$tool"
	expect gzip-then-zstd $tool 2 '<stdin>:2 (byte *): trailing garbage after gzip data' $out
	expect zstd-then-gzip $tool 2 '<stdin>:2 (byte *): corrupt zstd input: *' $out
	expect gzip-members $tool 0 "$said2" $good
	expect zstd-frames $tool 0 "$said2" $good
	expect gzip-then-empty-member $tool 0 "$said1" $out
	expect zstd-skippable-after $tool 0 "$said1" $out
	expect gzip-bad-crc $tool 2 '<stdin>:1 (byte 0): corrupt gzip input: incorrect data check' empty_or_header
	expect gzip-magic-only $tool 2 '<stdin>:1 (byte 0): truncated gzip input (unexpected end of stream)' empty_or_header
	expect zstd-magic-only $tool 2 '<stdin>:1 (byte 0): truncated zstd input (unexpected end of frame)' empty_or_header
done
# A gzip member that ends one byte before the end of the source's 256 KiB
# read, with another member after it: padded to 262143 bytes with a
# header comment (FLG.FCOMMENT).  A known bug: the source waits for a
# second byte of the next member's magic without reading, and spins.
printf '{"id":1}\n' | gzip -n -c | tail -c +11 > "$scratch/deflate"
pad=$((262143 - 10 - 1 - $(wc -c < "$scratch/deflate")))
{
	printf '\037\213\010\020\000\000\000\000\000\377'
	head -c $pad /dev/zero | tr '\0' c
	printf '\000'
	cat "$scratch/deflate"
	printf '{"id":2}\n' | gzip -n -c
} > "$gen/gzip-member-seam"
printf '{"id":1}\n{"id":2}\n' > "$scratch/seam.out"
if command -v timeout > /dev/null 2>&1; then
	timeout 5 ann-cat "$gen/gzip-member-seam" > "$scratch/out" 2> "$scratch/err"
	code=$?
	check "ann-cat gzip-member-seam: exit $code (124: hung), both members read" \
		sh -c "[ $code -eq 0 ] && cmp -s '$scratch/out' '$scratch/seam.out'"
fi
for name in empty-gzip empty-zstd gzip-whitespace; do
	expect $name ann-cat 0 "" empty
	expect $name ann-select 1 "" empty
	expect $name ann-flatten 0 "" any
	expect $name ann-tococo 0 "0 tasks, 0 images, 0 annotations, 0 categories" any
done

# --- every truncation of a pretty-printed export ------------------------------
cat > "$gen/pretty.json" <<'EOF'
[
  {
    "id": 7,
    "data": {"t": "a"},
    "annotations": [
      {
        "result": [
          {"type": "choices", "from_name": "c",
           "value": {"choices": ["Y"]}}
        ]
      }
    ]
  }
]
EOF
size=$(wc -c < "$gen/pretty.json")
for tool in $tools; do
	"$tool" < "$gen/pretty.json" > "$scratch/full" 2> /dev/null
	bad=""
	n=1
	while [ $n -lt "$size" ]; do
		head -c $n "$gen/pretty.json" > "$scratch/prefix"
		$limit "$tool" < "$scratch/prefix" > "$scratch/out" 2> "$scratch/err"
		code=$?
		first=
		read -r first < "$scratch/err"
		# Exit 2 with a positioned message and on stdout nothing or
		# the one whole record (once the task is closed and the array
		# is not); or, with only the final newline missing, exit 0
		# and the whole output.
		case $code in
		0) cmp -s "$scratch/out" "$scratch/full" || bad="$bad $n:exit0-short" ;;
		2) case $first in "$tool: <stdin>:"*) ;; *) bad="$bad $n:msg" ;; esac
		   if [ $tool != ann-flatten ] && [ -s "$scratch/out" ] &&
		       ! cmp -s "$scratch/out" "$scratch/full"; then
			bad="$bad $n:partial"
		   fi ;;
		*) bad="$bad $n:exit$code" ;;
		esac
		n=$((n + 1))
	done
	check "$tool on each of the $((size - 1)) truncations of a $size-byte export: exit 2, no crash or hang${bad:+ (bad:$bad)}" \
		[ -z "$bad" ]
done
done_testing
