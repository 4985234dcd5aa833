#!/bin/sh
# tests/check.sh: ann-check against its manual page and issue 19.  For
# each rule, tests/check/RULE.ndjson holds tasks that break that rule and
# no other, one way each, and RULE.out the report they must give, line for
# line; clean.ndjson breaks none.  The seeds' own examples (the Label
# Studio pre-annotation guides) pass, but for the keypoint that guide
# sends to a Rectangle tool, which Label Studio's validator rejects.
. "${top_srcdir:-.}/tests/lib.sh"
T=tests/check
s=$scratch
rss="$builddir_abs/tests/peakrss"
# Positions in the goldens name the inputs as given, from the source tree.
cd "$srcdir_abs" || exit 2

# run NAME ARG...: ann-check ARG... > $s/NAME.out 2> $s/NAME.err; code.
run() {
	name=$1
	shift
	ann-check "$@" > "$s/$name.out" 2> "$s/$name.err"
	code=$?
}

# --- every rule: its golden report, and nothing of any other rule -----------
run clean -c $T/config.xml $T/clean.ndjson
is "clean: exit 0" $code 0
check "clean: no problems reported" [ ! -s "$s/clean.out" ]
check "clean: the summary counts tasks, sets and results" \
	grep -qx 'ann-check: 6 tasks, 7 sets, 26 results: 0 errors, 0 warnings' "$s/clean.err"

for rule in $(ann-check --list-rules | sed -n 's/^\([a-z-]*\) (.*/\1/p'); do
	[ -f $T/$rule.ndjson ] || { not_ok "$rule: no tests/check/$rule.ndjson"; continue; }
	run "$rule" -c $T/config.xml $T/$rule.ndjson
	is "$rule: exit 1 (problems found)" $code 1
	if diff -u $T/$rule.out "$s/$rule.out" > "$s/$rule.diff"; then
		ok "$rule: the report is the golden one"
	else
		not_ok "$rule: the report differs: $(head -12 "$s/$rule.diff")"
	fi
	others=$(grep -v " \[$rule\]\$" "$s/$rule.out" | head -3)
	check "$rule: no other rule is broken${others:+: $others}" [ -z "$others" ]
	# Every task of the file breaks the rule: each record is reported.
	tasks=$(wc -l < $T/$rule.ndjson)
	reported=$(sed -n 's/^[^:]*: [^:]*:\([0-9]*\) .*/\1/p' "$s/$rule.out" | sort -u | wc -l)
	is "$rule: every task of the file is reported" $reported $tasks
done

# The same brush tasks as an indented array, as exports are written: each
# byte of an RLE on a line of its own under a deep indent, read the fast
# way, says the same (but for the positions).
if command -v python3 > /dev/null; then
	python3 -c '
import json, sys
tasks = [json.loads(l) for l in open(sys.argv[1])]
json.dump(tasks, open(sys.argv[2], "w"), indent=20)
' $T/brush.ndjson "$s/brush-pretty.json"
	run brush-pretty -c $T/config.xml "$s/brush-pretty.json"
	is "brush, indented: the same problems" \
	    "$(sed 's/^[^:]*: [^:]*:[0-9]* (byte [0-9]*): //' "$s/brush-pretty.out")" \
	    "$(sed 's/^[^:]*: [^:]*:[0-9]* (byte [0-9]*): //' $T/brush.out)"
else
	skip "brush, indented" "no python3"
fi

# --- spans of Paragraphs and HyperText, measured in the task's text ------
# Each file's tasks break only the spans rule, one way each (the golden
# says which); the clean file's spans are all within their text.
for kind in paragraphs hypertext; do
	run "$kind-clean" -c $T/$kind.config.xml $T/$kind-clean.ndjson
	is "$kind: clean spans pass" "$code $(cat "$s/$kind-clean.out")" "0 "
	run "$kind" -c $T/$kind.config.xml $T/$kind.ndjson
	is "$kind: exit 1 (problems found)" $code 1
	if diff -u $T/$kind.out "$s/$kind.out" > "$s/$kind.diff"; then
		ok "$kind: the report is the golden one"
	else
		not_ok "$kind: the report differs: $(head -12 "$s/$kind.diff")"
	fi
	is "$kind: every task of the file is reported" \
	    "$(sed -n 's/^[^:]*: [^:]*:\([0-9]*\) .*/\1/p' "$s/$kind.out" | sort -u | wc -l)" \
	    "$(wc -l < $T/$kind.ndjson)"
done

