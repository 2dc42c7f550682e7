import Distributions
import LinearAlgebra

/// How an OLS fit decides whether the model has an intercept (which changes R², adjusted R²
/// and the F test, as in R's `summary.lm`).
public enum InterceptHandling: Sendable {
    /// The model has an intercept if a design column is constant and non-zero.
    case detect
    /// The model has an intercept (centred R²).
    case present
    /// No intercept: R² is uncentred, `1 − RSS/Σy²`, and the F test is against the zero model.
    case absent
}

/// An ordinary least-squares fit: `y = X β + ε`, `ε ~ (0, σ² I)`.
///
/// Coefficients come from `Matrix.leastSquares` (scaled, refined QR; see `Docs/accuracy.md`),
/// certified on NIST StRD. Inference follows R's `summary.lm`.
public struct OLSFit: Sendable {
    /// The coefficient table in design-column order; aliased columns have `nil` numbers.
    public let coefficients: [CoefficientEstimate]
    /// Covariance `σ̂² (XᵀX)⁻¹`, `p × p`, with `nan` rows/columns for aliased terms.
    public let covariance: Matrix
    /// Residuals `y − X β̂`.
    public let residuals: [Double]
    /// Fitted values `X β̂`.
    public let fittedValues: [Double]
    /// Number of observations.
    public let observationCount: Int
    /// Rank of the design (number of estimated coefficients).
    public let rank: Int
    /// `n − rank`.
    public let residualDegreesOfFreedom: Int
    /// Residual sum of squares.
    public let residualSumOfSquares: Double
    /// Residual standard deviation `σ̂ = √(RSS / (n − rank))`.
    public let residualStandardDeviation: Double
    /// R²: centred with an intercept, uncentred without (R's convention).
    public let rSquared: Double
    /// Adjusted R² `1 − (1 − R²)(n − i)/(n − rank)`, `i = 1` with an intercept, else 0.
    public let adjustedRSquared: Double
    /// F statistic of the model against the intercept-only (or zero) model; `nan` if there is
    /// nothing to test.
    public let fStatistic: Double
    /// Numerator degrees of freedom of the F test.
    public let fNumeratorDegreesOfFreedom: Int
    /// p-value of the F test.
    public let fPValue: Double
    /// Whether the model was treated as having an intercept.
    public let hasIntercept: Bool
    /// Names of the terms left out as exactly collinear with earlier terms.
    public let aliasedTerms: [String]
    /// 1-norm condition number estimate of the column-scaled design.
    public let conditionNumber: Double
}

/// Ordinary least squares on a design matrix.
public enum OLS {
    /// Fits `y ~ X` by least squares.
    ///
    /// Exactly collinear columns (rank tolerance `max(n, p)·ε` on the unit-scaled design) are
    /// reported in `aliasedTerms` with `nil` estimates and the fit proceeds on the rest, as R's
    /// `lm` reports `NA`.
    /// `designLowOrderPart` optionally carries the rounding errors of design elements computed in
    /// extended precision (see `Matrix.leastSquares(_:lowOrderPart:options:)`). `level` is the
    /// confidence level of the t intervals.
    /// - Throws: `ModelError` for mismatched sizes, non-finite values, no columns, or no
    ///   residual degrees of freedom.
    public static func fit(design: Matrix, response: [Double], termNames: [String],
                           designLowOrderPart: Matrix? = nil,
                           intercept: InterceptHandling = .detect,
                           options: LeastSquaresOptions = LeastSquaresOptions()) throws -> OLSFit {
        guard design.columns > 0 else { throw ModelError.emptyDesign }
        guard response.count == design.rows else {
            throw ModelError.dimensionMismatch(responseCount: response.count, designRows: design.rows)
        }
        guard termNames.count == design.columns else {
            throw ModelError.termCountMismatch(names: termNames.count, columns: design.columns)
        }
        if let bad = response.firstIndex(where: { !$0.isFinite }) {
            throw ModelError.nonFiniteValue(variable: "the response", row: bad)
        }
        if let bad = design.firstNonFiniteElement {
            throw ModelError.nonFiniteValue(variable: "design column '\(termNames[bad.column])'", row: bad.row)
        }
        if let low = designLowOrderPart, low.rows != design.rows || low.columns != design.columns {
            throw ModelError.dimensionMismatch(responseCount: low.rows, designRows: design.rows)
        }
        let solution = try design.leastSquares(response, lowOrderPart: designLowOrderPart, options: options)
        let n = design.rows, rank = solution.rank
        guard n > rank else { throw ModelError.tooFewObservations(observations: n, parameters: rank) }
        let hasIntercept: Bool
        switch intercept {
        case .present: hasIntercept = true
        case .absent: hasIntercept = false
        case .detect: hasIntercept = design.hasConstantColumn
        }
        let residualDF = n - rank
        let rss = solution.residualSumOfSquares
        let sigma2 = rss / Double(residualDF)
        let totalSS = totalSumOfSquares(response, centred: hasIntercept)
        let rSquared = 1 - rss / totalSS
        let interceptDF = hasIntercept ? 1 : 0
        let adjusted = 1 - (1 - rSquared) * Double(n - interceptDF) / Double(residualDF)
        let numeratorDF = rank - interceptDF
        let fStatistic = numeratorDF > 0 ? ((totalSS - rss) / Double(numeratorDF)) / sigma2 : .nan
        let fPValue = numeratorDF > 0
            ? FDistribution.survival(fStatistic, numeratorDegreesOfFreedom: Double(numeratorDF),
                                     denominatorDegreesOfFreedom: Double(residualDF))
            : .nan
        let covariance = sigma2 * solution.unscaledCovariance
        let aliased = Set(solution.dependentColumns)
        let table = CoefficientTable(terms: termNames,
                                     estimates: (0..<design.columns).map { aliased.contains($0) ? nil : solution.coefficients[$0] },
                                     covariance: covariance, distribution: .t(degreesOfFreedom: Double(residualDF))).rows
        let fitted = zip(response, solution.residuals).map { $0 - $1 }   // y − r: the exact-design fit
        return OLSFit(coefficients: table, covariance: covariance, residuals: solution.residuals, fittedValues: fitted,
                      observationCount: n, rank: rank, residualDegreesOfFreedom: residualDF,
                      residualSumOfSquares: rss, residualStandardDeviation: sigma2.squareRoot(),
                      rSquared: rSquared, adjustedRSquared: adjusted, fStatistic: fStatistic,
                      fNumeratorDegreesOfFreedom: numeratorDF, fPValue: fPValue, hasIntercept: hasIntercept,
                      aliasedTerms: solution.dependentColumns.map { termNames[$0] },
                      conditionNumber: solution.conditionNumber)
    }

    /// `Σ (yᵢ − ȳ)²` (centred) or `Σ yᵢ²`, accumulated with compensated summation.
    static func totalSumOfSquares(_ y: [Double], centred: Bool) -> Double {
        var mean = 0.0
        if centred {
            var sum = 0.0, compensation = 0.0
            for value in y {   // Neumaier summation
                let t = sum + value
                compensation += abs(sum) >= abs(value) ? (sum - t) + value : (value - t) + sum
                sum = t
            }
            mean = (sum + compensation) / Double(y.count)
        }
        var total = 0.0, compensation = 0.0
        for value in y {
            let d = value - mean
            let square = d * d
            let t = total + square
            compensation += (total - t) + square
            total = t
        }
        return total + compensation
    }
}
