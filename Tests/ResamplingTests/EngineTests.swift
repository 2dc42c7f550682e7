import Foundation
import Testing
import TestSupport
import Tables
import Formulas
import LinearAlgebra
import Estimation
@testable import Resampling

struct EngineTests {
    /// A logit slope as the statistic, refitted with the replicate's frequency weights.
    static func logitStatistic(_ frame: ModelFrame, start: [Double]? = nil) -> @Sendable ([Double]) throws -> StatisticValue {
        { weights in
            let fit = try GLM.fit(design: frame.design, response: frame.response, termNames: frame.columnNames, weights: weights,
                                  options: GLMOptions(start: start, checkSeparation: false))
            guard fit.converged else { throw ReplicateFailure(.nonConvergence) }
            return StatisticValue(values: [fit.coefficients[1].estimate ?? .nan], standardErrors: [fit.coefficients[1].standardError ?? .nan])
        }
    }

    static func infert() throws -> ModelFrame {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("reference/infert.csv"))
        return try ModelFrame(formula: "case ~ spontaneous + induced", data: data, response: .binary(eventLevel: nil))
    }

    @Test func resultsAreIdenticalForAnyThreadCount() throws {
        let frame = try Self.infert()
        // Exact by construction: replicate b's stream is (seed, b), results are stored by index, and a
        // replicate's fit runs whole in one worker with OpenBLAS pinned to one thread there
        // (BLASThreads.withSingleThreadedBLAS), so its sums do not depend on how many workers run.
        let runs = try [1, 2, 3].map { threads in
            try Bootstrap.run(rowCount: frame.design.rows, plan: .cases,
                              options: BootstrapOptions(replicates: 64, seed: 7, threads: threads, jackknife: false),
                              statistic: Self.logitStatistic(frame))
        }
        #expect(runs[0].replicates == runs[1].replicates)
        #expect(runs[0].replicates == runs[2].replicates)
        #expect(runs[0].replicates.count == 64)
        let otherSeed = try Bootstrap.run(rowCount: frame.design.rows, plan: .cases,
                                          options: BootstrapOptions(replicates: 64, seed: 8, jackknife: false), statistic: Self.logitStatistic(frame))
        #expect(otherSeed.replicates != runs[0].replicates)
    }

    @Test func streamsArePureFunctionsOfSeedAndIndex() {
        var a = RandomStream(seed: 42, index: 17), b = RandomStream(seed: 42, index: 17), c = RandomStream(seed: 42, index: 18)
        let x = (0..<5).map { _ in a.next() }
        #expect(x == (0..<5).map { _ in b.next() })
        #expect(x != (0..<5).map { _ in c.next() })
    }

    @Test func plansResampleAsDocumented() {
        var stream = RandomStream(seed: 1, index: 0)
        let strata = [0, 0, 0, 1, 1, 1, 1, 2]
        for _ in 0..<20 {
            let weights = ResamplingPlan.stratified(strata: strata).weights(rowCount: 8, stream: &stream)
            #expect(weights[0..<3].reduce(0, +) == 3 && weights[3..<7].reduce(0, +) == 4 && weights[7] == 1)
        }
        let clusters = [5, 5, 9, 9, 9, 2]
        for _ in 0..<20 {
            let weights = ResamplingPlan.clusters(ids: clusters).weights(rowCount: 6, stream: &stream)
            #expect(weights[0] == weights[1] && weights[2] == weights[3] && weights[3] == weights[4])
            // Whole clusters: each row carries its cluster's draw count; 3 clusters are drawn in all.
            #expect(weights[0] + weights[2] + weights[5] == 3)
        }
        #expect(ResamplingPlan.clusters(ids: clusters).jackknifeUnits(rowCount: 6).count == 3)
        #expect(ResamplingPlan.cases.jackknifeUnits(rowCount: 6).count == 6)
    }

    @Test func failuresAreCountedWithReasons() throws {
        let result = try Bootstrap.run(rowCount: 10, plan: .cases, options: BootstrapOptions(replicates: 200, seed: 3, jackknife: false)) { weights in
            if weights[0] == 0 { throw ReplicateFailure(.error("first row missing")) }
            return StatisticValue(values: [weights.reduce(0, +)])
        }
        let failed = result.failures[.error("first row missing")] ?? 0
        #expect(failed > 0 && failed + result.replicates.count == 200)
        #expect(result.failureDiagnostic?.contains("first row missing") == true)   // ~35 % fail
    }

    @Test func cancellationStopsEarlyAndProgressIsReported() throws {
        let cancellation = BootstrapCancellation()
        let seen = SendableCounter()
        let result = try Bootstrap.run(rowCount: 5, plan: .cases,
                                       options: BootstrapOptions(replicates: 10_000, seed: 1, threads: 1, jackknife: false,
                                                                 progress: { done, _ in seen.record(done); if done == 50 { cancellation.cancel() } },
                                                                 cancellation: cancellation)) { weights in
            StatisticValue(values: [weights[0]])
        }
        #expect(result.cancelled)
        #expect(result.replicates.count < 10_000 && result.replicates.count >= 50)
        #expect(seen.maximum >= 50)
    }

    @Test func exportsReplicatesAndJackknifeAsCSV() throws {
        let frame = try Self.infert()
        let result = try Bootstrap.run(rowCount: frame.design.rows, plan: .cases, options: BootstrapOptions(replicates: 5, seed: 1),
                                       statistic: Self.logitStatistic(frame))
        let csv = result.replicatesCSV(names: ["spontaneous"])
        #expect(csv.hasPrefix("replicate,spontaneous\n1,"))
        #expect(csv.split(separator: "\n").count == 6)
        #expect(result.jackknifeCSV(names: ["spontaneous"]).split(separator: "\n").count == frame.design.rows + 1)
    }
}

/// A thread-safe maximum for progress callbacks in tests.
final class SendableCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func record(_ x: Int) { lock.lock(); value = max(value, x); lock.unlock() }
    var maximum: Int { lock.lock(); defer { lock.unlock() }; return value }
}
