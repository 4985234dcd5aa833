#!/bin/sh
# tests/readahead.sh: a regular file is split and validated on a second
# thread (ann(7)), a pipe on the tool's own.  For every tool that reads
# ahead, both must write the same output, messages, rejects and exit
# status: on generated exports of several megabytes (many hand-overs),
# on one with bad records and a record of megabytes among good ones, on
# files too short to hold a record, and on the shared corpus when it is
# there.
. "${top_srcdir:-.}/tests/lib.sh"
gen="$builddir_abs/bench/gen-export"

"$gen" --format labelbox-ndjson --size 6M > "$scratch/lb.ndjson"
"$gen" --format ls-array --size 6M > "$scratch/ls.json"
"$gen" --format ls-ndjson --size 3M > "$scratch/ls.ndjson"
{
	head -n 200 "$scratch/lb.ndjson"
	echo '{"data_row": {"id": "cut-short", "row_data": '
	sed -n '201,400p' "$scratch/lb.ndjson"
	echo '{"data_row": {"id": "bad-literal", "x": tru}}'
	"$gen" --format labelbox-ndjson --size 3M --one-record --seed 7
	printf '{"data_row": {"id": "bad-big", "v": "'
	head -c 2000000 /dev/zero | tr '\0' 'a'
	printf '", }\n'
	sed -n '401,600p' "$scratch/lb.ndjson"
	echo '[1, 2]'
	tail -n 50 "$scratch/lb.ndjson"
} > "$scratch/mixed.ndjson"

# same DESCRIPTION FILE TOOL [ARG...]: the file by name, then through a
# pipe, each run in a directory of its own (a rejects file named by a
# relative path lands there); the file's name becomes <stdin> in the
# first run's messages.
same() {
	desc=$1 file=$2
	shift 2
	rm -rf "$scratch/a" "$scratch/b"
	mkdir "$scratch/a" "$scratch/b"
	(cd "$scratch/a" && "$@" "$file" > out 2> raw)
	a=$?
	(cd "$scratch/b" && cat "$file" | "$@" > out 2> err)
	b=$?
	sed "s|$file|<stdin>|g" "$scratch/a/raw" > "$scratch/a/err"
	rm "$scratch/a/raw"
	if [ $a -eq $b ] && diff -r "$scratch/a" "$scratch/b" > "$scratch/diff"; then
		ok "$desc: the same from a file as through a pipe (exit $a, $(wc -l < "$scratch/a/out") lines)"
	else
		not_ok "$desc: a file and a pipe differ (exit $a and $b)"
		head -n 5 "$scratch/diff" | sed 's/^/# /'
	fi
}

lb=$scratch/lb.ndjson ls=$scratch/ls.json lsn=$scratch/ls.ndjson mixed=$scratch/mixed.ndjson
same "ann-select --status DONE" "$lb" ann-select --status DONE
same "ann-select -v --label Car --since 2024-01-01" "$lb" ann-select -v --label Car --since 2024-01-01
same "ann-select -c --has predictions" "$ls" ann-select -c --has predictions
same "ann-select -n 7 --label Car" "$lsn" ann-select -n 7 --label Car
same "ann-select -k, bad records" "$mixed" ann-select -k -r rej --status DONE
same "ann-select, stopping at the first bad record" "$mixed" ann-select --has annotations
same "ann-flatten" "$lb" ann-flatten
same "ann-flatten -K rectangle, narrow columns" "$lb" ann-flatten -K rectangle \
	-c task_id,annotation_id,region_id,label,x,y,width,height
same "ann-flatten --both -f tsv, detail columns" "$lb" ann-flatten --both -f tsv \
	-c task_id,annotator,status,created_at,updated_at,lead_time,label,points
same "ann-flatten -f json-min" "$ls" ann-flatten -f json-min
same "ann-flatten -f ndjson" "$lsn" ann-flatten -f ndjson
same "ann-flatten -k, bad records" "$mixed" ann-flatten -k -r rej
same "ann-tococo" "$ls" ann-tococo
same "ann-tococo, Labelbox" "$lb" ann-tococo
same "ann-tococo -k, bad records" "$mixed" ann-tococo -k -r rej
same "ann-rle stats" "$ls" ann-rle stats
same "ann-rle to-coco" "$lsn" ann-rle to-coco

# Files too short for anything: empty, one byte, cut inside a record.
: > "$scratch/empty.json"
printf '{' > "$scratch/one.json"
printf '[{"id": 1, "data": {"image": "a.png"}},\n {"id": 2, "dat' > "$scratch/cut.json"
for f in empty one cut; do
	same "ann-select -l Car, $f file" "$scratch/$f.json" ann-select -l Car
	same "ann-flatten, $f file" "$scratch/$f.json" ann-flatten
	same "ann-tococo, $f file" "$scratch/$f.json" ann-tococo
done

if [ -n "${ANN_CORPUS:-}" ] && [ -d "$ANN_CORPUS" ]; then
	for f in $(find "$ANN_CORPUS/label-studio" "$ANN_CORPUS/labelbox" \
	    \( -name '*.json' -o -name '*.ndjson' \) -size +1k | sort); do
		same "ann-flatten -k ${f#"$ANN_CORPUS"/}" "$f" ann-flatten -k
	done
fi
done_testing
