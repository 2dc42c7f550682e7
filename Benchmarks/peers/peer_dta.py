"""pandas and pyreadstat peers for `regress-benchmarks dta`: read the same Stata file.
Usage: python3 Benchmarks/peers/peer_dta.py FILE.dta [--runs R] [--make-from CSV]
With --make-from, writes FILE.dta from the CSV first (pandas to_stata, version 118) if it is missing."""
import argparse, os, time
import pandas as pd
from peer_data import timed_reads

ap = argparse.ArgumentParser()
ap.add_argument("file")
ap.add_argument("--runs", type=int, default=3)
ap.add_argument("--make-from")
a = ap.parse_args()
if a.make_from and not os.path.exists(a.file):
    pd.read_csv(a.make_from).to_stata(a.file, write_index=False, version=118)
    print(a.file)
    raise SystemExit(0)


def timed(tool, version, read):
    timed_reads("read .dta", tool, version, read, a.file, a.runs)


timed("pandas", pd.__version__, pd.read_stata)
try:
    import pyreadstat
except ImportError:
    print("!! pyreadstat unavailable: pip install pyreadstat")
else:
    timed("pyreadstat", pyreadstat.__version__, lambda f: pyreadstat.read_dta(f)[0])
