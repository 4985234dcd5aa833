# The annotations spill to a temporary file in $TMPDIR (or /tmp): where no
# file can be made, the run stops at once with a message naming the place,
# and leaves no output or rejects file (nor a temporary one) behind.
TMPDIR=missing ann-tococo -o coco.json -r rejects.ndjson "$EXAMPLES/ls-export.json"
echo "exit $?"
ls
