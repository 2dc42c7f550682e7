#!/usr/bin/env bash
# Runs Regress's benchmarks and their peers side by side in one session.
# Usage: bash Benchmarks/run.sh [linalg|csv|glm|margins|bootstrap]  (margins reads the file the glm suite exports)
set -euo pipefail
cd "$(dirname "$0")/.."
suite="${1:-linalg}"
swift build -c release --product regress-benchmarks >/dev/null
echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== Regress"
/usr/bin/time -f "   peak RSS %M KB" .build/release/regress-benchmarks "$suite"
case "$suite" in
    linalg) peer_module=numpy; peer_args=() ;;
    csv) peer_module=pandas; peer_args=(/tmp/regress-bench-1000000x21.csv) ;;
    glm) peer_module=numpy; peer_args=(/tmp/regress-glm-1000000x21.bin) ;;
    margins) peer_module=statsmodels; peer_args=(/tmp/regress-glm-1000000x21.bin) ;;
    bootstrap) peer_module=statsmodels; peer_args=(/tmp/regress-bootstrap-1282x15.bin) ;;
esac
if python3 -c "import $peer_module" 2>/dev/null; then
    echo "== $peer_module (peer)"
    /usr/bin/time -f "   peak RSS %M KB" python3 "Benchmarks/peers/peer_$suite.py" "${peer_args[@]}"
else
    echo "== $peer_module unavailable: pip install $peer_module to run the peer"
fi
if [ "$suite" = glm ] || [ "$suite" = bootstrap ]; then
    if command -v Rscript >/dev/null; then
        echo "== R (peer)"
        /usr/bin/time -f "   peak RSS %M KB" Rscript "Benchmarks/peers/peer_$suite.R" "${peer_args[@]}"
    else
        echo "== R unavailable: apt-get install -y r-base-core to run the peer"
    fi
fi
