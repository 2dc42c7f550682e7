import Foundation
import Testing
import TestSupport
@testable import Resampling

/// Given R's replicate matrix, every interval equals boot::boot.ci (Fixtures/bootstrap/make-boot.R).
struct IntervalReferenceTests {
    static func column(_ file: String, _ name: String) -> [Double] {
        ((try? FixtureFiles.table("bootstrap/\(file)")) ?? []).compactMap { $0[name].flatMap(Double.init) }
    }

    static let expected: [String: (Double, Double)] = {
        var result = [String: (Double, Double)]()
        for row in (try? FixtureFiles.table("bootstrap/boot-intervals.csv")) ?? [] {
            if let method = row["method"], let lower = row["lower"].flatMap(Double.init), let upper = row["upper"].flatMap(Double.init) {
                result[method] = (lower, upper)
            }
        }
        return result
    }()

    static func result() -> BootstrapResult {
        let t = column("boot-replicates.csv", "t"), variance = column("boot-replicates.csv", "var")
        let t0 = expected["t0"]?.0 ?? .nan, var0 = expected["var0"]?.0 ?? .nan
        return BootstrapResult(estimate: StatisticValue(values: [t0], standardErrors: [var0.squareRoot()]),
                               replicates: t.map { [$0] }, replicateStandardErrors: variance.map { [$0.squareRoot()] },
                               replicateIndices: Array(t.indices), failures: [:],
                               jackknife: column("boot-jackknife.csv", "loo").map { [$0] }, requested: t.count, seed: 2015,
                               plan: .cases, cancelled: false)
    }

    @Test func allFiveMethodsMatchBootCI() throws {
        let result = Self.result()
        #expect(result.replicates.count == 999 && result.jackknife?.count == 248)
        let intervals = try BootstrapIntervals.compute(result, methods: IntervalMethod.allCases)
        for interval in intervals {
            let reference = try #require(Self.expected[interval.method.rawValue])
            #expect(relativeError(interval.lower, reference.0) <= 1e-12, "\(interval.method) lower")
            #expect(relativeError(interval.upper, reference.1) <= 1e-12, "\(interval.method) upper")
        }
        let davisonHinkley = try BootstrapIntervals.compute(result, methods: [.bca], acceleration: .davisonHinkley)[0]
        let reference = try #require(Self.expected["bca_davison_hinkley"])
        #expect(relativeError(davisonHinkley.lower, reference.0) <= 1e-12 && relativeError(davisonHinkley.upper, reference.1) <= 1e-12)
    }

    @Test func normInterEdgeCases() {
        let t = (1...9).map(Double.init)   // B = 9: (B+1)α is whole for α = 0.1 and 0.9
        #expect(BootstrapIntervals.normInter(t, [0.1, 0.9]) == [1, 9])
        #expect(BootstrapIntervals.normInter(t, [0.01, 0.999]) == [1, 9])   // extremes
        let interpolated = BootstrapIntervals.normInter(t, [0.25])[0]
        #expect(interpolated > 2 && interpolated < 3)
    }

    @Test func missingInputsAreTypedErrors() {
        let result = Self.result()
        let bare = BootstrapResult(estimate: StatisticValue(values: [1]), replicates: result.replicates, replicateStandardErrors: nil,
                                   replicateIndices: result.replicateIndices, failures: [:], jackknife: nil, requested: 999,
                                   seed: 1, plan: .cases, cancelled: false)
        #expect(throws: BootstrapIntervalError.missingStandardErrors) { try BootstrapIntervals.compute(bare, methods: [.studentized]) }
        #expect(throws: BootstrapIntervalError.missingJackknife) { try BootstrapIntervals.compute(bare, methods: [.bca]) }
        let oneSided = BootstrapResult(estimate: StatisticValue(values: [0]), replicates: [[1], [2], [3]], replicateStandardErrors: nil,
                                       replicateIndices: [0, 1, 2], failures: [:], jackknife: [[1], [2]], requested: 3, seed: 1,
                                       plan: .cases, cancelled: false)
        #expect(throws: BootstrapIntervalError.infiniteBiasCorrection) { try BootstrapIntervals.compute(oneSided, methods: [.bca]) }
    }
}
