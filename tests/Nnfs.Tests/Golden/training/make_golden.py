#!/usr/bin/python3
"""NumPy reference runs of the book's Model (chapter 18 full batch, chapter 19 batches) for the Model's golden tests.

The book's classes are re-implemented minimally under the semantics of nnfs.init() (NNFS-SPEC.md sections 1, 2.6):
float32 arrays, np.dot through float64 rounded to float32, randn rounded to float32, seed 0.
Regenerate from this folder (numpy 1.24.2):

  /usr/bin/python3 make_golden.py binary18 > binary18.txt
  /usr/bin/python3 make_golden.py spiral19 > spiral19.txt

The script re-executes itself in the "libm environment" of NNFS-SPEC.md section 0 (NPY_DISABLE_CPU_FEATURES set to
every dispatched SIMD feature of this CPU) so float32 exp/log are glibc's correctly rounded expf/logf.
"""
import os
import sys

if 'NPY_DISABLE_CPU_FEATURES' not in os.environ:
    from numpy.core._multiarray_umath import __cpu_baseline__, __cpu_dispatch__, __cpu_features__
    os.environ['NPY_DISABLE_CPU_FEATURES'] = ' '.join(
        f for f in __cpu_dispatch__ if __cpu_features__.get(f) and f not in __cpu_baseline__)
    os.execv(sys.executable, [sys.executable] + sys.argv)

import numpy as np

# nnfs.init(): the dot workaround, float32 defaults, seed 0.
_dot, _zeros, _randn = np.dot, np.zeros, np.random.randn
np.dot = lambda *a, **k: _dot(*[x.astype('float64') for x in a], **k).astype('float32')
np.zeros = lambda *a, **k: _zeros(*a, **({'dtype': 'float32', **k} if len(a) <= 1 and 'dtype' not in k else k))
np.random.randn = lambda *a: _randn(*a).astype('float32')
np.random.seed(0)


def spiral_data(samples, classes):
    X = np.zeros((samples * classes, 2))
    y = np.zeros(samples * classes, dtype='uint8')
    for c in range(classes):
        ix = range(samples * c, samples * (c + 1))
        r = np.linspace(0.0, 1, samples)
        t = np.linspace(c * 4, (c + 1) * 4, samples) + np.random.randn(samples) * 0.2
        X[ix] = np.c_[r * np.sin(t * 2.5), r * np.cos(t * 2.5)]
        y[ix] = c
    return X, y


class Dense:
    def __init__(self, n_in, n_out, l2w=0., l2b=0.):
        self.weights = 0.01 * np.random.randn(n_in, n_out)
        self.biases = np.zeros((1, n_out))
        self.l2w, self.l2b = l2w, l2b

    def forward(self, inputs, training):
        self.inputs = inputs
        self.output = np.dot(inputs, self.weights) + self.biases

    def backward(self, dvalues):
        self.dweights = np.dot(self.inputs.T, dvalues)
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
        if self.l2w > 0:
            self.dweights += 2 * self.l2w * self.weights
        if self.l2b > 0:
            self.dbiases += 2 * self.l2b * self.biases
        self.dinputs = np.dot(dvalues, self.weights.T)


class ReLU:
    def forward(self, inputs, training):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)

    def backward(self, dvalues):
        self.dinputs = dvalues.copy()
        self.dinputs[self.inputs <= 0] = 0

    def predictions(self, outputs):
        return outputs


class Sigmoid:
    def forward(self, inputs, training):
        self.output = 1 / (1 + np.exp(-inputs))

    def backward(self, dvalues):
        self.dinputs = dvalues * (1 - self.output) * self.output

    def predictions(self, outputs):
        return (outputs > 0.5) * 1


class Softmax:
    def forward(self, inputs, training):
        e = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        self.output = e / np.sum(e, axis=1, keepdims=True)

    def predictions(self, outputs):
        return np.argmax(outputs, axis=1)


class Loss:
    def remember_trainable_layers(self, layers):
        self.trainable_layers = layers

    def regularization_loss(self):
        total = 0
        for layer in self.trainable_layers:
            if layer.l2w > 0:
                total += layer.l2w * np.sum(layer.weights * layer.weights)
            if layer.l2b > 0:
                total += layer.l2b * np.sum(layer.biases * layer.biases)
        return total

    def calculate(self, output, y, include_regularization=False):
        sample_losses = self.forward(output, y)
        data_loss = np.mean(sample_losses)
        self.accumulated_sum += np.sum(sample_losses)
        self.accumulated_count += len(sample_losses)
        if not include_regularization:
            return data_loss
        return data_loss, self.regularization_loss()

    def calculate_accumulated(self, include_regularization=False):
        data_loss = self.accumulated_sum / self.accumulated_count
        if not include_regularization:
            return data_loss
        return data_loss, self.regularization_loss()

    def new_pass(self):
        self.accumulated_sum = 0
        self.accumulated_count = 0


