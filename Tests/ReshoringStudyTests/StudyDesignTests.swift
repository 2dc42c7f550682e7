import Foundation
import Testing
import TestSupport
import Regress
@testable import ReshoringStudy

/// Issue 31, item 5: the synthetic survey is a stratified sample (sector × size class) with design
/// weights N_h/n_h and the register's firms per stratum, and the study reports the design-based
/// headline beside the model-based one.
struct StudyDesignTests {
    @Test func theBundledSurveyCarriesItsDesign() throws {
        let data = try StudyTests.bundled()
        let strata = try #require(data["stratum"]), weights = try #require(data["design_weight"]?.numericValues)
        let population = try #require(data["stratum_population"]?.numericValues)
        var rows = [String: [Int]]()
        for row in 0..<data.rowCount { rows[strata.text(at: row) ?? "", default: []].append(row) }
        #expect(rows.count == SurveySchema.sectors.count * SimulationParameters().sizeClasses.count)
        for (stratum, members) in rows {
            #expect(members.count >= 2, "\(stratum): a lonely PSU")
            let n = Double(members.count), total = population[members[0]]
            #expect(members.allSatisfy { population[$0] == total && abs(weights[$0] - total / n) <= 1e-6 * total / n }, "\(stratum)")
            #expect(total >= n)
        }
        // The weights add up to the register (38,000 firms, up to rounding of each stratum).
        let sum = weights.reduce(0, +)
        #expect(abs(sum - SimulationParameters().populationFirms) <= Double(rows.count))
        // The design resolves: one PSU per firm, df = firms − strata.
        let model = try BinaryRegression.fit(StudyResults.formula, data: ReshoringStudyAnalysis.withSectorGroups(data),
                                             design: SurveyDesign(parsing: SurveySchema.design))
        #expect(model.survey?.degreesOfFreedom == data.rowCount - rows.count)
    }

    /// The comparison is computed from the two fits: the design-based estimate, its t test on the
    /// design's residual df, the design effect, and a sentence that says where they differ.
    @Test func theStudyReportsTheDesignBasedHeadlineBesideTheModelBasedOne() throws {
        let results = try ReshoringStudyAnalysis.run(data: StudyTests.bundled(), replicates: 20, permutations: 99)
        let comparison = try #require(results.designBased)
        let design = comparison.design.model
        let row = try #require(design.coefficient(StudyResults.term))
        #expect(comparison.designEstimate.estimate == row.estimate && comparison.designEstimate.standardError == row.standardError)
        #expect(comparison.modelEstimate == results.headline.fit.coefficient(StudyResults.term)?.estimate)
        let ratio = comparison.designEstimate.standardError / comparison.modelStandardError
        #expect(abs(comparison.designEffect - ratio * ratio) <= 1e-12)
        #expect(comparison.sentence.contains("design effect") && comparison.sentence.contains("model-based (Firth)"))
        // The verdict follows the two p-values, whichever way they fall.
        let designSignificant = comparison.designEstimate.pValue < 0.05, modelSignificant = comparison.modelPValue < 0.05
        #expect(comparison.agreeAtFivePercent == (designSignificant == modelSignificant))
        if modelSignificant && !designSignificant { #expect(comparison.sentence.contains("not significant at 5 %")) }
        // Data without the design columns have no comparison.
        let plain = try StudyTests.bundled()
        let withoutDesign = try DataTable(columns: plain.columns.filter { !["stratum", "design_weight", "stratum_population"].contains($0.name) })
        #expect(try ReshoringStudyAnalysis.run(data: withoutDesign, replicates: 20, permutations: 99).designBased == nil)
    }
}

/// Issue 34, item 6: a user's file without a readiness level runs the study; the comparisons that
/// need the level are skipped with a note instead of aborting it.
struct StudyMissingLevelTests {
    @Test(arguments: ["advanced", "non-user"])
    func aFileWithoutALevelSkipsTheComparisonsThatNeedIt(_ level: String) throws {
        let data = try StudyTests.bundled()
        let rows = (0..<data.rowCount).filter { data["i40_level"]?.text(at: $0) != level }
        let results = try ReshoringStudyAnalysis.run(data: data.selectingRows(rows), replicates: 20, permutations: 99)
        #expect(results.riskRatio == nil)
        let report = StudyReport(results: results, dataSource: "test")
        #expect(report.text.contains("not estimable"))
        #expect(report.conclusion.contains("so the unadjusted comparison of advanced firms with non-users is not made"))
        #expect(!results.claims.contains { $0.claim.contains("10 times") && $0.verdict.text == "reproduced" })
    }
}
