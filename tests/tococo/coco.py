#!/usr/bin/env python3
"""tests/tococo/coco.py: an oracle for tests/tococo.sh, written from
man/ann-tococo.1 and the COCO format, never from ann-tococo's own output.

    coco.py validate DOC [--input FILE] [--stderr FILE] [--base N] [--crowd]
    coco.py geometry INPUT DOC       pixels of every region, by its label
    coco.py sdkcoco DOC              label-studio-sdk's test_export_coco facts
    coco.py rle-tasks CORPUS OUT CASE...   brush tasks from corpus/rle cases
    coco.py rle-check CORPUS DOC CASE...   the masks, decoded here
    coco.py brush-fixture OUT        a task with a hand-made brush mask
    coco.py brush-check DOC [--results]    ... in the output
    coco.py cats DOC 'name=id ...'   the categories, exactly
    coco.py results DOC RESULTS     --results against the document
    coco.py images DIR               a tiny PNG and JPEG
    coco.py big OUT BYTES            Label Studio tasks; prints the count
    coco.py offsets FILE             byte offset of each line
    coco.py q DOC EXPR               print EXPR, with d the document
    coco.py batch PLAN               many of the above in one run

Each check prints "ok ..." and exits 0, or prints what is wrong and exits 1.
"""
import hashlib
import json
import math
import os
import re
import struct
import sys
import zlib

EPS = 1e-6


def close(a, b, eps=EPS):
    return abs(a - b) <= eps


def close_list(a, b, eps=EPS):
    return (isinstance(a, list) and len(a) == len(b) and
            all(isinstance(x, (int, float)) and close(x, y, eps) for x, y in zip(a, b)))


