#!/usr/bin/env python3
# tests/select/oracle.py CASES DIR: an independent ann-select, written from
# man/ann-select.1 alone (not from lib/filter*.c), for tests/select.sh.
#
# CASES holds one case a line: N <TAB> DESCRIPTION <TAB> INPUT FILES <TAB>
# ARGUMENTS, the files separated by spaces, the arguments quoted as for sh.
# DIR/N.ids holds the ids of the records ann-select wrote, one a line, as
#   jq -c '.id // .data_row.id // ."DataRow ID" // .oid'
# prints them, DIR/N.rc its exit status and DIR/N.err its standard error.
# For every case this prints "ok <TAB> DESCRIPTION" when ann-select wrote the
# records the oracle wants, in order, exited 0 (1 when none is wanted) and
# said nothing; else "not <TAB> DESCRIPTION" and "# <TAB> detail" lines.
import calendar
import json
import re
import shlex
import sys
import time
from decimal import Decimal, InvalidOperation


class Num(str):
    """A JSON number, kept as its text."""


def loads(text):
    return json.loads(text, parse_int=Num, parse_float=Num)


def load_records(path):
    with open(path, encoding="utf-8-sig") as f:
        text = f.read()
    try:
        v = loads(text)
    except ValueError:
        return [loads(line) for line in text.splitlines() if line.strip()]
    return v if isinstance(v, list) else [v]


def id_json(r):
    for v in (r.get("id"), (r.get("data_row") or {}).get("id") if isinstance(r.get("data_row"), dict) else None,
              r.get("DataRow ID"), r.get("oid")):
        if v is not None and v is not False:
            return str(v) if isinstance(v, Num) else json.dumps(v, ensure_ascii=False)
    return "null"


def text_of(v):
    """Ids, users, versions are compared as text: a number by its JSON text."""
    if isinstance(v, (Num, str)):
        return str(v)
    return None


# ------------------------------------------------------------------ dates

DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})"
                     r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?"
                     r"(Z|[+-]\d{2}:\d{2}|[+-]\d{4})?)?$")
AGO_RE = re.compile(r"(\d+)([wdhms])$")
UNIT = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}


def parse_iso(s):
    """(microseconds since the epoch, day only?) or None."""
    m = DATE_RE.match(s)
    if not m:
        return None
    y, mo, d, hh, mi, ss, frac, zone = m.groups()
    try:
        secs = calendar.timegm((int(y), int(mo), int(d), int(hh or 0), int(mi or 0),
                                int(ss or 0), 0, 0, 0))
    except (ValueError, OverflowError):
        return None
    if not (1 <= int(mo) <= 12 and 1 <= int(d) <= calendar.monthrange(int(y), int(mo))[1]):
        return None
    if int(hh or 0) > 23 or int(mi or 0) > 59 or int(ss or 0) > 60:
        return None
    us = secs * 1000000 + (int((frac + "000000")[:6]) if frac else 0)
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        off = int(zone[1:3]) * 3600 + int(zone[-2:]) * 60
        us -= sign * off * 1000000
    return us, hh is None


def data_date(v):
    if isinstance(v, Num):
        x = Decimal(str(v))
        if x > Decimal(10) ** 11:
            x = x / 1000
        return int(x * 1000000)
    if isinstance(v, str):
        p = parse_iso(v)
        return p[0] if p else None
    return None


def option_date(s, until):
    m = AGO_RE.match(s)
    if m:
        return int((time.time() - int(m.group(1)) * UNIT[m.group(2)]) * 1000000)
    p = parse_iso(s)
    if p is None:
        raise SystemExit("oracle: bad date %r" % s)
    us, day = p
    if until and day:
        us += 86400 * 1000000 - 1
    return us


# ------------------------------------------------------------------ paths

def split_path(path):
    parts, cur, i = [], "", 0
    while i < len(path):
        if path[i] == "\\" and i + 1 < len(path) and path[i + 1] == ".":
            cur += "."
            i += 2
            continue
        if path[i] == ".":
            parts.append(cur)
            cur = ""
        else:
            cur += path[i]
        i += 1
    parts.append(cur)
    return parts


