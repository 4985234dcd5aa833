#!/bin/sh
# tests/tols-csv.sh: ann-tols --from csv|tsv against its manual page
# (Tables): a task per row, cells as strings, --json-columns as JSON;
# quoted line breaks, BOM, CRLF, unicode, empty cells, one column, empty
# and header-only tables; ragged rows, bad headers, bad quoting, bad JSON
# and bad UTF-8 refused with their line and byte; the output read by
# ann-cat and passed by ann-check; memory bounded by a row (tests/peakrss).
. "${top_srcdir:-.}/tests/lib.sh"
s=$scratch
rss="$builddir_abs/tests/peakrss"

same() {	# DESCRIPTION GOT WANT
	if cmp -s "$2" "$3"; then ok "$1"; else
		not_ok "$1: $(diff "$3" "$2" | head -5 | tr '\n' ' ')"
	fi
}

# fails NAME WANT-MESSAGE FILE [OPTION...]: exit 2 and the message, on a
# line of its own, as given (input:line (byte N): what).
fails() {
	name=$1 want=$2 file=$3
	shift 3
	ann-tols -q --from csv "$@" "$file" > "$s/f.out" 2> "$s/f.err"
	code=$?
	if [ $code -eq 2 ] && grep -qxF -- "$want" "$s/f.err"; then
		ok "$name: exit 2, \"$want\""
	else
		not_ok "$name: exit $code, said: $(head -2 "$s/f.err" | tr '\n' ' ')"
	fi
}

cat > "$s/text.xml" <<'EOF'
<View>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text">
    <Choice value="Positive"/>
    <Choice value="Negative"/>
  </Choices>
</View>
EOF

# A spreadsheet's export: BOM, CRLF, quoted separators, quotes and line
# breaks, unicode, empty cells, a JSON column, numbers and an id column.
printf '\357\273\277text,id,zip,meta,note\r\n' > "$s/a.csv"
printf '"hello, ""world""\r\nsecond line",1,007,"{""lang"": ""en"", ""n"": [1, 2.50]}",\r\n' >> "$s/a.csv"
printf 'Grüße 日本 ✓,2,,,  spaces kept  \r\n' >> "$s/a.csv"
cat > "$s/a.want" <<'EOF'
{"data":{"text":"hello, \"world\"\r\nsecond line","id":"1","zip":"007","meta":{"lang":"en","n":[1,2.50]},"note":""}}
{"data":{"text":"Grüße 日本 ✓","id":"2","zip":"","meta":"","note":"  spaces kept  "}}
EOF
ann-tols --from csv --json-columns meta "$s/a.csv" > "$s/a.out" 2> "$s/a.err"
check "table: exit 0" [ $? -eq 0 ]
same "table: a task per row, cells as they are, meta as JSON" "$s/a.out" "$s/a.want"
check "table: the summary" grep -qxF "ann-tols: 1 table read, 2 tasks written" "$s/a.err"
ann-cat "$s/a.out" > "$s/a.cat"
same "table: ann-cat reads it back unchanged" "$s/a.cat" "$s/a.want"
if out=$(ann-check -c "$s/text.xml" "$s/a.out" 2>&1) &&
    [ "$out" = "ann-check: 2 tasks, 0 sets, 0 results: 0 errors, 0 warnings" ]; then
	ok "table: ann-check passes its 2 tasks against a Text config"
else
	not_ok "table: ann-check: $(echo "$out" | head -3 | tr '\n' ' ')"
fi
ann-cat --array "$s/a.out" > "$s/a.json"
check "table: ann-cat --array makes the import's array" \
    python3 -c 'import json,sys; t=json.load(open(sys.argv[1])); sys.exit(not (len(t) == 2 and "id" not in t[0] and t[0]["data"]["id"] == "1"))' "$s/a.json"

# The same table, LF and no BOM, gzip'd, from standard input.
tr -d '\r' < "$s/a.csv" | tail -c +4 | gzip -c > "$s/lf.csv.gz"
ann-tols -q --from csv --json-columns meta < "$s/lf.csv.gz" | sed 's/\\r//' > "$s/lf.out"
sed 's/\\r//' "$s/a.want" > "$s/lf.want"
same "LF, no BOM, gzip, standard input: the same tasks" "$s/lf.out" "$s/lf.want"

