# With --strict-labels, a label outside --categories stops the run, and no
# output file appears.
printf 'Car\n' > classes.txt
ann-tococo --strict-labels -C classes.txt -o coco.json "$EXAMPLES/labelbox-export-v2.ndjson"
echo "exit $?"
ls
