#!/bin/sh
# tests/stats.sh: ann-stats against its manual page.  Every count it gives
# is asked again of ann-select -c (tasks per status, label, annotator,
# project, dataset, model version, day) and of ann-flatten (regions per
# kind), on the examples and on corpus files of both platforms; its memory
# stays bounded by --max-keys on a million distinct labels.
. "${top_srcdir:-.}/tests/lib.sh"
s=$scratch
rss="$builddir_abs/tests/peakrss"

# same FILE: each row of ann-stats -f tsv over FILE against the tool that
# answers the same question.  Prints one line per disagreement.
same() {
	f=$1
	ann-stats -f tsv -b status,label,annotator,kind,project,dataset,model,day \
	    --date-field created "$f" > "$s/rows" 2> "$s/rows.err" || {
		echo "ann-stats failed: $(cat "$s/rows.err")"
		return
	}
	# Empty cells as "-": read would run adjacent tabs together.
	tail -n +2 "$s/rows" | awk -F'\t' -v OFS='\t' '{ for (i = 1; i <= NF; i++)
	    if ($i == "") $i = "-"; print }' | while IFS='	' read -r by key tasks annotations cancelled \
	    predictions regions lead; do
		case $key in "(none)"|"(other)") continue ;; esac
		case $by in
		total)
			want=$(ann-select -c "$f")
			got=$tasks
			wr=$(ann-flatten -f ndjson "$f" | wc -l)
			[ "$regions" = "$wr" ] || echo "$f: regions $regions, ann-flatten $wr" ;;
		status) want=$(ann-select -c -s "$key" "$f"); got=$tasks ;;
		label) want=$(ann-select -c -l "$key" "$f"); got=$tasks ;;
		annotator) want=$(ann-select -c -a "$key" "$f"); got=$tasks ;;
		project) want=$(ann-select -c --project "$key" "$f"); got=$tasks ;;
		dataset) want=$(ann-select -c --dataset "$key" "$f"); got=$tasks ;;
		model) want=$(ann-select -c --model-version "$key" "$f"); got=$tasks ;;
		day) want=$(ann-select -c --date-field created --since "$key" \
		    --until "$key" "$f"); got=$tasks ;;
		kind) want=$(ann-flatten -f ndjson -K "$key" "$f" | wc -l); got=$regions ;;
		esac
		[ "$got" = "$want" ] || echo "$f: $by $key: $got, the other tool $want"
	done
}

