#!/usr/bin/env python3
"""The course's four training workloads in NumPy, written in the course's style, timed per step.

The NumPy half of `bash benchmarks/compare.sh`. Each workload uses the same shapes, seeds, data and
initial parameters as the Java runner (io.gradgraph.benchmarks.Compare), so both print the same
check value (the cost at a fixed early step) and compare.sh can verify that they computed the same
thing before it compares their times.

  logistic    X 12288x209, propagate + w = w - lr*dw (the course's optimize loop body)
  shallow     planar-sized X 2x400, n_h = 4, forward_propagation, compute_cost,
              backward_propagation, update_parameters
  deep        [12288, 20, 7, 5, 1], L_model_forward, compute_cost, L_model_backward (which, as
              the course's does, also computes dA0), update_parameters
  deep_adam   the same network, one epoch: random_mini_batches(X, Y, 64, seed) then, per batch,
              forward, cost, backward and update_parameters_with_adam

Output, one record a line (compare.sh reads these):
  numpy-info key=value ...
  numpy <workload> median_ms=<x> min_ms=<x> steps=<n>
  numpy-check <workload> cost=<J at the check step>
  numpy-kernel <product> m=<m> n=<n> k=<k> median_ms=<x> gflops=<x>

Usage: python3 numpy_workloads.py [--workloads logistic,shallow,deep,deep_adam] [--seconds 3]
       [--warmup 1] [--no-kernels]
       python3 numpy_workloads.py --serve

--serve is how compare.sh runs it: the Java runner starts this script and interleaves short timing
slices of the two sides (so that both see the same machine), sending one command a line on stdin
and reading the records above (one reply a command, then "done"):
  check <workload>            create the workload, take the check steps, print numpy-check
  warmup <workload> <seconds> run steps without timing them
  time <workload> <seconds>   time steps for about <seconds>, adding them to the workload's samples
  report <workload>           print the numpy line over all samples timed so far
For a fair comparison run it without OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE in the environment
(compare.sh does): on some machines those are set to work around old OpenBLAS bugs and slow it.
"""
import argparse
import ctypes
import math
import os
import sys
import time

import numpy as np

CHECK_STEPS = 3         # full-batch workloads: the check value is the cost computed in step 3
CHECK_EPOCHS = 2        # deep_adam: the cost of the last mini-batch of epoch 2
FIRST_SHUFFLE_SEED = 11  # the course's L_layer_model: seed_mini_batches = 10, then += 1 per epoch


# ---------------------------------------------------------------------------- data (as the Java runner)

def picture_data():
    """Cat-picture-sized data: X 12288x209 in [0, 1), Y 0/1 labels."""
    np.random.seed(1)
    X = np.random.rand(12288, 209)
    Y = (np.random.rand(1, 209) < 0.5).astype(np.float64)
    return X, Y


def planar_data():
    """Planar-sized data: X 2x400 standard normal, Y 0/1 labels."""
    np.random.seed(3)
    X = np.random.randn(2, 400)
    Y = (np.random.rand(1, 400) < 0.5).astype(np.float64)
    return X, Y


# ---------------------------------------------------------------------------- the course's functions

def sigmoid(z):
    s = 1 / (1 + np.exp(-z))
    return s


def relu(Z):
    A = np.maximum(0, Z)
    return A


# logistic regression ("Logistic Regression with a Neural Network mindset")

def initialize_with_zeros(dim):
    w = np.zeros((dim, 1))
    b = 0
    return w, b


def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)                                  # compute activation
    cost = -(1 / m) * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))  # compute cost
    dw = (1 / m) * np.dot(X, (A - Y).T)
    db = (1 / m) * np.sum(A - Y)
    cost = np.squeeze(cost)
    grads = {"dw": dw, "db": db}
    return grads, cost


# one hidden layer ("Planar data classification with one hidden layer")

def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(2)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def forward_propagation(X, parameters):
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = sigmoid(Z2)
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache


