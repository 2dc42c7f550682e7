#!/usr/bin/env bash
# Runs Regress's benchmarks and their peers side by side in one session.
# Usage: bash Benchmarks/run.sh [linalg]
set -euo pipefail
cd "$(dirname "$0")/.."
suite="${1:-linalg}"
swift build -c release --product regress-benchmarks >/dev/null
echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== Regress"
/usr/bin/time -f "   peak RSS %M KB" .build/release/regress-benchmarks "$suite"
if python3 -c "import numpy" 2>/dev/null; then
    echo "== NumPy (peer)"
    /usr/bin/time -f "   peak RSS %M KB" python3 "Benchmarks/peers/$suite.py"
else
    echo "== NumPy unavailable: pip install numpy to run the peer"
fi
