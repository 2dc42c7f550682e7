"""Produces elasticities-reference.csv (issue 33, item 5): average marginal effects on four scales
(statsmodels get_margeff(at="overall", method=dydx|eyex|dyex|eydx)) and the dummy convention
(dummy=False: a 0/1 column as a continuous regressor; dummy=True: its discrete change), for the
low-birth-weight logit low ~ age + lwt + C(race) + smoke. Run from this directory:
    python3 make-elasticities.py        (statsmodels, pandas)
"""
import pandas as pd
import statsmodels
import statsmodels.formula.api as smf

bw = pd.read_csv("../reference/birthwt.csv")
fit = smf.logit("low ~ age + lwt + C(race) + smoke", data=bw).fit(disp=0, tol=1e-14, maxiter=200)
rows = []
for method in ["dydx", "eyex", "dyex", "eydx"]:
    for dummy in ([False, True] if method == "dydx" else [False]):   # statsmodels: elasticities are not defined for discrete changes
        m = fit.get_margeff(at="overall", method=method, dummy=dummy)
        frame = m.summary_frame()
        for term in ["age", "lwt", "smoke"]:
            rows.append({"method": method, "dummy": int(dummy), "term": term,
                         "estimate": frame.loc[term].iloc[0], "se": frame.loc[term].iloc[1]})
out = pd.DataFrame(rows)
with open("elasticities-reference.csv", "w") as f:
    f.write(f"# tool: statsmodels {statsmodels.__version__}, pandas {pd.__version__}\n")
    f.write("# call: smf.logit('low ~ age + lwt + C(race) + smoke', birthwt).fit(tol=1e-14).get_margeff(at='overall', method=M, dummy=D)\n")
    f.write("# produced by: python3 make-elasticities.py (this directory)\n")
    out.to_csv(f, index=False, float_format="%.17g")
print(out)
