#!/usr/bin/env python3
# tests/select/gen.py OUTDIR: write synthetic exports for tests/select.sh.
#
#   lb.ndjson     Labelbox export v2 rows, one per line (several projects per
#                 row, workflow statuses, batches, datasets, labels with
#                 nested radio/checklist answers, reviews, skipped labels)
#   lbodd.ndjson  Labelbox rows with neither last_activity_at nor updated_at
#   v1.ndjson     Labelbox legacy v1 rows
#   ls.json       Label Studio tasks: one pretty-printed JSON array (indent 2)
#                 with annotations (cancelled or not, completed_by as number
#                 or object), predictions (scores, model versions), reviews
#   ls.ndjson     more Label Studio tasks, one compact object per line
#   other.ndjson  JSON objects of no known task shape (for -w and --id)
#
# Dates come in assorted forms (zone Z, +hh:mm, -hhmm, no zone, a space for
# T, 0 to 6 fraction digits, a day alone, epoch seconds or milliseconds), and
# some are put right on the boundaries that select.sh tests.  Some numbers
# are written with unusual text (0.50, 5e-1, 1E0) so that byte-for-byte
# output can be checked.  Fixed seed: the same bytes on every run.
import datetime
import json
import os
import random
import re
import sys

R = random.Random(20261122)
out = sys.argv[1]

# Raw JSON text to splice in where json.dumps would normalise it.
raw = []


def rawtext(text):
    raw.append(text)
    return "@@RAW%d@@" % (len(raw) - 1)


def splice(s):
    return re.sub(r'"@@RAW(\d+)@@"', lambda m: raw[int(m.group(1))], s)


BOUNDARY = [
    "2024-03-01T00:00:00Z", "2024-03-01", "2024-02-29T23:59:59.999999Z",
    "2024-03-01T01:00:00+02:00", "2024-02-29T23:30:00-01:00",
    "2024-03-31T23:59:59.999999Z", "2024-03-31", "2024-04-01T00:00:00Z",
    "2024-04-01T01:00:00+02:00", "2024-03-31 22:00:00-0300",
    "2024-03-15T12:30:00Z", "2024-03-15T12:30", "2024-03-15 12:30:00.000001",
    "2024-03-15T14:29:59.999+02:00", "2024-03-15T12:29:59Z",
]


def rdate(lo=1672531200, hi=1735689600, forms=True):
    """A date as a JSON value (string, or sometimes a number)."""
    if forms and R.random() < 0.15:
        return R.choice(BOUNDARY)
    if forms and R.random() < 0.02:
        t = R.randrange(1924992000, 1956528000)  # 2031..2032: the future
    else:
        t = R.randrange(lo, hi)
    if forms and R.random() < 0.04:
        return t
    if forms and R.random() < 0.04:
        return t * 1000 + R.randrange(1000)
    frac = R.choice([0, 0, 3, 3, 6, 1, 2])
    us = R.randrange(1000000)
    zone = R.choice(["Z", "Z", "+00:00", "+02:00", "-05:00", "+0530", "-0800",
                     "", "+14:00", "-12:00"]) if forms else "Z"
    off = 0
    if zone not in ("", "Z"):
        sign = 1 if zone[0] == "+" else -1
        hh = int(zone[1:3])
        mm = int(zone[-2:])
        off = sign * (hh * 3600 + mm * 60)
    dt = datetime.datetime.fromtimestamp(t + off, datetime.timezone.utc)
    sep = "T" if not forms or R.random() < 0.8 else " "
    s = dt.strftime("%Y-%m-%d") + sep + dt.strftime("%H:%M:%S")
    if frac:
        s += "." + ("%06d" % us)[:frac]
    if forms and R.random() < 0.03:
        s = s[:16]  # no seconds
    return s + zone


def maybe(p, v):
    return v if R.random() < p else None


# ---------------------------------------------------------------- Labelbox

PROJECTS = [("cproj00aaa", "Street boxes"), ("cproj01bbb", "Street QA"),
            ("cproj02ccc", "Night shift"), ("cproj03ddd", "Café photos")]
DATASETS = [("cds0001", "street-scenes-2024-q1"), ("cds0002", "street-scenes-2024-q2"),
            ("cds0003", "indoor \"v2\" (Zürich)")]