# --- the seeds' examples --------------------------------------------------
for ex in bbox ner ocr; do
	run "seed-$ex" -c $T/seed001-$ex.config.xml $T/seed001-$ex.tasks.json
	is "seed 001's $ex example passes" "$code $(cat "$s/seed-$ex.out")" "0 "
done
run seed003 -c $T/seed001-bbox.config.xml $T/seed003.task.json
is "seed 003's example passes" "$code $(cat "$s/seed003.out")" "0 "
run seed-regions -c $T/seed001-regions.config.xml $T/seed001-regions.tasks.json
is "seed 001's regions example: exit 1" $code 1
is "seed 001's regions example: its keypoint on the Rectangle tool is an error" \
	"$(cat "$s/seed-regions.out")" \
	'ann-check: tests/check/seed001-regions.tasks.json:1 (byte 1): prediction 0, region "DEF": type "keypoint" does not fit control "rect", a Rectangle: its results are type "rectangle" [names]'

# What ann-rle encode writes is what Label Studio imports.
printf '%s\n' '<View><Image name="image" value="$image"/>' \
    '<BrushLabels name="brush" toName="image"><Label value="Sky"/></BrushLabels></View>' \
    > "$s/brush.xml"
ann-rle encode --from-name brush --to-name image -l Sky $T/small-mask.png > "$s/encoded.ndjson"
run encoded -c "$s/brush.xml" "$s/encoded.ndjson"
is "ann-rle encode's task passes" "$code $(cat "$s/encoded.out")" "0 "
check "ann-rle encode's task has its brush region" grep -qx 'ann-check: 1 task, 1 set, 1 result: 0 errors, 0 warnings' "$s/encoded.err"

# --- the options ----------------------------------------------------------
run ndjson -c $T/config.xml --format ndjson $T/names.ndjson
is "--format ndjson: exit 1" $code 1
if command -v python3 > /dev/null; then
	check "--format ndjson: one object a problem, with rule, task, set, region, message" \
	    python3 -c '
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 7, len(lines)
for l in lines:
    d = json.loads(l)
    assert d["rule"] == "names" and d["severity"] == "error", d
    assert d["set"] == "prediction" and d["set_index"] == 0, d
    assert isinstance(d["task"], int) and d["region"] and d["message"], d
    assert d["input"] == "tests/check/names.ndjson" and d["record"] >= 1, d
' "$s/ndjson.out"
else
	skip "--format ndjson parses" "python3 not installed"
fi
run max -c $T/config.xml --max-errors 2 $T/labels.ndjson
is "--max-errors 2: exit 1" $code 1
is "--max-errors 2: two problems reported" "$(wc -l < "$s/max.out")" 2
check "--max-errors 2: all are counted" grep -q ': 11 errors, 0 warnings; labels: 11 errors (the first 2 reported: --max-errors)$' "$s/max.err"
# A warning alone passes, unless --strict.
sed -n 4p $T/geometry.ndjson > "$s/warn.ndjson"
run warn -c $T/config.xml "$s/warn.ndjson"
is "a warning alone: exit 0" $code 0
check "a warning alone: reported as one" grep -q ': warning: turned by 10 degrees, the box runs off the image' "$s/warn.out"
run strict -c $T/config.xml --strict "$s/warn.ndjson"
is "--strict: a warning is an error, exit 1" $code 1
check "--strict: the summary counts it as an error" grep -q ': 1 error, 0 warnings; geometry: 1 error$' "$s/strict.err"
run quiet -q -c $T/config.xml $T/ids.ndjson
is "-q: exit 1" $code 1
check "-q: nothing printed" holds '[ ! -s "$s/quiet.out" ] && [ ! -s "$s/quiet.err" ]'
# Which sets: an annotation's problem is not a prediction's.
printf '%s\n' '{"id":1,"data":{"image":"a","text":"b"},"annotations":[{"result":[{"id":"a","from_name":"nope","to_name":"image","type":"choices","value":{"choices":[]}}]}],"predictions":[{"result":[]}]}' > "$s/sets.ndjson"
run pred -c $T/config.xml --predictions "$s/sets.ndjson"
is "--predictions: the annotations are not checked" "$code $(cat "$s/pred.out")" "0 "
run ann -c $T/config.xml --annotations "$s/sets.ndjson"
is "--annotations: they are" $code 1
run both -c $T/config.xml "$s/sets.ndjson"
is "both by default" $code 1

