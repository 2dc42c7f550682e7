/// One row of a coefficient table.
///
/// An aliased coefficient (a column found linearly dependent on earlier ones) has every
/// numeric field `nil`, as R reports `NA`. A separated one (its maximum-likelihood estimate is
/// infinite) has `estimate` ±∞, `infiniteSign` ±1 and no standard error, statistic, p-value or
/// interval: the numbers the iterations stopped at mean nothing (issue 29, item 10).
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
    /// +1 or −1 where the estimate is infinite (separation), else `nil`.
    public let infiniteSign: Double?

    /// Whether the column was left out as linearly dependent.
    public var isAliased: Bool { estimate == nil }

    /// Whether the maximum-likelihood estimate is infinite (separation).
    public var isSeparated: Bool { infiniteSign != nil }

    /// Creates a row; pass `nil` for every number of an aliased term.
    public init(term: String, estimate: Double?, standardError: Double?, statistic: Double?, pValue: Double?,
                ciLower: Double? = nil, ciUpper: Double? = nil, infiniteSign: Double? = nil) {
        self.term = term
        self.estimate = estimate
        self.standardError = standardError
        self.statistic = statistic
        self.pValue = pValue
        self.ciLower = ciLower
        self.ciUpper = ciUpper
        self.infiniteSign = infiniteSign
    }

    /// A separated term: estimate `sign`·∞, every inferential number `nil`.
    public static func separated(_ term: String, sign: Double) -> CoefficientEstimate {
        CoefficientEstimate(term: term, estimate: sign * .infinity, standardError: nil, statistic: nil, pValue: nil,
                            infiniteSign: sign)
    }

    /// These rows with the terms of `signs` (term → ±1) marked separated.
    public static func marking(_ rows: [CoefficientEstimate], separated signs: [String: Double]) -> [CoefficientEstimate] {
        guard !signs.isEmpty else { return rows }
        return rows.map { row in signs[row.term].map { separated(row.term, sign: $0) } ?? row }
    }

    /// An aliased term: every number `nil`.
    public static func aliased(_ term: String) -> CoefficientEstimate {
        CoefficientEstimate(term: term, estimate: nil, standardError: nil, statistic: nil, pValue: nil)
    }
}
