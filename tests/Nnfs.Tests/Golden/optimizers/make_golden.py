# Golden values for the optimizers: the book's four optimizers (chapter 10 final code semantics, from ../nnfs_ref.py)
# in NumPy float32, stepped a few times on a fake layer. With the argument float64, the bias gradients of steps 1 and 2
# are float64 arrays, as below a dropout layer or above float64 targets (docs/numerics.md, "float64 arrays"): then the
# caches the book reassigns become float64, written (like those gradients) as the hex of their float64 bit patterns.
# Regenerate (from the repository root):
#   /usr/bin/python3 tests/Nnfs.Tests/Golden/optimizers/make_golden.py > tests/Nnfs.Tests/Golden/optimizers/optimizers.json
#   /usr/bin/python3 tests/Nnfs.Tests/Golden/optimizers/make_golden.py float64 > tests/Nnfs.Tests/Golden/optimizers/optimizers_float64.json
# (numpy 1.24.2; the script re-executes itself in the libm environment of docs/numerics.md, as every golden script that
# uses nnfs_ref does; the updates use only +, -, *, / and sqrt, which no SIMD feature changes). Floats are written as
# the hex of their float32 bit patterns so the C# test compares bit for bit.
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import nnfs_ref  # noqa: E402
from nnfs_ref import Optimizer_Adagrad, Optimizer_Adam, Optimizer_RMSprop, Optimizer_SGD  # noqa: E402

nnfs_ref.libm_environment()


class FakeLayer:
    pass


def bits(a):
    if a.dtype == np.float64:
        return ['%016x' % int(x) for x in np.ascontiguousarray(a).reshape(-1).view(np.uint64)]
    a = np.ascontiguousarray(a, dtype=np.float32)
    return ['%08x' % int(x) for x in a.reshape(-1).view(np.uint32)]


CASES = [
    ('sgd', {}),
    ('sgd', {'learning_rate': 0.85}),
    ('sgd', {'decay': 1e-2}),
    ('sgd', {'decay': 1e-3, 'momentum': 0.5}),
    ('sgd', {'decay': 1e-3, 'momentum': 0.9}),
    ('adagrad', {'decay': 1e-4}),
    ('rmsprop', {'decay': 1e-4}),
    ('rmsprop', {'learning_rate': 0.02, 'decay': 1e-5, 'rho': 0.999}),
    ('adam', {}),
    ('adam', {'learning_rate': 0.02, 'decay': 1e-5}),
    ('adam', {'learning_rate': 0.05, 'decay': 5e-7}),
    ('adam', {'learning_rate': 0.001, 'decay': 1e-3, 'epsilon': 1e-5, 'beta_1': 0.8, 'beta_2': 0.99}),
]
MAKERS = {'sgd': Optimizer_SGD, 'adagrad': Optimizer_Adagrad, 'rmsprop': Optimizer_RMSprop, 'adam': Optimizer_Adam}
STEPS = 4
W_SHAPE = (7, 5)   # 35 elements: SIMD body plus a scalar tail on the fast path
B_SHAPE = (1, 5)


def main(float64_biases=False):
    rng = np.random.RandomState(1234)
    cases = []
    for name, args in CASES:
        layer = FakeLayer()
        layer.weights = (0.01 * rng.standard_normal(W_SHAPE)).astype(np.float32)
        layer.biases = (0.1 * rng.standard_normal(B_SHAPE)).astype(np.float32)
        case = {'optimizer': name, 'args': args, 'weights_shape': list(W_SHAPE), 'biases_shape': list(B_SHAPE),
                'weights0': bits(layer.weights), 'biases0': bits(layer.biases), 'steps': []}
        opt = MAKERS[name](**args)
        for step in range(STEPS):
            scale = [1.0, 1e-3, 10.0, 0.3][step]
            layer.dweights = (scale * rng.standard_normal(W_SHAPE)).astype(np.float32)
            layer.dbiases = scale * rng.standard_normal(B_SHAPE)
            if not float64_biases or step in (0, 3):
                # float64: steps 1 and 2 only, so that float32 caches meet float64 gradients and the reverse
                layer.dbiases = layer.dbiases.astype(np.float32)
            if step == 1:
                layer.dweights[0, :] = 0   # a zero gradient (AdaGrad/RMSprop divide by sqrt(0)+eps)
            opt.pre_update_params()
            opt.update_params(layer)
            opt.post_update_params()
            case['steps'].append({'dweights': bits(layer.dweights), 'dbiases': bits(layer.dbiases),
                                  'current_learning_rate': repr(opt.current_learning_rate),
                                  'weights': bits(layer.weights), 'biases': bits(layer.biases)})
        state = {}
        for attr, key in [('weight_momentums', 'weight.momentum'), ('weight_cache', 'weight.cache'),
                          ('bias_momentums', 'bias.momentum'), ('bias_cache', 'bias.cache')]:
            if hasattr(layer, attr):
                state[key] = bits(getattr(layer, attr))
        case['state'] = state
        cases.append(case)
    print(json.dumps({'numpy': np.__version__, 'cases': cases}, separators=(',', ':')))


if __name__ == '__main__':
    main(float64_biases=sys.argv[1:] == ['float64'])
