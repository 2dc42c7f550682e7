import RealModule

/// Building blocks for the gamma and beta distribution functions, following C. Loader,
/// "Fast and accurate computation of binomial probabilities" (2000): densities are written as
/// `exp(−stirlingError − deviance)` so that no large logarithms cancel.
enum SpecialFunctions {
    static let logSqrtTwoPi = 0.918938533204672741780329736406

    /// Stirling's error `log Γ(n+1) − (n + ½) log n + n − log √(2π)`.
    ///
    /// Below 15 it is computed from `logGamma` (absolute error ≈ 1e−14, which is what matters:
    /// it enters an exponent); above, from the asymptotic series (truncation < 2e−16).
    static func stirlingError(_ n: Double) -> Double {
        if n <= 15 {
            return Double.logGamma(n + 1) - (n + 0.5) * Double.log(n) + n - logSqrtTwoPi
        }
        let s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680, s4 = 1.0 / 1188
        let nn = n * n
        if n > 500 { return (s0 - s1 / nn) / n }
        if n > 80 { return (s0 - (s1 - s2 / nn) / nn) / n }
        if n > 35 { return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n }
        return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n
    }

    /// Deviance term `x log(x/m) + m − x ≥ 0`, by a series when `x ≈ m` to avoid cancellation.
    static func devianceTerm(_ x: Double, _ m: Double) -> Double {
        if abs(x - m) < 0.1 * (x + m) {
            var v = (x - m) / (x + m)
            var sum = (x - m) * v
            var term = 2 * x * v
            v *= v
            for j in 1..<1000 {
                term *= v
                let next = sum + term / Double(2 * j + 1)
                if next == sum { return next }
                sum = next
            }
            return sum
        }
        return x * Double.log(x / m) + m - x
    }

    /// `log(mᵃ e⁻ᵐ / Γ(a+1))`, the log Poisson "density" at real `a > 0`.
    static func logPoissonTerm(_ a: Double, mean m: Double) -> Double {
        -stirlingError(a) - devianceTerm(a, m) - 0.5 * Double.log(2 * Double.pi * a)
    }

    /// `log( Γ(a+b+1)/(Γ(a+1)Γ(b+1)) · xᵃ yᵇ )` with `y = 1 − x` given separately.
    static func logBinomialTerm(_ a: Double, _ b: Double, x: Double, y: Double) -> Double {
        let n = a + b
        return stirlingError(n) - stirlingError(a) - stirlingError(b)
            - devianceTerm(a, n * x) - devianceTerm(b, n * y)
            + 0.5 * Double.log(n / (2 * Double.pi * a * b))
    }

    /// Regularized incomplete gamma functions `(P(a, x), Q(a, x))`, each computed directly in
    /// the region where it is the smaller one: the power series for `x < a + 1`, Legendre's
    /// continued fraction (modified Lentz) otherwise.
    static func regularizedGamma(_ a: Double, _ x: Double) -> (lower: Double, upper: Double) {
        if x.isNaN || a.isNaN || a <= 0 { return (.nan, .nan) }
        if x <= 0 { return (0, 1) }
        if x.isInfinite { return (1, 0) }
        let logPrefactor = logPoissonTerm(a, mean: x)        // log(xᵃ e⁻ˣ / Γ(a+1))
        if x < a + 1 {
            var sum = 1.0, term = 1.0, n = 1.0
            while n < 100_000 {
                term *= x / (a + n)
                sum += term
                if term < sum * Double.ulpOfOne / 2 { break }
                n += 1
            }
            let lower = Double.exp(logPrefactor) * sum
            return (lower, 1 - lower)
        }
        // Legendre's fraction 1/(x+1−a− 1(1−a)/(x+3−a− 2(2−a)/(x+5−a− …))).
        var fraction = LentzFraction(firstDenominator: x + 1 - a)
        var i = 1.0
        while i < 100_000 {
            if fraction.append(numerator: -i * (i - a), denominator: x + 1 - a + 2 * i) { break }
            i += 1
        }
        let h = fraction.value
        let upper = Double.exp(logPrefactor) * a * h        // xᵃ e⁻ˣ / Γ(a) · CF
        return (1 - upper, upper)
    }

    /// Regularized incomplete beta functions `(I_x(a, b), 1 − I_x(a, b))` with `y = 1 − x`
    /// passed separately so neither argument loses digits. The continued fraction (Numerical
    /// Recipes' `betacf`, modified Lentz) is evaluated on the side of the mean where it
    /// converges and gives the smaller tail directly; its prefactor `xᵃyᵇ/(a B(a,b))` is
    /// `b/(a+b)` times Loader's binomial term.
    static func regularizedBeta(_ a: Double, _ b: Double, x: Double, y: Double) -> (lower: Double, upper: Double) {
        if x.isNaN || y.isNaN || a.isNaN || b.isNaN || a <= 0 || b <= 0 { return (.nan, .nan) }
        if x <= 0 { return (0, 1) }
        if y <= 0 { return (1, 0) }
        let logBinomial = logBinomialTerm(a, b, x: x, y: y)
        if x < (a + 1) / (a + b + 2) {
            let lower = Double.exp(logBinomial) * b / (a + b) * continuedFraction(a, b, x)
            return (lower, 1 - lower)
        }
        let upper = Double.exp(logBinomial) * a / (a + b) * continuedFraction(b, a, y)
        return (1 - upper, upper)
    }

    /// The continued fraction for `I_x(a, b)` (converges for `x < (a+1)/(a+b+2)`).
    static func continuedFraction(_ a: Double, _ b: Double, _ x: Double) -> Double {
        let sum = a + b
        var fraction = LentzFraction(firstDenominator: 1 - sum * x / (a + 1), initialC: 1)
        var m = 1.0
        while m < 100_000 {
            let m2 = 2 * m
            _ = fraction.append(numerator: m * (b - m) * x / ((a - 1 + m2) * (a + m2)), denominator: 1)
            if fraction.append(numerator: -(a + m) * (sum + m) * x / ((a + m2) * (a + 1 + m2)), denominator: 1) { break }
            m += 1
        }
        return fraction.value
    }
}

/// A continued fraction `1/(b₀ + a₁/(b₁ + a₂/(b₂ + …)))` evaluated forwards by the modified
/// Lentz method (Thompson & Barnett 1986; Numerical Recipes §5.2).
struct LentzFraction {
    static let tiny = 1e-300
    private var c: Double
    private var d: Double
    /// The current value.
    private(set) var value: Double

    /// - Parameters:
    ///   - firstDenominator: `b₀`; the value starts at `1/b₀`.
    ///   - initialC: Lentz's `C` after the first level: `1/tiny` for the plain form
    ///     (Legendre's gamma fraction), 1 for the beta fraction, whose first denominator already
    ///     folds in its first level (`1 − (a+b)x/(a+1)`, Numerical Recipes' `betacf`).
    init(firstDenominator: Double, initialC: Double = 1 / LentzFraction.tiny) {
        c = initialC
        d = abs(firstDenominator) < Self.tiny ? 1 / Self.tiny : 1 / firstDenominator
        value = d
    }

    /// Adds the next level; returns true once the value has converged to rounding level.
    mutating func append(numerator: Double, denominator: Double) -> Bool {
        d = denominator + numerator * d
        if abs(d) < Self.tiny { d = Self.tiny }
        c = denominator + numerator / c
        if abs(c) < Self.tiny { c = Self.tiny }
        d = 1 / d
        let delta = c * d
        value *= delta
        return abs(delta - 1) <= Double.ulpOfOne
    }
}
