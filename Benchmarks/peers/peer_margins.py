"""Peer for `regress-benchmarks margins`: statsmodels Logit + get_margeff (average marginal
effects with delta-method SEs) on the identical data exported by `regress-benchmarks glm`.
Usage: python3 Benchmarks/peers/peer_margins.py FILE [--runs R]"""
import argparse, time
import numpy as np
import statsmodels, statsmodels.api as sm

ap = argparse.ArgumentParser()
ap.add_argument("file")
ap.add_argument("--runs", type=int, default=1)
a = ap.parse_args()
from peer_data import load, record
X, y, n, p = load(a.file)
fit = sm.Logit(y, X).fit(disp=0)
t = []
for _ in range(a.runs):
    s = time.perf_counter(); me = fit.get_margeff(at="overall"); me.margeff_se; t.append(time.perf_counter() - s)
print(f"statsmodels {statsmodels.__version__} get_margeff + SEs   median {sorted(t)[len(t)//2]:.4f} s   min {min(t):.4f} s   max {max(t):.4f} s")
record("AME + delta SEs", "statsmodels", sorted(t)[len(t) // 2])
