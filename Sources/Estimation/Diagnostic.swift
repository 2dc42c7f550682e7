/// Numerical trouble found while fitting, carried by the result and shown by every rendering.
public struct Diagnostic: Sendable, Equatable {
    /// What kind of trouble.
    public enum Kind: String, Sendable {
        /// IRLS stopped at the iteration limit without meeting the convergence criterion.
        case nonConvergence
        /// Complete or quasi-complete separation: some estimates are infinite.
        case separation
        /// Columns exactly collinear with earlier ones were left out.
        case aliasedTerms
        /// Fitted probabilities of exactly 0 or 1 (|η| beyond the double range of μ).
        case boundaryFit
        /// Standard errors need a robust covariance (sampling weights).
        case robustCovarianceRequired
        /// The fit shows symptoms of separation and the separation check stopped at its work
        /// budget without a verdict (`SeparationVerdict.finished == false`).
        case separationUndetermined
        /// The information is numerically singular at the estimates: no standard errors
        /// (`GLMFit.covarianceIsUnavailable`, `informationRegularity == .singular`).
        case singularInformation
    }

    /// The kind.
    public let kind: Kind
    /// Terms concerned (design column names), if any.
    public let terms: [String]
    /// A sentence that says what happened and what to do.
    public let message: String
    /// For `.separation`: the sign (+1 or −1) of each separated term's infinite estimate.
    public var infiniteSigns: [String: Double] = [:]

    /// Creates a diagnostic.
    public init(kind: Kind, terms: [String], message: String) {
        self.kind = kind
        self.terms = terms
        self.message = message
    }
}
