"""Inputs of the no-cliffs workloads of `bash Benchmarks/run.sh all`, deterministic (numpy seeds):
  factor FILE N LEVELS   y, x1, x2 and a factor g with LEVELS levels (L0001…), logit outcome
  twoway FILE N LEVELS   y, x1, x2 and two factors g and h with LEVELS levels each, logit outcome
  numeric FILE N P       y and x1..xP, standard normal, logit outcome
  frombin BIN FILE       the float64 file `regress-benchmarks bootstrap` exports, as CSV (y, x1..)
An existing FILE is kept."""
import os, sys
import numpy as np

kind, path = sys.argv[1], sys.argv[3] if sys.argv[1] == "frombin" else sys.argv[2]
if os.path.exists(path):
    print(path)
    sys.exit(0)
if kind == "factor":
    n, levels = int(sys.argv[3]), int(sys.argv[4])
    rng = np.random.default_rng(5)
    g = rng.integers(0, levels, n)
    effect = rng.normal(0, 0.5, levels)
    x = rng.normal(size=(n, 2))
    eta = -0.3 + 0.6 * x[:, 0] - 0.4 * x[:, 1] + effect[g]
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int)
    width = len(str(levels))
    names = np.array([f"L{k:0{width}d}" for k in range(levels)])
    with open(path, "w") as f:
        f.write("y,x1,x2,g\n")
        f.writelines(f"{a},{b:.6f},{c:.6f},{d}\n" for a, b, c, d in zip(y, x[:, 0], x[:, 1], names[g]))
elif kind == "twoway":
    n, levels = int(sys.argv[3]), int(sys.argv[4])
    rng = np.random.default_rng(7)
    g, h = rng.integers(0, levels, n), rng.integers(0, levels, n)
    eg, eh = rng.normal(0, 0.5, levels), rng.normal(0, 0.5, levels)
    x = rng.normal(size=(n, 2))
    eta = -0.3 + 0.6 * x[:, 0] - 0.4 * x[:, 1] + eg[g] + eh[h]
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int)
    with open(path, "w") as f:
        f.write("y,x1,x2,g,h\n")
        f.writelines(f"{a},{b:.6f},{c:.6f},G{d},H{e}\n" for a, b, c, d, e in zip(y, x[:, 0], x[:, 1], g, h))
elif kind == "numeric":
    n, p = int(sys.argv[3]), int(sys.argv[4])
    rng = np.random.default_rng(3)
    x = rng.normal(size=(n, p))
    eta = -0.5 + x @ (0.5 * np.cos(np.arange(p)))
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int)
    with open(path, "w") as f:
        f.write("y," + ",".join(f"x{j + 1}" for j in range(p)) + "\n")
        f.writelines(f"{a}," + ",".join(f"{v:.6f}" for v in row) + "\n" for a, row in zip(y, x))
elif kind == "frombin":
    sys.path.insert(0, os.path.dirname(__file__))
    from peer_data import load
    X, y, n, p = load(sys.argv[2])
    # The first column is the intercept; the CSV holds the others.
    with open(path, "w") as f:
        f.write("y," + ",".join(f"x{j}" for j in range(1, p)) + "\n")
        f.writelines(f"{int(a)}," + ",".join(repr(float(v)) for v in row[1:]) + "\n" for a, row in zip(y, X))
print(path)
