#!/usr/bin/env python3
"""The course's three programs as a NumPy user runs them, for `bash benchmarks/e2e.sh`.

  python3 numpy_e2e.py planar
  python3 numpy_e2e.py logistic DATA_DIR
  python3 numpy_e2e.py deep DATA_DIR

Each is the course notebook's code path from start to finish with its default hyperparameters,
the same as the GradGraph command it is timed against: planar (load_planar_dataset, nn_model with
n_h = 4 for 10000 iterations at 1.2, the accuracy), logistic (model(): 2000 iterations at 0.005,
train and test accuracy) and deep (L_layer_model [12288, 20, 7, 5, 1], 2500 iterations at 0.0075,
train and test accuracy). It prints the course's cost lines. No plots (matplotlib is not assumed;
the GradGraph commands also write PNG files, which their times include).

DATA_DIR holds train_x.npy (m, 12288) pixel values 0-255, train_y.npy (1, m), test_x.npy,
test_y.npy, as io.gradgraph.benchmarks.CatData writes them from the course's HDF5 files or from
generated ones (h5py is not assumed either).
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from numpy_workloads import (L_model_backward, L_model_forward, backward_propagation,  # noqa: E402
                             compute_cost, compute_cost_deep, forward_propagation, initialize_parameters,
                             initialize_parameters_deep, propagate, sigmoid, update_parameters,
                             update_parameters_deep)


# ---------------------------------------------------------------------------- planar

def load_planar_dataset():
    np.random.seed(1)
    m = 400
    N = int(m / 2)
    D = 2
    X = np.zeros((m, D))
    Y = np.zeros((m, 1), dtype='uint8')
    a = 4
    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + np.random.randn(N) * 0.2
        r = a * np.sin(4 * t) + np.random.randn(N) * 0.2
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X.T, Y.T


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    n_x, n_y = X.shape[0], Y.shape[0]
    parameters = initialize_parameters(n_x, n_h, n_y)
    for i in range(0, num_iterations):
        A2, cache = forward_propagation(X, parameters)
        cost = compute_cost(A2, Y, parameters)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads, 1.2)
        if print_cost and i % 1000 == 0:
            print("Cost after iteration %i: %f" % (i, cost))
    return parameters


def planar():
    X, Y = load_planar_dataset()
    parameters = nn_model(X, Y, n_h=4, num_iterations=10000, print_cost=True)
    A2, _ = forward_propagation(X, parameters)
    predictions = (A2 > 0.5)
    print('Accuracy: %d' % float((np.dot(Y, predictions.T) + np.dot(1 - Y, 1 - predictions.T))[0, 0]
                                 / float(Y.size) * 100) + '%')


# ---------------------------------------------------------------------------- the cat pictures

def load_data(folder):
    def load(name):
        return np.load(os.path.join(folder, name))
    train_x = load("train_x.npy")            # (m, 12288): the course's train_set_x_orig.reshape(m, -1)
    test_x = load("test_x.npy")
    return train_x.T / 255., load("train_y.npy"), test_x.T / 255., load("test_y.npy")


def predict_logistic(w, b, X):
    A = sigmoid(np.dot(w.T, X) + b)
    return (A > 0.5).astype(np.float64)


def logistic(folder):
    train_x, train_y, test_x, test_y = load_data(folder)
    w, b = np.zeros((train_x.shape[0], 1)), 0.0
    learning_rate = 0.005
    for i in range(2000):
        grads, cost = propagate(w, b, train_x, train_y)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        if i % 100 == 0:
            print("Cost after iteration %i: %f" % (i, cost))
    for name, X, Y in (("train", train_x, train_y), ("test", test_x, test_y)):
        print("{} accuracy: {} %".format(name, 100 - np.mean(np.abs(predict_logistic(w, b, X) - Y)) * 100))


def deep(folder):
    train_x, train_y, test_x, test_y = load_data(folder)
    parameters = initialize_parameters_deep([train_x.shape[0], 20, 7, 5, 1])
    for i in range(0, 2500):
        AL, caches = L_model_forward(train_x, parameters)
        cost = compute_cost_deep(AL, train_y)
        grads = L_model_backward(AL, train_y, caches)
        parameters = update_parameters_deep(parameters, grads, 0.0075)
        if i % 100 == 0:
            print("Cost after iteration %i: %f" % (i, np.squeeze(cost)))
    for name, X, Y in (("train", train_x, train_y), ("test", test_x, test_y)):
        probas, _ = L_model_forward(X, parameters)
        p = (probas > 0.5).astype(np.float64)
        print("{} accuracy: {}".format(name, np.sum(p == Y) / X.shape[1]))


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in ("planar", "logistic", "deep") \
            or (sys.argv[1] != "planar" and len(sys.argv) != 3):
        sys.exit(__doc__)
    if sys.argv[1] == "planar":
        planar()
    else:
        globals()[sys.argv[1]](sys.argv[2])
