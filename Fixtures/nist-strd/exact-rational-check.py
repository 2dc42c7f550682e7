# Exact rational least squares on NIST's Filip data (Python fractions), three ways:
#   1. decimal x and y as printed in Filip.dat           -> the certified values (LRE >= 14.5)
#   2. x, y rounded to binary64, powers exact            -> LRE ~14.1: the best a double-based program can reach
#   3. x, y rounded to binary64, powers rounded to double -> LRE ~7.7: the limit for ANY solver fed a plain double design
# This is why Regress keeps polynomial designs in double-double (Docs/accuracy.md).
# Run: python3 exact-rational-check.py   (a few seconds; Python 3 standard library only)
from fractions import Fraction as F
import math
lines=open(__import__("os").path.join(__import__("os").path.dirname(__import__("os").path.abspath(__file__)), "Filip.dat")).read().splitlines()
i=[k for k,l in enumerate(lines) if l.startswith("Data:")][-1]
data=[l.split() for l in lines[i+1:] if l.strip()]
cert=-1467.48961422980; cert10=-0.402962525080404E-04
def solve(xs, ys, deg=10, roundpow=False):
    p=deg+1
    X=[]
    for x in xs:
        row=[]
        for k in range(p):
            v=x**k
            if roundpow: v=F(float(v))
            row.append(v)
        X.append(row)
    A=[[sum(X[r][a]*X[r][b] for r in range(len(xs))) for b in range(p)] for a in range(p)]
    c=[sum(X[r][a]*ys[r] for r in range(len(xs))) for a in range(p)]
    # gaussian elimination exact
    n=p
    M=[A[a][:]+[c[a]] for a in range(n)]
    for col in range(n):
        piv=next(r for r in range(col,n) if M[r][col]!=0)
        M[col],M[piv]=M[piv],M[col]
        for r in range(n):
            if r!=col and M[r][col]!=0:
                f=M[r][col]/M[col][col]
                M[r]=[M[r][k]-f*M[col][k] for k in range(n+1)]
    return [M[a][n]/M[a][a] for a in range(n)]
ys_dec=[F(d[0]) for d in data]; xs_dec=[F(d[1]) for d in data]
ys_bin=[F(float(d[0])) for d in data]; xs_bin=[F(float(d[1])) for d in data]
def lre(x,c): return -math.log10(abs(float(x)-c)/abs(c)) if float(x)!=c else 15
b=solve(xs_dec,ys_dec); print("decimal exact  ", float(b[0]), lre(b[0],cert), lre(b[10],cert10))
b=solve(xs_bin,ys_bin); print("binary x,y exact powers", float(b[0]), lre(b[0],cert), lre(b[10],cert10))
b=solve(xs_bin,ys_bin,roundpow=True); print("binary, rounded powers", float(b[0]), lre(b[0],cert), lre(b[10],cert10))
