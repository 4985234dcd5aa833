#!/bin/sh
# tests/select.sh: ann-select against an independent oracle.
#
# tests/select/gen.py writes synthetic exports (fixed seed): Labelbox v2 rows
# with several projects, statuses, batches, nested answers and reviews; Label
# Studio tasks with cancelled annotations, predictions and reviews; dates in
# every form the manual names.  tests/select/oracle.py implements the tests
# of man/ann-select.1 on its own (python, not the C code); every line of
# tests/select/cases is run through both and the ids compared.  Then: output
# bytes (NDJSON lines verbatim, array elements minified as by ann-cat), -v,
# -c, -q, exit statuses and usage errors, -n stopping early, --shard against
# ann-cat --split, --sample, --keep-going/--rejects, gzip and zstd input.
. "${top_srcdir:-.}/tests/lib.sh"
for tool in python3 jq; do
	if ! command -v $tool > /dev/null; then
		echo "1..0 # SKIP $tool not installed (scripts/setup installs it)"
		exit 0
	fi
done
sel="$srcdir_abs/tests/select"
d="$scratch/gen"
python3 "$sel/gen.py" "$d" || { echo "Bail out! tests/select/gen.py failed"; exit 1; }
corpus=
[ -n "${ANN_CORPUS:-}" ] && [ -d "$ANN_CORPUS" ] && corpus=$ANN_CORPUS
# The id of a record as the oracle writes it.
idexpr='.id // .data_row.id // ."DataRow ID" // .oid'

