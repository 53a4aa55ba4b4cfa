# Golden values for the layers, activations, losses and metrics (tests/Nnfs.Tests/{Layers,Activations,Losses,Metrics}).
#
# Regenerate (from the repository root; Debian's python3-numpy 1.24.2):
#
#   /usr/bin/python3 tests/Nnfs.Tests/Golden/layers/make_golden.py > tests/Nnfs.Tests/Golden/layers/golden.json
#
# The script re-executes itself in the "libm environment" of NNFS-SPEC §0: NPY_DISABLE_CPU_FEATURES lists every SIMD
# feature NumPy dispatches to on this machine beyond its baseline, so float32 np.exp/np.log call glibc's expf/logf.
#
# The nnfs pip package is not needed: nnfs.init() (v0.5.1) is re-implemented below as NNFS-SPEC §1.1 describes
# (np.dot computed in float64 and returned as float32, randn and zeros returning float32, seed 0), and so is
# spiral_data (§1.3). The classes follow the book's chapter-9 code (NNFS-SPEC §2).
#
# In the libm environment np.exp/np.log are glibc's expf/logf, which are not always correctly rounded; the C# exact
# path calls both through libm.so.6 (Kernels/LibM.cs), so these values are compared bit for bit.
#
# Format: one JSON object. Float32 arrays are {"shape": [rows, cols], "bits": [uint32 ...]} (row-major IEEE bits);
# float64 scalars are {"bits64": uint64}; integers are plain numbers.
import json
import os
import sys

if 'NPY_DISABLE_CPU_FEATURES' not in os.environ:
    from numpy.core._multiarray_umath import __cpu_baseline__, __cpu_dispatch__, __cpu_features__
    os.environ['NPY_DISABLE_CPU_FEATURES'] = ' '.join(
        f for f in __cpu_dispatch__ if __cpu_features__.get(f) and f not in __cpu_baseline__)
    os.execv(sys.executable, [sys.executable] + sys.argv)

import numpy as np

from numpy.core._multiarray_umath import __cpu_features__

# ---------------------------------------------------------------- nnfs.init() (NNFS-SPEC §1.1)
_orig_dot = np.dot
_orig_zeros = np.zeros
_orig_randn = np.random.randn
_orig_eye = np.eye


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


def _randn(*args, **kwargs):
    return _orig_randn(*args, **kwargs).astype('float32')


def nnfs_init():
    np.dot = _dot
    np.zeros = _zeros
    np.eye = _eye
    np.random.randn = _randn
    np.random.seed(0)


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


# ---------------------------------------------------------------- the book's classes (NNFS-SPEC §2)
class Dense:
    def __init__(self, n_inputs, n_neurons, wl1=0, wl2=0, bl1=0, bl2=0):
        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))
        self.wl1, self.wl2, self.bl1, self.bl2 = wl1, wl2, bl1, bl2

    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.dot(inputs, self.weights) + self.biases

    def backward(self, dvalues):
        self.dweights = np.dot(self.inputs.T, dvalues)
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
        if self.wl1 > 0:
            dL1 = np.ones_like(self.weights)
            dL1[self.weights < 0] = -1
            self.dweights += self.wl1 * dL1
        if self.wl2 > 0:
            self.dweights += 2 * self.wl2 * self.weights
        if self.bl1 > 0:
            dL1 = np.ones_like(self.biases)
            dL1[self.biases < 0] = -1
            self.dbiases += self.bl1 * dL1
        if self.bl2 > 0:
            self.dbiases += 2 * self.bl2 * self.biases
        self.dinputs = np.dot(dvalues, self.weights.T)

    def regularization_loss(self):
        loss = 0
        if self.wl1 > 0:
            loss += self.wl1 * np.sum(np.abs(self.weights))
        if self.wl2 > 0:
            loss += self.wl2 * np.sum(self.weights * self.weights)
        if self.bl1 > 0:
            loss += self.bl1 * np.sum(np.abs(self.biases))
        if self.bl2 > 0:
            loss += self.bl2 * np.sum(self.biases * self.biases)
        return loss


class ReLU:
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)

    def backward(self, dvalues):
        self.dinputs = dvalues.copy()
        self.dinputs[self.inputs <= 0] = 0


class Softmax:
    def forward(self, inputs):
        exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        self.output = exp_values / np.sum(exp_values, axis=1, keepdims=True)

    def backward(self, dvalues):
        self.dinputs = np.empty_like(dvalues)
        for index, (single_output, single_dvalues) in enumerate(zip(self.output, dvalues)):
            single_output = single_output.reshape(-1, 1)
            jacobian = np.diagflat(single_output) - np.dot(single_output, single_output.T)
            self.dinputs[index] = np.dot(jacobian, single_dvalues)