def compute_cost(A2, Y, parameters):
    m = Y.shape[1]
    logprobs = np.multiply(np.log(A2), Y) + np.multiply((1 - Y), np.log(1 - A2))
    cost = -(1 / m) * np.sum(logprobs)
    cost = float(np.squeeze(cost))
    return cost


def backward_propagation(parameters, cache, X, Y):
    m = X.shape[1]
    W1 = parameters["W1"]
    W2 = parameters["W2"]
    A1 = cache["A1"]
    A2 = cache["A2"]
    dZ2 = A2 - Y
    dW2 = (1 / m) * np.dot(dZ2, A1.T)
    db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
    dW1 = (1 / m) * np.dot(dZ1, X.T)
    db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def update_parameters(parameters, grads, learning_rate=1.2):
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    dW1 = grads["dW1"]
    db1 = grads["db1"]
    dW2 = grads["dW2"]
    db2 = grads["db2"]
    W1 = W1 - learning_rate * dW1
    b1 = b1 - learning_rate * db1
    W2 = W2 - learning_rate * dW2
    b2 = b2 - learning_rate * db2
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


# L layers ("Building your Deep Neural Network: Step by Step", "Deep Neural Network - Application",
# "Optimization methods")

def initialize_parameters_deep(layer_dims):
    np.random.seed(1)
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def linear_forward(A, W, b):
    Z = np.dot(W, A) + b
    cache = (A, W, b)
    return Z, cache


def sigmoid_cache(Z):
    return sigmoid(Z), Z


def relu_cache(Z):
    return relu(Z), Z


def linear_activation_forward(A_prev, W, b, activation):
    if activation == "sigmoid":
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = sigmoid_cache(Z)
    elif activation == "relu":
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = relu_cache(Z)
    cache = (linear_cache, activation_cache)
    return A, cache


def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A_prev = A
        A, cache = linear_activation_forward(A_prev, parameters["W" + str(l)], parameters["b" + str(l)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], "sigmoid")
    caches.append(cache)
    return AL, caches


def compute_cost_deep(AL, Y):
    m = Y.shape[1]
    cost = (-1 / m) * np.sum(np.multiply(Y, np.log(AL)) + np.multiply(1 - Y, np.log(1 - AL)))
    cost = np.squeeze(cost)
    return cost


def relu_backward(dA, cache):
    Z = cache
    dZ = np.array(dA, copy=True)
    dZ[Z <= 0] = 0
    return dZ


def sigmoid_backward(dA, cache):
    Z = cache
    s = 1 / (1 + np.exp(-Z))
    dZ = dA * s * (1 - s)
    return dZ


def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = 1 / m * np.dot(dZ, A_prev.T)
    db = 1 / m * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = relu_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
    return dA_prev, dW, db


