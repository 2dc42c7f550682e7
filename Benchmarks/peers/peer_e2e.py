"""Peers for the end-to-end workloads of `bash Benchmarks/run.sh all`, timed as whole processes as
`reshore fit` is. Usage: python3 peer_e2e.py FILE [--polars] [--formula F]
  default     pandas read_csv + statsmodels Logit (all columns but y; or smf.logit(F)) + summary
  --polars    polars read_csv (parallel) + glum GeneralizedLinearRegressor(alpha=0) + coef_table
  --sklearn   polars read_csv + scikit-learn LogisticRegression(C=inf, solver="newton-cholesky"), unpenalized:
              the estimates only (scikit-learn gives no standard errors), so the peer does less
  --glum-categorical  pandas read_csv, text columns as pandas categoricals (glum keeps them
              sparse, tabmat's CategoricalMatrix) + glum GeneralizedLinearRegressor(alpha=0,
              drop_first=True): the fit only (its coef_table on 10,000 levels and 10^5 rows ran
              past 300 s), so the peer does less than `reshore fit`"""
import argparse

ap = argparse.ArgumentParser()
ap.add_argument("file")
ap.add_argument("--polars", action="store_true")
ap.add_argument("--glum-categorical", action="store_true")
ap.add_argument("--sklearn", action="store_true")
ap.add_argument("--formula")
a = ap.parse_args()
if a.glum_categorical:
    import pandas as pd
    from glum import GeneralizedLinearRegressor
    df = pd.read_csv(a.file)
    X = df.drop(columns="y")
    for name in X.columns:
        if not pd.api.types.is_numeric_dtype(X[name]):
            X[name] = X[name].astype("category")
    model = GeneralizedLinearRegressor(family="binomial", alpha=0, drop_first=True, fit_intercept=True).fit(X, df["y"])
    print(model.intercept_, model.coef_[:5], model.n_iter_)
elif a.sklearn:
    import polars as pl
    from sklearn.linear_model import LogisticRegression
    df = pl.read_csv(a.file)
    X, y = df.drop("y").to_numpy(), df["y"].to_numpy()
    model = LogisticRegression(C=float("inf"), solver="newton-cholesky", max_iter=100).fit(X, y)
    print(model.intercept_, model.coef_[0][:5], model.n_iter_)
elif a.polars:
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
