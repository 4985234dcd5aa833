# An unknown option: the message and the usage on stderr, exit 2.
ann-flatten --no-such-option "$EXAMPLES/ls-export.json"
