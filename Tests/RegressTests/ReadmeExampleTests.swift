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
    @Test func logitReport() throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("ols/mtcars.csv"))
        let report = FitReport(model: try BinaryRegression.fit("am ~ wt + hp", data: data, model: .logit))
        #expect(report.rendered(.text).contains("wt"))
        #expect(report.fit.coefficient("wt")?.pValue != nil)
        #expect(report.fit.converged)
    }
}