def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = - (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    current_cache = caches[L - 1]
    grads["dA" + str(L - 1)], grads["dW" + str(L)], grads["db" + str(L)] = \
        linear_activation_backward(dAL, current_cache, "sigmoid")
    for l in reversed(range(L - 1)):
        current_cache = caches[l]
        dA_prev_temp, dW_temp, db_temp = linear_activation_backward(grads["dA" + str(l + 1)], current_cache, "relu")
        grads["dA" + str(l)] = dA_prev_temp      # for l = 0 this is dA0 = W1^T dZ1, which nothing uses
        grads["dW" + str(l + 1)] = dW_temp
        grads["db" + str(l + 1)] = db_temp
    return grads


def update_parameters_deep(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for l in range(L):
        parameters["W" + str(l + 1)] = parameters["W" + str(l + 1)] - learning_rate * grads["dW" + str(l + 1)]
        parameters["b" + str(l + 1)] = parameters["b" + str(l + 1)] - learning_rate * grads["db" + str(l + 1)]
    return parameters


def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    np.random.seed(seed)
    m = X.shape[1]
    mini_batches = []
    # Step 1: Shuffle (X, Y)
    permutation = list(np.random.permutation(m))
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation].reshape((1, m))
    # Step 2: Partition (shuffled_X, shuffled_Y). Minus the end case.
    num_complete_minibatches = math.floor(m / mini_batch_size)
    for k in range(0, num_complete_minibatches):
        mini_batch_X = shuffled_X[:, k * mini_batch_size: (k + 1) * mini_batch_size]
        mini_batch_Y = shuffled_Y[:, k * mini_batch_size: (k + 1) * mini_batch_size]
        mini_batches.append((mini_batch_X, mini_batch_Y))
    # Handling the end case (last mini-batch < mini_batch_size)
    if m % mini_batch_size != 0:
        mini_batch_X = shuffled_X[:, num_complete_minibatches * mini_batch_size:]
        mini_batch_Y = shuffled_Y[:, num_complete_minibatches * mini_batch_size:]
        mini_batches.append((mini_batch_X, mini_batch_Y))
    return mini_batches


def initialize_adam(parameters):
    L = len(parameters) // 2
    v = {}
    s = {}
    for l in range(L):
        v["dW" + str(l + 1)] = np.zeros(parameters["W" + str(l + 1)].shape)
        v["db" + str(l + 1)] = np.zeros(parameters["b" + str(l + 1)].shape)
        s["dW" + str(l + 1)] = np.zeros(parameters["W" + str(l + 1)].shape)
        s["db" + str(l + 1)] = np.zeros(parameters["b" + str(l + 1)].shape)
    return v, s


def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01,
                                beta1=0.9, beta2=0.999, epsilon=1e-8):
    L = len(parameters) // 2
    v_corrected = {}
    s_corrected = {}
    for l in range(L):
        v["dW" + str(l + 1)] = beta1 * v["dW" + str(l + 1)] + (1 - beta1) * grads["dW" + str(l + 1)]
        v["db" + str(l + 1)] = beta1 * v["db" + str(l + 1)] + (1 - beta1) * grads["db" + str(l + 1)]
        v_corrected["dW" + str(l + 1)] = v["dW" + str(l + 1)] / (1 - beta1 ** t)
        v_corrected["db" + str(l + 1)] = v["db" + str(l + 1)] / (1 - beta1 ** t)
        s["dW" + str(l + 1)] = beta2 * s["dW" + str(l + 1)] + (1 - beta2) * np.power(grads["dW" + str(l + 1)], 2)
        s["db" + str(l + 1)] = beta2 * s["db" + str(l + 1)] + (1 - beta2) * np.power(grads["db" + str(l + 1)], 2)
        s_corrected["dW" + str(l + 1)] = s["dW" + str(l + 1)] / (1 - beta2 ** t)
        s_corrected["db" + str(l + 1)] = s["db" + str(l + 1)] / (1 - beta2 ** t)
        parameters["W" + str(l + 1)] = parameters["W" + str(l + 1)] - learning_rate * v_corrected["dW" + str(l + 1)] \
            / (np.sqrt(s_corrected["dW" + str(l + 1)]) + epsilon)
        parameters["b" + str(l + 1)] = parameters["b" + str(l + 1)] - learning_rate * v_corrected["db" + str(l + 1)] \
            / (np.sqrt(s_corrected["db" + str(l + 1)]) + epsilon)
    return parameters, v, s


# ---------------------------------------------------------------------------- the workloads

class Logistic:
    """One iteration of the course's optimize(): propagate, then w = w - lr*dw, b = b - lr*db."""
    learning_rate = 0.005

    def __init__(self):
        self.X, self.Y = picture_data()
        self.w, self.b = initialize_with_zeros(self.X.shape[0])
        self.cost = float("nan")

    def step(self):
        grads, cost = propagate(self.w, self.b, self.X, self.Y)
        dw = grads["dw"]
        db = grads["db"]
        self.w = self.w - self.learning_rate * dw
        self.b = self.b - self.learning_rate * db
        self.cost = float(cost)


