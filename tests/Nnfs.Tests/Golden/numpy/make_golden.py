#!/usr/bin/python3
# Regenerate (from the repository root, with Debian's python3-numpy 1.24.2):
#     /usr/bin/python3 tests/Nnfs.Tests/Golden/numpy/make_golden.py
#
# Writes the golden files that tests/Nnfs.Tests/Randomness and tests/Nnfs.Tests/Datasets compare against, bit for bit:
#   random_streams.json  NumPy legacy RandomState streams for seeds 0, 1, 42, 2**32-1 (raw MT19937 outputs,
#                        random_sample, legacy Gaussians with the cache carried across calls, binomial, permutation,
#                        shuffle, randint, random_interval)
#   datasets.json        the nnfs v0.5.1 datasets (spiral, vertical, sine) under nnfs.init(), and the first
#                        Dense(2,3) weights after spiral_data(100, 3)
#
# The nnfs pip package is not needed: init, spiral_data, vertical_data and sine_data come from ../nnfs_ref.py, which
# makes the same numpy calls as nnfs v0.5.1 (docs/numerics.md, "nnfs.init()" and "Data sets"). Unlike the other nnfs_ref
# users this script does not re-execute itself in the libm environment: it computes no float32 exp or log. float32
# values are written as 8-digit hex bit patterns (so signed zeros survive), float64 values as JSON numbers (Python's
# repr, exact round trip) and big arrays as SHA-256 of their little-endian bytes (ndarray.tobytes()).
import hashlib
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from nnfs_ref import init, sine_data, spiral_data, vertical_data  # noqa: E402

OUT = os.path.dirname(os.path.abspath(__file__))
SEEDS = [0, 1, 42, 2**32 - 1]


def sha(a):
    return hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()


def hex32(a):
    a = np.ascontiguousarray(a, dtype=np.float32)
    return ['%08x' % v for v in a.reshape(-1).view(np.uint32)]


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).reshape(-1)]


def ints(a):
    return [int(v) for v in np.asarray(a).reshape(-1)]


def raw_stream(seed, count):
    rs = np.random.RandomState(seed)
    assert rs.get_state()[2] == 624
    values = rs.randint(0, 2**32, size=count, dtype=np.uint32)
    # Cross-check randint's full-range path against the bit generator's raw outputs after the same legacy seeding.
    bg = np.random.MT19937()
    bg._legacy_seeding(seed)
    assert (bg.random_raw(count) == values).all()
    return ints(values)


def mixed_ops(seed):
    """A sequence of calls on one generator; the C# test replays it in order, so state carry-over is checked."""
    rs = np.random.RandomState(seed)
    ops = []

    def rec(op, result, **kw):
        entry = {'op': op}
        entry.update(kw)
        entry.update(result)
        ops.append(entry)

    rec('random_sample', {'values': floats(rs.random_sample(5))}, size=5)
    for size in [1, 3, 2, 1]:
        rec('standard_normal', {'values': floats(rs.standard_normal(size))}, size=size)
    rec('random_sample', {'values': floats(rs.random_sample(2))}, size=2)
    rec('standard_normal', {'values': floats(rs.standard_normal(2))}, size=2)
    for size in [5, 7, 1, 4]:
        rec('randn32', {'hex': hex32(rs.randn(size).astype(np.float32))}, size=size)
    for n, p, size in [(1, 0.9, 200), (1, 0.5, 50), (1, 0.1, 50), (1, 0.8, 50), (1, 0.0, 5), (1, 1.0, 5),
                       (0, 0.5, 5), (3, 0.0, 3), (3, 1.0, 3), (10, 0.3, 50), (5, 0.7, 50), (100, 0.2, 20),
                       (60, 0.5, 20), (40, 0.75, 20)]:
        rec('binomial', {'values': ints(rs.binomial(n, p, size))}, n=n, p=p, size=size)
    rec('random_sample', {'values': floats(rs.random_sample(3))}, size=3)
    for n in [0, 1, 2, 3, 10, 100]:
        rec('permutation', {'values': ints(rs.permutation(n))}, n=n)
    for low, high in [(0, 10), (-5, 5), (0, 1), (0, 2**32), (0, 2**32 + 1), (10**12, 10**12 + 7), (0, 60000),
                      (-2**63, 2**63 - 1), (-2**63, 0), (7, 8)]:
        rec('randint', {'values': ints(rs.randint(low, high, size=10))}, low=low, high=high, size=10)
    for mx in [0, 1, 5, 2**31, 2**32 - 1, 2**32, 2**40 + 3, 2**63 + 5, 2**64 - 1]:
        # random_interval(max) draws exactly as the masked bounded integers of randint(0, max + 1).
        rec('interval', {'values': ints(rs.randint(0, mx + 1, size=10, dtype=np.uint64))}, max=mx, size=10)
    rec('random_sample', {'values': floats(rs.random_sample(3))}, size=3)
    return ops


