"""The NumPy reference the golden-value scripts share: the book's code (*Neural Networks from Scratch in Python*) and
the nnfs package's init() and data sets (docs/numerics.md), re-implemented for NumPy 1.24.2 (Debian's python3-numpy,
/usr/bin/python3).

It holds
* libm_environment(): re-executes the calling script in the "libm environment" (docs/numerics.md, "The reference");
* init(): what nnfs.init() of the nnfs package v0.5.1 does (docs/numerics.md, "nnfs.init()"), so the pip package is
  not needed;
* spiral_data, vertical_data, sine_data: the nnfs v0.5.1 data sets (docs/numerics.md, "Data sets");
* the book's final classes (chapter 22's code) with the book's names and signatures: Layer_Dense, Layer_Dropout, Layer_Input,
  the activations, the losses, the four optimizers, the accuracies and Model (training and evaluation only; no
  parameters, save, load or predict);
* the example network of chapters 4-9, which several scripts run: chapter4_network(), chapter9_network();
* small helpers for the scripts: accuracy() as chapters 4-17 compute it inline, read_idx(), find_shared().

Deliberate differences from the book, none of which changes a computed value:
* forward(inputs, training=False): the chapters before 18 call forward(inputs), which the default keeps working. Their
  Layer_Dropout always drops, so a training loop of those chapters passes training=True explicitly.
* Activation_Softmax_Loss_CategoricalCrossentropy is the chapter 9-17 version (it owns a softmax and a loss and has
  forward) with the final backward (one-hot labels accepted).
* Loss.regularization_loss(layer=None): the chapter 14-17 form regularization_loss(layer) and the final form over the
  remembered trainable layers. Loss and Accuracy start with empty accumulators, so calculate() works before new_pass().
* Model.step() is one step of the book's Model.train loop, exposed for the chapter 18 loop and for partial runs.

A script imports this file with the Golden folder on sys.path:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
    import nnfs_ref
"""
import gzip
import os
import sys
from types import SimpleNamespace

import numpy as np
from numpy.core._multiarray_umath import __cpu_baseline__, __cpu_dispatch__, __cpu_features__


# ---------------------------------------------------------------- the libm environment (docs/numerics.md, "The reference")
def libm_environment():
    """Makes float32 np.exp/np.log call glibc's expf/logf, as the spec's computed values were made.

    Unless NPY_DISABLE_CPU_FEATURES is already set, re-executes the running script with every SIMD feature NumPy
    dispatches to on this CPU beyond its baseline disabled (for example "SSSE3 SSE41 POPCNT SSE42 AVX F16C FMA3 AVX2").
    Then refuses to go on if an AVX or FMA feature is still enabled. Call it before computing anything.
    """
    if 'NPY_DISABLE_CPU_FEATURES' not in os.environ:
        os.environ['NPY_DISABLE_CPU_FEATURES'] = ' '.join(
            f for f in __cpu_dispatch__ if __cpu_features__.get(f) and f not in __cpu_baseline__)
        os.execv(sys.executable, [sys.executable] + sys.argv)
    # Only the features NumPy dispatches to matter: with AVX512F off, sub-features such as AVX512VL stay reported but
    # no loop can use them.
    enabled = [k for k in __cpu_dispatch__ if __cpu_features__.get(k) and k.startswith(('AVX', 'FMA'))]
    if enabled:
        sys.exit(f"not in the libm environment: NPY_DISABLE_CPU_FEATURES leaves {enabled} enabled (unset it)")


# ---------------------------------------------------------------- nnfs.init() (docs/numerics.md, "nnfs.init()")
original_dot = np.dot
_original_zeros = np.zeros
_original_eye = np.eye
_original_randn = np.random.randn


def _dot(*args, **kwargs):
    return original_dot(*[a.astype('float64') for a in args], **kwargs).astype('float32')


def _zeros(*args, **kwargs):
    if len(args) <= 1 and 'dtype' not in kwargs:
        kwargs['dtype'] = 'float32'
    return _original_zeros(*args, **kwargs)


