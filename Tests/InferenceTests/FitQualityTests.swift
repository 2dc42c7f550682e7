import Foundation
import Testing
import TestSupport
import Tables
import Formulas
import Estimation
@testable import Inference

/// Against pROC (DeLong) and an R implementation of Stata's estat gof grouping
/// (Fixtures/inference/make-fitquality.R).
struct FitQualityTests {
    @Test func matchesReferences() throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("reference/birthwt.csv"))
        let frame = try ModelFrame(formula: "low ~ age + lwt + C(race) + smoke + ptl + ht + ui", data: data, response: .binary(eventLevel: nil))
        let fit = try GLM.fit(design: frame.design, response: frame.response, termNames: frame.columnNames)
        let quality = FitQualityMeasures.compute(response: frame.response, fitted: fit.fittedValues)
        var expected = [String: Double]()
        for row in (try? FixtureFiles.table("inference/fitquality-reference.csv")) ?? [] {
            if let item = row["item"] { expected[item] = row["value"].flatMap(Double.init) }
        }
        #expect(expected.count == 12)
        #expect(relativeError(quality.auc, expected["auc"] ?? .nan) <= 1e-12)
        #expect(relativeError(quality.aucStandardError, expected["auc_se"] ?? .nan) <= 1e-10)
        #expect(relativeError(quality.aucLower, expected["auc_lower"] ?? .nan) <= 1e-10)
        #expect(relativeError(quality.aucUpper, expected["auc_upper"] ?? .nan) <= 1e-10)
        #expect(relativeError(quality.hosmerLemeshow, expected["hl"] ?? .nan) <= 1e-8)
        #expect(Double(quality.hosmerLemeshowGroups) == expected["hl_groups"])
        #expect(relativeError(quality.hosmerLemeshowPValue, expected["hl_p"] ?? .nan) <= 1e-8)
        #expect(relativeError(quality.brier, expected["brier"] ?? .nan) <= 1e-12)
        let table = quality.classification
        #expect([table.truePositives, table.falsePositives, table.trueNegatives, table.falseNegatives]
                == ["tp", "fp", "tn", "fn"].map { expected[$0] ?? .nan })
    }

    @Test func closedFormsOnTinyData() {
        // Perfect ranking: AUC 1; all ties: AUC ½.
        #expect(FitQualityMeasures.aucDeLong(response: [0, 0, 1, 1], fitted: [0.1, 0.2, 0.8, 0.9]).auc == 1)
        #expect(FitQualityMeasures.aucDeLong(response: [0, 1, 0, 1], fitted: [0.5, 0.5, 0.5, 0.5]).auc == 0.5)
        #expect(FitQualityMeasures.placements(of: [1, 2, 2, 5], among: [0, 2, 3]) == [1, 1.5, 1.5, 3])
        #expect((0..<7).map { FitQualityMeasures.kthOfUnion([1, 2, 2, 5], [0, 2, 3], $0) } == [0, 1, 2, 2, 2, 3, 5])
        let table = FitQualityMeasures.classification(response: [1, 1, 0, 0], fitted: [0.5, 0.2, 0.7, 0.1], cutoff: 0.5)
        #expect(table.sensitivity == 0.5 && table.specificity == 0.5 && table.accuracy == 0.5)
        // Stata's estat classification: Pr(D | +) and Pr(~D | −), closed forms on three of four right.
        let other = FitQualityMeasures.classification(response: [1, 1, 1, 0], fitted: [0.9, 0.6, 0.1, 0.2], cutoff: 0.5)
        #expect(other.positivePredictiveValue == 1 && other.negativePredictiveValue == 0.5)
    }
}
