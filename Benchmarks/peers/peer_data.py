"""Reads the float64 file `regress-benchmarks glm` exports: n, p, then X column-major, then y."""
import numpy as np


def load(path):
    raw = np.fromfile(path, dtype=np.float64)
    n, p = int(raw[0]), int(raw[1])
    X = raw[2:2 + n * p].reshape((n, p), order="F")
    y = raw[2 + n * p:2 + n * p + n]
    return X, y, n, p
