"""tests/tols/roundtrip.py COCO_IN COCO_OUT: ann-tols then ann-tococo gave
back the boxes, polygons and masks of COCO_IN (per image file name and
category id, to 1e-6 of a pixel; masks compared pixel by pixel)."""
import json, sys

def rle_pixels(seg):
    h, w = seg["size"]
    counts = seg["counts"]
    if isinstance(counts, str):  # maskApi's rleFrString
        cnts, p, m = [], 0, 0
        s = counts.encode()
        while p < len(s):
            x, k, more = 0, 0, 1
            while more:
                c = s[p] - 48
                x |= (c & 0x1f) << 5 * k
                more = c & 0x20
                p += 1
                k += 1
                if not more and (c & 0x10):
                    x |= -1 << 5 * k
            if m > 2:
                x += cnts[m - 2]
            cnts.append(x)
            m += 1
        counts = cnts
    on, pos, pix = False, 0, set()
    for c in counts:
        if on:
            pix.update(range(pos, pos + c))
        pos += c
        on = not on
    return (h, w, frozenset(pix))

def regions(path):
    d = json.load(open(path))
    names = {i["id"]: i["file_name"] for i in d["images"]}
    cats = {c["id"]: c["name"] for c in d["categories"]}
    out = []
    for a in d["annotations"]:
        key = (names.get(a["image_id"]), cats[a["category_id"]])
        seg = a.get("segmentation")
        if isinstance(seg, dict):
            out.append(key + ("mask", rle_pixels(seg)))
        elif seg and not a.get("keypoints"):
            for ring in seg:
                out.append(key + ("poly", tuple(round(v, 6) for v in ring)))
        else:
            x, y, w, h = a["bbox"]
            out.append(key + ("box", tuple(round(v, 6) for v in (x, y, w, h))))
        if a.get("keypoints"):
            out.append(key + ("kp", tuple(round(v, 6) if i % 3 != 2 else min(v, 1)
                                      for i, v in enumerate(a["keypoints"]))))
    return sorted(out, key=repr)

def as_box_if_rect(r, out_regions):
    return r

a, b = regions(sys.argv[1]), regions(sys.argv[2])
# ann-tococo writes a box as its four-corner polygon, with the box as bbox:
# compare such polygons as boxes.
def norm(r):
    if r[2] == "poly" and len(r[3]) == 8:
        xs, ys = r[3][0::2], r[3][1::2]
        if r[3] == (xs[0], ys[0], xs[1], ys[0], xs[1], ys[2], xs[0], ys[2]):
            return r[:2] + ("box", (xs[0], ys[0], round(xs[1] - xs[0], 6), round(ys[2] - ys[0], 6)))
    return r
a = sorted(map(norm, a), key=repr)
b = sorted(map(norm, b), key=repr)
if a != b:
    for r in a:
        if r not in b:
            print("lost:", r)
    for r in b:
        if r not in a:
            print("new:", r)
    sys.exit(1)
print(len(a), "regions")
