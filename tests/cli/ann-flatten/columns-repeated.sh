# A column may be named again and again, as cut -f 1,1 allows; past 1024
# columns the command line is refused, never written past.
cols=kind; i=0; while [ $i -lt 1023 ]; do cols="$cols,kind"; i=$((i + 1)); done
ann-flatten -c "$cols" "$EXAMPLES/ls-export.json" 2>/dev/null | head -n 1 | tr , '\n' | wc -l
ann-flatten -c "$cols,kind" "$EXAMPLES/ls-export.json" > out 2> err
echo "exit $?"
head -n 1 err
wc -c < out
