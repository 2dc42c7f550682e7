import LinearAlgebra
import LinearPredictor

/// Power-of-two scales for design columns of extreme magnitude, so that XᵀWX neither overflows
/// (a column of 1e160) nor underflows (1e-160). Multiplying by a power of two is exact, so a
/// column that needs no scale is untouched and the others lose nothing.
struct ColumnScaling {
    /// Per column: the factor c_j the column is multiplied by (1 for most).
    let factors: [Double]

    /// Columns whose largest |x| lies outside 2^±200 (about 1e±60) are scaled to a largest |x| in
    /// [1, 2); `nil` when every column is within that range (or is all zero).
    /// Rows of zero weight do not count: a column's scale is that of the rows the fit uses (a
    /// zero-weight row of 1e300 left the others at 1e−140 after scaling; FuzzNumeric).
    init(factors: [Double]) { self.factors = factors }

    init?(_ design: Matrix, weights: [Double]? = nil) {
        self.init(DesignMatrix(design), weights: weights)
    }

    /// The scaling of a design that may hold an indicator block as codes (its 0/1 columns need none).
    init?(_ design: DesignMatrix, weights: [Double]? = nil, beyondExponent threshold: Int = 200) {
        var factors = [Double](repeating: 1, count: design.columns)
        var any = false
        for (j, largest) in Self.largestMagnitudes(design, weights: weights).enumerated() {
            guard largest > 0, largest.isFinite else { continue }
            let exponent = Int(largest.exponent)
            if abs(exponent) > threshold {
                factors[j] = Double(sign: .plus, exponent: -exponent, significand: 1)
                any = true
            }
        }
        guard any else { return nil }
        self.factors = factors
    }

    /// Per column, the largest |x_ij| over the rows with positive weight (0 for an all-zero column;
    /// `DesignMatrix.largestMagnitudes(rows:)`).
    static func largestMagnitudes(_ design: DesignMatrix, weights: [Double]?) -> [Double] {
        design.largestMagnitudes(rows: (0..<design.rows).filter { (weights?[$0] ?? 1) > 0 })
    }

    /// The design with column j multiplied by c_j (`DesignMatrix.scalingColumns`).
    func apply(to design: DesignMatrix) -> DesignMatrix { design.scalingColumns(by: factors) }

    /// The design with column j multiplied by c_j.
    func apply(to design: Matrix) -> Matrix {
        var storage = design.storage
        let n = design.rows
        for (j, factor) in factors.enumerated() where factor != 1 {
            for i in 0..<n { storage[j * n + i] *= factor }
        }
        return Matrix(rows: n, columns: design.columns, columnMajor: storage)
    }

    /// Coefficients of the original columns as coefficients of the scaled ones: γ_j = β_j / c_j.
    func scaledCoefficients(_ coefficients: [Double]) -> [Double] { zip(coefficients, factors).map { $0 / $1 } }

    /// The fit of the scaled design as a fit of the original: β_j = c_j γ_j, Cov(β) = C Cov(γ) C
    /// (a variance beyond the doubles is +∞ or 0, as in R; the standard errors are exact). η and μ
    /// are unchanged.
    func unscaled(_ fit: GLMFit) -> GLMFit {
        let table = fit.table
        let covariance = unscaledCovariance(table.scaledCovariance)
        let estimates = table.estimates.enumerated().map { j, estimate in estimate.map { $0 * factors[j] } }
        // SE_j = c_j·SE(γ_j) exactly, even where c_j²·V(γ)_jj over- or underflows.
        let errors = table.rows.enumerated().map { j, row in (row.standardError ?? .nan) * factors[j] }
        let rescaled = CoefficientTable(terms: table.terms, estimates: estimates, covariance: covariance, standardErrors: errors,
                                        distribution: table.distribution, level: table.level)
        return fit.replacing(table: rescaled, estimator: fit.covarianceEstimator)
    }

    /// A covariance of the scaled columns' coefficients as one of the original columns', held on
    /// the scaled side: C V C as (V, c), composed with any scaling `covariance` already carries.
    func unscaledCovariance(_ covariance: ScaledCovariance) -> ScaledCovariance {
        let composed = covariance.factors.map { zip($0, factors).map { $0 * $1 } } ?? factors
        return ScaledCovariance(scaled: covariance.scaled, factors: composed)
    }

    /// `body` on the design with extreme columns scaled, its `k × k` covariance mapped back: the
    /// covariances computed after a fit (robust, the other information) need the same scaling as
    /// the fit, or XᵀWX over- or underflows there.
    /// `covariance(of:weights:_:)` for a design that may hold a factor as codes.
    /// Here the threshold is 2^±30 (about 1e±9), not the fit's 2^±200: a sandwich B M B formed
    /// from columns of 1e20 beside columns of 1 mixed terms 40 orders apart in each product and
    /// came out indefinite at 6e−5 of its largest eigenvalue (FuzzNumeric); on the balanced side
    /// it is exact to rounding.
    static func covariance(of x: DesignMatrix, weights: [Double]?, _ body: (DesignMatrix) throws -> Matrix) rethrows -> ScaledCovariance {
        guard let scaling = ColumnScaling(x, weights: weights, beyondExponent: 30) else { return ScaledCovariance(try body(x)) }
        return ScaledCovariance(scaled: try body(scaling.apply(to: x)), factors: scaling.factors)
    }
}
