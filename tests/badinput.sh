#!/bin/sh
# tests/badinput.sh: hostile inputs that must fail cleanly.  Each tests/bad/NAME
# (generated ones are made below) must give exit 2, the first stderr line
# in tests/bad/NAME.err (only * is special), and on stdout nothing, or
# exactly NAME.out: the good records before the error.
# Then "good, bad, good": the good output before the error is kept.
. "${top_srcdir:-.}/tests/lib.sh"
bad="$srcdir_abs/tests/bad"

# Inputs too big or too binary to keep in the tree.
gen="$scratch/gen"
mkdir "$gen"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; }' > "$gen/deep-100000"
echo 'ann-cat: <stdin>:1 (byte 1025): invalid JSON: nesting deeper than 1024 levels' > "$gen/deep-100000.err"
printf '{"a":"x\000y"}\n' > "$gen/nul-byte"
echo 'ann-cat: <stdin>:1 (byte 7): invalid JSON: NUL byte in string' > "$gen/nul-byte.err"
printf '{"a":"caf\351"}\n' > "$gen/latin1"
echo "ann-cat: <stdin>:1 (byte 9): invalid JSON: invalid UTF-8 in string: byte 0xE9" > "$gen/latin1.err"
printf '{"a":"\300\257"}\n' > "$gen/overlong-utf8"
echo "ann-cat: <stdin>:1 (byte 6): invalid JSON: invalid UTF-8 in string: byte 0xC0" > "$gen/overlong-utf8.err"
printf '[{"id":1},\n{"id":2}' | gzip -c > "$gen/truncated-array.gz"
echo "ann-cat: <stdin>:3 (byte 19): unexpected end of input: the array is not closed (missing ']')" > "$gen/truncated-array.gz.err"
printf '{"id":1}\n{"id":2}\n' > "$gen/truncated-array.gz.out"
printf '[{"id":1},{"id":2}]\n' | gzip -c | head -c 20 > "$gen/truncated.gz"
echo 'ann-cat: <stdin>:2 (byte 9): truncated gzip input (unexpected end of stream)' > "$gen/truncated.gz.err"
printf '{"id":1}\n' > "$gen/truncated.gz.out"
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "{\"id\":%d}\n", i }' | zstd -q -c | head -c 100 > "$gen/truncated.zst"
echo 'ann-cat: <stdin>:* (byte *): truncated zstd input (unexpected end of frame)' > "$gen/truncated.zst.err"
printf '{"id":1}\n' | zstd -q -c --check > "$gen/zstd-checksum"
# Flip a bit of the 4-byte checksum at the end of the frame.
size=$(wc -c < "$gen/zstd-checksum")
head -c $((size - 1)) "$gen/zstd-checksum" > "$gen/t"; printf '\001' >> "$gen/t"; mv "$gen/t" "$gen/zstd-checksum"
echo 'ann-cat: <stdin>:* (byte *): corrupt zstd input: *' > "$gen/zstd-checksum.err"
# A frame whose window is above the 128 MB the decoder takes (zstd --long=31,
# made small by compressing from a pipe) is refused as too large, not as corrupt;
# after a good frame, the good record is kept.
printf '{"id":1}\n' | zstd -q -c --zstd=wlog=31 > "$gen/zstd-window-31"
echo 'ann-cat: <stdin>:1 (byte 0): zstd input needs a larger window (zstd --long=31): refused above 128 MB; pipe it through zstd -d --long=31' > "$gen/zstd-window-31.err"
(printf '{"id":1}\n' | zstd -q -c; printf '{"id":2}\n' | zstd -q -c --zstd=wlog=28) > "$gen/zstd-window-28-second"
echo 'ann-cat: <stdin>:2 (byte 9): zstd input needs a larger window (zstd --long=31): refused above 128 MB; pipe it through zstd -d --long=31' > "$gen/zstd-window-28-second.err"
printf '{"id":1}\n' > "$gen/zstd-window-28-second.out"
(printf '{"id":1}\n' | gzip -c; printf 'garbage') > "$gen/gzip-trailing"
echo 'ann-cat: <stdin>:2 (byte 9): trailing garbage after gzip data' > "$gen/gzip-trailing.err"
printf '{"id":1}\n' > "$gen/gzip-trailing.out"

