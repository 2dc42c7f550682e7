import Foundation
import Testing
import TestSupport
import Tables
import Formulas
import LinearAlgebra
@testable import Estimation

struct GLMBehaviourTests {
    static func birthwt() throws -> ModelFrame {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("reference/birthwt.csv"))
        return try ModelFrame(formula: "low ~ age + lwt + C(race) + smoke", data: data, response: .binary(eventLevel: nil))
    }

    @Test func frequencyWeightsEqualReplicatedRows() throws {
        let frame = try Self.birthwt()
        let weights = (0..<frame.design.rows).map { Double($0 % 3 + 1) }
        let weighted = try GLM.fit(design: frame.design, response: frame.response, termNames: frame.columnNames, weights: weights)
        var rows = [Int]()
        for (i, w) in weights.enumerated() { rows += Array(repeating: i, count: Int(w)) }
        let replicated = Matrix(rowMajor: rows.map { frame.design.row($0) })
        let expanded = try GLM.fit(design: replicated, response: rows.map { frame.response[$0] }, termNames: frame.columnNames)
        for (a, b) in zip(weighted.coefficients, expanded.coefficients) {
            #expect(relativeError(a.estimate ?? .nan, b.estimate ?? .nan) <= 1e-10)
            #expect(relativeError(a.standardError ?? .nan, b.standardError ?? .nan) <= 1e-10)
        }
        #expect(relativeError(weighted.logLikelihood, expanded.logLikelihood) <= 1e-12)
        #expect(weighted.observationCount == expanded.observationCount)
        #expect(relativeError(weighted.bic, expanded.bic) <= 1e-12)
    }

    /// `estimatesOnly` (bootstrap replicates): the same estimates, standard errors, η, counts and
    /// convergence as the full result, bit for bit, with the likelihood summaries NaN and no fitted
    /// values; with an aliased column too. Where the covariance needs per-row weights (the cauchit's
    /// observed information), the full result is returned.
    @Test(arguments: [Link.logit, .probit, .cauchit])
    func estimatesOnlyKeepsWhatReplicatesUse(_ link: Link) throws {
        let frame = try Self.birthwt()
        let design = Matrix(columnVectors: (0..<frame.design.columns).map { frame.design.column($0) } + [frame.design.column(1)])
        let names = frame.columnNames + ["age again"]
        let weights = (0..<design.rows).map { Double($0 % 3) }
        let full = try GLM.fit(design: design, response: frame.response, termNames: names, weights: weights,
                               options: GLMOptions(link: link, checkSeparation: false))
        var options = GLMOptions(link: link, checkSeparation: false)
        options.estimatesOnly = true
        let lean = try GLM.fit(design: design, response: frame.response, termNames: names, weights: weights, options: options)
        #expect(lean.coefficients == full.coefficients)
        #expect(lean.linearPredictor == full.linearPredictor)
        #expect(lean.aliasedTerms == ["age again"] && full.aliasedTerms == ["age again"])
        #expect(lean.converged == full.converged && lean.iterations == full.iterations)
        #expect(lean.observationCount == full.observationCount && lean.events == full.events)
        if link == .cauchit {
            #expect(lean.fittedValues == full.fittedValues && lean.logLikelihood == full.logLikelihood)
        } else {
            #expect(lean.fittedValues.isEmpty && lean.logLikelihood.isNaN && lean.pseudoRSquared.tjur.isNaN)
            #expect(lean.deviance == full.deviance)
            #expect(lean.diagnostics == full.diagnostics)   // the same builder, no boundary fit here
        }
    }

    @Test func warmStartConvergesImmediatelyToTheSameEstimate() throws {
        let frame = try Self.birthwt()
        let cold = try GLM.fit(design: frame.design, response: frame.response, termNames: frame.columnNames)
        let start = cold.coefficients.compactMap(\.estimate)
        let warm = try GLM.fit(design: frame.design, response: frame.response, termNames: frame.columnNames,
                               options: GLMOptions(start: start))
        #expect(warm.iterations <= 2)
        #expect(cold.iterations > warm.iterations)
        for (a, b) in zip(cold.coefficients, warm.coefficients) {
            #expect(relativeError(a.estimate ?? .nan, b.estimate ?? .nan) <= 1e-10)
        }
    }

    @Test func summaryStatisticsAreConsistent() throws {
        let frame = try Self.birthwt()
        let fit = try GLM.fit(design: frame.design, response: frame.response, termNames: frame.columnNames)
        #expect(abs(fit.deviance + 2 * fit.logLikelihood) < 1e-10)          // binary data: saturated ℓ = 0
        #expect(abs(fit.lrStatistic - (fit.nullDeviance - fit.deviance)) < 1e-9)
        #expect(fit.lrDegreesOfFreedom == 5)
        #expect(fit.events == frame.response.reduce(0, +))
        #expect(fit.pseudoRSquared.mcFadden > 0 && fit.pseudoRSquared.mcFadden < 1)
        #expect(fit.pseudoRSquared.nagelkerke > fit.pseudoRSquared.coxSnell)
        // Wald interval: estimate ± 1.959964 SE.
        let row = fit.coefficients[1]
        #expect(abs((row.ciUpper ?? 0) - (row.estimate ?? 0) - 1.959963984540054 * (row.standardError ?? 0)) < 1e-12)
    }

    @Test func samplingWeightsUseARobustCovarianceAndSaySo() throws {
        let frame = try Self.birthwt()
        let weights = (0..<frame.design.rows).map { 0.5 + Double($0 % 4) }
        let fit = try GLM.fit(design: frame.design, response: frame.response, termNames: frame.columnNames, weights: weights,
                              weightKind: .sampling)
        #expect(fit.covarianceLabel.hasPrefix("robust"))
        #expect(fit.diagnostics.contains { $0.kind == .robustCovarianceRequired })
        #expect(fit.observationCount == Double(frame.design.rows))
    }

    @Test func invalidInputsThrow() throws {
        let design = Matrix(rowMajor: [[1, 0], [1, 1], [1, 2], [1, 3]])
        let names = ["Intercept", "x"]
        #expect(throws: GLMError.responseOutOfRange(row: 2, value: 2)) {
            try GLM.fit(design: design, response: [0, 1, 2, 0], termNames: names)
        }
        #expect(throws: GLMError.invalidWeight(row: 1, value: -1)) {
            try GLM.fit(design: design, response: [0, 1, 1, 0], termNames: names, weights: [1, -1, 1, 1])
        }
        #expect(throws: GLMError.invalidOffset(row: 0, value: .infinity)) {
            try GLM.fit(design: design, response: [0, 1, 1, 0], termNames: names, offset: [.infinity, 0, 0, 0])
        }
        #expect(throws: GLMError.startLength(expected: 2, found: 1)) {
            try GLM.fit(design: design, response: [0, 1, 1, 0], termNames: names, options: GLMOptions(start: [0]))
        }
        #expect(throws: GLMError.firthRequiresLogit(link: "probit")) {
            try GLM.fit(design: design, response: [0, 1, 1, 0], termNames: names, options: GLMOptions(link: .probit, penalty: .jeffreys))
        }
        #expect(GLMError.responseOutOfRange(row: 2, value: 2).description.contains("row 3"))
    }

    @Test func linearProbabilityModelMatchesRWithHC1() throws {
        let frame = try Self.birthwt()
        let fit = try LinearProbabilityModel.fit(design: frame.design, response: frame.response, termNames: frame.columnNames)
        let expected = GLMReferenceTests.reference("glm-reference.csv", "birthwt_lpm")
        #expect(!expected.isEmpty)
        for row in fit.coefficients {
            #expect(relativeError(row.estimate ?? .nan, expected["coef:\(row.term)"] ?? .nan) <= 1e-10, "\(row.term)")
            #expect(relativeError(row.standardError ?? .nan, expected["se:\(row.term)"] ?? .nan) <= 1e-10, "\(row.term) HC1")
        }
        #expect(relativeError(fit.logLikelihood, expected[".loglik"] ?? .nan) <= 1e-12)
        #expect(fit.covarianceLabel == "robust (HC1)")
    }

    @Test func completeSeparationIsDetected() throws {
        // y = 1 exactly when x > 2.5: complete separation in x (+∞).
        let x: [Double] = [0, 1, 2, 3, 4, 5]
        let design = Matrix(columnVectors: [[Double](repeating: 1, count: 6), x])
        let fit = try GLM.fit(design: design, response: [0, 0, 0, 1, 1, 1], termNames: ["Intercept", "x"])
        let separation = try #require(fit.diagnostics.first { $0.kind == .separation })
        #expect(separation.terms.contains("x"))
        #expect(separation.message.contains("x (+∞)"))
    }
}
