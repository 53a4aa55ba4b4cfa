#!/usr/bin/python3
"""NumPy reference for `nnfs book CHAPTER`: the book's chapter examples re-implemented with NumPy 1.24.2 under the
semantics of nnfs.init() (NNFS-SPEC.md section 1), printing what the book's Python prints.

Regenerate the golden files (from this folder):

  for c in 2 3 4 5 6 7 8 9; do /usr/bin/python3 book_numpy.py $c > chapter$c.txt; done
  names=(sgd sgd-0.85 sgd-decay-1e-2 sgd-decay-1e-3 sgd-decay-1e-3-momentum-0.5 sgd-decay-1e-3-momentum-0.9
         adagrad-decay-1e-4 rmsprop-decay-1e-4 rmsprop-0.02-decay-1e-5-rho-0.999 adam-0.02-decay-1e-5 adam-0.05-decay-5e-7)
  for i in $(seq 1 11); do echo "# $i/11 ${names[$((i-1))]}"; /usr/bin/python3 book_numpy.py 10 1000 $i; done > chapter10.txt
  for c in 11 14 15 16; do /usr/bin/python3 book_numpy.py $c 1000 > chapter$c.txt; done

Note: glibc's expf is not correctly rounded for every input (exp of float32 -0.00048002199 gives 0.9995201, the
correctly rounded value is 0.99952006), so a C# port must reproduce glibc's algorithm (Nnfs.Kernels.NumPyExp) to
follow these training runs bit for bit.
The script runs in the "libm environment" of NNFS-SPEC.md section 0: unless NPY_DISABLE_CPU_FEATURES is already
set, it re-executes itself with every SIMD feature this CPU offers beyond NumPy's baseline disabled (for example
"SSSE3 SSE41 POPCNT SSE42 AVX F16C FMA3 AVX2"), so that float32 exp/log go to glibc's expf/logf. The check: chapter 4
prints the book's softmax row 1, `0.33333316 0.3333332 0.33333364`.
The nnfs pip package is not needed: its init() is replicated below.
"""
import os
import sys

if 'NPY_DISABLE_CPU_FEATURES' not in os.environ:
    from numpy.core._multiarray_umath import __cpu_baseline__, __cpu_dispatch__, __cpu_features__
    disabled = [f for f in __cpu_dispatch__ if __cpu_features__.get(f) and f not in __cpu_baseline__]
    os.environ['NPY_DISABLE_CPU_FEATURES'] = ' '.join(disabled)
    os.execv(sys.executable, [sys.executable] + sys.argv)

import numpy as np


# ---------------------------------------------------------------- nnfs.init() (NNFS-SPEC.md 1.1)
_orig_dot = np.dot
_orig_zeros = np.zeros
_orig_eye = np.eye
_orig_randn = np.random.randn


def _dot(*args, **kwargs):
    return _orig_dot(*[a.astype('float64') for a in args], **kwargs).astype('float32')


def _zeros(*args, **kwargs):
    if len(args) <= 1 and 'dtype' not in kwargs:
        kwargs['dtype'] = 'float32'
    return _orig_zeros(*args, **kwargs)


def _eye(*args, **kwargs):
    if len(args) <= 1 and 'dtype' not in kwargs:
        kwargs['dtype'] = 'float32'
    return _orig_eye(*args, **kwargs)


def _randn(*args):
    return _orig_randn(*args).astype('float32')


def init():
    np.dot = _dot
    np.zeros = _zeros
    np.eye = _eye
    np.random.randn = _randn
    np.random.seed(0)


# ---------------------------------------------------------------- datasets (NNFS-SPEC.md 1.3, 1.4)
def spiral_data(samples, classes):
    X = np.zeros((samples * classes, 2))
    y = np.zeros(samples * classes, dtype='uint8')
    for c in range(classes):
        rows = range(samples * c, samples * (c + 1))
        radius = np.linspace(0.0, 1, samples)
        angle = np.linspace(c * 4, (c + 1) * 4, samples) + np.random.randn(samples) * 0.2
        X[rows] = np.c_[radius * np.sin(angle * 2.5), radius * np.cos(angle * 2.5)]
        y[rows] = c
    return X, y


