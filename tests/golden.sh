#!/bin/sh
# tests/golden.sh: whole-tool golden tests in the zstd layout.
#
# Each tests/cli/TOOL/CASE.sh runs in a fresh directory with the tools on
# PATH and $EXAMPLES, $CORPUS set.  Beside it, CASE.stdout.exact or
# CASE.stdout.glob, CASE.stderr.exact or CASE.stderr.glob and CASE.exit say
# what it must print and return; a missing file means empty output and exit
# 0.  In a .glob file "..." matches any lines and "*" any text in a line.
# "tests/golden.sh --update" rewrites the .exact and .exit files from a run.
. "${top_srcdir:-.}/tests/lib.sh"
update=0
[ "${1:-}" = "--update" ] && update=1
cases_dir="$srcdir_abs/tests/cli"
CORPUS="${ANN_CORPUS:-}"
export EXAMPLES CORPUS

# glob_match PATTERN_FILE ACTUAL_FILE: line by line, "..." skips lines.
glob_match() {
	awk -v pf="$1" '
	function line(p, s,   n, i, k, part) {
		n = split(p, part, "*")
		if (n == 1) return p == s
		if (substr(s, 1, length(part[1])) != part[1]) return 0
		s = substr(s, length(part[1]) + 1)
		for (i = 2; i < n; i++) {
			k = index(s, part[i]); if (k == 0) return 0
			s = substr(s, k + length(part[i]))
		}
		return length(s) >= length(part[n]) && substr(s, length(s) - length(part[n]) + 1) == part[n]
	}
	function m(i, j,   k) {
		if (i > np) return j > na
		if (pat[i] == "...") {
			for (k = j; k <= na + 1; k++) if (m(i + 1, k)) return 1
			return 0
		}
		if (j > na) return 0
		return line(pat[i], act[j]) && m(i + 1, j + 1)
	}
	BEGIN { while ((getline l < pf) > 0) pat[++np] = l }
	{ act[++na] = $0 }
	END { exit m(1, 1) ? 0 : 1 }' "$2"
}

# compare KIND CASE ACTUAL: KIND is stdout or stderr
compare() {
	base=$2
	if [ -f "$base.$1.glob" ]; then
		glob_match "$base.$1.glob" "$3"
	elif [ -f "$base.$1.exact" ]; then
		cmp -s "$base.$1.exact" "$3"
	else
		[ ! -s "$3" ]
	fi
}

for script in "$cases_dir"/*/*.sh; do
	[ -f "$script" ] || continue
	base=${script%.sh}
	name=${base#"$cases_dir"/}
	case "$name" in
	*/corpus-*) if [ -z "$CORPUS" ]; then ok "$name # SKIP no ANN_CORPUS"; continue; fi ;;
	esac
	work="$scratch/$(echo "$name" | tr / _)"
	mkdir -p "$work"
	(cd "$work" && sh "$script" >"$work.out" 2>"$work.err" </dev/null)
	code=$?
	if [ "$update" -eq 1 ]; then
		[ -f "$base.stdout.glob" ] || { [ -s "$work.out" ] && cp "$work.out" "$base.stdout.exact"; }
		[ -f "$base.stderr.glob" ] || { [ -s "$work.err" ] && cp "$work.err" "$base.stderr.exact"; }
		if [ "$code" -ne 0 ]; then echo "$code" >"$base.exit"; else rm -f "$base.exit"; fi
	fi
	want=0
	[ -f "$base.exit" ] && want=$(cat "$base.exit")
	problems=""
	[ "$code" -eq "$want" ] || problems="$problems exit $code (want $want);"
	compare stdout "$base" "$work.out" || problems="$problems stdout differs;"
	compare stderr "$base" "$work.err" || problems="$problems stderr differs;"
	if [ -z "$problems" ]; then
		ok "$name"
	else
		not_ok "$name:$problems"
		sed 's/^/# stdout: /' "$work.out" | head -n 20
		sed 's/^/# stderr: /' "$work.err" | head -n 20
	fi
done
check "the golden cases are there ($tap_n)" [ "$tap_n" -gt 20 ]
done_testing
