/// The one rule by which Regress decides rank, singularity and definiteness: of a design's
/// columns (aliasing), of an information matrix XᵀWX (a fit or covariance that does not exist), of
/// a restriction matrix R (dependent hypotheses) and of the covariance R V Rᵀ of its estimates, of
/// the separation check's boundary rows. Never by whether a factorization happens to fail, which
/// for a nearly singular matrix depends on the BLAS kernel.
///
/// **The rule.** A matrix is judged on its unit-scaled form: a rectangular matrix with its columns
/// scaled to unit Euclidean norm (by powers of two, so exactly), a symmetric one with unit
/// diagonal (`D A D`, `D = diag(1/√|a_jj|)`), so no verdict depends on the units of a variable.
/// A direction counts when its singular value exceeds `tolerance` times the largest:
/// - a rectangular matrix (a design X, a restriction matrix R, boundary rows): the pivoted QR's
///   `|R_kk| > tolerance · |R_00|` (`Matrix.pivotedQR()`);
/// - a symmetric positive semidefinite matrix that is a cross-product AᵀA (XᵀWX with A = √W X;
///   a covariance R V Rᵀ): its eigenvalues are the squares of A's singular values, so the same rule
///   reads `λ > tolerance² · λ_max`, judged as the reciprocal condition κ₁⁻¹ of the unit-diagonal
///   matrix (`dpocon` on its Cholesky factor, where one exists; where none does, the eigenvalues
///   say singular or indefinite at the same tolerance) — floored at the resolution with which the matrix's eigenvalues
///   are known (`Origin`): a cross-product formed from data in floating point resolves them to
///   about `p ε λ_max` (floor 1e−14, κ₂(A) ≈ 1e7, the `tol` of R's `lm`); a covariance estimated
///   through an inverse (B M B, then R V Rᵀ) carries the inverse's rounding, `κ(B) ε`, so a cluster
///   covariance of rank G − 1 shows its zero eigenvalue only at about 1e−12 (floor 1e−10). Below its
///   floor a computed eigenvalue is rounding, not evidence of rank.
///
/// **The tolerance.** `1e−11` is R `glm.fit`'s rank tolerance, `min(1e-7, epsilon/1000)` with
/// the default `epsilon = 1e-8`. It keeps every term of NIST's certified designs (the smallest
/// relative pivot, Filip's tenth power, is 6e−10; Longley's 6e−5) and flags exact dependencies,
/// whose relative pivots are rounding, about 1e−16; typed multipliers such as 0.1 and 0.3 that
/// are dependent on paper are dependent here. Rounding (and so the kernel) moves a relative pivot
/// by about 1e−15: four orders of margin on either side (`KernelIndependenceTests`).
public enum RankRule {
    /// Relative tolerance on singular values of the unit-scaled matrix (R `glm.fit`'s `1e-11`).
    public static let tolerance = 1e-11

    /// Where a symmetric matrix comes from, which fixes how finely its eigenvalues are known.
    public enum Origin: Sendable {
        /// A cross-product formed from data (an information XᵀWX): resolved to about `p ε`.
        case formed
        /// A covariance estimated through an inverse (a sandwich, R V Rᵀ): resolved to about κ ε.
        case estimated

        /// The relative eigenvalue below which a computed eigenvalue is rounding.
        public var resolution: Double {
            switch self {
            case .formed: 1e-14
            case .estimated: 1e-10
            }
        }
    }

    /// The rule on the eigenvalues of a unit-diagonal cross-product of this origin:
    /// `max(tolerance², origin.resolution)`.
    public static func crossProductTolerance(_ origin: Origin) -> Double {
        Swift.max(tolerance * tolerance, origin.resolution)
    }

    /// The rank of a cross-product by the rule, with its factor when it is regular.
    public enum Verdict: Sendable {
        /// The unit-diagonal matrix has a Cholesky factor with reciprocal condition above
        /// `crossProductTolerance`; the factor of the matrix as given.
        case regular(CholeskyFactorization)
        /// Some eigenvalue lies within the tolerance of zero: `rank` lie outside.
        case singular(rank: Int)
        /// No eigenvalue near zero and some negative (an observed information away from
        /// concavity).
        case indefinite
    }

    /// Judges a symmetric cross-product of the given origin by the rule and returns its Cholesky
    /// factor when regular.
    /// The factor is the unit-diagonal one's, rescaled (no second `dpotrf`). A zero or non-finite
    /// diagonal element is singular.
    public static func judge(crossProduct a: Matrix, origin: Origin = .formed) -> Verdict {
        let eigenTolerance = crossProductTolerance(origin)
        let p = a.rows
        precondition(p == a.columns, "a cross-product is square, got \(a.rows)×\(a.columns)")
        guard p > 0 else { return .singular(rank: 0) }
        let diagonal = a.diagonalElements
        guard a.isFinite else { return .singular(rank: 0) }
        guard diagonal.allSatisfy({ $0 > 0 }) else {
            // Not positive definite: the eigenvalues say singular (a zero diagonal is) or indefinite.
            switch try? a.equilibratedDefiniteness(tolerance: eigenTolerance) {
            case .singular(let rank)?: return .singular(rank: rank)
            case .indefinite?: return .indefinite
            default: return .singular(rank: 0)
            }
        }
        let scales = diagonal.map { 1 / $0.squareRoot() }
        var scaled = a
        for j in 0..<p { for i in 0..<p { scaled[i, j] *= scales[i] * scales[j] } }
        if let factor = try? scaled.cholesky(), factor.reciprocalConditionExceeds(eigenTolerance, oneNorm: scaled.oneNorm) {
            return .regular(factor.columnsScaled(by: scales.map { 1 / $0 }))
        }
        switch try? scaled.equilibratedDefiniteness(tolerance: eigenTolerance) {
        case .singular(let rank)?: return .singular(rank: rank)
        case .indefinite?: return .indefinite
        // Within a factor p of the line, the 1-norm condition and the eigenvalues can disagree: not
        // regular by the first, so one direction is taken as lost.
        case .positiveDefinite?: return .singular(rank: p - 1)
        case nil: return .singular(rank: 0)
        }
    }
}
