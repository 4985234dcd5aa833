# Categories from 1, images without annotations left out, base names.
ann-tococo --category-base 1 --skip-empty --file-name basename -q "$EXAMPLES/ls-export.json"
