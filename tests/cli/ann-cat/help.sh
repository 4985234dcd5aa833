ann-cat --help
