"""pyfixest's feglm on a CSV (issue 35): `python3 peer_fixest.py FILE "y ~ x1 + x2 | g + h"`, the
whole process timed by run.sh (imports and reading included). Prints the version and the estimates."""
import sys, warnings
warnings.filterwarnings("ignore")
import pandas as pd
import pyfixest as pf

data = pd.read_csv(sys.argv[1])
fit = pf.feglm(sys.argv[2], data=data, family="logit", vcov="iid")
print("pyfixest", pf.__version__, dict(fit.coef()))
