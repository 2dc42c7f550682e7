"""Shared by the Python peers: reads the float64 file `regress-benchmarks glm` exports (n, p, then
X column-major, then y) and records tagged medians for `bash Benchmarks/run.sh all`."""
import os
import numpy as np


def record(task, tool, seconds):
    """Appends "workload<TAB>task<TAB>tool<TAB>seconds" to $REGRESS_BENCH_RESULTS, when set."""
    path = os.environ.get("REGRESS_BENCH_RESULTS")
    if path:
        with open(path, "a") as f:
            f.write(f"{os.environ.get('REGRESS_BENCH_WORKLOAD', '')}\t{task}\t{tool}\t{seconds}\n")


def timed_reads(task, tool, version, read, path, runs, every_run=False):
    """Median and minimum of `runs` reads of `path` by `read`, printed and recorded as `task`;
    with `every_run`, each run's time first (`Benchmarks/targets.sh` pools them across turns)."""
    import time
    t = []
    for _ in range(runs):
        s = time.perf_counter(); frame = read(path); t.append(time.perf_counter() - s)
    if every_run:
        print(f"{tool} {task} runs: " + " ".join(f"{v:.4f}" for v in t))
    t.sort()
    print(f"{tool} {version} {task:<20} median {t[len(t)//2]:.4f} s   min {t[0]:.4f} s   max {t[-1]:.4f} s  ({frame.shape[0]} x {frame.shape[1]})")
    record(task, tool, t[len(t) // 2])


def load(path):
    raw = np.fromfile(path, dtype=np.float64)
    n, p = int(raw[0]), int(raw[1])
    X = raw[2:2 + n * p].reshape((n, p), order="F")
    y = raw[2 + n * p:2 + n * p + n]
    return X, y, n, p