class Sigmoid:
    def forward(self, inputs):
        self.output = 1 / (1 + np.exp(-inputs))

    def backward(self, dvalues):
        self.dinputs = dvalues * (1 - self.output) * self.output


class CCE:
    def forward(self, y_pred, y_true):
        samples = len(y_pred)
        clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        if len(y_true.shape) == 1:
            confidences = clipped[range(samples), y_true]
        else:
            confidences = np.sum(clipped * y_true, axis=1)
        return -np.log(confidences)

    def calculate(self, output, y):
        return np.mean(self.forward(output, y))

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        labels = len(dvalues[0])
        if len(y_true.shape) == 1:
            y_true = np.eye(labels)[y_true]
        self.dinputs = -y_true / dvalues
        self.dinputs = self.dinputs / samples


class SoftmaxCCE:
    def __init__(self):
        self.activation = Softmax()
        self.loss = CCE()

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


class BCE:
    def forward(self, y_pred, y_true):
        clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        losses = -(y_true * np.log(clipped) + (1 - y_true) * np.log(1 - clipped))
        return np.mean(losses, axis=-1)

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        outputs = len(dvalues[0])
        clipped = np.clip(dvalues, 1e-7, 1 - 1e-7)
        self.dinputs = -(y_true / clipped - (1 - y_true) / (1 - clipped)) / outputs
        self.dinputs = self.dinputs / samples


class MSE:
    def forward(self, y_pred, y_true):
        return np.mean((y_true - y_pred) ** 2, axis=-1)

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        outputs = len(dvalues[0])
        self.dinputs = -2 * (y_true - dvalues) / outputs
        self.dinputs = self.dinputs / samples


class MAE:
    def forward(self, y_pred, y_true):
        return np.mean(np.abs(y_true - y_pred), axis=-1)

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        outputs = len(dvalues[0])
        # The book has np.sign(y_true - dvalues), the wrong sign for d|y - p|/dp; the C# loss uses the correct one.
        self.dinputs = -np.sign(y_true - dvalues) / outputs
        self.dinputs = self.dinputs / samples


# ---------------------------------------------------------------- output helpers
out = {}


def f32(name, a):
    a = np.ascontiguousarray(a)
    assert a.dtype == np.float32, (name, a.dtype)
    if a.ndim == 1:
        a = a.reshape(1, -1)
    if a.ndim == 0:
        a = a.reshape(1, 1)
    out[name] = {"shape": list(a.shape), "bits": a.view(np.uint32).ravel().tolist()}


def f64(name, x):
    assert isinstance(x, (float, np.float64)), (name, type(x))
    out[name] = {"bits64": int(np.float64(x).view(np.uint64))}


def ints(name, a):
    out[name] = [int(v) for v in np.asarray(a).ravel()]


