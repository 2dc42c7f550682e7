import Tables
import Distributions
import Estimation
import LinearPredictor
import LinearAlgebra

/// A Wald or likelihood-ratio test result.
public struct TestResult: Sendable, Equatable {
    /// The χ² (Wald, LR) statistic W.
    public let statistic: Double
    /// Degrees of freedom (of χ², or the F test's numerator).
    public let degreesOfFreedom: Int
    /// p-value: from χ²(q), or from F(q, ν) where `denominatorDegreesOfFreedom` is ν.
    public let pValue: Double
    /// Under a survey design, the Wald test is referred to F(q, ν) with ν the design's residual
    /// degrees of freedom (R `regTermTest`); nil for a χ² test.
    public let denominatorDegreesOfFreedom: Double?

    /// Creates a result.
    public init(statistic: Double, degreesOfFreedom: Int, pValue: Double, denominatorDegreesOfFreedom: Double? = nil) {
        self.statistic = statistic
        self.degreesOfFreedom = degreesOfFreedom
        self.pValue = pValue
        self.denominatorDegreesOfFreedom = denominatorDegreesOfFreedom
    }

    /// The F statistic W / q where the test is an F test, nil otherwise.
    public var fStatistic: Double? { denominatorDegreesOfFreedom.map { _ in statistic / Double(degreesOfFreedom) } }
}

/// The tests of dropping one term: Wald (with the fit's covariance, robust if chosen) and
/// likelihood ratio (against the refit without the term; `nil` where a likelihood is not valid,
/// e.g. under sampling weights).
public struct TermTest: Sendable, Equatable {
    /// The term, e.g. `C(sector)`.
    public let term: String
    /// Joint Wald test that all of the term's coefficients are zero; `nil` where it does not
    /// apply (`waldError` says why: a coefficient of the term is infinite by separation, or the
    /// covariance's rank is below the term's columns).
    public let wald: TestResult?
    /// Likelihood-ratio test of dropping the term.
    public let likelihoodRatio: TestResult?
    /// Rao's score (Lagrange multiplier) test of dropping the term: the third classical test, at
    /// the fit without the term (R `anova(reduced, full, test = "Rao")`; `nil` where the LR test is).
    public let score: TestResult?
    /// Why there is no Wald test, where there is none.
    public let waldError: HypothesisTestError?
    /// `waldError`'s message.
    public var waldUnavailable: String? { waldError?.description }

    /// Creates a result.
    public init(term: String, wald: TestResult?, likelihoodRatio: TestResult?, score: TestResult? = nil, waldError: HypothesisTestError? = nil) {
        self.term = term
        self.wald = wald
        self.likelihoodRatio = likelihoodRatio
        self.score = score
        self.waldError = wald == nil ? waldError : nil
    }
}

/// Errors in hypothesis tests.
public enum HypothesisTestError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The restriction matrix does not match the number of coefficients or of values.
    case restrictionShape(rows: Int, columns: Int, coefficients: Int, values: Int)
    /// A restriction involves an aliased coefficient.
    case aliasedCoefficient(term: String)
    /// The restriction rows are linearly dependent (e.g. `x = 0` given twice): decided by the rank
    /// of the restriction matrix by `RankRule` (the rule that decides a design's aliasing), not by a failed factorization.
    case singularRestrictions
    /// The restrictions are independent, but their covariance R V Rᵀ has rank `rank` < `restrictions`
    /// (e.g. a cluster covariance from G clusters has rank at most G − 1), so the Wald statistic
    /// is not defined.
    case singularRestrictionCovariance(rank: Int, restrictions: Int)
    /// A restriction's multiplier or value is NaN or infinite (`x = nan`).
    case nonFiniteRestriction(row: Int)
    /// A restriction involves a coefficient whose maximum-likelihood estimate is infinite
    /// (separation): its Wald statistic is an artefact of where the iterations stopped.
    case separatedCoefficient(terms: [String])
    /// No such term in the model.
    case unknownTerm(name: String, available: [String])
    /// The fit has no covariance for the tested coefficients (its information matrix is singular:
    /// see its `singularInformation` diagnostic), so there is no Wald test.
    case covarianceUnavailable(terms: [String])

    public var description: String {
        switch self {
        case .restrictionShape(let rows, let columns, let coefficients, let values):
            return "restrictions: a \(rows)×\(columns) matrix with \(values) value\(values == 1 ? "" : "s") for \(coefficients) coefficients; they must agree"
        case .aliasedCoefficient(let term):
            return "the hypothesis involves \(term), which is aliased (not estimated)"
        case .singularRestrictions:
            return "the restrictions are linearly dependent; drop redundant rows"
        case .singularRestrictionCovariance(let rank, let restrictions):
            return "the covariance of the \(restrictions) restrictions has rank \(rank) (e.g. a cluster covariance from G clusters has rank at most G − 1), so there is no Wald test of all of them; test at most \(rank) of them, or use a covariance with more clusters"
        case .separatedCoefficient(let terms):
            return "no Wald test involving \(MessageText.list(terms)): \(terms.count == 1 ? "its estimate is" : "their estimates are") infinite (separation), so a Wald statistic would only reflect where the iterations stopped; use the likelihood-ratio test (dropTest or likelihoodRatioTest(against:); --test in reshore) or Firth's bias-reduced logit (model: .firth; --model firth in reshore)"
        case .nonFiniteRestriction(let row):
            return "restriction \(row + 1) has a multiplier or value that is NaN or infinite; restrictions must be finite numbers"
        case .covarianceUnavailable(let terms):
            return "no Wald test of \(MessageText.list(terms)): the fit has no covariance for \(terms.count == 1 ? "it" : "them") (its information matrix is singular at the estimates; see the fit's diagnostics). A likelihood-ratio test against the model without \(terms.count == 1 ? "it" : "them") (likelihoodRatioTest(against:)) or Firth's model (model: .firth; --model firth in reshore) still applies"
        case .unknownTerm(let name, let available):
            return "no term '\(name)' in the model; terms: \(MessageText.list(available))"
        }
    }
}

