# Only regular files in a completions folder are read.  A FIFO is not even
# opened (that would wait for a writer that may never come): like a
# subdirectory it is reported, the run fails, and the other files are read.
mkdir completions completions/4
for i in 1 3; do printf '{"id": %s}\n' $i > completions/$i.json; done
mkfifo completions/2.json
# A writer, so that a tool that does open the FIFO reads a record (and this
# test fails) instead of hanging.  Holding the FIFO open read-write after
# the run (Linux allows it without blocking) lets the writer finish when
# the tool left the FIFO alone.
printf '{"id": 2}\n' > completions/2.json &
ann-cat completions
status=$?
exec 3<> completions/2.json
wait
exec 3<&-
exit $status
