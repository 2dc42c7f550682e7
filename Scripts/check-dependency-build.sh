#!/usr/bin/env bash
# Builds a throwaway package that depends on this commit of Regress as an analysis would, and
# proves that Package.swift's debug-build -O (an unsafe flag) stays out of a dependency checkout,
# which SwiftPM would otherwise refuse when the dependency is resolved by version.
#
# Where this repository has a tag named RegressVersion.current (Sources/Modeling/Version.swift),
# the consumer depends on it with `from:` (the release check). Without such a tag (a fresh clone,
# or a commit after a release) it depends on HEAD by `revision:`, as README's "Pinning a revision"
# tells users to; this script never creates the tag it would then check for. In both cases the
# checkout's manifest is dumped and must declare no unsafe flags.
#   bash Scripts/check-dependency-build.sh
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
version="$(sed -n 's/.*current = "\([0-9][0-9.]*\)".*/\1/p' "$repo/Sources/Modeling/Version.swift")"
[ -n "$version" ] || { echo "no version in Sources/Modeling/Version.swift" >&2; exit 1; }
git clone -q --bare "$repo" "$work/regress.git"
head="$(git -C "$repo" rev-parse HEAD)"
tagged="$(git -C "$repo" rev-parse -q --verify "refs/tags/$version^{commit}" || true)"
if [ -n "$tagged" ]; then
    requirement="from: \"$version\""
    echo "Regress $version is tagged (at $tagged): the consumer depends on it with $requirement"
else
    requirement="revision: \"$head\""
    echo "No tag $version in this repository: the consumer depends on HEAD with revision: (the tag is not made here)"
fi
mkdir -p "$work/consumer/Sources/Consumer"
cat > "$work/consumer/Package.swift" <<MANIFEST
// swift-tools-version: 6.0
import PackageDescription
let package = Package(
    name: "Consumer",
    dependencies: [.package(url: "file://$work/regress.git", $requirement)],
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
# The checkout's manifest as SwiftPM evaluates it there: no unsafe flags may remain.
checkout="$(find .build/checkouts -maxdepth 1 -mindepth 1 -type d | head -1)"
if (cd "$checkout" && swift package dump-package) | grep -q '"unsafeFlags"'; then
    echo "Package.swift declares unsafe flags in a dependency checkout ($checkout)" >&2
    exit 1
fi
echo "The dependency checkout declares no unsafe flags."
