"""Expected numbers for LogisticRegressionTest: the course's logistic-regression notebook
(initialize_with_zeros, propagate, optimize, predict, model) run by numpy on synthetic pictures
in the cat files' layout.

The pictures are generated with numpy's legacy generator, which io.gradgraph.nn.NumpyRandom
reproduces bit for bit, so the Java test builds the same uint8 arrays, writes them as
train/test_catvnoncat.h5 files and loads them with Hdf5Dataset.

Run with: python3 logistic_regression.py   (numpy 2.4.6 produced the numbers in the test)
"""
import numpy as np


def pictures(seed, m, px=8):
    rng = np.random.RandomState(seed)
    x = np.floor(rng.rand(m, px, px, 3) * 256).astype(np.uint8)   # (m, px, px, 3), like (209, 64, 64, 3)
    y = (rng.rand(1, m) < 0.5).astype(np.int64)                    # (1, m) labels
    return x, y


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def initialize_with_zeros(dim):
    return np.zeros((dim, 1)), 0


def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -(1 / m) * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dw = (1 / m) * np.dot(X, (A - Y).T)
    db = (1 / m) * np.sum(A - Y)
    return {"dw": dw, "db": db}, np.squeeze(cost)


def optimize(w, b, X, Y, num_iterations, learning_rate):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
            print("Cost after iteration %i: %f" % (i, cost))
    return w, b, costs


def predict(w, b, X):
    A = sigmoid(np.dot(w.T, X) + b)
    return (A > 0.5).astype(float)


train_x_orig, train_y = pictures(1, 60)
test_x_orig, test_y = pictures(2, 20)
train_x = train_x_orig.reshape(train_x_orig.shape[0], -1).T / 255.
test_x = test_x_orig.reshape(test_x_orig.shape[0], -1).T / 255.
w, b = initialize_with_zeros(train_x.shape[0])
w, b, costs = optimize(w, b, train_x, train_y, 2000, 0.005)
print("train accuracy: {} %".format(100 - np.mean(np.abs(predict(w, b, train_x) - train_y)) * 100))
print("test accuracy: {} %".format(100 - np.mean(np.abs(predict(w, b, test_x) - test_y)) * 100))
print("costs (repr):", [repr(float(c)) for c in costs])
print("b (repr):", repr(float(b)))
print("w[:3] (repr):", [repr(float(v)) for v in w[:3, 0]])
