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
        let raw = try CSVReader.read(contentsOf: URL(fileURLWithPath: "Fixtures/ems2015-synthetic.csv"))
        // Sector groups by technology intensity; single sectors separate at 39 events.
        let high = ["automotive", "chemicals_pharma", "computer_electronics", "electrical_equipment", "machinery"]
        let medium = ["metal_products", "other", "rubber_plastics"]
        let groups = (0..<raw.rowCount).map { row in
            raw["sector"]?.text(at: row).map { high.contains($0) ? "high-tech" : medium.contains($0) ? "medium-tech" : "low-tech" }
        }
        let survey = try DataTable(columns: raw.columns + [Column(name: "sector_group", strings: groups)])
        let formula = "backshored ~ i40_technologies + log(employees) + C(sector_group)"

        // Backshoring rate by readiness level, with Wilson intervals.
        for level in ["non-user", "basic", "active", "advanced"] {
            let rows = (0..<survey.rowCount).filter { survey["i40_level"]?.text(at: $0) == level }
            let events = rows.filter { survey["backshored"]?.numericValues?[$0] == 1 }.count
            let (low, high) = wilsonInterval(successes: Double(events), trials: Double(rows.count))
            print(level, events, rows.count, low, high)
        }

        // Fit once; ask everything else of the fitted models.
        let firth = try BinaryRegression.fit(formula, data: survey, model: .firth)
        let probit = try BinaryRegression.fit(formula, data: survey, model: .probit)
        let sectors = try BinaryRegression.fit("backshored ~ i40_technologies + log(employees) + C(sector)", data: survey, model: .logit)

        let plr = try firth.dropTest("i40_technologies").likelihoodRatio          // penalized LR test (logistf)
        let interval = try firth.profileConfidenceInterval("i40_technologies")   // profile penalized likelihood
        let ame = try firth.marginalEffects(.ame, variables: ["i40_technologies"])
        let profile = try firth.averagePredictions("i40_technologies", values: (0...7).map(String.init))
        let boot = try firth.bootstrap(replicates: 1999, plan: .cases,
                                       statistics: [.coefficient("i40_technologies"), .averageMarginalEffect("i40_technologies")], seed: 2015)
        let bca = boot.interval(.averageMarginalEffect("i40_technologies"), .bca)

        let table = try ModelTable(columns: [firth, probit, sectors].map { ModelTable.Column(model: $0) })
        print(table.rendered(.text))       // the all-sector logit's separated sectors print as −∞ (separated)
        print("Penalized LR χ²:", plr?.statistic ?? .nan, "p =", plr?.pValue ?? .nan, "profile CI:", interval.lower, interval.upper)
        print("AME:", ame[0].estimate, "BCa:", bca?.lower ?? .nan, bca?.upper ?? .nan)
        print("P(backshore | 7 technologies):", profile[7].estimate)
        // END library.md

        // The same numbers as the study (Docs/study.md, `reshore`).
        // The penalized LR statistic and the profile interval: the scipy reference (Fixtures/firth).
        #expect(printed.first?.hasPrefix("non-user 2 257") == true)
        #expect(abs((plr?.statistic ?? 0) - 13.242264874090722) < 1e-6)
        #expect(abs(interval.lower - 0.14090618570391522) < 1e-6 && abs(interval.upper - 0.46613407344718893) < 1e-6)
        #expect(abs(ame[0].estimate - 0.0092) < 0.00005)
        #expect(abs((bca?.lower ?? 0) - 0.005083) < 1e-6 && abs((bca?.upper ?? 0) - 0.01477) < 1e-5)
        #expect(printed.contains { $0.contains("firth") && $0.contains("logit") && $0.contains("probit") && $0.contains("(separated)") })
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
