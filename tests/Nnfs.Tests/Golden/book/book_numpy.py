#!/usr/bin/python3
"""NumPy reference for the book's scripts (book/NN-name.cs): the book's chapter examples re-implemented with NumPy 1.24.2
under the semantics of nnfs.init() (docs/numerics.md), printing what the book's Python prints.

Regenerate the golden files (from this folder):

  for c in 2 3 4 5 6 7 8 9; do /usr/bin/python3 book_numpy.py $c > chapter$c.txt; done
  names=(sgd sgd-0.85 sgd-decay-1e-2 sgd-decay-1e-3 sgd-decay-1e-3-momentum-0.5 sgd-decay-1e-3-momentum-0.9
         adagrad-decay-1e-4 rmsprop-decay-1e-4 rmsprop-0.02-decay-1e-5-rho-0.999 adam-0.02-decay-1e-5 adam-0.05-decay-5e-7)
  for i in $(seq 1 11); do echo "# $i/11 ${names[$((i-1))]}"; /usr/bin/python3 book_numpy.py 10 1000 $i; done > chapter10.txt
  for c in 11 14 15 16 17; do /usr/bin/python3 book_numpy.py $c 1000 > chapter$c.txt; done
  /usr/bin/python3 book_numpy.py 14b 100 > chapter14b.txt
  /usr/bin/python3 book_numpy.py 18 regression 200 > chapter18a.txt
  /usr/bin/python3 book_numpy.py 18 binary 200 > chapter18b.txt
  /usr/bin/python3 book_numpy.py 18 classification 100 > chapter18c.txt

Note: glibc's expf is not correctly rounded for every input (exp of float32 -0.00048002199 gives 0.9995201, the
correctly rounded value is 0.99952006), so a C# port must reproduce glibc's algorithm (Nnfs.Kernels.GlibcExpf) to
follow these training runs bit for bit.
The script runs in the "libm environment" of docs/numerics.md (nnfs_ref.libm_environment(): unless
NPY_DISABLE_CPU_FEATURES is already set, it re-executes itself with every SIMD feature this CPU offers beyond NumPy's
baseline disabled), so that float32 exp/log go to glibc's expf/logf. The check: chapter 4 prints the book's softmax
row 1, `0.33333316 0.3333332 0.33333364`.
nnfs.init(), the data sets and the book's classes come from ../nnfs_ref.py (the nnfs pip package is not needed); this
file holds the chapters' own code: what each chapter builds, its training loop (chapters 10-16) and what it prints.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import nnfs_ref  # noqa: E402
from nnfs_ref import (Accuracy_Categorical, Accuracy_Regression, Activation_Linear, Activation_ReLU,  # noqa: E402
                      Activation_Sigmoid, Activation_Softmax, Activation_Softmax_Loss_CategoricalCrossentropy,
                      Layer_Dense, Layer_Dropout, Loss, Loss_BinaryCrossentropy, Loss_CategoricalCrossentropy,
                      Loss_MeanSquaredError, Model, Optimizer_Adagrad, Optimizer_Adam, Optimizer_RMSprop,
                      Optimizer_SGD, accuracy, chapter4_network, chapter9_network, init, original_dot, sine_data,
                      spiral_data, vertical_data)

nnfs_ref.libm_environment()


# ---------------------------------------------------------------- chapters
CH2_INPUTS = [[1.0, 2.0, 3.0, 2.5], [2.0, 5.0, -1.0, 2.0], [-1.5, 2.7, 3.3, -0.8]]
CH2_WEIGHTS = [[0.2, 0.8, -0.5, 1.0], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]]
CH2_BIASES = [2.0, 3.0, 0.5]


def chapter2():
    outputs = np.dot(np.array(CH2_INPUTS), np.array(CH2_WEIGHTS).T) + CH2_BIASES
    print(outputs)


def chapter3():
    init()
    X, y = spiral_data(100, 3)
    dense1 = Layer_Dense(2, 3)
    dense1.forward(X)
    print(dense1.output[:5])


def chapter4():
    print(chapter4_network().activation2.output[:5])


def chapter5():
    net = chapter4_network()
    print(net.activation2.output[:5])
    loss = Loss_CategoricalCrossentropy().calculate(net.activation2.output, net.y)
    print('loss:', loss)
    print('acc:', accuracy(net.activation2.output, net.y))


def random_search(data, adjust, iterations):
    init()
    X, y = data(100, 3)
    dense1 = Layer_Dense(2, 3)
    activation1 = Activation_ReLU()
    dense2 = Layer_Dense(3, 3)
    activation2 = Activation_Softmax()
    loss_function = Loss_CategoricalCrossentropy()
    lowest_loss = 9999999
    best = [dense1.weights.copy(), dense1.biases.copy(), dense2.weights.copy(), dense2.biases.copy()]
    for iteration in range(iterations):
        if adjust:
            dense1.weights += 0.05 * np.random.randn(2, 3)
            dense1.biases += 0.05 * np.random.randn(1, 3)
            dense2.weights += 0.05 * np.random.randn(3, 3)
            dense2.biases += 0.05 * np.random.randn(1, 3)
        else:
            dense1.weights = 0.05 * np.random.randn(2, 3)
            dense1.biases = 0.05 * np.random.randn(1, 3)
            dense2.weights = 0.05 * np.random.randn(3, 3)
            dense2.biases = 0.05 * np.random.randn(1, 3)
        dense1.forward(X)
        activation1.forward(dense1.output)
        dense2.forward(activation1.output)
        activation2.forward(dense2.output)
        loss = loss_function.calculate(activation2.output, y)
        acc = accuracy(activation2.output, y)
        if loss < lowest_loss:
            print('New set of weights found, iteration:', iteration, 'loss:', loss, 'acc:', acc)
            best = [dense1.weights.copy(), dense1.biases.copy(), dense2.weights.copy(), dense2.biases.copy()]
            lowest_loss = loss
        elif adjust:
            dense1.weights, dense1.biases, dense2.weights, dense2.biases = [b.copy() for b in best]


def chapter6(iterations=10000):
    random_search(vertical_data, False, iterations)
    random_search(vertical_data, True, iterations)
    random_search(spiral_data, True, iterations)


def f(x):
    return 2 * x ** 2


def chapter7():
    delta = 0.0001
    for x in range(5):
        x1, x2 = x, x + delta
        approximate_derivative = (f(x2) - f(x1)) / (x2 - x1)
        print('Approximate derivative for f(x)', f'where x = {x1} is {approximate_derivative}')


def chapter8():
    # the analytical derivative of 2x^2 is 4x; the numerical one carries the delta's error 2*delta
    delta = 0.0001
    for x in range(5):
        x1, x2 = x, x + delta
        numerical = (f(x2) - f(x1)) / (x2 - x1)
        analytical = 4.0 * x
        print(f"x = {x}: f'(x) = 4x = {analytical}, numerical {numerical}, difference {numerical - analytical}")


def chapter9():
    # single neuron with ReLU, one backward step of the book's ch9 example
    x = [1.0, -2.0, 3.0]
    w = [-3.0, -1.0, 2.0]
    b = 1.0
    z = x[0] * w[0] + x[1] * w[1] + x[2] * w[2] + b
    drelu_dz = 1.0 * (1. if z > 0 else 0.)
    dx = [drelu_dz * w[i] for i in range(3)]
    dw = [drelu_dz * x[i] for i in range(3)]
    db = drelu_dz
    print(dx, dw, db)
    print(w, b)
    w = [w[i] + -0.001 * dw[i] for i in range(3)]
    b += -0.001 * db
    print(w, b)
    z = x[0] * w[0] + x[1] * w[1] + x[2] * w[2] + b
    print(max(z, 0))

    # a layer: gradients with respect to inputs, weights and biases (plain float64 NumPy)
    dvalues = np.array([[1., 1., 1.], [2., 2., 2.], [3., 3., 3.]])
    inputs = np.array(CH2_INPUTS)
    weights = np.array(CH2_WEIGHTS).T
    biases = np.array([CH2_BIASES])
    print(original_dot(dvalues, weights.T))
    print(original_dot(inputs.T, dvalues))
    print(np.sum(dvalues, axis=0, keepdims=True))
    z = np.array([[1, 2, -3, -4], [2, -7, -1, 3], [-1, 2, 5, -1]])
    dvalues = np.array([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]])
    drelu = dvalues.copy()
    drelu[z <= 0] = 0
    print(drelu)

    # forward, ReLU, backward with dvalues = the ReLU outputs, one SGD step of 0.001
    layer_outputs = original_dot(inputs, weights) + biases
    relu_outputs = np.maximum(0, layer_outputs)
    drelu = relu_outputs.copy()
    drelu[layer_outputs <= 0] = 0
    dweights = original_dot(inputs.T, drelu)
    dbiases = np.sum(drelu, axis=0, keepdims=True)
    weights += -0.001 * dweights
    biases += -0.001 * dbiases
    print(weights)
    print(biases)

    # the chapter's final code
    net = chapter9_network()
    print(net.loss_activation.output[:5])
    print('loss:', net.loss)
    print('acc:', accuracy(net.loss_activation.output, net.y))
    print(net.dense1.dweights)
    print(net.dense1.dbiases)
    print(net.dense2.dweights)
    print(net.dense2.dbiases)


OPTIMIZERS = [lambda: Optimizer_SGD(), lambda: Optimizer_SGD(learning_rate=0.85), lambda: Optimizer_SGD(decay=1e-2),
              lambda: Optimizer_SGD(decay=1e-3), lambda: Optimizer_SGD(decay=1e-3, momentum=0.5),
              lambda: Optimizer_SGD(decay=1e-3, momentum=0.9), lambda: Optimizer_Adagrad(decay=1e-4),
              lambda: Optimizer_RMSprop(decay=1e-4),
              lambda: Optimizer_RMSprop(learning_rate=0.02, decay=1e-5, rho=0.999),
              lambda: Optimizer_Adam(learning_rate=0.02, decay=1e-5),
              lambda: Optimizer_Adam(learning_rate=0.05, decay=5e-7)]


def forward_loss(X, y, layers, loss_function, softmax_loss, training):
    """A forward pass through the layers and the loss (the combined softmax + cross-entropy if softmax_loss):
    returns (data_loss, the network's output)."""
    inputs = X
    for layer in layers:
        layer.forward(inputs, training=training)
        inputs = layer.output
    if softmax_loss:
        return loss_function.forward(inputs, y), loss_function.output
    return loss_function.calculate(inputs, y), inputs


def train(X, y, layers, loss_function, optimizer, accuracy_of, last_epoch, report_regularization, softmax_loss):
    """The chapters 10-17 loop (forward, loss, report every 100 epochs, backward, optimizer); layers may hold a Layer_Dropout, which drops on every pass here."""
    dense_layers = [layer for layer in layers if isinstance(layer, Layer_Dense)]
    for epoch in range(last_epoch + 1):
        data_loss, output = forward_loss(X, y, layers, loss_function, softmax_loss, training=True)
        acc = accuracy_of(output, y)
        if not epoch % 100:
            if report_regularization:
                reg_loss = sum(Loss().regularization_loss(layer) for layer in dense_layers)
                loss = data_loss + reg_loss
                print(f'epoch: {epoch}, acc: {acc:.3f}, loss: {loss:.3f} (data_loss: {data_loss:.3f}, '
                      f'reg_loss: {reg_loss:.3f}), lr: {optimizer.current_learning_rate}')
            else:
                print(f'epoch: {epoch}, acc: {acc:.3f}, loss: {data_loss:.3f}, lr: {optimizer.current_learning_rate}')
        loss_function.backward(output, y)
        dvalues = loss_function.dinputs
        for layer in reversed(layers):
            layer.backward(dvalues)
            dvalues = layer.dinputs
        optimizer.pre_update_params()
        for layer in dense_layers:
            optimizer.update_params(layer)
        optimizer.post_update_params()


def validate(X, y, layers, loss_function, accuracy_of, softmax_loss):
    loss, output = forward_loss(X, y, layers, loss_function, softmax_loss, training=False)
    print(f'validation, acc: {accuracy_of(output, y):.3f}, loss: {loss:.3f}')


def binary_accuracy(output, y):
    return np.mean((output > 0.5) * 1 == y)


def spiral_classifier(chapter, last_epoch, optimizer_index=None):
    """Chapters 10, 11, 14, '14b' (chapter 14 on spiral_data(1000, 3) with 512 neurons) and 15."""
    init()
    X, y = spiral_data(1000 if chapter in (15, '14b') else 100, 3)
    regularized = chapter in (14, '14b', 15)
    strength = 5e-4 if regularized else 0
    neurons = 512 if chapter == '14b' else 64
    dense1 = Layer_Dense(2, neurons, weight_regularizer_l2=strength, bias_regularizer_l2=strength)
    layers = [dense1, Activation_ReLU()] + ([Layer_Dropout(0.1)] if chapter == 15 else []) + \
        [Layer_Dense(neurons, 3)]
    optimizer = {10: lambda: OPTIMIZERS[optimizer_index - 1](),
                 11: lambda: Optimizer_Adam(learning_rate=0.05, decay=5e-7),
                 14: lambda: Optimizer_Adam(learning_rate=0.02, decay=5e-7),
                 '14b': lambda: Optimizer_Adam(learning_rate=0.02, decay=5e-7),
                 15: lambda: Optimizer_Adam(learning_rate=0.05, decay=5e-5)}[chapter]()
    loss = Activation_Softmax_Loss_CategoricalCrossentropy()
    train(X, y, layers, loss, optimizer, accuracy, last_epoch, regularized, True)
    if chapter != 10:
        X_test, y_test = spiral_data(100, 3)
        validate(X_test, y_test, layers, loss, accuracy, True)


def chapter16(last_epoch):
    init()
    X, y = spiral_data(100, 2)
    y = y.reshape(-1, 1)
    layers = [Layer_Dense(2, 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4), Activation_ReLU(),
              Layer_Dense(64, 1), Activation_Sigmoid()]
    loss = Loss_BinaryCrossentropy()
    train(X, y, layers, loss, Optimizer_Adam(decay=5e-7), binary_accuracy, last_epoch, True, False)
    X_test, y_test = spiral_data(100, 2)
    validate(X_test, y_test.reshape(-1, 1), layers, loss, binary_accuracy, False)


class Layer_Dense_Chapter17(Layer_Dense):
    """Chapter 17's final code draws the initial weights as 0.1 * randn instead of 0.01 * randn."""

    def __init__(self, n_inputs, n_neurons):
        super().__init__(0, n_neurons)
        self.weights = 0.1 * np.random.randn(n_inputs, n_neurons)


def chapter17(last_epoch):
    """Regression on sine_data() (float64 data: NumPy promotes the first layer's inputs, the loss and the gradients
    above the last dense layer to float64)."""
    init()
    X, y = sine_data()
    layers = [Layer_Dense_Chapter17(1, 64), Activation_ReLU(), Layer_Dense_Chapter17(64, 64), Activation_ReLU(),
              Layer_Dense_Chapter17(64, 1), Activation_Linear()]
    accuracy_precision = np.std(y) / 250

    def regression_accuracy(output, y):
        return np.mean(np.absolute(output - y) < accuracy_precision)

    train(X, y, layers, Loss_MeanSquaredError(), Optimizer_Adam(learning_rate=0.005, decay=1e-3), regression_accuracy,
          last_epoch, True, False)


def train18(model, X, y, *, epochs, print_every, validation_data=None):
    """The chapter 18 version of Model.train: full batch, a line every print_every epochs (1-based), one validation
    pass at the end."""
    model.accuracy.init(y)
    for epoch in range(1, epochs + 1):
        acc, data_loss, regularization_loss = model.step(X, y)
        loss = data_loss + regularization_loss
        if not epoch % print_every:
            print(f'epoch: {epoch}, acc: {acc:.3f}, loss: {loss:.3f} (data_loss: {data_loss:.3f}, '
                  f'reg_loss: {regularization_loss:.3f}), lr: {model.optimizer.current_learning_rate}')
    if validation_data is not None:
        X_val, y_val = validation_data
        output = model.forward(X_val, training=False)
        loss = model.loss.calculate(output, y_val)
        predictions = model.output_layer_activation.predictions(output)
        acc = model.accuracy.calculate(predictions, y_val)
        print(f'validation, acc: {acc:.3f}, loss: {loss:.3f}')


def chapter18(variant, epochs):
    """Chapter 18's three models: 'regression' (sine), 'binary' (spiral(100, 2)) and 'classification' (spiral(1000, 3),
    512 neurons and dropout), each test set created before the model."""
    init()
    model = Model()
    validation_data = None
    if variant == 'regression':
        X, y = sine_data()
        model.add(Layer_Dense(1, 64))
        model.add(Activation_ReLU())
        model.add(Layer_Dense(64, 64))
        model.add(Activation_ReLU())
        model.add(Layer_Dense(64, 1))
        model.add(Activation_Linear())
        model.set(loss=Loss_MeanSquaredError(), optimizer=Optimizer_Adam(learning_rate=0.005, decay=1e-3),
                  accuracy=Accuracy_Regression())
    elif variant == 'binary':
        X, y = spiral_data(samples=100, classes=2)
        X_test, y_test = spiral_data(samples=100, classes=2)
        y, validation_data = y.reshape(-1, 1), (X_test, y_test.reshape(-1, 1))
        model.add(Layer_Dense(2, 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4))
        model.add(Activation_ReLU())
        model.add(Layer_Dense(64, 1))
        model.add(Activation_Sigmoid())
        model.set(loss=Loss_BinaryCrossentropy(), optimizer=Optimizer_Adam(decay=5e-7),
                  accuracy=Accuracy_Categorical(binary=True))
    else:
        X, y = spiral_data(samples=1000, classes=3)
        validation_data = spiral_data(samples=100, classes=3)
        model.add(Layer_Dense(2, 512, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4))
        model.add(Activation_ReLU())
        model.add(Layer_Dropout(0.1))
        model.add(Layer_Dense(512, 3))
        model.add(Activation_Softmax())
        model.set(loss=Loss_CategoricalCrossentropy(), optimizer=Optimizer_Adam(learning_rate=0.05, decay=5e-5),
                  accuracy=Accuracy_Categorical())
    model.finalize()
    train18(model, X, y, epochs=epochs, print_every=100, validation_data=validation_data)


CHAPTERS = {'2': chapter2, '3': chapter3, '4': chapter4, '5': chapter5, '6': chapter6, '7': chapter7,
            '8': chapter8, '9': chapter9}

if __name__ == '__main__':
    # book_numpy.py CHAPTER [LAST_EPOCH] [OPTIMIZER_INDEX]   (the last two for chapters 10-17)
    # book_numpy.py 18 VARIANT EPOCHS                          (VARIANT: regression, binary, classification)
    chapter = sys.argv[1]
    if chapter in CHAPTERS:
        CHAPTERS[chapter]()
    elif chapter == '16':
        chapter16(int(sys.argv[2]))
    elif chapter == '17':
        chapter17(int(sys.argv[2]))
    elif chapter == '18':
        chapter18(sys.argv[2], int(sys.argv[3]))
    elif chapter == '14b':
        spiral_classifier('14b', int(sys.argv[2]))
    else:
        spiral_classifier(int(chapter), int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else None)
