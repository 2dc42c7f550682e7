#!/usr/bin/env bash
# Runs Regress's benchmarks and their peers side by side in one session.
# Usage: bash Benchmarks/run.sh all            every workload, then one table of medians and ratios
#        bash Benchmarks/run.sh SUITE          one suite: linalg|csv|dta|glm|margins|observations|bootstrap|separation|floor|crossproduct
#                                              (margins reads the file the glm suite exports)
# Peers: statsmodels, glum, pandas (pip), R glm and boot (apt). Missing peers are installed when
# REGRESS_BENCH_INSTALL=1 (needs the network or a mirror) and otherwise reported as unavailable.
set -euo pipefail
cd "$(dirname "$0")/.."
bench=.build/release/regress-benchmarks
peers=Benchmarks/peers

install_peers() {
    if [ "${REGRESS_BENCH_INSTALL:-0}" = 1 ]; then
        python3 -c "import statsmodels, glum, pandas" 2>/dev/null || pip install statsmodels glum pandas || true
        python3 -c "import pyfixest" 2>/dev/null || pip install pyfixest || true
        python3 -c "import sklearn, polars" 2>/dev/null || pip install scikit-learn polars || true
        command -v Rscript >/dev/null || { apt-get update && apt-get install -y r-base-core r-cran-boot r-cran-survey; } || true
    fi
    python3 -c "import statsmodels" 2>/dev/null || echo "!! statsmodels unavailable: pip install statsmodels (or REGRESS_BENCH_INSTALL=1)"
    python3 -c "import glum" 2>/dev/null || echo "!! glum unavailable: pip install glum (or REGRESS_BENCH_INSTALL=1)"
    python3 -c "import pandas" 2>/dev/null || echo "!! pandas unavailable: pip install pandas (or REGRESS_BENCH_INSTALL=1)"
    python3 -c "import sklearn" 2>/dev/null || echo "!! scikit-learn unavailable: pip install scikit-learn (or REGRESS_BENCH_INSTALL=1)"
    python3 -c "import pyfixest" 2>/dev/null || echo "!! pyfixest unavailable: pip install pyfixest (or REGRESS_BENCH_INSTALL=1)"
    command -v Rscript >/dev/null || echo "!! R unavailable: apt-get install -y r-base-core r-cran-boot (or REGRESS_BENCH_INSTALL=1)"
    return 0
}

# measured TOOL CMD...: runs CMD under /usr/bin/time, prints its output, records its peak RSS.
measured() {
    local tool="$1"; shift
    local rss; rss=$(mktemp)
    if /usr/bin/time -f "%M" -o "$rss" "$@"; then
        echo "   peak RSS $(($(tail -1 "$rss") / 1024)) MB"
        [ -n "${REGRESS_BENCH_RESULTS:-}" ] && printf '%s\tpeak RSS MB\t%s\t%s\n' "${REGRESS_BENCH_WORKLOAD:-}" "$tool" "$(($(tail -1 "$rss") / 1024))" >> "$REGRESS_BENCH_RESULTS"
    else
        echo "   !! $tool failed"
    fi
    rm -f "$rss"
    return 0
}
have_python() { python3 -c "import $1" 2>/dev/null; }
have_r() { command -v Rscript >/dev/null && Rscript -e "suppressPackageStartupMessages(library($1))" >/dev/null 2>&1; }

suite() {
    local name="$1"; shift
    echo "== Regress $name $*"
    measured Regress "$bench" "$name" "$@"
    case "$name" in
        linalg) have_python numpy && measured numpy python3 "$peers/peer_linalg.py" ;;
        csv) have_python pandas && measured pandas python3 "$peers/peer_csv.py" /tmp/regress-bench-1000000x21.csv ;;
        dta) have_python pandas && measured pandas python3 "$peers/peer_dta.py" /tmp/regress-bench-1000000x21.dta ;;
        glm)
            local n=1000000 p=21 runs=3
            while [ $# -gt 0 ]; do case "$1" in --n) n=$2; shift ;; --p) p=$2; shift ;; --runs) runs=$2; shift ;; esac; shift; done
            local file="/tmp/regress-glm-${n}x${p}.bin"
            have_python statsmodels && measured "statsmodels+glum" python3 "$peers/peer_glm.py" "$file" --runs "$runs"
            have_r stats && measured R Rscript "$peers/peer_glm.R" "$file" "$runs" ;;
        margins) have_python statsmodels && measured statsmodels python3 "$peers/peer_margins.py" /tmp/regress-glm-1000000x21.bin ;;
        bootstrap)
            have_python statsmodels && measured statsmodels python3 "$peers/peer_bootstrap.py" /tmp/regress-bootstrap-1282x15.bin
            have_r boot && measured R Rscript "$peers/peer_bootstrap.R" /tmp/regress-bootstrap-1282x15.bin ;;
    esac
    return 0
}

