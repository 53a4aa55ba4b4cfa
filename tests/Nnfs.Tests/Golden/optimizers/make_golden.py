# Golden values for the optimizers: the book's four optimizers (chapter 10 final code semantics, NNFS-SPEC §2.3)
# re-implemented minimally in NumPy float32, stepped a few times on a fake layer.
# Regenerate (from the repository root):
#   NPY_DISABLE_CPU_FEATURES="AVX F16C FMA3 AVX2" \
#     /usr/bin/python3 tests/Nnfs.Tests/Golden/optimizers/make_golden.py > tests/Nnfs.Tests/Golden/optimizers/optimizers.json
# (numpy 1.24.2). Floats are written as the hex of their float32 bit patterns so the C# test compares bit for bit.
import json
import numpy as np


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


class Adam(SGD):
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
        t = self.iterations + 1
        layer.weight_momentums = self.beta_1 * layer.weight_momentums + (1 - self.beta_1) * layer.dweights
        layer.bias_momentums = self.beta_1 * layer.bias_momentums + (1 - self.beta_1) * layer.dbiases
        weight_momentums_corrected = layer.weight_momentums / (1 - self.beta_1 ** t)
        bias_momentums_corrected = layer.bias_momentums / (1 - self.beta_1 ** t)
        layer.weight_cache = self.beta_2 * layer.weight_cache + (1 - self.beta_2) * layer.dweights ** 2
        layer.bias_cache = self.beta_2 * layer.bias_cache + (1 - self.beta_2) * layer.dbiases ** 2
        weight_cache_corrected = layer.weight_cache / (1 - self.beta_2 ** t)
        bias_cache_corrected = layer.bias_cache / (1 - self.beta_2 ** t)
        layer.weights += -self.current_learning_rate * weight_momentums_corrected / (np.sqrt(weight_cache_corrected) + self.epsilon)
        layer.biases += -self.current_learning_rate * bias_momentums_corrected / (np.sqrt(bias_cache_corrected) + self.epsilon)


class FakeLayer:
    pass


def bits(a):
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
MAKERS = {'sgd': SGD, 'adagrad': Adagrad, 'rmsprop': RMSprop, 'adam': Adam}
STEPS = 4
W_SHAPE = (7, 5)   # 35 elements: SIMD body plus a scalar tail on the fast path
B_SHAPE = (1, 5)


def main():
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
            layer.dbiases = (scale * rng.standard_normal(B_SHAPE)).astype(np.float32)
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
    main()