def vertical_data(samples, classes):
    X = np.zeros((samples * classes, 2))
    y = np.zeros(samples * classes, dtype='uint8')
    for c in range(classes):
        rows = range(samples * c, samples * (c + 1))
        first = np.random.randn(samples) * 0.1 + c / 3
        second = np.random.randn(samples) * 0.1 + 0.5
        X[rows] = np.c_[first, second]
        y[rows] = c
    return X, y


# ---------------------------------------------------------------- the chapters' classes (NNFS-SPEC.md 2)
class Dense:
    def __init__(self, n_inputs, n_neurons, wl1=0, wl2=0, bl1=0, bl2=0, scale=0.01):
        self.weights = scale * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))
        self.wl1, self.wl2, self.bl1, self.bl2 = wl1, wl2, bl1, bl2

    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.dot(inputs, self.weights) + self.biases

    def backward(self, dvalues):
        self.dweights = np.dot(self.inputs.T, dvalues)
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
        if self.wl1 > 0:
            sign = np.ones_like(self.weights)
            sign[self.weights < 0] = -1
            self.dweights += self.wl1 * sign
        if self.wl2 > 0:
            self.dweights += 2 * self.wl2 * self.weights
        if self.bl1 > 0:
            sign = np.ones_like(self.biases)
            sign[self.biases < 0] = -1
            self.dbiases += self.bl1 * sign
        if self.bl2 > 0:
            self.dbiases += 2 * self.bl2 * self.biases
        self.dinputs = np.dot(dvalues, self.weights.T)


class ReLU:
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)

    def backward(self, dvalues):
        self.dinputs = dvalues.copy()
        self.dinputs[self.inputs <= 0] = 0


class Softmax:
    def forward(self, inputs):
        shifted = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        self.output = shifted / np.sum(shifted, axis=1, keepdims=True)


class Sigmoid:
    def forward(self, inputs):
        self.output = 1 / (1 + np.exp(-inputs))

    def backward(self, dvalues):
        self.dinputs = dvalues * (1 - self.output) * self.output


class CategoricalCrossEntropy:
    def calculate(self, output, y):
        return np.mean(self.forward(output, y))

    def forward(self, y_pred, y_true):
        clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        if len(y_true.shape) == 1:
            confidences = clipped[range(len(y_pred)), y_true]
        else:
            confidences = np.sum(clipped * y_true, axis=1)
        return -np.log(confidences)


class BinaryCrossEntropy:
    def calculate(self, output, y):
        return np.mean(self.forward(output, y))

    def forward(self, y_pred, y_true):
        clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        return np.mean(-(y_true * np.log(clipped) + (1 - y_true) * np.log(1 - clipped)), axis=-1)

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        outputs = len(dvalues[0])
        clipped = np.clip(dvalues, 1e-7, 1 - 1e-7)
        self.dinputs = -(y_true / clipped - (1 - y_true) / (1 - clipped)) / outputs
        self.dinputs = self.dinputs / samples


def regularization_loss(layer):
    loss = 0
    if layer.wl1 > 0:
        loss += layer.wl1 * np.sum(np.abs(layer.weights))
    if layer.wl2 > 0:
        loss += layer.wl2 * np.sum(layer.weights * layer.weights)
    if layer.bl1 > 0:
        loss += layer.bl1 * np.sum(np.abs(layer.biases))
    if layer.bl2 > 0:
        loss += layer.bl2 * np.sum(layer.biases * layer.biases)
    return loss


class SoftmaxCrossEntropy:
    def __init__(self):
        self.activation = Softmax()
        self.loss = CategoricalCrossEntropy()

    def forward(self, inputs, y_true):
        self.activation.forward(inputs)
        self.output = self.activation.output
        return self.loss.calculate(self.output, y_true)

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        self.dinputs = dvalues.copy()
        self.dinputs[range(samples), y_true] -= 1
        self.dinputs = self.dinputs / samples


