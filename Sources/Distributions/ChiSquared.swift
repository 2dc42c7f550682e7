/// The chi-square distribution with `k > 0` degrees of freedom: `P(X ≤ x) = P(k/2, x/2)`, the
/// regularized lower incomplete gamma function, with both tails computed directly.
public enum ChiSquared {
    /// `P(X ≤ x)`.
    public static func cdf(_ x: Double, degreesOfFreedom k: Double) -> Double { tails(x, degreesOfFreedom: k).lower }

    /// `P(X > x)` — the p-value of a chi-square test statistic.
    public static func survival(_ x: Double, degreesOfFreedom k: Double) -> Double { tails(x, degreesOfFreedom: k).upper }

    /// Both tails; NaN for `k ≤ 0` or NaN input.
    public static func tails(_ x: Double, degreesOfFreedom k: Double) -> (lower: Double, upper: Double) {
        guard k > 0, k.isFinite else { return (.nan, .nan) }
        return SpecialFunctions.regularizedGamma(k / 2, x / 2)
    }
}

/// Snedecor's F distribution with `d1, d2 > 0` degrees of freedom:
/// `P(F > f) = I_x(d2/2, d1/2)` with `x = d2/(d2 + d1 f)`.
public enum FDistribution {
    /// `P(F ≤ f)`.
    public static func cdf(_ f: Double, numeratorDegreesOfFreedom d1: Double, denominatorDegreesOfFreedom d2: Double) -> Double {
        tails(f, numeratorDegreesOfFreedom: d1, denominatorDegreesOfFreedom: d2).lower
    }

    /// `P(F > f)` — the p-value of an F statistic.
    public static func survival(_ f: Double, numeratorDegreesOfFreedom d1: Double, denominatorDegreesOfFreedom d2: Double) -> Double {
        tails(f, numeratorDegreesOfFreedom: d1, denominatorDegreesOfFreedom: d2).upper
    }

    /// Both tails; NaN for non-positive degrees of freedom or NaN input.
    public static func tails(_ f: Double, numeratorDegreesOfFreedom d1: Double, denominatorDegreesOfFreedom d2: Double) -> (lower: Double, upper: Double) {
        guard d1 > 0, d2 > 0, d1.isFinite, d2.isFinite, !f.isNaN else { return (.nan, .nan) }
        if f <= 0 { return (0, 1) }
        if f.isInfinite { return (1, 0) }
        let scaled = d1 * f
        let x = d2 / (d2 + scaled), y = scaled / (d2 + scaled)
        let (lowerBeta, upperBeta) = SpecialFunctions.regularizedBeta(d2 / 2, d1 / 2, x: x, y: y)
        return (upperBeta, lowerBeta)
    }
}
