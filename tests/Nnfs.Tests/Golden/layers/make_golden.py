# Golden values for the layers, activations, losses and metrics (tests/Nnfs.Tests/{Layers,Activations,Losses,Metrics}).
#
# Regenerate (from the repository root; Debian's python3-numpy 1.24.2):
#
#   /usr/bin/python3 tests/Nnfs.Tests/Golden/layers/make_golden.py > tests/Nnfs.Tests/Golden/layers/golden.json
#
# The script re-executes itself in the "libm environment" of docs/numerics.md, "The reference" (nnfs_ref.libm_environment():
# NPY_DISABLE_CPU_FEATURES lists every SIMD feature NumPy dispatches to on this machine beyond its baseline), so
# float32 np.exp/np.log call glibc's expf/logf.
#
# nnfs.init() (v0.5.1), spiral_data and the book's classes come from ../nnfs_ref.py; the
# nnfs pip package is not needed. One deliberate difference from the book, kept here: the mean absolute error's
# backward with the correct sign (Loss_MeanAbsoluteError_CorrectSign below), as the C# loss has it.
#
# In the libm environment np.exp/np.log are glibc's expf/logf, which are not always correctly rounded; the C# exact
# path calls both through libm.so.6 (Kernels/LibM.cs), so these values are compared bit for bit.
#
# Format: one JSON object. Float32 arrays are {"shape": [rows, cols], "bits": [uint32 ...]} (row-major IEEE bits);
# float64 scalars are {"bits64": uint64}; integers are plain numbers.
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import nnfs_ref  # noqa: E402
from nnfs_ref import (Accuracy_Regression, Activation_Sigmoid, Activation_Softmax, Layer_Dense, Loss,  # noqa: E402
                      Loss_BinaryCrossentropy, Loss_CategoricalCrossentropy, Loss_MeanAbsoluteError,
                      Loss_MeanSquaredError, accuracy, chapter4_network, chapter9_network)

nnfs_ref.libm_environment()


class Loss_MeanAbsoluteError_CorrectSign(Loss_MeanAbsoluteError):
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
    net = chapter4_network()
    y, activation2, loss_function = net.y, net.activation2, Loss_CategoricalCrossentropy()
    f32("ch5.X", net.X)
    ints("ch5.y", y)
    f32("ch5.dense1.weights", net.dense1.weights)
    f32("ch5.dense2.weights", net.dense2.weights)
    f32("ch5.dense1.output", net.dense1.output)
    f32("ch5.softmax.output", activation2.output)
    loss = loss_function.calculate(activation2.output, y)
    f32("ch5.loss", np.asarray(loss, dtype=np.float32))
    f32("ch5.sample_losses", loss_function.forward(activation2.output, y))
    f64("ch5.accuracy", accuracy(activation2.output, y))
    # The separate Softmax/CCE backward (with the Jacobian), on the same outputs.
    loss_function.backward(activation2.output, y)
    f32("ch5.cce.dinputs", loss_function.dinputs)
    activation2.backward(loss_function.dinputs)
    f32("ch5.softmax.dinputs", activation2.dinputs)

    # Chapter 9 final: the same network with the fused softmax + CCE; one backward pass.
    net = chapter9_network()
    f32("ch9.loss", np.asarray(net.loss, dtype=np.float32))
    f64("ch9.accuracy", accuracy(net.loss_activation.output, net.y))
    f32("ch9.fused.dinputs", net.loss_activation.dinputs)
    f32("ch9.dense1.dweights", net.dense1.dweights)
    f32("ch9.dense1.dbiases", net.dense1.dbiases)
    f32("ch9.dense2.dweights", net.dense2.dweights)
    f32("ch9.dense2.dbiases", net.dense2.dbiases)
    f32("ch9.dense1.dinputs", net.dense1.dinputs)

    # Regularization (chapter 14 style): a Dense(4,5) with all four strengths, non-zero biases.
    rs = np.random.RandomState(7)
    reg = Layer_Dense(4, 5, weight_regularizer_l1=5e-4, weight_regularizer_l2=5e-4,
                      bias_regularizer_l1=1e-3, bias_regularizer_l2=2e-3)
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
    f64("reg.loss", Loss().regularization_loss(reg))

    # Element-wise ops on fixed inputs: 10-class softmax (pairwise row sums), sigmoid, each loss forward/backward.
    logits = (rs.randn(9, 10) * 3).astype(np.float32)
    sm = Activation_Softmax()
    sm.forward(logits)
    f32("ops.logits", logits)
    f32("ops.softmax10", sm.output)
    onehot = np.eye(10)[rs.randint(0, 10, size=9)]
    f32("ops.onehot", onehot)
    cce = Loss_CategoricalCrossentropy()
    f32("ops.cce.onehot.losses", cce.forward(sm.output, onehot))
    f32("ops.cce.onehot.mean", np.asarray(cce.calculate(sm.output, onehot), dtype=np.float32))
    cce.backward(sm.output, onehot)
    f32("ops.cce.onehot.dinputs", cce.dinputs)

    z = (rs.randn(7, 3) * 4).astype(np.float32)
    sg = Activation_Sigmoid()
    sg.forward(z)
    f32("ops.z", z)
    f32("ops.sigmoid", sg.output)
    sdv = rs.randn(7, 3).astype(np.float32)
    sg.backward(sdv)
    f32("ops.sigmoid.dvalues", sdv)
    f32("ops.sigmoid.dinputs", sg.dinputs)
    targets = (rs.rand(7, 3) > 0.5).astype(np.float32)
    f32("ops.binary.targets", targets)
    bce = Loss_BinaryCrossentropy()
    f32("ops.bce.losses", bce.forward(sg.output, targets))
    bce.backward(sg.output, targets)
    f32("ops.bce.dinputs", bce.dinputs)

    pred = rs.randn(11, 2).astype(np.float32)
    truth = rs.randn(11, 2).astype(np.float32)
    f32("ops.reg.pred", pred)
    f32("ops.reg.truth", truth)
    mse, mae = Loss_MeanSquaredError(), Loss_MeanAbsoluteError_CorrectSign()
    f32("ops.mse.losses", mse.forward(pred, truth))
    mse.backward(pred, truth)
    f32("ops.mse.dinputs", mse.dinputs)
    f32("ops.mae.losses", mae.forward(pred, truth))
    mae.backward(pred, truth)
    f32("ops.mae.dinputs", mae.dinputs)
    f32("ops.mse.mean", np.asarray(np.mean(mse.forward(pred, truth)), dtype=np.float32))

    # Accuracy_Regression on float32 targets: precision = np.std(y) / 250, compare |p - y| < precision.
    ry = (rs.randn(1000, 1) * 0.7).astype(np.float32)
    regression = Accuracy_Regression()
    regression.init(ry)
    f32("acc.reg.y", ry)
    f64("acc.reg.precision", regression.precision)
    rp = (ry + (rs.randn(1000, 1) * 0.003).astype(np.float32)).astype(np.float32)
    f32("acc.reg.pred", rp)
    f64("acc.reg.accuracy", regression.calculate(rp, ry))
    return dict(out)


def main():
    golden = compute()
    golden["numpy"] = np.__version__
    json.dump(golden, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


main()