cls_files=
clb_files=
cv1_files=
if [ -n "$corpus" ]; then
	for f in "$corpus"/label-studio/export/*.json "$corpus"/label-studio/legacy/*.completions.json; do
		case $f in *parsed-config*|*.odd.json) continue ;; esac # not tasks
		cls_files="$cls_files $f"
	done
	clb_files=$(echo "$corpus"/labelbox/export-v2/*.ndjson)
	cv1_files=$(echo "$corpus"/labelbox/legacy-v1/*.ndjson)
fi

# files_of KEY: set $files to the input files of a case (see tests/select/cases).
files_of() {
	case $1 in
	lb) files="$d/lb.ndjson" ;;
	lbodd) files="$d/lbodd.ndjson" ;;
	ls) files="$d/ls.json" ;;
	lsn) files="$d/ls.ndjson" ;;
	lsall) files="$d/ls.json $d/ls.ndjson" ;;
	v1) files="$d/v1.ndjson" ;;
	ot) files="$d/other.ndjson" ;;
	mix) files="$d/lb.ndjson $d/ls.json" ;;
	exls) files="$EXAMPLES/ls-export.json" ;;
	exlb) files="$EXAMPLES/labelbox-export-v2.ndjson" ;;
	cls) files=$cls_files ;;
	clb) files=$clb_files ;;
	cv1) files=$cv1_files ;;
	*) echo "Bail out! unknown input $1 in tests/select/cases"; exit 1 ;;
	esac
}

# ---------------------------------------------------------------------------
# 1. Which records: every case of tests/select/cases through ann-select and
# through the oracle.  The shell runs ann-select; jq takes the ids of what it
# wrote; oracle.py works out what it should have written and compares (ids in
# order, exit status, nothing on stderr), writing one result line a case.
ids="$scratch/ids.txt"
printf '  cdr00007x  \n\n\tframes/f_00011.jpg\r\n1012\n   \n1299\nno-such-id\ncdr00298x\n' > "$ids"
c="$scratch/case"
mkdir "$c"
grep -v '^#' "$sel/cases" | grep . | sed "s|@IDS@|$ids|g" > "$scratch/cases"
n=0
: > "$c/all"
while read -r key args; do
	n=$((n + 1))
	case $key in c*) [ -z "$corpus" ] && continue ;; esac
	files_of "$key"
	printf '%s\t%s %s\t%s\t%s\n' "$n" "$key" "$args" "$files" "$args" >> "$c/all"
done < "$scratch/cases"
# run_cases K: run the cases whose number is K modulo 2 (two at a time).
run_cases() {
	k=$1
	while IFS='	' read -r n desc files args; do
		[ $((n % 2)) = "$k" ] || continue
		eval "set -- $args"
		# shellcheck disable=SC2086 # $files: names without spaces
		ann-select "$@" $files > "$c/$n.out" 2> "$c/$n.err" < /dev/null
		echo $? > "$c/$n.rc"
	done < "$c/all"
}
run_cases 0 &
run_cases 1
wait
# One jq for the ids of every output (one jq a case is slow).
for f in "$c"/*.out; do : > "${f%.out}.ids"; done
jq -c "[input_filename, ($idexpr)]" "$c"/*.out 2> "$c/jq.err" |
	awk '{ i = index($0, "\","); f = substr($0, 3, i - 3); sub(/\.out$/, ".ids", f)
	       if (f != prev) { if (prev != "") close(prev); prev = f }
	       print substr($0, i + 2, length($0) - i - 2) > f }'
if [ -s "$c/jq.err" ]; then
	for f in "$c"/*.out; do
		jq -c "$idexpr" < "$f" > "${f%.out}.ids" 2> /dev/null ||
			echo "(not JSON lines)" >> "${f%.out}.ids"
	done
fi
if ! python3 "$sel/oracle.py" "$c/all" "$c" > "$c/results"; then
	echo "Bail out! tests/select/oracle.py failed"
	exit 1
fi
while IFS='	' read -r verdict desc; do
	case $verdict in
	ok) ok "$desc" ;;
	not) not_ok "$desc" ;;
	*) echo "$verdict $desc" ;;
	esac
done < "$c/results"
if [ -z "$corpus" ]; then
	grep -c '^c' "$scratch/cases" > "$c/nskip"
	ok "$(cat "$c/nskip") corpus cases # SKIP no ANN_CORPUS"
fi

# ---------------------------------------------------------------------------
# 2. Bytes: an NDJSON line is written as read; a record that spanned several
# lines is minified (tests/select/minify.py works on the text; ann-cat is the
# reference minifier), a one-line array element is copied.
n_of() { wc -l < "$1" | tr -d ' '; }
# subseq A B: every line of A is a line of B, in the same order.
subseq() {
	awk -v bfile="$2" 'BEGIN { while ((getline l < bfile) > 0) b[++nb] = l }
	{ while (j < nb && b[++j] != $0) ; if (j == 0 || b[j] != $0) bad = 1 }
	END { exit bad }' "$1"
}
for f in lb.ndjson lbodd.ndjson ls.ndjson other.ndjson v1.ndjson; do
	ann-select "$d/$f" > "$scratch/out" 2>&1
	check "no test: $f written back byte for byte" cmp -s "$scratch/out" "$d/$f"
done
# One python3 for all: it can take a second to start on a busy machine.
mkdir "$scratch/min"
lsjson=
if [ -n "$corpus" ]; then
	for f in "$corpus"/label-studio/export/*.json "$corpus"/label-studio/legacy/*.json \
		"$corpus"/label-studio/tasks/*.json; do
		lsjson="$lsjson $f"
	done
fi
# shellcheck disable=SC2086
python3 "$sel/minify.py" --each "$scratch/min" "$d/ls.json" "$EXAMPLES/ls-export.json" $lsjson
cp "$scratch/min/ls.json" "$scratch/ls.min"
ann-cat "$d/ls.json" > "$scratch/ls.cat"
ann-select "$d/ls.json" > "$scratch/out"
check "no test: ls.json (pretty array) minified, as minify.py does" cmp -s "$scratch/out" "$scratch/ls.min"
check "no test: ls.json minified as ann-cat does" cmp -s "$scratch/out" "$scratch/ls.cat"
# bytes_subset REF FILE ARGS...: ann-select ARGS FILE writes lines of REF, in order.
bytes_subset() {
	ref=$1 file=$2
	shift 2
	ann-select "$@" "$file" > "$scratch/out" 2> "$scratch/err"
	m=$(n_of "$scratch/out")
	check "bytes: ann-select $* ${file##*/}: $m lines, each a record as read, in order" \
		subseq "$scratch/out" "$ref"
}
bytes_subset "$d/lb.ndjson" "$d/lb.ndjson" -s labeled
bytes_subset "$d/lb.ndjson" "$d/lb.ndjson" -v -l Car
bytes_subset "$d/ls.ndjson" "$d/ls.ndjson" -w 'data.split = test'
bytes_subset "$d/ls.ndjson" "$d/ls.ndjson" --since 2024-03-01 -l Car --both
bytes_subset "$d/other.ndjson" "$d/other.ndjson" -w 'n > 3'
bytes_subset "$scratch/ls.min" "$d/ls.json" -s labeled
bytes_subset "$scratch/ls.min" "$d/ls.json" -v -w 'data.esc'
bytes_subset "$EXAMPLES/labelbox-export-v2.ndjson" "$EXAMPLES/labelbox-export-v2.ndjson" -s DONE -s IN_REVIEW
bytes_subset "$scratch/min/ls-export.json" "$EXAMPLES/ls-export.json" -l Car
if [ -n "$corpus" ]; then
	bad=
	for f in $lsjson; do
		ann-select "$f" > "$scratch/out" 2> /dev/null
		cmp -s "$scratch/out" "$scratch/min/${f##*/}" || bad="$bad ${f##*/}"
	done
	check "corpus: every Label Studio JSON file written as minify.py does${bad:+ (differ:$bad)}" [ -z "$bad" ]
	bad=
	for f in "$corpus"/labelbox/export-v2/*.ndjson "$corpus"/labelbox/legacy-v1/*.ndjson; do
		ann-select "$f" > "$scratch/out" 2> /dev/null
		cmp -s "$scratch/out" "$f" || bad="$bad ${f##*/}"
	done
	check "corpus: every Labelbox NDJSON file written back byte for byte${bad:+ (differ:$bad)}" [ -z "$bad" ]
	f="$corpus/labelbox/export-v2/zealotsniper-bbox.export-v2.ndjson"
	bytes_subset "$f" "$f" -w 'data_row.external_id ~ 09-3[0-4]'
