"""pandas and polars peers for `regress-benchmarks csv`: read the same file (polars in parallel on all cores).
Usage: python3 Benchmarks/peers/peer_csv.py FILE [--runs R] [--only pandas|polars] [--every-run] [--write-17-digits]"""
import argparse, time
import pandas as pd
from peer_data import timed_reads

ap = argparse.ArgumentParser()
ap.add_argument("file")
ap.add_argument("--runs", type=int, default=3)
ap.add_argument("--only", choices=["pandas", "polars"], help="read with one tool only")
ap.add_argument("--every-run", action="store_true", help="print each run's time too")
ap.add_argument("--write-17-digits", action="store_true",
                help="write FILE (if absent): 10^6 x 21 standard normals as pandas writes them "
                     "(shortest round trip, up to 17 significant digits), then exit")
a = ap.parse_args()

if a.write_17_digits:
    import os
    import numpy as np
    if not os.path.exists(a.file):
        frame = pd.DataFrame(np.random.default_rng(1).standard_normal((1_000_000, 21)),
                             columns=[f"x{i}" for i in range(1, 22)])
        frame.to_csv(a.file, index=False)
    raise SystemExit(0)


def timed(tool, version, read):
    timed_reads("read CSV", tool, version, read, a.file, a.runs, every_run=a.every_run)


if a.only != "polars":
    timed("pandas", pd.__version__, pd.read_csv)
if a.only != "pandas":
    try:
        import polars as pl
    except ImportError:
        print("!! polars unavailable: pip install polars")
    else:
        timed("polars", pl.__version__, pl.read_csv)