class SGD:
    def __init__(self, learning_rate=1., decay=0., momentum=0.):
        self.learning_rate = learning_rate
        self.current_learning_rate = learning_rate
        self.decay = decay
        self.iterations = 0
        self.momentum = momentum

    def pre_update_params(self):
        if self.decay:
            self.current_learning_rate = self.learning_rate * (1. / (1. + self.decay * self.iterations))

    def update_params(self, layer):
        if self.momentum:
            if not hasattr(layer, 'weight_momentums'):
                layer.weight_momentums = np.zeros_like(layer.weights)
                layer.bias_momentums = np.zeros_like(layer.biases)
            weight_updates = self.momentum * layer.weight_momentums - self.current_learning_rate * layer.dweights
            layer.weight_momentums = weight_updates
            bias_updates = self.momentum * layer.bias_momentums - self.current_learning_rate * layer.dbiases
            layer.bias_momentums = bias_updates
        else:
            weight_updates = -self.current_learning_rate * layer.dweights
            bias_updates = -self.current_learning_rate * layer.dbiases
        layer.weights += weight_updates
        layer.biases += bias_updates

    def post_update_params(self):
        self.iterations += 1


class Adagrad(SGD):
    def __init__(self, learning_rate=1., decay=0., epsilon=1e-7):
        super().__init__(learning_rate, decay)
        self.epsilon = epsilon

    def update_params(self, layer):
        if not hasattr(layer, 'weight_cache'):
            layer.weight_cache = np.zeros_like(layer.weights)
            layer.bias_cache = np.zeros_like(layer.biases)
        layer.weight_cache += layer.dweights ** 2
        layer.bias_cache += layer.dbiases ** 2
        layer.weights += -self.current_learning_rate * layer.dweights / (np.sqrt(layer.weight_cache) + self.epsilon)
        layer.biases += -self.current_learning_rate * layer.dbiases / (np.sqrt(layer.bias_cache) + self.epsilon)


class RMSprop(SGD):
    def __init__(self, learning_rate=0.001, decay=0., epsilon=1e-7, rho=0.9):
        super().__init__(learning_rate, decay)
        self.epsilon = epsilon
        self.rho = rho

    def update_params(self, layer):
        if not hasattr(layer, 'weight_cache'):
            layer.weight_cache = np.zeros_like(layer.weights)
            layer.bias_cache = np.zeros_like(layer.biases)
        layer.weight_cache = self.rho * layer.weight_cache + (1 - self.rho) * layer.dweights ** 2
        layer.bias_cache = self.rho * layer.bias_cache + (1 - self.rho) * layer.dbiases ** 2
        layer.weights += -self.current_learning_rate * layer.dweights / (np.sqrt(layer.weight_cache) + self.epsilon)
        layer.biases += -self.current_learning_rate * layer.dbiases / (np.sqrt(layer.bias_cache) + self.epsilon)


class Dropout:
    def __init__(self, rate):
        self.rate = 1 - rate

    def forward(self, inputs, training=True):
        if not training:
            self.output = inputs.copy()
            return
        self.binary_mask = np.random.binomial(1, self.rate, size=inputs.shape) / self.rate
        self.output = inputs * self.binary_mask

    def backward(self, dvalues):
        self.dinputs = dvalues * self.binary_mask


class Adam:
    def __init__(self, learning_rate=0.001, decay=0., epsilon=1e-7, beta_1=0.9, beta_2=0.999):
        self.learning_rate = learning_rate
        self.current_learning_rate = learning_rate
        self.decay = decay
        self.iterations = 0
        self.epsilon = epsilon
        self.beta_1 = beta_1
        self.beta_2 = beta_2

    def pre_update_params(self):
        if self.decay:
            self.current_learning_rate = self.learning_rate * (1. / (1. + self.decay * self.iterations))

    def update_params(self, layer):
        if not hasattr(layer, 'weight_cache'):
            layer.weight_momentums = np.zeros_like(layer.weights)
            layer.weight_cache = np.zeros_like(layer.weights)
            layer.bias_momentums = np.zeros_like(layer.biases)
            layer.bias_cache = np.zeros_like(layer.biases)
        layer.weight_momentums = self.beta_1 * layer.weight_momentums + (1 - self.beta_1) * layer.dweights
        layer.bias_momentums = self.beta_1 * layer.bias_momentums + (1 - self.beta_1) * layer.dbiases
        weight_momentums_corrected = layer.weight_momentums / (1 - self.beta_1 ** (self.iterations + 1))
        bias_momentums_corrected = layer.bias_momentums / (1 - self.beta_1 ** (self.iterations + 1))
        layer.weight_cache = self.beta_2 * layer.weight_cache + (1 - self.beta_2) * layer.dweights ** 2
        layer.bias_cache = self.beta_2 * layer.bias_cache + (1 - self.beta_2) * layer.dbiases ** 2
        weight_cache_corrected = layer.weight_cache / (1 - self.beta_2 ** (self.iterations + 1))
        bias_cache_corrected = layer.bias_cache / (1 - self.beta_2 ** (self.iterations + 1))
        layer.weights += -self.current_learning_rate * weight_momentums_corrected / \
            (np.sqrt(weight_cache_corrected) + self.epsilon)
        layer.biases += -self.current_learning_rate * bias_momentums_corrected / \
            (np.sqrt(bias_cache_corrected) + self.epsilon)

    def post_update_params(self):
        self.iterations += 1