def _eye(*args, **kwargs):
    if len(args) <= 1 and 'dtype' not in kwargs:
        kwargs['dtype'] = 'float32'
    return _original_eye(*args, **kwargs)


def _randn(*args, **kwargs):
    return _original_randn(*args, **kwargs).astype('float32')


def init(random_seed=0):
    """nnfs.init(): np.dot through float64 rounded to float32, float32 np.zeros/np.eye/np.random.randn, then
    np.random.seed(random_seed). Calling it again only re-seeds (the wrappers always wrap NumPy's originals)."""
    np.dot = _dot
    np.zeros = _zeros
    np.eye = _eye
    np.random.randn = _randn
    np.random.seed(random_seed)


# ---------------------------------------------------------------- data sets (docs/numerics.md, "Data sets")
def spiral_data(samples, classes):
    X = np.zeros((samples * classes, 2))
    y = np.zeros(samples * classes, dtype='uint8')
    for class_number in range(classes):
        ix = range(samples * class_number, samples * (class_number + 1))
        r = np.linspace(0.0, 1, samples)
        t = np.linspace(class_number * 4, (class_number + 1) * 4, samples) + np.random.randn(samples) * 0.2
        X[ix] = np.c_[r * np.sin(t * 2.5), r * np.cos(t * 2.5)]
        y[ix] = class_number
    return X, y


def vertical_data(samples, classes):
    X = np.zeros((samples * classes, 2))
    y = np.zeros(samples * classes, dtype='uint8')
    for class_number in range(classes):
        ix = range(samples * class_number, samples * (class_number + 1))
        X[ix] = np.c_[np.random.randn(samples) * .1 + class_number / 3, np.random.randn(samples) * .1 + 0.5]
        y[ix] = class_number
    return X, y


def sine_data(samples=1000):
    X = np.arange(samples).reshape(-1, 1) / samples
    y = np.sin(2 * np.pi * X).reshape(-1, 1)
    return X, y


def read_idx(path):
    """An IDX file (plain, or gzip when the name ends in .gz or only PATH.gz exists) as a uint8 array of its shape."""
    opener = gzip.open if path.endswith('.gz') else open
    if not os.path.exists(path):
        path, opener = path + '.gz', gzip.open
    with opener(path, 'rb') as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], 'big') for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find_shared(*parts):
    """<ancestor>/shared/PARTS for the nearest ancestor of this folder that has it (the peers, the data sets)."""
    d = os.path.dirname(os.path.abspath(__file__))
    while True:
        candidate = os.path.join(d, 'shared', *parts)
        if os.path.exists(candidate):
            return candidate
        parent = os.path.dirname(d)
        if parent == d:
            sys.exit(f"shared/{'/'.join(parts)} not found above {os.path.dirname(os.path.abspath(__file__))}")
        d = parent


# ---------------------------------------------------------------- layers (the book's chapter 22 code)
class Layer_Dense:
    def __init__(self, n_inputs, n_neurons, weight_regularizer_l1=0, weight_regularizer_l2=0,
                 bias_regularizer_l1=0, bias_regularizer_l2=0):
        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))
        self.weight_regularizer_l1 = weight_regularizer_l1
        self.weight_regularizer_l2 = weight_regularizer_l2
        self.bias_regularizer_l1 = bias_regularizer_l1
        self.bias_regularizer_l2 = bias_regularizer_l2

    def forward(self, inputs, training=False):
        self.inputs = inputs
        self.output = np.dot(inputs, self.weights) + self.biases

    def backward(self, dvalues):
        self.dweights = np.dot(self.inputs.T, dvalues)
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
        if self.weight_regularizer_l1 > 0:
            dL1 = np.ones_like(self.weights)
            dL1[self.weights < 0] = -1
            self.dweights += self.weight_regularizer_l1 * dL1
        if self.weight_regularizer_l2 > 0:
            self.dweights += 2 * self.weight_regularizer_l2 * self.weights
        if self.bias_regularizer_l1 > 0:
            dL1 = np.ones_like(self.biases)
            dL1[self.biases < 0] = -1
            self.dbiases += self.bias_regularizer_l1 * dL1
        if self.bias_regularizer_l2 > 0:
            self.dbiases += 2 * self.bias_regularizer_l2 * self.biases
        self.dinputs = np.dot(dvalues, self.weights.T)


