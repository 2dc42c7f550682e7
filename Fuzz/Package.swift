// swift-tools-version: 6.0
// libFuzzer harnesses for Regress's parsers (hardening issue). A separate package so the main
// package's `swift build` / `swift test` never see a target without `main`: libFuzzer supplies it.
// Build and run with `bash Fuzz/run.sh` (see Docs/reliability.md).
import PackageDescription

let package = Package(
    name: "RegressFuzz",
    dependencies: [.package(name: "Regress", path: "..")],
    targets: [
        .target(name: "FuzzDriver"),
        .target(name: "FuzzSupport", dependencies: ["FuzzDriver"]),
        // Bytes → CSVReader (every option combination the first byte selects).
        .executableTarget(name: "FuzzCSV", dependencies: ["FuzzSupport", .product(name: "Regress", package: "Regress")]),
        // Text → Formula parser.
        .executableTarget(name: "FuzzFormula", dependencies: ["FuzzSupport", .product(name: "Regress", package: "Regress")]),
        // Bytes → (CSV table, formula) → ModelFrame (design matrix).
        .executableTarget(name: "FuzzDesign", dependencies: ["FuzzSupport", .product(name: "Regress", package: "Regress")]),
        // Bytes → a small numeric data set with extreme magnitudes → a fit of any model and covariance;
        // oracle: a clear error or estimating equations that hold.
        // Bytes → a Stata, SPSS or SAS file → DataTable (Regress's Stata 14+ decoder, ReadStat).
        .executableTarget(name: "FuzzStatFile", dependencies: ["FuzzSupport", .product(name: "Regress", package: "Regress")]),
        .executableTarget(name: "FuzzNumeric", dependencies: ["FuzzSupport", .product(name: "Regress", package: "Regress")]),
    ],
    swiftLanguageModes: [.v6]
)
