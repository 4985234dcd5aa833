#!/usr/bin/env python3
"""voccheck.py: a VOC dataset written by ann-tovoc, parsed back and compared
with the regions of its input, worked out here anew in pixels.

usage: voccheck.py DIR INPUT...

INPUT is Label Studio tasks (a JSON array or NDJSON) or Labelbox export v2
rows (NDJSON).  Each task with an image size is an image, in input order,
listed in ImageSets/Main/train.txt; its annotation (Label Studio: the
ground-truth one, else the newest, cancelled ones left out) gives the
objects: every rectangle (its upright hull when rotated: Label Studio turns
it about its top-left corner, clockwise) and polygon, one per label,
clipped to the image.  A VOC box holds pixels xmin..xmax counted from 1,
so the region must lie in [xmin - 1, xmax] and reach into the first and
last pixel: xmin - 1 <= x0 < xmin and xmax - 1 < x1 <= xmax.  truncated
is 1 exactly when the box reaches the image's edge.  Prints a count;
exit 1 with the differences.
"""
import json
import math
import os
import sys
import xml.etree.ElementTree as ET

SLACK = 1e-6


def records(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.lstrip().startswith("["):
        return json.loads(text)
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def ls_boxes(task):
    """(width, height, [(name, x0, y0, x1, y1)]) of a Label Studio task."""
    sets = [a for a in task.get("annotations", []) if not a.get("was_cancelled")]
    w = h = None
    for a in task.get("annotations", []) + task.get("predictions", []):
        for r in a.get("result", []):
            if w is None and "original_width" in r:
                w, h = r["original_width"], r.get("original_height")
    if not w or not h:
        return None
    gt = [a for a in sets if a.get("ground_truth")]
    pool = gt or sets
    best = None
    for a in pool:  # the newest; the later one when dates tie or are missing
        if best is None or (a.get("created_at") or "") >= (best.get("created_at") or ""):
            best = a
    out = []
    for r in (best or {}).get("result", []):
        v = r.get("value", {})
        rw, rh = r.get("original_width", w), r.get("original_height", h)
        if r.get("type") == "rectanglelabels":
            x, y = v["x"] / 100 * rw, v["y"] / 100 * rh
            bw, bh = v["width"] / 100 * rw, v["height"] / 100 * rh
            t = math.radians(v.get("rotation", 0) or 0)
            pts = [(x + dx * math.cos(t) - dy * math.sin(t),
                    y + dx * math.sin(t) + dy * math.cos(t))
                   for dx, dy in ((0, 0), (bw, 0), (bw, bh), (0, bh))]
            names = v.get("rectanglelabels", [])
        elif r.get("type") == "polygonlabels":
            pts = [(p[0] / 100 * rw, p[1] / 100 * rh) for p in v.get("points", [])]
            names = v.get("polygonlabels", [])
        else:
            continue
        for n in names:
            out.append((n,) + extent(pts))
    return w, h, out


def lb_boxes(row):
    m = row.get("media_attributes", {})
    w, h = m.get("width"), m.get("height")
    if not w or not h:
        return None
    labels = [l for p in row.get("projects", {}).values() for l in p.get("labels", [])]
    out = []
    for o in (labels[-1]["annotations"].get("objects", []) if labels else []):
        b = o.get("bounding_box")
        if b is not None:
            pts = [(b["left"], b["top"]), (b["left"] + b["width"], b["top"] + b["height"])]
        elif "polygon" in o:
            pts = [(p["x"], p["y"]) for p in o["polygon"]]
        else:
            continue
        out.append((o["name"],) + extent(pts))
    return w, h, out


def extent(pts):
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


def covers(obj, want, w, h):
    """Does the VOC box obj hold the region want, clipped to w x h?"""
    x0, y0 = max(want[1], 0), max(want[2], 0)
    x1, y1 = min(want[3], w), min(want[4], h)
    xmin, ymin, xmax, ymax = obj["box"]
    return (obj["name"] == want[0]
            and xmin - 1 - SLACK <= x0 < xmin + SLACK and xmax - 1 - SLACK < x1 <= xmax + SLACK
            and ymin - 1 - SLACK <= y0 < ymin + SLACK and ymax - 1 - SLACK < y1 <= ymax + SLACK)


def main():
    d, inputs = sys.argv[1], sys.argv[2:]
    problems = []
    images = []
    for path in inputs:
        for rec in records(path):
            got = lb_boxes(rec) if "data_row" in rec else ls_boxes(rec)
            if got is not None:
                images.append(got)
    with open(os.path.join(d, "ImageSets", "Main", "train.txt"), encoding="utf-8") as f:
        stems = f.read().splitlines()
    with open(os.path.join(d, "labels.txt"), encoding="utf-8") as f:
        labels = f.read().splitlines()
    if len(stems) != len(images):
        problems.append("%d images listed, %d tasks with a size" % (len(stems), len(images)))
    nobj = 0
    for stem, (w, h, want) in zip(stems, images):
        root = ET.parse(os.path.join(d, "Annotations", stem + ".xml")).getroot()
        size = (int(root.find("size/width").text), int(root.find("size/height").text))
        if size != (w, h):
            problems.append("%s: size %s, want %s" % (stem, size, (w, h)))
        objs = []
        for o in root.findall("object"):
            b = o.find("bndbox")
            box = tuple(int(b.find(k).text) for k in ("xmin", "ymin", "xmax", "ymax"))
            obj = {"name": o.find("name").text, "box": box,
                   "truncated": int(o.find("truncated").text),
                   "difficult": int(o.find("difficult").text)}
            if not (1 <= box[0] <= box[2] <= w and 1 <= box[1] <= box[3] <= h):
                problems.append("%s: box %s outside 1..%d x 1..%d" % (stem, box, w, h))
            edge = box[0] == 1 or box[1] == 1 or box[2] == w or box[3] == h
            if obj["truncated"] != int(edge) or obj["difficult"] != 0:
                problems.append("%s: %s: truncated/difficult wrong" % (stem, obj))
            if obj["name"] not in labels:
                problems.append("%s: %s not in labels.txt" % (stem, obj["name"]))
            objs.append(obj)
        # Regions wholly outside the image are counted skips, not objects.
        want = [r for r in want if min(r[3], w) > max(r[1], 0) and min(r[4], h) > max(r[2], 0)]
        if len(objs) != len(want):
            problems.append("%s: %d objects, want %d" % (stem, len(objs), len(want)))
        for obj, r in zip(objs, want):
            if not covers(obj, r, w, h):
                problems.append("%s: %s does not hold %s" % (stem, obj, r))
        nobj += len(objs)
    if problems:
        print("\n".join(problems[:20]))
        return 1
    print("%d images, %d objects as their regions in pixels" % (len(stems), nobj))
    return 0


if __name__ == "__main__":
    sys.exit(main())