class Layer_Dropout:
    def __init__(self, rate):
        self.rate = 1 - rate

    def forward(self, inputs, training=False):
        self.inputs = inputs
        if not training:
            self.output = inputs.copy()
            return
        self.binary_mask = np.random.binomial(1, self.rate, size=inputs.shape) / self.rate
        self.output = inputs * self.binary_mask

    def backward(self, dvalues):
        self.dinputs = dvalues * self.binary_mask


class Layer_Input:
    def forward(self, inputs, training=False):
        self.output = inputs


# ---------------------------------------------------------------- activations (the book's chapter 22 code)
class Activation_ReLU:
    def forward(self, inputs, training=False):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)

    def backward(self, dvalues):
        self.dinputs = dvalues.copy()
        self.dinputs[self.inputs <= 0] = 0

    def predictions(self, outputs):
        return outputs


class Activation_Softmax:
    def forward(self, inputs, training=False):
        self.inputs = inputs
        exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        self.output = exp_values / np.sum(exp_values, axis=1, keepdims=True)

    def backward(self, dvalues):
        self.dinputs = np.empty_like(dvalues)
        for index, (single_output, single_dvalues) in enumerate(zip(self.output, dvalues)):
            single_output = single_output.reshape(-1, 1)
            jacobian_matrix = np.diagflat(single_output) - np.dot(single_output, single_output.T)
            self.dinputs[index] = np.dot(jacobian_matrix, single_dvalues)

    def predictions(self, outputs):
        return np.argmax(outputs, axis=1)


class Activation_Sigmoid:
    def forward(self, inputs, training=False):
        self.inputs = inputs
        self.output = 1 / (1 + np.exp(-inputs))

    def backward(self, dvalues):
        self.dinputs = dvalues * (1 - self.output) * self.output

    def predictions(self, outputs):
        return (outputs > 0.5) * 1


class Activation_Linear:
    def forward(self, inputs, training=False):
        self.inputs = inputs
        self.output = inputs

    def backward(self, dvalues):
        self.dinputs = dvalues.copy()

    def predictions(self, outputs):
        return outputs


# ---------------------------------------------------------------- losses (the book's chapter 22 code)
class Loss:
    accumulated_sum = 0
    accumulated_count = 0
    trainable_layers = ()

    def remember_trainable_layers(self, trainable_layers):
        self.trainable_layers = trainable_layers

    def regularization_loss(self, layer=None):
        """The chapter 14-17 form regularization_loss(layer), or (no argument) the final form over the layers given to
        remember_trainable_layers; the terms are added in the book's order."""
        regularization_loss = 0
        for trainable in self.trainable_layers if layer is None else [layer]:
            if trainable.weight_regularizer_l1 > 0:
                regularization_loss += trainable.weight_regularizer_l1 * np.sum(np.abs(trainable.weights))
            if trainable.weight_regularizer_l2 > 0:
                regularization_loss += trainable.weight_regularizer_l2 * np.sum(trainable.weights * trainable.weights)
            if trainable.bias_regularizer_l1 > 0:
                regularization_loss += trainable.bias_regularizer_l1 * np.sum(np.abs(trainable.biases))
            if trainable.bias_regularizer_l2 > 0:
                regularization_loss += trainable.bias_regularizer_l2 * np.sum(trainable.biases * trainable.biases)
        return regularization_loss

    def calculate(self, output, y, *, include_regularization=False):
        sample_losses = self.forward(output, y)
        data_loss = np.mean(sample_losses)
        self.accumulated_sum += np.sum(sample_losses)
        self.accumulated_count += len(sample_losses)
        if not include_regularization:
            return data_loss
        return data_loss, self.regularization_loss()

    def calculate_accumulated(self, *, include_regularization=False):
        data_loss = self.accumulated_sum / self.accumulated_count
        if not include_regularization:
            return data_loss
        return data_loss, self.regularization_loss()

    def new_pass(self):
        self.accumulated_sum = 0
        self.accumulated_count = 0