BATCHES = [("b-11f3", "batch_2024_03"), ("b-22e4", "batch_2024_04"), ("b-33d5", "rework batch")]
STATUSES = ["TO_LABEL", "IN_REVIEW", "IN_REWORK", "DONE"]
LB_USERS = ["ann@example.com", "Bob.Smith@Example.com", "carla@EXAMPLE.org",
            "dmitri@example.com", "eve+qa@example.com"]
OBJ_NAMES = ["Car", "Truck", "Person", "Bus", "Traffic light", "Vélo"]


def lb_answer(depth):
    name = R.choice(["Sunny", "Rain", "Fog", "Yes", "No", "Strong", "Weak"])
    a = {"feature_id": "fa%d" % R.randrange(10**6), "name": name,
         "value": name.lower(), "classifications": []}
    if depth < 2 and R.random() < 0.4:
        a["classifications"].append(lb_classif(depth + 1))
    return a


def lb_classif(depth=0):
    kind = R.random()
    c = {"feature_id": "fc%d" % R.randrange(10**6)}
    if kind < 0.55:
        c["name"] = R.choice(["weather", "occluded", "intensity"])
        c["value"] = c["name"]
        c["radio_answer"] = lb_answer(depth)
    elif kind < 0.85:
        c["name"] = "tags"
        c["value"] = "tags"
        c["checklist_answers"] = [
            {"feature_id": "fk%d" % R.randrange(10**6), "name": n, "value": n,
             "classifications": ([lb_classif(depth + 1)] if depth < 2 and R.random() < 0.3 else [])}
            for n in R.sample(["blurry", "dark", "crowded", "Tunnel"], R.randrange(0, 3))]
    else:
        c["name"] = "note"
        c["value"] = "note"
        c["text_answer"] = {"content": R.choice(["Car", "Truck", "nothing"])}
    return c


def lb_label():
    objs = []
    for _ in range(R.choice([0, 0, 1, 1, 2, 3])):
        o = {"feature_id": "fo%d" % R.randrange(10**6), "name": R.choice(OBJ_NAMES),
             "annotation_kind": "ImageBoundingBox", "classifications": [],
             "bounding_box": {"top": R.randrange(500), "left": R.randrange(500),
                              "height": R.randrange(1, 200), "width": R.randrange(1, 200)}}
        o["value"] = o["name"].lower()
        if R.random() < 0.4:
            o["classifications"].append(lb_classif(1))
        objs.append(o)
    cls = [lb_classif() for _ in range(R.choice([0, 0, 1, 2]))]
    created = rdate()
    details = {"created_at": created, "updated_at": rdate(),
               "created_by": R.choice(LB_USERS),
               "content_last_updated_at": rdate(),
               "reviews": []}
    if R.random() < 0.25:
        details["reviews"] = [{"reviewed_at": rdate(), "reviewed_by": R.choice(LB_USERS),
                               "review_action": R.choice(["Approve", "Reject"])}]
    lab = {"label_kind": "Default", "version": "1.0.0", "id": "cl%d" % R.randrange(10**8),
           "label_details": details,
           "performance_details": {"seconds_to_create": R.randrange(200),
                                   "seconds_to_review": 0,
                                   "skipped": R.random() < 0.2},
           "annotations": {"objects": objs, "classifications": cls, "relationships": []}}
    return lab


def lb_row(i, odd=False):
    ds = R.choice(DATASETS)
    details = {"dataset_id": ds[0], "dataset_name": ds[1],
               "created_at": rdate(), "updated_at": rdate(),
               "created_by": R.choice(LB_USERS)}
    r = R.random()
    if odd:
        del details["updated_at"]  # no activity date at all
    elif r < 0.8:
        details["last_activity_at"] = rdate()
    elif r < 0.83:
        details["last_activity_at"] = "n/a"
    projects = {}
    for pid, pname in R.sample(PROJECTS, R.choice([1, 1, 2, 3])):
        p = {"name": pname, "labels": [lb_label() for _ in range(R.choice([0, 1, 1, 1, 2]))]}
        if R.random() < 0.95:
            b = R.choice(BATCHES)
            p["project_details"] = {"task_name": "Review", "batch_id": b[0], "batch_name": b[1],
                                    "workflow_status": R.choice(STATUSES),
                                    "priority": R.randrange(1, 6)}
        projects[pid] = p
    row = {"data_row": {"id": "cdr%05dx" % i, "global_key": "frames/f_%05d.jpg" % i,
                        "row_data": "https://storage.example.com/f_%05d.jpg" % i,
                        "external_id": "ext-%d" % i, "details": details},
           "media_attributes": {"height": 1080, "width": 1920, "mime_type": "image/jpeg"},
           "attachments": [], "metadata_fields": [],
           "projects": projects}
    if R.random() < 0.2:
        row["metadata_fields"] = [{"schema_name": "split", "value": R.choice(["train", "test"])}]
    return row


