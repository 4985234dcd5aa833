# Without --keep-going the first bad record ends the run; what came before stays.
printf '%s\n' '{"id":1}' '{"id":2' '{"id":3}' | ann-cat
