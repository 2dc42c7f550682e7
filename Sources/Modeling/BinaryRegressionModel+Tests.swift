import Estimation
import Inference
import LinearAlgebra
import LinearPredictor

/// One row of `BinaryRegressionModel.anova`: a model and the likelihood-ratio test against the row before.
public struct AnovaRow: Sendable, Equatable {
    /// The model's formula.
    public let formula: String
    /// Estimated parameters.
    public let parameters: Int
    /// Residual deviance −2ℓ (plus the saturated term for non-binary responses).
    public let deviance: Double
    /// LR test against the previous row (`nil` for the first).
    public let test: TestResult?
}

extension BinaryRegressionModel {
    /// A joint Wald test of `hypotheses` (all of them together) under `covariance` (`nil`: the
    /// model's): each a formula term (`"C(sector)"`: all its coefficients are zero), a coefficient
    /// name, or a linear equation (`"x1 = x2"`, `"2*x1 + x3 = 1"`), as `car::linearHypothesis` and
    /// statsmodels' `wald_test`. χ² on the number of restrictions; under a survey design F(q, ν)
    /// with ν the design's residual degrees of freedom (R `regTermTest`).
    public func test(_ hypotheses: String..., covariance: Covariance? = nil) throws -> TestResult {
        try test(hypotheses, covariance: covariance)
    }

    /// `test(_:covariance:)` with the hypotheses as an array.
    public func test(_ hypotheses: [String], covariance: Covariance? = nil) throws -> TestResult {
        guard !hypotheses.isEmpty else { throw ModelingError.invalidHypothesis(hypothesis: "", reason: "no hypothesis was given") }
        let terms = frame.terms.map { ($0.name, $0.columns) }
        var rows = [[Double]](), values = [Double]()
        for hypothesis in hypotheses {
            let parsed = try LinearHypothesis.parse(hypothesis, names: frame.columnNames, terms: terms)
            rows += parsed.rows
            values += parsed.values
        }
        // Aliased columns of a whole term are skipped, as `WaldTest.zero` does.
        let model = try using(covariance)
        let aliased = Set(model.coefficients.indices.filter { model.coefficients[$0].isAliased })
        let kept = rows.indices.filter { index in !(rows[index].indices.filter { rows[index][$0] != 0 }.allSatisfy(aliased.contains)) }
        guard !kept.isEmpty else {
            throw HypothesisTestError.aliasedCoefficient(term: frame.columnNames[rows.first?.firstIndex { $0 != 0 } ?? 0])
        }
        let restrictions = Matrix(rowMajor: kept.map { rows[$0] })
        return designAware(try WaldTest.linearHypothesis(model.fit, restrictions: restrictions, values: kept.map { values[$0] }))
    }

    /// The joint Wald test that every coefficient but the intercept is zero, under the model's
    /// covariance (Stata's header `Wald chi2(k)` after `logit [pw=]` or `vce(robust)`): the
    /// model test where the likelihood is a pseudo-likelihood (sampling weights). Aliased terms are
    /// left out; separated ones make it inapplicable (`HypothesisTestError.separatedCoefficient`).
    public func overallWaldTest() throws -> TestResult {
        let columns = fit.coefficients.indices.filter { $0 != 0 || !fit.hasIntercept }
        return designAware(try WaldTest.zero(fit, columns: columns))
    }

