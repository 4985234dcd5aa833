#!/usr/bin/env python3
"""lsyolo.py TASK EXPORT.json DATA.yaml OUTDIR: the label files
label-studio-converter's YOLO export computes for a Label Studio export
(its formulas, as its documentation and tests describe them: written anew,
no code taken), where it is right, for comparing ann-toyolo's byte for
byte.  Differences it gets wrong are applied as ann-toyolo's manual
page says (COMPATIBILITY): the newest non-cancelled annotation, a box
without "rotation" kept with rotation 0, coordinates clipped to [0, 1],
six decimals.  Class ids come from DATA.yaml (numbering is tested apart).
One OUTDIR/<stem>.txt per task, the stem being the image's base name.
"""
import json
import math
import os
import sys


def clip(v):
    return min(1.0, max(0.0, v))


def fmt(cls, vals):
    return " ".join([str(cls)] + ["%.6f" % clip(v) for v in vals]) + "\n"


def newest(task):
    best = None
    for a in task.get("annotations", []):
        if a.get("was_cancelled"):
            continue
        key = (bool(a.get("ground_truth")), a.get("created_at") or "")
        if best is None or key >= best[0]:
            best = (key, a)
    return best[1] if best else None


def names_of(path):
    names = {}
    for line in open(path, encoding="utf-8"):
        if line.startswith("  "):
            k, v = line.strip().split(": ", 1)
            names[json.loads(v)] = int(k)
    return names


def kp_order(config):
    import xml.etree.ElementTree as ET
    order = []
    for tag in ET.parse(config).iter("KeyPointLabels"):
        for l in tag.iter("Label"):
            order.append((int(l.get("model_index")), l.get("value")))
    return [n for _, n in sorted(order)]


def main():
    task, export, yaml, out = sys.argv[1:5]
    config = sys.argv[5] if len(sys.argv) > 5 else None
    cls = names_of(yaml)
    os.makedirs(out, exist_ok=True)
    for t in json.load(open(export, encoding="utf-8")):
        ref = next(v for v in t["data"].values() if isinstance(v, str))
        stem = os.path.splitext(os.path.basename(ref))[0]
        a = newest(t)
        lines = []
        res = a["result"] if a else []
        if task == "pose":
            boxes = {}
            for r in res:
                if r["type"] == "rectanglelabels":
                    v = r["value"]
                    boxes[r["id"]] = (cls[v["rectanglelabels"][0]],
                                      [(v["x"] + v["width"] / 2) / 100, (v["y"] + v["height"] / 2) / 100,
                                       v["width"] / 100, v["height"] / 100], {})
            for r in res:
                if r["type"] == "keypointlabels" and r.get("parentID") in boxes:
                    v = r["value"]
                    boxes[r["parentID"]][2][v["keypointlabels"][0]] = (v["x"] / 100, v["y"] / 100)
            for c, b, kps in boxes.values():
                line = fmt(c, b)[:-1]
                for k in kp_order(config):
                    line += " %.6f %.6f 2" % kps[k] if k in kps else " 0.000000 0.000000 0"
                lines.append(line + "\n")
        for r in res if task != "pose" else []:
            v = r["value"]
            for label in v.get("rectanglelabels", []) + v.get("polygonlabels", []):
                c = cls[label]
                if task == "detect" and r["type"] == "rectanglelabels":
                    lines.append(fmt(c, [(v["x"] + v["width"] / 2) / 100, (v["y"] + v["height"] / 2) / 100,
                                         v["width"] / 100, v["height"] / 100]))
                elif task == "obb" and r["type"] == "rectanglelabels":
                    W, H = r["original_width"], r["original_height"]
                    x, y = v["x"] / 100 * W, v["y"] / 100 * H
                    w, h = v["width"] / 100 * W, v["height"] / 100 * H
                    a_ = math.radians(v.get("rotation", 0))
                    c_, s_ = math.cos(a_), math.sin(a_)
                    pts = [(x, y), (x + w * c_, y + w * s_), (x + w * c_ - h * s_, y + w * s_ + h * c_),
                           (x - h * s_, y + h * c_)]
                    lines.append(fmt(c, [q for p in pts for q in (p[0] / W, p[1] / H)]))
                elif task == "segment" and r["type"] == "polygonlabels":
                    lines.append(fmt(c, [q / 100 for p in v["points"] for q in p]))
        with open(os.path.join(out, stem + ".txt"), "w", encoding="utf-8", newline="") as f:
            f.write("".join(lines))


main()
