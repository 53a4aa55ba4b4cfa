#!/usr/bin/python3
# Regenerate:  cd tests/Nnfs.Tests/Golden/Serialization && /usr/bin/python3 make_numpy_safetensors.py
# Check a file written by Nnfs (prints every tensor, verifies layout and checksum):
#              /usr/bin/python3 make_numpy_safetensors.py --check path/to/model.nnfs
#
# Reads and writes the safetensors layout with numpy and json only (no safetensors package), to show that
# Nnfs model files are plain safetensors and to produce numpy_written.safetensors for SafeTensorsTests.
import hashlib
import json
import struct
import sys

import numpy as np


def write(path, tensors, metadata):
    data = b"".join(np.ascontiguousarray(t, dtype="<f4").tobytes() for t in tensors.values())
    header, offset = {"__metadata__": dict(metadata, checksum=hashlib.sha256(data).hexdigest())}, 0
    for name, t in tensors.items():
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + t.nbytes]}
        offset += t.nbytes
    text = json.dumps(header).encode("utf-8")
    text += b" " * (-(8 + len(text)) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


def read(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    metadata = header.pop("__metadata__", {})
    data = raw[8 + n:]
    if "checksum" in metadata:
        assert hashlib.sha256(data).hexdigest() == metadata["checksum"], "checksum mismatch"
    tensors = {}
    for name, e in header.items():
        assert e["dtype"] == "F32", e["dtype"]
        b, end = e["data_offsets"]
        tensors[name] = np.frombuffer(data[b:end], dtype="<f4").reshape(e["shape"])
    return tensors, metadata


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        tensors, metadata = read(sys.argv[2])
        for key, value in sorted(metadata.items()):
            print(f"{key}: {value}")
        for name, t in tensors.items():
            print(name, t.shape, t.dtype, "sum", float(t.astype(np.float64).sum()))
    else:
        a = (np.arange(6, dtype=np.float32) * 0.5 - 1).reshape(2, 3)
        b = (1 / np.arange(1, 5, dtype=np.float64)).astype(np.float32).reshape(1, 4)
        write("numpy_written.safetensors", {"a": a, "b": b}, {"writer": "numpy"})
        tensors, _ = read("numpy_written.safetensors")
        assert (tensors["a"] == a).all() and (tensors["b"] == b).all()
