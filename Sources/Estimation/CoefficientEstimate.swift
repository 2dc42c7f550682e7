/// One row of a coefficient table.
///
/// An aliased coefficient (a column found linearly dependent on earlier ones) has every
/// numeric field `nil`, as R reports `NA`.
public struct CoefficientEstimate: Sendable, Equatable {
    /// Column name in the design matrix, e.g. `Intercept`, `log(employees)`.
    public let term: String
    /// The estimate, or `nil` if aliased.
    public let estimate: Double?
    /// Standard error, or `nil` if aliased.
    public let standardError: Double?
    /// Test statistic `estimate / standardError` (t for OLS, z for GLMs).
    public let statistic: Double?
    /// Two-sided p-value of the statistic.
    public let pValue: Double?
    /// Lower bound of the confidence interval (Wald: estimate − q·SE).
    public let ciLower: Double?
    /// Upper bound of the confidence interval.
    public let ciUpper: Double?

    /// Whether the column was left out as linearly dependent.
    public var isAliased: Bool { estimate == nil }

    /// Creates a row; pass `nil` for every number of an aliased term.
    public init(term: String, estimate: Double?, standardError: Double?, statistic: Double?, pValue: Double?,
                ciLower: Double? = nil, ciUpper: Double? = nil) {
        self.term = term
        self.estimate = estimate
        self.standardError = standardError
        self.statistic = statistic
        self.pValue = pValue
        self.ciLower = ciLower
        self.ciUpper = ciUpper
    }

    /// An aliased term: every number `nil`.
    public static func aliased(_ term: String) -> CoefficientEstimate {
        CoefficientEstimate(term: term, estimate: nil, standardError: nil, statistic: nil, pValue: nil)
    }
}
