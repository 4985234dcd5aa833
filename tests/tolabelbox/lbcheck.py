#!/usr/bin/env python3
"""tests/tolabelbox/lbcheck.py: Labelbox import NDJSON checked two ways.

  lbcheck.py shapes FILE...   every line has one of the shapes of
      labelbox-python's NDJSON import fixtures (tests/data/assets/ndjson:
      image_import, nested_import, text_entity_import, classification_import,
      relationship_import): uuid, dataRow {id | globalKey}, name or schemaId,
      and one of bbox, polygon, line, point, location, mask, answer,
      relationship, with the members and types those fixtures have; uuids
      unique within a data row; a relationship's ends are lines of its data
      row.  Run on the fixtures themselves too, so the rules are theirs.
  lbcheck.py roundtrip FLAT LB   the regions ann-flatten shows (NDJSON rows
      with task_id, kind, label, x, y, width, height, rotation, points,
      start, end, image_width, image_height) are the Labelbox lines, in
      order: boxes (and rotated boxes' corners) and points to 1e-6 of the
      image size, span offsets exactly (Labelbox's end inclusive).
  lbcheck.py masks LB DECODED   each mask line's {"png"} (strict base64 of
      an 8-bit grey PNG, read here with zlib, of 0 and 1 only, as
      labelbox-python's NDMask takes it) has the pixels of the .npy that
      `ann-rle decode -f npy` wrote for the same region (DECODED: its
      NDJSON lines, in order), and its base64 text is printed one a line
      for a comparison with coreutils' base64.
"""
import base64
import binascii
import struct
import zlib
import json
import math
import re
import sys

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
SHAPES = ("bbox", "polygon", "line", "point", "location", "mask", "answer",
          "relationship")
OPTIONAL = {"classifications", "confidence", "customMetrics", "schemaId", "name"}


def num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def xy(p):
    return isinstance(p, dict) and set(p) == {"x", "y"} and num(p["x"]) and num(p["y"])


def answer_ok(a):
    def one(o):
        return isinstance(o, dict) and ("name" in o or "schemaId" in o) and \
            set(o) <= {"name", "schemaId", "confidence", "customMetrics", "classifications"}
    if isinstance(a, str):
        return True
    if isinstance(a, list):
        return len(a) > 0 and all(one(o) for o in a)
    return one(a)


def shape_errors(o):
    e = []
    if not isinstance(o.get("uuid"), str) or not UUID.match(o["uuid"]):
        e.append("uuid is not a uuid")
    d = o.get("dataRow")
    if not (isinstance(d, dict) and len(d) == 1 and
            isinstance(d.get("id", d.get("globalKey")), str)):
        e.append("dataRow is not {id} or {globalKey}")
    if not isinstance(o.get("name", o.get("schemaId")), str):
        e.append("neither name nor schemaId")
    shapes = [k for k in SHAPES if k in o]
    if len(shapes) != 1:
        return e + ["shapes: %s" % shapes]
    s = shapes[0]
    extra = set(o) - OPTIONAL - {"uuid", "dataRow", s}
    if extra:
        e.append("members not in the fixtures: %s" % sorted(extra))
    v = o[s]
    if s == "bbox":
        ok = isinstance(v, dict) and set(v) == {"top", "left", "height", "width"} and \
            all(num(v[k]) for k in v) and v["height"] >= 0 and v["width"] >= 0
    elif s in ("polygon", "line"):
        ok = isinstance(v, list) and len(v) >= (3 if s == "polygon" else 2) and \
            all(xy(p) for p in v)
    elif s == "point":
        ok = xy(v)
    elif s == "location":
        ok = isinstance(v, dict) and set(v) == {"start", "end"} and \
            all(isinstance(v[k], int) for k in v) and 0 <= v["start"] <= v["end"]
    elif s == "mask":
        ok = isinstance(v, dict) and (set(v) == {"png"} and isinstance(v["png"], str) or
                                      "instanceURI" in v and set(v) <= {"instanceURI", "colorRGB"})
    elif s == "answer":
        ok = answer_ok(v)
    else:
        ok = isinstance(v, dict) and set(v) == {"source", "target", "type"} and \
            v["type"] in ("unidirectional", "bidirectional")
    if not ok:
        e.append("%s is not as in the fixtures: %s" % (s, json.dumps(v)[:200]))
    if "classifications" in o and not isinstance(o["classifications"], list):
        e.append("classifications is not a list")
    for c in o.get("classifications") or []:
        # nested_import: {"schemaId" | "name", "answer"} each.
        if not (isinstance(c, dict) and isinstance(c.get("name", c.get("schemaId")), str) and
                "answer" in c and answer_ok(c["answer"]) and
                set(c) <= {"name", "schemaId", "answer", "confidence", "customMetrics"}):
            e.append("a nested classification is not as in the fixtures: %s" %
                     json.dumps(c)[:200])
    if "confidence" in o and not (num(o["confidence"]) and 0 <= o["confidence"] <= 1):
        e.append("confidence is not in [0, 1]")
    return e


