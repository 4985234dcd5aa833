# --list-columns: task_id first, one column a line with its meaning, the
# optional ones marked; every listed name is accepted by --columns.
ann-flatten --list-columns > list
head -n 1 list
awk '{ print $1 }' list > names
wc -l < names | tr -d ' '
grep -c '(not by default)$' list
for c in $(cat names); do
	ann-flatten --columns "$c" < /dev/null > header || echo "refused: $c"
	[ "$(cat header)" = "$c" ] || echo "header for $c: $(cat header)"
done
ann-flatten --columns "$(tr '\n' , < names | sed 's/,$//')" < /dev/null | tr , '\n' | cmp - names && echo all columns at once
