#!/bin/sh
# tests/cluster.sh: GNU parallel over ssh, for real.  scripts/cluster-demo
# starts a throw-away sshd on 127.0.0.1, runs the README's "Many machines"
# commands through it (ann-select --part I/4 on two ssh hosts; ann-cat
# --split shards sent with --transferfile, results fetched with --return)
# and compares each joined result with one local process.  Here every
# comparison is a check, and so is every command it ran being in the README
# as written.  Skips, with the reason, where sshd or parallel is missing or
# sshd cannot start; installs nothing (scripts/setup does).
. "${top_srcdir:-.}/tests/lib.sh"

for c in /usr/sbin/sshd ssh ssh-keygen parallel rsync timeout; do
	if ! command -v "$c" > /dev/null 2>&1; then
		echo "1..0 # SKIP no $c (scripts/setup installs openssh-server, openssh-client, parallel, rsync)"
		exit 0
	fi
done

# Bounded: the demo bounds each of its own waits; this bounds the whole,
# sshd included (the demo kills it when it ends, also on TERM).
ANN_BUILD=$builddir_abs TMPDIR=$scratch \
	timeout -k 10 900 sh "$srcdir_abs/scripts/cluster-demo" --no-install \
	> "$scratch/out" 2> "$scratch/err"
st=$?
if [ $st = 77 ]; then
	echo "1..0 # SKIP $(sed -n 's/^scripts\/cluster-demo: cannot run here: //p' "$scratch/err" | tail -n 1)"
	exit 0
fi
why=""
[ $st = 0 ] || why=": $(tail -n 1 "$scratch/err")"
check "scripts/cluster-demo exits 0 (exit $st$why)" [ $st = 0 ]

# Every comparison it made, one check each.
n=0
while IFS= read -r line; do
	case $line in
	"same: "*) ok "${line#same: }"; n=$((n + 1)) ;;
	"DIFFERENT: "*) not_ok "${line#DIFFERENT: }"; n=$((n + 1)) ;;
	esac
done < "$scratch/out"
check "it compared 6 results (got $n)" [ $n = 6 ]

# Every command it ran, line by line, is in the README as written there (the
# README's block sets hosts, ssh, big and wd for real hosts).
awk '/^\$ / { sub(/^\$ /, ""); cmd = 1 }
     cmd { sub(/^ +/, ""); print; if ($0 !~ /\\$/) cmd = 0 }' "$scratch/out" > "$scratch/cmds"
n=$(grep -c '^parallel \|^ann-cat \|^cat ' "$scratch/cmds")
check "it ran 4 commands (got $n)" [ "$n" = 4 ]
sed 's/^ *//' "$srcdir_abs/README" > "$scratch/readme"
while IFS= read -r line; do
	check "README has: $line" grep -qxF -e "$line" "$scratch/readme"
done < "$scratch/cmds"
done_testing
