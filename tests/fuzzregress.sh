#!/bin/sh
# tests/fuzzregress.sh: replay every saved fuzz input (seed corpora and
# crash reproducers under tests/fuzz/corpus) through each harness.
. "${top_srcdir:-.}/tests/lib.sh"
for t in json reader view rle source where png config tols conll check tols_csv lssink; do
	out=$("$builddir_abs/tests/fuzz/${t}_regress" "$srcdir_abs/tests/fuzz/corpus/$t" 2>&1)
	code=$?
	check "fuzz harness $t: $(echo "$out" | head -n 1 | sed 's/^ok 1 - //')" [ $code -eq 0 ]
done
done_testing
