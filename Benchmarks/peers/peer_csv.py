"""pandas and polars peers for `regress-benchmarks csv`: read the same file (polars in parallel on all cores).
Usage: python3 Benchmarks/peers/peer_csv.py FILE [--runs R]"""
import argparse, time
import pandas as pd
from peer_data import record

ap = argparse.ArgumentParser()
ap.add_argument("file")
ap.add_argument("--runs", type=int, default=3)
a = ap.parse_args()


def timed(tool, version, read):
    """Median and minimum of `a.runs` reads, printed and recorded as "read CSV"."""
    t = []
    for _ in range(a.runs):
        s = time.perf_counter(); frame = read(a.file); t.append(time.perf_counter() - s)
    t.sort()
    print(f"{tool} {version} read_csv             median {t[len(t)//2]:.4f} s   min {t[0]:.4f} s  ({frame.shape[0]} x {frame.shape[1]})")
    record("read CSV", tool, t[len(t) // 2])


timed("pandas", pd.__version__, pd.read_csv)
try:
    import polars as pl
except ImportError:
    print("!! polars unavailable: pip install polars")
else:
    timed("polars", pl.__version__, pl.read_csv)
