#!/bin/sh
# tests/toconll.sh: ann-toconll against its manual page.  Every CoNLL or
# IOB2 output is read back into spans by tests/toconll/rejoin.py, which must
# give the input's; label-studio-converter's own CONLL2003 output for the
# corpus's NER tasks (tests/toconll/ls, made by the converter) is matched
# byte for byte where it is right, and elsewhere differs only as the page's
# COMPATIBILITY says (tests/toconll/lsdiff.py).
. "${top_srcdir:-.}/tests/lib.sh"
if ! command -v python3 > /dev/null; then
	echo "1..0 # SKIP python3 not installed (scripts/setup installs it)"
	exit 0
fi
T="$srcdir_abs/tests/toconll"
s=$scratch

# conll NAME ARG...: ann-toconll ARG... > $s/NAME 2> $s/NAME.err; code.
conll() {
	name=$1
	shift
	ann-toconll "$@" > "$s/$name" 2> "$s/$name.err"
	code=$?
}

# rejoined DESCRIPTION INPUT OUTPUT: OUTPUT reads back as INPUT's spans.
rejoined() {
	if out=$(python3 "$T/rejoin.py" "$2" "$3" 2>&1); then
		ok "$1: the tags read back as the input's spans ($out)"
	else
		not_ok "$1: $(echo "$out" | head -5)"
	fi
}

# has DESCRIPTION FILE LINE: FILE has the line LINE, exactly.
has() {
	if grep -qxF -- "$3" "$2"; then ok "$1"; else
		not_ok "$1: not in $(head -c 600 "$2")"
	fi
}

# --- 1. label-studio-converter on the corpus's NER tasks --------------------
if [ -n "${ANN_CORPUS:-}" ] && [ -d "$ANN_CORPUS" ]; then
	L="$ANN_CORPUS/label-studio"
	for c in "legacy ls-template-relation-extraction.completions 0" \
	    "legacy converter-348.completions 2" "tasks lsf-named_entity.task 5"; do
		set -- $c
		in="$L/$1/$2.json"
		n=${2%.*}
		conll "$n" "$in"
		is "$n: exit status" $code 0
		rejoined "$n" "$in" "$s/$n"
		if out=$(python3 "$T/lsdiff.py" "$T/ls/$n.conll" "$s/$n"); then
			is "$n: as the converter's, but for its documented splits" \
			    "$(echo "$out" | tail -1)" "$3 tokens split"
		else
			not_ok "$n: differs from the converter's: $out"
		fi
	done
	check "relation extraction: the converter's bytes" \
	    cmp -s "$T/ls/ls-template-relation-extraction.conll" "$s/ls-template-relation-extraction"
	# Labelbox's text rows in the corpus hold only a link to their text.
	conll lbv1 "$ANN_CORPUS/labelbox/legacy-v1/text_export.v1.json"
	is "Labelbox v1 text row: exit status" $code 0
	is "Labelbox v1 text row: only the header" "$(cat "$s/lbv1")" "-DOCSTART- -X- O"
	grep -q 'text_export.v1.json:1 (byte 0): no text: only a link to it, "https://storage.labelbox.com/' "$s/lbv1.err"
	check "Labelbox v1 text row: named, with its link" [ $? -eq 0 ]
	has "Labelbox v1 text row: counted" "$s/lbv1.err" \
	    "ann-toconll: 1 task, 0 sentences, 0 tokens, 0 spans, 0 labels; skipped: 1 task without its text (absent, empty or a URL)"
else
	skip "label-studio-converter's output on the corpus" "ANN_CORPUS not set"
fi

# --- 2. what the converter gets wrong, and the tokenizer --------------------
# (tests/toconll/make-tasks.py says what each task is for.)
conll t -f iob2 "$T/tasks.ndjson"
is "tasks: exit status" $code 0
check "tasks: IOB2 as expected" diff "$T/tasks.iob2" "$s/t"
rejoined "tasks, iob2" "$T/tasks.ndjson" "$s/t"
conll tc "$T/tasks.ndjson"
rejoined "tasks, conll" "$T/tasks.ndjson" "$s/tc"
has "a span whose text is not the task's: named, left out" "$s/t.err" \
    "ann-toconll: $T/tasks.ndjson:3 (byte 883): span r6 [18, 24): its text \"Macro\" is not the task's text there, \"Macron\"; left out"
has "a task without annotation: named, with the option" "$s/t.err" \
    "ann-toconll: $T/tasks.ndjson:5 (byte 2066): not written: no annotation, and its tokens all O would teach that it names nothing (--keep-unlabeled writes it)"
has "every skip counted with its reason" "$s/t.err" \
    "ann-toconll: 11 tasks, 8 sentences, 75 tokens, 13 spans, 4 labels; skipped: 1 cancelled annotation, 1 annotation not chosen, 1 task without its text (absent, empty or a URL), 2 tasks without annotations (--keep-unlabeled), 1 span whose text differs from the task's at its offsets, 1 region overlapping one kept before it"