else
	ok "corpus bytes # SKIP no ANN_CORPUS"
fi

# ---------------------------------------------------------------------------
# 3. -v, -c, -q, exit statuses, usage errors.
both="$d/lb.ndjson $d/ls.ndjson"
# shellcheck disable=SC2086
sort $both > "$scratch/both.sorted"
check "(the NDJSON inputs hold no line twice)" [ -z "$(uniq -d "$scratch/both.sorted")" ]
for args in "-s labeled" "-l Car" "--since 2024-03-01 --until 2024-03-31" \
	"-w 'data.split = test'" "--has reviews" "-s DONE --project cproj00aaa" "--empty"; do
	eval "set -- $args"
	# shellcheck disable=SC2086
	ann-select "$@" $both > "$scratch/m"
	# shellcheck disable=SC2086
	ann-select -v "$@" $both > "$scratch/nm"
	sort "$scratch/m" "$scratch/nm" > "$scratch/mnm"
	check "-v $args: matches ($(n_of "$scratch/m")) and the rest ($(n_of "$scratch/nm")) split the input" \
		cmp -s "$scratch/mnm" "$scratch/both.sorted"
	# shellcheck disable=SC2086
	cnt=$(ann-select -c "$@" $both)
	check "-c $args: $cnt, the number of lines written without -c" [ "$cnt" = "$(n_of "$scratch/m")" ]
done
cnt=$(ann-select -c -s labeled "$d/lb.ndjson" "$d/ls.json" "$d/ls.ndjson")
a=$(ann-select -s labeled "$d/lb.ndjson" | wc -l)
b=$(ann-select -s labeled "$d/ls.json" | wc -l)
c2=$(ann-select -s labeled "$d/ls.ndjson" | wc -l)
check "-c counts over all inputs: $cnt = $a + $b + $c2" [ "$cnt" = $((a + b + c2)) ]
cnt=$(ann-select -c -s DONE "$d/ls.json"); rc=$?
check "-c with no match: prints 0, exit 1 (got '$cnt', $rc)" holds '[ "$cnt" = 0 ] && [ $rc = 1 ]'
ann-select -q -s labeled "$d/ls.json" > "$scratch/out" 2>&1; rc=$?
check "-q with a match: exit 0, nothing written (exit $rc)" holds '[ $rc = 0 ] && [ ! -s "$scratch/out" ]'
ann-select -q -s DONE "$d/ls.json" > "$scratch/out" 2>&1; rc=$?
check "-q with no match: exit 1, nothing written (exit $rc)" holds '[ $rc = 1 ] && [ ! -s "$scratch/out" ]'
ann-select -l NoSuchLabel "$d/ls.json" > "$scratch/out" 2>&1; rc=$?
check "no match: exit 1, nothing written (exit $rc)" holds '[ $rc = 1 ] && [ ! -s "$scratch/out" ]'
# usage_error PATTERN ARGS...: exit 2, nothing on stdout, PATTERN on stderr.
usage_error() {
	pat=$1
	shift
	ann-select "$@" "$d/ls.json" > "$scratch/out" 2> "$scratch/err" < /dev/null
	rc=$?
	if [ $rc = 2 ] && [ ! -s "$scratch/out" ] && head -n 1 "$scratch/err" | grep -q -e "$pat"; then
		ok "usage error: ann-select $*: exit 2, message names $pat"
	else
		not_ok "usage error: ann-select $*: exit 2, message names $pat"
		echo "#   exit $rc, $(n_of "$scratch/out") lines out, stderr: $(head -n 1 "$scratch/err")"
	fi
}
usage_error since --since yesterday
usage_error until --until 2024-02-30
usage_error min-score --min-score abc
usage_error max-score --max-score 0.5x
usage_error sample --sample 150%
usage_error sample --sample abc
usage_error shard --shard 4/4
usage_error shard --shard 1
usage_error seed --seed abc
usage_error 'head\|-n' -n abc
usage_error 'head\|-n' -n -1
usage_error has --has everything
usage_error 'where\|-w' -w 'data.x ~ ('
usage_error buffer-size --buffer-size 12q
usage_error max-record --max-record lots
usage_error 'frobnicate' --frobnicate
ann-select -s FOO "$d/ls.json" > "$scratch/out" 2> "$scratch/err"; rc=$?
missing=
for st in TO_LABEL IN_REVIEW IN_REWORK DONE labeled unlabeled skipped predicted reviewed; do
	grep -q "$st" "$scratch/err" || missing="$missing $st"
