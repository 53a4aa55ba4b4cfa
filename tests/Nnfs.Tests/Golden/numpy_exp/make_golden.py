#!/usr/bin/python3
"""float32 np.exp in the libm environment (docs/numerics.md, "The reference"), for Kernels/LibM.cs.
Regenerate from this folder (numpy 1.24.2):

  /usr/bin/python3 make_golden.py > exp.bin

Writes 200,000 (x, np.exp(x)) float32 pairs, little-endian, interleaved: random normals at several scales, a dense
sweep of [-104, 89] and the special values. The script re-executes itself with NumPy's dispatched SIMD features
disabled (nnfs_ref.libm_environment() in ../nnfs_ref.py) so that np.exp is glibc's expf.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import nnfs_ref  # noqa: E402

nnfs_ref.libm_environment()

rng = np.random.RandomState(2024)
parts = [rng.standard_normal(40000) * s for s in (0.05, 1.0, 5.0, 30.0)]
parts.append(np.linspace(-104.0, 89.0, 39980))
parts.append(np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 88.0, 88.72283, 88.72284, 88.7229, -87.33654,
                       -103.97207, -103.97208, -103.9721, -110.0, 1e-30, -1e-30, 1e-8, 0.5, -0.5, 1.0]))
x = np.concatenate(parts).astype(np.float32)
assert len(x) == 200000
with np.errstate(over='ignore', under='ignore'):
    y = np.exp(x)
sys.stdout.buffer.write(np.stack([x, y], axis=1).astype('<f4').tobytes())