# The checker itself catches a tag that does not read back.
sed 's/^Paris	B-LOC$/Paris	O/' "$s/t" > "$s/t.broken"
python3 "$T/rejoin.py" "$T/tasks.ndjson" "$s/t.broken" > /dev/null
check "rejoin.py: a lost span is caught" [ $? -eq 1 ]

conll ts --keep-unlabeled --sentences "$T/tasks.ndjson"
is "--keep-unlabeled --sentences: exit status" $code 0
check "--keep-unlabeled --sentences: as expected" diff "$T/tasks-sentences.conll" "$s/ts"
has "--keep-unlabeled: a task without annotation, all O" "$s/ts" "Nobody -X- _ O"

# Labelbox: an inclusive end, through the region model.
conll lb -f iob2 "$T/labelbox.ndjson"
is "Labelbox v2 row: exit status" $code 0
rejoined "Labelbox v2 row" "$T/labelbox.ndjson" "$s/lb"
conll lbj -f spacy-jsonl "$T/labelbox.ndjson"
check "Labelbox v2 row: spaCy JSONL as expected" diff "$T/labelbox.jsonl" "$s/lbj"

# --- 3. labels, output file, options -----------------------------------------
printf 'PER\nLOC\n' > "$s/cats"
conll strict --strict-labels -C "$s/cats" -o "$s/strict.conll" "$T/tasks.ndjson"
is "--strict-labels: a label outside the list is an error" $code 2
grep -q 'tasks.ndjson:4 (byte 1469): label "ORG" is not among the labels given' "$s/strict.err"
check "--strict-labels: the record named" [ $? -eq 0 ]
check "--strict-labels: no output file after an error" [ ! -e "$s/strict.conll" ]
conll added -C "$s/cats" -o "$s/added.conll" "$T/tasks.ndjson"
is "added labels: exit status" $code 0
[ -s "$s/added.conll" ] && [ ! -s "$s/added" ]
check "-o: the file, and nothing on standard output" [ $? -eq 0 ]
grep -q '^ann-toconll: .*"ORG" (2), "EMO" (1) (--strict-labels refuses them)$' "$s/added.err"
check "added labels: one warning naming each with its count" [ $? -eq 0 ]
conll nokey --text-key body "$T/labelbox.ndjson" "$T/tasks.ndjson"
grep -q 'no text: data.body is absent' "$s/nokey.err"
check "--text-key: a missing member named" [ $? -eq 0 ]
conll badf -f xml "$T/tasks.ndjson"
is "-f xml: a usage error" $code 2
conll badsent -f spacy-jsonl --sentences "$T/tasks.ndjson"
is "--sentences with spacy-jsonl: a usage error" $code 2

# --- 4. --config: the Text tag's key, the Labels control's spans --------------
C="$T/config"
# Label Studio's NER template and its pre-annotation example (README).
conll ner -c "$C/ner.config.xml" --predictions "$C/ner.tasks.json"
is "NER template: exit status" $code 0
has "NER template: a span of the example" "$s/ner" "27 -X- _ B-Date"
has "NER template: a two-token span" "$s/ner" "weekend -X- _ I-Time"
grep -q ', 11 labels; ' "$s/ner.err"
check "NER template: the control's labels are the labels given" [ $? -eq 0 ]
conll ner0 --predictions "$C/ner.tasks.json"
check "NER template: the same tags as without the config (data.text is its first string)" \
    cmp -s "$s/ner" "$s/ner0"
# Two Text tags, a Labels control each: the text is not data's first string.
conll two "$C/two.tasks.ndjson" -c "$C/two.config.xml"
is "two Text tags, no --from-name: exit status" $code 2
grep -q -- '2 Labels controls on Text tags, title_ents (toName title, data.title), body_ents (toName body, data.body): --from-name picks one' "$s/two.err"
check "two Text tags, no --from-name: the choices named, and the option" [ $? -eq 0 ]
conll body -f iob2 -c "$C/two.config.xml" --from-name body_ents "$C/two.tasks.ndjson"
is "--from-name body_ents: exit status" $code 0
printf 'Ada\tB-Person\nLovelace\tI-Person\ncame\tO\nto\tO\nParis\tB-Location\non\tO\nMonday\tB-Date\n.\tO\n\n' > "$s/want"
check "--from-name body_ents: data.body, tagged with body_ents's spans only" cmp -s "$s/want" "$s/body"
grep -q 'skipped: 3 regions of other controls (--from-name)$' "$s/body.err"
check "--from-name body_ents: the other control's regions counted" [ $? -eq 0 ]
conll title -f iob2 -c "$C/two.config.xml" --from-name title_ents "$C/two.tasks.ndjson"
printf 'Ada\tB-Person\nin\tO\nParis\tB-Location\n\n' > "$s/want"
check "--from-name title_ents: data.title, with its spans" cmp -s "$s/want" "$s/title"
conll nope -c "$C/two.config.xml" --from-name nope "$C/two.tasks.ndjson"
is "--from-name of no such control: exit status" $code 2
grep -q -- 'no Labels control "nope" on a Text tag; the config has title_ents (toName title, data.title), body_ents (toName body, data.body)$' "$s/nope.err"
check "--from-name of no such control: the choices named" [ $? -eq 0 ]
conll img -c "$srcdir_abs/tests/tovoc/config.xml" "$C/two.tasks.ndjson"
is "a config without Labels on a Text tag: exit status" $code 2
grep -q 'no Labels control whose toName is a Text tag' "$s/img.err"
check "a config without Labels on a Text tag: said" [ $? -eq 0 ]
conll both -c "$C/ner.config.xml" --text-key text "$C/ner.tasks.json"
is "--config with --text-key: exit status" $code 2
conll strict -c "$C/two.config.xml" --from-name title_ents --strict-labels "$C/two.tasks.ndjson"
is "--strict-labels against the control's labels: exit status" $code 0

