# mpmath 1.3 (Python 3.11), 60 digits: Newton with a trust region on the cloglog log-likelihood of
# cloglog-singular-information.csv (y ~ x1 + x2 + x3 + x4, offset o), columns scaled to a largest |x| of 1.
# Call: python3 cloglog-singular-information.py -0.34612869799974459 1.320479235878057e-19 -1.193374691496026e-19 5.2133611352675242e-159 -2.6071604938302979e-157
# Output (1,251 iterations): log-likelihood -5.406929255406575143, still rising by 1e-24 per 100 steps along a ray
# (x1 up, x2 and x4 down) on which the Hessian changes by orders of magnitude: the maximum is flat to
# double precision and the standard errors are not determined there (R 4.2.2 glm: vcovHC gives Inf).
import csv, mpmath as mp
mp.mp.dps = 60
rows = list(csv.DictReader(open('__import__("os").path.join(__import__("os").path.dirname(__file__), "cloglog-singular-information.csv")')))
X = [[mp.mpf(1)] + [mp.mpf(r[k]) for k in ('x1','x2','x3','x4')] for r in rows]
y = [int(r['y']) for r in rows]; o = [mp.mpf(r['o']) for r in rows]
p = 5
s = [max(abs(X[i][j]) for i in range(len(X))) for j in range(p)]
Z = [[X[i][j]/s[j] for j in range(p)] for i in range(len(X))]
def ll(t):
    tot = mp.mpf(0)
    for i in range(len(Z)):
        eta = o[i] + sum(Z[i][j]*t[j] for j in range(p))
        # cloglog: mu = 1 - exp(-exp(eta)); log(1-mu) = -exp(eta); log mu = log(-expm1(-exp(eta)))
        if eta > 2000:
            if y[i]: continue
            return -mp.inf
        e = mp.exp(eta)
        tot += (mp.log(-mp.expm1(-e)) if y[i] else -e)
    return tot
def grad_hess(t):
    g = [mp.mpf(0)]*p; H = [[mp.mpf(0)]*p for _ in range(p)]
    for i in range(len(Z)):
        eta = o[i] + sum(Z[i][j]*t[j] for j in range(p))
        if eta > 2000: continue
        e = mp.exp(eta)
        if y[i]:
            # d/deta log(1-exp(-e)) = e*exp(-e)/(1-exp(-e)) = e/(exp(e)-1)
            d1 = e/mp.expm1(e)
            # derivative of e/(exp(e)-1) wrt eta: e*(exp(e)-1) - e*e*exp(e) over (exp(e)-1)^2
            d2 = (e*mp.expm1(e) - e*e*mp.exp(e))/mp.expm1(e)**2
        else:
            d1 = -e; d2 = -e
        for a in range(p):
            g[a] += d1*Z[i][a]
            for b in range(p): H[a][b] += d2*Z[i][a]*Z[i][b]
    return g, H
import sys
t = [mp.mpf(v) for v in sys.argv[1:]] if len(sys.argv) > 1 else [mp.mpf(0)]*p
t = [t[j]*s[j] for j in range(p)]
for it in range(2000):
    g, H = grad_hess(t)
    step = mp.lu_solve(mp.matrix(H), mp.matrix(g))
    f0 = ll(t); big = max(abs(x) for x in step); lam = min(1, 20/big)
    while True:
        tn = [t[j] - lam*step[j] for j in range(p)]
        if ll(tn) >= f0 - mp.mpf(10)**-50: break
        lam /= 2
        if lam < 1e-30: break
    t = tn
    if it % 100 == 0: print(it, mp.nstr(f0, 25), [mp.nstr(t[j]/s[j], 6) for j in range(p)], flush=True)
    if max(abs(x) for x in step) < mp.mpf(10)**-40: break
g, H = grad_hess(t)
print(it, mp.nstr(ll(t), 20))
print([mp.nstr(t[j]/s[j], 17) for j in range(p)])
print('grad', [mp.nstr(v, 5) for v in g])
Hi = mp.inverse(-mp.matrix(H))
print('se', [mp.nstr(mp.sqrt(Hi[j,j])/s[j], 8) for j in range(p)])
