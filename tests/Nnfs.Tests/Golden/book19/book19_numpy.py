#!/usr/bin/python3
"""NumPy reference for chapter 19's training (`nnfs book 19`), first STEPS steps of epoch 1, in full precision.

Regenerate the golden file (from this folder; needs the Fashion-MNIST IDX files, default /usr/share/datasets/fashion-mnist):

  /usr/bin/python3 book19_numpy.py 101 /usr/share/datasets/fashion-mnist > book19_steps.txt

Semantics: nnfs.init() (float32 data, float64 dot rounded to float32, np.random.seed(0)); the book's data preparation
(label folders and files in sorted order = the IDX images of each class in file order, class after class; keyed shuffle
of the training set with np.random.shuffle; (x - 127.5) / 127.5 in float32); the book's chapter 19 model
Dense(784,128)-ReLU-Dense(128,128)-ReLU-Dense(128,10)-Softmax, categorical cross-entropy, Adam(decay=1e-3), batches of
128 in data order. Runs in the "libm environment" of NNFS-SPEC.md section 0: unless NPY_DISABLE_CPU_FEATURES is set,
it re-executes itself with NumPy's dispatched SIMD features disabled, so float32 exp/log are glibc's expf/logf.
Output: the first ten shuffle keys and labels; per step `step acc data_loss` (acc as a Python float repr, data_loss as
the float64 repr of the float32 mean); after the last step, per layer, the sum of the absolute values of the weights and
of the biases (in float64).
"""
import gzip
import os
import sys

if 'NPY_DISABLE_CPU_FEATURES' not in os.environ:
    from numpy.core._multiarray_umath import __cpu_baseline__, __cpu_dispatch__, __cpu_features__
    disabled = [f for f in __cpu_dispatch__ if __cpu_features__.get(f) and f not in __cpu_baseline__]
    os.environ['NPY_DISABLE_CPU_FEATURES'] = ' '.join(disabled)
    os.execv(sys.executable, [sys.executable] + sys.argv)

import numpy as np


def dot32(a, b):
    return np.dot(a.astype(np.float64), b.astype(np.float64)).astype(np.float32)


def read_idx(folder, name):
    path = os.path.join(folder, name)
    opener = open
    if not os.path.exists(path):
        path, opener = path + '.gz', gzip.open
    with opener(path, 'rb') as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], 'big') for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def book_order(images, labels):
    order = np.argsort(labels, kind='stable')
    return images[order], labels[order]


class Dense:
    def __init__(self, n_in, n_out):
        self.weights = (0.01 * np.random.randn(n_in, n_out).astype(np.float32)).astype(np.float32)
        self.biases = np.zeros((1, n_out), dtype=np.float32)

    def forward(self, x):
        self.inputs = x
        self.output = dot32(x, self.weights) + self.biases

    def backward(self, d):
        self.dweights = dot32(self.inputs.T, d)
        self.dbiases = np.sum(d, axis=0, keepdims=True)
        self.dinputs = dot32(d, self.weights.T)


class ReLU:
    def forward(self, x):
        self.inputs = x
        self.output = np.maximum(0, x)

    def backward(self, d):
        self.dinputs = d.copy()
        self.dinputs[self.inputs <= 0] = 0


class Softmax:
    def forward(self, x):
        e = np.exp(x - np.max(x, axis=1, keepdims=True))
        self.output = e / np.sum(e, axis=1, keepdims=True)


def cce(p, y):
    clipped = np.clip(p, 1e-7, 1 - 1e-7)
    return -np.log(clipped[range(len(p)), y])


class Adam:
    def __init__(self, lr=0.001, decay=0., eps=1e-7, b1=0.9, b2=0.999):
        self.lr, self.current, self.decay, self.it, self.eps, self.b1, self.b2 = lr, lr, decay, 0, eps, b1, b2

    def pre(self):
        if self.decay:
            self.current = self.lr * (1. / (1. + self.decay * self.it))

    def update(self, layer):
        if not hasattr(layer, 'wc'):
            layer.wm, layer.wc = np.zeros_like(layer.weights), np.zeros_like(layer.weights)
            layer.bm, layer.bc = np.zeros_like(layer.biases), np.zeros_like(layer.biases)
        layer.wm = self.b1 * layer.wm + (1 - self.b1) * layer.dweights
        layer.bm = self.b1 * layer.bm + (1 - self.b1) * layer.dbiases
        wm = layer.wm / (1 - self.b1 ** (self.it + 1))
        bm = layer.bm / (1 - self.b1 ** (self.it + 1))
        layer.wc = self.b2 * layer.wc + (1 - self.b2) * layer.dweights ** 2
        layer.bc = self.b2 * layer.bc + (1 - self.b2) * layer.dbiases ** 2
        wc = layer.wc / (1 - self.b2 ** (self.it + 1))
        bc = layer.bc / (1 - self.b2 ** (self.it + 1))
        layer.weights += -self.current * wm / (np.sqrt(wc) + self.eps)
        layer.biases += -self.current * bm / (np.sqrt(bc) + self.eps)

    def post(self):
        self.it += 1


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 101
    folder = sys.argv[2] if len(sys.argv) > 2 else '/usr/share/datasets/fashion-mnist'
    np.random.seed(0)
    x, y = book_order(read_idx(folder, 'train-images-idx3-ubyte'), read_idx(folder, 'train-labels-idx1-ubyte'))
    keys = np.array(range(x.shape[0]))
    np.random.shuffle(keys)
    x, y = x[keys], y[keys]
    x = (x.reshape(x.shape[0], -1).astype(np.float32) - 127.5) / 127.5
    print('keys', ' '.join(str(k) for k in keys[:10]))
    print('labels', ' '.join(str(v) for v in y[:10]))
    dense = [Dense(784, 128), Dense(128, 128), Dense(128, 10)]
    relu = [ReLU(), ReLU()]
    softmax = Softmax()
    adam = Adam(decay=1e-3)
    batch = 128
    for step in range(steps):
        bx, by = x[step * batch:(step + 1) * batch], y[step * batch:(step + 1) * batch].astype(np.int64)
        dense[0].forward(bx)
        relu[0].forward(dense[0].output)
        dense[1].forward(relu[0].output)
        relu[1].forward(dense[1].output)
        dense[2].forward(relu[1].output)
        softmax.forward(dense[2].output)
        out = softmax.output
        data_loss = np.mean(cce(out, by))
        acc = np.mean(np.argmax(out, axis=1) == by)
        d = out.copy()
        d[range(len(d)), by] -= 1
        d = d / len(d)
        dense[2].backward(d)
        relu[1].backward(dense[2].dinputs)
        dense[1].backward(relu[1].dinputs)
        relu[0].backward(dense[1].dinputs)
        dense[0].backward(relu[0].dinputs)
        adam.pre()
        for layer in dense:
            adam.update(layer)
        adam.post()
        print('step', step, repr(float(acc)), repr(float(data_loss)))
    for i, layer in enumerate(dense):
        for name, value in (('weight', layer.weights), ('bias', layer.biases)):
            assert value.dtype == np.float32
            print('abssum', i, name, repr(float(np.sum(np.abs(value.astype(np.float64))))))


if __name__ == '__main__':
    main()
