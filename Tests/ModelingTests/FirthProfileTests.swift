import Foundation
import Testing
import TestSupport
import Regress

/// Firth's penalized likelihood-ratio tests and profile penalized-likelihood intervals (R
/// logistf's defaults) against an independent scipy implementation (Fixtures/firth/make-profile.py:
/// BFGS on ℓ* with a Newton polish, brentq for the bounds). On the endometrial data they agree with
/// Heinze & Schemper (2002): NV 2.93, profile interval [0.61, 7.85], p = 0.0091.
struct FirthProfileTests {
    static func reference(_ name: String) throws -> [String: Double] {
        var result = [String: Double]()
        for row in try FixtureFiles.table("firth/profile-reference.csv") where row["case"] == name {
            if let item = row["item"], let value = row["value"].flatMap(Double.init) { result[item] = value }
        }
        return result
    }

    @Test func endometrialMatchesTheIndependentProfile() throws {
        let expected = try Self.reference("endometrial")
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("reference/endometrial.csv"))
        let model = try BinaryRegression.fit("HG ~ NV + PI + EH", data: data, model: .firth)
        for name in ["NV", "PI"] {
            let test = try #require(try model.dropTest(name).likelihoodRatio)
            #expect(relativeError(test.statistic, try #require(expected["plr:" + name])) < 1e-7, "\(name)")
            #expect(relativeError(test.pValue, try #require(expected["plrp:" + name])) < 1e-7, "\(name)")
        }
        for name in ["NV", "PI", "EH"] {
            let interval = try model.profileConfidenceInterval(name, level: 0.95)
            #expect(abs(interval.lower - (try #require(expected["lower:" + name]))) < 1e-6, "\(name) lower \(interval.lower)")
            #expect(abs(interval.upper - (try #require(expected["upper:" + name]))) < 1e-6, "\(name) upper \(interval.upper)")
        }
        // The Wald interval of the quasi-separated NV is symmetric and much narrower below.
        let wald = try #require(try model.confidenceIntervals().first { $0.term == "NV" })
        #expect(abs((wald.upper - wald.estimate) - (wald.estimate - wald.lower)) < 1e-12)
        #expect(try model.profileConfidenceInterval("NV").lower > wald.lower)
    }

    @Test func profileIntervalsAreForFirthOnlyAndNeedAKnownCoefficient() throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("reference/endometrial.csv"))
        let logit = try BinaryRegression.fit("HG ~ PI + EH", data: data, model: .logit)
        #expect(throws: ModelingError.self) { try logit.profileConfidenceInterval("PI") }
        let firth = try BinaryRegression.fit("HG ~ PI + EH", data: data, model: .firth)
        #expect(throws: ModelingError.self) { try firth.profileConfidenceInterval("NV") }
        #expect(throws: ModelingError.self) { try firth.profileConfidenceInterval("PI", level: 95) }
        // An ML logit's drop test stays the ordinary LR test (a refit without the term).
        let lr = try #require(try logit.dropTest("PI").likelihoodRatio)
        let reduced = try BinaryRegression.fit("HG ~ EH", data: data, model: .logit)
        #expect(abs(lr.statistic - 2 * (logit.logLikelihood - reduced.logLikelihood)) < 1e-9)
    }

    /// A random draw of the simulator: the constrained iteration stopped 1.7e−6 SE short because
    /// its rounding test compared the whole modified score's norm, whose fixed coordinate grows,
    /// so the penalized LR test was missing and the study's conclusion with it.
    /// Seed 1000143 (one of 3 in 200 simulated studies): near the constrained maximum the line
    /// search could not resolve ℓ* (a sum over 1,282 rows) and stalled 2e−6 SE short, just over the
    /// fit's 1e−6; a profile now accepts 1e−5 SE there and restarts from the estimates.
    @Test(arguments: ["1000000", "1000143"])
    func aProfileWhoseFixedScoreGrowsStillConverges(seed: String) throws {
        let expected = try Self.reference("draw-" + seed)
        let raw = try CSVReader.read(contentsOf: FixtureFiles.url("firth/survey-seed-\(seed).csv"))
        let high = ["automotive", "chemicals_pharma", "computer_electronics", "electrical_equipment", "machinery"]
        let medium = ["metal_products", "other", "rubber_plastics"]
        let groups = (0..<raw.rowCount).map { row in
            raw["sector"]?.text(at: row).map { high.contains($0) ? "high-tech" : medium.contains($0) ? "medium-tech" : "low-tech" }
        }
        let data = try DataTable(columns: raw.columns + [Column(name: "sector_group", strings: groups)])
        let model = try BinaryRegression.fit("backshored ~ i40_technologies + log(employees) + C(sector_group)", data: data, model: .firth)
        let test = try #require(try model.dropTest("i40_technologies").likelihoodRatio)
        #expect(relativeError(test.statistic, try #require(expected["plr:i40_technologies"])) < 1e-7)
        let interval = try model.profileConfidenceInterval("i40_technologies")
        #expect(abs(interval.lower - (try #require(expected["lower:i40_technologies"]))) < 1e-6)
        #expect(abs(interval.upper - (try #require(expected["upper:i40_technologies"]))) < 1e-6)
    }
}

/// The adjusted risk ratio (`predictionContrast`) against its closed form: in a saturated logit
/// y ~ C(g) every row's prediction at level a is the group rate pₐ, and the delta method on the
/// log scale gives Katz's SE √((1 − p₁)/(n₁p₁) + (1 − p₀)/(n₀p₀)).
struct PredictionContrastTests {
    @Test func theSaturatedLogitGivesKatzsInterval() throws {
        var lines = ["y,g"]
        for i in 0..<40 { lines.append("\(i < 12 ? 1 : 0),a") }
        for i in 0..<60 { lines.append("\(i < 6 ? 1 : 0),b") }
        let data = try CSVReader.read(text: lines.joined(separator: "\n"))
        let model = try BinaryRegression.fit("y ~ C(g)", data: data, model: .logit)
        let contrast = try model.predictionContrast("g", numerator: "a", denominator: "b")
        let (p1, p0) = (12.0 / 40, 6.0 / 60)
        #expect(abs(contrast.ratio - p1 / p0) < 1e-10)
        let se = ((1 - p1) / (40 * p1) + (1 - p0) / (60 * p0)).squareRoot()
        #expect(abs(contrast.ratioLower - p1 / p0 * exp(-1.959963984540054 * se)) < 1e-7)
        #expect(abs(contrast.ratioUpper - p1 / p0 * exp(1.959963984540054 * se)) < 1e-7)
        // The difference: the Wald SE of two independent proportions.
        let differenceSE = (p1 * (1 - p1) / 40 + p0 * (1 - p0) / 60).squareRoot()
        #expect(abs(contrast.difference - (p1 - p0)) < 1e-10 && abs(contrast.differenceStandardError - differenceSE) < 1e-8)
        #expect(throws: (any Error).self) { try model.predictionContrast("g", numerator: "z", denominator: "b") }
    }
}
