// swift-tools-version: 6.0
// Regress: statistical modelling of binary outcomes on LAPACK, and the `reshore` CLI.
import PackageDescription

// The numerical targets are compiled with -O in debug builds too: `swift run reshore` (the study)
// takes 28.5 s unoptimised and 2.9–4.8 s optimised, and `swift test` 57 s against 13 s
// (2026-11-25; Docs/performance.md). Only when Regress is the package being built: SwiftPM rejects
// unsafe flags in a dependency resolved by version, so a checkout as a dependency (SwiftPM and
// Xcode both put those in a `checkouts` folder) builds without them, as it would anyway in
// release. REGRESS_DEBUG_ONONE=1 turns them off for a debugger session.
let isDependencyCheckout = Context.packageDirectory.contains("/checkouts/")
let optimisedInDebug: [SwiftSetting] = isDependencyCheckout || Context.environment["REGRESS_DEBUG_ONONE"] != nil
    ? [] : [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "Regress",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Regress", targets: ["Regress"]),
        .executable(name: "reshore", targets: ["reshore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
    ],
    targets: [
        // LAPACKE + CBLAS (OpenBLAS). Not public API: only LinearAlgebra imports it.
        .systemLibrary(
            name: "CLAPACKE",
            pkgConfig: "openblas",
            providers: [.apt(["liblapacke-dev", "libopenblas-dev"])]
        ),
        // Threading support shared by the parallel loops (a ThreadSanitizer-visible lock).
        .target(name: "ParallelSupport", swiftSettings: optimisedInDebug),
        .target(name: "LinearAlgebra", dependencies: ["CLAPACKE", "ParallelSupport"], swiftSettings: optimisedInDebug),
        .target(name: "Distributions", dependencies: [.product(name: "RealModule", package: "swift-numerics")], swiftSettings: optimisedInDebug),
        .target(name: "DataTable", dependencies: ["ParallelSupport"], swiftSettings: optimisedInDebug),
        .target(name: "Formula", dependencies: ["DataTable", "LinearAlgebra", .product(name: "RealModule", package: "swift-numerics")], swiftSettings: optimisedInDebug),
        .target(name: "GLM", dependencies: ["LinearAlgebra", "Distributions"], swiftSettings: optimisedInDebug),
        .target(name: "Certification", dependencies: ["GLM"], swiftSettings: optimisedInDebug),
        .target(name: "Inference", dependencies: ["GLM", "Formula", "DataTable", "LinearAlgebra", "Distributions"], swiftSettings: optimisedInDebug),
        .target(name: "Bootstrap", dependencies: ["LinearAlgebra", "Distributions", "DataTable", "ParallelSupport"], swiftSettings: optimisedInDebug),
        .target(name: "ReshoringStudy", dependencies: ["DataTable", "Distributions", "Bootstrap", .product(name: "RealModule", package: "swift-numerics")], swiftSettings: optimisedInDebug),
        .target(name: "Regress", dependencies: ["LinearAlgebra", "Distributions", "DataTable", "Formula", "GLM", "Inference", "Bootstrap", "Certification", "ReshoringStudy"], swiftSettings: optimisedInDebug),
        .executableTarget(
            name: "reshore",
            dependencies: ["Regress", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Benchmarks: `swift run -c release regress-benchmarks` (see Docs/performance.md).
        .executableTarget(name: "regress-benchmarks", dependencies: ["Regress", "CLAPACKE"], path: "Benchmarks/Sources"),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // Property-based invariants (hardening issue): permutation, duplication vs weights, rescaling,
        // optimality, CSV round trip, thread-invariant bootstrap.
        .testTarget(name: "PropertyTests", dependencies: ["Regress", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "TestSupport"]),
        .testTarget(name: "DistributionsTests", dependencies: ["Distributions", "TestSupport"]),
        .testTarget(name: "DataTableTests", dependencies: ["DataTable", "TestSupport"]),
        .testTarget(name: "FormulaTests", dependencies: ["Formula", "TestSupport"]),
        .testTarget(name: "InferenceTests", dependencies: ["Inference", "GLM", "DataTable", "Formula", "TestSupport"]),
        .testTarget(name: "BootstrapTests", dependencies: ["Bootstrap", "GLM", "DataTable", "Formula", "TestSupport"]),
        .testTarget(name: "ReshoringStudyTests", dependencies: ["Regress", "TestSupport"]),
        .testTarget(name: "GLMTests", dependencies: ["GLM", "DataTable", "Formula", "TestSupport"]),
        .testTarget(name: "CertificationTests", dependencies: ["Certification", "TestSupport"]),
        .testTarget(name: "RegressTests", dependencies: ["Regress", "TestSupport"]),
        .testTarget(name: "ReshoreCLITests", dependencies: ["reshore", "Regress", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
