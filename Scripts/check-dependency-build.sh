#!/usr/bin/env bash
# Builds a throwaway package that depends on this commit of Regress by version, as an analysis
# would (`.package(url:, from:)`). SwiftPM refuses unsafe flags in a package resolved by version;
# Package.swift leaves its debug-build -O out for dependency checkouts, and this proves it does.
#   bash Scripts/check-dependency-build.sh
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone -q --bare "$repo" "$work/regress.git"
git -C "$work/regress.git" tag 0.0.1 "$(git -C "$repo" rev-parse HEAD)"
mkdir -p "$work/consumer/Sources/Consumer"
cat > "$work/consumer/Package.swift" <<MANIFEST
// swift-tools-version: 6.0
import PackageDescription
let package = Package(
    name: "Consumer",
    dependencies: [.package(url: "file://$work/regress.git", from: "0.0.1")],
    targets: [.executableTarget(name: "Consumer", dependencies: [.product(name: "Regress", package: "regress")])]
)
MANIFEST
cat > "$work/consumer/Sources/Consumer/main.swift" <<'SOURCE'
import Regress
let x: [Double] = [1, 2, 3, 4, 5], y: [Double] = [1.1, 1.9, 3.2, 3.9, 5.1]
let fit = try OLS.fit(design: Matrix(columnVectors: [[Double](repeating: 1, count: 5), x]), response: y,
                      termNames: ["Intercept", "x"])
print("Regress as a dependency: slope", fit.coefficients[1].estimate ?? .nan)
SOURCE
cd "$work/consumer"
swift build 2>&1 | grep -E "error|warning: .*unsafe|Compiling Regress|Build" | tail -5
./.build/debug/Consumer
