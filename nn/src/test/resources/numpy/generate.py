"""Writes the numpy fixtures read by NpyTest and PlanarDatasetTest.

Run from this directory with numpy 2.4.6 (python3 generate.py). The Java tests never run it;
they read the files it wrote, which are committed next to it.
"""
import numpy as np

# np.save: 2-D float64 C order; also the byte-for-byte reference for Npy.write
np.save("f8_2x3.npy", np.array([[1.5, -2.25, 3.0], [np.pi, -0.0, 1e-300]]))
np.save("f4_1d.npy", np.array([0.1, 2.5, -3.0], dtype="<f4"))
np.save("i8_2x2.npy", np.array([[1, -2], [3, 2**53 + 1]], dtype="<i8"))
np.save("i4_2x3.npy", np.array([[-2147483648, 0, 7], [1, 2, 2147483647]], dtype="<i4"))
np.save("u1_2x2.npy", np.array([[0, 128], [255, 7]], dtype="|u1"))
np.save("f8_fortran_2x3.npy", np.asfortranarray(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])))
np.save("f8_bigendian_1x2.npy", np.array([[0.25, -8.0]], dtype=">f8"))
np.save("f8_0d.npy", np.array(42.0))
np.save("f8_3d.npy", np.zeros((2, 2, 2)))
np.save("c16_1d.npy", np.array([1 + 2j]))
np.save("f8_empty_0x3.npy", np.zeros((0, 3)))

w1 = np.array([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]])
b1 = np.array([[1.0], [2.0], [3.0]])
v = np.array([7, 8, 9], dtype="<i8")
np.savez("savez.npz", W1=w1, b1=b1, v=v)
np.savez_compressed("savez_compressed.npz", W1=w1, b1=b1, v=v)


def load_planar_dataset():
    # the course's planar_utils.load_planar_dataset, verbatim apart from this comment
    np.random.seed(1)
    m = 400
    N = int(m / 2)
    D = 2
    X = np.zeros((m, D))
    Y = np.zeros((m, 1), dtype="uint8")
    a = 4
    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + np.random.randn(N) * 0.2
        r = a * np.sin(4 * t) + np.random.randn(N) * 0.2
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    X = X.T
    Y = Y.T
    return X, Y


X, Y = load_planar_dataset()
np.save("planar_X.npy", X)  # (2, 400) float64
