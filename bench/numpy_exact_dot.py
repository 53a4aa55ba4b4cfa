# Times the matrix products of one Fashion-MNIST epoch (784-128-128-10, batch 128, 60,000 training samples,
# validation on 10,000) done as the book's np.dot under nnfs.init(): float64 operands, BLAS dgemm, float32 result.
# Only the products are timed (the book's code does more per step), so this is a lower bound for NumPy's epoch.
# Run: env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/numpy_exact_dot.py [repeats]
import sys
import time

import numpy as np


def dot(a, b):
    return np.dot(a.astype('float64'), b.astype('float64')).astype('float32')


def epoch(rng, train=60000, test=10000, batch=128):
    w = [rng.standard_normal((784, 128)).astype('float32'), rng.standard_normal((128, 128)).astype('float32'),
         rng.standard_normal((128, 10)).astype('float32')]
    x_all = rng.standard_normal((batch, 784)).astype('float32')
    start = time.perf_counter()
    for begin in range(0, train, batch):
        x = x_all[:min(batch, train - begin)]
        h1 = dot(x, w[0]); h2 = dot(h1, w[1]); out = dot(h2, w[2])
        dw3 = dot(h2.T, out); dx3 = dot(out, w[2].T)
        dw2 = dot(h1.T, dx3); dx2 = dot(dx3, w[1].T)
        dw1 = dot(x.T, dx2); dx1 = dot(dx2, w[0].T)
    for begin in range(0, test, batch):
        x = x_all[:min(batch, test - begin)]
        dot(dot(dot(x, w[0]), w[1]), w[2])
    return time.perf_counter() - start


if __name__ == '__main__':
    rng = np.random.default_rng(0)
    times = sorted(epoch(rng) for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 3))
    print('products of one epoch, s:', ' '.join(f'{t:.3f}' for t in times), f'median {times[len(times) // 2]:.3f}')
