"""Reference values for Firth's penalized likelihood-ratio tests and profile penalized-likelihood
confidence intervals (R logistf's defaults), computed independently of Regress: the penalized
log-likelihood l*(b) = l(b) + 1/2 log det X'WX maximised by scipy's BFGS (analytic gradient, the
modified score), with coefficients held fixed for the profile, and the interval bounds found by
scipy's brentq. R logistf is not packaged for Debian 12, so it is not the reference here.

Data: Fixtures/ems2015-synthetic.csv (the bundled synthetic survey) and a random draw of the
simulator (survey-seed-1000000.csv, survey-seed-1000143.csv), with the sector groups of ReshoringStudy
(SurveySchema.sectorGroups), and the 'endometrial' data of Fixtures/reference.
Run: python3 Fixtures/firth/make-profile.py > Fixtures/firth/profile-reference.csv
(Python 3.11.7, numpy 2.4.6, scipy 1.17.1.)
"""
import csv, math, os, sys
import numpy as np
from scipy import optimize, stats

here = os.path.dirname(os.path.abspath(__file__))
GROUPS = {"computer_electronics": "high-tech", "chemicals_pharma": "high-tech", "electrical_equipment": "high-tech",
          "automotive": "high-tech", "machinery": "high-tech", "rubber_plastics": "medium-tech",
          "metal_products": "medium-tech", "other": "medium-tech", "food": "low-tech", "textiles": "low-tech",
          "wood_paper": "low-tech"}

def penalized(beta, X, y):
    eta = X @ beta
    mu = 1 / (1 + np.exp(-eta))
    w = mu * (1 - mu)
    sign, logdet = np.linalg.slogdet(X.T @ (X * w[:, None]))
    ll = np.sum(y * eta - np.logaddexp(0, eta))
    return ll + 0.5 * logdet, mu, w

def gradient(beta, X, y):
    _, mu, w = penalized(beta, X, y)
    info = X.T @ (X * w[:, None])
    h = w * np.einsum("ij,jk,ik->i", X, np.linalg.inv(info), X)
    return X.T @ (y - mu + h * (0.5 - mu))

def maximise(X, y, fixed, start):
    free = [j for j in range(X.shape[1]) if j not in fixed]
    def full(theta):
        beta = np.array(start, dtype=float)
        for j, v in fixed.items(): beta[j] = v
        beta[free] = theta
        return beta
    f = lambda t: -penalized(full(t), X, y)[0]
    g = lambda t: -gradient(full(t), X, y)[free]
    result = optimize.minimize(f, np.array(start, dtype=float)[free], jac=g, method="BFGS",
                               options={"gtol": 1e-11, "maxiter": 10000})
    # Newton polish on the free block (BFGS stops near, not at, the maximum).
    theta = result.x
    for _ in range(50):
        beta = full(theta)
        _, mu, w = penalized(beta, X, y)
        info = (X.T @ (X * w[:, None]))[np.ix_(free, free)]
        step = np.linalg.solve(info, gradient(beta, X, y)[free])
        theta = theta + step
        if np.max(np.abs(step)) < 1e-14: break
    return full(theta), penalized(full(theta), X, y)[0]

def rows(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))

out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["case", "item", "value"])

def report(case, X, y, names, tests, intervals):
    beta, top = maximise(X, y, {}, np.zeros(X.shape[1]))
    for name, b in zip(names, beta): out.writerow([case, "coef:" + name, repr(float(b))])
    out.writerow([case, "penalized", repr(float(top))])
    for test, columns in tests:
        _, restricted = maximise(X, y, {j: 0.0 for j in columns}, beta)
        statistic = 2 * (top - restricted)
        out.writerow([case, "plr:" + test, repr(float(statistic))])
        out.writerow([case, "plrp:" + test, repr(float(stats.chi2.sf(statistic, len(columns))))])
    critical = stats.chi2.ppf(0.95, 1)
    for name in intervals:
        j = names.index(name)
        excess = lambda b: 2 * (top - maximise(X, y, {j: b}, beta)[1]) - critical
        se = math.sqrt(np.linalg.inv(X.T @ (X * penalized(beta, X, y)[2][:, None]))[j, j])
        lo_start, hi_start = beta[j] - 1.96 * se, beta[j] + 1.96 * se
        while excess(lo_start) < 0: lo_start -= 2 * se
        while excess(hi_start) < 0: hi_start += 2 * se
        lower = optimize.brentq(excess, lo_start, beta[j], xtol=1e-12)
        upper = optimize.brentq(excess, beta[j], hi_start, xtol=1e-12)
        out.writerow([case, "lower:" + name, repr(float(lower))])
        out.writerow([case, "upper:" + name, repr(float(upper))])

# 1. The study's headline: backshored ~ i40_technologies + log(employees) + C(sector_group).
survey = rows(os.path.join(here, "..", "ems2015-synthetic.csv"))
levels = ["low-tech", "medium-tech"]           # treatment coding, reference "high-tech"
X = np.array([[1.0, float(r["i40_technologies"]), math.log(float(r["employees"]))]
              + [1.0 if GROUPS[r["sector"]] == g else 0.0 for g in levels] for r in survey])
y = np.array([float(r["backshored"]) for r in survey])
names = ["Intercept", "i40_technologies", "log(employees)", "C(sector_group)[T.low-tech]", "C(sector_group)[T.medium-tech]"]
report("survey", X, y, names, [("i40_technologies", [1]), ("C(sector_group)", [3, 4])],
       ["i40_technologies", "log(employees)"])

# 1b. A random draw of the simulator (reshore simulate --n 1282 --seed 1000000; four columns kept in
# survey-seed-1000000.csv), where Regress's constrained iteration once stalled 1.7e-6 SE short.
draw = rows(os.path.join(here, "survey-seed-1000000.csv"))
X = np.array([[1.0, float(r["i40_technologies"]), math.log(float(r["employees"]))]
              + [1.0 if GROUPS[r["sector"]] == g else 0.0 for g in levels] for r in draw])
y = np.array([float(r["backshored"]) for r in draw])
report("draw-1000000", X, y, names, [("i40_technologies", [1])], ["i40_technologies"])

# 1c. Seed 1000143, where the profile's line search stalled 2e-6 SE from the constrained maximum
# (survey-seed-1000143.csv, the same four columns).
draw = rows(os.path.join(here, "survey-seed-1000143.csv"))
X = np.array([[1.0, float(r["i40_technologies"]), math.log(float(r["employees"]))]
              + [1.0 if GROUPS[r["sector"]] == g else 0.0 for g in levels] for r in draw])
y = np.array([float(r["backshored"]) for r in draw])
report("draw-1000143", X, y, names, [("i40_technologies", [1])], ["i40_technologies"])

# 2. endometrial (Heinze & Schemper 2002): HG ~ NV + PI + EH, NV quasi-separates.
endo = rows(os.path.join(here, "..", "reference", "endometrial.csv"))
X = np.array([[1.0, float(r["NV"]), float(r["PI"]), float(r["EH"])] for r in endo])
y = np.array([float(r["HG"]) for r in endo])
report("endometrial", X, y, ["Intercept", "NV", "PI", "EH"], [("NV", [1]), ("PI", [2])], ["NV", "PI", "EH"])