# wall TASK TOOL RUNS CMD...: median wall time of RUNS whole-process runs of CMD, recorded.
wall() {
    local task="$1" tool="$2" runs="$3"; shift 3
    local times=() rss=0 out; out=$(mktemp)
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "%e %M" -o "$out" "$@" >/dev/null || { echo "   !! $tool failed"; rm -f "$out"; return 0; }
        times+=("$(tail -1 "$out" | cut -d' ' -f1)"); rss=$(tail -1 "$out" | cut -d' ' -f2)
    done
    rm -f "$out"
    local median; median=$(printf '%s\n' "${times[@]}" | sort -g | sed -n "$(( (runs + 1) / 2 ))p")
    local sorted; sorted=$(printf '%s\n' "${times[@]}" | sort -g)
    echo "   $tool: median $median s over $runs runs (min $(echo "$sorted" | head -1), max $(echo "$sorted" | tail -1); ${times[*]}), peak RSS $((rss / 1024)) MB"
    printf '%s\t%s\t%s\t%s\n%s\tpeak RSS MB\t%s\t%s\n' "$REGRESS_BENCH_WORKLOAD" "$task" "$tool" "$median" \
        "$REGRESS_BENCH_WORKLOAD" "$tool" "$((rss / 1024))" >> "$REGRESS_BENCH_RESULTS"
    # The tail (issue 35, item 3): with ten runs or more, the slowest over the median.
    if [ "$runs" -ge 10 ]; then
        printf '%s\t%s\t%s\t%s\n' "$REGRESS_BENCH_WORKLOAD" "$task, slowest / median" "$tool" \
            "$(awk -v a="$(echo "$sorted" | tail -1)" -v b="$median" 'BEGIN { printf "%.3f", a / b }')" >> "$REGRESS_BENCH_RESULTS"
    fi
}

swift build -c release --product regress-benchmarks >/dev/null
swift build -c release --product reshore >/dev/null
echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u '+%F %H:%M UTC')"
what="${1:-all}"
if [ "$what" != all ]; then
    shift || true
    suite "$what" "$@"
    exit 0
fi

install_peers
# The peers' versions, so a run's ratios say what they were measured against (issue 35, item 4).
python3 - <<'PY' || true
import importlib
found = []
for name in ["numpy", "pandas", "polars", "statsmodels", "glum", "sklearn", "pyfixest"]:
    try:
        found.append(f"{name} {importlib.import_module(name).__version__}")
    except Exception:
        found.append(f"{name} unavailable")
print("== peers: " + ", ".join(found))
PY
command -v Rscript >/dev/null && echo "== R: $(Rscript -e 'cat(R.version.string)' 2>/dev/null)"
export REGRESS_BENCH_RESULTS="${REGRESS_BENCH_RESULTS:-/tmp/regress-bench-results.tsv}"
: > "$REGRESS_BENCH_RESULTS"
# (a) logit and probit fits with standard errors, data in memory, over the n × p grid.
for n in 10000 100000 1000000; do
    for p in 6 21 51; do
        runs=5   # five at every size: three runs at n = 10⁶ let one noisy run move the median
        export REGRESS_BENCH_WORKLOAD="(a) fit n=$n p=$p"
        suite glm --n "$n" --p "$p" --runs "$runs"
    done
