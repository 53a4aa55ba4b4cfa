#!/usr/bin/python3
"""Golden values for Nnfs.Formatting.PythonFormat: Python's repr and f-string fixed formatting of doubles, and
NumPy 1.24's printing of float32 scalars.

Regenerate (from this folder):  /usr/bin/python3 python_format.py > python_format.txt

Each line is tab-separated. "d <hex of the double's bits> <repr> <.3f> <.0f> <.6f>" for doubles and
"f <hex of the float32's bits> <str(np.float32)>" for float32 values.
"""
import random
import struct

import numpy as np


def double_bits(x):
    return struct.unpack('<Q', struct.pack('<d', x))[0]


def double_from_bits(b):
    return struct.unpack('<d', struct.pack('<Q', b))[0]


def float_bits(x):
    return int(np.float32(x).view(np.uint32))


rng = random.Random(20240601)
doubles = [0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, 3.5, -2.5, 0.0625, 0.1875, 0.0005, 0.0015, 1.0005, 2.675, 0.125, 0.375,
           1e16, 9999999999999998.0, 1e15, 1.5e16, 123456789012345678.0, 1e-4, 0.0001, 0.00011, 9.99999e-05,
           1e-5, 8.334722453742292e-05, 1e-07, 0.1, 0.2, 0.30000000000000004, 1 / 3, 2 / 3, 0.3333333333333333,
           5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 100.0, 1e22, 1e23, 0.001, 0.0009999,
           0.04975126853296942, 0.0009999505024501287, 0.0001915341888527102, 1e100, -1e-100, 12345.6789,
           float('inf'), float('-inf'), float('nan'), 0.9995, 0.9994999999999999, -0.0004, -0.0005, 999.9995,
           4.0001999999987845, 16.000200000016548, 0.00019999999999999998]
for k in range(-64, 65):
    doubles.append(k / 16)
    doubles.append(k / 2048)
for _ in range(150):
    doubles.append(double_from_bits(rng.getrandbits(63)) * rng.choice([1, -1]))
for _ in range(250):
    doubles.append(rng.uniform(-1, 1) * 10 ** rng.randint(-20, 20))
for _ in range(100):
    doubles.append(round(rng.uniform(-100, 100), rng.randint(0, 5)))
for _ in range(100):
    doubles.append(rng.randint(-10 ** 6, 10 ** 6) / 2 ** rng.randint(0, 12))

floats = [0.0, -0.0, 1.0, -1.0, 1e-5, 1e-4, 0.0001, 0.00010001, 100000000.0, 123456789.0, 1e15, 1e16, 9.999999e15,
          3.4e38, 1e-45, 1.1754944e-38, 0.1, 1 / 3, 2 / 3, 1.0986104, 0.33333316, 1e-07, 0.9999999,
          float('inf'), float('-inf'), float('nan')]
for _ in range(400):
    bits = rng.getrandbits(31)
    if (bits >> 23) == 0xFF:
        continue
    floats.append(float(np.uint32(bits).view(np.float32)) * rng.choice([1, -1]))
for _ in range(300):
    floats.append(rng.uniform(-1, 1) * 10 ** rng.randint(-8, 18))

for x in doubles:
    if x != x:
        print(f'd\t{double_bits(float("nan")):016x}\tnan\tnan\tnan\tnan')
        continue
    print(f'd\t{double_bits(x):016x}\t{x!r}\t{x:.3f}\t{x:.0f}\t{x:.6f}')
for x in floats:
    f = np.float32(x)
    print(f'f\t{float_bits(f):08x}\t{str(f)}')