# TSV: --from tsv and --delimiter tab say the same; a quoted tab is data.
printf 'image\tlabel\nhttp://x/1.jpg\t"a\tb"\n' > "$s/t.tsv"
ann-tols -q --from tsv "$s/t.tsv" > "$s/t1.out"
ann-tols -q --delimiter tab "$s/t.tsv" > "$s/t2.out"
printf '%s\n' '{"data":{"image":"http://x/1.jpg","label":"a\tb"}}' > "$s/t.want"
same "--from tsv" "$s/t1.out" "$s/t.want"
same "--delimiter tab (implies --from csv)" "$s/t2.out" "$s/t.want"
printf 'a;b\n1;2\n' | ann-tols -q --delimiter ';' > "$s/semi.out"
printf '%s\n' '{"data":{"a":"1","b":"2"}}' > "$s/semi.want"
same "--delimiter ';'" "$s/semi.out" "$s/semi.want"

# One column (blank lines are no rows, as in libcsv and pandas); the last
# row without a line break.
printf 'image\nhttp://x/1.jpg\n\nhttp://x/2.jpg' > "$s/one.csv"
ann-tols -q --from csv "$s/one.csv" > "$s/one.out"
printf '%s\n' '{"data":{"image":"http://x/1.jpg"}}' '{"data":{"image":"http://x/2.jpg"}}' > "$s/one.want"
same "one column, a blank line, no final line break" "$s/one.out" "$s/one.want"

# Empty and header-only tables: no tasks, no error.
: > "$s/empty.csv"
ann-tols --from csv "$s/empty.csv" > "$s/empty.out" 2> "$s/empty.err"
holds '[ $? -eq 0 ] && [ ! -s "$s/empty.out" ]' && ok "an empty table: exit 0, no tasks" ||
	not_ok "an empty table: $(cat "$s/empty.err")"
printf 'text,id\r\n' > "$s/head.csv"
ann-tols --from csv "$s/head.csv" > "$s/head.out" 2> "$s/head.err"
holds '[ $? -eq 0 ] && [ ! -s "$s/head.out" ]' && ok "a header only: exit 0, no tasks" ||
	not_ok "a header only: $(cat "$s/head.err")"
check "a header only: the summary" grep -qxF "ann-tols: 1 table read, 0 tasks written" "$s/head.err"

# Ragged rows: refused where the row starts (line, byte), the rows before
# written.  Line 5 starts at byte 16 (the quoted line break is line 3).
printf 'a,b\n1,2\n"x\ny",3\n4\n5,6\n' > "$s/few.csv"
fails "a row with fewer cells" "ann-tols: $s/few.csv:5 (byte 16): a row with 1 cell, the header has 2" "$s/few.csv"
printf '%s\n' '{"data":{"a":"1","b":"2"}}' '{"data":{"a":"x\ny","b":"3"}}' > "$s/few.want"
same "a row with fewer cells: the rows before it are written" "$s/f.out" "$s/few.want"
printf 'a,b\r\n1,2,3\r\n' > "$s/more.csv"
fails "a row with more cells" "ann-tols: $s/more.csv:2 (byte 9): a row with more cells than the header's 2" "$s/more.csv"

# Headers.
printf 'text,id,text\n1,2,3\n' > "$s/dup.csv"
fails "a name twice" "ann-tols: $s/dup.csv:1 (byte 0): column \"text\" is named twice in the header (columns 1 and 3)" "$s/dup.csv"
printf 'text,,id\n1,2,3\n' > "$s/noname.csv"
fails "an empty name" "ann-tols: $s/noname.csv:1 (byte 5): column 2 of the header has no name" "$s/noname.csv"
fails "--json-columns naming no column" "ann-tols: $s/one.csv:1 (byte 0): --json-columns: the header has no column \"meta\"" "$s/one.csv" --json-columns meta

