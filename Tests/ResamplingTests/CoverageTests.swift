import Foundation
import Testing
import LinearAlgebra
import Estimation
@testable import Resampling

/// A small seeded Monte Carlo: percentile and BCa intervals for a logit slope cover the true value
/// at a rate within Monte Carlo error of 95 % (100 datasets, n = 200, B = 199; the full-size study
/// is Benchmarks/coverage, results in Docs/bootstrap.md).
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
            let design = Matrix(columnVectors: [[Double](repeating: 1, count: n), x])
            let result = try Bootstrap.run(rowCount: n, plan: .cases, options: BootstrapOptions(replicates: 199, seed: UInt64(dataset))) { weights in
                let fit = try GLM.fit(design: design, response: y, termNames: ["Intercept", "x"], weights: weights,
                                      options: GLMOptions(checkSeparation: false))
                guard fit.converged else { throw ReplicateFailure("non-convergence") }
                return StatisticValue(values: [fit.coefficients[1].estimate ?? .nan])
            }
            for interval in try BootstrapIntervals.compute(result, methods: [.percentile, .bca]) where interval.lower <= trueSlope && trueSlope <= interval.upper {
                covered[interval.method, default: 0] += 1
            }
        }
        // Binomial standard error of a 95 % coverage rate over 100 datasets: 2.2 points; allow 3 SE.
        for (method, count) in covered {
            #expect(abs(Double(count) / Double(datasets) - 0.95) <= 3 * (0.95 * 0.05 / Double(datasets)).squareRoot(), "\(method): \(count)/\(datasets)")
        }
    }
}
