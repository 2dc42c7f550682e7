import RealModule

/// Student's t distribution with `ν > 0` degrees of freedom (`ν = ∞` is the standard normal).
///
/// `P(T ≤ −|t|) = ½ I_x(ν/2, ½)` with `x = ν/(ν + t²)` and `1 − x = t²/(ν + t²)` formed
/// separately, so both tails keep full relative precision.
public enum StudentT {
    /// Density.
    public static func pdf(_ t: Double, degreesOfFreedom nu: Double) -> Double { .exp(logPDF(t, degreesOfFreedom: nu)) }

    /// Log density.
    public static func logPDF(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        if nu.isInfinite { return Normal.logPDF(t) }
        guard nu > 0, !t.isNaN else { return .nan }
        return Double.logGamma((nu + 1) / 2) - Double.logGamma(nu / 2) - 0.5 * Double.log(nu * Double.pi)
            - (nu + 1) / 2 * Double.log(onePlus: t * t / nu)
    }

    /// `P(T ≤ t)`.
    public static func cdf(_ t: Double, degreesOfFreedom nu: Double) -> Double { tails(t, degreesOfFreedom: nu).lower }

    /// `P(T > t)`, computed directly.
    public static func survival(_ t: Double, degreesOfFreedom nu: Double) -> Double { tails(t, degreesOfFreedom: nu).upper }

    /// Both tails `(P(T ≤ t), P(T > t))`; NaN for `ν ≤ 0` or NaN input.
    public static func tails(_ t: Double, degreesOfFreedom nu: Double) -> (lower: Double, upper: Double) {
        if nu.isInfinite && nu > 0 { return Normal.tails(t) }
        guard nu > 0, !t.isNaN else { return (.nan, .nan) }
        if t.isInfinite { return t < 0 ? (0, 1) : (1, 0) }
        let x: Double, y: Double
        let tSquared = t * t
        if tSquared.isFinite && tSquared < 1e300 {
            x = nu / (nu + tSquared)
            y = tSquared / (nu + tSquared)
        } else {
            x = nu / abs(t) / abs(t)
            y = 1
        }
        let (lowerBeta, upperBeta) = SpecialFunctions.regularizedBeta(nu / 2, 0.5, x: x, y: y)
        let farTail = 0.5 * lowerBeta          // P(T ≤ −|t|)
        let nearSide = 0.5 + 0.5 * upperBeta   // P(T ≤ |t|)
        return t < 0 ? (farTail, nearSide) : (nearSide, farTail)
    }

    /// Quantile: the `t` with `P(T ≤ t) = p`, for `0 ≤ p ≤ 1` (NaN outside).
    ///
    /// Safeguarded Newton on `log P(T ≤ t) − log p` (in `log|t|` while bracketing, then in `t`),
    /// so the accuracy is that of `cdf` even at p = 1e−300.
    public static func quantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        if nu.isInfinite && nu > 0 { return Normal.quantile(p) }
        guard nu > 0, p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        if p > 0.5 { return -lowerQuantile(1 - p, nu) }   // 1 − p exact for p ≥ 0.5
        return lowerQuantile(p, nu)
    }

    /// Solves `log F(−e^u) = log p` for `p < 0.5`; returns `t = −e^u`.
    static func lowerQuantile(_ p: Double, _ nu: Double) -> Double {
        let target = Double.log(p)
        func g(_ u: Double) -> Double { Double.log(cdf(-Double.exp(u), degreesOfFreedom: nu)) - target }
        // Bracket in u = log|t|, starting from the normal quantile; g decreases in u.
        var u = Double.log(max(abs(Normal.quantile(p)), 1e-300))
        var low = u, high = u
        if g(u) > 0 {
            var step = 1.0
            repeat { low = high; high += step; step *= 2 } while g(high) > 0 && high < 710
        } else {
            var step = 1.0
            repeat { high = low; low -= step; step *= 2 } while g(low) < 0 && low > -710
        }
        // Safeguarded Newton in u.
        for _ in 0..<200 {
            let value = g(u)
            if value == 0 { break }
            if value > 0 { low = u } else { high = u }
            let t = -Double.exp(u)
            let slope = -Double.exp(logPDF(t, degreesOfFreedom: nu) + u - Double.log(cdf(t, degreesOfFreedom: nu)))
            var next = u - value / slope
            if !next.isFinite || next <= low || next >= high { next = 0.5 * (low + high) }
            if abs(next - u) <= 1e-12 * max(1, abs(u)) { u = next; break }
            u = next
        }
        // Polish in t, where the resolution is one ulp of t rather than of log|t|.
        var t = -Double.exp(u)
        for _ in 0..<4 {
            let logLower = Double.log(cdf(t, degreesOfFreedom: nu))
            let step = (logLower - target) / Double.exp(logPDF(t, degreesOfFreedom: nu) - logLower)
            guard step.isFinite else { break }
            t -= step
            if abs(step) <= 2 * Double.ulpOfOne * abs(t) { break }
        }
        return t
    }
}
