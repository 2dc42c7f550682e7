import Foundation
import Testing
import Regress
import ReshoringStudy
import Certification

/// The process implies P(backshored | level) = rate(level) exactly (sector, state and the size
/// dependence of production abroad average out by construction), i.e. a logit in C(i40_level)
/// with known coefficients. Estimates on simulated data must cover them.
struct ParameterRecoveryTests {
    @Test func levelEffectsAreRecovered() throws {
        let parameters = SimulationParameters()
        let data = try SurveySimulator.simulate(n: 120_000, seed: 99)
        let report = try BinaryRegression.fit("backshored ~ C(i40_level, ref=\"non-user\")", data: data, model: .logit)
        func logit(_ p: Double) -> Double { log(p / (1 - p)) }
        let truth = parameters.backshoringRate.map(logit)
        let intercept = try #require(report.fit.coefficient("Intercept"))
        #expect((intercept.ciLower ?? .nan) <= truth[0] && truth[0] <= (intercept.ciUpper ?? .nan), "intercept \(intercept.estimate ?? .nan) vs \(truth[0])")
        for (index, level) in SurveySchema.levels.enumerated().dropFirst() {
            let row = try #require(report.fit.coefficient("C(i40_level, ref=\"non-user\")[T.\(level)]"))
            let target = truth[index] - truth[0]
            #expect((row.ciLower ?? .nan) <= target && target <= (row.ciUpper ?? .nan), "\(level): \(row.estimate ?? .nan) vs \(target)")
        }
    }
}