done
[ $rc = 2 ] && [ -z "$missing" ] && [ ! -s "$scratch/out" ]
check "unknown status: exit 2 ($rc), the message lists every status${missing:+ (missing:$missing)}" [ $? -eq 0 ]
ann-select --id-file "$scratch/no-such-file" "$d/ls.json" > "$scratch/out" 2>&1; rc=$?
check "unreadable --id-file: exit 2 ($rc)" [ $rc = 2 ]
ann-select -s labeled "$scratch/no-such-file" > "$scratch/out" 2>&1; rc=$?
check "unreadable input: exit 2 ($rc)" [ $rc = 2 ]
printf '{"id":1,"data":{}}\n{"foo":1}\n{"id":2,"data":{}}\n' > "$scratch/shapeless.ndjson"
ann-select -s unlabeled "$scratch/shapeless.ndjson" > "$scratch/out" 2> "$scratch/err"; rc=$?
[ $rc = 2 ] && grep -q 'shapeless.ndjson:2 (byte 19): not a task of a known shape' "$scratch/err"
check "a record of no known shape under a view test: exit 2 ($rc), named with its number" [ $? -eq 0 ]
ann-select -v -s unlabeled "$scratch/shapeless.ndjson" > "$scratch/out" 2> "$scratch/err"; rc=$?
check "... and with -v: exit 2 ($rc)" holds '[ $rc = 2 ] && [ -s "$scratch/err" ]'
ann-select -w 'foo = 1' "$scratch/shapeless.ndjson" > "$scratch/out" 2> "$scratch/err"; rc=$?
[ $rc = 0 ] && [ "$(cat "$scratch/out")" = '{"foo":1}' ] && [ ! -s "$scratch/err" ]
check "-w works on any object: exit $rc, $(n_of "$scratch/out") line" [ $? -eq 0 ]
ann-select --id 2 "$scratch/shapeless.ndjson" > "$scratch/out" 2> "$scratch/err"; rc=$?
[ $rc = 0 ] && [ "$(cat "$scratch/out")" = '{"id":2,"data":{}}' ] && [ ! -s "$scratch/err" ]
check "--id works beside an object of no known shape: exit $rc" [ $? -eq 0 ]

# ---------------------------------------------------------------------------
# 4. -n stops early, from a file, a pipe and a FIFO that stays open.
awk 'BEGIN { for (i = 1; i <= 200000; i++) printf "{\"id\":%d,\"data\":{\"n\":%d}}\n", i, i % 7 }' \
	> "$scratch/big.ndjson"