done
# (b) end to end through the CLI: CSV of 1,000,000 × 21 (y, x1..x20) -> summary.
export REGRESS_BENCH_WORKLOAD="(b) CLI CSV 1e6x21"
e2e=$("$bench" e2e-data --n 1000000 --p 21)
formula="y ~ $(seq -s ' + ' -f 'x%g' 1 20)"
echo "== end to end: $e2e"
# Ten runs of Regress: the tail's row (slowest within 1.3x the median, issue 35 item 3).
wall "CSV -> logit summary" Regress 10 .build/release/reshore fit --data "$e2e" --formula "$formula"
have_python statsmodels && wall "CSV -> logit summary" "pandas+statsmodels" 3 python3 "$peers/peer_e2e.py" "$e2e"
have_python polars && have_python glum && wall "CSV -> logit summary" "polars+glum" 3 python3 "$peers/peer_e2e.py" "$e2e" --polars
have_python polars && have_python sklearn && wall "CSV -> logit summary" "polars+scikit-learn (no SEs)" 3 python3 "$peers/peer_e2e.py" "$e2e" --sklearn
# (c) bootstrap, (d) AMEs, (e) CSV reading, then the physical floor of the fit.
export REGRESS_BENCH_WORKLOAD="(c) bootstrap n=1282 p=15"; suite bootstrap --runs 3
export REGRESS_BENCH_WORKLOAD="(d) AME n=1e6 p=21"; suite margins --runs 3
export REGRESS_BENCH_WORKLOAD="(d') observations n=1e6 p=21"; suite observations --runs 3
export REGRESS_BENCH_WORKLOAD="(e) CSV 1e6x21"; suite csv --runs 3
# The same read as whole processes (issue 35's measure: imports and reading on both sides): one
# read by the benchmark binary, one by polars after `import polars`.
echo "== the CSV read as whole processes"
wall "CSV read, whole process" Regress 3 "$bench" csv --n 1000000 --p 21 --runs 1
have_python polars && wall "CSV read, whole process" polars 3 python3 -c "import sys, polars; polars.read_csv(sys.argv[1])" /tmp/regress-bench-1000000x21.csv
# (e') the same table as a Stata file (issue 32), written by pandas from the CSV.
python3 "$peers/peer_dta.py" /tmp/regress-bench-1000000x21.dta --make-from /tmp/regress-bench-1000000x21.csv >/dev/null
export REGRESS_BENCH_WORKLOAD="(e') Stata .dta 1e6x21"; suite dta --runs 3
# (e'') normals as pandas writes them: up to 17 significant digits, beyond Clinger's fast path
# (Eisel-Lemire's; Double(String) took 1.3 s of the 1.4 s read before it).
if have_python pandas; then
    python3 "$peers/peer_csv.py" /tmp/regress-pandas-1000000x21.csv --write-17-digits
    export REGRESS_BENCH_WORKLOAD="(e'') CSV 1e6x21, 17 digits"
    echo "== Regress csv, 17 significant digits"
    measured Regress "$bench" csv --file /tmp/regress-pandas-1000000x21.csv --n 1000000 --p 21 --runs 3
    measured pandas python3 "$peers/peer_csv.py" /tmp/regress-pandas-1000000x21.csv
fi
# (f) the no-cliffs workloads: wide designs through the CLI (the separation check used to take
# minutes on them), then the separation suite (the check against the fit, in the library).
for shape in "20000 200" "3000 500"; do
    read -r rows terms <<< "$shape"
    export REGRESS_BENCH_WORKLOAD="(f) CLI CSV ${rows}x${terms} logit"
    wide=$("$bench" e2e-data --n "$rows" --p $((terms + 1)) --file "/tmp/regress-wide-${rows}x${terms}.csv")
    wall "CSV -> logit summary" Regress 3 .build/release/reshore fit --data "$wide" --formula "y ~ $(seq -s ' + ' -f 'x%g' 1 "$terms")"
    have_python statsmodels && wall "CSV -> logit summary" "pandas+statsmodels" 3 python3 "$peers/peer_e2e.py" "$wide"