class Loss_CategoricalCrossentropy(Loss):
    def forward(self, y_pred, y_true):
        samples = len(y_pred)
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        if len(y_true.shape) == 1:
            correct_confidences = y_pred_clipped[range(samples), y_true]
        else:
            correct_confidences = np.sum(y_pred_clipped * y_true, axis=1)
        return -np.log(correct_confidences)

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        labels = len(dvalues[0])
        if len(y_true.shape) == 1:
            y_true = np.eye(labels)[y_true]
        self.dinputs = -y_true / dvalues
        self.dinputs = self.dinputs / samples


class Activation_Softmax_Loss_CategoricalCrossentropy:
    def __init__(self):
        self.activation = Activation_Softmax()
        self.loss = Loss_CategoricalCrossentropy()

    def forward(self, inputs, y_true):
        self.activation.forward(inputs)
        self.output = self.activation.output
        return self.loss.calculate(self.output, y_true)

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        if len(y_true.shape) == 2:
            y_true = np.argmax(y_true, axis=1)
        self.dinputs = dvalues.copy()
        self.dinputs[range(samples), y_true] -= 1
        self.dinputs = self.dinputs / samples


class Loss_BinaryCrossentropy(Loss):
    def forward(self, y_pred, y_true):
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        sample_losses = -(y_true * np.log(y_pred_clipped) + (1 - y_true) * np.log(1 - y_pred_clipped))
        return np.mean(sample_losses, axis=-1)

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        outputs = len(dvalues[0])
        clipped_dvalues = np.clip(dvalues, 1e-7, 1 - 1e-7)
        self.dinputs = -(y_true / clipped_dvalues - (1 - y_true) / (1 - clipped_dvalues)) / outputs
        self.dinputs = self.dinputs / samples


class Loss_MeanSquaredError(Loss):
    def forward(self, y_pred, y_true):
        return np.mean((y_true - y_pred) ** 2, axis=-1)

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        outputs = len(dvalues[0])
        self.dinputs = -2 * (y_true - dvalues) / outputs
        self.dinputs = self.dinputs / samples


class Loss_MeanAbsoluteError(Loss):
    """The book's mean absolute error, with the book's backward sign(y - p) (the negative of d|y - p|/dp)."""

    def forward(self, y_pred, y_true):
        return np.mean(np.abs(y_true - y_pred), axis=-1)

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        outputs = len(dvalues[0])
        self.dinputs = np.sign(y_true - dvalues) / outputs
        self.dinputs = self.dinputs / samples


# ---------------------------------------------------------------- optimizers (the book's chapter 22 code)
class Optimizer_SGD:
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


class Optimizer_Adagrad(Optimizer_SGD):
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


class Optimizer_RMSprop(Optimizer_SGD):
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


class Optimizer_Adam(Optimizer_SGD):
    def __init__(self, learning_rate=0.001, decay=0., epsilon=1e-7, beta_1=0.9, beta_2=0.999):
        super().__init__(learning_rate, decay)
        self.epsilon = epsilon
        self.beta_1 = beta_1
        self.beta_2 = beta_2

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


# ---------------------------------------------------------------- accuracy (the book's chapter 22 code)
def accuracy(output, y):
    """Chapters 4-17, inline in the book: the fraction of rows whose argmax is the sparse label."""
    return np.mean(np.argmax(output, axis=1) == y)