records_read() { sed -n 's/.* \([0-9][0-9]*\) records\{0,1\} read.*/\1/p' "$1" | tail -n 1; }
ann-select -n 1 --stats "$scratch/big.ndjson" > "$scratch/out" 2> "$scratch/err"
r=$(records_read "$scratch/err")
[ "$(n_of "$scratch/out")" = 1 ] && [ -n "$r" ] && [ "$r" -lt 200000 ]
check "-n 1 on a 200000-line file: 1 line ($(n_of "$scratch/out")), --stats says ${r:-?} records read" [ $? -eq 0 ]
ann-select -w 'data.n = 3' "$scratch/big.ndjson" | head -n 5 > "$scratch/want"
ann-select -n 5 -w 'data.n = 3' --stats "$scratch/big.ndjson" > "$scratch/out" 2> "$scratch/err"
r=$(records_read "$scratch/err")
cmp -s "$scratch/out" "$scratch/want" && [ -n "$r" ] && [ "$r" -lt 200000 ]
check "-n 5 -w 'data.n = 3': the first 5 matches, ${r:-?} records read" [ $? -eq 0 ]
# shellcheck disable=SC2002 # a pipe, on purpose
cat "$scratch/big.ndjson" | ann-select -n 2 --stats > "$scratch/out" 2> "$scratch/err"
r=$(records_read "$scratch/err")
[ "$(n_of "$scratch/out")" = 2 ] && [ -n "$r" ] && [ "$r" -lt 200000 ]
check "-n 2 from a pipe: 2 lines, ${r:-?} records read" [ $? -eq 0 ]
# With writers that keep their FIFOs open after 3 lines, -n 1 and -q must be
# done within 1.5 seconds, not wait for the end of the input (3 s).
for i in 1 2; do mkfifo "$scratch/fifo$i" || echo "Bail out! mkfifo"; done
(head -n 3 "$scratch/big.ndjson"; exec sleep 3) > "$scratch/fifo1" &
w1=$!
(head -n 3 "$scratch/big.ndjson"; exec sleep 3) > "$scratch/fifo2" &
w2=$!
ann-select -n 1 < "$scratch/fifo1" > "$scratch/fifo1.out" 2>&1 &
r1=$!
ann-select -q -w 'data.n = 2' < "$scratch/fifo2" > "$scratch/fifo2.out" 2>&1 &
r2=$!
i=0
while { kill -0 $r1 || kill -0 $r2; } 2> /dev/null && [ $i -lt 15 ]; do
	sleep 0.1 2> /dev/null || sleep 1
	i=$((i + 1))
done
late1=0; late2=0
kill -0 $r1 2> /dev/null && late1=1
kill -0 $r2 2> /dev/null && late2=1
wait $r1; rc1=$?
wait $r2; rc2=$?
kill $w1 $w2 2> /dev/null
wait $w1 $w2 2> /dev/null
head -n 1 "$scratch/big.ndjson" > "$scratch/want"
[ $late1 = 0 ] && [ $rc1 = 0 ] && cmp -s "$scratch/fifo1.out" "$scratch/want"
check "-n 1 from a FIFO still open: the first record, done at once (late: $late1, exit $rc1)" [ $? -eq 0 ]
[ $late2 = 0 ] && [ $rc2 = 0 ] && [ ! -s "$scratch/fifo2.out" ]
check "-q from a FIFO still open: done at the first match (late: $late2, exit $rc2)" [ $? -eq 0 ]

# ---------------------------------------------------------------------------
# 5. --shard is ann-cat --split; --sample is stable and a function of the id.
three="$d/lb.ndjson $d/ls.json $d/ls.ndjson"
mkdir "$scratch/split"
# shellcheck disable=SC2086
ann-cat --split 5 -o "$scratch/split/part-%d.ndjson" $three
# shellcheck disable=SC2086
ann-cat $three | sort > "$scratch/three.sorted"
: > "$scratch/shards"
for i in 0 1 2 3 4; do
	# shellcheck disable=SC2086
	ann-select --shard $i/5 $three > "$scratch/s$i"
	check "--shard $i/5 = ann-cat --split 5 part-$i ($(n_of "$scratch/s$i") records)" \
		cmp -s "$scratch/s$i" "$scratch/split/part-$i.ndjson"
	cat "$scratch/s$i" >> "$scratch/shards"
