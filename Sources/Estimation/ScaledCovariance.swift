import LinearAlgebra
import LinearPredictor

/// A covariance held as `C V C`: the covariance `V` of the coefficients of power-of-two scaled
/// columns (`ColumnScaling`) and the factors `C = diag(c)` that map it back.
///
/// For a column of magnitude 1e170 the coefficient is about 1e−171 and its variance about 1e−342,
/// which no double holds: `C V C` underflows to 0 (an SE of 0, p = 0), or overflows for a column of
/// 1e−170. Every standard error, Wald statistic and delta-method variance is therefore formed on
/// the scaled side: SE_j = |c_j|·√V_jj, a gradient g enters as g∘c, and a restriction matrix R as
/// R C, each normalised by a power of two before the product (issue 29, item 9). Where no column
/// needed a scale (`factors == nil`, the usual case) this is the plain matrix.
public struct ScaledCovariance: Sendable {
    /// `V`, the covariance on the scaled side (NaN in aliased rows and columns).
    public let scaled: Matrix
    /// `c`, one factor per column; `nil` where every factor is 1.
    public let factors: [Double]?

    /// A covariance without scaling.
    public init(_ matrix: Matrix) {
        scaled = matrix
        factors = nil
    }

    /// `C V C` held as `V` and `c`.
    public init(scaled: Matrix, factors: [Double]?) {
        precondition(factors == nil || factors?.count == scaled.columns, "one factor per column")
        self.scaled = scaled
        self.factors = factors?.allSatisfy({ $0 == 1 }) == true ? nil : factors
    }

    /// The covariance itself, `C V C` (entries beyond the doubles are 0 or ±∞, as in R).
    public var matrix: Matrix {
        guard let factors else { return scaled }
        var result = scaled
        let p = factors.count
        for j in 0..<p { for i in 0..<p { result[i, j] *= factors[i] * factors[j] } }
        return result
    }

    /// The standard error of coefficient `j`, |c_j|·√V_jj; NaN where V_jj or the SE itself
    /// underflowed to a subnormal (its digits are lost: never a false 0 or a number of 7 digits).
    public func standardError(_ j: Int) -> Double {
        let variance = scaled[j, j]
        guard !(variance > 0 && variance < .leastNormalMagnitude) else { return .nan }
        return Self.normalOrNaN(variance.squareRoot() * abs(factors?[j] ?? 1))
    }

    /// `value`, or NaN where it is a nonzero subnormal.
    static func normalOrNaN(_ value: Double) -> Double {
        value != 0 && abs(value) < .leastNormalMagnitude ? .nan : value
    }

    /// √(gᵀ (C V C) g) for a gradient given by its nonzero entries: h = g∘c, normalised by a power
    /// of two s near max |h|, so that s·√((h/s)ᵀ V (h/s)) neither under- nor overflows.
    public func standardError(ofGradient entries: [(index: Int, value: Double)]) -> Double {
        let h = entries.map { (index: $0.index, value: $0.value * (factors?[$0.index] ?? 1)) }
        let largest = h.map { abs($0.value) }.max() ?? 0
        guard largest > 0, largest.isFinite else { return largest == 0 ? 0 : .nan }
        let scale = Double(sign: .plus, exponent: largest.exponent, significand: 1)
        var variance = 0.0
        for a in h { for b in h { variance += (a.value / scale) * scaled[a.index, b.index] * (b.value / scale) } }
        return Self.normalOrNaN(max(variance, 0).squareRoot() * scale)
    }

    /// The rows and columns `indices` (in that order).
    public func selecting(_ indices: [Int]) -> ScaledCovariance {
        ScaledCovariance(scaled: scaled.selectingColumns(indices).transposed.selectingColumns(indices),
                         factors: factors.map { f in indices.map { f[$0] } })
    }

    /// The pieces of a Wald statistic on the scaled side: for restrictions `r` (q × p over these
    /// columns) with differences d = Rβ̂ − r₀, each restriction row i is taken as s_i (R C)_i with s_i
    /// the power of two that brings its largest entry near 1, so the statistic
    /// (S d)ᵀ [(S R C) V (S R C)ᵀ]⁻¹ (S d) equals dᵀ (R V_β Rᵀ)⁻¹ d without leaving the doubles.
    public func restricted(_ r: Matrix, differences: [Double]) -> (middle: Matrix, differences: [Double]) {
        var rc = r
        if let factors { for j in 0..<r.columns { for i in 0..<r.rows { rc[i, j] *= factors[j] } } }
        var scaledDifferences = differences
        for i in 0..<r.rows {
            let largest = (0..<r.columns).map { abs(rc[i, $0]) }.max() ?? 0
            guard largest > 0, largest.isFinite else { continue }
            let s = Double(sign: .plus, exponent: -largest.exponent, significand: 1)
            for j in 0..<r.columns { rc[i, j] *= s }
            scaledDifferences[i] *= s
        }
        return (rc * scaled * rc.transposed, scaledDifferences)
    }

    /// xᵢᵀ (C V C) xᵢ for every row of `design` (the variance of each η̂ᵢ), formed as
    /// (C xᵢ)ᵀ V (C xᵢ) (`DesignMatrix.quadraticForms`).
    public func quadraticForms(_ design: DesignMatrix) -> [Double] {
        (factors.map { design.scalingColumns(by: $0) } ?? design).quadraticForms(scaled)
    }

    /// `k × k` covariances of the columns `kept`, placed in a `size × size` one (NaN in the rows and
    /// columns of the others, factor 1 there).
    package static func expanded(_ kept: ScaledCovariance, columns: [Int], size: Int) -> ScaledCovariance {
        var factors: [Double]?
        if let keptFactors = kept.factors {
            var full = [Double](repeating: 1, count: size)
            for (a, j) in columns.enumerated() { full[j] = keptFactors[a] }
            factors = full
        }
        return ScaledCovariance(scaled: CoefficientTable.expanded(kept.scaled, kept: columns, size: size), factors: factors)
    }
}