def v1_row(i):
    ds = R.choice(DATASETS)
    return {"ID": "cv1lab%04d" % i, "DataRow ID": "cv1dr%04d" % i,
            "Labeled Data": "https://example.com/v1/%d.jpg" % i,
            "Label": {"objects": [{"title": R.choice(OBJ_NAMES), "value": "x",
                                   "bbox": {"top": 1, "left": 2, "height": 3, "width": 4}}]},
            "Created By": R.choice(LB_USERS), "Project Name": R.choice(PROJECTS)[1],
            "Created At": rdate(), "Updated At": rdate(),
            "Seconds to Label": 12.5, "External ID": "v1ext-%d.jpg" % i,
            "Agreement": -1, "Benchmark Agreement": -1, "Benchmark ID": None,
            "Dataset Name": ds[1], "Reviews": [], "View Label": "https://x/%d" % i,
            "Has Open Issues": 0, "Skipped": R.random() < 0.1}


# ------------------------------------------------------------- Label Studio

LS_LABELS = ["Car", "Truck", "Person", "Bus", "Traffic light", "Café"]
LS_USERS = [(4, "ann@example.com"), (7, "Bob.Smith@Example.com"), (12, "carla@example.org"),
            (15, "person2@example.com")]
MODELS = ["yolov8-2024-03", "yolov8-2024-04", "rcnn v1", "1.0"]


def ls_result(pred):
    k = R.random()
    rid = "r%06d" % R.randrange(10**6)
    if k < 0.45:
        typ = R.choice(["rectanglelabels", "polygonlabels", "labels", "keypointlabels", "brushlabels"])
        v = {"x": round(R.random() * 100, 3), "y": round(R.random() * 100, 3)}
        v[typ] = R.sample(LS_LABELS, R.choice([1, 1, 2]))
    elif k < 0.65:
        typ = "choices"
        v = {"choices": R.sample(["Sunny", "Rain", "Night", "Car"], R.choice([1, 2]))}
    elif k < 0.8:
        typ = "taxonomy"
        v = {"taxonomy": R.sample([["Vehicle", "Car", "Sedan"], ["Vehicle", "Van"], ["Animal"],
                                   ["Animal", "Bird"]], R.choice([1, 2]))}
    else:
        typ = "textarea"
        v = {"text": [R.choice(["Car", "Truck", "a note"])]}
    r = {"value": v, "id": rid, "from_name": typ[:5], "to_name": "image", "type": typ}
    if pred and R.random() < 0.5:
        r["score"] = round(R.random(), 3)  # region scores: not looked at
    return r


def ls_annotation(j):
    a = {"id": j, "result": [ls_result(False) for _ in range(R.choice([0, 1, 1, 2, 3]))]}
    u = R.choice(LS_USERS)
    w = R.random()
    if w < 0.5:
        a["completed_by"] = u[0]
    elif w < 0.85:
        email = u[1]
        if R.random() < 0.5:
            email = email.upper() if R.random() < 0.5 else email.lower()
        a["completed_by"] = {"id": u[0], "email": email, "first_name": "", "last_name": ""}
    elif w < 0.9:
        a["completed_by"] = u[1]
    c = R.random()
    if c < 0.25:
        a["was_cancelled"] = True
    elif c < 0.9:
        a["was_cancelled"] = False
    a["ground_truth"] = False
    if R.random() < 0.9:
        a["created_at"] = rdate()
    if R.random() < 0.8:
        a["updated_at"] = rdate()
    if R.random() < 0.2:
        a["reviews"] = [{"id": R.randrange(1000), "accepted": R.random() < 0.5}]
    elif R.random() < 0.5:
        a["reviews"] = []
    a["lead_time"] = rawtext(R.choice(["12.50", "1E0", "5e-1", "0.0", "-0", "3"]))
    return a


