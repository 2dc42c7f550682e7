"""Produces statsmodels-reference.csv: Probit and Logit fits whose standard errors come from the
OBSERVED information (Newton), the default of statsmodels' discrete models and of Stata.
Regress's tests compare its `information: .observed` results with them.
Run from this directory:  python3 make-statsmodels.py   (needs pandas, statsmodels)"""
import sys
import pandas as pd, statsmodels, statsmodels.formula.api as smf

bw = pd.read_csv("birthwt.csv")
rows = []
calls = {}
def record(case, fit, call):
    calls[case] = call
    for name in fit.params.index:
        rows.append((case, "coef:" + name, fit.params[name]))
        rows.append((case, "se:" + name, fit.bse[name]))
    rows.append((case, ".loglik", fit.llf))
    rows.append((case, ".llnull", fit.llnull))
    rows.append((case, ".prsquared", fit.prsquared))

f = smf.probit("low ~ age + lwt + C(race) + smoke", data=bw).fit(method="newton", tol=1e-12, disp=0)
record("birthwt_probit_oim", f, 'smf.probit("low ~ age + lwt + C(race) + smoke", data=birthwt).fit(method="newton", tol=1e-12)')
f = smf.logit("low ~ age + lwt + C(race) + smoke", data=bw).fit(method="newton", tol=1e-12, disp=0)
record("birthwt_logit_oim", f, 'smf.logit("low ~ age + lwt + C(race) + smoke", data=birthwt).fit(method="newton", tol=1e-12)')

import statsmodels.api as sm
links = {"cloglog": sm.families.links.CLogLog(), "cauchit": sm.families.links.Cauchy()}
for name, link in links.items():
    f = smf.glm("low ~ age + lwt + C(race) + smoke", data=bw, family=sm.families.Binomial(link=link)).fit(
        method="newton", tol=1e-13, maxiter=200)
    calls[f"birthwt_{name}_newton"] = (f'smf.glm("low ~ age + lwt + C(race) + smoke", data=birthwt, '
                                       f'family=sm.families.Binomial(link={type(link).__name__}())).fit(method="newton", tol=1e-13)')
    for term in f.params.index:
        rows.append((f"birthwt_{name}_newton", "coef:" + term, f.params[term]))
        rows.append((f"birthwt_{name}_newton", "se:" + term, f.bse[term]))
    rows.append((f"birthwt_{name}_newton", ".loglik", f.llf))

with open("statsmodels-reference.csv", "w") as fh:
    fh.write(f"# tool: statsmodels {statsmodels.__version__}, pandas {pd.__version__}, Python {sys.version.split()[0]}\n")
    fh.write("# produced by: python3 make-statsmodels.py (this directory)\n")
    for case, call in calls.items():
        fh.write(f"# call {case}: {call}\n")
    fh.write("case,item,value\n")
    for case, item, value in rows:
        fh.write(f"{case},{item},{float(value)!r}\n")
