#!/usr/bin/env python3
"""Golden values for the C# port of the peers' portable data (bench/Nnfs.Benchmarks/SideBySide/BenchData.cs).

Regenerate (from the repository root, numpy 1.24 under Debian's python):
    /usr/bin/python3 tests/Nnfs.Benchmarks.Tests/Golden/Bench/make_benchdata_golden.py \
        > tests/Nnfs.Benchmarks.Tests/Golden/Bench/benchdata.json

benchdata.py is read from $NNFS_PEERS, else from the first ancestor directory holding shared/peers/benchdata.py.
The real Fashion-MNIST checksum is included when the IDX files are found the same way benchdata.py finds them.
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "Nnfs.Tests", "Golden"))
from nnfs_ref import find_shared  # noqa: E402


def find_peers():
    return os.environ.get("NNFS_PEERS") or os.path.dirname(find_shared("peers", "benchdata.py"))


sys.path.insert(0, find_peers())
import benchdata as bd  # noqa: E402


def u64(a):
    return [str(int(v)) for v in a]


def perm_fingerprint(p):
    """sum over i of (i + 1) * p[i], exact in Python integers."""
    return str(sum((i + 1) * int(v) for i, v in enumerate(p)))


out = {}
out["mix64"] = {"inputs": ["0", "1", "12345678901234567", str(2**64 - 1)],
                "outputs": u64(bd.mix64(np.array([0, 1, 12345678901234567, 2**64 - 1], dtype=np.uint64)))}
out["keys_shuffle0_first8_hashes"] = u64(bd.mix64(bd.keys(bd.TAG_SHUFFLE, 0, 8)))
out["randn_weights0_first16"] = [float(v) for v in bd.randn(bd.TAG_WEIGHTS, 16)]
out["randn_spiral_first16"] = [float(v) for v in bd.randn(bd.TAG_SPIRAL, 16)]

dense = []
for i, (a, b) in enumerate([(784, 128), (128, 128), (128, 10)]):
    w, bias = bd.dense_init(i, a, b)
    dense.append({"layer": i, "inputs": a, "neurons": b,
                  "first8": [float(v) for v in w.reshape(-1)[:8]],
                  "sum": float(np.sum(w, dtype=np.float64)),
                  "sum_abs": float(np.sum(np.abs(w), dtype=np.float64)),
                  "bias_sum": float(np.sum(bias, dtype=np.float64))})
out["dense_init"] = dense

perms = []
for epoch, n in [(0, 60000), (1, 60000), (0, 300), (7, 1000)]:
    p = bd.permutation(epoch, n)
    perms.append({"epoch": epoch, "n": n, "first20": [int(v) for v in p[:20]],
                  "last5": [int(v) for v in p[-5:]], "fingerprint": perm_fingerprint(p)})
out["permutation"] = perms

X, y = bd.spiral_data(100, 3)
out["spiral"] = {"samples": 100, "classes": 3, "checksum": bd.checksum(X, y),
                 "first6": [float(v) for v in X.reshape(-1)[:6]],
                 "rows_99_100_199_299": [[float(v) for v in X[r]] for r in (99, 100, 199, 299)]}

pix, lab = bd.synth_fashion_pixels(0, 64)
pix2, lab2 = bd.synth_fashion_pixels(60000, 8)
out["synth_fashion"] = {"start0_count64": {"pixel_sum": int(pix.astype(np.int64).sum()),
                                           "first16": [int(v) for v in pix.reshape(-1)[:16]],
                                           "labels": [int(v) for v in lab]},
                        "start60000_count8": {"pixel_sum": int(pix2.astype(np.int64).sum()),
                                              "labels": [int(v) for v in lab2]}}

files = [bd._find(bd.FASHION_DIR, s) for s in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                                               "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")]
if all(files):
    X, y, Xv, yv, src = bd.fashion_mnist()
    ti = bd._read_idx_gz(files[0])
    out["fashion_mnist"] = {"train": bd.checksum(X, y), "test": bd.checksum(Xv, yv),
                            "train_pixel_sum": int(ti.astype(np.int64).sum()),
                            "train_first_row_nonzero8": [float(v) for v in X[0][X[0] != -1.0][:8]],
                            "train_labels_first16": [int(v) for v in y[:16]]}



def peer(*args):
    """The peers' own NumPy training (ref_numpy.py), one thread, as the side-by-side runner runs it."""
    import subprocess
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    text = subprocess.run([sys.executable, os.path.join(find_peers(), "ref_numpy.py"), *args, "--threads", "1", "--quiet"],
                          env=env, check=True, capture_output=True, text=True).stdout
    res = json.loads([line for line in text.splitlines() if line.startswith("RESULT ")][-1][7:])
    return {k: res[k] for k in ("epochs", "final_loss", "final_acc", "val_loss", "val_acc") if k in res}


out["ref_numpy_spiral_10"] = peer("spiral", "--epochs", "10")
if all(files):
    out["ref_numpy_mlp_1"] = peer("mlp", "--epochs", "1")

print(json.dumps(out, indent=1))
