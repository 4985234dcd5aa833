ann-cat no-such-file.json
