// Regress benchmarks. Usage: swift run -c release regress-benchmarks [linalg] [--n N] [--p P] [--runs R]
// Prints one line per operation: name, median seconds over R runs, and the minimum.
// Peers (NumPy on the same OpenBLAS) run from Benchmarks/run.sh in the same session.
import Foundation
import Regress

struct Options {
    var suite = "linalg"
    var n = 1_000_000
    var p = 21
    var runs = 5
}

func parseOptions() -> Options {
    var options = Options()
    var arguments = CommandLine.arguments.dropFirst()
    while let argument = arguments.popFirst() {
        switch argument {
        case "--n": options.n = arguments.popFirst().flatMap { Int($0) } ?? options.n
        case "--p": options.p = arguments.popFirst().flatMap { Int($0) } ?? options.p
        case "--runs": options.runs = arguments.popFirst().flatMap { Int($0) } ?? options.runs
        default: options.suite = argument
        }
    }
    return options
}

/// Deterministic design: intercept plus uniform(−1, 1) columns from a 64-bit LCG.
func makeDesign(n: Int, p: Int) -> Matrix {
    var state: UInt64 = 20_151_282
    var values = [Double](repeating: 1, count: n * p)
    for index in n..<(n * p) {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        values[index] = Double(state >> 11) / Double(1 << 52) - 1
    }
    return Matrix(rows: n, columns: p, columnMajor: values)
}

func time(_ label: String, runs: Int, _ body: () throws -> Void) rethrows {
    var seconds = [Double]()
    for _ in 0..<runs {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
    seconds.sort()
    print(String(format: "%-28@ median %.4f s   min %.4f s", label as NSString, seconds[seconds.count / 2], seconds[0]))
}

let options = parseOptions()
switch options.suite {
case "linalg":
    let design = makeDesign(n: options.n, p: options.p)
    let weights = (0..<options.n).map { 0.05 + 0.2 * Double($0 % 5) }
    let beta = (0..<options.p).map { 0.1 * Double($0 % 7) - 0.3 }
    var response = design * beta
    for i in 0..<response.count { response[i] += Double(i % 11) * 0.01 }
    print("regress-benchmarks linalg: n = \(options.n), p = \(options.p), runs = \(options.runs), BLAS threads = \(BLASThreads.current)")
    try time("XtWX (weightedCrossProduct)", runs: options.runs) { _ = design.weightedCrossProduct(weights: weights) }
    try time("QR factor + solve", runs: options.runs) { _ = try design.qr().solveLeastSquares(response) }
    try time("pivotedQR (rank)", runs: options.runs) { _ = try design.pivotedQR() }
    try time("leastSquares (refined)", runs: options.runs) { _ = try design.leastSquares(response) }
    try time("OLS.fit (full inference)", runs: options.runs) {
        _ = try OLS.fit(design: design, response: response, termNames: (0..<options.p).map { "x\($0)" })
    }
default:
    print("unknown suite '\(options.suite)'; available: linalg")
    exit(2)
}
