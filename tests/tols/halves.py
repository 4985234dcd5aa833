# halves.py SEED OUT: a COCO file of 1-2 MB for ann-tols' two-thread read,
# made from SEED: images before or after the annotations, notes that look
# like the end of one element and the start of the next, annotations by
# image or scattered, separators of every width, and now and then a byte
# changed, dropped or the file cut, so that an error falls late in it.
import random
import sys

seed, out = int(sys.argv[1]), sys.argv[2]
r = random.Random(seed)
n_img = r.choice([50, 300, 5000, 30000])
notes = ["n" * r.randint(0, 80), "} , {" * r.randint(1, 10), '\\"}, {\\"x', "]", "a\\\\"]
images = ",".join('{"id": %d, "file_name": "%d.jpg", "width": 640, "height": 480}' % (i, i)
                  for i in range(n_img))
anns = []
for i in range(r.randint(8000, 16000)):
    img = r.randrange(n_img) if r.random() < 0.3 else (i // 5) % n_img
    sep = "" if i == 0 else r.choice([",", ",\n", " ,\n  ", ",\n" + " " * r.randint(0, 5000)
                                      if r.random() < 0.01 else ","])
    anns.append(sep + '{"id": %d, "note": "%s", "image_id": %d, "category_id": %d, "bbox": [%d, 2, 3, 4]}'
                % (i, r.choice(notes), img, 1 + i % 2, i % 600))
a = '"annotations": [' + "".join(anns) + "]"
i = '"images": [' + images + "]"
c = '"categories": [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]'
doc = bytearray(("{" + (i + ",\n" + a if r.random() < 0.7 else a + ",\n" + i) + ",\n" + c + "}\n").encode())
k = r.random()
if k < 0.3:
    at = r.randrange(len(doc) // 3, len(doc))
    doc[at:at + 1] = r.choice([b"", b"}", b'"', b",", b"x", b"\x01"])
elif k < 0.4:
    doc = doc[:r.randrange(len(doc) // 2, len(doc))]
with open(out, "wb") as f:
    f.write(bytes(doc))
