#!/usr/bin/python3
# Regenerate:  cd tests/Nnfs.Tests/Golden/Serialization && /usr/bin/python3 make_numpy_safetensors.py
# Check a file written by Nnfs (prints every tensor, verifies layout and checksum, version 1 or 2):
#              /usr/bin/python3 make_numpy_safetensors.py --check path/to/model.nnfs
#
# Reads and writes the safetensors layout with numpy and json only (no safetensors package), to show that
# Nnfs model files are plain safetensors, and produces for the tests:
#   numpy_written.safetensors            two small tensors with a data-only checksum (SafeTensorsTests)
#   numpy_model_v1.nnfs                  a whole model in nnfs format version 1, written independently of Nnfs
#                                        (docs/model-format.md), with Adam state (ModelFileTests); this file pins
#                                        the version-1 reader and must stay byte for byte as it is
#   numpy_model_v2.nnfs                  the same model in format version 2 (canonical header, checksum over the
#                                        canonical header and the data)
#   numpy_model_v1_expected.safetensors  inputs "x" and the model's softmax outputs "probabilities", computed here
#                                        in float64 from the float32 weights
import hashlib
import json
import struct
import sys

import numpy as np


def canonical(header):
    """The canonical header text of docs/model-format.md: what version-2 checksums cover (without the checksum)."""
    return json.dumps(header, sort_keys=True, separators=(",", ":")).encode("ascii")


def write(path, tensors, metadata, version=2):
    """Version 2: canonical header, checksum over it and the data. Version 1: Python's default JSON, data-only checksum."""
    data = b"".join(np.ascontiguousarray(t, dtype="<f4").tobytes() for t in tensors.values())
    header, offset = {"__metadata__": dict(metadata)}, 0
    for name, t in tensors.items():
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + t.nbytes]}
        offset += t.nbytes
    if version == 2:
        header["__metadata__"]["checksum"] = hashlib.sha256(canonical(header) + data).hexdigest()
        text = canonical(header)
    else:
        header["__metadata__"] = dict(metadata, checksum=hashlib.sha256(data).hexdigest())
        text = json.dumps(header).encode("utf-8")
    text += b" " * (-(8 + len(text)) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


def read(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    metadata = header["__metadata__"]
    data = raw[8 + n:]
    if "checksum" in metadata:
        without = dict(header, __metadata__={k: v for k, v in metadata.items() if k != "checksum"})
        covers_header = hashlib.sha256(canonical(without) + data).hexdigest() == metadata["checksum"]
        if covers_header:
            assert raw[8:8 + n].rstrip(b" ") == canonical(header), "header not in canonical form"
        else:
            assert hashlib.sha256(data).hexdigest() == metadata["checksum"], "checksum mismatch"
        if metadata.get("format") == "nnfs":
            assert covers_header == (metadata["format_version"] != "1"), "checksum of the wrong version"
    if metadata.get("format_version") == "1" and "model" in metadata:
        assert hashlib.sha256(metadata["model"].encode("utf-8")).hexdigest() == metadata["model_checksum"], "model_checksum mismatch"
    tensors = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
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
        write("numpy_written.safetensors", {"a": a, "b": b}, {"writer": "numpy"}, version=1)
        tensors, _ = read("numpy_written.safetensors")
        assert (tensors["a"] == a).all() and (tensors["b"] == b).all()

        rs = np.random.RandomState(0)
        f32 = lambda *shape: rs.randn(*shape).astype(np.float32)
        w0, b0, w3, b3 = f32(3, 5) * np.float32(0.5), f32(1, 5) * np.float32(0.1), f32(5, 4) * np.float32(0.5), f32(1, 4) * np.float32(0.1)
        params = {"layers.0.weight": w0, "layers.0.bias": b0, "layers.3.weight": w3, "layers.3.bias": b3}
        model_tensors = {}
        for name, p in params.items():
            model_tensors[name] = p
            model_tensors[name + ".cache"] = np.abs(f32(*p.shape)) * np.float32(1e-4)
            model_tensors[name + ".momentum"] = f32(*p.shape) * np.float32(0.01)
        no_reg = {"weight_regularizer_l1": 0, "weight_regularizer_l2": 0, "bias_regularizer_l1": 0, "bias_regularizer_l2": 0}
        description = {
            "layers": [dict({"kind": "dense", "inputs": 3, "neurons": 5}, **dict(no_reg, weight_regularizer_l2=0.0005)),
                       {"kind": "relu"}, {"kind": "dropout", "rate": 0.2},
                       dict({"kind": "dense", "inputs": 5, "neurons": 4}, **no_reg), {"kind": "softmax"}],
            "loss": {"kind": "categorical_cross_entropy"},
            "accuracy": {"kind": "categorical", "binary": False},
            "optimizer": {"kind": "adam", "learning_rate": 0.01, "decay": 0.001, "epsilon": 1e-07, "beta_1": 0.9,
                          "beta_2": 0.999, "current_learning_rate": 0.01 * (1.0 / (1.0 + 0.001 * 6)), "iterations": 7},
        }
        text = json.dumps(description)
        write("numpy_model_v1.nnfs", model_tensors, {"format": "nnfs", "format_version": "1", "kind": "model", "model": text,
                                                     "model_checksum": hashlib.sha256(text.encode("utf-8")).hexdigest()}, version=1)
        write("numpy_model_v2.nnfs", model_tensors, {"format": "nnfs", "format_version": "2", "kind": "model", "model": text})

        x = f32(6, 3)
        h = np.maximum(0, x.astype(np.float64) @ w0 + b0) @ w3.astype(np.float64) + b3
        e = np.exp(h - h.max(axis=1, keepdims=True))
        write("numpy_model_v1_expected.safetensors", {"x": x, "probabilities": (e / e.sum(axis=1, keepdims=True)).astype(np.float32)},
              {"writer": "numpy"}, version=1)
