#!/usr/bin/python3
"""Which arrays of the book's chapter 15 and 17 code are float64 under nnfs.init() (NumPy 1.24.2): the promotion the
exact path reproduces (docs/numerics.md, "float64 arrays"). Prints one line per array: chapter, name, dtype, after
the second training step (so the optimizer caches have been updated twice).

  /usr/bin/python3 float64_arrays.py > float64_arrays.txt
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from nnfs_ref import (Activation_Linear, Activation_ReLU, Activation_Softmax_Loss_CategoricalCrossentropy,  # noqa: E402
                      Layer_Dense, Layer_Dropout, Loss_MeanSquaredError, Optimizer_Adam, init, sine_data, spiral_data)

ATTRIBUTES = ['inputs', 'output', 'dinputs', 'weights', 'biases', 'dweights', 'dbiases', 'binary_mask',
              'weight_momentums', 'weight_cache', 'bias_momentums', 'bias_cache']


def show(chapter, names, data, layers):
    for name, array in data:
        print(chapter, name, np.asarray(array).dtype)
    for name, layer in zip(names, layers):
        for attribute in ATTRIBUTES:
            if hasattr(layer, attribute):
                print(chapter, f'{name}.{attribute}', getattr(layer, attribute).dtype)


def run(layers, loss, X, y, optimizer, steps=2):
    dense = [layer for layer in layers if isinstance(layer, Layer_Dense)]
    for _ in range(steps):
        inputs = X
        for layer in layers:
            layer.forward(inputs, training=True)
            inputs = layer.output
        if isinstance(loss, Activation_Softmax_Loss_CategoricalCrossentropy):
            data_loss = loss.forward(inputs, y)
            output = loss.output
        else:
            data_loss = loss.calculate(inputs, y)
            output = inputs
        loss.backward(output, y)
        dvalues = loss.dinputs
        for layer in reversed(layers):
            layer.backward(dvalues)
            dvalues = layer.dinputs
        optimizer.pre_update_params()
        for layer in dense:
            optimizer.update_params(layer)
        optimizer.post_update_params()
    return data_loss


def chapter15():
    init()
    X, y = spiral_data(1000, 3)
    layers = [Layer_Dense(2, 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4), Activation_ReLU(),
              Layer_Dropout(0.1), Layer_Dense(64, 3)]
    loss = Activation_Softmax_Loss_CategoricalCrossentropy()
    data_loss = run(layers, loss, X, y, Optimizer_Adam(learning_rate=0.05, decay=5e-5))
    show(15, ['dense1', 'activation1', 'dropout1', 'dense2'], [('X', X), ('data_loss', data_loss)], layers)
    print(15, 'loss_activation.output', loss.output.dtype)
    print(15, 'loss_activation.dinputs', loss.dinputs.dtype)


def chapter17():
    init()
    X, y = sine_data()
    layers = [Layer_Dense(1, 64), Activation_ReLU(), Layer_Dense(64, 64), Activation_ReLU(), Layer_Dense(64, 1),
              Activation_Linear()]
    loss = Loss_MeanSquaredError()
    data_loss = run(layers, loss, X, y, Optimizer_Adam(learning_rate=0.005, decay=1e-3))
    show(17, ['dense1', 'activation1', 'dense2', 'activation2', 'dense3', 'activation3'],
         [('X', X), ('y', y), ('data_loss', data_loss), ('sample_losses', loss.forward(layers[-1].output, y)),
          ('precision', np.std(y) / 250), ('abs(predictions - y)', np.absolute(layers[-1].output - y))], layers)
    print(17, 'loss_function.dinputs', loss.dinputs.dtype)


if __name__ == '__main__':
    chapter15()
    chapter17()
