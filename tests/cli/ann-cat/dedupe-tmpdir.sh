# --dedupe spills the records to a temporary file in $TMPDIR (or /tmp),
# unlinked at once: a directory given there is used and left empty, and one
# where no file can be made is an error naming it, before any output, and
# with no rejects file (nor a temporary one) left behind.
printf '%s\n' '{"id":1,"v":"old"}' '{"id":2}' '{"id":1,"v":"new"}' > tasks.ndjson
mkdir spill
TMPDIR=spill ann-cat --dedupe tasks.ndjson
ls spill
TMPDIR=missing ann-cat --dedupe -r rejects.ndjson tasks.ndjson
echo "exit $?"
ls
