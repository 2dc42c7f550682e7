// swift-tools-version: 6.0
// Regress: statistical modelling of binary outcomes on LAPACK, and the `reshore` CLI.
import PackageDescription

// The numerical targets are compiled with -O in debug builds too: unoptimised, the study and the
// test suite run several times slower (the figures are in Docs/performance.md). Only when Regress
// is the package being built: SwiftPM rejects
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
        // The study's simulator, analysis and report, for those who extend the study.
        .library(name: "ReshoringStudy", targets: ["ReshoringStudy"]),
        // NIST StRD certification of the least-squares engine.
        .library(name: "Certification", targets: ["Certification"]),
        .executable(name: "reshore", targets: ["reshore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
        // `swift package generate-documentation` (the DocC catalog in Sources/Regress/Regress.docc).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        // LAPACKE + CBLAS (OpenBLAS). Not public API: only LinearAlgebra imports it.
        .systemLibrary(
            name: "CLAPACKE",
            pkgConfig: "openblas",
            providers: [.apt(["liblapacke-dev", "libopenblas-dev"])]
        ),
        // ReadStat: Stata .dta, SPSS .sav/.zsav/.por and SAS .sas7bdat files. Only Tables imports it.
        .systemLibrary(
            name: "CReadStat",
            providers: [.apt(["libreadstat-dev"])]
        ),
        // Threading support shared by the parallel loops (a ThreadSanitizer-visible lock).
        .target(name: "ParallelSupport", swiftSettings: optimisedInDebug),
        // Matrix, BLAS products, factorizations: the only target with pointers.
        .target(name: "LinearAlgebra", dependencies: ["CLAPACKE", "ParallelSupport"], swiftSettings: optimisedInDebug),
        // The design layer (GLM.jl's linear predictor): the design in its storages — dense, or with a
        // many-level factor held as codes — and every verb the estimators ask of it.
        .target(name: "LinearPredictor", dependencies: ["LinearAlgebra", "ParallelSupport"], swiftSettings: optimisedInDebug),
        // Survey designs resolved to codes (strata, PSUs, stages, fpc, lonely PSUs) and replicate
        // schemes: the design-based variance of score totals (R `svyrecvar`, `svrVar`).
        .target(name: "Survey", dependencies: ["LinearAlgebra"], swiftSettings: optimisedInDebug),
        // Normal, t, χ², F: cdf, tails, quantiles.
        .target(name: "Distributions", dependencies: [.product(name: "RealModule", package: "swift-numerics")], swiftSettings: optimisedInDebug),
        // Typed columns with missing values; the CSV reader and writer.
        .target(name: "Tables", dependencies: ["ParallelSupport", "CReadStat"], swiftSettings: optimisedInDebug),
        // Wilkinson formulas to design matrices, and the recipes that rebuild them on new data.
        .target(name: "Formulas", dependencies: ["Tables", "LinearAlgebra", "LinearPredictor", "ParallelSupport", .product(name: "RealModule", package: "swift-numerics")], swiftSettings: optimisedInDebug),
        // The estimators on a design matrix: the binary GLM engine (IRLS, Firth, separation), OLS,
        // the linear probability model, and the one coefficient table and sandwich they share.
        .target(name: "Estimation", dependencies: ["LinearAlgebra", "LinearPredictor", "Distributions", "Survey"], swiftSettings: optimisedInDebug),
        // Tests, marginal effects, predictions, fit quality: pure functions of a fit and its frame.
        .target(name: "Inference", dependencies: ["Estimation", "Formulas", "Tables", "LinearAlgebra", "LinearPredictor", "Distributions", "ParallelSupport"], swiftSettings: optimisedInDebug),
        // The seeded parallel bootstrap engine, resampling plans and the five interval methods.
        .target(name: "Resampling", dependencies: ["LinearAlgebra", "Distributions", "Tables", "ParallelSupport"], swiftSettings: optimisedInDebug),
        // The façade: fit a formula on a table once, then ask the fitted model (covariances, tests,
        // margins, predictions, bootstrap).
        .target(name: "Modeling", dependencies: ["Tables", "Formulas", "Estimation", "Inference", "Resampling", "LinearAlgebra", "LinearPredictor", "Distributions", "Survey"], swiftSettings: optimisedInDebug),
        // Renderings of fitted models and model tables: text, Markdown, LaTeX, CSV, JSON.
        .target(name: "Reporting", dependencies: ["Modeling", "Estimation", "Inference", "Distributions", "Tables", "Formulas", "Resampling"], swiftSettings: optimisedInDebug),
        // The umbrella: `import Regress` re-exports the library (and nothing study- or NIST-specific).
        .target(name: "Regress", dependencies: ["LinearAlgebra", "LinearPredictor", "Distributions", "Survey", "Tables", "Formulas", "Estimation", "Inference", "Resampling", "Modeling", "Reporting"], swiftSettings: optimisedInDebug),
        // NIST StRD parser and log-relative-error scoring (`reshore accuracy`).
        .target(name: "Certification", dependencies: ["Estimation", "Reporting"], swiftSettings: optimisedInDebug),
        // The reshoring study: survey schema, calibrated simulator, the analysis and its report.
        .target(name: "ReshoringStudy", dependencies: ["Regress", .product(name: "RealModule", package: "swift-numerics")], swiftSettings: optimisedInDebug),
        .executableTarget(
            name: "reshore",
            dependencies: ["Regress", "ReshoringStudy", "Certification", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Benchmarks: `swift run -c release regress-benchmarks` (see Docs/performance.md).
        .executableTarget(name: "regress-benchmarks", dependencies: ["Regress", "ReshoringStudy", "CLAPACKE"], path: "Benchmarks/Sources"),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // Property-based invariants (hardening issue): permutation, duplication vs weights, rescaling,
        // optimality, CSV round trip, thread-invariant bootstrap.
        .testTarget(name: "PropertyTests", dependencies: ["Regress", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "ParallelSupport", "TestSupport"]),
        .testTarget(name: "LinearPredictorTests", dependencies: ["LinearPredictor", "LinearAlgebra", "TestSupport"]),
        .testTarget(name: "DistributionsTests", dependencies: ["Distributions", "TestSupport"]),
        .testTarget(name: "TablesTests", dependencies: ["Tables", "ParallelSupport", "TestSupport"]),
        .testTarget(name: "FormulasTests", dependencies: ["LinearPredictor", "Formulas", "TestSupport"]),
        .testTarget(name: "InferenceTests", dependencies: ["LinearPredictor", "Inference", "Estimation", "Tables", "Formulas", "TestSupport"]),
        .testTarget(name: "ResamplingTests", dependencies: ["LinearPredictor", "Resampling", "Estimation", "Tables", "Formulas", "TestSupport"]),
        .testTarget(name: "ReshoringStudyTests", dependencies: ["ReshoringStudy", "Regress", "Certification", "TestSupport"]),
        .testTarget(name: "EstimationTests", dependencies: ["LinearPredictor", "Estimation", "Tables", "Formulas", "TestSupport"]),
        .testTarget(name: "CertificationTests", dependencies: ["Certification", "TestSupport"]),
        .testTarget(name: "ModelingTests", dependencies: ["Regress", "Modeling", "Formulas", "TestSupport"]),
        .testTarget(name: "RegressTests", dependencies: ["Regress", "ReshoringStudy", "Certification", "TestSupport"]),
        .testTarget(name: "ReshoreCLITests", dependencies: ["reshore", "Regress", "ReshoringStudy", "Certification", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