def accuracy(output, y):
    return np.mean(np.argmax(output, axis=1) == y)


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
    dense1 = Dense(2, 3)
    dense1.forward(X)
    print(dense1.output[:5])


def forward_two_layers():
    X, y = spiral_data(100, 3)
    dense1 = Dense(2, 3)
    activation1 = ReLU()
    dense2 = Dense(3, 3)
    activation2 = Softmax()
    dense1.forward(X)
    activation1.forward(dense1.output)
    dense2.forward(activation1.output)
    activation2.forward(dense2.output)
    return X, y, activation2


def chapter4():
    init()
    _, _, activation2 = forward_two_layers()
    print(activation2.output[:5])


def chapter5():
    init()
    _, y, activation2 = forward_two_layers()
    print(activation2.output[:5])
    loss = CategoricalCrossEntropy().calculate(activation2.output, y)
    print('loss:', loss)
    print('acc:', accuracy(activation2.output, y))


def random_search(data, adjust, iterations):
    init()
    X, y = data(100, 3)
    dense1 = Dense(2, 3)
    activation1 = ReLU()
    dense2 = Dense(3, 3)
    activation2 = Softmax()
    loss_function = CategoricalCrossEntropy()
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
    print(_orig_dot(dvalues, weights.T))
    print(_orig_dot(inputs.T, dvalues))
    print(np.sum(dvalues, axis=0, keepdims=True))
    z = np.array([[1, 2, -3, -4], [2, -7, -1, 3], [-1, 2, 5, -1]])
    dvalues = np.array([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]])
    drelu = dvalues.copy()
    drelu[z <= 0] = 0
    print(drelu)

    # forward, ReLU, backward with dvalues = the ReLU outputs, one SGD step of 0.001
    layer_outputs = _orig_dot(inputs, weights) + biases
    relu_outputs = np.maximum(0, layer_outputs)
    drelu = relu_outputs.copy()
    drelu[layer_outputs <= 0] = 0
    dweights = _orig_dot(inputs.T, drelu)
    dbiases = np.sum(drelu, axis=0, keepdims=True)
    weights += -0.001 * dweights
    biases += -0.001 * dbiases
    print(weights)
    print(biases)

    # the chapter's final code
    init()
    X, y = spiral_data(100, 3)
    dense1 = Dense(2, 3)
    activation1 = ReLU()
    dense2 = Dense(3, 3)
    loss_activation = SoftmaxCrossEntropy()
    dense1.forward(X)
    activation1.forward(dense1.output)
    dense2.forward(activation1.output)
    loss = loss_activation.forward(dense2.output, y)
    print(loss_activation.output[:5])
    print('loss:', loss)
    print('acc:', accuracy(loss_activation.output, y))
    loss_activation.backward(loss_activation.output, y)
    dense2.backward(loss_activation.dinputs)
    activation1.backward(dense2.dinputs)
    dense1.backward(activation1.dinputs)
    print(dense1.dweights)
    print(dense1.dbiases)
    print(dense2.dweights)
    print(dense2.dbiases)


