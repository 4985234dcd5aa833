# make-tasks.py: writes tasks.ndjson and labelbox.ndjson, the hand-made
# inputs of tests/toconll.sh, with offsets counted here (code points) rather
# than by hand.  Run from this directory: python3 make-tasks.py
import json

N = 0


def sp(text, sub, label, occ=0, txt=None):
    """A Label Studio labels result on the occ-th sub of text."""
    global N
    N += 1
    i = -1
    for _ in range(occ + 1):
        i = text.index(sub, i + 1)
    return {"id": "r%d" % N, "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": i, "end": i + len(sub), "text": sub if txt is None else txt,
                      "labels": [label]}}


rows = []


def task(tid, text, anns):
    rows.append({"id": tid, "data": {"text": text}, "annotations": anns})


def ann(result, created="2024-01-01T00:00:00Z", **kw):
    a = {"id": len(rows) * 10 + 1 + len(kw), "created_at": created, "result": result}
    a.update(kw)
    return a


# Clitics, abbreviations, a number.
t = "John's friend lives in the U.S. now, since 2020."
task(1, t, [ann([sp(t, "John", "PER"), sp(t, "U.S.", "LOC")])])
# Code points, not bytes nor UTF-16 units: an emoji before a span.
t = "Zoë said 😀 to Ça Va in Paris, then left."
task(2, t, [ann([sp(t, "Zoë", "PER"), sp(t, "Paris", "LOC")])])
# A span whose text is not the task's at its offsets.
t = "Angela Merkel met Macron in Berlin."
task(3, t, [ann([sp(t, "Angela Merkel", "PER"), sp(t, "Macron", "PER", txt="Macro"),
                 sp(t, "Berlin", "LOC")])])
# Overlapping spans: the first (the longer at one start) is kept.
t = "The New York Times building in New York."
task(4, t, [ann([sp(t, "New York Times", "ORG"), sp(t, "New York", "LOC"),
                 sp(t, "New York", "LOC", 1)])])
# No annotation; only a cancelled one.
task(5, "Nobody has labelled this one.", [])
t = "Only a cancelled annotation here."
task(6, t, [ann([sp(t, "annotation", "MISC")], was_cancelled=True)])
# Two annotations: the newest.
t = "Alice and Bob went home."
task(7, t, [ann([sp(t, "Alice", "PER")], "2024-01-01T00:00:00Z"),
            ann([sp(t, "Alice", "PER"), sp(t, "Bob", "PER")], "2024-02-01T00:00:00Z")])
# A span inside a word.
t = "He was unhappy about it."
task(8, t, [ann([sp(t, "happy", "EMO")])])
# An annotation that names nothing: every token O, written.
task(9, "Nothing to see here. Really!", [ann([])])
# The text is only a link.
rows.append({"id": 10, "data": {"text": "https://example.com/texts/10.txt"},
             "annotations": [ann([])]})
# Sentences, with a span across a period.
t = "Dr. Smith works at St. Mary's Hospital. She arrived yesterday!"
task(11, t, [ann([sp(t, "Smith", "PER"), sp(t, "St. Mary's Hospital", "ORG")])])
with open("tasks.ndjson", "w") as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")

# A Labelbox export v2 row whose row_data is the text itself; its entity's
# end is inclusive, as Labelbox writes it.
t = "Recent research suggests that the effect is small."
s = t.index("research suggests")
lb = {"data_row": {"id": "cl-text-1", "global_key": "t1.txt", "row_data": t},
      "media_attributes": {"mime_type": "text/plain"},
      "projects": {"p1": {"name": "ner", "labels": [{"id": "lab1",
          "label_details": {"created_at": "2024-01-01T00:00:00+00:00",
                            "created_by": "a@example.com"},
          "annotations": {"objects": [{"feature_id": "f1", "feature_schema_id": "s1",
              "name": "named-entity", "value": "named_entity", "annotation_kind": "TextEntity",
              "classifications": [], "location": {"start": s, "end": s + len("research suggests") - 1,
                                                  "token": "research suggests"}}],
              "classifications": [], "relationships": []}}]}}}
with open("labelbox.ndjson", "w") as f:
    f.write(json.dumps(lb) + "\n")