# --- the examples: both platforms ------------------------------------------
for f in "$EXAMPLES"/*.json "$EXAMPLES"/*.ndjson; do
	[ -f "$f" ] || continue
	out=$(same "$f")
	is "$(basename "$f"): counts equal ann-select -c and ann-flatten's rows" "$out" ""
done

if [ -n "${ANN_CORPUS:-}" ] && [ -d "$ANN_CORPUS" ]; then
	for f in "$ANN_CORPUS"/label-studio/export/ls-three_tasks_two_gts.export.json \
	    "$ANN_CORPUS"/label-studio/export/sdk-csv_test.export.json \
	    "$ANN_CORPUS"/label-studio/export/sdk-yolo.export.json \
	    "$ANN_CORPUS"/labelbox/export-v2/labelbox-python-roof-wear-highres.export-v2.ndjson \
	    "$ANN_CORPUS"/labelbox/export-v2/labelformat-export-result.export-v2.ndjson; do
		out=$(same "$f")
		is "corpus $(basename "$f"): counts equal ann-select -c and ann-flatten's rows" "$out" ""
	done
	# Golden output: the text tables of a Labelbox export.
	ann-stats -b label,project,dataset,day "$ANN_CORPUS"/labelbox/export-v2/labelbox-python-roof-wear-highres.export-v2.ndjson \
	    > "$s/roof.txt" 2> "$s/roof.err"
	is "roof-wear: exit 0" $? 0
	if cmp -s "$s/roof.txt" "$srcdir_abs/tests/stats/roof-wear.txt"; then
		ok "roof-wear: the text tables as tests/stats/roof-wear.txt"
	else
		not_ok "roof-wear: $(diff "$srcdir_abs/tests/stats/roof-wear.txt" "$s/roof.txt" | head -5)"
	fi
else
	skip "corpus files of both platforms" "ANN_CORPUS not set (scripts/test sets it)"
fi

# --- a small export with known numbers ---------------------------------------
cat > "$s/small.ndjson" <<'EOF'
{"id":1,"created_at":"2024-03-01T10:00:00Z","annotations":[{"id":1,"completed_by":7,"lead_time":10,"was_cancelled":false,"result":[{"id":"a","type":"rectanglelabels","value":{"x":1,"y":1,"width":2,"height":2,"rectanglelabels":["Car"]}},{"id":"b","type":"rectanglelabels","value":{"x":5,"y":5,"width":2,"height":2,"rectanglelabels":["Car"]}}]},{"id":2,"completed_by":{"id":8,"email":"b@x.org"},"lead_time":30,"was_cancelled":true,"result":[]}],"predictions":[{"model_version":"m1","result":[]}]}
{"id":2,"created_at":"2024-03-02T10:00:00Z","annotations":[{"id":3,"completed_by":7,"lead_time":20,"reviews":[{"accepted":true}],"result":[{"id":"c","type":"choices","value":{"choices":["Dog"]}}]}]}
{"id":3,"created_at":"2024-03-09T10:00:00Z","annotations":[]}
EOF
ann-stats -f json -b status,label,annotator,kind,model,day,week --date-field created \
    "$s/small.ndjson" > "$s/small.json" 2> "$s/small.err"
is "small: exit 0" $? 0
if command -v python3 > /dev/null; then
	got=$(python3 - "$s/small.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
t, b = d["totals"], d["by"]
keys = lambda by, m: ",".join("%s=%s" % (e["key"], e[m]) for e in b[by]["keys"])
print(t["tasks"], t["tasks_without_annotations"], t["annotations"], t["cancelled"],
      t["predictions"], t["regions"], t["reviews"], t["accepted"],
      t["lead_time"]["n"],
      # A bucket's centre: within 2.2% of the exact median, 20.
      abs(t["lead_time"]["median"] - 20) / 20 < 0.022)
print(keys("status", "tasks"))
print(keys("label", "regions"), keys("label", "tasks"))
print(keys("annotator", "annotations"), keys("annotator", "cancelled"),
      keys("annotator", "regions"))
print(keys("kind", "regions"), keys("model", "predictions"))
print(keys("day", "tasks"), keys("week", "tasks"), b["day"]["without_key"])
PY
)
	want="3 1 2 1 1 3 1 1 3 True
labeled=2,unlabeled=1,predicted=1,reviewed=1
Car=2,Dog=1 Car=1,Dog=1
7=2,b@x.org=0 7=0,b@x.org=1 7=3,b@x.org=0
rectangle=2,choice=1 m1=1
2024-03-01=1,2024-03-02=1,2024-03-09=1 2024-W09=2,2024-W10=1 0"
	is "small: the counts, in JSON" "$got" "$want"
else
	skip "small: the counts, in JSON" "python3 not installed"
fi
ann-stats -b label --no-chart "$s/small.ndjson" | grep -A3 '^by label' > "$s/label.txt"
printf 'by label  regions  tasks\nCar             2      1\nDog             1      1\n' > "$s/want"
check "small: --no-chart tables" cmp -s "$s/label.txt" "$s/want"

# --- agreement: against tests/stats/agreement.py, written from the formulas --
if command -v python3 > /dev/null; then
	python3 "$srcdir_abs/tests/stats/agreement.py" gen "$s/agree.ndjson"
	ann-stats --agreement -f json -b status "$s/agree.ndjson" > "$s/agree.json" 2> "$s/agree.err"
	is "--agreement: exit 0" $? 0
	out=$(python3 "$srcdir_abs/tests/stats/agreement.py" check "$s/agree.ndjson" "$s/agree.json")
	check "--agreement: kappas, percent agreement and F1s as the formulas give them ($out)" \
	    [ "${out#ok }" != "$out" ]
	# A polygon, a rotated box (both on the grid) and a stray triangle.
	ann-stats --agreement -f json -b kind "$srcdir_abs/tests/stats/polygons.ndjson" > "$s/poly.json"
	got=$(python3 -c 'import json, sys; a = json.load(open(sys.argv[1]))["agreement"]
print(a["regions"]["matched"], a["regions"]["f1"])' "$s/poly.json")
	is "--agreement: a polygon and a rotated box matched, the triangle not" "$got" "2 0.8"
	# Each task's own figures, against the same formulas task by task.
	ann-stats --task-agreement "$s/tasks.jsonl" -f json -b status "$s/agree.ndjson" \
	    > "$s/agree2.json"
	is "--task-agreement: exit 0" $? 0
	check "--task-agreement: the run's figures unchanged by it" \
	    cmp -s "$s/agree.json" "$s/agree2.json"
	out=$(python3 "$srcdir_abs/tests/stats/agreement.py" tasks "$s/agree.ndjson" "$s/tasks.jsonl")
	check "--task-agreement: each task's figures as the formulas give them ($out)" \
	    [ "${out#ok }" != "$out" ]
	ann-stats --task-agreement "$s/tasks.tsv" -b status "$s/agree.ndjson" > /dev/null
	got=$(python3 -c 'import json, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[2])]
js = [json.loads(l) for l in open(sys.argv[1])]
keys = ["task", "annotators", "items", "percent", "region_f1", "span_exact_f1",
        "span_overlap_f1"]
same = rows[0] == keys and len(rows) == len(js) + 1 and all(
    r == ["" if j[k] is None else str(j[k]) for k in keys] for r, j in zip(rows[1:], js))
print("same" if same else "differ")' "$s/tasks.jsonl" "$s/tasks.tsv")
	is "--task-agreement: TSV rows hold the JSON lines' figures, empty for none" "$got" same
else
	skip "--agreement" "python3 not installed"
fi
ann-stats --task-agreement "$s/no/such/dir/t.tsv" "$s/agree.ndjson" > "$s/out" 2> "$s/err"
is "--task-agreement into a missing folder: exit 2" $? 2
check "--task-agreement into a missing folder: named, no counts written" \
    sh -c '[ ! -s "$1" ] && grep -q "t.tsv" "$2"' sh "$s/out" "$s/err"
printf '{"id": 1, "annotations": [{"completed_by": 1, "result": []}]}\n' > "$s/one.ndjson"
ann-stats --task-agreement "$s/none.tsv" "$s/one.ndjson" > /dev/null
check "--task-agreement with no task of two annotators: the header only" \
    sh -c '[ "$(wc -l < "$1")" -eq 1 ] && grep -q "^task	annotators" "$1"' sh "$s/none.tsv"
ann-stats --agreement --max-keys 2 "$s/agree.ndjson" > "$s/out" 2> "$s/err"
is "--agreement past --max-keys: exit 2" $? 2
check "--agreement past --max-keys: no figures, and the option named" \
    sh -c '[ ! -s "$1" ] && grep -q "raise --max-keys" "$2"' sh "$s/out" "$s/err"

# --- --html: one page, rendered by headless Chromium ------------------------
# A PNG has pixels other than the page's white: it drew something.
cat > "$s/png.py" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    if kind == b"IHDR":
        w, h, depth, colour = struct.unpack(">IIBB", data[pos + 8:pos + 18])
    if kind == b"IDAT":
        idat += data[pos + 8:pos + 8 + n]
    pos += n + 12
raw = zlib.decompress(idat)
# Filtered rows: a byte that is neither 255 nor 0 (white, or an unchanged
# difference) is drawn; count rows holding one.
stride = len(raw) // h
drawn = sum(1 for r in range(h) if any(b not in (0, 255) for b in raw[r * stride + 1:(r + 1) * stride]))
print(w, h, drawn)
PY
ann-stats --agreement -b label,annotator,day --date-field created --html "$s/page.html" \
    "$s/agree.ndjson" > /dev/null 2> "$s/html.err"
is "--html: exit 0" $? 0
check "--html: no script, nothing fetched" \
    sh -c '! grep -Eqi "<script|<link|<img|src=|href=|@import|url\\(" "$1"' sh "$s/page.html"
chrome=""
for c in chromium chromium-browser google-chrome; do
	command -v $c > /dev/null && { chrome=$c; break; }
done
if [ -z "$chrome" ]; then
	skip "--html in Chromium" "chromium not installed (scripts/setup installs it)"
elif ! timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --window-size=1000,2400 \
    --screenshot="$s/page.png" "file://$s/page.html" > "$s/chrome.out" 2>&1; then
	skip "--html in Chromium" "chromium cannot start here: $(tail -1 "$s/chrome.out")"
else
	drawn=$(python3 "$s/png.py" "$s/page.png" | cut -d' ' -f3)
	check "--html: Chromium's screenshot is not empty (${drawn:-0} rows drawn)" [ "${drawn:-0}" -gt 100 ]
	timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --dump-dom \
	    "file://$s/page.html" > "$s/dom.html" 2> /dev/null
	fleiss=$(python3 -c 'import json, sys
print("%.3f" % json.load(open(sys.argv[1]))["agreement"]["classification"]["fleiss_kappa"])' "$s/agree.json")
	tasks=$(ann-stats -f tsv -b label "$s/agree.ndjson" | awk -F'\t' '$1 == "total" { print $3 }')
	check "--html: the page Chromium read holds the numbers (tasks $tasks, Fleiss $fleiss)" \
	    sh -c 'grep -q "<td>tasks</td><td>$2</td>" "$1" && grep -q "<td>Fleiss. kappa</td><td>$3</td>" "$1" && grep -q "<svg" "$1"' \
	    sh "$s/dom.html" "$tasks" "$fleiss"
fi
printf '{"id":1,"annotations":[]}\n{"id":2,\n' > "$s/cut.ndjson"
ann-stats --html "$s/cut.html" "$s/cut.ndjson" > /dev/null 2>&1
is "--html on a record cut short: exit 2" $? 2
check "--html on a record cut short: no page left behind" [ ! -e "$s/cut.html" ]
ann-stats --html "$s/cut.html" "$s/small.ndjson" > /dev/null 2>&1
check "--html: the page of a good run is there" [ -s "$s/cut.html" ]

# --- usage -------------------------------------------------------------------
ann-stats -b colour "$s/small.ndjson" > "$s/out" 2> "$s/err"
is "--by colour: exit 2" $? 2
check "--by colour: the message names the breakdowns" grep -q 'ann-stats: --by colour: the breakdowns are status' "$s/err"
ann-stats --max-keys 0 "$s/small.ndjson" > "$s/out" 2> "$s/err"
is "--max-keys 0: exit 2" $? 2
ann-stats -f xml "$s/small.ndjson" > "$s/out" 2> "$s/err"
is "-f xml: exit 2" $? 2

# --- bad input: an error, no counts that would pass for the export's --------
printf '{"id":1,"annotations":[]}\n{"id":2,\n' > "$s/bad.ndjson"
ann-stats "$s/bad.ndjson" > "$s/out" 2> "$s/err"
is "truncated record: exit 2" $? 2
check "truncated record: nothing on stdout" [ ! -s "$s/out" ]
check "truncated record: a positioned message" grep -q 'bad.ndjson:2 (byte' "$s/err"
printf '{"id":3,"annotations":[]}\n' >> "$s/bad.ndjson"
ann-stats -k -f tsv "$s/bad.ndjson" > "$s/out" 2> "$s/err"
is "good, bad, good with -k: exit 2" $? 2
is "good, bad, good with -k: the good ones counted" "$(awk -F'\t' '$1 == "total" { print $3 }' "$s/out")" 2
check "good, bad, good with -k: the bad one said" grep -q '1 bad record skipped' "$s/err"

# --- memory: bounded by --max-keys, the rest counted as other ---------------
if [ -z "${ANN_SANITIZERS:-}" ] && command -v python3 > /dev/null; then
	python3 - "$s/many.ndjson" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    for i in range(200000):
        f.write('{"id":%d,"annotations":[{"completed_by":%d,"result":['
                '{"type":"choices","value":{"choices":["label-%d"]}}]}]}\n'
                % (i + 1, i, i))
PY
	"$rss" "$s/many.rss" ann-stats -f tsv -b label,annotator --max-keys 1000 \
	    "$s/many.ndjson" > "$s/many.tsv" 2> "$s/many.err"
	is "200000 distinct labels: exit 0" $? 0
	kb=$(cat "$s/many.rss")
	check "200000 distinct labels, --max-keys 1000: under 16 MiB of peak RSS (${kb} KiB)" [ "$kb" -lt 16384 ]
	is "label keys kept" "$(grep -c '^label	label-' "$s/many.tsv")" 1000
	is "the rest counted as other" "$(grep '^label	(other)' "$s/many.tsv" | cut -f3,7)" "199000	199000"
	is "annotators past --max-keys as other" "$(grep '^annotator	(other)' "$s/many.tsv" | cut -f4)" 199000
else
	skip "peak RSS" "a sanitizer build, or no python3"
fi
done_testing
