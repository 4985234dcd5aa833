#!/bin/sh
# tests/keepgoing.sh: --keep-going never writes a piece of a bad record as
# a record, and loses nothing.  Each input in tests/bad-keep-going (with
# extra options in NAME.args) is read by ann-cat and ann-select with -k -r;
# what they write must be NAME.out, what they reject NAME.rej (one line per
# bad record, as ann(7) says), what they say NAME.err, and the summary
# must count exactly the rejected lines.  ANN_UPDATE=1 rewrites the
# expected files from ann-cat (read them before committing).
. "${top_srcdir:-.}/tests/lib.sh"
dir="$srcdir_abs/tests/bad-keep-going"

for in in "$dir"/*.json "$dir"/*.ndjson; do
	name=${in##*/}
	args=$(cat "$in.args" 2> /dev/null)
	base="$dir/$name"
	if [ -n "${ANN_UPDATE:-}" ]; then
		# shellcheck disable=SC2086
		(cd "$dir" && ann-cat -k -r "$scratch/rej" $args "$name" > "$base.out" 2> "$scratch/err")
		grep -v " skipped, written to " "$scratch/err" > "$base.err"
		cp "$scratch/rej" "$base.rej"
	fi
	for tool in ann-cat ann-select; do
		# shellcheck disable=SC2086
		(cd "$dir" && $tool -k -r "$scratch/rej" $args "$name" > "$scratch/out" 2> "$scratch/err")
		code=$?
		check "$tool -k $name: exit 2" [ "$code" -eq 2 ]
		check "$tool -k $name: the good records, whole" cmp -s "$base.out" "$scratch/out"
		check "$tool -k $name: every bad record, one per line" cmp -s "$base.rej" "$scratch/rej"
		sed "s/^ann-cat:/$tool:/" "$base.err" > "$scratch/want-err"
		grep -v " skipped, written to " "$scratch/err" > "$scratch/said"
		check "$tool -k $name: the messages" cmp -s "$scratch/want-err" "$scratch/said"
		n=$(wc -l < "$scratch/rej" | tr -d ' ')
		check "$tool -k $name: the summary counts the $n rejected" \
			grep -q "^$tool: $n bad records\{0,1\} skipped, written to $scratch/rej\$" "$scratch/err"
	done
	# Without -k the run stops at the first bad record, with what came before.
	# shellcheck disable=SC2086
	(cd "$dir" && ann-cat $args "$name" > "$scratch/out" 2> /dev/null)
	code=$?
	check "ann-cat $name: exit 2 without -k" [ "$code" -eq 2 ]
	check "ann-cat $name: what it wrote is the start of what -k writes" \
		sh -c 'cmp -s "$1" "$2" || cmp "$1" "$2" 2>&1 | grep -q "EOF on $1"' - \
		"$scratch/out" "$base.out"
done

# The inner objects of a bad task are not records, so nothing matches them
# and none replaces a real task.
lsf="$dir/ls-pretty-fragments.json"
ann-select -k --id 3 "$lsf" > "$scratch/out" 2> /dev/null
code=$?
check "ann-select -k --id 3: an annotation id inside a bad task matches nothing" \
	[ "$code" -eq 2 -a ! -s "$scratch/out" ]
ann-select -k --id 7 "$lsf" > "$scratch/out" 2> /dev/null
check "ann-select -k --id 7: only the real task 7" \
	sh -c '[ "$(head -n 1 "$1")" = "$(cat "$2")" ]' - "$dir/ls-pretty-fragments.json.out" "$scratch/out"
ann-cat -k --dedupe "$lsf" > "$scratch/out" 2> /dev/null
check "ann-cat -k --dedupe: task 7 is the real one" cmp -s "$dir/ls-pretty-fragments.json.out" "$scratch/out"

# Of a record over --max-record, the rejects file keeps its first kilobyte.
head -n 2 "$dir/max-record.ndjson" | tail -n 1 | head -c 1024 > "$scratch/head"
echo >> "$scratch/head"
check "a record over --max-record: its first 1024 bytes are kept" \
	cmp -s "$scratch/head" "$dir/max-record.ndjson.rej"

done_testing
