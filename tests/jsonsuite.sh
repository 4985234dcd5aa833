#!/bin/sh
# JSONTestSuite conformance of the JSON reader (tests/jsonsuite.c).
. "${top_srcdir:-.}/tests/lib.sh"
need_corpus
exec "$builddir_abs/tests/jsonsuite" "$ANN_CORPUS/jsontestsuite/test_parsing"
