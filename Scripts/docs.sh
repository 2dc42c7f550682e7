#!/usr/bin/env bash
# Builds the DocC archive of the whole library (every module the umbrella `Regress` re-exports),
# combined into one archive with cross-module links, and fails on any documentation warning.
#   bash Scripts/docs.sh [OUTPUT]        default output: .build/documentation
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-.build/documentation}"
targets=(LinearAlgebra LinearPredictor Survey Distributions Tables Formulas Estimation Inference Resampling Modeling Reporting)
args=()
for target in "${targets[@]}"; do args+=(--target "$target"); done
log="$(mktemp)"
swift package --disable-sandbox generate-documentation --enable-experimental-combined-documentation \
    "${args[@]}" --output-path "$out" 2>&1 | tee "$log"
if grep -q "warning:" "$log"; then
    echo "documentation warnings (above): fix them" >&2
    exit 1
fi
echo "documentation archive: $out"