def shuffle_ops(seed):
    rs = np.random.RandomState(seed)
    ops = []
    p = rs.permutation(1000)
    ops.append({'op': 'permutation', 'n': 1000, 'values': ints(p)})
    p = rs.permutation(60000)
    ops.append({'op': 'permutation_sha', 'n': 60000, 'sha256_int64': sha(p.astype('<i8')), 'head': ints(p[:10]),
                'tail': ints(p[-10:])})
    a = np.arange(60000, dtype='<i8')
    rs.shuffle(a)
    ops.append({'op': 'shuffle_sha', 'n': 60000, 'sha256_int64': sha(a), 'head': ints(a[:10])})
    ops.append({'op': 'random_sample', 'size': 3, 'values': floats(rs.random_sample(3))})
    return ops


def gauss_big(seed):
    rs = np.random.RandomState(seed)
    a = rs.standard_normal(100001)
    b = rs.standard_normal(1)
    return {'n': 100001, 'sha256_float64': sha(a.astype('<f8')), 'last': float(a[-1]), 'next': float(b[0])}


def random_streams():
    result = {'numpy': np.__version__, 'seeds': {}}
    for seed in SEEDS:
        rs = np.random.RandomState(seed)
        key = rs.get_state()[1]
        raw = raw_stream(seed, 1300)
        result['seeds'][str(seed)] = {
            'key_head': ints(key[:4]),
            'uint32': raw,
            'mixed': mixed_ops(seed),
            'shuffle': shuffle_ops(seed),
            'gauss_big': gauss_big(seed),
        }
    return result


def dataset_entry(X, y, full):
    X = np.asarray(X)
    assert X.dtype == np.float32 and y.dtype == np.uint8
    entry = {'rows': int(X.shape[0]), 'sha256_x': sha(X), 'sha256_y': sha(y), 'sum_x': float(X.astype(np.float64).sum())}
    if full:
        entry['x_hex'] = hex32(X)
        entry['y'] = ints(y)
    else:
        rows = sorted({0, 1, 2, X.shape[0] // 3, X.shape[0] // 3 + 1, X.shape[0] // 2, X.shape[0] - 1})
        entry['rows_hex'] = {str(r): hex32(X[r]) for r in rows}
    return entry


def datasets():
    result = {'numpy': np.__version__, 'spiral': [], 'vertical': []}
    for samples, classes in [(100, 3), (1000, 3), (100, 2), (5, 7), (1, 3)]:
        full = samples * classes <= 600
        init()
        X, y = spiral_data(samples=samples, classes=classes)
        entry = dataset_entry(X, y, full)
        entry.update(samples=samples, classes=classes)
        if (samples, classes) == (100, 3):
            # The first Layer_Dense(2, 3) of chapters 3-9: 0.01 * np.random.randn(2, 3), float32.
            entry['dense_2_3_weights_hex'] = hex32(0.01 * np.random.randn(2, 3))
        result['spiral'].append(entry)
        init()
        X, y = vertical_data(samples=samples, classes=classes)
        entry = dataset_entry(X, y, full)
        entry.update(samples=samples, classes=classes)
        result['vertical'].append(entry)
    X, y = sine_data()
    assert X.dtype == np.float64 and y.dtype == np.float64
    result['sine'] = {
        'samples': 1000,
        'sha256_x_float64': sha(X), 'sha256_y_float64': sha(y),
        'sha256_x_float32': sha(X.astype(np.float32)), 'sha256_y_float32': sha(y.astype(np.float32)),
        'x_head': floats(X[:5]), 'y_head': floats(y[:5]), 'y_250': float(y[250, 0]), 'y_std': float(np.std(y)),
        'y_hex_every_37th': hex32(y[::37].astype(np.float32)),
    }
    return result


def write(name, data):
    path = os.path.join(OUT, name)
    with open(path, 'w') as f:
        json.dump(data, f, separators=(',', ':'))
        f.write('\n')
    print(f'{path}: {os.path.getsize(path)} bytes')


if __name__ == '__main__':
    write('random_streams.json', random_streams())
    write('datasets.json', datasets())