/// Wald tests of linear hypotheses Rβ = r: W = (Rβ̂ − r)ᵀ(R V Rᵀ)⁻¹(Rβ̂ − r) ~ χ²(rank R).
public enum WaldTest {
    /// Tests `restrictions · β = values` using the fit's covariance.
    /// - Throws: `restrictionShape`, `nonFiniteRestriction`, `aliasedCoefficient`,
    ///   `separatedCoefficient` for a coefficient whose estimate is infinite,
    ///   `covarianceUnavailable` where the fit has no covariance (singular information),
    ///   `singularRestrictions` for dependent restrictions (the rank of R), and
    ///   `singularRestrictionCovariance` where R V Rᵀ is singular by `RankRule`.
    public static func linearHypothesis(_ fit: GLMFit, restrictions: Matrix, values: [Double]) throws -> TestResult {
        let p = fit.coefficients.count
        guard restrictions.columns == p, restrictions.rows == values.count, restrictions.rows > 0 else {
            throw HypothesisTestError.restrictionShape(rows: restrictions.rows, columns: restrictions.columns, coefficients: p, values: values.count)
        }
        for (j, row) in fit.coefficients.enumerated() where row.isAliased {
            if (0..<restrictions.rows).contains(where: { restrictions[$0, j] != 0 }) { throw HypothesisTestError.aliasedCoefficient(term: row.term) }
        }
        if let row = (0..<restrictions.rows).first(where: { i in !values[i].isFinite || !restrictions.row(i).allSatisfy(\.isFinite) }) {
            throw HypothesisTestError.nonFiniteRestriction(row: row)
        }
        let separated = fit.separatedTerms
        if !separated.isEmpty {
            let involved = fit.coefficients.indices.filter { j in
                separated[fit.coefficients[j].term] != nil && (0..<restrictions.rows).contains { restrictions[$0, j] != 0 }
            }
            if !involved.isEmpty { throw HypothesisTestError.separatedCoefficient(terms: involved.map { fit.coefficients[$0].term }) }
        }
        let kept = fit.coefficients.indices.filter { !fit.coefficients[$0].isAliased }
        let r = restrictions.selectingColumns(kept)
        // Dependence among the restrictions is a property of R alone: its rank by `RankRule`, the
        // rule that decides a design's aliasing (never whether a Cholesky of R V Rᵀ happens to fail).
        if try r.rows > r.columns || r.transposed.pivotedQR().rank < r.rows {
            throw HypothesisTestError.singularRestrictions
        }
        let beta = kept.map { fit.coefficients[$0].estimate ?? 0 }
        // On the scaled side (`ScaledCovariance.restricted`): a column of 1e170 has a variance beyond
        // the doubles, R V Rᵀ formed from it gave χ² = inf or a false 0.
        let unscaled = zip(r * beta, values).map { $0 - $1 }
        let (middle, difference) = fit.table.scaledCovariance.selecting(kept).restricted(r, differences: unscaled)
        // A fit without a covariance (NaN), or whose tested estimates are not finite, has no Wald
        // test; it is not a dependence among the restrictions.
        guard middle.isFinite, unscaled.allSatisfy(\.isFinite) else {
            let involved = kept.enumerated().filter { column in (0..<r.rows).contains { r[$0, column.offset] != 0 } }
            throw HypothesisTestError.covarianceUnavailable(terms: involved.map { fit.coefficients[$0.element].term })
        }
        // Independent restrictions with a rank-deficient covariance (few clusters): by `RankRule`,
        // the rule that decides whether an information matrix is singular, at the resolution of an
        // estimated covariance.
        let factor: CholeskyFactorization
        switch RankRule.judge(crossProduct: middle, origin: .estimated) {
        case .regular(let regular): factor = regular
        case .singular(let rank): throw HypothesisTestError.singularRestrictionCovariance(rank: rank, restrictions: r.rows)
        case .indefinite: throw HypothesisTestError.singularRestrictionCovariance(rank: r.rows - 1, restrictions: r.rows)
        }
        // Scaled to its restriction's units, a difference beyond the doubles is a statistic beyond
        // them (a constant of 0.5 against a coefficient whose SE is 1e−301): χ² = +∞, p = 0, never a
        // trap in the solve (dpotrs refuses non-finite input; found by FuzzNumeric).
        guard difference.allSatisfy(\.isFinite) else {
            return TestResult(statistic: .infinity, degreesOfFreedom: restrictions.rows, pValue: 0)
        }
        let solved = factor.solve(difference)
        let statistic = zip(difference, solved).reduce(0) { $0 + $1.0 * $1.1 }
        return TestResult(statistic: statistic, degreesOfFreedom: restrictions.rows,
                          pValue: ChiSquared.survival(statistic, degreesOfFreedom: Double(restrictions.rows)))
    }

