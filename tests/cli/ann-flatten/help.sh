# --help: the usage line, every option, exit 0, nothing on stderr.
ann-flatten --help