done
sort "$scratch/shards" > "$scratch/shards.sorted"
check "--shard 0..4/5 together hold every record once" cmp -s "$scratch/shards.sorted" "$scratch/three.sorted"
# shellcheck disable=SC2086
ann-select --shard 2/5 -s labeled $three > "$scratch/out"
ann-select -s labeled "$scratch/split/part-2.ndjson" > "$scratch/want"
check "--shard 2/5 -s labeled = -s labeled on part-2" cmp -s "$scratch/out" "$scratch/want"
head -n 5000 "$scratch/big.ndjson" > "$scratch/b5k"
head -n 2000 "$scratch/b5k" > "$scratch/bA"
tail -n 3000 "$scratch/b5k" > "$scratch/bB"
ann-select --sample 10% --seed 1 "$scratch/b5k" > "$scratch/s1"
ann-select --sample 10% --seed 1 "$scratch/b5k" > "$scratch/s1b"
ns=$(n_of "$scratch/s1")
check "--sample 10% --seed 1: the same on a second run" cmp -s "$scratch/s1" "$scratch/s1b"
check "--sample 10% of 5000 tasks: $ns, within 400..600" holds '[ "$ns" -ge 400 ] && [ "$ns" -le 600 ]'
ann-select --sample 0.1 --seed 1 "$scratch/b5k" > "$scratch/out"
check "--sample 0.1 = --sample 10%" cmp -s "$scratch/out" "$scratch/s1"
ann-select --sample 10% --seed 2 "$scratch/b5k" > "$scratch/s2"
differ() { ! cmp -s "$1" "$2"; }
check "--seed 2 takes another sample ($(n_of "$scratch/s2") tasks)" differ "$scratch/s2" "$scratch/s1"
ann-select --sample 10% "$scratch/b5k" > "$scratch/out"
ann-select --sample 10% --seed 0 "$scratch/b5k" > "$scratch/want"
check "the default seed is 0" cmp -s "$scratch/out" "$scratch/want"
ann-select --sample 10% --seed 1 -v "$scratch/b5k" > "$scratch/nm"
sort "$scratch/s1" "$scratch/nm" > "$scratch/out"
sort "$scratch/b5k" > "$scratch/want"
check "--sample with -v: the rest of the tasks" cmp -s "$scratch/out" "$scratch/want"
ann-select --sample 10% --seed 1 "$scratch/bA" "$scratch/bB" > "$scratch/out"
check "the sample of two files = the sample of their concatenation" cmp -s "$scratch/out" "$scratch/s1"
{ ann-select --sample 10% --seed 1 "$scratch/bA"; ann-select --sample 10% --seed 1 "$scratch/bB"; } > "$scratch/out"
check "the sample of a concatenation = the concatenation of the samples" cmp -s "$scratch/out" "$scratch/s1"
sed 's/^{"id":\([0-9]*\),/{"id":"\1",/' "$scratch/b5k" > "$scratch/b5k-str"
ann-select --sample 10% --seed 1 "$scratch/b5k-str" | jq -r .id > "$scratch/out"
jq -r .id "$scratch/s1" > "$scratch/want"
check "--sample: the id 7 and the id \"7\" are the same task" cmp -s "$scratch/out" "$scratch/want"
ann-select --shard 1/4 --sample 20% --seed 5 "$scratch/b5k" > "$scratch/out"
ann-select --sample 20% --seed 5 "$scratch/b5k" | ann-select --shard 1/4 > "$scratch/want"
check "--sample and --shard: the same tasks whichever is applied first" cmp -s "$scratch/out" "$scratch/want"
ann-select --sample 0 "$scratch/b5k" > "$scratch/out" 2> /dev/null; rc=$?
[ $rc != 0 ] && [ ! -s "$scratch/out" ]
check "--sample 0: nothing (exit 1) or a usage error (exit 2), not everything (exit $rc, $(n_of "$scratch/out") tasks)" [ $? -eq 0 ]
ann-select --sample 100% "$scratch/b5k" > "$scratch/out"
check "--sample 100%: everything" cmp -s "$scratch/out" "$scratch/b5k"
ann-select --sample 1 --seed 9 "$scratch/b5k" > "$scratch/out"
check "--sample 1: everything" cmp -s "$scratch/out" "$scratch/b5k"
# shellcheck disable=SC2086
ann-select --sample 30% --seed 3 $three | jq -c "$idexpr" > "$scratch/out"
n30=$(n_of "$scratch/out")
[ "$n30" -ge 160 ] && [ "$n30" -le 320 ]
check "--sample 30% of $(n_of "$scratch/three.sorted") synthetic tasks: $n30, within 20%..40%" [ $? -eq 0 ]

# ---------------------------------------------------------------------------
# 6. --keep-going and --rejects: bad lines are skipped, kept, and counted.
head -n 40 "$d/lb.ndjson" > "$scratch/good.ndjson"
printf '{"id": 1 "x": 2}\n' > "$scratch/bad1"
printf 'not json\n' > "$scratch/bad2"
printf '{"foo":1}\n' > "$scratch/bad3"
printf '{"data":{"t":"\377"}}\n' > "$scratch/bad4"
awk -v b1="$(cat "$scratch/bad1")" -v b2="$(cat "$scratch/bad2")" -v b3="$(cat "$scratch/bad3")" \
	-v b4="$scratch/bad4" 'BEGIN { getline b4l < b4 }
	{ print } NR == 4 { print b1 } NR == 11 { print b2 } NR == 18 { print b3 } NR == 30 { print b4l }' \
	"$scratch/good.ndjson" > "$scratch/mixed.ndjson"