def walk(root, path):
    vals = [root]
    for seg in split_path(path):
        nxt = []
        for v in vals:
            if seg == "*":
                if isinstance(v, dict):
                    nxt.extend(v.values())
                elif isinstance(v, list):
                    nxt.extend(v)
            elif seg.isdigit() and isinstance(v, list):
                if int(seg) < len(v):
                    nxt.append(v[int(seg)])
            elif isinstance(v, dict):
                if seg in v:
                    nxt.append(v[seg])
            elif isinstance(v, list):
                nxt.extend(e[seg] for e in v if isinstance(e, dict) and seg in e)
        vals = nxt
    return vals


NUM_RE = re.compile(r"-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$")


def where_test(expr):
    m = re.search(r"<=|>=|!=|=|<|>|~", expr)
    if not m:
        path = expr.strip()
        return lambda r: any(v is not None for v in walk(r, path))
    path, op, value = expr[:m.start()].strip(), m.group(0), expr[m.end():].strip()
    quoted = len(value) >= 2 and value[0] == '"' and value[-1] == '"'
    vtext = json.loads(value) if quoted else value
    vnum = Decimal(value) if not quoted and NUM_RE.match(value) else None
    vdate = None if quoted else parse_iso(value)
    rx = re.compile(vtext) if op == "~" else None

    def order(a, b):
        return {"=": a == b, "!=": a != b, "<": a < b, "<=": a <= b,
                ">": a > b, ">=": a >= b}[op]

    def one(v):
        if op == "~":
            if isinstance(v, (Num, str)):
                return rx.search(str(v)) is not None
            return False
        if isinstance(v, Num):
            if vnum is None:
                return False
            return order(Decimal(str(v)), vnum)
        if isinstance(v, str):
            if vdate is not None:
                d = parse_iso(v)
                if d is not None:
                    return order(d[0], vdate[0])
            return order(v.encode("utf-8"), vtext.encode("utf-8"))
        if v is True or v is False or v is None:
            lit = {"true": True, "false": False, "null": None}
            if op not in ("=", "!=") or quoted or value not in lit:
                return False
            same = v is lit[value]
            return same if op == "=" else not same
        return False

    def each(v):
        # A path that ends at an array compares its elements, one level.
        if isinstance(v, list):
            return any(one(e) for e in v if not isinstance(e, list))
        return one(v)

    return lambda r: any(each(v) for v in walk(r, path))


# ------------------------------------------------------------------ views

def shape(r):
    if not isinstance(r, dict):
        return None
    if "data_row" in r:
        return "lb"
    if "DataRow ID" in r:
        return "v1"
    if "annotations" in r or "completions" in r or "data" in r:
        return "ls"
    return None


def lst(v):
    return v if isinstance(v, list) else []


def obj(v):
    return v if isinstance(v, dict) else {}


def ls_anns(t):
    return lst(t.get("annotations")) + lst(t.get("completions"))


def ls_preds(t):
    return lst(t.get("predictions"))


def cancelled(a):
    return obj(a).get("was_cancelled") is True


def skipped(lab):
    return obj(obj(lab).get("performance_details")).get("skipped") is True


class Opts:
    def __init__(self, args):
        self.t = {}  # test name -> list of values
        self.invert = False
        self.sets = "annotations"
        self.field = "activity"
        long_val = {"status", "since", "until", "date-field", "project", "dataset", "batch",
                    "label", "annotator", "model-version", "min-score", "max-score", "has",
                    "id", "id-file", "where"}
        short = {"s": "status", "l": "label", "a": "annotator", "w": "where"}
        i = 0
        while i < len(args):
            a = args[i]
            i += 1
            if a.startswith("--"):
                name, eq, val = a[2:].partition("=")
                if name in long_val:
                    if not eq:
                        val = args[i]
                        i += 1
                elif name in ("annotations", "predictions", "both"):
                    self.sets = name
                    continue
                elif name == "invert-match":
                    self.invert = True
                    continue
                elif name == "empty":
                    val = True
                else:
                    raise SystemExit("oracle: unknown option %s" % a)
            elif a == "-v":
                self.invert = True
                continue
            elif a[:2] in ("-s", "-l", "-a", "-w"):
                name = short[a[1]]
                val = a[2:] or args[i]
                if not a[2:]:
                    i += 1
            else:
                raise SystemExit("oracle: unknown argument %s" % a)
            if name == "date-field":
                self.field = val
            elif name == "id-file":
                with open(val, encoding="utf-8") as f:
                    self.t.setdefault("id", []).extend(
                        line.strip() for line in f.read().split("\n") if line.strip())
            else:
                self.t.setdefault(name, []).append(val)


