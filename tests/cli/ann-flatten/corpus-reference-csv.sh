# Label Studio's own CSV/TSV test export, per task as TSV.  Field by field
# it is the reference converter's sdk-csv_test2.expected.csv, except that
# the reference quotes every string and leaves out uri_selection (a control
# tag missing from the config it ran with).
ann-flatten --per-task -f tsv "$CORPUS/label-studio/export/sdk-csv_test2.export.json"
