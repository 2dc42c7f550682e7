import Foundation
import Testing
import TestSupport
import Regress

/// Docs/library.md walks through the study's analysis in the library API. This test runs exactly
/// that code (the lines between the markers below) and checks that the document shows it verbatim.
struct LibraryGuideTests {
    @Test func theGuidesAnalysisRunsAndGivesTheStudysNumbers() throws {
        FileManager.default.changeCurrentDirectoryPath(FixtureFiles.repositoryRoot.path)
        var printed = [String]()
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }
        // BEGIN library.md
        let survey = try CSVReader.read(contentsOf: URL(fileURLWithPath: "Fixtures/ems2015-synthetic.csv"))
        let formula = "backshored ~ i40_technologies + log(employees) + C(sector)"

        // Backshoring rate by readiness level, with Wilson intervals.
        for level in ["non-user", "basic", "active", "advanced"] {
            let rows = (0..<survey.rowCount).filter { survey["i40_level"]?.text(at: $0) == level }
            let events = rows.filter { survey["backshored"]?.numericValues?[$0] == 1 }.count
            let (low, high) = wilsonInterval(successes: Double(events), trials: Double(rows.count))
            print(level, events, rows.count, low, high)
        }

        // Fit once, with HC1 standard errors; ask everything else of the fitted models.
        let logit = try BinaryRegression.fit(formula, data: survey, model: .logit, covariance: .hc1)
        let probit = try BinaryRegression.fit(formula, data: survey, model: .probit, covariance: .hc1)
        let firth = try BinaryRegression.fit(formula, data: survey, model: .firth, covariance: .hc1)

        let lr = try logit.dropTest("i40_technologies").likelihoodRatio          // LR test of the I4.0 term
        let ame = try firth.marginalEffects(.ame, variables: ["i40_technologies"])
        let profile = try firth.averagePredictions("i40_technologies", values: (0...7).map(String.init))
        let boot = try firth.bootstrap(replicates: 1999, plan: .outcomeStrata,
                                       statistics: [.coefficient("i40_technologies"), .averageMarginalEffect("i40_technologies")], seed: 2015)
        let bca = boot.interval(.averageMarginalEffect("i40_technologies"), .bca)

        let table = try ModelTable(columns: [logit, probit, firth].map { ModelTable.Column(model: $0) })
        print(table.rendered(.text))
        print("LR χ²:", lr?.statistic ?? .nan, "p =", lr?.pValue ?? .nan)
        print("AME:", ame[0].estimate, "BCa:", bca?.lower ?? .nan, bca?.upper ?? .nan)
        print("P(backshore | 7 technologies):", profile[7].estimate)
        // END library.md

        // The same numbers as the study (Docs/study.md, `reshore`).
        #expect(printed.first?.hasPrefix("non-user 2 255") == true)
        #expect(abs((lr?.statistic ?? 0) - 6.16) < 0.005)
        #expect(abs(ame[0].estimate - 0.0063) < 0.00005)
        #expect(abs((bca?.lower ?? 0) - 0.00161248) < 1e-8 && abs((bca?.upper ?? 0) - 0.0113422) < 1e-7)
        #expect(printed.contains { $0.contains("firth") && $0.contains("logit") && $0.contains("probit") })
    }

    @Test func theGuideShowsExactlyTheCodeThatRuns() throws {
        let source = try String(contentsOf: FixtureFiles.repositoryRoot.appendingPathComponent("Tests/ModelingTests/LibraryGuideTests.swift"), encoding: .utf8)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard let begin = lines.firstIndex(where: { $0.hasSuffix("// BEGIN library.md") }),
              let end = lines.firstIndex(where: { $0.hasSuffix("// END library.md") }) else {
            Issue.record("markers missing")
            return
        }
        let code = lines[(begin + 1)..<end].map { $0.count >= 8 ? String($0.dropFirst(8)) : "" }.joined(separator: "\n")
        let guide = try String(contentsOf: FixtureFiles.repositoryRoot.appendingPathComponent("Docs/library.md"), encoding: .utf8)
        #expect(guide.contains("```swift\nimport Foundation\nimport Regress\n\n" + code + "\n```"), "Docs/library.md does not show the code the test runs")
    }
}
