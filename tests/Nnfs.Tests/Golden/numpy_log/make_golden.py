#!/usr/bin/python3
"""float32 np.log in the libm environment (docs/numerics.md, "The reference"), for Kernels/LibM.cs.
Regenerate from this folder (numpy 1.24.2):

  /usr/bin/python3 make_golden.py > log.bin

Writes 200,000 (x, np.log(x)) float32 pairs, little-endian, interleaved: uniform values in [1e-7, 1] (clipped
probabilities, what the cross-entropy losses take the log of), a dense sweep around 1, values spread over every
exponent, subnormals and the special values. The script re-executes itself with NumPy's dispatched SIMD features
disabled (nnfs_ref.libm_environment() in ../nnfs_ref.py) so that np.log is glibc's logf.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import nnfs_ref  # noqa: E402

nnfs_ref.libm_environment()

rng = np.random.RandomState(2025)
parts = [
    rng.uniform(1e-7, 1.0, 100000),
    rng.uniform(0.99, 1.01, 40000),
    np.exp2(rng.uniform(-126, 128, 40000)),
    np.linspace(1e-45, 1.2e-38, 19970),
    np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0, 1e-7, 0.9999999, 1.0000001, 2.0, 0.5, 1.4e-45,
              1.1754942e-38, 1.1754944e-38, 3.4028235e38, 0.7, 1.4, 10.0, 0.1, 1e-30, 1e30, 100.0, 0.25,
              0.6999, 0.69995, 0.700001, 0.75, 1.5, 3.0]),
]
x = np.concatenate(parts).astype(np.float32)
assert len(x) == 200000, len(x)
with np.errstate(divide='ignore', invalid='ignore'):
    y = np.log(x)
sys.stdout.buffer.write(np.stack([x, y], axis=1).astype('<f4').tobytes())