LB_STATUS = {"TOLABEL", "INREVIEW", "INREWORK", "DONE"}
LS_STATUS = {"labeled", "unlabeled", "skipped", "predicted", "reviewed"}


def lb_projects(r, o):
    ps = obj(r.get("projects"))
    if "project" not in o.t:
        return list(ps.values())
    return [p for k, p in ps.items()
            if any(v == k or v == obj(p).get("name") for v in o.t["project"])]


def lb_labels(projects):
    return [lab for p in projects for lab in lst(obj(p).get("labels"))]


def lb_answer_names(c):
    c = obj(c)
    out = []
    ra = c.get("radio_answer")
    if isinstance(ra, dict):
        out.append(ra.get("name"))
        for s in lst(ra.get("classifications")):
            out += lb_answer_names(s)
    for ca in lst(c.get("checklist_answers")):
        out.append(obj(ca).get("name"))
        for s in lst(obj(ca).get("classifications")):
            out += lb_answer_names(s)
    return out


def lb_label_names(lab):
    an = obj(obj(lab).get("annotations"))
    out = []
    for o in lst(an.get("objects")):
        out.append(obj(o).get("name"))
        for c in lst(obj(o).get("classifications")):
            out += lb_answer_names(c)
    for c in lst(an.get("classifications")):
        out += lb_answer_names(c)
    return out


def ls_result_labels(res):
    out = []
    for r in lst(res):
        v = obj(obj(r).get("value"))
        for k, x in v.items():
            if (k.endswith("labels") or k == "choices") and isinstance(x, list):
                out += [e for e in x if isinstance(e, str)]
            elif k == "taxonomy" and isinstance(x, list):
                for p in x:
                    out += [e for e in lst(p) if isinstance(e, str)]
    return out


def dates_for(r, sh, o, projects):
    f = o.field
    if f not in ("activity", "created", "updated", "label-created", "label-updated"):
        return [data_date(v) for v in walk(r, f)]
    if sh == "lb":
        d = obj(obj(r.get("data_row")).get("details"))
        if f == "activity":
            return [data_date(d["last_activity_at"] if "last_activity_at" in d else d.get("updated_at"))]
        if f in ("created", "updated"):
            return [data_date(d.get(f + "_at"))]
        key = f[6:] + "_at"
        return [data_date(obj(obj(lab).get("label_details")).get(key)) for lab in lb_labels(projects)]
    if sh == "v1":
        if f == "activity":
            return [data_date(r.get("Updated At"))]
        raise SystemExit("oracle: --date-field %s is not defined for v1 rows" % f)
    if f == "activity":
        if r.get("updated_at") is not None:
            return [data_date(r["updated_at"])]
        ds = []
        for a in ls_anns(r):
            a = obj(a)
            ds.append(data_date(a["updated_at"] if a.get("updated_at") is not None else a.get("created_at")))
        ds = [x for x in ds if x is not None]
        return [max(ds)] if ds else []
    if f in ("created", "updated"):
        return [data_date(r.get(f + "_at"))]
    return [data_date(obj(a).get(f[6:] + "_at")) for a in ls_anns(r)]