    /// Joint test that the coefficients in `columns` are all zero (aliased ones are skipped).
    /// - Throws: `unknownTerm` for a column index outside the fit; `aliasedCoefficient` when every
    ///   requested coefficient is aliased (there is nothing left to test); `covarianceUnavailable`
    ///   where the fit has no covariance.
    public static func zero(_ fit: GLMFit, columns: [Int]) throws -> TestResult {
        let terms = fit.coefficients.map(\.term)
        if let outside = columns.first(where: { !terms.indices.contains($0) }) {
            throw HypothesisTestError.unknownTerm(name: "column \(outside)", available: terms)
        }
        let estimated = columns.filter { !fit.coefficients[$0].isAliased }
        if estimated.isEmpty, let first = columns.first { throw HypothesisTestError.aliasedCoefficient(term: terms[first]) }
        var restrictions = Matrix(rows: estimated.count, columns: fit.coefficients.count)
        for (row, column) in estimated.enumerated() { restrictions[row, column] = 1 }
        return try linearHypothesis(fit, restrictions: restrictions, values: [Double](repeating: 0, count: estimated.count))
    }
}

/// Likelihood-ratio tests of nested models fitted to the same rows.
/// Rao's score test of a reduced fit against the full design: U = Xᵀu and I = XᵀWX at the reduced
/// fit's estimates (u the per-row scores, W the expected working weights), S = Uᵀ I⁻¹ U on (k_full −
/// k_reduced) degrees of freedom — R `anova(reduced, full, test = "Rao")` (expected information,
/// as R's glm), statsmodels `GLMResults.score_test`. Unlike the Wald test it needs no fit of the
/// full model; unlike the LR test, no likelihood at its estimates.
public enum ScoreTest {
    /// The test; `columns` are the full design's estimated (not aliased) columns.
    /// - Returns: nil where the information at the reduced estimates is singular.
    public static func compare(fullDesign: DesignMatrix, columns: [Int], reduced: GLMFit, response: [Double], weights: [Double]?,
                               reducedParameters: Int) -> TestResult? {
        let design = fullDesign.selectingColumns(columns)
        let (scores, working) = reduced.scoreFactors(response: response, weights: weights)
        let u = design.transposeMultiplied(by: scores)
        guard let factor = InformationFactor.factor(design.weightedCrossProduct(weights: working)) else { return nil }
        let solved = factor.solve(u)
        let statistic = zip(u, solved).reduce(0) { $0 + $1.0 * $1.1 }
        let df = columns.count - reducedParameters
        return TestResult(statistic: statistic, degreesOfFreedom: df,
                          pValue: df > 0 ? ChiSquared.survival(max(statistic, 0), degreesOfFreedom: Double(df)) : .nan)
    }
}

public enum LikelihoodRatioTest {
    /// 2(ℓ_full − ℓ_reduced) on (k_full − k_reduced) degrees of freedom.
    public static func compare(full: GLMFit, reduced: GLMFit) -> TestResult {
        let estimated = { (fit: GLMFit) in fit.coefficients.filter { !$0.isAliased }.count }
        let df = estimated(full) - estimated(reduced)
        let statistic = 2 * (full.logLikelihood - reduced.logLikelihood)
        return TestResult(statistic: statistic, degreesOfFreedom: df,
                          pValue: df > 0 ? ChiSquared.survival(max(statistic, 0), degreesOfFreedom: Double(df)) : .nan)
    }
}