cat "$scratch/bad1" "$scratch/bad2" "$scratch/bad3" "$scratch/bad4" > "$scratch/bad.all"
ann-select -r "$scratch/rej" --stats -s DONE "$scratch/mixed.ndjson" > "$scratch/m" 2> "$scratch/err"; rc=$?
ann-select -s DONE "$scratch/good.ndjson" > "$scratch/want"
check "--rejects: the matches of the good lines ($(n_of "$scratch/m"))" cmp -s "$scratch/m" "$scratch/want"
check "--rejects: exit 2 even so ($rc)" [ $rc = 2 ]
check "--rejects: the file holds exactly the 4 bad lines, as read" cmp -s "$scratch/rej" "$scratch/bad.all"
check "--stats: 44 records read, $(n_of "$scratch/m") matched, 4 rejected" \
	grep -q "44 records read, $(n_of "$scratch/m") matched, 4 rejected" "$scratch/err"
ann-select -k -v -s DONE "$scratch/mixed.ndjson" > "$scratch/nm" 2> "$scratch/err"; rc=$?
[ $(($(n_of "$scratch/m") + $(n_of "$scratch/nm") + 4)) = 44 ] && [ $rc = 2 ]
check "-k -v: matches + non-matches + rejects = lines ($(n_of "$scratch/m") + $(n_of "$scratch/nm") + 4 = 44)" [ $? -eq 0 ]
grep -q 'mixed.ndjson:5 (byte' "$scratch/err" && grep -q 'mixed.ndjson:13 (byte' "$scratch/err" &&
	grep -q 'mixed.ndjson:21 (byte' "$scratch/err" && grep -q 'mixed.ndjson:34 (byte' "$scratch/err"
check "-k: each bad record reported with its input and record number" [ $? -eq 0 ]
ann-select -r "$scratch/rej2" -w 'data_row.details.dataset_id = cds0001' "$scratch/mixed.ndjson" > "$scratch/m" 2> /dev/null
cat "$scratch/bad1" "$scratch/bad2" "$scratch/bad4" > "$scratch/want"
check "--rejects with -w alone: an object of no known shape is not bad" cmp -s "$scratch/rej2" "$scratch/want"
ann-select -s DONE "$scratch/mixed.ndjson" > "$scratch/out" 2> /dev/null; rc=$?
head -n 4 "$scratch/good.ndjson" | ann-select -s DONE > "$scratch/want"
check "without -k: stop at the first bad record, exit 2 ($rc)" holds '[ $rc = 2 ] && cmp -s "$scratch/out" "$scratch/want"'
# A line cut short: the bad record is that line; the next line is good.
{ sed -n 1p "$d/ls.ndjson"; printf '{"id": 1,\n'; sed -n 2,3p "$d/ls.ndjson"; } > "$scratch/cut.ndjson"
ann-select -r "$scratch/rej3" -w id "$scratch/cut.ndjson" > "$scratch/out" 2> /dev/null
printf '{"id": 1,\n' > "$scratch/want"
sed -n 1,3p "$d/ls.ndjson" > "$scratch/want2"
cmp -s "$scratch/rej3" "$scratch/want" && cmp -s "$scratch/out" "$scratch/want2"
check "--rejects: a line cut short is one bad record, one line; the next line is kept" [ $? -eq 0 ]

