/// The distribution Wald statistics are referred to: standard normal (ML models, z) or Student's
/// t with the residual degrees of freedom (least squares, t; a survey design's degrees of freedom).
public enum ReferenceDistribution: Sendable, Equatable, CustomStringConvertible {
    /// N(0, 1): z statistics.
    case normal
    /// t(ν): t statistics.
    case t(degreesOfFreedom: Double)

    /// The two-sided critical value for a confidence `level` in (0, 1): q such that P(|T| ≤ q) = level.
    public func criticalValue(level: Double) -> Double {
        switch self {
        case .normal: return Normal.quantile(0.5 + level / 2)
        case .t(let df): return StudentT.quantile(0.5 + level / 2, degreesOfFreedom: df)
        }
    }

    /// P(|T| ≥ |statistic|).
    public func twoSidedPValue(_ statistic: Double) -> Double {
        switch self {
        case .normal: return 2 * Normal.survival(abs(statistic))
        case .t(let df): return 2 * StudentT.survival(abs(statistic), degreesOfFreedom: df)
        }
    }

    /// `z` or `t`.
    public var statisticName: String {
        if case .t = self { return "t" }
        return "z"
    }

    /// `normal` or `t(ν)`.
    public var description: String {
        switch self {
        case .normal: return "normal"
        case .t(let df): return "t(\(Int(df.rounded())))"
        }
    }
}

/// One row of the one estimate table: a term, its estimate and standard error, the statistic and
/// its reference distribution, the two-sided p-value, and the interval at its level. Coefficients
/// (`CoefficientTable.estimateRows`), odds ratios, average marginal effects, average predictions,
/// prediction contrasts, predictions per row, bootstrap summaries and the cells of a model table
/// are all rows of this type, so every rendering shows them the same way and every interval is
/// computed by one rule.
public struct Estimate: Sendable, Equatable {
    /// What is estimated: a design column, a variable (`x`, `g[level]`), a value (`age=30`).
    public let term: String
    /// The point estimate.
    public let estimate: Double
    /// Its standard error (NaN where there is none).
    public let standardError: Double
    /// The test statistic of the null value (estimate / SE for a Wald row; NaN where there is no test).
    public let statistic: Double
    /// What the statistic is referred to: z or t(ν); nil for an interval without a reference
    /// distribution (the bootstrap's percentile, BCa and basic intervals).
    public let distribution: ReferenceDistribution?
    /// Two-sided p-value of the statistic.
    public let pValue: Double
    /// Lower bound of the interval.
    public let lower: Double
    /// Upper bound of the interval.
    public let upper: Double
    /// Confidence level of the interval, in (0, 1).
    public let level: Double

    /// A Wald row: statistic = estimate/SE, p = P(|T| ≥ |statistic|), interval estimate ∓ q·SE with
    /// q the two-sided critical value of `distribution` at `level` (`critical`, where the caller
    /// computed it once for many rows).
    public init(term: String, estimate: Double, standardError: Double, distribution: ReferenceDistribution, level: Double,
                critical: Double? = nil) {
        let q = critical ?? distribution.criticalValue(level: level)
        let statistic = estimate / standardError
        self.init(term: term, estimate: estimate, standardError: standardError, statistic: statistic,
                  pValue: distribution.twoSidedPValue(statistic), lower: estimate - q * standardError,
                  upper: estimate + q * standardError, distribution: distribution, level: level)
    }

    /// A row whose interval was computed elsewhere: on another scale and transformed back (a
    /// probability's interval from the link scale, an odds ratio's from the coefficient's), or by
    /// resampling.
    public init(term: String, estimate: Double, standardError: Double, statistic: Double, pValue: Double, lower: Double,
                upper: Double, distribution: ReferenceDistribution?, level: Double) {
        self.term = term
        self.estimate = estimate
        self.standardError = standardError
        self.statistic = statistic
        self.distribution = distribution
        self.pValue = pValue
        self.lower = lower
        self.upper = upper
        self.level = level
    }
}

/// A result that is one row of the estimate table (`Estimate`): its estimate, standard error,
/// p-value and interval read from the row, so every such result answers them the same way.
public protocol EstimateTableRow {
    /// The row.
    var estimateRow: Estimate { get }
}

extension EstimateTableRow {
    /// The point estimate.
    public var estimate: Double { estimateRow.estimate }
    /// Its standard error.
    public var standardError: Double { estimateRow.standardError }
    /// Two-sided p-value of the row's statistic.
    public var pValue: Double { estimateRow.pValue }
    /// Lower bound of the interval.
    public var ciLower: Double { estimateRow.lower }
    /// Upper bound of the interval.
    public var ciUpper: Double { estimateRow.upper }
}
