import Foundation
import Testing
import Regress
@testable import Modeling

/// The replicate refit keeps the rows drawn at least once, in order, picked without a branch
/// (`ReplicateRefit.rowsWithWeight`): the same indices as `filter { weights[$0] > 0 }` for every
/// pattern of zero counts, −0 and NaN included, so no replicate changes by a bit.
struct ReplicateRowsTests {
    @Test func rowsWithWeightAreTheFiltersRowsForEveryPattern() {
        var stream = RandomStream(seed: 35, index: 0)
        var patterns: [[Double]] = [[], [0], [1], [-0.0, 0, 0], [2, 2, 2]]
        for n in [1, 7, 64, 1_282] {
            patterns.append((0..<n).map { _ in Double(stream.next() % 3) })
            patterns.append((0..<n).map { $0 % 2 == 0 ? 0 : 2.5 })
            patterns.append((0..<n).map { $0 < n / 4 || $0 >= n - n / 4 ? ($0 % 5 == 0 ? -0.0 : 0) : 1e-300 })
            patterns.append((0..<n).map { $0 % 3 == 0 ? .nan : ($0 % 3 == 1 ? -1 : 0.5) })
        }
        for weights in patterns {
            #expect(ReplicateRefit.rowsWithWeight(weights) == weights.indices.filter { weights[$0] > 0 })
        }
    }

    /// Replicates carry standard errors only where the studentized interval reads them; without
    /// it each replicate ends without its final XᵀWX (`GLMOptions.withoutFinalInformation`), and
    /// the replicates, failures and every other interval are bit for bit those of the run with it.
    @Test(arguments: [ModelKind.logit, .probit, .cloglog])
    func replicateStandardErrorsOnlyForTheStudentizedInterval(model: ModelKind) throws {
        var data = DataTable()
        var stream = RandomStream(seed: 36, index: 0)
        let n = 400
        let x = (0..<n).map { _ in Double(stream.next() >> 11) / Double(1 << 53) * 4 - 2 }
        let z = (0..<n).map { _ in Double(stream.next() >> 11) / Double(1 << 53) }
        let y = (0..<n).map { i -> Double in Double(stream.next() >> 11) / Double(1 << 53) < 1 / (1 + exp(1 - x[i] + z[i])) ? 1 : 0 }
        try data.addColumn(Column(name: "y", numeric: y))
        try data.addColumn(Column(name: "x", numeric: x))
        try data.addColumn(Column(name: "z", numeric: z))
        let fitted = try BinaryRegression.fit("y ~ x + z", data: data, model: model)
        let lean = try fitted.bootstrap(replicates: 99, intervals: [.percentile, .bca, .normal, .basic], seed: 5, threads: 2)
        let full = try fitted.bootstrap(replicates: 99, intervals: [.percentile, .bca, .normal, .basic, .studentized], seed: 5, threads: 2)
        #expect(lean.result.replicateStandardErrors == nil && full.result.replicateStandardErrors?.count == full.result.replicates.count)
        #expect(lean.result.replicates.map { $0.map(\.bitPattern) } == full.result.replicates.map { $0.map(\.bitPattern) })
        #expect(lean.result.failures == full.result.failures)
        for method in [IntervalMethod.percentile, .bca, .normal, .basic] {
            #expect(lean.estimateRows(method).map { [$0.lower, $0.upper].map(\.bitPattern) } == full.estimateRows(method).map { [$0.lower, $0.upper].map(\.bitPattern) })
        }
    }
}
