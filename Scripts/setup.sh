#!/usr/bin/env bash
# Installs the system libraries Regress links against (LAPACKE, OpenBLAS and ReadStat) on Debian or Ubuntu:
# as root directly, otherwise through sudo. Refreshes the package lists first (a fresh machine has
# none, and `apt-get install` then fails with "Unable to locate package").
#   bash Scripts/setup.sh
set -euo pipefail
packages=(liblapacke-dev libopenblas-dev libreadstat-dev)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -eq 0 ]; then
    echo "Already installed: ${packages[*]}"
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    run=()
elif command -v sudo >/dev/null 2>&1; then
    run=(sudo)
else
    echo "Installing ${missing[*]} needs root: run this script as root, or install sudo." >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${run[@]}" apt-get update
"${run[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
