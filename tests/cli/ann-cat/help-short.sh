ann-cat -h > short.txt && ann-cat --help > long.txt && cmp short.txt long.txt && echo same
