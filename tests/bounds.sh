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
refused 'data.t ~ x(a{2,}){501}' 'nested bounded repetitions are refused beyond 1000 copies: {501} *'
plus=a
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do plus="($plus)+"; done
refused "data.t ~ $plus" 'a regular expression that regcomp would write out as more than 10000 bytes*'
refused 'data.t ~ (abcdefghij){1001}' 'a regular expression that regcomp would write out as more than 10000 bytes*'
refused "data.t ~ $(head -c 10001 /dev/zero | tr '\0' a)" 'a regular expression of 10001 bytes is refused*'
refused 'data.t ~ a+*' 'a repetition of a repetition*'
# At the limits, and what only looks like the refused constructs.
a1000=$(head -c 1000 /dev/zero | tr '\0' a)
matches 'data.t ~ ^(a{10}){100}$' "$a1000" 0
matches 'data.t ~ ^(a{10}){100}$' "${a1000#a}" 1
matches 'data.t ~ ^a{1000}b' "${a1000}b" 0
matches 'data.t ~ [\1]x' '1x' 0
matches 'data.t ~ \\1' 'a\\1' 0
matches 'data.t ~ ^[[:digit:]]{3}-[]{}]{2}$' '123-}]' 0
matches 'data.t ~ ((a+)+)+$' "$a1000" 0

done_testing
