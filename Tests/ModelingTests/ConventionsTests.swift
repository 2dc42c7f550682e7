import Foundation
import Testing
import Regress
import TestSupport

/// Issue 33, items 3–4, against R (`Fixtures/inference/make-conventions.R`): Stata's `vce(robust)`
/// and the unadjusted cluster sandwich by name, Rao's score test, the Pearson χ², and
/// Hosmer–Lemeshow with a chosen number of groups.
struct ConventionsTests {
    static let reference = Dictionary(uniqueKeysWithValues: ((try? FixtureFiles.table("inference/conventions-reference.csv")) ?? [])
        .compactMap { row in row["item"].map { ($0, Double(row["value"] ?? "") ?? .nan) } })

    static func model(_ kind: ModelKind = .logit) throws -> BinaryRegressionModel {
        try BinaryRegression.fit("low ~ age + lwt + C(race) + smoke", data: CSVReader.read(contentsOf: FixtureFiles.url("reference/birthwt.csv")),
                                 model: kind, clusters: ["ptl"])
    }

    @Test func stataRobustAndTheUnadjustedClusterSandwich() throws {
        let model = try Self.model()
        let robust = try model.withCovariance(.robust)
        let none = try model.withCovariance(.cluster(["ptl"], adjustment: .none))
        for row in robust.coefficients {
            #expect(relativeError(try #require(row.standardError), try #require(Self.reference["robust_se:\(row.term)"])) <= 1e-7, "\(row.term)")
        }
        for row in none.coefficients {
            #expect(relativeError(try #require(row.standardError), try #require(Self.reference["cluster_none_se:\(row.term)"])) <= 1e-7, "\(row.term)")
        }
        #expect(robust.fit.covarianceLabel.contains("vce(robust)") && none.fit.covarianceLabel.contains("no adjustment"))
    }

    @Test func raoScoreTestIsRsAnovaRao() throws {
        for (kind, key) in [(ModelKind.logit, "rao_logit"), (.probit, "rao_probit")] {
            let test = try Self.model(kind).dropTest("C(race)")
            let score = try #require(test.score)
            #expect(relativeError(score.statistic, try #require(Self.reference[key])) <= 1e-7, "\(kind)")
            #expect(relativeError(score.pValue, try #require(Self.reference[key + "_p"])) <= 1e-6, "\(kind)")
            #expect(score.degreesOfFreedom == 2)
        }
    }

    @Test func pearsonAndHosmerLemeshowWithChosenGroups() throws {
        let model = try Self.model()
        let pearson = try #require(model.pearsonGoodnessOfFit)
        #expect(relativeError(pearson.statistic, try #require(Self.reference["pearson"])) <= 1e-9)
        #expect(Double(pearson.degreesOfFreedom) == Self.reference["pearson_df"])
        #expect(relativeError(pearson.pValue, try #require(Self.reference["pearson_p"])) <= 1e-7)
        for groups in [5, 8] {
            let quality = model.fitQuality(hosmerLemeshowGroups: groups)
            #expect(Double(quality.hosmerLemeshowGroups) == Self.reference["hl\(groups)_groups"])
            #expect(relativeError(quality.hosmerLemeshow, try #require(Self.reference["hl\(groups)"])) <= 1e-9, "\(groups)")
            #expect(relativeError(quality.hosmerLemeshowPValue, try #require(Self.reference["hl\(groups)_p"])) <= 1e-8, "\(groups)")
        }
        // Not under sampling weights (a pseudo-likelihood) nor for the LPM.
        let lpm = try BinaryRegression.fit("low ~ age", data: CSVReader.read(contentsOf: FixtureFiles.url("reference/birthwt.csv")), model: .lpm)
        #expect(lpm.pearsonGoodnessOfFit == nil)
    }
}