def lines(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def shapes(paths):
    bad = 0
    n = 0
    for p in paths:
        rows = {}
        ls = lines(p)
        for i, o in enumerate(ls, 1):
            n += 1
            for msg in shape_errors(o):
                print("%s:%d: %s" % (p, i, msg), file=sys.stderr)
                bad += 1
            rows.setdefault(json.dumps(o.get("dataRow"), sort_keys=True), []).append(o)
        for row, os_ in rows.items():
            ids = [o["uuid"] for o in os_]
            if len(set(ids)) != len(ids):
                print("%s: %s: a uuid twice" % (p, row), file=sys.stderr)
                bad += 1
            for o in os_:
                r = o.get("relationship")
                if r and not (r["source"] in ids and r["target"] in ids):
                    print("%s: %s: a relationship's end is not a line" % (p, row),
                          file=sys.stderr)
                    bad += 1
    print("%d lines" % n)
    return bad == 0


def corners(x, y, w, h, deg):
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return [(x, y), (x + w * c, y + w * s), (x + w * c - h * s, y + w * s + h * c),
            (x - h * s, y + h * c)]


def roundtrip(flat, lb):
    # Regions in pixels need their image's size: those without are counted
    # by ann-tolabelbox, not written (its summary says how many).
    want = [r for r in lines(flat) if r["kind"] == "span" or
            (r["kind"] in ("rectangle", "polygon", "keypoint") and r["image_width"])]
    got = [o for o in lines(lb) if any(k in o for k in ("bbox", "polygon", "point", "location"))]
    if len(want) != len(got):
        print("%d regions, %d lines" % (len(want), len(got)), file=sys.stderr)
        return False
    bad = 0
    for i, (r, o) in enumerate(zip(want, got), 1):
        def far(a, b, size):
            return abs(a - b) > 1e-6 * size
        W, H = r["image_width"], r["image_height"]
        label = r["label"][0] if isinstance(r["label"], list) else r["label"]
        if o["name"] != label or o["dataRow"].get("id") != str(r["task_id"]):
            bad += 1
            print("%d: %s of task %s is %s" % (i, label, r["task_id"], json.dumps(o)),
                  file=sys.stderr)
            continue
        if r["kind"] == "rectangle" and not r["rotation"]:
            b = o.get("bbox", {})
            ok = b and not (far(b["left"], r["x"], W) or far(b["top"], r["y"], H) or
                            far(b["width"], r["width"], W) or far(b["height"], r["height"], H))
        elif r["kind"] == "rectangle":
            pts = corners(r["x"], r["y"], r["width"], r["height"], r["rotation"])
            q = o.get("polygon", [])
            ok = len(q) == 4 and all(not far(p["x"], c[0], W) and not far(p["y"], c[1], H)
                                     for p, c in zip(q, pts))
        elif r["kind"] == "polygon":
            q = o.get("polygon", [])
            ok = len(q) == len(r["points"]) and all(
                not far(p["x"], c[0], W) and not far(p["y"], c[1], H)
                for p, c in zip(q, r["points"]))
        elif r["kind"] == "keypoint":
            p = o.get("point", {})
            ok = p and not far(p["x"], r["x"], W) and not far(p["y"], r["y"], H)
        else:
            loc = o.get("location", {})
            ok = loc == {"start": r["start"], "end": r["end"] - 1}
        if not ok:
            bad += 1
            print("%d: %s differs from %s" % (i, json.dumps(o), json.dumps(r)), file=sys.stderr)
    print("%d regions" % len(want))
    return bad == 0


def png_pixels(data):
    """An 8-bit greyscale, non-interlaced PNG's width, height and rows."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    at, idat, head = 8, b"", None
    while at < len(data):
        n, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + n]
        if zlib.crc32(kind + body) != struct.unpack(">I", data[at + 8 + n:at + 12 + n])[0]:
            raise ValueError("bad CRC in %s" % kind)
        if kind == b"IHDR":
            head = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        at += 12 + n
    w, h, depth, colour, _, _, interlace = head
    if (depth, colour, interlace) != (8, 0, 0):
        raise ValueError("not 8-bit grey: depth %d, colour type %d" % (depth, colour))
    raw, rows, prev = zlib.decompress(idat), [], bytearray(w)
    for y in range(h):
        f, line = raw[y * (w + 1)], bytearray(raw[y * (w + 1) + 1:(y + 1) * (w + 1)])
        for x in range(w):
            a = line[x - 1] if x else 0
            b, c = prev[x], prev[x - 1] if x else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, b"".join(rows)


def npy_pixels(path):
    with open(path, "rb") as f:
        data = f.read()
    n = struct.unpack("<H", data[8:10])[0]
    head = data[10:10 + n].decode()
    shape = head.split("'shape': (")[1].split(")")[0].split(",")
    return int(shape[1]), int(shape[0]), data[10 + n:]


def masks(lb, decoded):
    got = [o for o in lines(lb) if "mask" in o]
    want = lines(decoded)
    if len(got) != len(want):
        print("%d mask lines, %d masks decoded" % (len(got), len(want)), file=sys.stderr)
        return False
    bad = 0
    for i, (o, d) in enumerate(zip(got, want), 1):
        text = o["mask"]["png"]
        try:
            w, h, pix = png_pixels(base64.b64decode(text, validate=True))
        except (ValueError, binascii.Error, zlib.error) as e:
            print("%d: %s" % (i, e), file=sys.stderr)
            bad += 1
            continue
        W, H, ref = npy_pixels(d["path"])
        if set(pix) - {0, 1}:
            print("%d: values %s, not 0 and 1" % (i, sorted(set(pix))), file=sys.stderr)
            bad += 1
        elif (w, h) != (W, H) or [p != 0 for p in pix] != [p != 0 for p in ref]:
            print("%d: %dx%d, %d pixels set; ann-rle decode: %dx%d, %d" % (
                i, w, h, sum(pix), W, H, sum(p != 0 for p in ref)), file=sys.stderr)
            bad += 1
        print(text)
    return bad == 0


if __name__ == "__main__":
    if sys.argv[1] == "masks":
        sys.exit(0 if masks(sys.argv[2], sys.argv[3]) else 1)
    if sys.argv[1] == "shapes":
        sys.exit(0 if shapes(sys.argv[2:]) else 1)
    sys.exit(0 if roundtrip(sys.argv[2], sys.argv[3]) else 1)
