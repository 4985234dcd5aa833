# rejoin.py INPUT OUTPUT: the CoNLL or IOB2 that ann-toconll wrote for INPUT
# (Label Studio tasks, as a JSON array, one object or NDJSON; or Labelbox
# export v2 rows), read back into spans, must be the input's spans.
#
# Each sentence block's tokens are found in a task's text one after another,
# with only white space skipped between them (so no token is invented or
# moved); B-/I- runs become spans [start of the first token, end of the
# last) in code points; they must equal the spans of the task's newest
# non-cancelled annotation, trimmed of white space, less the ones ann-toconll
# documents as left out: a text that disagrees with the offsets, an overlap
# with an earlier span.  Prints one line per difference; exit 1 if any.
import json
import sys


def tasks(path):
    text = open(path, encoding="utf-8").read()
    try:
        d = json.loads(text)
        return d if isinstance(d, list) else [d]
    except ValueError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def expected(task):
    """The task's text and its spans (start, end, label), or None."""
    if "data_row" in task:
        text = task["data_row"]["row_data"]
        labels = [l for p in task["projects"].values() for l in p["labels"]]
        if not labels:
            return text, None
        spans = []
        for o in labels[-1]["annotations"]["objects"]:
            loc = o["location"]
            spans.append((loc["start"], loc["end"] + 1, o["name"], o.get("location", {}).get("token")))
        return text, spans
    text = task["data"]["text"]
    anns = task.get("annotations", task.get("completions", []))
    anns = [a for a in anns if not a.get("was_cancelled") and not a.get("skipped")]
    if not anns:
        return text, None
    best = anns[0]
    for a in anns[1:]:
        if a.get("created_at", "") >= best.get("created_at", ""):
            best = a
    spans = []
    for r in best.get("result", []):
        v = r.get("value", {})
        if r.get("type") == "labels":
            spans.append((v["start"], v["end"], v["labels"][0], v.get("text")))
    return text, spans


def kept(text, spans):
    out = []
    for s, e, label, t in sorted(spans, key=lambda x: (x[0], -x[1])):
        if t is not None and text[s:e] != t:
            continue
        if out and s < out[-1][1]:
            continue
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        out.append((s, e, label))
    return out


def blocks(path):
    block = []
    for line in open(path, encoding="utf-8").read().split("\n"):
        if line.startswith("-DOCSTART- "):
            continue
        if line == "":
            if block:
                yield block
            block = []
            continue
        f = line.split("\t") if "\t" in line else line.split(" ")
        block.append((f[0], f[-1]))


def place(text, block):
    """Token offsets in text, or None when the tokens are not its text."""
    pos, out = 0, []
    for tok, _ in block:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if text[pos:pos + len(tok)] != tok:
            return None
        out.append((pos, pos + len(tok)))
        pos += len(tok)
    return out if text[pos:].strip() == "" else None


def main():
    todo = [t for t in tasks(sys.argv[1])]
    bad = checked = 0
    for block in blocks(sys.argv[2]):
        while todo:
            text, spans = expected(todo.pop(0))
            offs = place(text, block)
            if offs is not None:
                break
        else:
            print("a sentence matches no task's text: %r" % " ".join(t for t, _ in block[:8]))
            bad += 1
            continue
        got, cur = [], None
        for (s, e), (_, tag) in zip(offs, block):
            if tag.startswith("B-") or tag == "O":
                cur = None
            if tag.startswith("B-"):
                cur = [s, e, tag[2:]]
                got.append(cur)
            elif tag.startswith("I-"):
                if cur is None or cur[2] != tag[2:]:
                    print("I- without its B-: %r" % tag)
                    bad += 1
                    continue
                cur[1] = e
        want = kept(text, spans or [])
        got = [tuple(g) for g in got]
        if got != want:
            print("spans differ: got %r, want %r" % (got, want))
            bad += 1
        checked += len(want)
    print("%d spans read back" % checked)
    sys.exit(1 if bad else 0)


main()
