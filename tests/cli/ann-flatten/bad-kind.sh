# A kind that does not exist, and --kind with --per-task, are usage errors.
ann-flatten -K box "$EXAMPLES/ls-export.json"
echo "exit $?"
ann-flatten -K rectangle --per-task "$EXAMPLES/ls-export.json"
echo "exit $?"