class CategoricalCrossentropy(Loss):
    def forward(self, y_pred, y_true):
        clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        return -np.log(clipped[range(len(y_pred)), y_true])


class BinaryCrossentropy(Loss):
    def forward(self, y_pred, y_true):
        p = np.clip(y_pred, 1e-7, 1 - 1e-7)
        return np.mean(-(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)), axis=-1)

    def backward(self, dvalues, y_true):
        samples, outputs = len(dvalues), len(dvalues[0])
        p = np.clip(dvalues, 1e-7, 1 - 1e-7)
        self.dinputs = -(y_true / p - (1 - y_true) / (1 - p)) / outputs
        self.dinputs = self.dinputs / samples


class SoftmaxCrossentropyGradient:
    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        self.dinputs = dvalues.copy()
        self.dinputs[range(samples), y_true] -= 1
        self.dinputs = self.dinputs / samples


class CategoricalAccuracy:
    def __init__(self, binary=False):
        self.binary = binary

    def calculate(self, predictions, y):
        comparisons = predictions == y
        self.accumulated_sum += np.sum(comparisons)
        self.accumulated_count += len(comparisons)
        return np.mean(comparisons)

    def calculate_accumulated(self):
        return self.accumulated_sum / self.accumulated_count

    def new_pass(self):
        self.accumulated_sum = 0
        self.accumulated_count = 0


class Adam:
    def __init__(self, learning_rate=0.001, decay=0., epsilon=1e-7, beta_1=0.9, beta_2=0.999):
        self.learning_rate = self.current_learning_rate = learning_rate
        self.decay, self.iterations = decay, 0
        self.epsilon, self.beta_1, self.beta_2 = epsilon, beta_1, beta_2

    def pre_update_params(self):
        if self.decay:
            self.current_learning_rate = self.learning_rate * (1. / (1. + self.decay * self.iterations))

    def update_params(self, layer):
        if not hasattr(layer, 'weight_cache'):
            layer.weight_momentums = np.zeros_like(layer.weights)
            layer.weight_cache = np.zeros_like(layer.weights)
            layer.bias_momentums = np.zeros_like(layer.biases)
            layer.bias_cache = np.zeros_like(layer.biases)
        t = self.iterations + 1
        for p, m, c, g in (('weights', 'weight_momentums', 'weight_cache', 'dweights'),
                           ('biases', 'bias_momentums', 'bias_cache', 'dbiases')):
            grad = getattr(layer, g)
            setattr(layer, m, self.beta_1 * getattr(layer, m) + (1 - self.beta_1) * grad)
            m_hat = getattr(layer, m) / (1 - self.beta_1 ** t)
            setattr(layer, c, self.beta_2 * getattr(layer, c) + (1 - self.beta_2) * grad ** 2)
            c_hat = getattr(layer, c) / (1 - self.beta_2 ** t)
            getattr(layer, p)[...] += -self.current_learning_rate * m_hat / (np.sqrt(c_hat) + self.epsilon)

    def post_update_params(self):
        self.iterations += 1


