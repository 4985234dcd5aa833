# The annotations spill to a temporary file in $TMPDIR (or /tmp): where no
# file can be made, the run stops at once with a message naming the place.
TMPDIR=missing ann-tococo "$EXAMPLES/ls-export.json"