# --- errors of use and input: exit 2 --------------------------------------
run noconfig $T/clean.ndjson
is "no --config: exit 2" $code 2
check "no --config: says so" grep -q '^ann-check: -c CONFIG.xml is needed' "$s/noconfig.err"
printf '<View><Image name="i" value="$i"/>' > "$s/bad.xml"
run badconfig -c "$s/bad.xml" $T/clean.ndjson
is "a config that is not XML: exit 2" $code 2
check "a config that is not XML: names it" grep -q "^ann-check: --config $s/bad.xml: line" "$s/badconfig.err"
printf '{"id":1,"data":{"image":"a","text":"b"}}\n{"id":2,\n' > "$s/badjson.ndjson"
run badjson -c $T/config.xml "$s/badjson.ndjson"
is "bad JSON: exit 2" $code 2
run format -c $T/config.xml --format xml $T/clean.ndjson
is "--format xml: exit 2" $code 2
run maxzero -c $T/config.xml --max-errors 0 $T/clean.ndjson
is "--max-errors 0: exit 2" $code 2

# Hostile input (tests/bad): exit 2 and a positioned message, never a
# crash; a task's own oddities are problems, not errors of input.
for input in tests/bad/*.json tests/bad/*.ndjson; do
	ann-check -c $T/config.xml < "$input" > /dev/null 2> "$s/err"
	code=$?
	first=$(head -n 1 "$s/err")
	case "$first" in "ann-check: <stdin>:"*) form=1 ;; *) form=0 ;; esac
	check "bad input ${input##*/}: exit 2 and a positioned message ($first)" \
		[ "$code:$form" = 2:1 ]
done
awk 'BEGIN { printf "{\"data\":{\"image\":\"a\",\"text\":\"b\"},\"predictions\":[{\"result\":[{\"id\":\"x\",\"value\":"; for (i = 0; i < 1000; i++) printf "["; for (i = 0; i < 1000; i++) printf "]"; print "}]}]}" }' > "$s/deep.ndjson"
run deep -c $T/config.xml "$s/deep.ndjson"
is "a result nested 1000 deep: checked, exit 1" $code 1
printf '%s\n' '{"data":{"image":"a","text":"b"},"predictions":[{"result":[{"id":"m","type":"brushlabels","from_name":"brush","to_name":"image","original_width":30000,"original_height":30000,"value":{"format":"rle","rle":[214,147,164,0,57,27,254,127,0],"brushlabels":["Sky"]}}]}]}' > "$s/huge-mask.ndjson"
run huge -c $T/config.xml "$s/huge-mask.ndjson"
is "a brush of 30000x30000 claimed by 9 bytes: exit 1" $code 1
check "a brush of 30000x30000 claimed by 9 bytes: does not decode" grep -q 'the RLE does not decode' "$s/huge.out"

# The corpus: label-studio-sdk's own test exports.
if [ -n "${ANN_CORPUS:-}" ] && [ -d "$ANN_CORPUS" ]; then
	E="$ANN_CORPUS/label-studio/export"
	for x in sdk-yolo sdk-yolo-polygons sdk-yolo-keypoints sdk-coco; do
		run "$x" -c "$E/$x.config.xml" "$E/$x.export.json"
		is "corpus $x: clean" "$code $(cat "$s/$x.out")" "0 "
	done
	# Its OBB export labels "Butterfly", its config "butterfly".
	run obb -c "$E/sdk-yolo-obb.config.xml" "$E/sdk-yolo-obb.export.json"
	is "corpus sdk-yolo-obb: exit 1" $code 1
	check "corpus sdk-yolo-obb: \"Butterfly\" is not the config's \"butterfly\"" \
	    grep -q 'label "Butterfly" is not one of control "label" (did you mean "butterfly"?) \[labels\]$' "$s/obb.out"
else
	skip "the corpus" "ANN_CORPUS not set (scripts/test sets it)"
fi

# --- the rule table, --list-rules and the manual say the same --------------
page=man/ann-check.1
for rule in $(ann-check --list-rules | sed -n 's/^\([a-z-]*\) (.*/\1/p'); do
	check "rule $rule has its entry in the manual" grep -qx "\\.It Sy $rule" $page
done
ann-check --list-rules | sed -n 's/^  message: //p' > "$s/messages"
while IFS= read -r m; do
	check "the manual gives the example message: $m" \
	    sh -c 'mandoc -Tascii "$1" | sed "s/.\x08//g" | tr -s " \n" "  " | grep -qF -- "$2"' \
	    sh $page "$m"
done < "$s/messages"