def compute():
    out.clear()

    # Chapters 4-5: spiral(100,3) -> Dense(2,3) -> ReLU -> Dense(3,3) -> Softmax -> CCE; loss and accuracy.
    nnfs_init()
    X, y = spiral_data(samples=100, classes=3)
    dense1 = Dense(2, 3)
    dense2 = Dense(3, 3)
    f32("ch5.X", X)
    ints("ch5.y", y)
    f32("ch5.dense1.weights", dense1.weights)
    f32("ch5.dense2.weights", dense2.weights)
    activation1, activation2, loss_function = ReLU(), Softmax(), CCE()
    dense1.forward(X)
    activation1.forward(dense1.output)
    dense2.forward(activation1.output)
    activation2.forward(dense2.output)
    f32("ch5.dense1.output", dense1.output)
    f32("ch5.softmax.output", activation2.output)
    loss = loss_function.calculate(activation2.output, y)
    f32("ch5.loss", np.asarray(loss, dtype=np.float32))
    f32("ch5.sample_losses", loss_function.forward(activation2.output, y))
    accuracy = np.mean(np.argmax(activation2.output, axis=1) == y)
    f64("ch5.accuracy", accuracy)
    # The separate Softmax/CCE backward (with the Jacobian), on the same outputs.
    loss_function.backward(activation2.output, y)
    f32("ch5.cce.dinputs", loss_function.dinputs)
    activation2.backward(loss_function.dinputs)
    f32("ch5.softmax.dinputs", activation2.dinputs)

    # Chapter 9 final: the same network with the fused softmax + CCE; one backward pass.
    nnfs_init()
    X, y = spiral_data(samples=100, classes=3)
    dense1 = Dense(2, 3)
    activation1 = ReLU()
    dense2 = Dense(3, 3)
    loss_activation = SoftmaxCCE()
    dense1.forward(X)
    activation1.forward(dense1.output)
    dense2.forward(activation1.output)
    loss = loss_activation.forward(dense2.output, y)
    f32("ch9.loss", np.asarray(loss, dtype=np.float32))
    predictions = np.argmax(loss_activation.output, axis=1)
    f64("ch9.accuracy", np.mean(predictions == y))
    loss_activation.backward(loss_activation.output, y)
    dense2.backward(loss_activation.dinputs)
    activation1.backward(dense2.dinputs)
    dense1.backward(activation1.dinputs)
    f32("ch9.fused.dinputs", loss_activation.dinputs)
    f32("ch9.dense1.dweights", dense1.dweights)
    f32("ch9.dense1.dbiases", dense1.dbiases)
    f32("ch9.dense2.dweights", dense2.dweights)
    f32("ch9.dense2.dbiases", dense2.dbiases)
    f32("ch9.dense1.dinputs", dense1.dinputs)

    # Regularization (chapter 14 style): a Dense(4,5) with all four strengths, non-zero biases.
    rs = np.random.RandomState(7)
    reg = Dense(4, 5, wl1=5e-4, wl2=5e-4, bl1=1e-3, bl2=2e-3)
    reg.weights = (rs.randn(4, 5) * 0.5).astype(np.float32)
    reg.weights[0, 0] = 0  # sign'(0) = +1
    reg.biases = (rs.randn(1, 5) * 0.5).astype(np.float32)
    rx = rs.randn(6, 4).astype(np.float32)
    rg = (rs.randn(6, 5) * 0.1).astype(np.float32)
    reg.forward(rx)
    reg.backward(rg)
    f32("reg.weights", reg.weights)
    f32("reg.biases", reg.biases)
    f32("reg.inputs", rx)
    f32("reg.dvalues", rg)
    f32("reg.output", reg.output)
    f32("reg.dweights", reg.dweights)
    f32("reg.dbiases", reg.dbiases)
    f32("reg.dinputs", reg.dinputs)
    f64("reg.loss", reg.regularization_loss())

    # Element-wise ops on fixed inputs: 10-class softmax (pairwise row sums), sigmoid, each loss forward/backward.
    logits = (rs.randn(9, 10) * 3).astype(np.float32)
    sm = Softmax()
    sm.forward(logits)
    f32("ops.logits", logits)
    f32("ops.softmax10", sm.output)
    onehot = np.eye(10)[rs.randint(0, 10, size=9)]
    f32("ops.onehot", onehot)
    cce = CCE()
    f32("ops.cce.onehot.losses", cce.forward(sm.output, onehot))
    f32("ops.cce.onehot.mean", np.asarray(cce.calculate(sm.output, onehot), dtype=np.float32))
    cce.backward(sm.output, onehot)
    f32("ops.cce.onehot.dinputs", cce.dinputs)

    z = (rs.randn(7, 3) * 4).astype(np.float32)
    sg = Sigmoid()
    sg.forward(z)
    f32("ops.z", z)
    f32("ops.sigmoid", sg.output)
    sdv = rs.randn(7, 3).astype(np.float32)
    sg.backward(sdv)
    f32("ops.sigmoid.dvalues", sdv)
    f32("ops.sigmoid.dinputs", sg.dinputs)
    targets = (rs.rand(7, 3) > 0.5).astype(np.float32)
    f32("ops.binary.targets", targets)
    bce = BCE()
    f32("ops.bce.losses", bce.forward(sg.output, targets))
    bce.backward(sg.output, targets)
    f32("ops.bce.dinputs", bce.dinputs)

    pred = rs.randn(11, 2).astype(np.float32)
    truth = rs.randn(11, 2).astype(np.float32)
    f32("ops.reg.pred", pred)
    f32("ops.reg.truth", truth)
    mse, mae = MSE(), MAE()
    f32("ops.mse.losses", mse.forward(pred, truth))
    mse.backward(pred, truth)
    f32("ops.mse.dinputs", mse.dinputs)
    f32("ops.mae.losses", mae.forward(pred, truth))
    mae.backward(pred, truth)
    f32("ops.mae.dinputs", mae.dinputs)
    f32("ops.mse.mean", np.asarray(np.mean(mse.forward(pred, truth)), dtype=np.float32))

    # Accuracy_Regression on float32 targets: precision = np.std(y) / 250, compare |p - y| < precision.
    ry = (rs.randn(1000, 1) * 0.7).astype(np.float32)
    precision = np.std(ry) / 250
    f32("acc.reg.y", ry)
    f64("acc.reg.precision", precision)
    rp = (ry + (rs.randn(1000, 1) * 0.003).astype(np.float32)).astype(np.float32)
    f32("acc.reg.pred", rp)
    f64("acc.reg.accuracy", np.mean(np.absolute(rp - ry) < precision))
    return dict(out)


def main():
    enabled = [k for k, v in __cpu_features__.items() if v and k.startswith(('AVX', 'FMA'))]
    if enabled:
        sys.exit(f"run in the libm environment (see the top of this file); enabled: {enabled}")
    golden = compute()
    golden["numpy"] = np.__version__
    json.dump(golden, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


main()
