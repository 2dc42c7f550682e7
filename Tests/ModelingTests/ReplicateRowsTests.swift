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
}