done
export REGRESS_BENCH_WORKLOAD="(f) separation check"; suite separation --runs 3
# (g) the bootstrap as a user runs it: `reshore fit --bootstrap 2000` on the CSV of the (c) data,
# whole process, against pandas + the statsmodels loop, whole process.
export REGRESS_BENCH_WORKLOAD="(g) CLI bootstrap B=2000 probit"
bootcsv=$(python3 "$peers/cliff_data.py" frombin /tmp/regress-bootstrap-1282x15.bin /tmp/regress-bootstrap-1282x15.csv)
wall "CSV -> bootstrap B=2000" Regress 3 .build/release/reshore fit --data "$bootcsv" --formula "y ~ $(seq -s ' + ' -f 'x%g' 1 14)" \
    --model probit --bootstrap 2000 --strata outcome --ci percentile
have_python statsmodels && wall "CSV -> bootstrap B=2000" "pandas+statsmodels" 1 python3 "$peers/peer_bootstrap.py" "$bootcsv" --csv
# (h) BCa at n = 10^5, B = 200 (the jackknife used to need n^2 memory, then n refits): the default
# acceleration (influence values above 5,000 rows) and percentile alone for scale.
export REGRESS_BENCH_WORKLOAD="(h) CLI BCa n=1e5 B=200"
bcacsv=$(python3 "$peers/cliff_data.py" numeric /tmp/regress-bca-100000x5.csv 100000 5)
wall "bootstrap BCa+percentile" Regress 3 .build/release/reshore fit --data "$bcacsv" --formula "y ~ x1 + x2 + x3 + x4 + x5" --bootstrap 200
export REGRESS_BENCH_WORKLOAD="(h) CLI percentile n=1e5 B=200"
wall "bootstrap percentile" Regress 3 .build/release/reshore fit --data "$bcacsv" --formula "y ~ x1 + x2 + x3 + x4 + x5" --bootstrap 200 --ci percentile
# (i) many-level factors: a 1,000-level factor on 20,000 rows against statsmodels, the issue's
# 10,000 levels on 2*10^4 and 10^5 rows, and AMEs of a 190-level factor on 10^5 rows (a factor of
# more than 64 levels is held as codes, DesignMatrix; the sweeps, solves and covariance go
# through IndicatorBlock).
export REGRESS_BENCH_WORKLOAD="(i) CLI factor 1000 levels n=2e4"
factorcsv=$(python3 "$peers/cliff_data.py" factor /tmp/regress-factor-20000x1000.csv 20000 1000)
wall "CSV -> logit summary" Regress 1 .build/release/reshore fit --data "$factorcsv" --formula "y ~ x1 + x2 + C(g)"
have_python statsmodels && wall "CSV -> logit summary" "pandas+statsmodels" 1 python3 "$peers/peer_e2e.py" "$factorcsv" --formula "y ~ x1 + x2 + C(g)"
# The issue's 10,000-level factor on 20,000 rows (no peer: statsmodels' dense Newton would need a
# 10^4 x 10^4 inverse per iteration).
export REGRESS_BENCH_WORKLOAD="(i) CLI factor 10000 levels n=2e4"
factor10k=$(python3 "$peers/cliff_data.py" factor /tmp/regress-factor-20000x10000.csv 20000 10000)
wall "CSV -> logit summary" Regress 1 .build/release/reshore fit --data "$factor10k" --formula "y ~ x1 + x2 + C(g)"
export REGRESS_BENCH_WORKLOAD="(i) CLI AME factor 10000 levels n=2e4"
wall "CSV -> fit + AMEs" Regress 1 .build/release/reshore fit --data "$factor10k" --formula "y ~ x1 + x2 + C(g)" --margins ame
export REGRESS_BENCH_WORKLOAD="(i) CLI factor 10000 levels n=1e5"
factor10k5=$(python3 "$peers/cliff_data.py" factor /tmp/regress-factor-100000x10000.csv 100000 10000)
wall "CSV -> logit summary" Regress 1 .build/release/reshore fit --data "$factor10k5" --formula "y ~ x1 + x2 + C(g)"
have_python glum && wall "CSV -> logit fit (no SEs)" "pandas+glum categorical" 1 python3 "$peers/peer_e2e.py" "$factor10k5" --glum-categorical
export REGRESS_BENCH_WORKLOAD="(i) CLI AME factor 10000 levels n=1e5"
wall "CSV -> fit + AMEs" Regress 1 .build/release/reshore fit --data "$factor10k5" --formula "y ~ x1 + x2 + C(g)" --margins ame
export REGRESS_BENCH_WORKLOAD="(i) CLI AME factor 190 levels n=1e5"
amecsv=$(python3 "$peers/cliff_data.py" factor /tmp/regress-factor-100000x190.csv 100000 190)
wall "CSV -> fit + AMEs" Regress 1 .build/release/reshore fit --data "$amecsv" --formula "y ~ x1 + x2 + C(g)" --margins ame
# (k) survey designs (issue 31), whole process CSV -> summary against R survey's svyglm: a
# linearised design of 10^6 rows in 1,000 strata and 20,000 PSUs with an fpc, and 80 JK1 replicate
# weights on 10^5 rows.
export REGRESS_BENCH_WORKLOAD="(k) CLI survey design n=1e6, 1000 strata, 20000 PSUs"
surveycsv=$(python3 "$peers/survey_data.py" design /tmp/regress-survey-1e6.csv 1000000 1000 20000)
wall "CSV -> svyglm summary" Regress 3 .build/release/reshore fit --data "$surveycsv" --formula "y ~ x1 + x2 + x3 + x4 + x5" \
    --design "strata=h,psu=psu,weights=w,fpc=N"