def ls_prediction(j):
    p = {"id": j, "result": [ls_result(True) for _ in range(R.choice([0, 1, 2]))]}
    if R.random() < 0.85:
        p["model_version"] = R.choice(MODELS)
    s = R.random()
    if s < 0.75:
        p["score"] = round(R.random(), 3)
    elif s < 0.8:
        p["score"] = rawtext(R.choice(["0.50", "5e-1", "1E0", "0", "1"]))
    p["created_at"] = rdate()
    return p


def ls_task(i):
    t = {"id": i}
    nann = R.choice([0, 0, 1, 1, 1, 2, 3])
    key = "completions" if R.random() < 0.1 else "annotations"
    t[key] = [ls_annotation(i * 10 + j) for j in range(nann)]
    if R.random() < 0.05 and nann == 0:
        del t[key]
    t["predictions"] = [ls_prediction(i * 10 + j) for j in range(R.choice([0, 0, 1, 2]))]
    t["data"] = {"image": "https://storage.example.com/img/%05d.%s" % (i, R.choice(["jpg", "png"])),
                 "caption": R.choice(["Façade at dusk", "東京 street", "a \"quoted\" one", "plain"]),
                 "split": R.choice(["train", "test", "val"]),
                 "n": R.choice([1, 2, 10, 20, 99, -3]),
                 "weight": rawtext(R.choice(["1.50", "2e1", "0.25", "10"])),
                 "flag": R.choice([True, False, None])}
    if R.random() < 0.3:
        t["data"]["esc"] = rawtext(R.choice(['"caf\\u00e9"', '"a\\/b"', '"tab\\there"', '"caf\\u00E9"']))
    t["meta"] = {"source": R.choice(["cam1", "cam2"])}
    if R.random() < 0.9:
        t["created_at"] = rdate()
    if R.random() < 0.75:
        t["updated_at"] = rdate()
    if R.random() < 0.9:
        t["project"] = R.choice([3, 7, 12])
    t["inner_id"] = i
    return t


def other(i):
    o = {"kind": R.choice(["note", "event", "misc"]),
         "n": R.choice([0, 1, 5, 10, 42, -1, 3.5]),
         "s": R.choice(["10", "9", "abc", "Abc", "2024-03-01T01:00:00+02:00", "2024-02-29"]),
         "b": R.choice([True, False, None]),
         "when": rdate(),
         "a": [{"k": R.choice(["x", "y"]), "v": R.randrange(10)} for _ in range(R.randrange(3))],
         "m": {"dot.key": R.choice(["p", "q"]), "0": "zero"}}
    if R.random() < 0.5:
        o["id"] = 5000 + i
    o["oid"] = "o%d" % i
    return o


def write_ndjson(name, rows):
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(splice(json.dumps(r, ensure_ascii=R.random() < 0.3, separators=(",", ":"))) + "\n")


os.makedirs(out, exist_ok=True)
write_ndjson("lb.ndjson", [lb_row(i) for i in range(300)])
write_ndjson("lbodd.ndjson", [lb_row(i, True) for i in range(900, 930)])
write_ndjson("v1.ndjson", [v1_row(i) for i in range(40)])
with open(os.path.join(out, "ls.json"), "w", encoding="utf-8") as f:
    f.write(splice(json.dumps([ls_task(1000 + i) for i in range(300)], indent=2, ensure_ascii=False)) + "\n")
lsn = [ls_task(2000 + i) for i in range(200)]
for t in lsn:  # ids as text: "2005" is the task 2005; "t\u00e9-2007" is "té-2007"
    if t["id"] % 50 == 5:
        t["id"] = str(t["id"])
    elif t["id"] % 50 == 7:
        t["id"] = rawtext('"t\\u00e9-%d"' % t["id"])
write_ndjson("ls.ndjson", lsn)
write_ndjson("other.ndjson", [other(i) for i in range(80)])
