#!/usr/bin/env python3
"""tests/tols-labelbox/compare.py: the comparators of tests/tols-labelbox.sh.

  flat A B [nested]
                  two `ann-flatten -f ndjson` outputs hold the same regions,
                  task by task (by the media reference): kind, label, the
                  question of an answer, geometry in pixels to 1e-6 of the
                  image size (A's pixels clipped to the image, as ann-tols
                  clips), span offsets and text.  Regions Label Studio has no
                  result for (polylines, masks given as URLs) and answers
                  nested under an object (which Label Studio folds into the
                  object: its per-region result) are left out of A, unless
                  "nested" (B holds them too: Labelbox rows).  A span
                  without a text in A may have one in B (the row's own text
                  at its offsets).
  rows LS IMPORT  Labelbox import NDJSON (ann-tolabelbox's) made back into
                  export v2 rows: dataRow id (or globalKey: the task's
                  data.global_key), the task's media and size
                  from the Label Studio tasks LS, bbox -> bounding_box,
                  answer -> radio_answer / checklist_answers / text_answer,
                  an object's classifications kept under it.
  perregion LS    every Label Studio choices result whose id is a region's
                  id says so; prints how many.
"""
import json
import sys

SKIP = {"polyline", "mask"}


def load(path):
    """NDJSON, or one JSON array (a Label Studio export)."""
    with open(path) as f:
        text = f.read()
    if text.lstrip().startswith("["):
        return json.loads(text)
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def clip(v, size):
    return min(max(v, 0.0), float(size))


def key(r, clipped):
    w, h = r["image_width"], r["image_height"]
    tol = 1e-6 * max(w or 1, h or 1)

    def px(v, size):
        if v is None:
            return None
        return clip(v, size) if clipped and size else v
    geo = []
    if r["points"] is not None:
        for x, y in r["points"]:
            geo += [px(x, w), px(y, h)]
    elif r["x"] is not None:
        x0, y0 = px(r["x"], w), px(r["y"], h)
        geo = [x0, y0]
        if r["width"] is not None and r["kind"] == "rectangle":
            geo += [px(r["x"] + r["width"], w) - x0, px(r["y"] + r["height"], h) - y0]
    # A relation without a label gets one on its way through Labelbox
    # (ann-tolabelbox --relation-name): its ends are what it is.
    label = r["label"] if r["kind"] != "relation" else None
    question = r["from_name"] if r["kind"] in ("choice", "text") else None
    text = r["text"]
    if isinstance(text, list):
        text = "\n".join(text)
    return (r["kind"], json.dumps(label), question, r["start"], r["end"], text), geo, tol


def regions(rows, is_a, nested=False):
    objects = {r["region_id"] for r in rows if r["kind"] not in ("choice", "text", "relation")}
    by = {}
    for r in rows:
        if is_a and (r["kind"] in SKIP or (not nested and r["kind"] in ("choice", "text") and
                                           r["parent_id"] is not None and r["parent_id"] in objects)):
            continue
        by.setdefault(r["data"], []).append(key(r, is_a))
    return by


def flat(a, b, nested=None):
    ra, rb = regions(load(a), True, nested == "nested"), regions(load(b), False)
    if sorted(ra) != sorted(rb):
        sys.exit("tasks differ: %s" % sorted(set(ra) ^ set(rb))[:3])
    n = 0
    for task in ra:
        la, lb = ra[task], rb[task]
        if len(la) != len(lb):
            sys.exit("%s: %d regions, then %d" % (task, len(la), len(lb)))
        for (ka, ga, tol), (kb, gb, _) in zip(la, lb):
            if ka[5] is None:	# no text in A: B may take it from the row's
                kb = kb[:5] + (None,)
            if ka != kb or len(ga) != len(gb) or any(abs(x - y) > tol for x, y in zip(ga, gb)):
                sys.exit("%s: %s %s, then %s %s" % (task, ka, ga, kb, gb))
            n += 1
    print("%d regions in %d tasks" % (n, len(ra)))


def answer(c, a):
    """An import answer into the export's shape, on classification c."""
    if isinstance(a, list):
        c["checklist_answers"] = a
    elif isinstance(a, dict):
        c["radio_answer"] = a
    else:
        c["text_answer"] = {"content": a}
    return c


def rows(ls, imp):
    tasks = {}
    for t in load(ls):
        size = None
        for a in t.get("annotations", []):
            for r in a.get("result", []):
                if "original_width" in r:
                    size = (r["original_width"], r["original_height"])
        ref = next((v for v in t["data"].values() if isinstance(v, str)), None)
        tasks[str(t["id"]) if "id" in t else t["data"]["global_key"]] = (ref, size)
    out = {}
    for line in load(imp):
        rid = line["dataRow"].get("id", line["dataRow"].get("globalKey"))
        ref, size = tasks[rid]
        row = out.setdefault(rid, {
            "data_row": {"id": rid, "row_data": ref},
            "media_attributes": {"width": size[0], "height": size[1], "mime_type": "image/png"} if size else {},
            "projects": {"p": {"labels": [{"id": "l", "annotations": {
                "objects": [], "classifications": [], "relationships": []}}]}}})
        ann = row["projects"]["p"]["labels"][0]["annotations"]
        o = {"feature_id": line["uuid"], "name": line["name"], "classifications": [
            answer({"feature_id": "%s/%d" % (line["uuid"], k), "name": c["name"]}, c["answer"])
            for k, c in enumerate(line.get("classifications", []))]}
        if "bbox" in line:
            o["bounding_box"] = line["bbox"]
        elif "polygon" in line:
            o["polygon"] = line["polygon"]
        elif "point" in line:
            o["point"] = line["point"]
        elif "location" in line:
            o["location"] = line["location"]
        elif "relationship" in line:
            ann["relationships"].append({"feature_id": line["uuid"], "name": line["name"],
                                         "relationship": line["relationship"]})
            continue
        elif "answer" in line:
            ann["classifications"].append(answer({"feature_id": line["uuid"], "name": line["name"]},
                                                 line["answer"]))
            continue
        ann["objects"].append(o)
    for r in out.values():
        print(json.dumps(r))


def perregion(ls):
    n = 0
    for t in load(ls):
        for a in t.get("annotations", []) + t.get("predictions", []):
            ids = {r["id"] for r in a["result"] if r["type"] not in ("choices", "textarea", "relation")}
            n += sum(1 for r in a["result"] if r["type"] == "choices" and r["id"] in ids)
    print(n)


if __name__ == "__main__":
    {"flat": flat, "rows": rows, "perregion": perregion}[sys.argv[1]](*sys.argv[2:])