class Shallow:
    """One iteration of the course's nn_model() loop, n_h = 4."""
    learning_rate = 1.2

    def __init__(self):
        self.X, self.Y = planar_data()
        self.parameters = initialize_parameters(2, 4, 1)
        self.cost = float("nan")

    def step(self):
        A2, cache = forward_propagation(self.X, self.parameters)
        self.cost = compute_cost(A2, self.Y, self.parameters)
        grads = backward_propagation(self.parameters, cache, self.X, self.Y)
        self.parameters = update_parameters(self.parameters, grads, self.learning_rate)


LAYERS = [12288, 20, 7, 5, 1]


class Deep:
    """One iteration of the course's L_layer_model() loop."""
    learning_rate = 0.0075

    def __init__(self):
        self.X, self.Y = picture_data()
        self.parameters = initialize_parameters_deep(LAYERS)
        self.cost = float("nan")

    def step(self):
        AL, caches = L_model_forward(self.X, self.parameters)
        self.cost = float(compute_cost_deep(AL, self.Y))
        grads = L_model_backward(AL, self.Y, caches)
        self.parameters = update_parameters_deep(self.parameters, grads, self.learning_rate)


class DeepAdam:
    """One epoch of the course's model() with mini_batch_size = 64 and Adam (209 examples: 64+64+64+17)."""
    learning_rate = 0.0007

    def __init__(self):
        self.X, self.Y = picture_data()
        self.parameters = initialize_parameters_deep(LAYERS)
        self.v, self.s = initialize_adam(self.parameters)
        self.t = 0
        self.seed = FIRST_SHUFFLE_SEED - 1
        self.cost = float("nan")

    def step(self):
        self.seed = self.seed + 1
        minibatches = random_mini_batches(self.X, self.Y, 64, self.seed)
        for minibatch in minibatches:
            (minibatch_X, minibatch_Y) = minibatch
            AL, caches = L_model_forward(minibatch_X, self.parameters)
            self.cost = float(compute_cost_deep(AL, minibatch_Y))
            grads = L_model_backward(AL, minibatch_Y, caches)
            self.t = self.t + 1
            self.parameters, self.v, self.s = update_parameters_with_adam(
                self.parameters, grads, self.v, self.s, self.t, self.learning_rate)


WORKLOADS = {"logistic": Logistic, "shallow": Shallow, "deep": Deep, "deep_adam": DeepAdam}


def measure(step, warmup_s, seconds, min_steps=5, max_steps=100_000):
    """Warms up, then times single calls for about `seconds`; returns the sorted times in ms."""
    end = time.perf_counter() + warmup_s
    n = 0
    while time.perf_counter() < end or n < 2:
        step()
        n += 1
    times = []
    end = time.perf_counter() + seconds
    while (time.perf_counter() < end or len(times) < min_steps) and len(times) < max_steps:
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    return times


