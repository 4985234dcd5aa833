#!/bin/sh
# tests/bounds.sh: inputs that are valid but huge, where nothing may be made
# up and nothing lost (issue 14, points 8 to 10):
#   --where regexes whose compile or match would take gigabytes or minutes
#   are refused, naming the construct, and the ones near the limits work;
#   finite geometry that overflows once in pixels is bad geometry, skipped
#   and counted with its region named, in ann-tococo, and an empty cell,
#   never "inf", in ann-flatten;
#   a config's categories: 200,000 labels, and the category ids that
#   cannot be passed on (two labels with one id, 99999999999999999999).
# timeout is a guard against a hang only (these take well under a second);
# what bounds the memory is ulimit -v, which the sanitizers cannot run under.
. "${top_srcdir:-.}/tests/lib.sh"
if command -v timeout > /dev/null 2>&1; then guard="timeout 20"; else guard=""; fi
if [ -n "${ANN_SANITIZERS:-}" ]; then vlimit=unlimited; else vlimit=1000000; fi

# TAP lines go through echo, which takes backslashes as escapes.
desc() {
	printf %s "$*" | sed 's/\\/\\\\/g' | cut -c 1-200
}
# refused EXPR CONSTRUCT: ann-select -w EXPR is a usage error naming it.
refused() {
	( ulimit -v $vlimit; $guard ann-select -w "$1" "$scratch/task.ndjson" ) \
		> "$scratch/out" 2> "$scratch/err"
	rc=$?
	first=$(head -n 1 "$scratch/err")
	if [ $rc = 2 ] && [ ! -s "$scratch/out" ] &&
	    glob_line "ann-select: --where '$1': $2" "$first"; then
		ok "$(desc "--where '$1' is refused: $2")"
	else
		not_ok "$(desc "--where '$1' is refused: $2")"
		echo "#   exit $rc, stderr: $first"
	fi
}
# matches EXPR TEXT STATUS: ann-select -w EXPR on {"data":{"t":TEXT}}.
matches() {
	printf '{"id":1,"data":{"t":"%s"}}\n' "$2" > "$scratch/m.ndjson"
	( ulimit -v $vlimit; $guard ann-select -w "$1" "$scratch/m.ndjson" ) \
		> /dev/null 2> "$scratch/err"
	rc=$?
	check "$(desc "--where '$1' on $(printf %s "$2" | head -c 20)... (${#2} bytes): exit $3 ($rc) $(head -n 1 "$scratch/err")")" \
		[ $rc = "$3" ]
}

# --- 8. --where regexes ------------------------------------------------------
printf '{"id":1,"data":{"t":"%s"}}\n' "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghij" \
	> "$scratch/task.ndjson"
refused 'data.t ~ (.*)(.*)(.*)\3x' 'back-references (\3) are not accepted*'
refused 'data.t ~ (a)\1' 'back-references (\1) are not accepted*'
refused 'data.t ~ ((a{255}){255}){255}' \
	'nested bounded repetitions are refused beyond 1000 copies: {255} repeats something already repeated 255 times'
refused 'data.t ~ x(a{4,}){201}' 'nested bounded repetitions are refused beyond 1000 copies: {201} repeats something already repeated 5 times'
refused 'data.t ~ ((abcdefghijk){100}){10}' 'a regular expression that TRE would write out as more than 10000 bytes*'
refused "data.t ~ $(head -c 10001 /dev/zero | tr '\0' a)" 'a regular expression of 10001 bytes is refused*'
refused 'data.t ~ a+*' 'a repetition of a repetition*'
refused 'data.t ~ (a)\0' 'back-references (\0) are not accepted*'
refused 'data.t ~ ^a{1000}b' 'bounds above 255 are not accepted: {1000}'
refused 'data.t ~ x(ab){256,}' 'bounds above 255 are not accepted: {256,}'
refused 'data.t ~ a{3,2}' "a bound's minimum is more than its maximum: {3,2}"
# TRE's own syntax that the scan would misread, or that TRE 0.8.0 gets
# wrong (a \x{...} of 3000 digits overflows a buffer in it: a crash).
refused 'data.t ~ a{2~1}' 'only {n}, {n,}, {n,m} and {,m} are accepted as bounds*'
refused 'data.t ~ (a{255 }){255 }' 'only {n}, {n,}, {n,m} and {,m} are accepted as bounds*'
refused 'data.t ~ (|{255}){255}' 'a bound must follow what it repeats: {255}*'
refused "data.t ~ \\x{$(head -c 3000 /dev/zero | tr '\0' 0)41}" '\x{...} takes 1 to 8 hex digits and a }'
refused 'data.t ~ \Q[\E((a{255}){255}){255}]' '\Q...\E is not accepted*'
refused 'data.t ~ (?#[)((a{255}){255}){255}]' 'comments, (?#...), are not accepted'
refused 'data.t ~ [[:alpha:x]((a{255}){255}){255}:]' 'a character class is [:name:], its name in letters: *'
refused 'data.t ~ x\\)' 'an unmatched ) is refused (a parenthesis itself is \))'
refused 'data.t ~ "a\u0000"' 'a regular expression cannot hold a NUL (\u0000): write \x00 for one'
# Each of n alternatives repeated goes on to each: n * n transitions.
# alts N: N one-letter alternatives; (alts N)*x is N * N + N transitions.
alts() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "%s%c", (i ? "|" : ""), 65 + i % 26 }'
}
refused "data.t ~ ($(alts 100))*x" 'a regular expression of more than 10000 transitions*'
# At the limits, and what only looks like the refused constructs.
a1000=$(head -c 1000 /dev/zero | tr '\0' a)
matches 'data.t ~ ^(a{10}){100}$' "$a1000" 0
matches 'data.t ~ ^(a{10}){100}$' "${a1000#a}" 1
matches 'data.t ~ ^(a{250}){4}b' "${a1000}b" 0
matches 'data.t ~ ^(a{250}){4}b' "${a1000#a}b" 1
matches 'data.t ~ ^((a{10}){10}){10}$' "$a1000" 0
plus=a
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do plus="($plus)+"; done
matches "data.t ~ ^$plus\$" "$a1000" 0
matches "data.t ~ ($(alts 99))*x" "$(printf %s "$a1000" | tr a A)x" 0
matches 'data.t ~ \x{41}\x42[\x]{2}' 'AB\\x' 0
matches 'data.t ~ (?i)^ab\w' 'aBc' 0
matches 'data.t ~ ^ab{,2}$' 'abb' 0
# A NUL in a value is a character: the text after it is searched too.
matches 'data.t ~ ^a.b$' 'a\u0000b' 0
matches 'data.t ~ b$' 'a\u0000b' 0
matches 'data.t ~ a\x00b' 'xa\u0000b' 0
matches 'data.t ~ c' 'a\u0000b' 1
matches 'data.t ~ [\1]x' '1x' 0
matches 'data.t ~ \\1' 'a\\1' 0
matches 'data.t ~ ^[[:digit:]]{3}-[]{}]{2}$' '123-}]' 0
matches 'data.t ~ ((a+)+)+$' "$a1000" 0

