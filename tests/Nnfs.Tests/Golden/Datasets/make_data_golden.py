# Golden files for the data and image tests (Datasets/*Tests.cs, Imaging/*Tests.cs).
# Regenerate from the repository root with:
#   /usr/bin/python3 tests/Nnfs.Tests/Golden/Datasets/make_data_golden.py
# Needs numpy 1.24 and OpenCV (Debian: python3-numpy, python3-opencv 4.6).
import os
import sys

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..'))
from nnfs_ref import find_shared, read_idx  # noqa: E402


def write(name, lines):
    with open(os.path.join(HERE, name), "w") as f:
        f.write("# produced by make_data_golden.py (numpy %s, OpenCV %s); do not edit\n" % (np.__version__, cv2.__version__))
        for line in lines:
            f.write(line + "\n")


# The book's scaling, (X.astype(np.float32) - 127.5) / 127.5, for every byte value: float32 bit patterns.
x = np.arange(256, dtype=np.uint8).reshape(1, -1)
scaled = (x.reshape(x.shape[0], -1).astype(np.float32) - 127.5) / 127.5
assert scaled.dtype == np.float32
write("pixel_scale.txt", ["%d %08x" % (i, v) for i, v in enumerate(scaled.view(np.uint32).ravel())])

# cv2.cvtColor RGB -> GRAY on a grid of colours r, g, b in range(0, 256, 15) (r outermost).
levels = list(range(0, 256, 15))
rgb = np.array([[r, g, b] for r in levels for g in levels for b in levels], dtype=np.uint8).reshape(1, -1, 3)
gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).ravel()
write("rgb_to_gray.txt", [bytes(gray).hex()])


# cv2.resize(src, (w, h)) with the default INTER_LINEAR on synthetic gray images. Source pixel (x, y) is
# (x * 37 + y * 101 + (x * y % 17) * 13) % 256; the C# test builds the same image.
def source(w, h):
    ys, xs = np.mgrid[0:h, 0:w]
    return ((xs * 37 + ys * 101 + (xs * ys % 17) * 13) % 256).astype(np.uint8)


lines = []
for (sw, sh, dw, dh) in [(256, 256, 28, 28), (100, 60, 28, 28), (20, 15, 28, 28), (28, 28, 28, 28), (57, 91, 28, 28), (5, 3, 9, 7),
                       (7, 300, 28, 28), (300, 7, 28, 28), (3, 3, 28, 28), (1, 1, 28, 28), (2, 9, 28, 28)]:
    out = cv2.resize(source(sw, sh), (dw, dh))
    lines.append("%d %d %d %d %s" % (sw, sh, dw, dh, bytes(out.ravel()).hex()))
write("resize_linear.txt", lines)


# First and last images of the real IDX files (read with gzip + numpy by nnfs_ref.read_idx, independent of the C#
# reader): label and 784 pixels as hex. The data sets are found in <ancestor>/shared/datasets like the C# tests find them.
root = find_shared('datasets')
lines = []
for dataset in ["fashion-mnist", "mnist"]:
    for split in ["train", "t10k"]:
        images = read_idx(os.path.join(root, dataset, split + "-images-idx3-ubyte.gz")).reshape(-1, 784)
        labels = read_idx(os.path.join(root, dataset, split + "-labels-idx1-ubyte.gz"))
        for i in [0, 1, len(labels) - 1]:
            lines.append("%s %s %d %d %s" % (dataset, split, i, labels[i], bytes(images[i]).hex()))
        lines.append("%s %s sum %d" % (dataset, split, int(images.astype(np.int64).sum())))
write("idx_samples.txt", lines)
