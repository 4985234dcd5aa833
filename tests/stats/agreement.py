#!/usr/bin/env python3
"""tests/stats/agreement.py: annotators' agreement computed anew from the
definitions ann-stats(1) cites, to check ann-stats --agreement.

  agreement.py gen FILE        write tasks with a known, seeded disagreement
  agreement.py check FILE JSON compare ann-stats -f json --agreement's figures
  agreement.py tasks FILE JSONL compare ann-stats -f json --task-agreement's lines

Written from the formulas (Cohen 1960; Fleiss 1971; F1 of one-to-one
matches), not from ann-stats' code.
"""
import json
import random
import sys


def gen(path):
    rnd = random.Random(21)
    tasks = []
    for t in range(80):
        truth = rnd.choice(["pos", "neg", "neu"])
        boxes = [(rnd.uniform(0, 60), rnd.uniform(0, 60), rnd.uniform(5, 30),
                  rnd.uniform(5, 30), rnd.choice(["Car", "Person"]))
                 for _ in range(rnd.randint(0, 3))]
        spans = []
        pos = 0
        for _ in range(rnd.randint(0, 3)):
            start = pos + rnd.randint(0, 10)
            end = start + rnd.randint(1, 8)
            spans.append((start, end, rnd.choice(["PER", "ORG"])))
            pos = end
        anns = []
        raters = rnd.sample([1, 2, 3, 4], rnd.randint(1, 4))
        for who in raters:
            res = []
            # Annotator 4 disagrees often; the others now and then.
            flip = 0.5 if who == 4 else 0.15
            choice = truth if rnd.random() > flip else rnd.choice(["pos", "neg", "neu"])
            res.append({"id": "c%d" % who, "type": "choices", "from_name": "sentiment",
                        "to_name": "text", "value": {"choices": [choice]}})
            if rnd.random() < 0.3:
                res.append({"id": "t%d" % who, "type": "choices", "from_name": "topic",
                            "to_name": "text", "value": {"choices": sorted(
                                rnd.sample(["a", "b", "c"], rnd.randint(1, 2)))}})
            for i, (x, y, w, h, lab) in enumerate(boxes):
                if rnd.random() < 0.15:
                    continue
                j = 0.5 if rnd.random() < 0.8 else 10
                if rnd.random() < 0.1:
                    lab = "Car" if lab == "Person" else "Person"
                res.append({"id": "b%d%d" % (who, i), "type": "rectanglelabels",
                            "from_name": "box", "to_name": "image",
                            "original_width": 640, "original_height": 480,
                            "value": {"x": x + rnd.uniform(-j, j), "y": y + rnd.uniform(-j, j),
                                      "width": w, "height": h, "rotation": 0,
                                      "rectanglelabels": [lab]}})
            for i, (start, end, lab) in enumerate(spans):
                if rnd.random() < 0.15:
                    continue
                if rnd.random() < 0.25:
                    end += rnd.choice([-1, 1, 2])
                    end = max(end, start + 1)
                res.append({"id": "s%d%d" % (who, i), "type": "labels", "from_name": "ner",
                            "to_name": "text", "value": {"start": start, "end": end,
                                                         "labels": [lab]}})
            anns.append({"id": len(anns) + 1, "completed_by": who, "was_cancelled": False,
                         "result": res})
        # Rules: a cancelled one and an author's second one do not count.
        if rnd.random() < 0.2:
            anns.append({"id": 99, "completed_by": 5, "was_cancelled": True,
                         "result": [{"type": "choices", "from_name": "sentiment",
                                     "value": {"choices": ["pos"]}}]})
        if rnd.random() < 0.2 and anns:
            anns.append({"id": 98, "completed_by": anns[0]["completed_by"],
                         "result": [{"type": "choices", "from_name": "sentiment",
                                     "value": {"choices": ["neu"]}}]})
        tasks.append({"id": t + 1, "data": {"text": "x" * 80, "image": "i.jpg"},
                      "annotations": anns,
                      "predictions": [{"result": [{"type": "choices",
                                                   "from_name": "sentiment",
                                                   "value": {"choices": ["pos"]}}]}]})
    with open(path, "w") as f:
        for t in tasks:
            f.write(json.dumps(t) + "\n")


def raters_of(task):
    seen = {}
    for a in task["annotations"]:
        if a.get("was_cancelled") or a.get("completed_by") is None:
            continue
        seen.setdefault(str(a["completed_by"]), a)
    return seen


