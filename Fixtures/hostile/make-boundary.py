"""Reference for the boundary-fit test (issue 13, item 13): the exact cloglog MLE on
boundary-cloglog.csv, where some fitted probabilities round to exactly 1 in double precision, by
Newton's method in 50-digit arithmetic (mpmath), with standard errors from the observed
information -d2l/dbeta2 and the expected one X'WX, W = mu'^2 / (mu (1 - mu)).
Run from this directory:  python3 make-boundary.py  (mpmath 1.3)."""
import csv
import mpmath as mp

mp.mp.dps = 50
rows = list(csv.DictReader(open("boundary-cloglog.csv")))
y = [int(r["y"]) for r in rows]
x = [mp.mpf(r["x"]) for r in rows]


def pieces(b):
    """Per row: mu, 1 - mu (exp(-e^eta), computed directly), mu', mu'' at eta = b0 + b1 x."""
    out = []
    for xi in x:
        eta = b[0] + b[1] * xi
        t = mp.exp(eta)
        complement = mp.exp(-t)
        d1 = mp.exp(eta - t)
        out.append((1 - complement, complement, d1, d1 * (1 - t)))
    return out


def score_and_informations(b):
    g = [mp.mpf(0), mp.mpf(0)]
    observed = mp.matrix(2, 2)
    expected = mp.matrix(2, 2)
    for yi, xi, (mu, complement, d1, d2) in zip(y, x, pieces(b)):
        p, q = (mu, 1) if yi == 1 else (complement, -1)
        r = d1 / p
        h = r * r - q * d2 / p           # -l'' for a binary row
        e = d1 * d1 / (mu * complement)    # expected weight
        v = (1, xi)
        for j in range(2):
            g[j] += q * r * v[j]
            for k in range(2):
                observed[j, k] += h * v[j] * v[k]
                expected[j, k] += e * v[j] * v[k]
    return g, observed, expected


b = [mp.mpf(-4), mp.mpf("1.5")]
for _ in range(100):
    g, observed, _ = score_and_informations(b)
    step = mp.lu_solve(observed, mp.matrix(g))
    b = [b[0] + step[0], b[1] + step[1]]
    if max(abs(step[0]), abs(step[1])) < mp.mpf(10) ** -40:
        break
g, observed, expected = score_and_informations(b)
vo, ve = observed ** -1, expected ** -1
exactly_one = sum(1 for xi in x if float(b[0] + b[1] * xi) > 3.6)   # -expm1(-e^eta) rounds to 1 beyond eta = 3.6
with open("boundary-reference.csv", "w") as f:
    f.write("# tool: Python 3 mpmath %s, 50 digits; produced by: python3 make-boundary.py (this directory)\n" % mp.__version__)
    f.write("# call: Newton on the cloglog log-likelihood of y ~ x to |step| < 1e-40; se from the inverse observed / expected information\n")
    f.write("case,item,value\n")
    f.write("boundary_cloglog,.rows_beyond_eta_3.6,%d\n" % exactly_one)
    for j, name in enumerate(["Intercept", "x"]):
        f.write("boundary_cloglog,coef:%s,%s\n" % (name, mp.nstr(b[j], 17)))
        f.write("boundary_cloglog,se_observed:%s,%s\n" % (name, mp.nstr(mp.sqrt(vo[j, j]), 17)))
        f.write("boundary_cloglog,se_expected:%s,%s\n" % (name, mp.nstr(mp.sqrt(ve[j, j]), 17)))
