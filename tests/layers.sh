#!/bin/sh
# tests/layers.sh: the layers stay apart.  libann (lib/) never prints or
# exits: that is the front end's job (fe/), so a caller decides what the
# user sees.  And every header compiles on its own, so a file includes
# what it uses and nothing has to come first.
. "${top_srcdir:-.}/tests/lib.sh"
cd "$srcdir_abs" || exit 2

# A finding, on one line of TAP: no line breaks, no backslashes for echo.
one_line() {
	printf '%s' "$*" | tr '\n\r\t' '   ' | tr -d '\\' | cut -c1-300
}

# Formatting into a buffer (snprintf, vsnprintf) is fine; writing to a
# stream or ending the process is not.
calls=$(grep -nE '\b(printf|fprintf|vfprintf|fputs|fputc|putchar|puts|perror|exit|_exit|abort|err|errx|warn|warnx)[[:space:]]*\(' \
	lib/*.c lib/*.h | grep -vE '^[^:]*:[0-9]+:[[:space:]]*(\*|/\*)')
check "lib/ neither prints nor exits${calls:+: $(one_line "$calls")}" [ -z "$calls" ]

# lib/ is built with -I lib only; a front-end include would not even
# compile there, but say so plainly if one appears.
incs=$(grep -n '#include "\(ann_loop\|cli\)\.h"' lib/*.c lib/*.h)
check "lib/ includes nothing from fe/${incs:+: $(one_line "$incs")}" [ -z "$incs" ]

# CC may carry flags ("gcc -std=c11"): split it on purpose.
cc=${CC:-cc}
for h in lib/*.h fe/*.h; do
	# shellcheck disable=SC2086
	out=$($cc -fsyntax-only -x c -I lib -I fe "$h" 2>&1)
	status=$?
	check "$h compiles alone${out:+: $(one_line "$out")}" [ $status -eq 0 ]
done
# The loop's state is its own: a tool that reached into it (ann-tococo
# read the reader being read) now goes through ann_loop_* calls.
cat > "$scratch/peek.c" <<'C'
#include "ann_loop.h"
int peek(ann_loop *loop) { return loop->failed; }
C
# shellcheck disable=SC2086
$cc -fsyntax-only -I lib -I fe "$scratch/peek.c" > /dev/null 2>&1
status=$?
check "ann_loop is opaque: a field read does not compile" [ $status -ne 0 ]
done_testing
