#!/usr/bin/env bash
# Issue 35's user-path targets in one alternating run: whole processes (/usr/bin/time), Regress
# and each peer taking turns, so that a change in the machine's speed reaches both sides of every
# ratio (it moved the peers' times by 20-70 % between runs of the full suite). Prints each time,
# then the medians and the ratios. Usage: bash Benchmarks/targets.sh [ROUNDS]   (3 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
swift build -c release --product reshore >/dev/null
swift build -c release --product regress-benchmarks >/dev/null
bench=.build/release/regress-benchmarks reshore=.build/release/reshore peers=Benchmarks/peers
e2e=$("$bench" e2e-data --n 1000000 --p 21 | tail -1)
[ -f /tmp/regress-bench-1000000x21.csv ] || "$bench" csv --n 1000000 --p 21 --runs 1 >/dev/null   # the read's file
formula="y ~ $(seq -s ' + ' -f 'x%g' 1 20)"
[ -f /tmp/regress-bootstrap-1282x15.bin ] || "$bench" bootstrap --runs 1 >/dev/null
boot=$(python3 "$peers/cliff_data.py" frombin /tmp/regress-bootstrap-1282x15.bin /tmp/regress-bootstrap-1282x15.csv)
bootformula="y ~ $(seq -s ' + ' -f 'x%g' 1 14)"
log=$(mktemp)
timed() { local label=$1; shift; /usr/bin/time -f "$label %e" "$@" >/dev/null 2>>"$log" || echo "$label failed" >>"$log"; }
for _ in $(seq 1 "$rounds"); do
    timed e2e-regress "$reshore" fit --data "$e2e" --formula "$formula"
    timed e2e-statsmodels python3 "$peers/peer_e2e.py" "$e2e"
    timed e2e-regress "$reshore" fit --data "$e2e" --formula "$formula"
    timed e2e-glum python3 "$peers/peer_e2e.py" "$e2e" --polars
    timed e2e-regress "$reshore" fit --data "$e2e" --formula "$formula"
    timed e2e-sklearn python3 "$peers/peer_e2e.py" "$e2e" --sklearn
    for _ in 1 2 3; do
        timed boot-regress "$reshore" fit --data "$boot" --formula "$bootformula" --model probit --bootstrap 2000 --strata outcome --ci percentile
    done
    timed boot-statsmodels python3 "$peers/peer_bootstrap.py" "$boot" --csv
    timed study-regress "$reshore" study --out "$(mktemp -d)"
    # The CSV read alone as a whole process (the issue's definition: imports and reading on both
    # sides): one read of the 10^6 x 21 file by the benchmark binary, and by polars after
    # `import polars` (nothing else imported).
    for _ in 1 2; do
        timed read-regress "$bench" csv --n 1000000 --p 21 --runs 1
        timed read-polars python3 -c "import sys, polars; polars.read_csv(sys.argv[1])" /tmp/regress-bench-1000000x21.csv
    done
done
grep -v "^Command exited" "$log"
python3 - "$log" <<'PY'
import statistics, sys
times = {}
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) == 2 and parts[1].replace(".", "", 1).isdigit():
        times.setdefault(parts[0], []).append(float(parts[1]))
median = {k: statistics.median(v) for k, v in times.items()}
def ratio(peer, ours, goal):
    if peer in median and ours in median:
        r = median[peer] / median[ours]
        print(f"{peer:18} {median[peer]:6.2f} s / {ours} {median[ours]:5.2f} s = {r:5.1f}x   goal {goal}x   {'met' if r >= goal else 'not met'}")
ratio("e2e-statsmodels", "e2e-regress", 8)
ratio("e2e-glum", "e2e-regress", 5)
ratio("e2e-sklearn", "e2e-regress", 5)
ratio("boot-statsmodels", "boot-regress", 20)
ratio("read-polars", "read-regress", 2)
if "study-regress" in median:
    print(f"study-regress      {median['study-regress']:6.2f} s   goal <= 2 s   {'met' if median['study-regress'] <= 2 else 'not met'}")
PY
echo "CSV read alone in process (stricter than the issue's whole processes: no startup or imports on either side; Regress and polars taking turns, 3 runs each per turn):"
csvlog=$(mktemp)
for _ in $(seq 1 "$rounds"); do
    REGRESS_BENCH_EVERY_RUN=1 "$bench" csv --n 1000000 --p 21 --runs 3 | grep "runs:" >>"$csvlog"
    python3 "$peers/peer_csv.py" /tmp/regress-bench-1000000x21.csv --runs 3 --only polars --every-run >>"$csvlog"
done
python3 - "$csvlog" <<'PY'
import statistics, sys
times = {"regress": [], "polars": []}
for line in open(sys.argv[1]):
    label, _, values = line.partition("runs:")
    key = "polars" if "polars" in label else "regress"
    times[key] += [float(v) for v in values.split()]
if times["regress"] and times["polars"]:
    ours, peer = statistics.median(times["regress"]), statistics.median(times["polars"])
    print(f"CSVReader.read median {ours:.4f} s (min {min(times['regress']):.4f}, max {max(times['regress']):.4f})")
    print(f"polars read CSV median {peer:.4f} s (min {min(times['polars']):.4f}, max {max(times['polars']):.4f})")
    print(f"polars / Regress = {peer / ours:.1f}x   goal 2x   {'met' if peer / ours >= 2 else 'not met'}")
PY
rm -f "$csvlog"
rm -f "$log"
