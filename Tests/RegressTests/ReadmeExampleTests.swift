import Foundation
import Testing
import TestSupport
import Regress

/// The README's library examples, run as written (with the fixture path made absolute).
struct ReadmeExampleTests {
    @Test func olsOnVectors() throws {
        let x: [Double] = [1, 2, 3, 4, 5]
        let y: [Double] = [1.1, 1.9, 3.2, 3.9, 5.1]
        let design = Matrix(columnVectors: [[Double](repeating: 1, count: x.count), x])
        let fit = try OLS.fit(design: design, response: y, termNames: ["Intercept", "x"])
        // Closed form: slope = Sxy/Sxx = 10/10 = 1.0; intercept = ȳ − slope·x̄ = 3.04 − 3 = 0.04.
        #expect(abs((fit.coefficients[1].estimate ?? 0) - 1.0) < 1e-14)
        #expect(abs((fit.coefficients[0].estimate ?? 0) - 0.04) < 1e-14)
    }

    @Test func csvAndFormula() throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("ols/mtcars.csv"))
        let frame = try ModelFrame(formula: "mpg ~ wt + hp + qsec", data: data)
        let ols = try OLS.fit(design: frame.design, response: frame.response, termNames: frame.columnNames)
        #expect(ols.coefficients.map(\.term) == ["Intercept", "wt", "hp", "qsec"])
        // R: coef(lm(mpg ~ wt + hp + qsec, mtcars))["wt"] = -4.3587972001626856 (Fixtures/ols).
        let wt = try #require(ols.coefficients.first { $0.term == "wt" }?.estimate)
        #expect(abs(wt - -4.3587972001626856) < 1e-12)
    }
}

extension ReadmeExampleTests {
    /// The README's "Fit once, then ask the fitted model" block.
    @Test func fitOnceAskAfterwards() throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("reference/birthwt.csv"))
        let model = try BinaryRegression.fit("low ~ age + lwt + C(race) + smoke", data: data, model: .probit)
        let hc3 = try model.confidenceIntervals(level: 0.90, covariance: .hc3)   // no refit
        let wald = try model.test("C(race)[T.2] = C(race)[T.3]")                  // car::linearHypothesis
        let ame = try model.marginalEffects(.ame)                                  // Stata margins, dydx(*)
        let p = try model.predict(newData: data, type: .probability, interval: 0.95)
        let boot = try model.bootstrap(replicates: 999, statistics: [.averageMarginalEffect("age")], seed: 1)
        let text = FitReport(model: model, marginalEffects: ame, margins: .ame).rendered(.text)
        #expect(hc3.count == 6 && wald.degreesOfFreedom == 1 && p.count == 189 && boot.statistics == [.averageMarginalEffect("age")])
        #expect(text.contains("probit") && text.contains("Marginal effects"))
        let readme = try String(contentsOf: FixtureFiles.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("let model = try BinaryRegression.fit(\"low ~ age + lwt + C(race) + smoke\", data: data, model: .probit)"))
    }
}
