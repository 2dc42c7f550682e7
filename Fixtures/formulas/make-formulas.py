"""Produces formula-data.csv and patsy-designs.json: the design matrices that patsy builds for a
set of formulas. Regress's Formula tests compare column names, kept rows and values with them.

Run from this directory:  python3 make-formulas.py   (needs numpy, pandas, patsy)
"""
import json, sys
import numpy as np, pandas as pd, patsy

rng = np.random.default_rng(2015)
n = 60
d = pd.DataFrame({
    "y": rng.integers(0, 2, n),
    "x1": np.round(rng.normal(0, 1, n), 6),
    "x2": np.round(rng.uniform(-2, 3, n), 6),
    "employees": rng.integers(5, 5000, n).astype(float),
    "g": rng.choice(["a", "b", "c"], n),
    "sector": rng.choice(["Food", "Machinery", "Automotive", "Chemicals"], n),
    "size": rng.integers(1, 4, n),   # integer: patsy then names levels "2", as Regress does (R style)
    "flag": rng.choice([True, False], n),
})
d.loc[[3, 17], "x2"] = np.nan
d.loc[[8], "sector"] = None
# CSV for the Swift side: shortest round-trip floats, NA for missing, true/false for booleans.
out = d.copy()
out["flag"] = out["flag"].map({True: "true", False: "false"})
out.to_csv("formula-data.csv", index=False, na_rep="NA", float_format=None)

formulas = [
    "y ~ x1 + x2",
    "y ~ x1 - 1",
    "y ~ 0 + x1 + x2",
    "y ~ C(g)",
    "y ~ g",
    "y ~ C(sector, Treatment(reference=\"Food\"))",
    "y ~ x1:x2",
    "y ~ x1*x2",
    "y ~ C(g)*x1",
    "y ~ x1:C(g)",
    "y ~ C(g)*C(sector)",
    "y ~ np.log(employees) + x1",
    "y ~ log(employees) + log1p(employees) + sqrt(employees) + exp(x1)",
    "y ~ I(x1**2) + I(x1 * x2) + I(x2 / 2) + I(-x1 + 1)",
    "y ~ 0 + C(g)",
    "y ~ 0 + C(g) + C(sector)",
    "y ~ C(size) + x1",
    "y ~ flag + x2",
    "y ~ x1 + x2 + x1:x2 - x2",
    "y ~ C(g):C(sector) + C(g) + x2",
]
env = patsy.EvalEnvironment([{"np": np, "log": np.log, "log1p": np.log1p, "exp": np.exp, "sqrt": np.sqrt}])
designs = []
for f in formulas:
    y, X = patsy.dmatrices(f, d, eval_env=env, NA_action="drop", return_type="dataframe")
    designs.append({"formula": f, "columns": list(X.columns), "rows": [int(i) for i in X.index],
                    "values": X.values.T.tolist()})
meta = {"tool": f"patsy {patsy.__version__}, pandas {pd.__version__}, numpy {np.__version__}, Python {sys.version.split()[0]}",
        "call": "patsy.dmatrices(formula, data, eval_env=env, NA_action='drop', return_type='dataframe')",
        "script": "Fixtures/formulas/make-formulas.py", "designs": designs}
with open("patsy-designs.json", "w") as fh:
    json.dump(meta, fh, indent=1)
print(len(designs), "formulas")
