"""cocopair.py GT.json RESULTS.json: every result is one ground-truth
annotation (same image, category, bbox and segmentation), each used once,
and every id a COCO evaluator keys on counts from 1.

pycocotools' COCOeval (not a Debian package) records a match by the
ground truth's id, so an id of 0 counts as unmatched; and it scores segm
on the results' segmentation.  Predictions copied from the annotations
must therefore come back as the annotations themselves."""
import json
import sys

gt = json.load(open(sys.argv[1]))
res = json.load(open(sys.argv[2]))
problems = []
for what, items in (("image", gt["images"]), ("annotation", gt["annotations"])):
    bad = [x["id"] for x in items if not x["id"] >= 1]
    if bad:
        problems.append("%s ids below 1: %s" % (what, bad[:5]))
def key(a):
    return (a["image_id"], a["category_id"], json.dumps(a.get("bbox")),
            json.dumps(a.get("segmentation")))
pool = {}
for a in gt["annotations"]:
    pool.setdefault(key(a), []).append(a)
for r in res:
    if "bbox" not in r:
        problems.append("a result without a bbox: %s" % json.dumps(r)[:80])
    if "segmentation" not in r and "keypoints" not in r:
        problems.append("a result without a segmentation: %s" % json.dumps(r)[:80])
    if not pool.get(key(r)):
        problems.append("a result matching no annotation: %s" % json.dumps(r)[:120])
    else:
        pool[key(r)].pop()
left = sum(len(v) for v in pool.values())
if left:
    problems.append("%d annotations without their result" % left)
print("%d results, %d annotations" % (len(res), len(gt["annotations"])))
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
