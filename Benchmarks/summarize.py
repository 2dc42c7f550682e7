"""Prints the table of `bash Benchmarks/run.sh all`: per workload and task, each tool's median,
its ratio to Regress (peer time / Regress time, so > 1 means Regress is faster), peak memory,
the fitted exponents of cost in n and B, and the performance issue's targets, met or not.
Usage: python3 Benchmarks/summarize.py RESULTS.tsv  (lines: workload, task, tool, value)"""
import math
import sys
from collections import OrderedDict

rows = OrderedDict()
for line in open(sys.argv[1]):
    parts = line.rstrip("\n").split("\t")
    if len(parts) != 4:
        continue
    workload, task, tool, value = parts
    rows.setdefault((workload, task), OrderedDict())[tool] = float(value)


def value(workload, task, tool):
    return rows.get((workload, task), {}).get(tool)


print(f"{'workload':<28} {'task':<26} {'tool':<20} {'median s':>10} {'peer/Regress':>13}")
for (workload, task), tools in rows.items():
    base = tools.get("Regress")
    for tool, seconds in tools.items():
        if task.endswith("slowest / median"):
            print(f"{workload:<28} {task:<26} {tool:<20} {seconds:>10.3f} (a ratio)")
            continue
        if task == "peak RSS MB":
            print(f"{workload:<28} {task:<26} {tool:<20} {seconds:>8.0f} MB")
            continue
        ratio = f"{seconds / base:>12.1f}x" if base and tool != "Regress" else ""
        print(f"{workload:<28} {task:<26} {tool:<20} {seconds:>10.4f} {ratio:>13}")