def load_doc(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def load_records(path):
    """The tasks or rows of an export: a JSON array, one object, or NDJSON."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        d = json.loads(text)
        return d if isinstance(d, list) else [d]
    except ValueError:
        return [json.loads(l) for l in text.splitlines() if l.strip()]


def finish(problems, good):
    if problems:
        more = len(problems) - 5
        print("; ".join(problems[:5]) + (" (and %d more)" % more if more > 0 else ""))
        sys.exit(1)
    print("ok " + good)
    sys.exit(0)


# ---- geometry, from the manual page ------------------------------------

def box_around(pts):
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    return [min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)]


def shoelace(pts):
    a = 0.0
    for i, (x, y) in enumerate(pts):
        x2, y2 = pts[(i + 1) % len(pts)]
        a += x * y2 - x2 * y
    return abs(a) / 2


def rect_expect(x, y, w, h, rot):
    """Corners of a rectangle turned clockwise about its top-left corner."""
    r = math.radians(rot)
    c, s = math.cos(r), math.sin(r)
    pts = [(x, y), (x + w * c, y + w * s), (x + w * c - h * s, y + w * s + h * c),
           (x - h * s, y + h * c)]
    return {"kind": "rectangle", "seg": [v for p in pts for v in p],
            "bbox": box_around(pts), "area": abs(w * h)}


def poly_expect(pts):
    return {"kind": "polygon", "seg": [v for p in pts for v in p],
            "bbox": box_around(pts), "area": shoelace(pts)}


def ellipse_expect(cx, cy, rx, ry, rot):
    r = math.radians(rot)
    c, s = math.cos(r), math.sin(r)
    hw = math.sqrt((rx * c) ** 2 + (ry * s) ** 2)
    hh = math.sqrt((rx * s) ** 2 + (ry * c) ** 2)
    return {"kind": "ellipse", "ellipse": (cx, cy, rx, ry, c, s),
            "bbox": [cx - hw, cy - hh, 2 * hw, 2 * hh], "area": math.pi * rx * ry}


def point_expect(x, y):
    return {"kind": "keypoint", "keypoints": [x, y, 2], "bbox": [x, y, 0, 0], "area": 0}


def line_expect(pts):
    """The man page: a line keeps its points, in order, as keypoints."""
    kp = []
    for x, y in pts:
        kp += [x, y, 2]
    xs, ys = [x for x, _ in pts], [y for _, y in pts]
    return {"kind": "keypoint", "keypoints": kp,
            "bbox": [min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)], "area": 0}


LS_KINDS = {"rectanglelabels": "rectangle", "rectangle": "rectangle",
            "polygonlabels": "polygon", "polygon": "polygon",
            "ellipselabels": "ellipse", "ellipse": "ellipse",
            "keypointlabels": "keypoint", "keypoint": "keypoint",
            "polylinelabels": "line", "polyline": "line",
            "brushlabels": "brush", "brush": "brush"}


def ls_label(v):
    for k, labels in v.items():
        if k.endswith("labels") and isinstance(labels, list) and labels:
            return labels[0]
    return None


def ls_expect(r):
    """What the manual says one Label Studio result becomes, or None."""
    kind = LS_KINDS.get(r.get("type"))
    v = r.get("value")
    if kind is None or kind == "brush" or not isinstance(v, dict):
        return None
    W, H = r.get("original_width"), r.get("original_height")
    if not W or not H:
        return None
    px = lambda p: p * W / 100.0
    py = lambda p: p * H / 100.0
    rot = v.get("rotation") or 0
    if kind == "rectangle":
        e = rect_expect(px(v["x"]), py(v["y"]), px(v["width"]), py(v["height"]), rot)
    elif kind == "polygon":
        e = poly_expect([(px(p[0]), py(p[1])) for p in v["points"]])
    elif kind == "line":
        e = line_expect([(px(p[0]), py(p[1])) for p in v["points"]])
    elif kind == "ellipse":
        e = ellipse_expect(px(v["x"]), py(v["y"]), abs(px(v["radiusX"])),
                           abs(py(v["radiusY"])), rot)
    else:
        e = point_expect(px(v["x"]), py(v["y"]))
    e["label"], e["W"], e["H"] = ls_label(v), W, H
    return e


def lb_expect(o, W, H):
    """What the manual says one Labelbox object becomes (pixels), or None."""
    if "bounding_box" in o:
        b = o["bounding_box"]
        l, t, w, h = b["left"], b["top"], b["width"], b["height"]
        e = rect_expect(l, t, w, h, 0)
    elif "polygon" in o:
        e = poly_expect([(p["x"], p["y"]) for p in o["polygon"]])
    elif "point" in o:
        e = point_expect(o["point"]["x"], o["point"]["y"])
    elif "line" in o:
        e = line_expect([(p["x"], p["y"]) for p in o["line"]])
    else:
        return None
    e["label"], e["W"], e["H"] = o.get("name"), W, H
    return e


def expectations(records):
    """Every region of every annotation and prediction that has a COCO form."""
    out = []
    for t in records:
        if not isinstance(t, dict):
            continue
        if "data_row" in t:
            W = (t.get("media_attributes") or {}).get("width")
            H = (t.get("media_attributes") or {}).get("height")
            for p in (t.get("projects") or {}).values():
                for lab in p.get("labels") or []:
                    for o in (lab.get("annotations") or {}).get("objects") or []:
                        e = lb_expect(o, W, H)
                        if e is not None:
                            out.append(e)
            continue
        sets = (t.get("annotations") or t.get("completions") or []) + (t.get("predictions") or [])
        for a in sets:
            if not isinstance(a, dict):
                continue
            for r in a.get("result") or []:
                if isinstance(r, dict):
                    e = ls_expect(r)
                    if e is not None:
                        out.append(e)
    return out


def inside(bbox, W, H):
    x, y, w, h = bbox
    return x >= -EPS and y >= -EPS and x + w <= W + EPS and y + h <= H + EPS


# ---- COCO compressed RLE, from cocoapi's maskApi description ------------

def rle_from_string(s):
    cnts = []
    p = 0
    while p < len(s):
        x = k = 0
        more = True
        while more:
            c = ord(s[p]) - 48
            x |= (c & 0x1f) << (5 * k)
            more = bool(c & 0x20)
            p += 1
            k += 1
            if not more and (c & 0x10):
                x |= -1 << (5 * k)
        if len(cnts) > 2:
            x += cnts[-2]
        cnts.append(x)
    return cnts


def rle_mask(cnts, h, w):
    """The column-major mask, one byte a pixel, 255 for set; None if bad."""
    if any(c < 0 for c in cnts) or sum(cnts) != h * w:
        return None
    m = bytearray(h * w)
    at = 0
    for i, c in enumerate(cnts):
        if i % 2:
            m[at:at + c] = b"\xff" * c
        at += c
    return m


def rle_area_bbox(cnts, h):
    area, at = 0, 0
    x0 = y0 = float("inf")
    x1 = y1 = -1
    for i, c in enumerate(cnts):
        if i % 2 and c > 0:
            area += c
            s, e = at, at + c - 1
            xs, xe = s // h, e // h
            ys, ye = (s % h, e % h) if xs == xe else (0, h - 1)
            x0, x1 = min(x0, xs), max(x1, xe)
            y0, y1 = min(y0, ys), max(y1, ye)
        at += c
    if area == 0:
        return 0, [0, 0, 0, 0]
    return area, [x0, y0, x1 - x0 + 1, y1 - y0 + 1]


# ---- subcommands ------------------------------------------------------

def cmd_validate(args):
    doc_path = args[0]
    opts = dict(zip(args[1::2], args[2::2]))
    crowd = "--crowd" in args
    probs = []
    try:
        d = load_doc(doc_path)
    except ValueError as e:
        finish(["not JSON: %s" % e], "")
    if not isinstance(d, dict) or not all(isinstance(d.get(k), list) for k in
                                          ("images", "annotations", "categories")):
        finish(["no images, annotations and categories arrays"], "")
    images, anns, cats = d["images"], d["annotations"], d["categories"]
    # From 1, as COCO's own files: COCOeval takes a match's id 0 for none.
    if [i.get("id") for i in images] != list(range(1, len(images) + 1)):
        probs.append("image ids are not 1..%d in order" % len(images))
    if [a.get("id") for a in anns] != list(range(1, len(anns) + 1)):
        probs.append("annotation ids are not 1..%d in order" % len(anns))
    base = int(opts.get("--base", 0))
    cids = sorted(c.get("id") for c in cats)
    if cids != list(range(base, base + len(cats))):
        probs.append("category ids %s are not consecutive from %d" % (cids, base))
    if len(set(c.get("name") for c in cats)) != len(cats):
        probs.append("category names repeat")
    img = {}
    for i in images:
        if not (isinstance(i.get("width"), int) and i["width"] > 0 and
                isinstance(i.get("height"), int) and i["height"] > 0 and
                isinstance(i.get("file_name"), str)):
            probs.append("image %s: bad width, height or file_name" % i.get("id"))
        img[i.get("id")] = i
    cid = set(cids)
    # The bbox must lie inside its image, unless the export itself has
    # regions outside their image (percents over 100, say).
    check_inside = True
    if "--input" in opts:
        for e in expectations(load_records(opts["--input"])):
            if e["W"] and e["H"] and not inside(e["bbox"], e["W"], e["H"]):
                check_inside = False
    n_inside = 0
    for a in anns:
        aid = a.get("id")
        if a.get("image_id") not in img:
            probs.append("annotation %s: image_id %s does not exist" % (aid, a.get("image_id")))
            continue
        if a.get("category_id") not in cid:
            probs.append("annotation %s: category_id %s does not exist" % (aid, a.get("category_id")))
        im = img[a["image_id"]]
        bbox = a.get("bbox")
        if not (isinstance(bbox, list) and len(bbox) == 4 and
                all(isinstance(v, (int, float)) for v in bbox) and bbox[2] >= 0 and bbox[3] >= 0):
            probs.append("annotation %s: bad bbox %s" % (aid, bbox))
            continue
        if check_inside:
            n_inside += 1
            if not inside(bbox, im["width"], im["height"]):
                probs.append("annotation %s: bbox %s outside the %dx%d image" %
                             (aid, bbox, im["width"], im["height"]))
        seg = a.get("segmentation")
        # A box that carries its keypoints (COCO keypoint datasets): one
        # [x, y, v] per name of its category's "keypoints", v 2 placed or
        # 0 at 0, 0; num_keypoints the placed ones; the box is its own.
        cat = [c for c in cats if c.get("id") == a.get("category_id")]
        names = cat[0].get("keypoints") if cat else None
        is_kp = "keypoints" in a and names is None
        if "keypoints" in a and names is not None:
            kp = a["keypoints"]
            trip = [kp[i:i + 3] for i in range(0, len(kp), 3)]
            if not (len(kp) == 3 * len(names) and
                    all(t[2] == 2 or t == [0, 0, 0] for t in trip) and
                    a.get("num_keypoints") == sum(t[2] == 2 for t in trip) and
                    isinstance(seg, list) and seg and a.get("area", 0) > 0):
                probs.append("annotation %s: bad keypoints of a box %s" % (aid, a))
        elif is_kp:
            kp = a["keypoints"]
            xs, ys = kp[0::3], kp[1::3]
            if not (isinstance(kp, list) and len(kp) >= 3 and len(kp) % 3 == 0 and
                    all(v == 2 for v in kp[2::3]) and
                    a.get("num_keypoints") == len(kp) // 3 and a.get("area") == 0 and
                    close_list(bbox, [min(xs), min(ys), max(xs) - min(xs),
                                      max(ys) - min(ys)])):
                probs.append("annotation %s: bad keypoint %s" % (aid, a))
        elif isinstance(seg, dict):
            pass    # a mask's area is its pixels, maybe none: checked below
        elif not (isinstance(a.get("area"), (int, float)) and a["area"] > 0):
            probs.append("annotation %s: area %s is not > 0" % (aid, a.get("area")))
        if a.get("iscrowd") != (1 if crowd and isinstance(seg, dict) else 0):
            probs.append("annotation %s: iscrowd %s" % (aid, a.get("iscrowd")))
        if isinstance(seg, dict):
            if seg.get("size") != [im["height"], im["width"]] or not isinstance(seg.get("counts"), str):
                probs.append("annotation %s: RLE size %s for a %dx%d image" %
                             (aid, seg.get("size"), im["width"], im["height"]))
            else:
                cnts = rle_from_string(seg["counts"])
                area, mbox = rle_area_bbox(cnts, im["height"])
                if any(c < 0 for c in cnts) or sum(cnts) != im["width"] * im["height"]:
                    probs.append("annotation %s: RLE counts do not cover the image" % aid)
                elif a.get("area") != area or not close_list(bbox, mbox):
                    probs.append("annotation %s: area %s bbox %s, its mask has %s %s" %
                                 (aid, a.get("area"), bbox, area, mbox))
        elif isinstance(seg, list):
            if not is_kp and not seg:
                probs.append("annotation %s: empty segmentation" % aid)
            for p in seg:
                if not (isinstance(p, list) and len(p) % 2 == 0 and len(p) >= 6):
                    probs.append("annotation %s: polygon of %s coordinates" %
                                 (aid, len(p) if isinstance(p, list) else p))
        else:
            probs.append("annotation %s: segmentation %r" % (aid, seg))
    if "--stderr" in opts:
        with open(opts["--stderr"], encoding="utf-8", errors="replace") as f:
            lines = [l for l in f if re.match(r"ann-tococo: \d+ tasks?, ", l)]
        if len(lines) != 1:
            probs.append("%d summary lines" % len(lines))
        else:
            # A count of one is singular: "1 task, 1 image, 1 category".
            m = re.match(r"ann-tococo: (\d+) tasks?, (\d+) images?, (\d+) annotations?, "
                         r"(\d+) (?:categories|category)", lines[0])
            got = tuple(int(g) for g in m.groups()[1:]) if m else None
            if got != (len(images), len(anns), len(cats)):
                probs.append("summary says %s, the document has %d images, %d annotations, %d categories"
                             % (lines[0].strip(), len(images), len(anns), len(cats)))
    finish(probs, "(%d images, %d annotations, %d categories%s)" %
           (len(images), len(anns), len(cats),
            ", %d bboxes inside" % n_inside if check_inside else ", export has regions outside"))


def by_label(d):
    names = {c["id"]: c["name"] for c in d["categories"]}
    out = {}
    for a in d["annotations"]:
        out.setdefault(names.get(a["category_id"]), []).append(a)
    return out


def compare(e, a):
    """Problems of annotation a against expectation e."""
    p = []
    lab = e["label"]
    if not close_list(a.get("bbox"), e["bbox"]):
        p.append("%s: bbox %s, expected %s" % (lab, a.get("bbox"), e["bbox"]))
    if not close(a.get("area", -1), e["area"]):
        p.append("%s: area %s, expected %s" % (lab, a.get("area"), e["area"]))
    seg = a.get("segmentation")
    if e["kind"] == "keypoint":
        n = len(e["keypoints"]) // 3
        if not close_list(a.get("keypoints"), e["keypoints"]) or a.get("num_keypoints") != n:
            p.append("%s: keypoints %s num_keypoints %s, expected %s and %d" %
                     (lab, a.get("keypoints"), a.get("num_keypoints"), e["keypoints"], n))
    elif e["kind"] == "ellipse":
        cx, cy, rx, ry, c, s = e["ellipse"]
        if not (isinstance(seg, list) and len(seg) == 1 and len(seg[0]) == 64):
            p.append("%s: segmentation is not one polygon of 32 points: %s" % (lab, seg))
        else:
            pts = list(zip(seg[0][0::2], seg[0][1::2]))
            for x, y in pts:
                dx, dy = x - cx, y - cy
                u, v = dx * c + dy * s, -dx * s + dy * c
                if abs((u / rx) ** 2 + (v / ry) ** 2 - 1) > EPS:
                    p.append("%s: (%s, %s) is not on the ellipse" % (lab, x, y))
                    break
            if len(set((round(x, 6), round(y, 6)) for x, y in pts)) != 32:
                p.append("%s: the 32 points are not distinct" % lab)
            b = box_around(pts)
            if not (b[0] >= e["bbox"][0] - EPS and b[1] >= e["bbox"][1] - EPS and
                    b[0] + b[2] <= e["bbox"][0] + e["bbox"][2] + EPS and
                    b[1] + b[3] <= e["bbox"][1] + e["bbox"][3] + EPS):
                p.append("%s: the points leave the ellipse's box" % lab)
    else:
        if not (isinstance(seg, list) and len(seg) == 1 and close_list(seg[0], e["seg"])):
            p.append("%s: segmentation %s, expected [%s]" % (lab, seg, e["seg"]))
    return p


def cmd_geometry(args):
    exp = expectations(load_records(args[0]))
    got = by_label(load_doc(args[1]))
    probs = []
    for e in exp:
        anns = got.get(e["label"], [])
        if len(anns) != 1:
            probs.append("%s: %d annotations, expected 1" % (e["label"], len(anns)))
            continue
        probs += compare(e, anns[0])
    extra = set(got) - set(e["label"] for e in exp)
    if extra:
        probs.append("unexpected annotations: %s" % sorted(extra))
    # Every label met is a category, also of a region that did not convert
    # (a mask given only as a URL): categories do not depend on which did.
    cats = set(c["name"] for c in load_doc(args[1])["categories"])
    if not cats >= set(e["label"] for e in exp) or (cats - set(got)) & set(e["label"] for e in exp):
        probs.append("categories %s, expected each region's first label: %s" %
                     (sorted(cats), sorted(set(e["label"] for e in exp))))
    finish(probs, "(%d regions: %s)" % (len(exp), " ".join(e["label"] for e in exp)))


def cmd_sdkcoco(args):
    d = load_doc(args[0])
    probs = []
    names = {c["name"]: c["id"] for c in d["categories"]}
    for n in ("rectangle_label", "polygon_label"):
        if n not in names:
            probs.append("no category %s" % n)
    want = dict((n, i) for i, n in enumerate(sorted(names)))
    if names != want:
        probs.append("categories %s, expected %s (sorted by name, from 0)" % (names, want))
    lab = by_label(d)
    box = lab.get("rectangle_label", [])
    exp = [31.941923774954628 / 100 * 500, 4.113475177304964 / 100 * 320,
           6.352087114337568 / 100 * 500, 9.929078014184398 / 100 * 320]
    if len(box) != 1 or not all(abs(a - b) <= 1e-6 * abs(b) for a, b in zip(box[0]["bbox"], exp)):
        probs.append("rectangle bbox %s, expected %s" % ([b["bbox"] for b in box], exp))
    poly = lab.get("polygon_label", [])
    if len(poly) != 1 or [len(s) for s in poly[0]["segmentation"]] != [6] or not poly[0]["area"] > 0:
        probs.append("polygon %s: expected one segmentation of 6 numbers, area > 0" % poly)
    kps = lab.get("keypoint_label1", []) + lab.get("keypoint_label2", [])
    if len(kps) != 2 or len(d["annotations"]) != 4:
        probs.append("%d annotations, %d keypoints: expected 4 and 2 (one annotation a point)" %
                     (len(d["annotations"]), len(kps)))
    finish(probs, "(bbox %s)" % (box[0]["bbox"] if box else None))


def case_meta(corpus, case):
    with open(os.path.join(corpus, "rle", case, "meta.json")) as f:
        return json.load(f)


def cmd_rle_tasks(args):
    corpus, out, cases = args[0], args[1], args[2:]
    with open(out, "w") as f:
        for i, case in enumerate(cases):
            meta = case_meta(corpus, case)
            with open(os.path.join(corpus, "rle", case, "ls_rle.json")) as g:
                rle = json.load(g)
            r = {"id": "m%d" % i, "type": "brushlabels", "from_name": "brush", "to_name": "image",
                 "original_width": meta["width"], "original_height": meta["height"],
                 "image_rotation": 0, "origin": "manual",
                 "value": {"format": "rle", "rle": rle, "brushlabels": [case]}}
            t = {"id": 1000 + i, "data": {"image": "/data/upload/1/%s.png" % case},
                 "annotations": [{"id": 2000 + i, "completed_by": 1, "result": [r],
                                  "was_cancelled": False, "ground_truth": False}]}
            f.write(json.dumps(t) + "\n")


def cmd_rle_check(args):
    corpus, doc, cases = args[0], load_doc(args[1]), args[2:]
    lab = by_label(doc)
    probs = []
    for case in cases:
        meta = case_meta(corpus, case)
        with open(os.path.join(corpus, "rle", case, "coco_rle.json")) as g:
            ref = json.load(g)
        W, H = meta["width"], meta["height"]
        anns = lab.get(case, [])
        if len(anns) != 1:
            probs.append("%s: %d annotations" % (case, len(anns)))
            continue
        a = anns[0]
        seg = a.get("segmentation")
        if not isinstance(seg, dict) or seg.get("size") != [H, W]:
            probs.append("%s: segmentation %.80r, expected size [%d, %d]" % (case, seg, H, W))
            continue
        cnts = rle_from_string(seg["counts"])
        mask = rle_mask(cnts, H, W)
        ref_mask = rle_mask(rle_from_string(ref["counts"]), H, W)
        if mask is None:
            probs.append("%s: counts %r do not add up to %d pixels" % (case, seg["counts"][:40], H * W))
            continue
        if mask != ref_mask:
            probs.append("%s: decoded mask differs from coco_rle.json's" % case)
        if seg["counts"] != ref["counts"]:
            probs.append("%s: counts %.40r, expected %.40r" % (case, seg["counts"], ref["counts"]))
        area, bbox = rle_area_bbox(cnts, H)
        if (area, bbox) != (ref["area"], ref["bbox"]):
            probs.append("%s: mask's own area/bbox %s %s, coco_rle.json %s %s" %
                         (case, area, bbox, ref["area"], ref["bbox"]))
        if a.get("area") != area or not close_list(a.get("bbox"), bbox):
            probs.append("%s: area %s bbox %s, the mask has %s %s" %
                         (case, a.get("area"), a.get("bbox"), area, bbox))
        if area != meta["nonzero_pixels"]:
            probs.append("%s: %d pixels set, meta.json says %d" % (case, area, meta["nonzero_pixels"]))
        if set(meta["mask_values"]) <= {"0", "255"}:
            rows = b"".join(bytes(mask[y::H]) for y in range(H))
            if hashlib.sha256(rows).hexdigest() != meta["mask_sha256"]:
                probs.append("%s: row-major mask does not hash to mask_sha256" % case)
    finish(probs, "(%d masks)" % len(cases))


# ---- Label Studio brush RLE (thi.ng rle-pack, as corpus/rle/README.md
# describes it), for a hand-made mask ------------------------------------

BRUSH_W, BRUSH_H = 5, 4
BRUSH_SET = {(1, 1), (2, 1), (3, 1), (1, 2), (2, 2), (3, 2), (4, 3)}


def ls_rle(mask_rows):
    """Encode row-major pixel values (RGBA = value four times)."""
    words = [v for v in mask_rows for _ in range(4)]
    bits = [format(len(words), "032b"), format(8 - 1, "05b")]
    sizes = [3, 4, 8, 16]
    bits += [format(k - 1, "04b") for k in sizes]
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and words[j] == words[i] and j - i < 65536:
            j += 1
        n = j - i
        cls = 0 if n <= 8 else 1 if n <= 16 else 2 if n <= 256 else 3
        bits.append("1" + format(cls, "02b") + format(n - 1, "0%db" % sizes[cls]) +
                    format(words[i], "08b"))
        i = j
    b = "".join(bits)
    b += "0" * (-len(b) % 8)
    return [int(b[k:k + 8], 2) for k in range(0, len(b), 8)]


def cmd_brush_fixture(args):
    W, H = BRUSH_W, BRUSH_H
    rows = [255 if (x, y) in BRUSH_SET else 0 for y in range(H) for x in range(W)]
    brush = lambda score=None: dict({"id": "b", "type": "brushlabels", "from_name": "brush",
                                     "to_name": "image", "original_width": W, "original_height": H,
                                     "value": {"format": "rle", "rle": ls_rle(rows),
                                               "brushlabels": ["blob"]}},
                                    **({"score": score} if score is not None else {}))
    kp = {"id": "k", "type": "keypointlabels", "from_name": "kp", "to_name": "image",
          "original_width": W, "original_height": H,
          "value": {"x": 40, "y": 50, "width": 1, "keypointlabels": ["tip"]}}
    t = {"id": 1, "data": {"image": "https://example.com/brush/b.png"},
         "annotations": [{"id": 1, "completed_by": 1, "result": [brush(), kp]}],
         "predictions": [{"id": 1, "score": 0.5, "result": [brush(0.7), kp]}]}
    with open(args[0], "w") as f:
        f.write(json.dumps(t) + "\n")


def cmd_brush_check(args):
    """The hand-made mask in a document (or a results array with --results)."""
    d = load_doc(args[0])
    results = "--results" in args
    anns = d if results else d["annotations"]
    masks = [a for a in anns if isinstance(a.get("segmentation"), dict)]
    probs = []
    if len(masks) != 1:
        finish(["%d masks, expected 1" % len(masks)], "")
    a = masks[0]
    seg = a["segmentation"]
    if seg.get("size") != [BRUSH_H, BRUSH_W]:
        probs.append("size %s, expected [%d, %d]" % (seg.get("size"), BRUSH_H, BRUSH_W))
    else:
        m = rle_mask(rle_from_string(seg["counts"]), BRUSH_H, BRUSH_W)
        got = None if m is None else set((i // BRUSH_H, i % BRUSH_H) for i, v in enumerate(m) if v)
        if got != BRUSH_SET:
            probs.append("the counts %r decode to %s, expected %s" %
                         (seg["counts"], sorted(got) if got else got, sorted(BRUSH_SET)))
    if results:
        # A bbox too: pycocotools' loadRes needs one in every result once the
        # first has one; the segmentation is what segm evaluation scores.
        if a.get("bbox") != [1, 1, 4, 3] or a.get("score") != 0.7:
            probs.append("a mask result has its bbox [1, 1, 4, 3] and the region's score 0.7: %s" % a)
    elif a.get("area") != len(BRUSH_SET) or not close_list(a.get("bbox"), [1, 1, 4, 3]):
        probs.append("area %s bbox %s, expected 7 [1, 1, 4, 3]" % (a.get("area"), a.get("bbox")))
    kps = [a for a in anns if "keypoints" in a]
    if len(kps) != 1 or not close_list(kps[0]["keypoints"], [2, 2, 2]):
        probs.append("keypoints %s, expected one [2, 2, 2]" % [k.get("keypoints") for k in kps])
    finish(probs, "(counts %r)" % seg.get("counts"))


def cmd_cats(args):
    d = load_doc(args[0])
    want = dict((kv.rsplit("=", 1)[0], int(kv.rsplit("=", 1)[1])) for kv in args[1].split())
    got = {c["name"]: c["id"] for c in d["categories"]}
    probs = [] if got == want else ["categories %s, expected %s" %
                                    (sorted(got.items(), key=lambda x: x[1]),
                                     sorted(want.items(), key=lambda x: x[1]))]
    finish(probs, "(%s)" % args[1])


def cmd_results(args):
    d, res = load_doc(args[0]), load_doc(args[1])
    probs = []
    if not isinstance(res, list):
        finish(["results are not a JSON array"], "")
    if len(res) != len(d["annotations"]):
        probs.append("%d results, %d annotations in the document" % (len(res), len(d["annotations"])))
    for r, a in zip(res, d["annotations"]):
        if r.get("image_id") != a["image_id"] or r.get("category_id") != a["category_id"]:
            probs.append("result %s against annotation %s: ids differ" % (r, a["id"]))
        if "bbox" in r and not close_list(r["bbox"], a["bbox"]):
            probs.append("result bbox %s, document %s" % (r["bbox"], a["bbox"]))
        if not isinstance(r.get("score"), (int, float)):
            probs.append("result without a score: %s" % r)
    finish(probs, "(%d results)" % len(res))


def png(w, h):
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    chunk = lambda t, b: struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def jpeg(w, h):
    seg = lambda m, b: b"\xff" + bytes([m]) + struct.pack(">H", len(b) + 2) + b
    app0 = seg(0xE0, b"JFIF\0\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    dqt = seg(0xDB, b"\x00" + bytes(range(1, 65)))
    sof0 = seg(0xC0, struct.pack(">BHHB", 8, h, w, 3) + b"\x01\x22\x00\x02\x11\x01\x03\x11\x01")
    return b"\xff\xd8" + app0 + dqt + sof0 + b"\xff\xd9"


def cmd_images(args):
    os.makedirs(args[0], exist_ok=True)
    with open(os.path.join(args[0], "t3.png"), "wb") as f:
        f.write(png(1234, 567))
    with open(os.path.join(args[0], "t4.jpg"), "wb") as f:
        f.write(jpeg(1110, 291))


def cmd_big(args):
    """Label Studio tasks, rectangles and polygons, with a long caption."""
    out, size = args[0], int(args[1])
    pad = "lorem ipsum dolor sit amet " * 400
    n = 0
    with open(out, "w") as f:
        f.write("[\n")
        written = 2
        while written < size:
            r = []
            for k in range(1):
                x, y = (n * 7 + k * 13) % 60, (n * 11 + k * 5) % 60
                r.append({"id": "r%d" % k, "type": "rectanglelabels", "from_name": "box",
                          "to_name": "image", "original_width": 1280, "original_height": 720,
                          "value": {"x": x + 0.5, "y": y + 0.25, "width": 20.5, "height": 30.75,
                                    "rotation": 0, "rectanglelabels": ["c%d" % ((n + k) % 7)]}})
            r.append({"id": "p", "type": "polygonlabels", "from_name": "poly", "to_name": "image",
                      "original_width": 1280, "original_height": 720,
                      "value": {"points": [[10, 10], [30.5, 12], [25, 40.25], [12, 33]],
                                "polygonlabels": ["poly"]}})
            t = {"id": n + 1, "data": {"image": "/data/upload/9/img_%08d.jpg" % n, "caption": pad},
                 "annotations": [{"id": n + 1, "completed_by": 1, "result": r,
                                  "was_cancelled": False, "ground_truth": False,
                                  "created_at": "2024-01-01T00:00:00Z"}]}
            s = ("," if n else "") + json.dumps(t) + "\n"
            f.write(s)
            written += len(s)
            n += 1
        f.write("]\n")
    print(n)


def cmd_offsets(args):
    at = 0
    with open(args[0], "rb") as f:
        for line in f:
            print(at)
            at += len(line)


def labels(d):
    """Each image's category names, sorted, in image order."""
    names = {c["id"]: c["name"] for c in d["categories"]}
    per = dict((i["id"], set()) for i in d["images"])
    for a in d["annotations"]:
        per.setdefault(a["image_id"], set()).add(names.get(a["category_id"]))
    return [sorted(per[i["id"]]) for i in d["images"]]


def cmd_q(args):
    print(q_value(args[0], args[1]))


def cmd_batch(args):
    """Run the checks of a plan, one a line: DESCRIPTION TAB SUBCOMMAND TAB
    ARG...; print "ok" or "not ok", a tab and the description with what
    the check said, one a line, in order.  "is DOC EXPR WANT" compares
    the JSON of EXPR with WANT."""
    import contextlib
    import io
    cmds = commands()
    with open(args[0], encoding="utf-8") as f:
        plan = [l.rstrip("\n").split("\t") for l in f if l.strip()]
    for p in plan:
        desc, cmd, rest = p[0], p[1], p[2:]
        buf = io.StringIO()
        status = 0
        with contextlib.redirect_stdout(buf):
            try:
                if cmd == "is":
                    try:
                        got = q_value(rest[0], rest[1])
                    except Exception as e:
                        got = "oracle error: %s: %s" % (type(e).__name__, e)
                    if got == rest[2]:
                        print("ok")
                    else:
                        print("got %s, expected %s" % (got, rest[2]))
                        status = 1
                else:
                    cmds[cmd](rest)
            except SystemExit as e:
                status = e.code or 0
            except Exception as e:
                print("oracle error: %s: %s" % (type(e).__name__, e))
                status = 1
        said = " ".join(buf.getvalue().split())
        if cmd == "is" and status == 0:
            print("ok\t%s" % desc)
        else:
            print("%s\t%s: %s" % ("not ok" if status else "ok", desc, said))
    sys.stdout.flush()


_docs = {}


def q_value(path, expr):
    if path not in _docs:
        _docs.clear()
        _docs[path] = load_doc(path)
    v = eval(expr, {"d": _docs[path], "os": os, "by_label": by_label, "labels": labels})
    return json.dumps(v) if not isinstance(v, str) else v


def commands():
    return {"validate": cmd_validate, "geometry": cmd_geometry, "sdkcoco": cmd_sdkcoco,
            "rle-tasks": cmd_rle_tasks, "rle-check": cmd_rle_check, "cats": cmd_cats,
            "results": cmd_results, "images": cmd_images, "big": cmd_big,
            "offsets": cmd_offsets, "q": cmd_q, "batch": cmd_batch,
            "brush-fixture": cmd_brush_fixture, "brush-check": cmd_brush_check}


def main():
    cmds = commands()
    try:
        cmds[sys.argv[1]](sys.argv[2:])
    except SystemExit:
        raise
    except Exception as e:  # a crash is a failed check, said on one line
        print("oracle error: %s: %s" % (type(e).__name__, e))
        sys.exit(1)


if __name__ == "__main__":
    main()