def matches(r, o):
    sh = shape(r)
    t = o.t
    needs_view = any(k not in ("where", "id", "since", "until") for k in t) or (
        ("since" in t or "until" in t) and o.field in
        ("activity", "created", "updated", "label-created", "label-updated"))
    if needs_view and sh is None:
        raise SystemExit("oracle: %s: record of no known shape: %s" % (o.desc, json.dumps(r)[:200]))
    projects = lb_projects(r, o) if sh == "lb" else []
    labels = lb_labels(projects) if sh == "lb" else []
    anns = ls_anns(r) if sh == "ls" else []
    preds = ls_preds(r) if sh == "ls" else []

    for name, vals in t.items():
        if name == "status":
            def st(v):
                if v.upper().replace("_", "") in LB_STATUS:
                    n = v.upper().replace("_", "")
                    return sh == "lb" and any(
                        str(obj(obj(p).get("project_details")).get("workflow_status")).upper().replace("_", "") == n
                        for p in projects)
                if sh == "v1":
                    raise SystemExit("oracle: status of v1 rows is not defined")
                if v == "labeled":
                    return any(not cancelled(a) for a in anns) if sh == "ls" else \
                        any(not skipped(lab) for lab in labels)
                if v == "unlabeled":
                    return not (anns if sh == "ls" else labels)
                if v == "skipped":
                    return bool(anns) and all(cancelled(a) for a in anns) if sh == "ls" else \
                        bool(labels) and all(skipped(lab) for lab in labels)
                if v == "predicted":
                    return bool(preds)
                if v == "reviewed":
                    return any(lst(obj(a).get("reviews")) for a in anns) if sh == "ls" else \
                        any(lst(obj(obj(lab).get("label_details")).get("reviews")) for lab in labels)
                raise SystemExit("oracle: bad status %s" % v)
            ok = any(st(v) for v in vals)
        elif name in ("since", "until"):
            if name == "until" and "since" in t:
                continue
            lo = option_date(t["since"][0], False) if "since" in t else None
            hi = option_date(t["until"][0], True) if "until" in t else None
            ok = any(d is not None and (lo is None or d >= lo) and (hi is None or d <= hi)
                     for d in dates_for(r, sh, o, projects))
        elif name == "project":
            if sh == "lb":
                ok = bool(projects)
            elif sh == "ls":
                ok = text_of(r.get("project")) in vals
            else:
                raise SystemExit("oracle: --project on v1 is not defined")
        elif name == "dataset":
            if sh == "lb":
                d = obj(obj(r.get("data_row")).get("details"))
                ok = any(v in (d.get("dataset_id"), d.get("dataset_name")) for v in vals)
            elif sh == "v1":
                ok = r.get("Dataset Name") in vals
            else:
                ok = False
        elif name == "batch":
            ok = sh == "lb" and any(
                v in (obj(obj(p).get("project_details")).get("batch_id"),
                      obj(obj(p).get("project_details")).get("batch_name"))
                for p in projects for v in vals)
        elif name == "label":
            names = []
            if sh == "ls":
                if o.sets in ("annotations", "both"):
                    for a in anns:
                        if not cancelled(a):
                            names += ls_result_labels(obj(a).get("result"))
                if o.sets in ("predictions", "both"):
                    for p in preds:
                        names += ls_result_labels(obj(p).get("result"))
            elif sh == "lb":
                if o.sets in ("annotations", "both"):
                    for lab in labels:
                        if not skipped(lab):
                            names += lb_label_names(lab)
            else:
                raise SystemExit("oracle: -l on v1 is not defined")
            ok = any(v in names for v in vals)
        elif name == "annotator":
            who = []
            if sh == "ls":
                for a in anns:
                    cb = obj(a).get("completed_by")
                    if isinstance(cb, dict):
                        who += [text_of(cb.get("id")), text_of(cb.get("email"))]
                    else:
                        who.append(text_of(cb))
            elif sh == "lb":
                who = [text_of(obj(obj(lab).get("label_details")).get("created_by")) for lab in labels]
            else:
                raise SystemExit("oracle: -a on v1 is not defined")
            who = [w.lower() for w in who if w is not None]
            ok = any(v.lower() in who for v in vals)
        elif name == "model-version":
            ok = any(text_of(obj(p).get("model_version")) in vals for p in preds)
        elif name in ("min-score", "max-score"):
            if name == "max-score" and "min-score" in t:
                continue
            lo = Decimal(t["min-score"][0]) if "min-score" in t else None
            hi = Decimal(t["max-score"][0]) if "max-score" in t else None
            ok = False
            for p in preds:
                s = obj(p).get("score")
                if isinstance(s, Num) and (lo is None or Decimal(str(s)) >= lo) and \
                        (hi is None or Decimal(str(s)) <= hi):
                    ok = True
        elif name == "has":
            def has(v):
                if v == "annotations":
                    return bool(anns) if sh == "ls" else bool(labels)
                if v == "predictions":
                    return bool(preds)
                if v == "reviews":
                    return any(lst(obj(a).get("reviews")) for a in anns) if sh == "ls" else \
                        any(lst(obj(obj(lab).get("label_details")).get("reviews")) for lab in labels)
                raise SystemExit("oracle: bad --has %s" % v)
            ok = any(has(v) for v in vals)
        elif name == "empty":
            if sh == "ls":
                ok = not any(lst(obj(a).get("result")) for a in anns + preds)
            elif sh == "lb":
                ok = True
                for lab in lb_labels(list(obj(r.get("projects")).values())):
                    an = obj(obj(lab).get("annotations"))
                    if lst(an.get("objects")) or lst(an.get("classifications")) or lst(an.get("relationships")):
                        ok = False
            else:
                raise SystemExit("oracle: --empty on v1 is not defined")
        elif name == "id":
            if sh == "lb":
                dr = obj(r.get("data_row"))
                ids = [text_of(dr.get("id")), text_of(dr.get("global_key"))]
            elif sh == "v1":
                ids = [text_of(r.get("DataRow ID")), text_of(r.get("External ID"))]
            else:
                ids = [text_of(r.get("id"))]
            ok = any(v in ids for v in vals)
        elif name == "where":
            ok = any(where_test(v)(r) for v in vals)
        else:
            raise SystemExit("oracle: no rule for %s" % name)
        if not ok:
            return o.invert
    return not o.invert


