# SIGTERM while shards are being written leaves no shard behind, neither
# under its name (it would look complete) nor under a temporary one.
mkfifo in
ann-cat --split 2 -o 'p-%d.ndjson' in &
pid=$!
exec 3>in
printf '{"id":1}\n{"id":2}\n' >&3
sleep 1
ls | sort | tr '\n' ' '; echo
kill -TERM $pid
wait $pid
echo "exit $?"
exec 3>&-
ls
