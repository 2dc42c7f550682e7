#!/usr/bin/env bash
# Runs Regress's benchmarks and their peers side by side in one session.
# Usage: bash Benchmarks/run.sh [linalg|csv]
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
esac
if python3 -c "import $peer_module" 2>/dev/null; then
    echo "== $peer_module (peer)"
    /usr/bin/time -f "   peak RSS %M KB" python3 "Benchmarks/peers/peer_$suite.py" "${peer_args[@]}"
else
    echo "== $peer_module unavailable: pip install $peer_module to run the peer"
fi
