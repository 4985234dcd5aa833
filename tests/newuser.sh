#!/bin/sh
# tests/newuser.sh: what a new user met on real exports (issue 16): each
# check runs the public file that showed the problem and asserts the exact
# numbers.
. "${top_srcdir:-.}/tests/lib.sh"
need_corpus
C=$ANN_CORPUS

# 1. Labelbox v1 video: every frame's objects, with the frame number.
v1video=$C/labelbox/legacy-v1/video_export.v1.json
rows=$(ann-flatten -c frame "$v1video" | tail -n +2 | wc -l)
check "v1 video: 500 boxes (got $rows)" [ "$rows" -eq 500 ]
frames=$(ann-flatten -c frame "$v1video" | tail -n +2 | sort -u | wc -l)
check "v1 video: in 100 frames (got $frames)" [ "$frames" -eq 100 ]
first=$(ann-flatten -c frame,kind,label,x,y,width,height "$v1video" | sed -n 2p)
check "v1 video: the first box in pixels, frame 1 ($first)" \
	[ "$first" = "1,rectangle,Jellyfish,1644,582,212,340" ]
n=$(ann-select -c -l Jellyfish "$v1video")
check "v1 video: ann-select -l Jellyfish matches the task (got $n)" [ "$n" = 1 ]
ndj=$(ann-flatten -c frame "$C/labelbox/legacy-v1/video_export.v1.ndjson" | tail -n +2 | wc -l)
check "v1 video NDJSON: 500 boxes too (got $ndj)" [ "$ndj" -eq 500 ]
out=$(ann-tococo --add-unknown "$v1video" 2>&1 >/dev/null)
case $out in
*"task skipped: a video"*"ann-flatten -c frame"*"skipped: 1 video tasks"*)
	ok "ann-tococo: a video task is a counted skip that names ann-flatten" ;;
*)	not_ok "ann-tococo: a video task is a counted skip that names ann-flatten: $out" ;;
esac

# 6. One notion of a task's keys: --id matches the Labelbox external id
# that ann-flatten shows as global_key.
zealot=$C/labelbox/export-v2/zealotsniper-bbox.export-v2.ndjson
n=$(ann-select -c --id "2023-06-04 09-31-34_72.jpg" "$zealot")
check "ann-select --id matches data_row.external_id (got $n)" [ "$n" = 1 ]
key=$(ann-select --id "2023-06-04 09-31-34_72.jpg" "$zealot" | ann-flatten -c global_key | sed -n 2p)
check "and it is the key ann-flatten shows ($key)" [ "$key" = "2023-06-04 09-31-34_72.jpg" ]
n=$(ann-select -c --id cligsj8b315wf07488xby4ktl "$zealot")
check "the data row id still matches (got $n)" [ "$n" = 1 ]

# 7. Multi-image tasks: the region's item (Label Studio item_index).
items=$(ann-flatten --both -c item,label "$C/label-studio/tasks/lsf-image_list.task.json" | tr '\n' ' ')
check "ann-flatten -c item: 0 for the annotation, empty without item_index ($items)" \
	[ "$items" = "item,label 0,Moonwalker ,Moonwalker ,Moonwalker " ]

done_testing