def results_of(raters):
    """Each rater's (classifications by control, boxes, spans)."""
    per = {}
    for who, a in raters.items():
        cls, boxes, spans = {}, [], []
        for r in a["result"]:
            v = r["value"]
            if r["type"] == "choices":
                cls.setdefault(r["from_name"], "\x1f".join(sorted(v["choices"])))
            elif r["type"] == "rectanglelabels":
                boxes.append((v["x"], v["y"], v["width"], v["height"],
                              "\x1f".join(sorted(v["rectanglelabels"]))))
            elif r["type"] == "labels":
                spans.append((v["start"], v["end"], "\x1f".join(sorted(v["labels"]))))
        per[who] = (cls, boxes, spans)
    return per


def iou(a, b):
    ix = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    iy = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    inter = ix * iy if ix > 0 and iy > 0 else 0
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0


def greedy(xs, ys, score, ok):
    cands = sorted(((score(x, y), i, j) for i, x in enumerate(xs)
                    for j, y in enumerate(ys) if x[-1] == y[-1]),
                   key=lambda c: (-c[0], c[1], c[2]))
    used_x, used_y, m = set(), set(), 0
    for s, i, j in cands:
        if ok(s) and i not in used_x and j not in used_y:
            used_x.add(i)
            used_y.add(j)
            m += 1
    return m


def check(path, out):
    got = json.load(open(out))["agreement"]
    pairs = {}
    items = 0
    sum_p = 0.0
    ratings = 0
    cats = {}
    tot = [0] * 7
    ntasks = 0
    for line in open(path):
        task = json.loads(line)
        rs = raters_of(task)
        if len(rs) < 2:
            continue
        ntasks += 1
        per = results_of(rs)
        controls = sorted({c for p in per.values() for c in p[0]})
        for c in controls:
            rated = {w: p[0][c] for w, p in per.items() if c in p[0]}
            n = len(rated)
            if n < 2:
                continue
            counts = {}
            for k in rated.values():
                counts[k] = counts.get(k, 0) + 1
                cats[(c, k)] = cats.get((c, k), 0) + 1
            items += 1
            ratings += n
            sum_p += sum(x * (x - 1) for x in counts.values()) / (n * (n - 1))
            for a in rated:
                for b in rated:
                    if a < b:
                        p = pairs.setdefault((a, b), new_pair())
                        p["items"] += 1
                        p["agree"] += rated[a] == rated[b]
                        p["A"][rated[a]] = p["A"].get(rated[a], 0) + 1
                        p["B"][rated[b]] = p["B"].get(rated[b], 0) + 1
        for a in per:
            for b in per:
                if not a < b:
                    continue
                ba, bb = per[a][1], per[b][1]
                sa, sb = per[a][2], per[b][2]
                if not (ba or bb or sa or sb):
                    continue
                p = pairs.setdefault((a, b), new_pair())
                m = greedy(ba, bb, iou, lambda s: s >= 0.5)
                me = greedy(sa, sb, lambda x, y: 1 if x[:2] == y[:2] else 0, lambda s: s > 0)
                mo = greedy(sa, sb, lambda x, y: min(x[1], y[1]) - max(x[0], y[0]),
                            lambda s: s > 0)
                add = [m, len(ba), len(bb), me, mo, len(sa), len(sb)]
                p["r"] = [x + y for x, y in zip(p["r"], add)]
                tot = [x + y for x, y in zip(tot, add)]

    def f1(m, a, b):
        return None if a + b == 0 else 2 * m / (a + b)

    def kappa(p):
        if p["items"] == 0:
            return None
        n = p["items"]
        po = p["agree"] / n
        pe = sum(p["A"][k] * p["B"].get(k, 0) for k in p["A"]) / (n * n)
        return None if pe >= 1 else (po - pe) / (1 - pe)

    pbar = sum_p / items
    pe = sum((x / ratings) ** 2 for x in cats.values())
    want = {
        "tasks": ntasks,
        "items": items,
        "percent": 100 * pbar,
        "fleiss_kappa": (pbar - pe) / (1 - pe),
        "regions_f1": f1(tot[0], tot[1], tot[2]),
        "exact_f1": f1(tot[3], tot[5], tot[6]),
        "overlap_f1": f1(tot[4], tot[5], tot[6]),
    }
    have = {
        "tasks": got["tasks"],
        "items": got["classification"]["items"],
        "percent": got["classification"]["percent"],
        "fleiss_kappa": got["classification"]["fleiss_kappa"],
        "regions_f1": got["regions"]["f1"],
        "exact_f1": got["spans"]["exact_f1"],
        "overlap_f1": got["spans"]["overlap_f1"],
    }
    bad = []
    for k in want:
        if not close(want[k], have[k]):
            bad.append("%s: want %r, got %r" % (k, want[k], have[k]))
    gp = {(p["a"], p["b"]): p for p in got["pairs"]}
    if set(gp) != set(pairs):
        bad.append("pairs: want %s, got %s" % (sorted(pairs), sorted(gp)))
    for k, p in pairs.items():
        g = gp.get(k)
        if g is None:
            continue
        r = p["r"]
        for name, w in (("items", p["items"]),
                        ("percent", 100 * p["agree"] / p["items"] if p["items"] else None),
                        ("cohen_kappa", kappa(p)),
                        ("region_f1", f1(r[0], r[1], r[2])),
                        ("span_exact_f1", f1(r[3], r[5], r[6])),
                        ("span_overlap_f1", f1(r[4], r[5], r[6]))):
            if not close(w, g[name]):
                bad.append("%s-%s %s: want %r, got %r" % (k[0], k[1], name, w, g[name]))
    # The file must hold real disagreement, or the test proves little.
    if not (0.2 < want["fleiss_kappa"] < 0.9 and 0.3 < want["regions_f1"] < 1):
        bad.append("generated agreement out of range: %r" % want)
    print("\n".join(bad) if bad else "ok %d tasks, %d pairs, Fleiss %.3f" % (
        ntasks, len(pairs), want["fleiss_kappa"]))
    return not bad