def exponent(points):
    """Least-squares slope of log(time) on log(size)."""
    xs, ys = [math.log(a) for a, _ in points], [math.log(b) for _, b in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


print("\nCost exponents (slope of log time on log size; 1 = linear):")
for task in ("logit fit + SEs", "probit fit + SEs"):
    for p in (6, 21, 51):
        for tool in ("Regress", "statsmodels", "glum", "R glm"):
            points = [(n, value(f"(a) fit n={n} p={p}", task, tool)) for n in (10000, 100000, 1000000)]
            if all(t for _, t in points):
                # Also n = 10^5 and 10^6 alone: at 10^4 fixed costs dominate every tool.
                print(f"   {task:<18} p={p:<3} {tool:<12} n: {exponent(points[1:]):.2f} over 1e5..1e6, {exponent(points):.2f} over 1e4..1e6")
boot = "(c) bootstrap n=1282 p=15"
b_points = [(b, value(boot, t, "Regress")) for b, t in
            ((500, "bootstrap B=500, 2 threads"), (1000, "bootstrap B=1000, 2 threads"), (2000, "bootstrap B=2000"))]
if all(t for _, t in b_points):
    print(f"   bootstrap, Regress, B: {exponent(b_points):.2f} over 500..2000")


def target(label, ratio, goal):
    if ratio is None:
        print(f"   {label:<58} peer unavailable")
    elif goal is None:
        print(f"   {label:<58} {ratio:6.2f}  (no target; for reference)")
    else:
        print(f"   {label:<58} {ratio:6.2f}  (target {goal})  {'MET' if ratio >= goal else 'NOT MET'}")


def ratio(workload, task, peer):
    base, other = value(workload, task, "Regress"), value(workload, task, peer)
    return other / base if base and other else None


print("\nTargets (peer time / Regress time in this run):")
fit = "(a) fit n=1000000 p=21"
target("(a) logit n=1e6 p=21 vs glum", ratio(fit, "logit fit + SEs", "glum"), 4)
target("(a) logit n=1e6 p=21 vs statsmodels", ratio(fit, "logit fit + SEs", "statsmodels"), 15)
e2e = value("(b) CLI CSV 1e6x21", "CSV -> logit summary", "Regress")
if e2e:
    print(f"   {'(b) reshore fit, CSV 1e6 x 21 -> summary (seconds, target <= 1.5)':<58} {e2e:6.2f}  {'MET' if e2e <= 1.5 else 'NOT MET'}")
tail = value("(b) CLI CSV 1e6x21", "CSV -> logit summary, slowest / median", "Regress")
if tail:
    print(f"   {'(b) the same, slowest of ten runs / median (issue 35: <= 1.3)':<58} {tail:6.2f}  {'MET' if tail <= 1.3 else 'NOT MET'}")
target("(c) bootstrap vs statsmodels loop (in process)", ratio(boot, "bootstrap B=2000", "statsmodels"), 10)
target("(c) bootstrap vs R boot + glm() (the issue's workload)", ratio(boot, "bootstrap B=2000", "R boot"), 40)
target("(c) bootstrap vs R boot + glm.fit (stricter)", ratio(boot, "bootstrap B=2000", "R boot glm.fit"), None)
target("(d) AME vs statsmodels get_margeff", ratio("(d) AME n=1e6 p=21", "AME + delta SEs", "statsmodels"), 10)
target("(d) AME peak memory, statsmodels / Regress (a fraction: > 1)", ratio("(d) AME n=1e6 p=21", "peak RSS MB", "statsmodels"), 1)
target("(b) end to end vs pandas + statsmodels (issue 35: 8)", ratio("(b) CLI CSV 1e6x21", "CSV -> logit summary", "pandas+statsmodels"), 8)
target("(b) end to end vs polars + glum (issue 35: 5)", ratio("(b) CLI CSV 1e6x21", "CSV -> logit summary", "polars+glum"), 5)
target("(b) end to end vs polars + scikit-learn newton-cholesky (no SEs; issue 35: 5)", ratio("(b) CLI CSV 1e6x21", "CSV -> logit summary", "polars+scikit-learn (no SEs)"), 5)
target("(e) CSV read vs pandas", ratio("(e) CSV 1e6x21", "read CSV", "pandas"), 1.5)
target("(e) CSV read vs polars, in process (stricter than issue 35)", ratio("(e) CSV 1e6x21", "read CSV", "polars"), 2)
target("(e) CSV read vs polars, whole processes (issue 35: 2)", ratio("(e) CSV 1e6x21", "CSV read, whole process", "polars"), 2)
target("(g) CLI bootstrap vs pandas + statsmodels loop, whole process (issue 35: 20)", ratio("(g) CLI bootstrap B=2000 probit", "CSV -> bootstrap B=2000", "pandas+statsmodels"), 20)
target("(i) factor 1,000 levels vs pandas + statsmodels", ratio("(i) CLI factor 1000 levels n=2e4", "CSV -> logit summary", "pandas+statsmodels"), None)
target("(l) absorbed 2 x 2,000 levels vs pyfixest feglm (issue 35)", ratio("(l) CLI absorbed 2 x 2000 levels n=1e5", "CSV -> logit | g + h", "pandas+pyfixest"), 2)
estimated = value("(l) CLI estimated 2 x 2000 levels n=1e5", "CSV -> logit + C(g) + C(h)", "Regress")
if estimated:
    print(f"   {'(l) C(g) + C(h), 2 x 2,000 levels estimated (s; was > 600)':<58} {estimated:6.2f}")
target("(l) absorbed 10,000 levels vs pyfixest feglm (issue 35)", ratio("(l) CLI absorbed 1 x 10000 levels n=1e5", "CSV -> logit | g", "pandas+pyfixest"), 2)
study = value("(m) CLI reshore study", "default study run", "Regress")
if study:
    print(f"   {'(m) reshore study, the default run (s, issue 35: <= 2)':<58} {study:6.2f}  {'MET' if study <= 2 else 'NOT MET'}")
bca = value("(h) CLI BCa n=1e5 B=200", "peak RSS MB", "Regress")
if bca:
    print(f"   {'(h) BCa n=1e5 B=200, peak RSS (MB, target < 2048)':<58} {bca:6.0f}  {'MET' if bca < 2048 else 'NOT MET'}")
zero = value("(j) CLI --data /dev/zero", "peak RSS MB", "Regress")
if zero:
    print(f"   {'(j) --data /dev/zero refused, peak RSS (MB, bounded)':<58} {zero:6.0f}")
floor = [(task, t) for (w, task), tools in rows.items() if w.startswith("floor") for tool, t in tools.items()]
if floor:
    print("\nPhysical floor of the logit fit, n = 1e6, p = 21 (Regress floor suite):")
    for task, t in floor:
        print(f"   {task:<30} {t:.3f}")
