import Foundation
import Testing
import Regress

/// A small seeded Monte Carlo on the path users run: a fitted logit's `bootstrap` (whose replicates
/// are the library's one replicate refit, `ReplicateRefit`, separation check included) gives
/// percentile and BCa intervals for the slope that cover the true value at a rate within Monte
/// Carlo error of 95 % (100 datasets, n = 200, B = 199; the full-size study is
/// Benchmarks/coverage, results in Docs/bootstrap.md).
struct CoverageTests {
    @Test func percentileAndBCaCoverTheTrueSlope() throws {
        let datasets = 100, n = 200, trueSlope = 1.0
        var covered: [IntervalMethod: Int] = [.percentile: 0, .bca: 0]
        for dataset in 0..<datasets {
            var stream = RandomStream(seed: 20_151_282, index: UInt64(dataset))
            let x = (0..<n).map { _ -> Double in
                let u1 = Double(stream.next() >> 11) / Double(1 << 53) + 1e-300, u2 = Double(stream.next() >> 11) / Double(1 << 53)
                return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
            }
            let y = x.map { value -> Double in
                Double(stream.next() >> 11) / Double(1 << 53) < 1 / (1 + exp(0.5 - trueSlope * value)) ? 1 : 0
            }
            var data = DataTable()
            try data.addColumn(Column(name: "y", numeric: y))
            try data.addColumn(Column(name: "x", numeric: x))
            let model = try BinaryRegression.fit("y ~ x", data: data, model: .logit)
            let summary = try model.bootstrap(replicates: 199, plan: .cases, statistics: [.coefficient("x")],
                                              intervals: [.percentile, .bca], seed: UInt64(dataset), acceleration: .jackknife)
            for interval in summary.intervals where interval.lower <= trueSlope && trueSlope <= interval.upper {
                covered[interval.method, default: 0] += 1
            }
        }
        // Binomial standard error of a 95 % coverage rate over 100 datasets: 2.2 points; allow 3 SE.
        for (method, count) in covered {
            #expect(abs(Double(count) / Double(datasets) - 0.95) <= 3 * (0.95 * 0.05 / Double(datasets)).squareRoot(), "\(method): \(count)/\(datasets)")
        }
    }

    /// The replicate refit is the bootstrap's statistic: the same counts give the same estimates
    /// through `replicateRefit()` as inside `bootstrap`, and a replicate that separates is refused
    /// with the typed reason.
    @Test func theReplicateRefitIsTheBootstrapsStatistic() throws {
        var data = DataTable()
        let x = (0..<60).map { Double($0 % 12) - 5.5 }
        try data.addColumn(Column(name: "y", numeric: x.enumerated().map { $0.offset % 3 == 0 ? 1 : ($0.element > 2 ? 1 : 0) }))
        try data.addColumn(Column(name: "x", numeric: x))
        let model = try BinaryRegression.fit("y ~ x", data: data, model: .logit)
        let refit = try model.replicateRefit()
        let summary = try model.bootstrap(replicates: 20, plan: .cases, intervals: [.percentile], seed: 7, threads: 1)
        let direct = try Bootstrap.run(rowCount: 60, plan: .cases, options: BootstrapOptions(replicates: 20, seed: 7, threads: 1, jackknife: false)) {
            StatisticValue(values: try refit($0).coefficients.map { $0.estimate ?? .nan })
        }
        #expect(!direct.replicates.isEmpty && direct.replicates == summary.result.replicates)
        // The rows with x > 0 and y = 1 and those with x ≤ 0 and y = 0: separated by x.
        let y = data["y"]?.numericValues ?? []
        let separated = (0..<60).map { i -> Double in (x[i] > 0) == (y[i] == 1) ? 1 : 0 }
        // Counts of the wrong length, or negative, are a typed error, not a trap.
        #expect(throws: ModelingError.self) { try refit([1, 2]) }
        #expect(throws: ModelingError.self) { try refit([Double](repeating: -1, count: 60)) }
        do {
            _ = try refit(separated)
            Issue.record("a separated replicate must be refused")
        } catch let failure as ReplicateFailure {
            #expect(failure.reason == .separation)
        }
    }
}
