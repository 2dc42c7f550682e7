"""NumPy peer for `regress-benchmarks linalg`: the same deterministic design and operations.
Usage: python3 Benchmarks/peers/peer_linalg.py [--n N] [--p P] [--runs R]"""
import argparse, time
import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("--n", type=int, default=1_000_000)
ap.add_argument("--p", type=int, default=21)
ap.add_argument("--runs", type=int, default=5)
a = ap.parse_args()
rng = np.random.default_rng(20151282)
X = np.ones((a.n, a.p), order="F")
X[:, 1:] = rng.uniform(-1, 1, size=(a.n, a.p - 1))
w = 0.05 + 0.2 * (np.arange(a.n) % 5)
y = X @ (0.1 * (np.arange(a.p) % 7) - 0.3) + (np.arange(a.n) % 11) * 0.01

def bench(label, f):
    t = []
    for _ in range(a.runs):
        s = time.perf_counter(); f(); t.append(time.perf_counter() - s)
    t.sort()
    print(f"{label:<28} median {t[len(t)//2]:.4f} s   min {t[0]:.4f} s   max {t[-1]:.4f} s")

print(f"numpy {np.__version__} linalg: n = {a.n}, p = {a.p}, runs = {a.runs}")
bench("XtWX (X.T @ (w*X))", lambda: X.T @ (w[:, None] * X))
def qr_solve():
    q, r = np.linalg.qr(X)
    return np.linalg.solve(r, q.T @ y)
bench("QR factor + solve", qr_solve)
bench("lstsq (SVD-based)", lambda: np.linalg.lstsq(X, y, rcond=None))