# What the C library's matcher took time over the square of the value's
# length for, or minutes and hundreds of MB on one value, TRE matches in one
# pass: 40 values of 40,000 characters, 8 of 100,000, one of 100,000 a and b.
# Each file's last value is the one that matches.  Here timeout 60 is the
# guard: glibc's regexec takes minutes over each file.
if command -v timeout > /dev/null 2>&1; then slowguard="timeout 60"; else slowguard=""; fi
# values N COUNT: COUNT values of N characters a, the last one ending in b.
values() {
	a=$(head -c "$1" /dev/zero | tr '\0' a)
	i=1
	while [ $i -lt "$2" ]; do
		printf '{"id":%d,"data":{"t":"%s"}}\n' $i "$a"
		i=$((i + 1))
	done
	printf '{"id":%d,"data":{"t":"%sb"}}\n' $i "${a#a}"
}
values 40000 40 > "$scratch/a40k.ndjson"
values 100000 8 > "$scratch/a100k.ndjson"
{
	printf '{"id":1,"data":{"t":"'
	awk 'BEGIN { srand(1); for (i = 0; i < 100000; i++) printf "%s", (rand() < 0.5 ? "a" : "b") }'
	b=$(head -c 1000 /dev/zero | tr '\0' b)
	printf '"}}\n{"id":2,"data":{"t":"%sa%sc"}}\n' "$b" "${b%"${b#????????????????????}"}"
} > "$scratch/ab100k.ndjson"
# linear EXPR FILE COUNT: ann-select -c -w EXPR FILE counts COUNT, in time.
linear() {
	( ulimit -v $vlimit; $slowguard ann-select -c -w "$1" "$scratch/$2" ) \
		> "$scratch/out" 2> "$scratch/err"
	rc=$?
	n=$(cat "$scratch/out")
	want=$([ "$3" = 0 ] && echo 1 || echo 0)
	[ $rc = "$want" ] && [ "$n" = "$3" ]
	check "$(desc "--where '$1' over $2: $3 match (exit $rc, counted $n) $(head -n 1 "$scratch/err")")" [ $? -eq 0 ]
}
for f in a40k a100k; do
	linear 'data.t ~ (a|aa)*b' $f.ndjson 1
	linear 'data.t ~ (a+)+b' $f.ndjson 1
	linear 'data.t ~ (a|b)*a(a|b){20}c' $f.ndjson 0
done
linear 'data.t ~ (a|b)*a(a|b){20}c' ab100k.ndjson 1
linear 'data.t ~ ^(a|aa)*$' a100k.ndjson 7

# --- 9. huge finite geometry -------------------------------------------------
region() {
	printf '{"id":"%s","type":"%s","from_name":"l","to_name":"i","original_width":1000,"original_height":50,"value":%s}' "$@"
}
{
	printf '{"id":7,"data":{"image":"a.png"},"annotations":[{"id":1,"result":['
	region ok rectanglelabels '{"x":10,"y":10,"width":20,"height":20,"rectanglelabels":["Car"]}'; printf ,
	region w1 rectanglelabels '{"x":10,"y":10,"width":1e307,"height":20,"rectanglelabels":["Car"]}'; printf ,
	region r1 rectanglelabels '{"x":10,"y":10,"width":1e306,"height":1e306,"rotation":45,"rectanglelabels":["Car"]}'; printf ,
	region e1 ellipselabels '{"x":10,"y":10,"radiusX":1e306,"radiusY":1e306,"ellipselabels":["Car"]}'; printf ,
	region p1 polygonlabels '{"points":[[1e305,1],[2,1e305],[3,3]],"polygonlabels":["Car"]}'; printf ,
	region k1 keypointlabels '{"x":1.7e308,"y":1,"keypointlabels":["Car"]}'
	printf ']}]}\n'
} > "$scratch/huge.ndjson"
# inf, -inf, nan, infinity as words: not "info".
nonfinite='(^|[^a-z])(inf|infinity|nan)([^a-z]|$)'
for k in "" -k; do
	ann-tococo $k "$scratch/huge.ndjson" > "$scratch/out" 2> "$scratch/err"
	rc=$?
	first=$(head -n 1 "$scratch/err")
	anns=$(grep -c '"category_id"' "$scratch/out")
	[ $rc = 0 ] && [ "$anns" = 1 ] && grep -q '^\]}$' "$scratch/out" &&
		glob_line '*huge.ndjson:1 (byte 0): region "w1" skipped: geometry beyond the range of a double once in pixels (and 4 more regions of this task)' "$first"
	check "ann-tococo $k: huge finite geometry is skipped, not fatal (exit $rc, $anns annotations): $first" [ $? -eq 0 ]
	check "ann-tococo $k: the five are counted as bad geometry" \
		grep -q 'skipped: 5 regions with bad geometry' "$scratch/err"
	check "ann-tococo $k: no inf, no out of memory" \
		sh -c '! grep -qiE "$0" "$1" "$2"' "$nonfinite|memory" "$scratch/out" "$scratch/err"
done
ann-flatten -f ndjson -c region_id,x,y,width,height,points "$scratch/huge.ndjson" \
	> "$scratch/out" 2> "$scratch/err"
rc=$?
[ $rc = 0 ] && [ "$(wc -l < "$scratch/out")" -eq 6 ] &&
	! grep -qiE "$nonfinite" "$scratch/out" && grep -q '"region_id":"w1","x":100,"y":5,"width":1e+308,' "$scratch/out"
check "ann-flatten -f ndjson: huge geometry gives empty cells, never inf (exit $rc)" [ $? -eq 0 ]
ann-flatten -f csv "$scratch/huge.ndjson" > "$scratch/out" 2> "$scratch/err"
rc=$?
check "ann-flatten -f csv: never inf (exit $rc)" holds '[ $rc = 0 ] && ! grep -qiE "$nonfinite" "$scratch/out"'

# --- 10. categories ----------------------------------------------------------
config() {
	printf '<View>\n<Image name="i" value="$image"/>\n<RectangleLabels name="l" toName="i">\n'
	printf '%s\n' "$@"
	printf '</RectangleLabels>\n</View>\n'
}
echo '{"id":1,"data":{"image":"a.png"},"annotations":[]}' > "$scratch/one.ndjson"
# bad_config MESSAGE LABEL...: ann-tococo -c says MESSAGE, exit 2, no output.
bad_config() {
	msg=$1
	shift
	config "$@" > "$scratch/c.xml"
	ann-tococo -c "$scratch/c.xml" "$scratch/one.ndjson" > "$scratch/out" 2> "$scratch/err"
	rc=$?
	first=$(head -n 1 "$scratch/err")
	check "config: $msg (exit $rc): $first" holds '[ $rc = 2 ] && [ ! -s "$scratch/out" ] &&
		glob_line "ann-tococo: --config $scratch/c.xml: $msg" "$first"'
}
bad_config 'line 5: Label "B": category="5" is Label "A"'"'"'s already (line 4)' \
	'<Label value="A" category="5"/>' '<Label value="B" category="5"/>'
bad_config 'line 5: Label "A" has category="2" and category="1" (line 4)' \
	'<Label value="A" category="1"/>' '<Label value="A" category="2"/>'
bad_config 'line 4: Label "A": category="99999999999999999999" is not a whole number from 0 to 2147483647' \
	'<Label value="A" category="99999999999999999999"/>'
bad_config 'line 4: Label "A": category="2147483648" is not a whole number from 0 to 2147483647' \
	'<Label value="A" category="2147483648"/>'
bad_config 'line 6: Label "C": category="-1" is not a whole number *' \
	'<Label value="A" category="0"/>' '<Label value="B"/>' '<Label value="C" category="-1"/>'
# One label in two controls, with one id, is one category.
{
	printf '<View>\n<Image name="i" value="$image"/>\n'
	printf '<RectangleLabels name="r" toName="i"><Label value="A" category="7"/><Label value="B"/></RectangleLabels>\n'
	printf '<PolygonLabels name="p" toName="i"><Label value="A" category="7"/><Label value="C" category="2147483647"/></PolygonLabels>\n'
	printf '</View>\n'
} > "$scratch/c.xml"
ann-tococo -c "$scratch/c.xml" "$scratch/one.ndjson" > "$scratch/out" 2> "$scratch/err"
rc=$?
[ $rc = 0 ] && grep -q '^{"id":7,"name":"A"}' "$scratch/out" &&
	grep -q '^{"id":0,"name":"B"}' "$scratch/out" &&
	grep -q '^,{"id":2147483647,"name":"C"}\|^{"id":2147483647,"name":"C"}' "$scratch/out"
check "config: a label in two controls with one id, and the largest id (exit $rc)" [ $? -eq 0 ]

# 200,000 labels: every other one with category="300000 - i", the rest
# numbered from 0 by name; a task for every thousandth pair of them.
awk 'BEGIN {
	print "<View>\n<Image name=\"i\" value=\"$image\"/>\n<RectangleLabels name=\"l\" toName=\"i\">"
	for (i = 0; i < 200000; i++)
		if (i % 2 == 0)
			printf "<Label value=\"L%06d\" category=\"%d\"/>\n", i, 300000 - i
		else
			printf "<Label value=\"L%06d\"/>\n", i
	print "</RectangleLabels>\n</View>"
}' > "$scratch/big.xml"
awk 'BEGIN {
	for (i = 0; i < 200000; i += 1000) {
		printf "{\"id\":%d,\"data\":{\"image\":\"a%d.png\"},\"annotations\":[{\"id\":1,\"result\":[", i, i
		for (j = i; j < i + 2; j++)
			printf "%s{\"id\":\"r%d\",\"type\":\"rectanglelabels\",\"from_name\":\"l\",\"to_name\":\"i\",\"original_width\":10,\"original_height\":10,\"value\":{\"x\":1,\"y\":1,\"width\":1,\"height\":1,\"rectanglelabels\":[\"L%06d\"]}}", (j > i ? "," : ""), j, j
		print "]}]}"
	}
}' > "$scratch/big.ndjson"
$guard ann-tococo -c "$scratch/big.xml" "$scratch/big.ndjson" > "$scratch/out" 2> "$scratch/err"
rc=$?
ncat=$(grep -c '^,\{0,1\}{"id":[0-9]*,"name":"L' "$scratch/out")
nids=$(sed -n 's/^,\{0,1\}{"id":\([0-9]*\),"name":"L.*/\1/p' "$scratch/out" | sort -u | wc -l)
[ $rc = 0 ] && [ "$ncat" = 200000 ] && [ "$nids" = 200000 ]
check "200,000 labels: exit $rc, $ncat categories, $nids distinct ids" [ $? -eq 0 ]
grep -q '^{"id":0,"name":"L000001"}' "$scratch/out" &&
	grep -q '^{"id":99999,"name":"L199999"}' "$scratch/out" &&
	grep -q '^{"id":300000,"name":"L000000"}' "$scratch/out" &&
	grep -q '^{"id":100002,"name":"L199998"}' "$scratch/out"
check "200,000 labels: given ids kept, the others numbered by name from 0" [ $? -eq 0 ]
grep -q '"image_id":200,"category_id":101000,' "$scratch/out" &&
	grep -q '"image_id":200,"category_id":99500,' "$scratch/out"
check "200,000 labels: annotations take their label's id" [ $? -eq 0 ]

done_testing
