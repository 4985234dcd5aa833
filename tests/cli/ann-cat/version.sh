ann-cat --version
