# Produces absorbed-data.csv and absorbed-reference.csv (issue 35, item 1): pyfixest's feglm with
# two absorbed factors (logit and probit), the data with one level of g whose firms never have the
# event (pyfixest drops its rows), coefficients and cluster-robust SEs.
# Run from this directory:  python3 make-absorbed.py
import numpy as np, pandas as pd, pyfixest as pf
rng = np.random.default_rng(35)
n = 3000
g = rng.integers(0, 40, n); h = rng.integers(0, 30, n)
x1 = rng.normal(size=n) + 0.3 * np.sin(g); x2 = rng.normal(size=n) + 0.2 * (h % 5)
ag = rng.normal(scale=0.7, size=40); ah = rng.normal(scale=0.5, size=30)
eta = -0.5 + 0.8 * x1 - 0.5 * x2 + ag[g] + ah[h]
y = (rng.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(int)
y[g == 7] = 0                                  # level g7: no event (separated)
cl = rng.integers(0, 60, n)
df = pd.DataFrame(dict(y=y, x1=np.round(x1, 4), x2=np.round(x2, 4), g=["g%d" % v for v in g], h=["h%d" % v for v in h], cl=cl))
df.to_csv("absorbed-data.csv", index=False)
df = pd.read_csv("absorbed-data.csv")
rows = []
for family in ["logit", "probit"]:
    fit = pf.feglm("y ~ x1 + x2 | g + h", data=df, family=family, vcov={"CRV1": "cl"},
                   ssc=pf.ssc(k_adj=False, G_adj=True))
    for term, value in fit.coef().items(): rows.append((family, "coef:" + term, value))
    for term, value in fit.se().items(): rows.append((family, "cluster_se:" + term, value))
    rows.append((family, "nobs", fit._N))
with open("absorbed-reference.csv", "w") as out:
    out.write("# tool: pyfixest %s, numpy %s, pandas %s\n" % (pf.__version__, np.__version__, pd.__version__))
    out.write("# call: pf.feglm('y ~ x1 + x2 | g + h', data, family=logit|probit, vcov={'CRV1': 'cl'}, ssc=pf.ssc(k_adj=False, G_adj=True))\n")
    out.write("# cluster_se: G/(G-1) only (Regress: .cluster([\"cl\"], adjustment: .sandwich)); level g7 has no event: pyfixest drops its rows\n")
    out.write("# produced by: python3 make-absorbed.py (this directory)\n")
    out.write("case,item,value\n")
    for case, item, value in rows: out.write("%s,%s,%.17g\n" % (case, item, value))
