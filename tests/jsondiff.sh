#!/bin/sh
# tests/jsondiff.sh: the JSON reader against Python's json module on
# mutated and generated inputs (tests/jsondiff.py, driven through
# tests/jsonverdict).  The seed is fixed so that a failure comes back on
# the next run; ANN_JSONDIFF_N and ANN_JSONDIFF_SEED ask for longer or
# different runs.
. "${top_srcdir:-.}/tests/lib.sh"
if ! command -v python3 > /dev/null 2>&1; then
	echo "1..0 # SKIP python3 not found"
	exit 0
fi
# Without the corpus the built-in seeds still cover the grammar.
exec python3 "$srcdir_abs/tests/jsondiff.py" "$builddir_abs/tests/jsonverdict" \
	--seed "${ANN_JSONDIFF_SEED:-20240501}" --count "${ANN_JSONDIFF_N:-20000}" \
	${ANN_CORPUS:+--corpus "$ANN_CORPUS"}
