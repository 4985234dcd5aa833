#!/bin/sh
# tests/layers.sh: the layers stay apart.  libann (lib/) never prints or
# exits: that is the front end's job (fe/), so a caller decides what the
# user sees.  And every header compiles on its own, so a file includes
# what it uses and nothing has to come first.
. "${top_srcdir:-.}/tests/lib.sh"
cd "$srcdir_abs" || exit 2
# lib/ is in folders by layer (doc/ARCHITECTURE.md); its files and the
# include flags the build gives it.
lib_files=$(find lib -name '*.[ch]' | sort)
lib_inc=$(find lib -type d | sort | sed 's/^/-I /' | tr '\n' ' ')

# A finding, on one line of TAP: no line breaks, no backslashes for echo.
one_line() {
	printf '%s' "$*" | tr '\n\r\t' '   ' | tr -d '\\' | cut -c1-300
}

# Formatting into a buffer (snprintf, vsnprintf) is fine; writing to a
# stream or ending the process is not.
calls=$(grep -nE '\b(printf|fprintf|vfprintf|fputs|fputc|putchar|puts|perror|exit|_exit|abort|err|errx|warn|warnx)[[:space:]]*\(' \
	$lib_files | grep -vE '^[^:]*:[0-9]+:[[:space:]]*(\*|/\*)')
check "lib/ neither prints nor exits${calls:+: $(one_line "$calls")}" [ -z "$calls" ]

# lib/ is built without -I fe; a front-end include would not even
# compile there, but say so plainly if one appears.
incs=$(grep -n '#include "\(ann_loop\|cli\|pmap\)\.h"' $lib_files)
check "lib/ includes nothing from fe/${incs:+: $(one_line "$incs")}" [ -z "$incs" ]

# The folders of lib/ are layers, each using only those before it in this
# list (doc/ARCHITECTURE.md); formats/ may use one another's lower parts.
# lib/ann.h, which gathers them all for the tools, stands above them.
order="base json io view convert select formats"
rank() {
	i=0
	for l in $order; do
		case $1 in lib/$l/*) echo $i; return ;; esac
		i=$((i + 1))
	done
	echo 99
}
where=$scratch/where
for f in $lib_files; do echo "${f##*/} $f"; done > "$where"
upward=""
for f in $lib_files; do
	[ "$f" = lib/ann.h ] && continue
	mine=$(rank "$f")
	for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
		target=$(awk -v n="$inc" '$1 == n { print $2; exit }' "$where")
		[ -n "$target" ] || continue
		[ "$(rank "$target")" -le "$mine" ] || upward="$upward $f->$inc"
	done
done
check "each folder of lib/ uses only the folders before it in the list${upward:+:$upward}" [ -z "$upward" ]

# No two files of lib/ depend on each other, directly or round about: a
# file that calls into another is below it.  Read from the objects the
# build made (nm: what each defines and what it uses), not from includes,
# which say nothing of calls.
circles=$(cd "$builddir_abs" && python3 - $lib_files <<'PY'
import os, subprocess, sys
defs, uses = {}, {}
for src in sys.argv[1:]:
    if not src.endswith(".c"):
        continue
    d, f = os.path.split(src)
    obj = os.path.join(d, "libann_la-" + f[:-2] + ".o")
    if not os.path.exists(obj):
        print("no object %s" % obj)
        continue
    out = subprocess.run(["nm", obj], capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "U":
            uses.setdefault(src, set()).add(parts[1])
        elif len(parts) == 3 and parts[1] in "TDRB":
            defs[parts[2]] = src
edges = {a: {defs[u] for u in us if u in defs and defs[u] != a} for a, us in uses.items()}
# Tarjan's strongly connected components: any with two files is a circle.
index, low, stack, on, found, n = {}, {}, [], set(), [], [0]
def visit(v):
    index[v] = low[v] = n[0]; n[0] += 1; stack.append(v); on.add(v)
    for w in edges.get(v, ()):
        if w not in index:
            visit(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            found.append(" <-> ".join(sorted(comp)))
for v in sorted(edges):
    if v not in index:
        visit(v)
print("; ".join(found))
PY
)
check "no circle of calls between files of lib/${circles:+: $(one_line "$circles")}" [ -z "$circles" ]

# CC may carry flags ("gcc -std=c11"): split it on purpose.
cc=${CC:-cc}
for h in $(find lib fe -name '*.h' | sort); do
	# shellcheck disable=SC2086
	out=$($cc -fsyntax-only -x c $lib_inc -I fe "$h" 2>&1)
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
$cc -fsyntax-only $lib_inc -I fe "$scratch/peek.c" > /dev/null 2>&1
status=$?
check "ann_loop is opaque: a field read does not compile" [ $status -ne 0 ]
done_testing