OPTIMIZERS = [lambda: SGD(), lambda: SGD(learning_rate=0.85), lambda: SGD(decay=1e-2), lambda: SGD(decay=1e-3),
              lambda: SGD(decay=1e-3, momentum=0.5), lambda: SGD(decay=1e-3, momentum=0.9),
              lambda: Adagrad(decay=1e-4), lambda: RMSprop(decay=1e-4),
              lambda: RMSprop(learning_rate=0.02, decay=1e-5, rho=0.999),
              lambda: Adam(learning_rate=0.02, decay=1e-5), lambda: Adam(learning_rate=0.05, decay=5e-7)]


def train(X, y, layers, loss_function, optimizer, accuracy_of, last_epoch, report_regularization, softmax_loss):
    """The chapters 10-17 loop (NNFS-SPEC 2.7); layers may hold a Dropout."""
    dense_layers = [layer for layer in layers if isinstance(layer, Dense)]
    for epoch in range(last_epoch + 1):
        inputs = X
        for layer in layers:
            layer.forward(inputs)
            inputs = layer.output
        if softmax_loss:
            data_loss = loss_function.forward(inputs, y)
            output = loss_function.output
        else:
            data_loss = loss_function.calculate(inputs, y)
            output = inputs
        acc = accuracy_of(output, y)
        if not epoch % 100:
            if report_regularization:
                reg_loss = sum(regularization_loss(layer) for layer in dense_layers)
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
    inputs = X
    for layer in layers:
        if isinstance(layer, Dropout):
            continue
        layer.forward(inputs)
        inputs = layer.output
    if softmax_loss:
        loss = loss_function.forward(inputs, y)
        output = loss_function.output
    else:
        loss = loss_function.calculate(inputs, y)
        output = inputs
    print(f'validation, acc: {accuracy_of(output, y):.3f}, loss: {loss:.3f}')


def binary_accuracy(output, y):
    return np.mean((output > 0.5) * 1 == y)


def spiral_classifier(chapter, last_epoch, optimizer_index=None):
    init()
    X, y = spiral_data(1000 if chapter == 15 else 100, 3)
    regularized = chapter >= 14
    dense1 = Dense(2, 64, wl2=5e-4, bl2=5e-4) if regularized else Dense(2, 64)
    layers = [dense1, ReLU()] + ([Dropout(0.1)] if chapter == 15 else []) + [Dense(64, 3)]
    optimizer = {10: lambda: OPTIMIZERS[optimizer_index - 1](), 11: lambda: Adam(learning_rate=0.05, decay=5e-7),
                 14: lambda: Adam(learning_rate=0.02, decay=5e-7), 15: lambda: Adam(learning_rate=0.05, decay=5e-5)}[chapter]()
    loss = SoftmaxCrossEntropy()
    train(X, y, layers, loss, optimizer, accuracy, last_epoch, regularized, True)
    if chapter != 10:
        X_test, y_test = spiral_data(100, 3)
        validate(X_test, y_test, layers, loss, accuracy, True)


def chapter16(last_epoch):
    init()
    X, y = spiral_data(100, 2)
    y = y.reshape(-1, 1)
    layers = [Dense(2, 64, wl2=5e-4, bl2=5e-4), ReLU(), Dense(64, 1), Sigmoid()]
    loss = BinaryCrossEntropy()
    train(X, y, layers, loss, Adam(decay=5e-7), binary_accuracy, last_epoch, True, False)
    X_test, y_test = spiral_data(100, 2)
    validate(X_test, y_test.reshape(-1, 1), layers, loss, binary_accuracy, False)


CHAPTERS = {'2': chapter2, '3': chapter3, '4': chapter4, '5': chapter5, '6': chapter6, '7': chapter7,
            '8': chapter8, '9': chapter9}

if __name__ == '__main__':
    # book_numpy.py CHAPTER [LAST_EPOCH] [OPTIMIZER_INDEX]   (the last two for chapters 10-16)
    chapter = sys.argv[1]
    if chapter in CHAPTERS:
        CHAPTERS[chapter]()
    elif chapter == '16':
        chapter16(int(sys.argv[2]))
    else:
        spiral_classifier(int(chapter), int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else None)