# --- 5. label-studio-sdk's own CoNLL test cases (tests/toconll/sdk/README) ---
K="$T/sdk"
# case N...: those lines of cases.ndjson, through ann-toconll -f iob2.
case_() {
	name=$1
	shift
	for n in "$@"; do sed -n "${n}p" "$K/cases.ndjson"; done > "$s/$name.in"
	conll "$name" -f iob2 "$s/$name.in"
}
case_ sdkright 1 2 4 5
is "sdk cases where the converter is right: exit status" $code 0
check "sdk cases eol_tag, tab_tag, leading_space, trailing_space: the converter's tokens and tags" \
    cmp -s "$K/expected.iob2" "$s/sdkright"
case_ sdkfull 3
printf 'We\tO\ngave\tO\nJ\tO\nane\tB-Person\nSmith\tO\nthe\tO\nball\tO\n.\tO\n\n' > "$s/want"
check "sdk full_token: the token cut at the span, not all of Jane tagged (COMPATIBILITY)" \
    cmp -s "$s/want" "$s/sdkfull"
case_ sdkbad 6 7 9
grep -q 'skipped: 6 spans whose text differs from the task.s at their offsets$' "$s/sdkbad.err"
check "sdk dollar_sign, slash_sign, hash_sign: spans whose text is not the task's left out, counted (COMPATIBILITY)" [ $? -eq 0 ]
case_ sdkamp 8
grep -A1 -B1 -x "Shre	B-PER" "$s/sdkamp" | tr '\t\n' ' ' > "$s/got"
is "sdk ampersand_sign: Shre tagged B-PER between O tags, as the converter's test asserts" \
    "$(cat "$s/got")" "evil O Shre B-PER & O "

# --- 6. memory: one task at a time --------------------------------------------
python3 - "$s/big.ndjson" <<'PY'
import json, sys
text = " ".join("word%d" % k for k in range(200)) + "."
r = [{"id": "r%d" % k, "type": "labels", "from_name": "l", "to_name": "t",
      "value": {"start": text.index("word%d " % k), "end": text.index("word%d " % k) + len("word%d" % k),
                "text": "word%d" % k, "labels": ["W"]}} for k in range(0, 200, 10)]
with open(sys.argv[1], "w") as f:
    for i in range(20000):
        f.write(json.dumps({"id": i, "data": {"text": text}, "annotations": [{"result": r}]}) + "\n")
PY
if [ -n "${ANN_SANITIZERS:-}" ]; then rss_limit=300000; else rss_limit=65536; fi
"$builddir_abs/tests/peakrss" "$s/rss" ann-toconll -q -o "$s/big.conll" "$s/big.ndjson"
is "20,000 tasks: exit status" $? 0
kb=$(cat "$s/rss")
check "20,000 tasks: peak RSS $kb KiB (limit $rss_limit)" [ "$kb" -lt $rss_limit ]
is "20,000 tasks: 20,000 sentences" "$(grep -c '^$' "$s/big.conll")" 20000
# A label with a line break or a tab would make lines or columns of its
# own: the span is left out and counted in the column formats, kept in JSON.
printf '%s\n' '{"id":1,"data":{"text":"Paris is big"},"annotations":[{"result":[{"id":"a","type":"labels","value":{"start":0,"end":5,"labels":["LO\nC"]}},{"id":"b","type":"labels","value":{"start":9,"end":12,"labels":["SIZE"]}}]}]}' > "$s/nl.ndjson"
ann-toconll -f iob2 "$s/nl.ndjson" > "$s/nl.out" 2> "$s/nl.err"
check "a label with a line break: two-column lines only" \
	awk -F '\t' 'NF != 0 && NF != 2 { exit 1 }' "$s/nl.out"
check "... the span left out and counted" \
	grep -q '1 span whose label holds a tab or line break (-f spacy-jsonl keeps it)' "$s/nl.err"
ann-toconll -f spacy-jsonl "$s/nl.ndjson" > "$s/nl.json" 2> /dev/null
check "... and kept by -f spacy-jsonl" grep -q '"label":"LO\\nC"' "$s/nl.json"

done_testing