def absent_line(line, args):
    m = re.match(r"ann-select: (--[a-z-]+)(/--[a-z-]+)?: (\d+) of (\d+) records? "
                 r"ha(s|ve) no .*; (it matches|they match) no ", line)
    if not m or m.group(3) != m.group(4):
        return False
    names = [m.group(1)] + ([m.group(2)[1:]] if m.group(2) else [])
    short = {"--status": "-s", "--where": "-w", "--annotator": "-a", "--label": "-l"}
    return any(a.split("=")[0] in (n, short.get(n)) for n in names
               for a in shlex.split(args))


def main():
    cases, casedir = sys.argv[1], sys.argv[2]
    cache = {}
    with open(cases, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for line in lines:
        if not line:
            continue
        n, desc, files, args = line.split("\t")
        o = Opts(shlex.split(args))
        o.desc = desc
        want = []
        for path in files.split():
            if path not in cache:
                cache[path] = load_records(path)
            for r in cache[path]:
                if matches(r, o):
                    want.append(id_json(r))
        base = "%s/%s" % (casedir, n)
        with open(base + ".ids", encoding="utf-8") as f:
            got = f.read().split("\n")[:-1]
        with open(base + ".rc") as f:
            rc = f.read().strip()
        with open(base + ".err", encoding="utf-8", errors="replace") as f:
            err = f.read().split("\n")[:-1]
        wantrc = "0" if want else "1"
        # The one line ann-select may write on a good run: a test no record
        # could pass, every record it looked at lacking its field (issue 16;
        # tests/newuser.sh and test_filter check its words and counts).
        err = [e for e in err if not absent_line(e, args)]
        if got == want and rc == wantrc and not err:
            print("ok\t%s (%d records)" % (desc, len(want)))
            continue
        print("not\t%s: the oracle wants %d records, exit %s" % (desc, len(want), wantrc))
        print("#\t  got %d records, exit %s" % (len(got), rc))
        for e in err[:3]:
            print("#\t  stderr: %s" % e)
        extra = [g for g in got if g not in want]
        missing = [w for w in want if w not in got]
        if extra:
            print("#\t  not wanted: %s" % " ".join(extra[:8]))
        if missing:
            print("#\t  missing: %s" % " ".join(missing[:8]))
        if not extra and not missing and got != want:
            print("#\t  same ids, other order or repeats")


if __name__ == "__main__":
    main()