class Accuracy:
    accumulated_sum = 0
    accumulated_count = 0

    def calculate(self, predictions, y):
        comparisons = self.compare(predictions, y)
        self.accumulated_sum += np.sum(comparisons)
        self.accumulated_count += len(comparisons)
        return np.mean(comparisons)

    def calculate_accumulated(self):
        return self.accumulated_sum / self.accumulated_count

    def new_pass(self):
        self.accumulated_sum = 0
        self.accumulated_count = 0


class Accuracy_Categorical(Accuracy):
    def __init__(self, *, binary=False):
        self.binary = binary

    def init(self, y):
        pass

    def compare(self, predictions, y):
        if not self.binary and len(y.shape) == 2:
            y = np.argmax(y, axis=1)
        return predictions == y


class Accuracy_Regression(Accuracy):
    def __init__(self):
        self.precision = None

    def init(self, y, reinit=False):
        if self.precision is None or reinit:
            self.precision = np.std(y) / 250

    def compare(self, predictions, y):
        return np.absolute(predictions - y) < self.precision


# ---------------------------------------------------------------- Model (the book's chapter 22 code)
class Model:
    def __init__(self):
        self.layers = []
        self.softmax_classifier_output = None

    def add(self, layer):
        self.layers.append(layer)

    def set(self, *, loss=None, optimizer=None, accuracy=None):
        if loss is not None:
            self.loss = loss
        if optimizer is not None:
            self.optimizer = optimizer
        if accuracy is not None:
            self.accuracy = accuracy

    def finalize(self):
        self.input_layer = Layer_Input()
        count = len(self.layers)
        for i, layer in enumerate(self.layers):
            layer.prev = self.input_layer if i == 0 else self.layers[i - 1]
            layer.next = self.layers[i + 1] if i < count - 1 else self.loss
        self.output_layer_activation = self.layers[-1]
        self.trainable_layers = [layer for layer in self.layers if hasattr(layer, 'weights')]
        self.loss.remember_trainable_layers(self.trainable_layers)
        if isinstance(self.layers[-1], Activation_Softmax) and isinstance(self.loss, Loss_CategoricalCrossentropy):
            self.softmax_classifier_output = Activation_Softmax_Loss_CategoricalCrossentropy()

    def forward(self, X, training):
        self.input_layer.forward(X, training)
        for layer in self.layers:
            layer.forward(layer.prev.output, training)
        return layer.output

    def backward(self, output, y):
        if self.softmax_classifier_output is not None:
            self.softmax_classifier_output.backward(output, y)
            self.layers[-1].dinputs = self.softmax_classifier_output.dinputs
            for layer in reversed(self.layers[:-1]):
                layer.backward(layer.next.dinputs)
            return
        self.loss.backward(output, y)
        for layer in reversed(self.layers):
            layer.backward(layer.next.dinputs)

    def step(self, batch_X, batch_y):
        """One step of train's loop: forward, loss with regularization, accuracy, backward, optimizer update.
        Returns (accuracy, data_loss, regularization_loss), computed before the update."""
        output = self.forward(batch_X, training=True)
        data_loss, regularization_loss = self.loss.calculate(output, batch_y, include_regularization=True)
        predictions = self.output_layer_activation.predictions(output)
        accuracy = self.accuracy.calculate(predictions, batch_y)
        self.backward(output, batch_y)
        self.optimizer.pre_update_params()
        for layer in self.trainable_layers:
            self.optimizer.update_params(layer)
        self.optimizer.post_update_params()
        return accuracy, data_loss, regularization_loss

    @staticmethod
    def _steps(X, batch_size):
        if batch_size is None:
            return 1
        steps = len(X) // batch_size
        return steps + 1 if steps * batch_size < len(X) else steps

    @staticmethod
    def _batch(data, step, batch_size):
        return data if batch_size is None else data[step * batch_size:(step + 1) * batch_size]

    def train(self, X, y, *, epochs=1, batch_size=None, print_every=1, validation_data=None):
        """The chapter 19-22 loop: batches in data order, a line per print_every steps and for the last step, the
        epoch's accumulated line, and an evaluation of validation_data after every epoch."""
        self.accuracy.init(y)
        train_steps = self._steps(X, batch_size)
        for epoch in range(1, epochs + 1):
            print(f'epoch: {epoch}')
            self.loss.new_pass()
            self.accuracy.new_pass()
            for step in range(train_steps):
                accuracy, data_loss, regularization_loss = self.step(self._batch(X, step, batch_size),
                                                                     self._batch(y, step, batch_size))
                loss = data_loss + regularization_loss
                if not step % print_every or step == train_steps - 1:
                    print(f'step: {step}, acc: {accuracy:.3f}, loss: {loss:.3f} (data_loss: {data_loss:.3f}, '
                          f'reg_loss: {regularization_loss:.3f}), lr: {self.optimizer.current_learning_rate}')
            epoch_data_loss, epoch_regularization_loss = self.loss.calculate_accumulated(include_regularization=True)
            epoch_loss = epoch_data_loss + epoch_regularization_loss
            epoch_accuracy = self.accuracy.calculate_accumulated()
            print(f'training, acc: {epoch_accuracy:.3f}, loss: {epoch_loss:.3f} (data_loss: {epoch_data_loss:.3f}, '
                  f'reg_loss: {epoch_regularization_loss:.3f}), lr: {self.optimizer.current_learning_rate}')
            if validation_data is not None:
                self.evaluate(*validation_data, batch_size=batch_size)

    def evaluate(self, X_val, y_val, *, batch_size=None):
        self.loss.new_pass()
        self.accuracy.new_pass()
        for step in range(self._steps(X_val, batch_size)):
            batch_X, batch_y = self._batch(X_val, step, batch_size), self._batch(y_val, step, batch_size)
            output = self.forward(batch_X, training=False)
            self.loss.calculate(output, batch_y)
            predictions = self.output_layer_activation.predictions(output)
            self.accuracy.calculate(predictions, batch_y)
        validation_loss = self.loss.calculate_accumulated()
        validation_accuracy = self.accuracy.calculate_accumulated()
        print(f'validation, acc: {validation_accuracy:.3f}, loss: {validation_loss:.3f}')