# ---------------------------------------------------------------------------
# 7. Compressed input: gzip, zstd, concatenated members and frames, stdin.
ann-select -s DONE -l Car "$d/lb.ndjson" > "$scratch/want"
gzip -c "$d/lb.ndjson" > "$scratch/lb.gz"
ann-select -s DONE -l Car "$scratch/lb.gz" > "$scratch/out"
check "gzip input: the same output" cmp -s "$scratch/out" "$scratch/want"
head -n 100 "$d/lb.ndjson" | gzip -c > "$scratch/lb2.gz"
tail -n +101 "$d/lb.ndjson" | gzip -c >> "$scratch/lb2.gz"
ann-select -s DONE -l Car < "$scratch/lb2.gz" > "$scratch/out"
check "gzip of two members, from stdin: the same output" cmp -s "$scratch/out" "$scratch/want"
if command -v zstd > /dev/null; then
	zstd -q -c "$d/lb.ndjson" > "$scratch/lb.zst"
	ann-select -s DONE -l Car "$scratch/lb.zst" > "$scratch/out"
	check "zstd input: the same output" cmp -s "$scratch/out" "$scratch/want"
	head -n 150 "$d/lb.ndjson" | zstd -q -c > "$scratch/lb2.zst"
	tail -n +151 "$d/lb.ndjson" | zstd -q -c >> "$scratch/lb2.zst"
	ann-select -s DONE -l Car - < "$scratch/lb2.zst" > "$scratch/out"
	check "zstd of two frames, from stdin: the same output" cmp -s "$scratch/out" "$scratch/want"
	zstd -q -c "$d/ls.json" > "$scratch/ls.zst"
	ann-select -s labeled -a 4 "$scratch/ls.zst" > "$scratch/out"
	ann-select -s labeled -a 4 "$d/ls.json" > "$scratch/want"
	check "zstd of a pretty array: the same output" cmp -s "$scratch/out" "$scratch/want"
else
	ok "zstd input # SKIP zstd not installed"
fi
gzip -c "$d/ls.json" > "$scratch/ls.gz"
ann-select --sample 20% -s labeled "$scratch/ls.gz" > "$scratch/out"
ann-select --sample 20% -s labeled "$d/ls.json" > "$scratch/want"
check "gzip of a pretty array: the same output" cmp -s "$scratch/out" "$scratch/want"

# ---------------------------------------------------------------------------
# 8. Other inputs: a completions folder, page envelopes, ids from stdin.
mkdir "$scratch/folder"
i=0
while [ $i -lt 3 ]; do
	sed -n "$((i + 1))p" "$scratch/ls.min" > "$scratch/folder/$i.json"
	i=$((i + 1))
done
ann-select -s labeled "$scratch/folder" > "$scratch/out" 2>&1
ann-cat "$scratch/folder" | ann-select -s labeled > "$scratch/want"
check "a completions folder reads as ann-cat reads it" cmp -s "$scratch/out" "$scratch/want"
# A file whose path passes PATH_MAX in a folder whose own path does not:
# named, never cut short (the folder is made a step at a time).
deep="$scratch"
i=0
while [ $i -lt 16 ]; do
	deep="$deep/$(printf '%0250d' $i)"
	i=$((i + 1))
done
long="$(printf '%0240d' 7).json"
if (cd "$scratch" && i=0 && while [ $i -lt 16 ]; do
	d=$(printf '%0250d' $i); mkdir "$d" && cd "$d" || exit 1; i=$((i + 1))
    done && cp "$scratch/folder/0.json" "$long") 2> /dev/null && [ -d "$deep" ]; then
	ann-cat "$deep" > "$scratch/out" 2> "$scratch/err"
	is "a path past PATH_MAX in a folder: exit 2" $? 2
	check "a path past PATH_MAX in a folder: the file named, nothing read" \
	    sh -c '[ ! -s "$1" ] && grep -q "7.json: name too long" "$2"' sh "$scratch/out" "$scratch/err"
else
	skip "a path past PATH_MAX in a folder" "this file system cannot make it"
	skip "a path past PATH_MAX in a folder" "this file system cannot make it"
fi
{ printf '{"total":2,"tasks":['; head -n 2 "$d/ls.ndjson" | paste -sd, -; printf ']}\n'
  printf '{"total":1,"tasks":['; sed -n 3p "$d/ls.ndjson"; printf ']}\n'; } > "$scratch/pages.json"
ann-select -u tasks -w 'id >= 2001' "$scratch/pages.json" > "$scratch/out"
sed -n 2,3p "$d/ls.ndjson" > "$scratch/want"
check "-u tasks: records inside page envelopes, written as read" cmp -s "$scratch/out" "$scratch/want"
printf '1005\n2\n' | ann-select --id-file - "$d/ls.json" | jq -c .id > "$scratch/out"
check "--id-file -: ids from standard input" [ "$(cat "$scratch/out")" = 1005 ]
sed 's/^{"id":\([0-9]*\),.*/\1/' "$scratch/big.ndjson" > "$scratch/big.ids"
cnt=$(ann-select -c --id-file "$scratch/big.ids" "$scratch/big.ndjson")
check "--id-file with 200000 ids: all 200000 tasks ($cnt)" [ "$cnt" = 200000 ]

done_testing
