"""Peers for the end-to-end workloads of `bash Benchmarks/run.sh all`, timed as whole processes as
`reshore fit` is. Usage: python3 peer_e2e.py FILE [--polars] [--formula F]
  default     pandas read_csv + statsmodels Logit (all columns but y; or smf.logit(F)) + summary
  --polars    polars read_csv (parallel) + glum GeneralizedLinearRegressor(alpha=0) + coef_table"""
import argparse

ap = argparse.ArgumentParser()
ap.add_argument("file")
ap.add_argument("--polars", action="store_true")
ap.add_argument("--formula")
a = ap.parse_args()
if a.polars:
    import polars as pl
    from glum import GeneralizedLinearRegressor
    df = pl.read_csv(a.file)
    X, y = df.drop("y").to_numpy(), df["y"].to_numpy()
    model = GeneralizedLinearRegressor(family="binomial", alpha=0, fit_intercept=True).fit(X, y)
    print(model.coef_table(X=X, y=y))
else:
    import pandas as pd
    import statsmodels.api as sm
    df = pd.read_csv(a.file)
    if a.formula:
        import statsmodels.formula.api as smf
        fit = smf.logit(a.formula, df).fit(disp=0)
    else:
        fit = sm.Logit(df["y"], sm.add_constant(df.drop(columns="y"))).fit(disp=0)
    print(fit.summary())