# --- a taxonomy of 100,000: labels found by their text, not by a walk -----
# 10,000 regions, each with 40 of the last labels of 100,000, and 1,000
# taxonomy paths ending at the last of 100,000 choices: a walk over the
# options per label takes tens of minutes here; found by their text, a
# blink.  The guard is a hang guard, as in hostile.sh, not a timing.
if command -v python3 > /dev/null; then
	python3 - "$s/many.xml" "$s/many.ndjson" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('<View>\n<Image name="image" value="$image"/>\n')
    f.write('<RectangleLabels name="label" toName="image">\n')
    for i in range(100000):
        alias = ' alias="fifty"' if i == 50000 else ''
        f.write('<Label value="L%05d"%s/>\n' % (i, alias))
    f.write('</RectangleLabels>\n<Taxonomy name="tax" toName="image">\n')
    for p in range(1000):
        f.write('<Choice value="T%03d">' % p)
        f.write(''.join('<Choice value="S%02d"/>' % c for c in range(99)))
        f.write('</Choice>\n')
    f.write('</Taxonomy>\n</View>\n')
box = ('"original_width":600,"original_height":400,'
       '"value":{"x":10,"y":20,"width":30,"height":40,')
last = ",".join('"L%05d"' % i for i in range(99960, 100000))
with open(sys.argv[2], "w") as f:
    for t in range(1000):
        res = []
        for r in range(10):
            labels = last
            if t == 0 and r == 0:
                labels = '"fifty","l99999","Nope"'
            res.append('{"id":"r%d","from_name":"label","to_name":"image",'
                       '"type":"rectanglelabels",%s"rectanglelabels":[%s]}}'
                       % (r, box, labels))
        path = '["T999","S98"]' if t else '["T999","Nope"]'
        res.append('{"id":"x","from_name":"tax","to_name":"image","type":'
                   '"taxonomy","value":{"taxonomy":[%s]}}' % path)
        f.write('{"id":%d,"data":{"image":"a.jpg"},"predictions":[{"result":[%s]}]}\n'
                % (t + 1, ",".join(res)))
PY
	if command -v timeout > /dev/null 2>&1; then limit="timeout 300"; else limit=""; fi
	$limit ann-check -c "$s/many.xml" "$s/many.ndjson" > "$s/many.out" 2> "$s/many.err"
	is "100,000 labels, 10,000 regions: checked, exit 1" $? 1
	check "100,000 labels: every result counted" \
	    grep -qx 'ann-check: 1000 tasks, 1000 sets, 11000 results: 3 errors, 0 warnings; labels: 3 errors' "$s/many.err"
	is "100,000 labels: an alias is found, the misses are said as with a few" \
	    "$(cut -d' ' -f2- "$s/many.out")" \
	    "$(printf '%s\n' \
	    "$s/many.ndjson:1 (byte 0): task 1, prediction 0, region \"r0\": label \"l99999\" is not one of control \"label\" (did you mean \"L99999\"?) [labels]" \
	    "$s/many.ndjson:1 (byte 0): task 1, prediction 0, region \"r0\": label \"Nope\" is not one of control \"label\" (L00000, L00001, L00002, L00003, L00004, L00005, L00006, L00007, ...) [labels]" \
	    "$s/many.ndjson:1 (byte 0): task 1, prediction 0, region \"x\": taxonomy step \"Nope\" is not one of control \"tax\" (S00, S01, S02, S03, S04, S05, S06, S07, ...) [labels]")"
	if [ -z "${ANN_SANITIZERS:-}" ]; then
		"$rss" "$s/many.rss" ann-check -c "$s/many.xml" "$s/many.ndjson" > /dev/null 2>&1
		kb=$(cat "$s/many.rss")
		check "100,000 labels: the index in under 64 MiB of peak RSS (${kb} KiB)" [ "$kb" -lt 65536 ]
	else
		skip "100,000 labels: peak RSS" "a sanitizer build"
	fi
else
	skip "100,000 labels" "no python3"
fi

# --- memory: bounded by one record, not by the input ----------------------
if [ -z "${ANN_SANITIZERS:-}" ] && command -v python3 > /dev/null; then
	python3 - "$s/big.ndjson" <<'PY'
import sys
line = open("tests/check/clean.ndjson").readline()
with open(sys.argv[1], "w") as f:
    for i in range(40000):
        f.write(line.replace('"id":1,', '"id":%d,' % (i + 1), 1))
PY
	"$rss" "$s/big.rss" ann-check -c $T/config.xml "$s/big.ndjson" > "$s/big.out" 2> "$s/big.err"
	is "40000 tasks: exit 0" $? 0
	kb=$(cat "$s/big.rss")
	check "40000 tasks ($(du -k "$s/big.ndjson" | cut -f1) KiB) in under 16 MiB of peak RSS (${kb} KiB)" [ "$kb" -lt 16384 ]
else
	skip "peak RSS" "a sanitizer build, or no python3"
fi
done_testing
