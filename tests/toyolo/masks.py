#!/usr/bin/env python3
"""masks.py: masks for ann-toyolo --masks polygon, and its polygons filled
back to compare with them.  Debian's python3 alone (zlib, no imaging
library).

  masks.py draw OUT.png WIDTH HEIGHT parts|ring|disc
      an 8-bit greyscale PNG, 255 in the mask, 0 out of it:
      parts: a square, an L, two pixels touching at a corner, one pixel
             (four parts, foreground 8-connected), no holes;
      ring:  a 4x4 block at 2,2 with a hole of 2 pixels at 3,3 and 4,3;
      disc:  a disc in the middle, its edge 5% in from the image's;
      empty: no pixel.
  masks.py fill MASK.png|MASK.npy LABELS.txt
      fill every polygon of LABELS.txt (cls x1 y1 ..., 0-1 of the mask's
      size) even-odd at pixel centres and compare their union with the
      mask: prints "same", "same, but N hole pixels" when the union holds
      exactly the mask and its holes (background not 4-connected to the
      edge), or where they differ.
"""
import struct
import sys
import zlib


def write_png(path, w, h, rows):
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    raw = b"".join(b"\0" + bytes(r) for r in rows)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def read_png(path):
    """Only what write_png writes: 8-bit grey, filter 0 on every row; or
    a NumPy .npy of uint8 (ann-rle decode -f npy), for masks of others."""
    data = open(path, "rb").read()
    if data.startswith(b"\x93NUMPY"):
        n = struct.unpack("<H", data[8:10])[0]
        head = data[10:10 + n].decode("latin-1")
        h, w = (int(t) for t in head.split("(")[1].split(")")[0].split(",")[:2])
        return w, h, bytearray(data[10 + n:10 + n + w * h].translate(bytes([0] + [1] * 255)))
    pos, idat, w, h = 8, b"", 0, 0
    while pos < len(data):
        n, t = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if t == b"IHDR":
            w, h = struct.unpack(">II", body[:8])
        elif t == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    rows = [raw[y * (w + 1) + 1:(y + 1) * (w + 1)] for y in range(h)]
    one = bytes([0] + [1] * 255)
    return w, h, bytearray(b"".join(rows).translate(one))


def draw(path, w, h, what):
    m = [bytearray(w) for _ in range(h)]  # rows

    def put(x, y):
        m[y][x] = 255
    if what == "parts":
        for y in range(2, 6):          # a square, 4x4
            for x in range(2, 6):
                put(x, y)
        for y in range(10, 16):        # an L: a column and a foot
            put(10, y)
        for x in range(10, 14):
            put(x, 15)
        put(20, 20)                    # two pixels touching at a corner
        put(21, 21)
        put(30, 5)                     # one pixel
    elif what == "ring":
        for y in range(2, 6):
            for x in range(2, 6):
                put(x, y)
        m[3][3] = m[3][4] = 0
    elif what == "empty":
        pass
    elif what == "disc":
        cx, cy, r = w / 2, h / 2, 0.45 * min(w, h)
        for y in range(h):
            d = r * r - (y + 0.5 - cy) ** 2
            if d < 0:
                continue
            s = d ** 0.5
            x0 = max(0, int(-(-(cx - s - 0.5) // 1)))
            x1 = min(w - 1, int((cx + s - 0.5) // 1))
            if x1 >= x0:
                m[y][x0:x1 + 1] = b"\xff" * (x1 + 1 - x0)
    write_png(path, w, h, m)


def fill(png, labels):
    w, h, mask = read_png(png)
    got = bytearray(w * h)
    for line in open(labels):
        v = [float(t) for t in line.split()[1:]]
        pts = [(v[i] * w, v[i + 1] * h) for i in range(0, len(v), 2)]
        cross = {}
        for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1]):
            if y1 == y2:
                continue
            lo, hi = min(y1, y2), max(y1, y2)
            # rows whose centre y + 0.5 is in [lo, hi)
            for y in range(max(0, int(-(-(lo - 0.5) // 1))), min(h, int(-(-(hi - 0.5) // 1)))):
                yc = y + 0.5
                cross.setdefault(y, []).append(x1 + (yc - y1) * (x2 - x1) / (y2 - y1))
        for y, xs in cross.items():
            xs.sort()
            for a, b in zip(xs[0::2], xs[1::2]):
                # pixels whose centre x + 0.5 is in [a, b)
                x0, x1 = max(0, int(-(-(a - 0.5) // 1))), min(w, int(-(-(b - 0.5) // 1)))
                if x1 > x0:
                    got[y * w + x0:y * w + x1] = b"\1" * (x1 - x0)
    if got == mask:
        return "same"
    # the background 4-connected to the edge; the rest of it is holes
    out = bytearray(w * h)
    stack = [i for i in range(w * h) if not mask[i] and
             (i % w in (0, w - 1) or i // w in (0, h - 1))]
    for i in stack:
        out[i] = 1
    while stack:
        i = stack.pop()
        x, y = i % w, i // w
        for j, ok in ((i - 1, x > 0), (i + 1, x < w - 1), (i - w, y > 0), (i + w, y < h - 1)):
            if ok and not mask[j] and not out[j]:
                out[j] = 1
                stack.append(j)
    holes = [i for i in range(w * h) if not mask[i] and not out[i]]
    diff = [i for i in range(w * h) if got[i] != mask[i]]
    if diff == holes:
        return "same, but %d hole pixels" % len(holes)
    return "differ at %s" % ", ".join("%d,%d" % (i % w, i // w) for i in diff[:5])


if __name__ == "__main__":
    if sys.argv[1] == "draw":
        draw(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    else:
        print(fill(sys.argv[2], sys.argv[3]))