# ---------------------------------------------------------------- the example network of chapters 4-9
def _chapter4_layers():
    """init(), spiral_data(100, 3), and a forward pass through Dense(2, 3) -> ReLU -> Dense(3, 3)."""
    init()
    X, y = spiral_data(samples=100, classes=3)
    net = SimpleNamespace(X=X, y=y)
    net.dense1 = Layer_Dense(2, 3)
    net.activation1 = Activation_ReLU()
    net.dense2 = Layer_Dense(3, 3)
    net.dense1.forward(X)
    net.activation1.forward(net.dense1.output)
    net.dense2.forward(net.activation1.output)
    return net


def chapter4_network():
    """Chapters 4-5: init(), spiral_data(100, 3), Dense(2, 3) -> ReLU -> Dense(3, 3) -> Softmax, one forward pass.
    Returns the data and the objects (X, y, dense1, activation1, dense2, activation2) as attributes."""
    net = _chapter4_layers()
    net.activation2 = Activation_Softmax()
    net.activation2.forward(net.dense2.output)
    return net


def chapter9_network():
    """Chapter 9's final code: the chapter 4 network with the combined softmax + cross-entropy, one forward pass and
    one backward pass. Returns X, y, the loss and the objects (dense1, activation1, dense2, loss_activation)."""
    net = _chapter4_layers()
    net.loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
    net.loss = net.loss_activation.forward(net.dense2.output, net.y)
    net.loss_activation.backward(net.loss_activation.output, net.y)
    net.dense2.backward(net.loss_activation.dinputs)
    net.activation1.backward(net.dense2.dinputs)
    net.dense1.backward(net.activation1.dinputs)
    return net
