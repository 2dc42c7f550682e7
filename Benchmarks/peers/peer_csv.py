"""pandas and polars peers for `regress-benchmarks csv`: read the same file (polars in parallel on all cores).
Usage: python3 Benchmarks/peers/peer_csv.py FILE [--runs R] [--only pandas|polars] [--every-run]"""
import argparse, time
import pandas as pd
from peer_data import timed_reads

ap = argparse.ArgumentParser()
ap.add_argument("file")
ap.add_argument("--runs", type=int, default=3)
ap.add_argument("--only", choices=["pandas", "polars"], help="read with one tool only")
ap.add_argument("--every-run", action="store_true", help="print each run's time too")
a = ap.parse_args()


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
