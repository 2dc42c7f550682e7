"""Peers for `regress-benchmarks glm`: statsmodels Logit/Probit (Newton, standard errors) and glum
(logit, standard errors) on the identical data that the Swift benchmark exported.
Usage: python3 Benchmarks/peers/peer_glm.py FILE [--runs R]"""
import argparse, time, warnings
import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("file")
ap.add_argument("--runs", type=int, default=3)
a = ap.parse_args()
from peer_data import load, record
X, y, n, p = load(a.file)

def bench(label, f, task, tool):
    t = []
    for _ in range(a.runs):
        s = time.perf_counter(); f(); t.append(time.perf_counter() - s)
    t.sort()
    print(f"{label:<34} median {t[len(t)//2]:.4f} s   min {t[0]:.4f} s   max {t[-1]:.4f} s")
    record(task, tool, t[len(t) // 2])

try:
    import statsmodels, statsmodels.api as sm
    print(f"statsmodels {statsmodels.__version__}: n = {n}, p = {p}")
    bench("statsmodels Logit fit + bse", lambda: sm.Logit(y, X).fit(disp=0).bse, "logit fit + SEs", "statsmodels")
    bench("statsmodels Probit fit + bse", lambda: sm.Probit(y, X).fit(disp=0).bse, "probit fit + SEs", "statsmodels")
except ImportError:
    print("statsmodels unavailable: pip install statsmodels")
try:
    import glum
    from glum import GeneralizedLinearRegressor
    print(f"glum {glum.__version__}")
    def glum_fit():
        m = GeneralizedLinearRegressor(family="binomial", alpha=0, fit_intercept=False)
        m.fit(X, y)
        return m.std_errors(X, y)
    bench("glum logit fit + std_errors", glum_fit, "logit fit + SEs", "glum")
except ImportError:
    print("glum unavailable: pip install glum")