for input in "$bad"/*.json "$bad"/*.ndjson "$gen"/*; do
	case "$input" in *.err|*.out) continue ;; esac
	[ -f "$input" ] || continue
	name=${input##*/}
	# ann-select with no test keeps every record, so it must stop where
	# ann-cat stops, with the same message under its own name.
	for tool in ann-cat ann-select; do
		$tool < "$input" > "$scratch/out" 2> "$scratch/err"
		code=$?
		# In the .err line only * is special.
		got=$(head -n 1 "$scratch/err")
		want=$(sed "1s/^ann-cat:/$tool:/" "$input.err")
		if glob_line "$want" "$got"; then matched=1; else matched=0; fi
		# Stdout is empty, or exactly the good records before the error
		# (NAME.out), and never more: records after the error must not appear.
		if [ -f "$input.out" ]; then
			cmp -s "$input.out" "$scratch/out" && quiet=1 || quiet=0
		else
			[ ! -s "$scratch/out" ] && quiet=1 || quiet=0
		fi
		if [ $code -eq 2 ] && [ $matched -eq 1 ] && [ $quiet -eq 1 ]; then
			ok "$tool $name: exit 2, $got"
		else
			not_ok "$tool $name: exit $code, stderr: $got (want: $want)"
		fi
	done
	# The same input named on the command line names the file.
	ann-cat "$input" > /dev/null 2> "$scratch/err"
	case "$(head -n 1 "$scratch/err")" in
	"ann-cat: $input"*) ok "$name: the message names the file" ;;
	*) not_ok "$name: the message names the file: $(head -n 1 "$scratch/err")" ;;
	esac
done

# Every tool that reads tasks reads the same records: every hostile input
# is an error with a positioned message, never a crash (its good records
# may be refused first, as they are not tasks, so only the form is checked).
cfg=$srcdir_abs/tests/check/config.xml
for input in "$bad"/*.json "$bad"/*.ndjson "$gen"/*; do
	case "$input" in *.err|*.out) continue ;; esac
	[ -f "$input" ] || continue
	for tool in ann-flatten ann-tococo ann-toconll "ann-rle stats" \
	    "ann-toyolo -o $scratch/yolo" "ann-tovoc -o $scratch/voc" \
	    ann-tolabelbox "ann-check -c $cfg" ann-stats "ann-tols --from labelbox"; do
		# shellcheck disable=SC2086 # the tool's own options
		$tool < "$input" > /dev/null 2> "$scratch/err"
		code=$?
		first=$(head -n 1 "$scratch/err")
		case "$first" in
		"${tool%% *}: <stdin>:"*) form=1 ;;
		*) form=0 ;;
		esac
		check "$tool on ${input##*/}: exit 2 and a positioned message ($first)" \
			[ "$code:$form" = 2:1 ]
	done
done

# Good, bad, good: the first good file's records are out, the exit is 2.
printf '{"id":1}\n' > "$scratch/good1.ndjson"
printf '{"id":3}\n' > "$scratch/good2.ndjson"
ann-cat "$scratch/good1.ndjson" "$bad/unterminated-string.ndjson" "$scratch/good2.ndjson" \
	> "$scratch/out" 2> "$scratch/err"
code=$?
check "good, bad, good: exit 2" [ $code -eq 2 ]
check "good, bad, good: the good records before the error are out" \
	[ "$(cat "$scratch/out")" = '{"id":1}' ]
ann-cat -k "$scratch/good1.ndjson" "$bad/unterminated-string.ndjson" "$scratch/good2.ndjson" \
	> "$scratch/out" 2> "$scratch/err"
code=$?
check "good, bad, good with -k: exit 2 and both good files out" \
	[ "$code:$(tr '\n' ' ' < "$scratch/out")" = '2:{"id":1} {"id":3} ' ]
printf '' > "$scratch/empty"
check "an empty file is valid and has no records" ann-cat "$scratch/empty"
done_testing
