import Foundation
import Testing
@testable import Inference

/// `RadixSort.ascending` against the standard library's `sorted()` (the sort the AUC and the
/// Hosmer–Lemeshow groups used before, issue 35): the same values in the same order.
struct RadixSortTests {
    /// A reproducible stream of doubles of every sign, exponent and tie pattern.
    static func values(count: Int, seed: UInt64) -> [Double] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state
        }
        return (0..<count).map { k in
            switch k % 7 {
            case 0: Double(next() >> 11) / Double(1 << 53)                       // (0, 1): fitted values
            case 1: -Double(next() >> 11) / Double(1 << 40)                      // negatives
            case 2: Double(Int(next() % 5))                                      // ties, with zeros
            case 3: Double(bitPattern: next() & 0x7FEF_FFFF_FFFF_FFFF)           // any finite positive exponent
            case 4: -Double(bitPattern: next() & 0x7FEF_FFFF_FFFF_FFFF)
            case 5: [Double.infinity, -.infinity, .leastNonzeroMagnitude, -.leastNormalMagnitude][Int(next() % 4)]
            default: 1e-300 * Double(next() % 1000)                              // tiny, subnormal products
            }
        }
    }

    @Test(arguments: [0, 1, 2, 2_047, 2_048, 2_049, 10_000, 100_003])
    func equalsTheComparisonSort(count: Int) {
        let values = Self.values(count: count, seed: UInt64(count) + 1)
        let radix = RadixSort.ascending(values), reference = values.sorted()
        #expect(radix.count == reference.count)
        #expect(zip(radix, reference).allSatisfy { $0.bitPattern == $1.bitPattern })
    }

    @Test func fittedValuesSortBitForBit() {
        // The fit-quality case: probabilities in (0, 1), many of them equal.
        let values = (0..<50_000).map { k in 1 / (1 + exp(-Double(k % 977) / 100 + 4)) }
        #expect(RadixSort.ascending(values).map(\.bitPattern) == values.sorted().map(\.bitPattern))
    }

    @Test func negativeZeroComesBeforePositiveZero() {
        // The one documented difference from `sorted()`: −0.0 and +0.0 are equal, and ordered by sign.
        let values = [Double](repeating: 0.0, count: 2_000) + [Double](repeating: -0.0, count: 2_000) + [1, -1]
        let sorted = RadixSort.ascending(values)
        #expect(sorted == values.sorted())   // as values
        #expect(sorted[1].sign == .minus && sorted[2_000].sign == .minus && sorted[2_001].sign == .plus)
    }

    @Test func arraysWithNaNUseTheComparisonSort() {
        var values = Self.values(count: 5_000, seed: 9)
        values[17] = .nan
        let sorted = RadixSort.ascending(values)
        #expect(sorted.count == values.count)
        #expect(zip(sorted, values.sorted()).allSatisfy { $0.bitPattern == $1.bitPattern })
    }
}

/// The Hosmer–Lemeshow quantiles from the two sorted outcome groups (`kthOfUnion`, issue 35)
/// against the merged, sorted values.
struct KthOfUnionTests {
    @Test(arguments: [(0, 5), (5, 0), (1, 1), (7, 13), (300, 40), (1_000, 1_000)])
    func equalsTheMergedOrder(sizes: (Int, Int)) {
        let a = RadixSortTests.values(count: sizes.0, seed: 3).map { abs($0.isFinite ? $0 : 1) }.map { ($0 * 4).rounded() / 4 }.sorted()
        let b = RadixSortTests.values(count: sizes.1, seed: 5).map { abs($0.isFinite ? $0 : 2) }.map { ($0 * 4).rounded() / 4 }.sorted()
        let merged = (a + b).sorted()
        for k in merged.indices { #expect(FitQualityMeasures.kthOfUnion(a, b, k) == merged[k], "k = \(k)") }
    }
}

/// Issue 35: on 10⁵ rows and more, DeLong's AUC and the row-order measures run side by side; each
/// equals the same measure computed alone.
struct ParallelFitQualityTests {
    @Test func equalsTheMeasuresComputedOneByOne() {
        let n = 150_000
        var state: UInt64 = 21
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        let fitted = (0..<n).map { _ in (uniform() * 1000).rounded() / 1000 }   // ties, as fitted values of factors have
        let response = fitted.map { uniform() < $0 ? 1.0 : 0.0 }
        let quality = FitQualityMeasures.compute(response: response, fitted: fitted)
        let (auc, se) = FitQualityMeasures.aucDeLong(response: response, fitted: fitted)
        let hosmerLemeshow = FitQualityMeasures.hosmerLemeshow(response: response, fitted: fitted, groups: 10)
        let brier = zip(response, fitted).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(n)
        #expect(quality.auc == auc && quality.aucStandardError == se)
        #expect(quality.hosmerLemeshow == hosmerLemeshow.statistic && quality.hosmerLemeshowGroups == hosmerLemeshow.groups)
        #expect(quality.brier == brier)
        #expect(quality.classification == FitQualityMeasures.classification(response: response, fitted: fitted, cutoff: 0.5))
    }
}
