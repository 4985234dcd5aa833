#!/bin/sh
# tests/outputs.sh: what the tools do to the files they are told to write.
# ann-cat --split on a full disk exits 2 and leaves no shard, and its
# memory does not grow with the number of shards; an output that is not a
# regular file (a device node, a FIFO, a symbolic link) is written, never
# replaced, and a replaced file keeps its mode; a rejects file that could
# not be written is not said to hold the bad records; a full disk is
# reported once; --id-file - cannot share standard input with the records.
#
# The full disk is a 64 KiB tmpfs and the device nodes are made with
# mknod in this test's own directory (never /dev's, which a bug would
# replace): both need root, and are skipped with the reason without it.
. "${top_srcdir:-.}/tests/lib.sh"
rss="$builddir_abs/tests/peakrss"
full="$scratch/full"
mkdir "$full"
trap 'umount "$full" 2> /dev/null; rm -rf "$scratch"' EXIT

# N tasks from id FIRST, each with a box on an image of known size (so
# ann-tococo writes an image and an annotation for each), one per line.
tasks() {
	awk -v n="$1" -v first="${2:-1}" 'BEGIN {
		for (i = first; i < first + n; i++)
			printf "{\"id\":%d,\"data\":{\"image\":\"https://example.com/%d.jpg\"},\"annotations\":[{\"id\":%d,\"result\":[{\"id\":\"b%d\",\"type\":\"rectanglelabels\",\"from_name\":\"box\",\"to_name\":\"image\",\"original_width\":640,\"original_height\":480,\"value\":{\"x\":10,\"y\":20,\"width\":30,\"height\":40,\"rotation\":0,\"rectanglelabels\":[\"Car\"]}}]}]}\n", i, i, i, i
	}'
}
tasks 3000 > "$scratch/tasks.ndjson"		# about 1 MB
# Good records with bad ones among them: 100 bad, 1 KiB each.
awk '{ print } NR % 30 == 0 {
	printf "{\"id\": %d, \"data\": {\"text\": \"", NR
	for (i = 0; i < 1000; i++) printf "x"
	print "\"} \"annotations\": []}"
}' "$scratch/tasks.ndjson" > "$scratch/mixed.ndjson"

sorted() { LC_ALL=C sort "$@"; }

can_mount=""
if [ "$(id -u)" != 0 ]; then
	can_mount="not root: no tmpfs to fill"
elif ! mount -t tmpfs -o size=64k annkit-full "$full" 2> "$scratch/err"; then
	can_mount="mount -t tmpfs failed: $(head -n 1 "$scratch/err")"
fi

