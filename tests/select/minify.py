#!/usr/bin/env python3
# tests/select/minify.py [--each DIR] FILE...: each record of JSON files (a
# top-level array of records, or one object) on a line of its own, as
# ann-select(1) says it writes them: a record that lies on one line of the
# input as it is; one that spans several lines with the whitespace outside its
# strings removed and nothing else changed.  Works on the text, so number
# spelling, escapes and key order stay as written.
import os
import sys


def records(text):
    """The text of each record, as written."""
    out, start = [], None
    depth, instr, esc, outer = 0, False, False, None
    for i, ch in enumerate(text):
        if instr:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                instr = False
            continue
        if ch == '"':
            instr = True
        elif ch in "[{":
            if depth == 0:
                outer = ch
                if ch == "{":
                    start = i
            elif depth == 1 and outer == "[":
                start = i
            depth += 1
        elif ch in "]}":
            depth -= 1
            if (depth == 1 and outer == "[") or (depth == 0 and outer == "{"):
                out.append(text[start:i + 1])
    return out


def minify(rec):
    if "\n" not in rec:
        return rec
    out, instr, esc = [], False, False
    for ch in rec:
        if instr:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                instr = False
        elif ch == '"':
            instr = True
        elif ch in " \t\r\n":
            continue
        out.append(ch)
    return "".join(out)


# minify.py FILE...          all records to standard output
# minify.py --each DIR FILE... the records of each FILE to DIR/BASENAME
args = sys.argv[1:]
outdir = None
if args[:1] == ["--each"]:
    outdir, args = args[1], args[2:]
for path in args:
    with open(path, encoding="utf-8-sig") as f:
        text = "".join(minify(r) + "\n" for r in records(f.read()))
    if outdir is None:
        sys.stdout.write(text)
    else:
        with open(os.path.join(outdir, os.path.basename(path)), "w", encoding="utf-8") as f:
            f.write(text)
