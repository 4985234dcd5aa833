#!/bin/sh
# tests/man.sh: the manual pages lint clean with mandoc and match the code:
# every long option a tool's --help lists is in its page, and back, and
# the short usage and the SYNOPSIS name the same options and operands.
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
# synopsis_words TOOL: the words of a synopsis (usage() text or the page's
# SYNOPSIS section) on standard input, one per line, sorted and unique.
# Two synopses "say the same" when these sets are equal: every option
# letter, long option, option argument, command and operand appears in
# both, whatever the order, grouping and layout.  To get there, letters
# are folded to lower case (the page sets FILE as an italic "file"), the
# marks of layout go ("[", "]", "|", "=", quotes, "..."), a cluster of
# short options is split (-adkp is -a -d -k -p) and the tool's name and
# "usage:" are dropped.
synopsis_words() {
	tr 'A-Z' 'a-z' | sed -e 's/^ *usage://' -e "s/'//g" -e 's/\.\.\.//g' \
		-e 's/[][|=]/ /g' | tr -s ' \t' '\n\n' |
		awk -v tool="$1" '$0 != "" && $0 != tool {
			if ($0 ~ /^-[a-z0-9][a-z0-9]+$/)
				for (i = 2; i <= length($0); i++)
					print "-" substr($0, i, 1)
			else
				print
		}' | LC_ALL=C sort -u
}
bs=$(printf '\b')
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
	check "$tool: -h and --help print the same and nothing on stderr" \
		sh -c "[ \"\$($tool -h 2>&1)\" = \"\$($tool --help 2>/dev/null)\" ]"
	# The short usage (a bad option prints it on stderr) and the page's
	# SYNOPSIS say the same: see synopsis_words.
	usage_words=$("$tool" --no-such-option 2>&1 >/dev/null |
		sed -n '/^usage:/,$p' | synopsis_words "$tool")
	page_words=$(mandoc -Tascii "$page" | sed "s/.$bs//g" |
		sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' | synopsis_words "$tool")
	echo "$usage_words" > "$scratch/u"
	echo "$page_words" > "$scratch/p"
	only_usage=$(comm -23 "$scratch/u" "$scratch/p" | tr '\n' ' ')
	only_page=$(comm -13 "$scratch/u" "$scratch/p" | tr '\n' ' ')
	same=no
	[ -n "$usage_words" ] && [ -z "$only_usage$only_page" ] && same=yes
	check "$tool: usage and SYNOPSIS name the same options and operands${only_usage:+; only in usage: $only_usage}${only_page:+; only in the page: $only_page}" \
		[ $same = yes ]
done
# Every tool that is built has its page.
for tool in "$builddir_abs"/ann-*; do
	[ -x "$tool" ] || continue
	tool=${tool##*/}
	check "$tool has a manual page" [ -f "$man/$tool.1" ]
done
done_testing