def task_figures(task):
    """One task's figures: its pairs' comparisons added up."""
    rs = raters_of(task)
    if len(rs) < 2:
        return None
    per = results_of(rs)
    items = agree = 0
    r = [0] * 7
    for a in per:
        for b in per:
            if not a < b:
                continue
            for c in set(per[a][0]) & set(per[b][0]):
                items += 1
                agree += per[a][0][c] == per[b][0][c]
            ba, bb, sa, sb = per[a][1], per[b][1], per[a][2], per[b][2]
            add = [greedy(ba, bb, iou, lambda s: s >= 0.5), len(ba), len(bb),
                   greedy(sa, sb, lambda x, y: 1 if x[:2] == y[:2] else 0, lambda s: s > 0),
                   greedy(sa, sb, lambda x, y: min(x[1], y[1]) - max(x[0], y[0]),
                          lambda s: s > 0), len(sa), len(sb)]
            r = [x + y for x, y in zip(r, add)]

    def f1(m, x, y):
        return None if x + y == 0 else 2 * m / (x + y)
    return {"task": task["id"], "annotators": len(rs), "items": items,
            "percent": 100 * agree / items if items else None,
            "region_f1": f1(r[0], r[1], r[2]),
            "span_exact_f1": f1(r[3], r[5], r[6]),
            "span_overlap_f1": f1(r[4], r[5], r[6])}


def check_tasks(path, out):
    want = [f for f in (task_figures(json.loads(line)) for line in open(path)) if f]
    got = [json.loads(line) for line in open(out)]
    bad = []
    if len(want) != len(got):
        bad.append("lines: want %d, got %d" % (len(want), len(got)))
    for w, g in zip(want, got):
        for k in w:
            if k not in g or not close(w[k], g[k]):
                bad.append("task %r %s: want %r, got %r" % (w["task"], k, w[k], g.get(k)))
    if not any(w["percent"] is not None and w["percent"] < 100 for w in want):
        bad.append("no task with disagreement: the test proves little")
    print("\n".join(bad) if bad else "ok %d tasks" % len(want))
    return not bad


def new_pair():
    return {"items": 0, "agree": 0, "A": {}, "B": {}, "r": [0] * 7}


def close(want, have):
    if want is None or have is None:
        return want is None and have is None
    return abs(want - have) <= 1e-6 * max(1, abs(want))


if __name__ == "__main__":
    if sys.argv[1] == "gen":
        gen(sys.argv[2])
    elif sys.argv[1] == "tasks":
        sys.exit(0 if check_tasks(sys.argv[2], sys.argv[3]) else 1)
    else:
        sys.exit(0 if check(sys.argv[2], sys.argv[3]) else 1)
