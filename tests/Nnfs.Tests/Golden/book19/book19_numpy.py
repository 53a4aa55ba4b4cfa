#!/usr/bin/python3
"""NumPy reference for chapter 19's training: the first STEPS steps of epoch 1 in full precision, or (train EPOCHS) what
book/19b-fashion-mnist-training.cs prints with NNFS_BOOK_EPOCHS=EPOCHS.

Regenerate the golden files (from this folder; needs the Fashion-MNIST IDX files, default /usr/share/datasets/fashion-mnist):

  /usr/bin/python3 book19_numpy.py 101 /usr/share/datasets/fashion-mnist > book19_steps.txt
  /usr/bin/python3 book19_numpy.py train 1 /usr/share/datasets/fashion-mnist > book19_train1.txt

Semantics: nnfs.init() (float32 data, float64 dot rounded to float32, np.random.seed(0)); the book's data preparation
(label folders and files in sorted order = the IDX images of each class in file order, class after class; keyed shuffle
of the training set with np.random.shuffle; (x - 127.5) / 127.5 in float32); the book's chapter 19 model
Dense(784,128)-ReLU-Dense(128,128)-ReLU-Dense(128,10)-Softmax, categorical cross-entropy, Adam(decay=1e-3), batches of
128 in data order (the classes, nnfs.init() and the IDX reader come from ../nnfs_ref.py). Runs in the "libm
environment" of docs/numerics.md, "The reference": unless NPY_DISABLE_CPU_FEATURES is set, it re-executes itself with NumPy's
dispatched SIMD features disabled, so float32 exp/log are glibc's expf/logf.
Output: the first ten shuffle keys and labels; per step `step acc data_loss` (acc as a Python float repr, data_loss as
the float64 repr of the float32 mean); after the last step, per layer, the sum of the absolute values of the weights and
of the biases (in float64).
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import nnfs_ref  # noqa: E402
from nnfs_ref import (Accuracy_Categorical, Activation_ReLU, Activation_Softmax, Layer_Dense,  # noqa: E402
                      Loss_CategoricalCrossentropy, Model, Optimizer_Adam, init, read_idx)

nnfs_ref.libm_environment()


def book_order(images, labels):
    order = np.argsort(labels, kind='stable')
    return images[order], labels[order]


def scaled(images):
    return (images.reshape(images.shape[0], -1).astype(np.float32) - 127.5) / 127.5


def main():
    if sys.argv[1:2] == ['train']:
        return train(int(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else '/usr/share/datasets/fashion-mnist')
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 101
    folder = sys.argv[2] if len(sys.argv) > 2 else '/usr/share/datasets/fashion-mnist'
    init()
    x, y = book_order(read_idx(os.path.join(folder, 'train-images-idx3-ubyte')),
                      read_idx(os.path.join(folder, 'train-labels-idx1-ubyte')))
    keys = np.array(range(x.shape[0]))
    np.random.shuffle(keys)
    x, y = x[keys], y[keys]
    x = scaled(x)
    print('keys', ' '.join(str(k) for k in keys[:10]))
    print('labels', ' '.join(str(v) for v in y[:10]))
    model = chapter19_model()
    batch = 128
    for step in range(steps):
        bx, by = x[step * batch:(step + 1) * batch], y[step * batch:(step + 1) * batch].astype(np.int64)
        acc, data_loss, _ = model.step(bx, by)
        print('step', step, repr(float(acc)), repr(float(data_loss)))
    for i, layer in enumerate(model.trainable_layers):
        for name, value in (('weight', layer.weights), ('bias', layer.biases)):
            assert value.dtype == np.float32
            print('abssum', i, name, repr(float(np.sum(np.abs(value.astype(np.float64))))))


def chapter19_model():
    model = Model()
    for layer in [Layer_Dense(784, 128), Activation_ReLU(), Layer_Dense(128, 128), Activation_ReLU(),
                  Layer_Dense(128, 10), Activation_Softmax()]:
        model.add(layer)
    model.set(loss=Loss_CategoricalCrossentropy(), optimizer=Optimizer_Adam(decay=1e-3),
              accuracy=Accuracy_Categorical())
    model.finalize()
    return model


def train(epochs, folder):
    """book/19b-fashion-mnist-training.cs as the book's code prints it: train(X, y, validation_data=(X_test, y_test),
    epochs, batch_size=128, print_every=100)."""
    init()
    x, y = book_order(read_idx(os.path.join(folder, 'train-images-idx3-ubyte')),
                      read_idx(os.path.join(folder, 'train-labels-idx1-ubyte')))
    x_test, y_test = book_order(read_idx(os.path.join(folder, 't10k-images-idx3-ubyte')),
                                read_idx(os.path.join(folder, 't10k-labels-idx1-ubyte')))
    keys = np.array(range(x.shape[0]))
    np.random.shuffle(keys)
    x, y = x[keys], y[keys]
    model = chapter19_model()
    model.train(scaled(x), y.astype(np.int64), validation_data=(scaled(x_test), y_test.astype(np.int64)),
                epochs=epochs, batch_size=128, print_every=100)


if __name__ == '__main__':
    main()