class Model:
    def __init__(self, layers, loss, optimizer, accuracy):
        self.layers, self.loss, self.optimizer, self.accuracy = layers, loss, optimizer, accuracy
        self.trainable = [layer for layer in layers if hasattr(layer, 'weights')]
        loss.remember_trainable_layers(self.trainable)
        self.fused = SoftmaxCrossentropyGradient() if isinstance(layers[-1], Softmax) and \
            isinstance(loss, CategoricalCrossentropy) else None

    def forward(self, X, training):
        out = X
        for layer in self.layers:
            layer.forward(out, training)
            out = layer.output
        return out

    def backward(self, output, y):
        if self.fused is not None:
            self.fused.backward(output, y)
            d = self.fused.dinputs
            layers = self.layers[:-1]
        else:
            self.loss.backward(output, y)
            d = self.loss.dinputs
            layers = self.layers
        for layer in reversed(layers):
            layer.backward(d)
            d = layer.dinputs

    def step(self, X, y):
        output = self.forward(X, training=True)
        data_loss, reg_loss = self.loss.calculate(output, y, include_regularization=True)
        accuracy = self.accuracy.calculate(self.layers[-1].predictions(output), y)
        self.backward(output, y)
        self.optimizer.pre_update_params()
        for layer in self.trainable:
            self.optimizer.update_params(layer)
        self.optimizer.post_update_params()
        return accuracy, data_loss, reg_loss

    def train18(self, X, y, epochs, print_every, validation_data):
        """Chapter 18: full batch, a line every print_every epochs (1-based), one validation at the end."""
        for epoch in range(1, epochs + 1):
            self.loss.new_pass()
            self.accuracy.new_pass()
            accuracy, data_loss, reg_loss = self.step(X, y)
            if not epoch % print_every:
                print(f'epoch: {epoch}, acc: {accuracy:.3f}, loss: {data_loss + reg_loss:.3f} (data_loss: {data_loss:.3f}, '
                      f'reg_loss: {reg_loss:.3f}), lr: {self.optimizer.current_learning_rate}')
        X_val, y_val = validation_data
        self.loss.new_pass()
        self.accuracy.new_pass()
        output = self.forward(X_val, training=False)
        loss = self.loss.calculate(output, y_val)
        accuracy = self.accuracy.calculate(self.layers[-1].predictions(output), y_val)
        print(f'validation, acc: {accuracy:.3f}, loss: {loss:.3f}')

    def train19(self, X, y, epochs, batch_size, print_every, validation_data):
        """Chapter 19: batches in data order, step lines, the epoch's training line and a validation per epoch."""
        steps = len(X) // batch_size
        if steps * batch_size < len(X):
            steps += 1
        for epoch in range(1, epochs + 1):
            print(f'epoch: {epoch}')
            self.loss.new_pass()
            self.accuracy.new_pass()
            for step in range(steps):
                bx, by = X[step * batch_size:(step + 1) * batch_size], y[step * batch_size:(step + 1) * batch_size]
                accuracy, data_loss, reg_loss = self.step(bx, by)
                if not step % print_every or step == steps - 1:
                    print(f'step: {step}, acc: {accuracy:.3f}, loss: {data_loss + reg_loss:.3f} (data_loss: {data_loss:.3f}, '
                          f'reg_loss: {reg_loss:.3f}), lr: {self.optimizer.current_learning_rate}')
            data_loss, reg_loss = self.loss.calculate_accumulated(include_regularization=True)
            accuracy = self.accuracy.calculate_accumulated()
            print(f'training, acc: {accuracy:.3f}, loss: {data_loss + reg_loss:.3f} (data_loss: {data_loss:.3f}, '
                  f'reg_loss: {reg_loss:.3f}), lr: {self.optimizer.current_learning_rate}')
            self.evaluate(*validation_data, batch_size)

    def evaluate(self, X, y, batch_size):
        steps = len(X) // batch_size
        if steps * batch_size < len(X):
            steps += 1
        self.loss.new_pass()
        self.accuracy.new_pass()
        for step in range(steps):
            bx, by = X[step * batch_size:(step + 1) * batch_size], y[step * batch_size:(step + 1) * batch_size]
            output = self.forward(bx, training=False)
            self.loss.calculate(output, by)
            self.accuracy.calculate(self.layers[-1].predictions(output), by)
        print(f'validation, acc: {self.accuracy.calculate_accumulated():.3f}, loss: {self.loss.calculate_accumulated():.3f}')


def binary18():
    """Chapter 18's binary example (test data drawn before the model), 600 epochs."""
    X, y = spiral_data(100, 2)
    X_test, y_test = spiral_data(100, 2)
    y, y_test = y.reshape(-1, 1), y_test.reshape(-1, 1)
    layers = [Dense(2, 64, l2w=5e-4, l2b=5e-4), ReLU(), Dense(64, 1), Sigmoid()]
    model = Model(layers, BinaryCrossentropy(), Adam(decay=5e-7), CategoricalAccuracy(binary=True))
    model.train18(X, y, epochs=600, print_every=100, validation_data=(X_test, y_test))


def spiral19():
    """Chapter 19's batched training on spiral(100, 3) with softmax + cross-entropy, 3 epochs of 5 batches."""
    X, y = spiral_data(100, 3)
    X_test, y_test = spiral_data(50, 3)
    layers = [Dense(2, 64, l2w=5e-4, l2b=5e-4), ReLU(), Dense(64, 3), Softmax()]
    model = Model(layers, CategoricalCrossentropy(), Adam(learning_rate=0.05, decay=5e-5), CategoricalAccuracy())
    model.train19(X, y, epochs=3, batch_size=64, print_every=2, validation_data=(X_test, y_test))


if __name__ == '__main__':
    {'binary18': binary18, 'spiral19': spiral19}[sys.argv[1]]()