def median(sorted_values):
    n = len(sorted_values)
    return sorted_values[n // 2] if n % 2 else 0.5 * (sorted_values[n // 2 - 1] + sorted_values[n // 2])


# ---------------------------------------------------------------------------- BLAS information

def blas_info():
    """Which OpenBLAS kernel numpy runs, via threadpoolctl when installed, else via the library itself."""
    try:
        from threadpoolctl import threadpool_info
        for lib in threadpool_info():
            if lib.get("internal_api") == "openblas" or "blas" in str(lib.get("user_api")):
                return {"blas": lib.get("internal_api", "?") + "-" + str(lib.get("version")),
                        "blas_core": str(lib.get("architecture")), "blas_threads": str(lib.get("num_threads")),
                        "blas_info_from": "threadpoolctl"}
    except ImportError:
        pass
    info = {"blas_info_from": "ctypes"}
    try:
        with open("/proc/self/maps") as maps:
            paths = sorted({line.split()[-1] for line in maps if "openblas" in line.lower() and ".so" in line})
        if not paths:
            return {"blas": "unknown"}
        lib = ctypes.CDLL(paths[0])
        for prefix in ("scipy_openblas_", "openblas_"):
            for suffix in ("64_", "", "_64_"):
                core = getattr(lib, prefix + "get_corename" + suffix, None)
                if core is None:
                    continue
                core.restype = ctypes.c_char_p
                info["blas_core"] = core().decode()
                config = getattr(lib, prefix + "get_config" + suffix)
                config.restype = ctypes.c_char_p
                info["blas"] = config().decode().split()[0] + "-" + config().decode().split()[1]
                threads = getattr(lib, prefix + "get_num_threads" + suffix)
                threads.restype = ctypes.c_int
                info["blas_threads"] = str(threads())
                return info
    except (OSError, AttributeError, IndexError) as e:
        info["blas_error"] = type(e).__name__
    return info


def kernels(seconds):
    """GFLOP/s of the deep network's big products, as numpy runs them."""
    np.random.seed(5)
    X = np.random.rand(12288, 209)
    W1 = np.random.randn(20, 12288)
    dZ1 = np.random.randn(20, 209)
    products = [
        ("forward_W1_X", 20, 209, 12288, lambda: np.dot(W1, X)),
        ("backward_dZ1_XT", 20, 12288, 209, lambda: np.dot(dZ1, X.T)),
        ("backward_W1T_dZ1", 12288, 209, 20, lambda: np.dot(W1.T, dZ1)),
    ]
    for name, m, n, k, product in products:
        t = median(measure(product, 0.3, seconds))
        print(f"numpy-kernel {name} m={m} n={n} k={k} median_ms={t:.4f} gflops={2.0 * m * n * k / t / 1e6:.2f}")


def checked(name):
    """A fresh workload after its check steps, with its check record printed."""
    if name not in WORKLOADS:
        sys.exit(f"unknown workload '{name}'; known: {', '.join(WORKLOADS)}")
    workload = WORKLOADS[name]()
    for _ in range(CHECK_EPOCHS if name == "deep_adam" else CHECK_STEPS):
        workload.step()
    print(f"numpy-check {name} cost={workload.cost!r}", flush=True)
    return workload


def report(name, times):
    times.sort()
    print(f"numpy {name} median_ms={median(times):.4f} min_ms={times[0]:.4f} steps={len(times)}", flush=True)


def serve():
    """The --serve loop: one command a line on stdin (see the module comment), "done" after each."""
    workloads, samples = {}, {}
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        command, name = words[0], words[1]
        if command == "check":
            workloads[name] = checked(name)
            samples[name] = []
        elif command == "warmup":
            measure(workloads[name].step, float(words[2]), 0, min_steps=0)
        elif command == "time":
            samples[name] += measure(workloads[name].step, 0, float(words[2]), min_steps=1)
        elif command == "report":
            report(name, samples[name])
        else:
            sys.exit(f"numpy_workloads.py --serve: unknown command '{line.strip()}'")
        print("done", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    parser.add_argument("--seconds", type=float, default=3.0, help="measured time per workload")
    parser.add_argument("--warmup", type=float, default=1.0, help="warm-up time per workload")
    parser.add_argument("--no-kernels", action="store_true", help="skip the matmul GFLOP/s lines")
    parser.add_argument("--serve", action="store_true", help="take commands on stdin (see above)")
    args = parser.parse_args()

    info = {"numpy": np.__version__, "python": sys.version.split()[0]}
    info.update(blas_info())
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        if var in os.environ:
            info[var] = os.environ[var]
    print("numpy-info " + " ".join(f"{k}={str(v).replace(' ', '_')}" for k, v in info.items()), flush=True)
    if args.serve:
        serve()
        return

    for name in filter(None, (w.strip() for w in args.workloads.split(","))):
        workload = checked(name)
        report(name, measure(workload.step, args.warmup, args.seconds))
    if not args.no_kernels:
        kernels(min(1.0, args.seconds))


if __name__ == "__main__":
    main()
