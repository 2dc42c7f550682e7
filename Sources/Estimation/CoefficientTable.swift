import Distributions
import LinearAlgebra


/// The one coefficient table of every estimator (GLM, Firth, OLS, the linear probability model):
/// estimates, their covariance, the reference distribution and the confidence level. The rows
/// (standard errors, statistics, p-values, Wald intervals) are computed once, here.
public struct CoefficientTable: Sendable {
    /// Design column names.
    public let terms: [String]
    /// Estimates in design order; `nil` for an aliased (left out) column.
    public let estimates: [Double?]
    /// Covariance of the estimates as `C V C` (`ScaledCovariance`): standard errors, Wald tests and
    /// delta-method variances are formed on its scaled side.
    public let scaledCovariance: ScaledCovariance
    /// Covariance of the estimates, `p × p`, NaN in the rows and columns of aliased terms (for a
    /// column of extreme magnitude an entry may lie beyond the doubles: use `scaledCovariance`).
    public var covariance: Matrix { scaledCovariance.matrix }
    /// z or t(ν).
    public let distribution: ReferenceDistribution
    /// Confidence level of the intervals, in (0, 1).
    public let level: Double
    /// The level of the tables the estimators build (they take none: a level is asked of a fit
    /// afterwards, `atLevel`).
    public static let conventionalLevel = 0.95
    /// One row per design column.
    public let rows: [CoefficientEstimate]
    /// The rows as rows of the one estimate table (`Estimate`), nil for an aliased column.
    public var estimateRows: [Estimate?] {
        rows.map { row in
            guard let estimate = row.estimate else { return nil }
            return Estimate(term: row.term, estimate: estimate, standardError: row.standardError ?? .nan,
                            statistic: row.statistic ?? .nan, pValue: row.pValue ?? .nan, lower: row.ciLower ?? .nan,
                            upper: row.ciUpper ?? .nan, distribution: distribution, level: level)
        }
    }

    /// Builds the rows: SE = √V_jj, statistic = β̂/SE, two-sided p, β̂ ∓ q·SE.
    public init(terms: [String], estimates: [Double?], covariance: Matrix, distribution: ReferenceDistribution, level: Double = CoefficientTable.conventionalLevel) {
        self.init(terms: terms, estimates: estimates, covariance: covariance, standardErrors: nil, distribution: distribution, level: level)
    }

    /// The rows from `standardErrors` where given (a column fitted on a power-of-two scale: its
    /// variance may lie beyond the doubles while its SE does not), else from √V_jj. A variance
    /// that underflowed to a subnormal has lost its digits: its SE is NaN, never a false 0.
    init(terms: [String], estimates: [Double?], covariance: Matrix, standardErrors: [Double]?,
         distribution: ReferenceDistribution, level: Double = CoefficientTable.conventionalLevel) {
        self.init(terms: terms, estimates: estimates, covariance: ScaledCovariance(covariance), standardErrors: standardErrors,
                  distribution: distribution, level: level)
    }

    /// The rows from a covariance held on the scaled side: SE_j = |c_j|·√V_jj.
    public init(terms: [String], estimates: [Double?], covariance: ScaledCovariance, standardErrors: [Double]? = nil,
                distribution: ReferenceDistribution, level: Double = CoefficientTable.conventionalLevel) {
        precondition(terms.count == estimates.count && covariance.scaled.rows == terms.count, "one estimate and covariance row per term")
        self.terms = terms
        self.estimates = estimates
        self.scaledCovariance = covariance
        self.distribution = distribution
        self.level = level
        let critical = distribution.criticalValue(level: level)
        rows = terms.indices.map { j in
            guard let estimate = estimates[j] else { return .aliased(terms[j]) }
            let row = Estimate(term: terms[j], estimate: estimate, standardError: standardErrors?[j] ?? covariance.standardError(j),
                               distribution: distribution, level: level, critical: critical)
            return CoefficientEstimate(term: row.term, estimate: row.estimate, standardError: row.standardError, statistic: row.statistic,
                                       pValue: row.pValue, ciLower: row.lower, ciUpper: row.upper)
        }
    }

    /// The table of the estimates of the columns `kept` (in that order) with their `k × k`
    /// covariance, expanded to every design column (aliased ones `nil` / NaN).
    public init(terms: [String], kept: [Int], estimates: [Double], keptCovariance: Matrix,
                distribution: ReferenceDistribution, level: Double = CoefficientTable.conventionalLevel) {
        var full = [Double?](repeating: nil, count: terms.count)
        for (a, i) in kept.enumerated() { full[i] = estimates[a] }
        self.init(terms: terms, estimates: full, covariance: CoefficientTable.expanded(keptCovariance, kept: kept, size: terms.count),
                  distribution: distribution, level: level)
    }

    /// A `k × k` covariance of the columns `kept` placed in a `size × size` one, NaN in the rows and
    /// columns of the others (aliased terms).
    public static func expanded(_ keptCovariance: Matrix, kept: [Int], size: Int) -> Matrix {
        if kept.count == size && kept.elementsEqual(0..<size) { return keptCovariance }
        // Column by column through the storage, not by element subscripts in row order (strided).
        var storage = [Double](repeating: .nan, count: size * size)
        let k = kept.count
        keptCovariance.storage.withUnsafeBufferPointer { source in
            storage.withUnsafeMutableBufferPointer { target in
                for (b, j) in kept.enumerated() {
                    for (a, i) in kept.enumerated() { target[j * size + i] = source[b * k + a] }
                }
            }
        }
        return Matrix(rows: size, columns: size, columnMajor: storage)
    }

    /// The same estimates with another covariance (`p × p`, NaN for aliased terms).
    public func replacingCovariance(_ covariance: Matrix, distribution: ReferenceDistribution? = nil) -> CoefficientTable {
        replacingCovariance(ScaledCovariance(covariance), distribution: distribution)
    }

    /// The same estimates with another covariance held on the scaled side.
    public func replacingCovariance(_ covariance: ScaledCovariance, distribution: ReferenceDistribution? = nil) -> CoefficientTable {
        CoefficientTable(terms: terms, estimates: estimates, covariance: covariance, distribution: distribution ?? self.distribution, level: level)
    }

    /// The same table at another confidence level.
    public func atLevel(_ level: Double) -> CoefficientTable {
        CoefficientTable(terms: terms, estimates: estimates, covariance: scaledCovariance,
                         standardErrors: rows.map { $0.standardError ?? .nan }, distribution: distribution, level: level)
    }

    /// Indices of the estimated (not aliased) columns.
    public var estimatedColumns: [Int] { terms.indices.filter { estimates[$0] != nil } }
}
