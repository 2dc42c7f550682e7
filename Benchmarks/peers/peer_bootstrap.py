"""Peer for `regress-benchmarks bootstrap`: 2,000 probit refits in a Python loop with statsmodels,
outcome-stratified resampling, on the identical data. Usage: python3 peer_bootstrap.py FILE
(the float64 export, or with --csv the same data as CSV, read by pandas: the end-to-end workload)"""
import sys, time
import numpy as np
import statsmodels, statsmodels.api as sm
from peer_data import load, record

if "--csv" in sys.argv:
    import pandas as pd
    df = pd.read_csv(sys.argv[1])
    y = df["y"].to_numpy(dtype=float)
    X = sm.add_constant(df.drop(columns="y").to_numpy())
    n, p = X.shape
else:
    X, y, n, p = load(sys.argv[1])
rng = np.random.default_rng(42)
events, nonevents = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
start = sm.Probit(y, X).fit(disp=0).params
t = time.perf_counter()
for b in range(2000):
    rows = np.concatenate([rng.choice(events, events.size), rng.choice(nonevents, nonevents.size)])
    sm.Probit(y[rows], X[rows]).fit(disp=0, start_params=start)
elapsed = time.perf_counter() - t
print(f"statsmodels {statsmodels.__version__} Probit loop, B = 2000    {elapsed:.3f} s")
record("bootstrap B=2000", "statsmodels", elapsed)
