ann-cat --no-such-option
