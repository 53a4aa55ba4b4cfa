#!/usr/bin/python3
"""NumPy reference for `nnfs book CHAPTER`: the book's chapter examples re-implemented with NumPy 1.24.2 under the
semantics of nnfs.init() (NNFS-SPEC.md section 1), printing what the book's Python prints.

Regenerate the golden files (from this folder):

  for c in 2 3 4 5 6 7 8 9 16; do /usr/bin/python3 book_numpy.py $c > chapter$c.txt; done

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


def chapter16(epochs=601):
    init()
    X, y = spiral_data(100, 2)
    y = y.reshape(-1, 1)
    dense1 = Dense(2, 64, wl2=5e-4, bl2=5e-4)
    activation1 = ReLU()
    dense2 = Dense(64, 1)
    activation2 = Sigmoid()
    loss_function = BinaryCrossEntropy()
    optimizer = Adam(decay=5e-7)
    for epoch in range(epochs):
        dense1.forward(X)
        activation1.forward(dense1.output)
        dense2.forward(activation1.output)
        activation2.forward(dense2.output)
        data_loss = loss_function.calculate(activation2.output, y)
        reg_loss = regularization_loss(dense1) + regularization_loss(dense2)
        loss = data_loss + reg_loss
        predictions = (activation2.output > 0.5) * 1
        acc = np.mean(predictions == y)
        if not epoch % 100:
            print(f'epoch: {epoch}, acc: {acc:.3f}, loss: {loss:.3f} (data_loss: {data_loss:.3f}, '
                  f'reg_loss: {reg_loss:.3f}), lr: {optimizer.current_learning_rate}')
        loss_function.backward(activation2.output, y)
        activation2.backward(loss_function.dinputs)
        dense2.backward(activation2.dinputs)
        activation1.backward(dense2.dinputs)
        dense1.backward(activation1.dinputs)
        optimizer.pre_update_params()
        optimizer.update_params(dense1)
        optimizer.update_params(dense2)
        optimizer.post_update_params()


CHAPTERS = {'2': chapter2, '3': chapter3, '4': chapter4, '5': chapter5, '6': chapter6, '7': chapter7,
            '8': chapter8, '9': chapter9, '16': chapter16}

if __name__ == '__main__':
    CHAPTERS[sys.argv[1]]()