    /// The test of dropping one formula term: the Wald test under the model's covariance, and the
    /// likelihood-ratio test against the refit without the term (maximum-likelihood models without
    /// sampling weights), as Stata's `test` and `lrtest`. For Firth's logit the likelihood-ratio
    /// test is the penalized one of R `logistf`: the term's coefficients held at 0 with the
    /// penalty over the full design (throws `ModelingError.profileDidNotConverge` where that
    /// constrained fit does not converge). `nil` otherwise (sampling weights, the LPM).
    /// Where a coefficient of the term is separated, or the covariance's rank is below the term's
    /// columns (a cluster covariance from few clusters), `wald` is nil and `waldError` says
    /// why; the likelihood-ratio test stays.
    /// - Throws: `HypothesisTestError.covarianceUnavailable` where the fit has no covariance (its
    ///   information is singular), rather than a test without one; the Wald test's error where
    ///   neither test exists.
    public func dropTest(_ term: String) throws -> TermTest {
        guard let designTerm = frame.terms.first(where: { $0.name == term }) else {
            throw ModelingError.unknownTerm(name: term, available: frame.terms.map(\.name))
        }
        // A term with a separated coefficient has no Wald test (its χ² reflects where the iterations
        // stopped: 7575 beside an LR p of 0.20); the likelihood-ratio test still applies.
        var wald: TestResult?, waldError: HypothesisTestError?
        do {
            wald = designAware(try WaldTest.zero(fit, columns: Array(designTerm.columns)))
        } catch let error as HypothesisTestError {
            // Also a covariance of too low a rank for the term (a cluster covariance from fewer
            // clusters than the term has columns): no Wald test, the LR test where there is one.
            switch error {
            case .separatedCoefficient, .singularRestrictionCovariance: waldError = error
            default: throw error
            }
        }
        let remaining = (0..<frame.designMatrix.columns).filter { !designTerm.columns.contains($0) }
        var likelihoodRatio: TestResult?, score: TestResult?
        if model == .firth && specification.weights?.kind != .sampling {
            likelihoodRatio = try penalizedLikelihoodRatio(columns: Array(designTerm.columns))
        } else if let absorbed, specification.weights?.kind != .sampling, !remaining.isEmpty {
            // The reduced model with the same factors absorbed, on the same rows; no score test
            // (its information would need the projected reduced design).
            let reduced = try BinaryRegression.estimateAbsorbed(design: frame.designMatrix.selectingColumns(remaining),
                                                                names: remaining.map { frame.columnNames[$0] }, response: frame.response,
                                                                weights: weights, offset: offset, fixedEffects: absorbed.fixedEffects,
                                                                specification: specification).fit
            likelihoodRatio = LikelihoodRatioTest.compare(full: base, reduced: reduced)
        } else if specification.weights?.kind != .sampling, model.isMaximumLikelihood, !remaining.isEmpty {
            let reduced = try BinaryRegression.estimate(design: frame.designMatrix.selectingColumns(remaining),
                                                        names: remaining.map { frame.columnNames[$0] }, response: frame.response,
                                                        weights: weights, offset: offset, trials: frame.trials,
                                                        specification: specification, level: level, checkSeparation: false)
            likelihoodRatio = LikelihoodRatioTest.compare(full: base, reduced: reduced)
            if model != .lpm {
                score = ScoreTest.compare(fullDesign: frame.designMatrix, columns: base.table.estimatedColumns, reduced: reduced,
                                          response: frame.response, weights: weights,
                                          reducedParameters: reduced.coefficients.filter { !$0.isAliased }.count)
            }
        }
        // Neither test: the Wald test's own error says why.
        if wald == nil && likelihoodRatio == nil, let waldError { throw waldError }
        return TermTest(term: term, wald: wald, likelihoodRatio: likelihoodRatio, score: score, waldError: waldError)
    }

    /// The likelihood-ratio test of this model against a nested one fitted to the same rows
    /// (`lmtest::lrtest`, Stata's `lrtest`): 2(ℓ_larger − ℓ_smaller) on the difference in parameters.
    /// - Throws: `ModelingError.notComparable` for different rows, responses, models or weights, a
    ///   non-nested pair, Firth's penalised fits, the linear probability model or sampling weights.
    public func likelihoodRatioTest(against other: BinaryRegressionModel) throws -> TestResult {
        try BinaryRegressionModel.checkComparable(self, other)
        let (larger, smaller) = base.coefficients.filter { !$0.isAliased }.count >= other.base.coefficients.filter { !$0.isAliased }.count
            ? (self, other) : (other, self)
        let largerNames = Set(larger.frame.columnNames)
        guard smaller.frame.columnNames.allSatisfy(largerNames.contains) else {
            throw ModelingError.notComparable(reason: "the smaller model has coefficients the larger one lacks (\(smaller.frame.columnNames.filter { !largerNames.contains($0) }.joined(separator: ", "))), so they are not nested")
        }
        return LikelihoodRatioTest.compare(full: larger.base, reduced: smaller.base)
    }

    /// Sequential likelihood-ratio tests of nested models, smallest first (R `anova(m1, m2, test = "Chisq")`).
    public static func anova(_ models: [BinaryRegressionModel]) throws -> [AnovaRow] {
        guard let first = models.first else { return [] }
        var rows = [AnovaRow(formula: first.specification.formula, parameters: first.estimatedParameters,
                             deviance: first.base.deviance, test: nil)]
        for (previous, model) in zip(models, models.dropFirst()) {
            guard model.estimatedParameters >= previous.estimatedParameters else {
                throw ModelingError.notComparable(reason: "anova takes the models from the smallest to the largest")
            }
            rows.append(AnovaRow(formula: model.specification.formula, parameters: model.estimatedParameters,
                                 deviance: model.base.deviance, test: try model.likelihoodRatioTest(against: previous)))
        }
        return rows
    }

    /// Estimated (not aliased) coefficients.
    public var estimatedParameters: Int { base.coefficients.filter { !$0.isAliased }.count }

    static func checkComparable(_ a: BinaryRegressionModel, _ b: BinaryRegressionModel) throws {
        guard a.model == b.model else { throw ModelingError.notComparable(reason: "one is \(a.model), the other \(b.model)") }
        guard a.model.isMaximumLikelihood else {
            throw ModelingError.notComparable(reason: "\(a.model) is not a maximum-likelihood fit, so its likelihood-ratio test is not χ²")
        }
        guard a.specification.weights?.kind != .sampling else {
            throw ModelingError.notComparable(reason: "under sampling weights the likelihood is a pseudo-likelihood; use a Wald test (test(_:))")
        }
        guard a.frame.rowIndices == b.frame.rowIndices, a.frame.response == b.frame.response else {
            throw ModelingError.notComparable(reason: "they were fitted to different rows or responses (\(a.frame.rowIndices.count) and \(b.frame.rowIndices.count) rows); fit both on the same complete rows")
        }
        guard a.weights == b.weights, a.offset == b.offset else {
            throw ModelingError.notComparable(reason: "they have different weights or offsets")
        }
    }
}
