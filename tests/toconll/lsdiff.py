# lsdiff.py CONVERTER OURS: label-studio-converter's CONLL2003 output against
# ann-toconll's for the same input, line by line where they agree, and
# otherwise only where ann-toconll(1)'s COMPATIBILITY says they differ: one
# converter token that is several of ours, joined without anything between
# them (a mid-text period, a leading hyphen).  Prints each such token and
# the count; exit 1 on any other difference.
import sys

a = open(sys.argv[1], encoding="utf-8").read().split("\n")
b = open(sys.argv[2], encoding="utf-8").read().split("\n")
i = j = split = 0
bad = 0
while i < len(a) and j < len(b):
    if a[i] == b[j]:
        i += 1
        j += 1
        continue
    ta, ga = a[i].split(" ")[0], a[i].split(" ")[-1]
    parts, tags = "", []
    k = j
    while k < len(b) and b[k] and len(parts) < len(ta) and ta.startswith(parts + b[k].split(" ")[0]):
        parts += b[k].split(" ")[0]
        tags.append(b[k].split(" ")[-1])
        k += 1
    # The converter's whole token has the tag of the first of ours, or O.
    if parts == ta and k - j > 1 and ga in (tags[0], "O") and all(
            t == "O" or t.startswith("I-") for t in tags[1:]):
        print("split: %s -> %s" % (ta, " ".join(x.split(" ")[0] for x in b[j:k])))
        split += 1
        i += 1
        j = k
        continue
    print("differs: line %d %r, ours line %d %r" % (i + 1, a[i], j + 1, b[j]))
    bad = 1
    break
if not bad and (a[i:] != b[j:]):
    print("differs at the end")
    bad = 1
print("%d tokens split" % split)
sys.exit(bad)
