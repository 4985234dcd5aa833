#!/bin/sh
# tests/csvroundtrip.sh: CSV and TSV from ann-flatten read back through a
# real CSV reader (python3's csv module) field for field: commas, quotes,
# tabs, CR/LF, spaces at the ends and non-ASCII text all survive, and every
# row has as many fields as the header.
. "${top_srcdir:-.}/tests/lib.sh"
if ! command -v python3 > /dev/null; then
	echo "1..0 # SKIP python3 not installed (scripts/setup installs it)"
	exit 0
fi
cat > "$scratch/task.json" <<'JSON'
{"id": 7, "data": {"text": "Tom said \"hi, there\"\n\tthen left: caf\u00e9 \u6771\u4eac"},
 "annotations": [{"id": 70, "completed_by": 1, "result": [
  {"id": "r1", "from_name": "ner", "to_name": "text", "type": "labels", "value": {"start": 0, "end": 3, "text": "a,b", "labels": ["a,b"]}},
  {"id": "r2", "from_name": "ner", "to_name": "text", "type": "labels", "value": {"start": 4, "end": 14, "text": "say \"hi\"", "labels": ["say \"hi\""]}},
  {"id": "r3", "from_name": "ner", "to_name": "text", "type": "labels", "value": {"start": 15, "end": 23, "text": "tab\there", "labels": ["tab\there"]}},
  {"id": "r4", "from_name": "ner", "to_name": "text", "type": "labels", "value": {"start": 24, "end": 35, "text": "line1\r\nline2", "labels": ["line1\nline2"]}},
  {"id": "r5", "from_name": "ner", "to_name": "text", "type": "labels", "value": {"start": 36, "end": 45, "text": " padded ", "labels": ["café 東京"]}},
  {"id": "r6", "from_name": "note", "to_name": "text", "type": "textarea", "value": {"text": ["x, \"y\"\n z"]}}
]}]}
JSON
cat > "$scratch/check.py" <<'PY'
import csv, json, sys
task = json.load(open(sys.argv[1], encoding="utf-8"))
delim = "\t" if sys.argv[3] == "tsv" else ","
with open(sys.argv[2], newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f, delimiter=delim))
header, rows = rows[0], rows[1:]
want = {r["id"]: r for r in task["annotations"][0]["result"]}
bad = []
for row in rows:
    if len(row) != len(header):
        bad.append("row of %d fields, header has %d" % (len(row), len(header)))
        continue
    got = dict(zip(header, row))
    r = want.pop(got["region_id"])
    text = r["value"]["text"]
    text = text[0] if isinstance(text, list) else text
    if got["text"] != text:
        bad.append("%s text %r != %r" % (got["region_id"], got["text"], text))
    labels = r["value"].get("labels")
    if labels and got["label"] != labels[0]:
        bad.append("%s label %r != %r" % (got["region_id"], got["label"], labels[0]))
    if got["data"] != task["data"]["text"]:
        bad.append("data %r" % got["data"])
if want:
    bad.append("rows missing: %s" % sorted(want))
print("; ".join(bad) if bad else "ok")
sys.exit(1 if bad else 0)
PY
for fmt in csv tsv; do
	ann-flatten -f $fmt -c region_id,label,text,data "$scratch/task.json" > "$scratch/out.$fmt"
	result=$(python3 "$scratch/check.py" "$scratch/task.json" "$scratch/out.$fmt" $fmt 2>&1)
	check "$fmt read back by python3's csv module: $result" [ "$result" = ok ]
done
# Excel wants a byte order mark; nobody else gets one unless asked.
ann-flatten --bom -c region_id "$scratch/task.json" | head -c 3 | od -An -tx1 > "$scratch/bom"
check "--bom starts with EF BB BF" [ "$(tr -d ' \n' < "$scratch/bom")" = efbbbf ]
ann-flatten -c region_id "$scratch/task.json" | head -c 9 > "$scratch/nobom"
check "no byte order mark by default" [ "$(cat "$scratch/nobom")" = region_id ]
done_testing
