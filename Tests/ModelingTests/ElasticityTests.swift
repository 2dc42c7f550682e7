import Foundation
import Testing
import Regress
import TestSupport

/// Issue 33, item 5: average marginal effects on the four scales and the dummy convention, against
/// statsmodels `get_margeff(at="overall", method=…, dummy=…)` (`Fixtures/margins/make-elasticities.py`).
struct ElasticityTests {
    @Test(arguments: EffectScale.allCases)
    func everyScaleMatchesStatsmodels(_ scale: EffectScale) throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("reference/birthwt.csv"))
        let model = try BinaryRegression.fit("low ~ age + lwt + C(race) + smoke", data: data)
        let rows = try FixtureFiles.table("margins/elasticities-reference.csv").filter { $0["method"] == scale.rawValue }
        for discrete in [false, true] {
            let effects = try model.marginalEffects(.ame, effect: scale, discreteDummies: discrete)
            for row in rows where row["dummy"] == (discrete ? "1" : "0") {
                let term = try #require(row["term"])
                let effect = try #require(effects.first { $0.term == term }, "\(scale) \(term)")
                // statsmodels differentiates numerically: its SEs carry ~1e−7.
                #expect(relativeError(effect.estimate, try #require(row["estimate"].flatMap(Double.init))) <= 1e-8, "\(scale) \(term)")
                #expect(relativeError(effect.standardError, try #require(row["se"].flatMap(Double.init))) <= 1e-5, "\(scale) \(term) SE")
                #expect(effect.kind == (discrete && term == "smoke" ? .discrete : MarginalEffectKind(rawValue: scale.rawValue)))
            }
            // An elasticity of a discrete change is not defined: smoke is left out with discreteDummies.
            if scale != .dydx && discrete { #expect(!effects.contains { $0.term == "smoke" }) }
        }
        #expect(throws: MarginsError.self) { try model.marginalEffects(.mem, effect: .eyex) }
    }
}
