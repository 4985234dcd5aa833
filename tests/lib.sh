# tests/lib.sh: sourced by the shell tests: TAP helpers and where things are.
: "${top_srcdir:=.}" "${top_builddir:=.}"
srcdir_abs=$(cd "$top_srcdir" && pwd)
builddir_abs=$(cd "$top_builddir" && pwd)
PATH="$builddir_abs:$PATH"
export PATH
EXAMPLES="$srcdir_abs/examples"
tap_n=0
tap_failed=0

ok() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $*"
}

not_ok() {
	tap_n=$((tap_n + 1))
	tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $*"
}

# check DESCRIPTION COMMAND...: one test, passing when COMMAND succeeds.
check() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# is DESCRIPTION GOT WANT: one test, passing when GOT is WANT.
is() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: got '$2', expected '$3'"; fi
}

# skip DESCRIPTION REASON: a test that cannot run here, and why.
skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}

# holds 'TEST && TEST ...': a compound test as one check (check runs one
# command; "check d [ a ] && [ b ]" would check only [ a ]).
holds() {
	eval "$1"
}

# exit_and_says WANT GOT PATTERN FILE: the exit status was WANT and FILE
# has a line matching PATTERN (grep -e), as one check.
exit_and_says() {
	[ "$1" = "$2" ] && grep -q -e "$3" "$4"
}

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# The shared corpus is not in the tarball; tests that need it say so.
need_corpus() {
	if [ -z "${ANN_CORPUS:-}" ] || [ ! -d "$ANN_CORPUS" ]; then
		echo "1..0 # SKIP ANN_CORPUS not set (scripts/test sets it)"
		exit 0
	fi
}

scratch=$(mktemp -d "${TMPDIR:-/tmp}/ann-test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# glob_line PATTERN TEXT: does TEXT match PATTERN, where only * is special?
glob_line() {
	awk -v pat="$1" -v s="$2" 'BEGIN {
		n = split(pat, part, "*")
		if (n == 1) exit !(pat == s)
		if (substr(s, 1, length(part[1])) != part[1]) exit 1
		s = substr(s, length(part[1]) + 1)
		for (i = 2; i < n; i++) {
			k = index(s, part[i]); if (k == 0) exit 1
			s = substr(s, k + length(part[i]))
		}
		exit !(length(s) >= length(part[n]) && substr(s, length(s) - length(part[n]) + 1) == part[n])
	}'
}