# full_disk DESC ARGS...: ann-cat ARGS... writing shards into the full
# tmpfs must exit 2 (not die of a signal), name the shard and the reason,
# and leave nothing in it: no shard, no temporary.
full_disk() {
	desc=$1
	shift
	if [ -n "$can_mount" ]; then
		skip "$desc" "$can_mount"
		return
	fi
	ann-cat "$@" > /dev/null 2> "$scratch/err"
	code=$?
	left=$(ls -A "$full" | wc -l)
	check "$desc: exit 2 (got $code), $left files left, $(head -c 100 "$scratch/err")" \
		sh -c "[ $code -eq 2 ] && [ $left -eq 0 ] &&
		    grep -q '$full/part-[0-9]*[.a-z]*: write error: No space left on device' '$scratch/err'"
	rm -f "$full"/*
}

# --- --split on a full disk ---------------------------------------------
cat "$scratch/tasks.ndjson" "$scratch/tasks.ndjson" "$scratch/tasks.ndjson" > "$scratch/3mb.ndjson"
# 1 MB in 4 shards: the disk fills as they are finished, after the input.
full_disk "--split 4, full when the shards are finished" \
	-s 4 -o "$full/part-%d.ndjson" "$scratch/tasks.ndjson"
# 3 MB in 2 shards: the disk fills while the input is read.
full_disk "--split 2, full while reading" \
	-s 2 -o "$full/part-%d.ndjson" "$scratch/3mb.ndjson"
# 4096 compressed shards, a page each at least: the disk fills as they are.
full_disk "--split 4096 zstd, full when the shards are finished" \
	-s 4096 -o "$full/part-%d.ndjson.zst" "$scratch/tasks.ndjson"
# A full disk under the rejects file: it is not said to hold them.
if [ -n "$can_mount" ]; then
	skip "--rejects on a full disk" "$can_mount"
else
	ann-cat -r "$full/rejects" "$scratch/mixed.ndjson" > /dev/null 2> "$scratch/err"
	code=$?
	check "--rejects on a full disk: exit 2 (got $code), no rejects file, not \"written to\"" \
		sh -c "[ $code -eq 2 ] && [ ! -e '$full/rejects' ] &&
		    ! grep -q ', written to' '$scratch/err' &&
		    grep -q 'bad records skipped; they could not be written to $full/rejects' '$scratch/err'"
	rm -f "$full"/*
fi

# --- --split: whole shards, and memory that does not grow with N -----------
# 12 MB of distinct tasks: each shard of 4096 gets about 3 KiB.  Before
# the shared budget, 4096 shards took 18 MB more than one (the buffers
# filled), or 52 MB more compressed.  Under the sanitizers each of the
# thousands of allocations carries redzones: the margin is wider there.
tasks 36000 > "$scratch/12mb.ndjson"
if [ -n "${ANN_SANITIZERS:-}" ]; then margin=12288; else margin=6144; fi
for ext in ndjson ndjson.zst; do
	for n in 1 4096; do
		rm -rf "$scratch/shards"
		mkdir "$scratch/shards"
		"$rss" "$scratch/rss.$n" ann-cat -s $n -o "$scratch/shards/p-%d.$ext" \
		    "$scratch/12mb.ndjson" 2> "$scratch/err"
		code=$?
		ann-cat "$scratch/shards"/* | sorted > "$scratch/back"
		check "--split $n .$ext: exit 0 (got $code), every record in one shard" \
			sh -c "[ $code -eq 0 ] && [ \$(ls '$scratch/shards' | wc -l) -eq $n ] &&
			    LC_ALL=C sort '$scratch/12mb.ndjson' | cmp -s - '$scratch/back'"
	done
	one=$(cat "$scratch/rss.1") many=$(cat "$scratch/rss.4096")
	check "--split 4096 .$ext: peak RSS $many KiB, within $margin KiB of one shard's $one KiB" \
		[ "$many" -lt $((one + margin)) ]
done
rm -rf "$scratch/shards" "$scratch/12mb.ndjson" "$scratch/back"

# --- outputs that are not regular files ---------------------------------
d="$scratch/nodes"
mkdir "$d"
ann-tococo -q "$scratch/tasks.ndjson" > "$scratch/coco.json" 2> /dev/null
if [ "$(id -u)" != 0 ]; then
	for t in "-r to a device" "ann-tococo -o to a device" "shards to devices" \
	    "-r to a full device"; do
		skip "$t" "not root: no mknod"
	done
elif ! mknod "$d/null" c 1 3 2> "$scratch/err"; then
	for t in "-r to a device" "ann-tococo -o to a device" "shards to devices" \
	    "-r to a full device"; do
		skip "$t" "mknod failed: $(head -n 1 "$scratch/err")"
	done
else
	ann-cat -r "$d/null" "$scratch/mixed.ndjson" > /dev/null 2>&1
	check "ann-cat -r DEVICE: still the device" [ -c "$d/null" ]
	rm -f "$d/null"
	mknod "$d/null" c 1 3
	ann-tococo -q -o "$d/null" "$scratch/tasks.ndjson"
	code=$?
	check "ann-tococo -o DEVICE: exit 0 (got $code), still the device" \
		sh -c "[ $code -eq 0 ] && [ -c '$d/null' ]"
	rm -f "$d/null"
	mknod "$d/sink-0" c 1 3
	mknod "$d/sink-1" c 1 3
	ann-cat -s 2 -o "$d/sink-%d" "$scratch/tasks.ndjson"
	code=$?
	check "ann-cat --split to devices: exit 0 (got $code), still devices, nothing beside them" \
		sh -c "[ $code -eq 0 ] && [ -c '$d/sink-0' ] && [ -c '$d/sink-1' ] &&
		    [ \$(ls -A '$d' | wc -l) -eq 2 ]"
	rm -f "$d"/*
	# A device that is full: an error, said once, and no "written to".
	mknod "$d/full" c 1 7
	ann-cat -r "$d/full" "$scratch/mixed.ndjson" > /dev/null 2> "$scratch/err"
	code=$?
	grep -v 'invalid JSON' "$scratch/err" > "$scratch/err2"
	check "ann-cat -r FULL-DEVICE: exit 2 (got $code), still the device, one error, not \"written to\"" \
		sh -c "[ $code -eq 2 ] && [ -c '$d/full' ] &&
		    [ \$(grep -c 'No space left on device' '$scratch/err2') -eq 1 ] &&
		    ! grep -q ', written to' '$scratch/err2'"
	rm -f "$d"/*
fi

# A FIFO with a reader: written through, still a FIFO.  Were it replaced,
# the reader would wait for ever on the old one: it is killed then.
mkfifo "$d/fifo"
cat "$d/fifo" > "$scratch/from-fifo" &
reader=$!
ann-tococo -q -o "$d/fifo" "$scratch/tasks.ndjson"
code=$?
if [ -p "$d/fifo" ]; then wait $reader; else kill $reader; wait $reader 2> /dev/null; fi
check "ann-tococo -o FIFO: exit 0 (got $code), still a FIFO, its reader got the document" \
	sh -c "[ $code -eq 0 ] && [ -p '$d/fifo' ] && cmp -s '$scratch/from-fifo' '$scratch/coco.json'"
rm -f "$d"/*

# A symbolic link: its target is replaced, the link stays.  A dangling one
# creates its target, as the shell's ">" would.
echo old > "$d/real.json"
ln -s real.json "$d/link.json"
ln -s sub/../new.json "$d/dangling.json"
mkdir "$d/sub"
ann-tococo -q -o "$d/link.json" "$scratch/tasks.ndjson"
code=$?
check "ann-tococo -o SYMLINK: exit 0 (got $code), still a link, the target written" \
	sh -c "[ $code -eq 0 ] && [ -L '$d/link.json' ] && cmp -s '$d/real.json' '$scratch/coco.json'"
ann-cat -r "$d/dangling.json" "$scratch/mixed.ndjson" > /dev/null 2>&1
check "ann-cat -r DANGLING-SYMLINK: still a link, the target made with the rejects" \
	sh -c "[ -L '$d/dangling.json' ] && [ \$(wc -l < '$d/new.json') -eq 100 ]"
# ann-rle decode -o DIR: a mask file that is a link is written through.
printf '{"id":1,"annotations":[{"id":1,"result":[{"id":"m1","type":"brushlabels","from_name":"mask","to_name":"image","original_width":2,"original_height":1,"value":{"format":"rle","rle":[0,0,0,8,57,27,255,240,3,255,0],"brushlabels":["Road"]}}]}]}\n' > "$scratch/mask.ndjson"
mkdir "$d/masks"
ln -s ../mask.png "$d/masks/task-1-annotation-1-region-m1-Road.png"
ann-rle decode -o "$d/masks" "$scratch/mask.ndjson" > /dev/null
code=$?
check "ann-rle decode -o DIR over a link: exit 0 (got $code), still a link, the target a PNG" \
	sh -c "[ $code -eq 0 ] && [ -L '$d/masks/task-1-annotation-1-region-m1-Road.png' ] &&
	    [ \"\$(head -c 4 '$d/mask.png' | tail -c 3)\" = PNG ]"
rm -rf "$d"/*

# A replaced regular file keeps its mode.
echo old > "$d/rejects"
chmod 640 "$d/rejects"
ann-cat -r "$d/rejects" "$scratch/mixed.ndjson" > /dev/null 2>&1
check "ann-cat -r over a 0640 file: still 0640 ($(stat -c %a "$d/rejects"))" \
	[ "$(stat -c %a "$d/rejects")" = 640 ]
rm -f "$d"/*

# --- errors said once ----------------------------------------------------
if [ -c /dev/full ]; then
	for t in "ann-cat -z" ann-cat ann-select ann-flatten ann-tococo; do
		# shellcheck disable=SC2086
		# More than a buffer, so that a write fails before the close does.
		$t "$scratch/3mb.ndjson" > /dev/full 2> "$scratch/err"
		code=$?
		check "$t > /dev/full: exit 2 (got $code), the error said once ($(wc -l < "$scratch/err") lines)" \
			sh -c "[ $code -eq 2 ] && [ \$(grep -c 'No space left on device' '$scratch/err') -eq 1 ]"
	done
else
	skip "errors said once" "no /dev/full"
fi

# --- --id-file - ------------------------------------------------------------
echo 7 | ann-select --id-file - > "$scratch/out" 2> "$scratch/err"
code=$?
check "ann-select --id-file - with records on stdin too: usage error (exit $code)" \
	sh -c "[ $code -eq 2 ] && grep -q '^ann-select: --id-file -: standard input is also the input' '$scratch/err' &&
	    [ ! -s '$scratch/out' ]"
echo 7 | ann-select --id-file - "$scratch/tasks.ndjson" - > "$scratch/out" 2> "$scratch/err"
code=$?
check "ann-select --id-file - FILE -: usage error (exit $code)" \
	sh -c "[ $code -eq 2 ] && grep -q 'standard input is also the input' '$scratch/err'"
echo 7 | ann-select --id-file - "$scratch/tasks.ndjson" > "$scratch/out" 2> "$scratch/err"
code=$?
check "ann-select --id-file - FILE: the ids from stdin (exit $code)" \
	sh -c "[ $code -eq 0 ] && [ \$(wc -l < '$scratch/out') -eq 1 ] && grep -q '^{\"id\":7,' '$scratch/out'"
# --split --zstd compresses the shards; standard output stays empty (it
# held an empty zstd frame, 13 bytes, that a redirect would keep).
mkdir "$scratch/zs"
( cd "$scratch/zs" && ann-cat --split 4 --zstd --output 'shard-%d.ndjson.zst' \
	"$EXAMPLES/labelbox-export-v2.ndjson" > "$scratch/zs.out" )
check "--split --zstd: nothing on standard output ($(wc -c < "$scratch/zs.out") bytes)" \
	[ ! -s "$scratch/zs.out" ]

done_testing
