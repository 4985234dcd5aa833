#!/bin/sh
# tests/man.sh: the manual pages lint clean with mandoc and match the code:
# every long option a tool's --help lists is in its page, and back.
. "${top_srcdir:-.}/tests/lib.sh"
man="$srcdir_abs/man"
if ! command -v mandoc > /dev/null; then
	echo "1..0 # SKIP mandoc not installed (scripts/setup installs it)"
	exit 0
fi
for page in "$man"/*.[0-9]; do
	out=$(cd "$man" && mandoc -Tlint -W warning "${page##*/}" 2>&1)
	check "${page##*/}: mandoc -Tlint is clean${out:+: $out}" [ -z "$out" ]
done
for page in "$man"/ann-*.1; do
	tool=${page##*/}
	tool=${tool%.1}
	help_opts=$("$tool" --help | grep -o -- '--[a-z][a-z-]*' | sort -u)
	man_opts=$(grep -o 'Fl Fl [a-z][a-z-]*' "$page" | sed 's/Fl Fl /--/' | sort -u)
	for opt in $help_opts; do
		echo "$man_opts" | grep -qx -- "$opt"
		check "$tool: $opt from --help is in the manual" [ $? -eq 0 ]
	done
	for opt in $man_opts; do
		echo "$help_opts" | grep -qx -- "$opt"
		check "$tool: $opt from the manual is in --help" [ $? -eq 0 ]
	done
	# The synopsis in usage() and in the page name the same short options.
	check "$tool: -h and --help print the same and nothing on stderr" \
		sh -c "[ \"\$($tool -h 2>&1)\" = \"\$($tool --help 2>/dev/null)\" ]"
done
# Every tool that is built has its page.
for tool in "$builddir_abs"/ann-*; do
	[ -x "$tool" ] || continue
	tool=${tool##*/}
	check "$tool has a manual page" [ -f "$man/$tool.1" ]
done
done_testing
