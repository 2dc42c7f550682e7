import Foundation
import Testing
import TestSupport
import Regress

/// Progress callbacks of the library (no-cliffs issue): reading, the fit's iterations and the
/// marginal effects each report (completed, total), and reporting changes no result.
struct ProgressCallbackTests {
    final class Calls: @unchecked Sendable {
        private let lock = NSLock()
        private var stored = [(Int, Int)]()
        var values: [(Int, Int)] { lock.lock(); defer { lock.unlock() }; return stored }
        func record(_ done: Int, _ total: Int) { lock.lock(); stored.append((done, total)); lock.unlock() }
    }

    @Test func readingReportsBytesUpToTheFileSize() throws {
        let url = FixtureFiles.url("reference/birthwt.csv")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
        let calls = Calls()
        var options = CSVReadOptions(chunkSize: 1024)
        options.progress = { calls.record($0, $1) }
        let table = try CSVReader.read(contentsOf: url, options: options)
        #expect(table.rowCount == 189)
        #expect(calls.values.count == (size + 1023) / 1024)
        #expect(calls.values.last.map { $0 == (size, size) } == true)
        #expect(zip(calls.values, calls.values.dropFirst()).allSatisfy { $0.0 < $1.0 })
    }

    @Test func theFitReportsItsIterationsAndTheEffectsTheirVariables() throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("reference/birthwt.csv"))
        let formula = "low ~ age + lwt + C(race) + smoke"
        for model in [ModelKind.logit, .probit, .firth] {
            let iterations = Calls()
            let reported = try BinaryRegression.fit(formula, data: data, model: model,
                                                    progress: FitProgress(iterations: { iterations.record($0, $1) }))
            let silent = try BinaryRegression.fit(formula, data: data, model: model)
            #expect(reported.coefficients.map(\.estimate) == silent.coefficients.map(\.estimate))
            #expect(!iterations.values.isEmpty)
            #expect(iterations.values.map(\.0) == Array(1...iterations.values.count), "\(model)")
            let effects = Calls()
            let ames = try reported.marginalEffects(.ame, progress: { effects.record($0, $1) })
            #expect(ames.map(\.estimate) == (try silent.marginalEffects(.ame)).map(\.estimate))
            #expect(effects.values.map(\.0) == [1, 2, 3, 4] && effects.values.allSatisfy { $0.1 == 4 })
        }
    }
}
