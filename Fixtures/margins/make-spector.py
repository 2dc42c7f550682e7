"""Writes spector.csv (Spector & Mazzeo 1980, as shipped with statsmodels) and stata-margins.csv:
Stata 11 `margins` results for `logit grade gpa tuce psi`, as recorded in statsmodels' own test
results (statsmodels/discrete/tests/results/results_discrete.py, class Spector, logit()).
Run from this directory:  python3 make-spector.py   (needs statsmodels)"""
import importlib, os, sys
import statsmodels, statsmodels.api as sm

data = sm.datasets.spector.load_pandas().data
data.to_csv("spector.csv", index=False)
results_path = os.path.join(os.path.dirname(statsmodels.__file__), "discrete", "tests", "results", "results_discrete.py")
spec = importlib.util.spec_from_file_location("results_discrete", results_path)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
stata = module.Spector.logit   # a Namespace built at class definition
terms = ["GPA", "TUCE", "PSI"]
rows = []
for label, values, ses in [
    ("ame_continuous", stata.margeff_nodummy_dydx, stata.margeff_nodummy_dydx_se),
    ("ame_discrete", stata.margeff_dummy_dydx, stata.margeff_dummy_dydx_se),
    ("mem_continuous", stata.margeff_nodummy_dydxmean, stata.margeff_nodummy_dydxmean_se),
    ("mem_discrete", stata.margeff_dummy_dydxmean, stata.margeff_dummy_dydxmean_se),
]:
    for term, value, se in zip(terms, values, ses):
        rows.append((label, term, float(value), float(se)))
with open("stata-margins.csv", "w") as fh:
    fh.write("# tool: Stata 11 `logit GRADE GPA TUCE PSI` then `margins, dydx(*)` [atmeans]; PSI as continuous (nodummy) or i.PSI (dummy)\n")
    fh.write(f"# source: statsmodels {statsmodels.__version__} statsmodels/discrete/tests/results/results_discrete.py, class Spector.logit()\n")
    fh.write("# produced by: python3 make-spector.py (this directory); standard errors as Stata printed them (7 digits)\n")
    fh.write("case,term,estimate,se\n")
    for row in rows:
        fh.write(",".join(str(x) for x in row) + "\n")
print(len(rows), "rows")
