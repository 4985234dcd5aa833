# --per-task over no tasks (an empty file, an empty array, an empty folder):
# no task gives no column, so nothing is written, not even a blank header
# line; and the empty key list is not sorted (qsort(NULL, 0) under UBSan).
: > empty.json
printf '[]\n' > empty-array.json
mkdir completions
ann-flatten --per-task empty.json
ann-flatten --per-task --bom empty-array.json
ann-flatten --per-task -f tsv completions
