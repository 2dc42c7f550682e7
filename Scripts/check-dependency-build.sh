#!/usr/bin/env bash
# Builds a throwaway package that depends on this commit of Regress by its version tag, as an
# analysis would (`.package(url:, from: "0.2.0")`): the version is RegressVersion.current
# (Sources/Modeling/Version.swift); the tag of that name must point at HEAD, or, on a commit after
# the release, a tag of that name is made in a scratch clone. SwiftPM refuses unsafe flags in a package resolved by version;
# Package.swift leaves its debug-build -O out for dependency checkouts, and this proves it does.
#   bash Scripts/check-dependency-build.sh
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
version="$(sed -n 's/.*current = "\([0-9][0-9.]*\)".*/\1/p' "$repo/Sources/Modeling/Version.swift")"
[ -n "$version" ] || { echo "no version in Sources/Modeling/Version.swift" >&2; exit 1; }
git clone -q --bare "$repo" "$work/regress.git"
head="$(git -C "$repo" rev-parse HEAD)"
if [ "$(git -C "$work/regress.git" rev-parse -q --verify "refs/tags/$version^{commit}" || true)" != "$head" ]; then
    git -C "$work/regress.git" tag -f "$version" "$head" >/dev/null
fi
mkdir -p "$work/consumer/Sources/Consumer"
cat > "$work/consumer/Package.swift" <<MANIFEST
// swift-tools-version: 6.0
import PackageDescription
let package = Package(
    name: "Consumer",
    dependencies: [.package(url: "file://$work/regress.git", from: "$version")],
    targets: [.executableTarget(name: "Consumer", dependencies: [.product(name: "Regress", package: "regress")])]
)
MANIFEST
cat > "$work/consumer/Sources/Consumer/main.swift" <<'SOURCE'
import Regress
let x: [Double] = [1, 2, 3, 4, 5], y: [Double] = [1.1, 1.9, 3.2, 3.9, 5.1]
let fit = try OLS.fit(design: Matrix(columnVectors: [[Double](repeating: 1, count: 5), x]), response: y,
                      termNames: ["Intercept", "x"])
print("Regress \(RegressVersion.current) as a dependency: slope", fit.coefficients[1].estimate ?? .nan)
let table = try CSVReader.read(text: "y,x,g\n1,2.5,a\n0,1.0,b\n1,3.5,a\n0,0.5,b\n1,2.0,a\n0,1.5,b\n1,0.7,b\n0,2.2,a\n")
let model = try BinaryRegression.fit("y ~ x + C(g)", data: table, model: .probit)
print("probit through the fitted-model API: HC3 SE of x", (try model.covariance(.hc3))[1, 1].squareRoot())
SOURCE
cd "$work/consumer"
swift build 2>&1 | grep -E "error|warning: .*unsafe|Compiling Regress|Build" | tail -5
./.build/debug/Consumer