have_r survey && wall "CSV -> svyglm summary" "R survey" 1 Rscript "$peers/peer_survey.R" design "$surveycsv"
export REGRESS_BENCH_WORKLOAD="(k) CLI survey JK1 80 replicates n=1e5"
jkcsv=$(python3 "$peers/survey_data.py" jk1 /tmp/regress-survey-jk1-1e5.csv 100000 80)
wall "CSV -> svyglm summary" Regress 3 .build/release/reshore fit --data "$jkcsv" --formula "y ~ x1 + x2 + x3 + x4 + x5" \
    --design "weights=w,replicates=rep_*,type=jk1"
have_r survey && wall "CSV -> svyglm summary" "R survey" 1 Rscript "$peers/peer_survey.R" jk1 "$jkcsv" 80
# (j) input bounds: /dev/zero is refused (not text) at once, in bounded memory.
export REGRESS_BENCH_WORKLOAD="(l) CLI absorbed 2 x 2000 levels n=1e5"
twoway=$(python3 "$peers/cliff_data.py" twoway /tmp/regress-twoway-100000x2000.csv 100000 2000)
wall "CSV -> logit | g + h" Regress 3 .build/release/reshore fit --data "$twoway" --formula "y ~ x1 + x2 | g + h"
have_python pyfixest && wall "CSV -> logit | g + h" "pandas+pyfixest" 3 python3 "$peers/peer_fixest.py" "$twoway" "y ~ x1 + x2 | g + h"
# The same two factors estimated, every level reported with its standard error (C(g) + C(h): both
# held as codes, issue 35); pyfixest's feglm above reports only x1 and x2.
export REGRESS_BENCH_WORKLOAD="(l) CLI estimated 2 x 2000 levels n=1e5"
wall "CSV -> logit + C(g) + C(h)" Regress 3 .build/release/reshore fit --data "$twoway" --formula "y ~ x1 + x2 + C(g) + C(h)"
export REGRESS_BENCH_WORKLOAD="(l) CLI absorbed 1 x 10000 levels n=1e5"
wall "CSV -> logit | g" Regress 3 .build/release/reshore fit --data "$factor10k5" --formula "y ~ x1 + x2 | g"
have_python pyfixest && wall "CSV -> logit | g" "pandas+pyfixest" 3 python3 "$peers/peer_fixest.py" "$factor10k5" "y ~ x1 + x2 | g"
# (m) the default study run (issue 35: at most 2 s), whole process, each run into a new folder.
export REGRESS_BENCH_WORKLOAD="(m) CLI reshore study"
wall "default study run" Regress 3 bash -c '.build/release/reshore study --out "$(mktemp -d)"'
export REGRESS_BENCH_WORKLOAD="(j) CLI --data /dev/zero"
wall "refused" Regress 3 bash -c '! .build/release/reshore fit --data /dev/zero --formula "y ~ x" 2>/dev/null'
export REGRESS_BENCH_WORKLOAD="floor n=1e6 p=21"; suite floor --runs 5
echo
python3 Benchmarks/summarize.py "$REGRESS_BENCH_RESULTS"
