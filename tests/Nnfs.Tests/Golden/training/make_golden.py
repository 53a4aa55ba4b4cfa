#!/usr/bin/python3
"""NumPy reference runs of the book's Model (chapter 18 full batch, chapter 19 batches) for the Model's golden tests.

The book's classes and nnfs.init() come from ../nnfs_ref.py (docs/numerics.md, "nnfs.init()"): float32 arrays, np.dot
through float64 rounded to float32, randn rounded to float32, seed 0. This file holds the two runs and chapter 18's
version of Model.train (full batch, no per-epoch lines beyond every print_every epochs, one validation at the end).
Regenerate from this folder (numpy 1.24.2):

  /usr/bin/python3 make_golden.py binary18 > binary18.txt
  /usr/bin/python3 make_golden.py spiral19 > spiral19.txt

The script re-executes itself in the "libm environment" of docs/numerics.md, "The reference" (NPY_DISABLE_CPU_FEATURES set to
every dispatched SIMD feature of this CPU) so float32 exp/log are glibc's expf/logf.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import nnfs_ref  # noqa: E402
from nnfs_ref import (Accuracy_Categorical, Activation_ReLU, Activation_Sigmoid, Activation_Softmax,  # noqa: E402
                      Layer_Dense, Loss_BinaryCrossentropy, Loss_CategoricalCrossentropy, Model, Optimizer_Adam, init,
                      spiral_data)

nnfs_ref.libm_environment()


def train18(model, X, y, *, epochs, print_every, validation_data):
    """Chapter 18's Model.train: full batch, a line every print_every epochs (1-based), one validation at the end."""
    model.accuracy.init(y)
    for epoch in range(1, epochs + 1):
        accuracy, data_loss, reg_loss = model.step(X, y)
        if not epoch % print_every:
            print(f'epoch: {epoch}, acc: {accuracy:.3f}, loss: {data_loss + reg_loss:.3f} (data_loss: {data_loss:.3f}, '
                  f'reg_loss: {reg_loss:.3f}), lr: {model.optimizer.current_learning_rate}')
    X_val, y_val = validation_data
    output = model.forward(X_val, training=False)
    loss = model.loss.calculate(output, y_val)
    accuracy = model.accuracy.calculate(model.output_layer_activation.predictions(output), y_val)
    print(f'validation, acc: {accuracy:.3f}, loss: {loss:.3f}')


def build(layers, loss, optimizer, accuracy):
    model = Model()
    for layer in layers:
        model.add(layer)
    model.set(loss=loss, optimizer=optimizer, accuracy=accuracy)
    model.finalize()
    return model


def binary18():
    """Chapter 18's binary example (test data drawn before the model), 600 epochs."""
    X, y = spiral_data(100, 2)
    X_test, y_test = spiral_data(100, 2)
    y, y_test = y.reshape(-1, 1), y_test.reshape(-1, 1)
    layers = [Layer_Dense(2, 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4), Activation_ReLU(),
              Layer_Dense(64, 1), Activation_Sigmoid()]
    model = build(layers, Loss_BinaryCrossentropy(), Optimizer_Adam(decay=5e-7), Accuracy_Categorical(binary=True))
    train18(model, X, y, epochs=600, print_every=100, validation_data=(X_test, y_test))


def spiral19():
    """Chapter 19's batched training on spiral(100, 3) with softmax + cross-entropy, 3 epochs of 5 batches."""
    X, y = spiral_data(100, 3)
    X_test, y_test = spiral_data(50, 3)
    layers = [Layer_Dense(2, 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4), Activation_ReLU(),
              Layer_Dense(64, 3), Activation_Softmax()]
    model = build(layers, Loss_CategoricalCrossentropy(), Optimizer_Adam(learning_rate=0.05, decay=5e-5),
                  Accuracy_Categorical())
    model.train(X, y, epochs=3, batch_size=64, print_every=2, validation_data=(X_test, y_test))


if __name__ == '__main__':
    init()
    {'binary18': binary18, 'spiral19': spiral19}[sys.argv[1]]()
