#!/bin/sh
# tests/valgrind.sh: the tools under valgrind memcheck on real inputs: no
# invalid read or write, no use of uninitialised memory, no leak.  The
# sanitizer build has its own checks (valgrind cannot run ASan binaries),
# so there this test has nothing to do.
. "${top_srcdir:-.}/tests/lib.sh"
if [ -n "${ANN_SANITIZERS:-}" ]; then
	echo "1..0 # SKIP sanitizer build: AddressSanitizer checks these runs instead"
	exit 0
fi
if ! command -v valgrind > /dev/null; then
	echo "1..0 # SKIP valgrind not installed (scripts/setup installs it)"
	exit 0
fi
vg() {
	valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
		--errors-for-leak-kinds=definite,indirect "$@"
}
ls_export="$EXAMPLES/ls-export.json"
lb_export="$EXAMPLES/labelbox-export-v2.ndjson"
gzip -c "$ls_export" > "$scratch/ls.json.gz"
zstd -q -c "$lb_export" > "$scratch/lb.zst"
printf '{"id":1}\n{"id":2\n{"id":3}\n' > "$scratch/bad.ndjson"

run() {
	desc=$1
	want=$2
	shift 2
	"$@" > /dev/null 2> "$scratch/vg.err"
	code=$?
	if [ $code -eq "$want" ]; then
		ok "$desc"
	else
		not_ok "$desc (exit $code, want $want)"
		sed 's/^/# /' "$scratch/vg.err" | head -n 30
	fi
}
run "ann-cat on a Label Studio array" 0 vg ann-cat "$ls_export"
run "ann-cat on gzip and zstd input" 0 vg ann-cat "$scratch/ls.json.gz" "$scratch/lb.zst"
run "ann-cat --dedupe --array" 0 vg ann-cat --dedupe --array "$ls_export" "$ls_export"
run "ann-cat --split into zstd shards" 0 vg ann-cat --split 3 -o "$scratch/s-%d.ndjson.zst" "$ls_export" "$lb_export"
run "ann-cat on a bad record (exit 2)" 2 vg ann-cat "$scratch/bad.ndjson"
run "ann-cat -k --rejects" 2 vg ann-cat -k --rejects "$scratch/rej.ndjson" "$scratch/bad.ndjson"
run "ann-flatten CSV, both platforms" 0 vg ann-flatten --both "$ls_export" "$lb_export"
run "ann-flatten NDJSON, all columns" 0 vg ann-flatten -f ndjson -c task_id,label,points,points_pct,value,text "$ls_export"
run "ann-flatten --per-task" 0 vg ann-flatten --per-task -f tsv "$ls_export" "$lb_export"
run "ann-flatten json-min --array" 0 vg ann-flatten -f json-min --array "$lb_export"
run "ann-select on statuses, dates, labels and a path" 0 vg ann-select -s DONE -s labeled \
	--since 2024-01-01 -l Car -w 'data_row.details.dataset_name ~ street' "$ls_export" "$lb_export"
run "ann-select --sample, --shard, -v, -c" 0 vg ann-select --sample 50% --shard 0/2 -v -c "$ls_export"
run "ann-tococo, both platforms" 0 vg ann-tococo -q "$ls_export" "$lb_export"
run "ann-tococo --predictions --results, brush masks" 0 vg ann-tococo -q --predictions \
	--results "$EXAMPLES/brush-prediction.ndjson"
run "ann-rle decode and stats" 0 vg ann-rle decode --predictions -o "$scratch/masks" \
	"$EXAMPLES/brush-prediction.ndjson"
run "ann-rle to-coco" 0 vg ann-rle to-coco "$EXAMPLES/brush-prediction.ndjson"
if [ -n "${ANN_CORPUS:-}" ]; then
	run "ann-flatten -k over the Labelbox v1 and video corpus" 0 vg ann-flatten \
		"$ANN_CORPUS/labelbox/legacy-v1/highly_nested_image.v1.ndjson" \
		"$ANN_CORPUS/label-studio/export/converter-ls-video.export.json"
fi
done_testing
