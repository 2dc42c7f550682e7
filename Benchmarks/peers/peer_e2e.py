"""Peer for the end-to-end workload of `bash Benchmarks/run.sh all`: pandas read_csv + statsmodels
Logit + summary on the CSV that `regress-benchmarks e2e-data` writes (y, x1..x20). run.sh times
the whole process, as it times `reshore fit`. Usage: python3 peer_e2e.py FILE"""
import sys
import pandas as pd
import statsmodels.api as sm

df = pd.read_csv(sys.argv[1])
fit = sm.Logit(df["y"], sm.add_constant(df.drop(columns="y"))).fit(disp=0)
print(fit.summary())
