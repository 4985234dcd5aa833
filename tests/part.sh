#!/bin/sh
# tests/part.sh: --part I/N.  N processes over one NDJSON file read every
# record once, in order: the parts' outputs, one after another, are the
# one process's output byte for byte, for every record-reading tool, every
# N from 1 to 7, and the awkward files: more parts than records, no final
# newline, CRLF line ends, a record longer than a part.
. "${top_srcdir:-.}/tests/lib.sh"

lb=$EXAMPLES/labelbox-export-v2.ndjson
ls=$scratch/ls.ndjson
ann-cat "$EXAMPLES/ls-export.json" > "$ls"
# No final newline.
head -c -1 "$lb" > "$scratch/nofinal.ndjson"
# CRLF line ends.
sed 's/$/\r/' "$lb" > "$scratch/crlf.ndjson"
# A record longer than a part: one task with a 20 kB string among small ones.
{
	sed -n 1p "$ls"
	printf '{"id":99,"data":{"image":"x.png","note":"%s"},"annotations":[]}\n' \
		"$(head -c 20000 /dev/zero | tr '\0' a)"
	sed -n '2,$p' "$ls"
} > "$scratch/long.ndjson"

# same DESC FILE TOOL ARGS...: the parts of every N give the whole's output.
same() {
	desc=$1 file=$2
	shift 2
	"$@" "$file" > "$scratch/whole" 2> /dev/null
	bad=""
	for n in 1 2 3 4 5 6 7; do
		: > "$scratch/parts"
		i=0
		while [ $i -lt $n ]; do
			"$@" --part "$i/$n" "$file" >> "$scratch/parts" 2> /dev/null
			i=$((i + 1))
		done
		cmp -s "$scratch/whole" "$scratch/parts" || bad="$bad $n"
	done
	check "$desc: parts 1..7 joined equal the whole${bad:+ (differ for N =$bad)}" [ -z "$bad" ]
}

for f in "$lb" "$ls" "$scratch/nofinal.ndjson" "$scratch/crlf.ndjson" "$scratch/long.ndjson"; do
	name=${f##*/}
	same "ann-cat $name" "$f" ann-cat
	same "ann-select --status labeled $name" "$f" ann-select --status labeled
	same "ann-flatten -f ndjson $name" "$f" ann-flatten -f ndjson
	same "ann-rle stats $name" "$f" ann-rle stats
done
same "ann-rle stats brush-prediction" "$EXAMPLES/brush-prediction.ndjson" ann-rle stats

n=$(ann-cat "$ls" | wc -l)
got=0
for i in 0 1 2 3 4 5 6 7 8 9 10 11; do
	got=$((got + $(ann-cat --part "$i/12" "$ls" | wc -l)))
done
check "12 parts of $n records: each record once (got $got)" [ "$got" = "$n" ]
check "a part past the last record start is empty" \
	[ "$(ann-cat --part 11/12 "$ls" | wc -c)" -eq 0 ]

# A part starts at a record: its first record is a whole line of the file.
first=$(ann-cat --part 1/2 "$lb" | head -n 1)
check "part 1/2 starts at a record start" grep -qxF "$first" "$lb"

# What cannot be cut is a usage error that says what to do.
ann-cat --part 0/2 "$EXAMPLES/ls-export.json" > /dev/null 2> "$scratch/err"
st=$?
check "a JSON array: exit $st, names ann-cat" exit_and_says 2 "$st" 'JSON array: convert it once with ann-cat' "$scratch/err"
zstd -q -c "$lb" > "$scratch/lb.ndjson.zst"
ann-cat --part 0/2 "$scratch/lb.ndjson.zst" > /dev/null 2> "$scratch/err"
st=$?
check "compressed: exit $st, names --split --zstd" exit_and_says 2 "$st" 'cannot cut compressed input' "$scratch/err"
ann-cat --part 0/2 < "$lb" > /dev/null 2> "$scratch/err"
st=$?
check "a redirected regular file on stdin can be cut (exit $st)" [ $st = 0 ]
cat "$lb" | ann-cat --part 0/2 > /dev/null 2> "$scratch/err"
st=$?
check "a pipe: exit $st, says to save it first" exit_and_says 2 "$st" 'pipe or a device' "$scratch/err"
for bad in 2/2 x/2 1/0 1 -1/3; do
	ann-cat --part "$bad" "$lb" > /dev/null 2> "$scratch/err"
	st=$?
	check "--part $bad: usage error (exit $st)" exit_and_says 2 "$st" '--part' "$scratch/err"
done

done_testing
