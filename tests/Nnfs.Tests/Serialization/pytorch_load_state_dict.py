"""Loads a safetensors state dict into a torch.nn.Sequential and runs it (used by PyTorchExportTests).

Usage: pytorch_load_state_dict.py WEIGHTS SEQUENTIAL INPUTS ROWS COLUMNS OUTPUTS
  WEIGHTS     the safetensors file written by PyTorchExport
  SEQUENTIAL  the Python expression of the nn.Sequential to build (with nn = torch.nn), written by the test
  INPUTS      ROWS x COLUMNS float32 values, little-endian, row-major
  OUTPUTS     where the Sequential's outputs (eval mode) are written, float32 little-endian, row-major

The file is read as the safetensors format specifies it (Debian has no python3-safetensors): an unsigned 64-bit
little-endian header length, a JSON header (optionally padded with spaces), then the data section, which the tensors,
sorted by offset, must cover exactly.
"""
import json
import struct
import sys

import torch
from torch import nn

weights, sequential, inputs, rows, columns, outputs = sys.argv[1:]

with open(weights, "rb") as f:
    data = f.read()
(length,) = struct.unpack("<Q", data[:8])
assert 8 + length <= len(data), "header length past the end of the file"
text = data[8 : 8 + length].decode("utf-8")
assert text.startswith("{") and text.rstrip(" ").endswith("}"), "header is not a padded JSON object"
header = json.loads(text)
body = data[8 + length :]

metadata = header.pop("__metadata__", {})
assert all(isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()), "metadata must map strings to strings"

state = {}
end_of_previous = 0
for key, entry in sorted(header.items(), key=lambda item: item[1]["data_offsets"]):
    assert set(entry) == {"dtype", "shape", "data_offsets"}, f"{key}: unexpected fields {sorted(entry)}"
    assert entry["dtype"] == "F32", f"{key}: dtype {entry['dtype']}"
    begin, end = entry["data_offsets"]
    assert begin == end_of_previous, f"{key}: starts at {begin}, not at {end_of_previous}"
    count = 1
    for dim in entry["shape"]:
        count *= dim
    assert end - begin == 4 * count, f"{key}: {end - begin} bytes for shape {entry['shape']}"
    values = struct.unpack(f"<{count}f", body[begin:end])
    state[key] = torch.tensor(values, dtype=torch.float32).reshape(entry["shape"])
    end_of_previous = end
assert end_of_previous == len(body), f"the tensors cover {end_of_previous} of {len(body)} data bytes"

model = eval(sequential, {"nn": nn})
model.load_state_dict(state, strict=True)
model.eval()

n, m = int(rows), int(columns)
with open(inputs, "rb") as f:
    x = torch.tensor(struct.unpack(f"<{n * m}f", f.read()), dtype=torch.float32).reshape(n, m)
with torch.no_grad():
    y = model(x)
with open(outputs, "wb") as f:
    f.write(struct.pack(f"<{y.numel()}f", *y.reshape(-1).tolist()))
print(f"{len(state)} tensors loaded, outputs {tuple(y.shape)}")
