# --version names the tool, the suite and the library.
ann-flatten --version
ann-flatten -V
