#!/usr/bin/env python3
"""splitcheck.py DIR PART...: ann-tovoc --split's image sets, checked
against its own Annotations, in the VOC devkit's layout.

- every annotation file's stem is in exactly one of ImageSets/Main/PART.txt;
- trainval.txt is train.txt then val.txt's images, in the order written;
- for every class of labels.txt and every list L (the parts, trainval),
  ImageSets/Main/<class>_L.txt has L's images in L's order, each with the
  devkit's flag: " 1" when its XML has a non-difficult object of the
  class, " 0" when only difficult ones, "-1" when none.
Class file names as the manual says: '/' and control characters, and a
leading '.', become '_'.  Prints a short summary; exit 1 and the first
differences otherwise.
"""
import os
import sys
import xml.etree.ElementTree as ET

d, parts = sys.argv[1], sys.argv[2:]
main = os.path.join(d, "ImageSets", "Main")
bad = []


def lines(name):
    with open(os.path.join(main, name), encoding="utf-8") as f:
        return f.read().splitlines()


stems = sorted(n[:-4] for n in os.listdir(os.path.join(d, "Annotations")))
lists = {p: lines(p + ".txt") for p in parts}
seen = {}
for p, ss in lists.items():
    for s in ss:
        if s in seen:
            bad.append("%s in %s and %s" % (s, seen[s], p))
        seen[s] = p
if sorted(seen) != stems:
    bad.append("the parts' images are not the annotation files: %d vs %d"
               % (len(seen), len(stems)))
lists["trainval"] = lines("trainval.txt")
# Written as the images stream: train and val interleaved, each in order.
tv = lists["trainval"]
if sorted(tv) != sorted(lists["train"] + lists.get("val", [])):
    bad.append("trainval.txt is not train + val")
for p in ("train", "val"):
    if p in lists and [s for s in tv if seen.get(s) == p] != lists[p]:
        bad.append("trainval.txt's %s images are out of order" % p)

# Each image's classes from its XML: 1 (a non-difficult object), 0 (only
# difficult ones), -1 (none).
flags = {}
for s in stems:
    root = ET.parse(os.path.join(d, "Annotations", s + ".xml")).getroot()
    f = {}
    for o in root.findall("object"):
        n = o.find("name").text or ""
        diff = o.find("difficult").text == "1"
        f[n] = max(f.get(n, -1), 0 if diff else 1)
    flags[s] = f


def file_name(c):
    out = "".join("_" if ch == "/" or ord(ch) < 0x20 or ord(ch) == 0x7f else ch
                  for ch in c)
    return "_" + out[1:] if out.startswith(".") else out or "_"


with open(os.path.join(d, "labels.txt"), encoding="utf-8") as f:
    classes = f.read().splitlines()
nlines = 0
for c in classes:
    for l, ss in lists.items():
        name = "%s_%s.txt" % (file_name(c), l)
        try:
            got = lines(name)
        except OSError as e:
            bad.append(str(e))
            continue
        want = ["%s %2d" % (s, flags[s].get(c, -1)) for s in ss]
        nlines += len(got)
        if got != want:
            diff = [(g, w) for g, w in zip(got, want) if g != w][:3]
            bad.append("%s: %d lines, %d wanted; first differences %s"
                       % (name, len(got), len(want), diff))
extra = set(os.listdir(main)) - {"%s.txt" % l for l in lists} - {
    "%s_%s.txt" % (file_name(c), l) for c in classes for l in lists}
if extra:
    bad.append("files no class or list names: %s" % sorted(extra)[:5])
if bad:
    print("\n".join(bad[:10]))
    sys.exit(1)
print("ok %d images in %s, %d classes, %d per-class lines"
      % (len(stems), "/".join("%d" % len(lists[p]) for p in parts),
         len(classes), nlines))
