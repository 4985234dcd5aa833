#!/usr/bin/env python3
"""yolocheck.py DIR [--task detect|segment|obb|pose]: a YOLO dataset
checked against the rules Ultralytics applies when it loads one
(ultralytics/data/utils.py: check_det_dataset, img2label_paths,
verify_image_label; written from its documented behaviour, no code taken).
Debian's python3 alone: data.yaml is read by a parser for the subset
ann-toyolo writes (key: value, a names map, flow lists), which is a check
in itself that the file stays that plain.

Prints "ok N images, N lines" and exits 0, or prints every problem and
exits 1.
"""
import os
import re
import sys

NUMBER = re.compile(r"^(0|1)\.\d{6}$")


def scalar(s):
    s = s.strip()
    if s.startswith('"'):
        if not s.endswith('"') or len(s) < 2:
            raise ValueError("unterminated string %r" % s)
        body, out, i = s[1:-1], [], 0
        while i < len(body):
            c = body[i]
            if c == "\\":
                e = body[i + 1]
                if e == "x":
                    out.append(chr(int(body[i + 2:i + 4], 16)))
                    i += 4
                    continue
                out.append(e)
                i += 2
                continue
            if c == '"':
                raise ValueError("unescaped quote in %r" % s)
            out.append(c)
            i += 1
        return "".join(out)
    if s.startswith("["):
        inner = s[1:-1].strip()
        return [int(x) for x in inner.split(",")] if inner else []
    if re.match(r"^-?\d+$", s):
        return int(s)
    return s


def read_yaml(path):
    data, names = {}, None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.endswith("\n"):
                raise ValueError("line %d: no newline" % n)
            line = line[:-1]
            if line.startswith("  "):
                if names is None:
                    raise ValueError("line %d: indented outside names" % n)
                k, v = line.strip().split(": ", 1)
                names[int(k)] = scalar(v)
                continue
            k, _, v = line.partition(":")
            if v.strip() == "" and k == "names":
                names = data["names"] = {}
                continue
            names = None
            data[k] = scalar(v)
    return data


def img2label(p):
    # Ultralytics: the last /images/ becomes /labels/, the extension .txt.
    sa, sb = os.sep + "images" + os.sep, os.sep + "labels" + os.sep
    return sb.join(p.rsplit(sa, 1)).rsplit(".", 1)[0] + ".txt"


def main():
    args = sys.argv[1:]
    task = "detect"
    if "--task" in args:
        i = args.index("--task")
        task = args[i + 1]
        del args[i:i + 2]
    root = args[0]
    bad = []
    try:
        data = read_yaml(os.path.join(root, "data.yaml"))
    except (OSError, ValueError) as e:
        print("data.yaml: %s" % e)
        return 1
    for k in ("path", "train", "val", "names", "nc"):
        if k not in data:
            bad.append("data.yaml: no %s" % k)
    if bad:
        print("\n".join(bad))
        return 1
    names, nc = data["names"], data["nc"]
    if sorted(names) != list(range(len(names))):
        bad.append("data.yaml: names are not ids 0..%d" % (len(names) - 1))
    if len(names) != nc:
        bad.append("data.yaml: nc %d but %d names" % (nc, len(names)))
    if os.path.realpath(data["path"]) != os.path.realpath(root):
        bad.append("data.yaml: path %s is not the dataset" % data["path"])
    kpt = None
    if task == "pose":
        kpt = data.get("kpt_shape")
        flip = data.get("flip_idx")
        if not (isinstance(kpt, list) and len(kpt) == 2 and kpt[1] in (2, 3)):
            bad.append("data.yaml: kpt_shape %r" % (kpt,))
            kpt = [0, 3]
        if not isinstance(flip, list) or len(flip) != kpt[0] or \
                any(flip[f] != i for i, f in enumerate(flip) if 0 <= f < len(flip)) or \
                any(not 0 <= f < kpt[0] for f in flip):
            bad.append("data.yaml: flip_idx %r is not a pairing of %d points"
                       % (flip, kpt[0]))
    with open(os.path.join(root, "classes.txt"), encoding="utf-8") as f:
        classes = f.read().split("\n")[:-1]
    if classes != [names[i] for i in range(len(names))]:
        bad.append("classes.txt is not names in id order")

    images = lines = 0
    label_files = set()
    for split in ("train", "val", "test"):
        if split not in data:
            continue
        where = os.path.join(root, data[split])
        if os.path.isdir(where):
            for name in sorted(os.listdir(where)):
                lab = img2label(os.path.join(where, name))
                if not os.path.isfile(lab):
                    bad.append("%s: no label file %s" % (name, lab))
                label_files.add(os.path.realpath(lab))
        elif os.path.isfile(where):
            # A list of references as exported: the label files are those
            # of labels/<split>/, one per line of the list.
            with open(where, encoding="utf-8") as f:
                refs = f.read().split("\n")
            if refs[-1] != "":
                bad.append("%s: no final newline" % where)
            stem = os.path.splitext(os.path.basename(where))[0]
            d = os.path.join(root, "labels", stem)
            files = os.listdir(d) if os.path.isdir(d) else []
            if split == "train" or data[split] != data["train"]:
                if len(files) != len(refs) - 1:
                    bad.append("%s: %d images but %d label files"
                               % (where, len(refs) - 1, len(files)))
            for name in files:
                label_files.add(os.path.realpath(os.path.join(d, name)))
        else:
            bad.append("data.yaml: %s: %s is missing" % (split, where))
    for lab in sorted(label_files):
        if not os.path.isfile(lab):
            continue
        images += 1
        with open(lab, encoding="utf-8", newline="") as f:
            text = f.read()
        if text and not text.endswith("\n"):
            bad.append("%s: no final newline" % lab)
        if "\r" in text:
            bad.append("%s: carriage return" % lab)
        for n, line in enumerate(text.split("\n")[:-1], 1):
            lines += 1
            where = "%s:%d" % (lab, n)
            col = line.split(" ")
            if not re.match(r"^\d+$", col[0]) or int(col[0]) >= nc:
                bad.append("%s: class %s is not below nc %d" % (where, col[0], nc))
            vals = col[1:]
            want = {"detect": lambda k: k == 4,
                    "segment": lambda k: k >= 6 and k % 2 == 0,
                    "obb": lambda k: k == 8,
                    "pose": lambda k: kpt is not None and k == 4 + kpt[0] * kpt[1]}[task]
            if not want(len(vals)):
                bad.append("%s: %d numbers for %s" % (where, len(vals), task))
            for i, v in enumerate(vals):
                if task == "pose" and i >= 4 and (i - 4) % 3 == 2:
                    if v not in ("0", "1", "2"):
                        bad.append("%s: visibility %s" % (where, v))
                elif not NUMBER.match(v) or float(v) > 1:
                    bad.append("%s: %r is not in [0, 1] with six decimals" % (where, v))
            if task in ("detect", "pose") and len(vals) >= 4 and all(NUMBER.match(v) for v in vals[:4]):
                xc, yc, w, h = map(float, vals[:4])
                if w <= 0 or h <= 0:
                    bad.append("%s: empty box" % where)
    if bad:
        print("\n".join(bad[:50]))
        return 1
    print("ok %d images, %d lines" % (images, lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