# Quoting, JSON, UTF-8.
printf 'a,b\n1,5" screen\n' > "$s/quote.csv"
fails "a quote inside an unquoted cell" "ann-tols: $s/quote.csv:2 (byte 7): a quote in the middle of a cell (quote the whole cell and double the quotes inside it)" "$s/quote.csv"
printf 'a,b\n1,"open\n2,3\n' > "$s/open.csv"
fails "a quoted cell never closed" "ann-tols: $s/open.csv:2 (byte 6): a quoted cell is not closed before the end of the input" "$s/open.csv"
printf 'text,meta\nx,{"a":1}\nhello,"{""a"": }"\n' > "$s/json.csv"
fails "a JSON cell not quoted: a quoting error at its first quote" "ann-tols: $s/json.csv:2 (byte 13): a quote in the middle of a cell (quote the whole cell and double the quotes inside it)" "$s/json.csv" --json-columns meta
printf 'text,meta\nhello,"{""a"": }"\n' > "$s/json2.csv"
fails "invalid JSON in a --json-columns cell" "ann-tols: $s/json2.csv:2 (byte 16): column \"meta\": expected a value (at byte 6 of the cell; --json-columns names it)" "$s/json2.csv" --json-columns meta
printf 'text\ncaf\351\n' > "$s/latin1.csv"
fails "Latin-1 text" "ann-tols: $s/latin1.csv:2 (byte 5): column \"text\": the cell is not UTF-8 text (convert the table, e.g. with iconv)" "$s/latin1.csv"

# Good, bad, good: every table is read, the bad one said, exit 2.
ann-tols -q --from csv "$s/one.csv" "$s/more.csv" "$s/head.csv" "$s/one.csv" > "$s/gbg.out" 2> "$s/gbg.err"
code=$?
n=$(wc -l < "$s/gbg.out")
holds '[ $code -eq 2 ] && [ "$n" -eq 4 ] && grep -q "more.csv:2" "$s/gbg.err"' &&
	ok "good, bad, good: exit 2, the good tables' 4 tasks written" ||
	not_ok "good, bad, good: exit $code, $n tasks, $(cat "$s/gbg.err")"

# Usage.
ann-tols --from csv --images x.json "$s/one.csv" > /dev/null 2> "$s/u.err"
holds '[ $? -eq 2 ] && grep -q -- "--images: for COCO input, not with --from csv" "$s/u.err"' &&
	ok "--images with --from csv: a usage error" || not_ok "--images with --from csv: $(head -1 "$s/u.err")"
ann-tols --delimiter '"' "$s/one.csv" > /dev/null 2> "$s/u.err"
holds '[ $? -eq 2 ] && grep -q -- "--delimiter \": one ASCII character" "$s/u.err"' &&
	ok "--delimiter '\"': a usage error" || not_ok "--delimiter '\"': $(head -1 "$s/u.err")"
ann-tols --json-columns meta "$s/one.csv" > /dev/null 2> "$s/u.err"
holds '[ $? -eq 2 ] && grep -q -- "for --from csv or tsv" "$s/u.err"' &&
	ok "--json-columns without --from csv: a usage error" || not_ok "--json-columns alone: $(head -1 "$s/u.err")"
ann-tols --from csv --json-columns a,,b "$s/one.csv" > /dev/null 2> "$s/u.err"
holds '[ $? -eq 2 ] && grep -q -- "--json-columns a,,b: an empty column name" "$s/u.err"' &&
	ok "--json-columns with an empty name: an error" || not_ok "--json-columns a,,b: $(head -1 "$s/u.err")"

# Memory: 60 MB of rows in the memory of one row.
awk 'BEGIN { pad = sprintf("%300s", ""); gsub(/ /, "x", pad);
	print "image,text,meta";
	for (i = 0; i < 200000; i++)
		printf "http://x/%d.jpg,\"%s, %d\",\"{\"\"n\"\": %d}\"\n", i, pad, i, i }' > "$s/big.csv"
"$rss" "$s/big.rss" ann-tols -q --from csv --json-columns meta "$s/big.csv" > "$s/big.out"
code=$?
tasks=$(wc -l < "$s/big.out")
kb=$(cat "$s/big.rss")
holds '[ $code -eq 0 ] && [ "$tasks" -eq 200000 ]' && ok "big: exit 0, 200000 tasks" ||
	not_ok "big: exit $code, $tasks tasks"
# Sanitizers add shadow memory and keep freed blocks in quarantine.
if [ -n "${ANN_SANITIZERS:-}" ]; then limit=400000; else limit=8192; fi
check "big: 60 MB of rows in peak ${kb} KiB (limit $limit)" [ "$kb" -lt $limit ]

done_testing
