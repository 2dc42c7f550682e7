import RealModule

/// The standard normal distribution N(0, 1).
///
/// The cdf follows the rational Chebyshev approximations of W. J. Cody, "Rational Chebyshev
/// approximations for the error function", Math. Comp. 23 (1969) 631–637 (as in ACM TOMS
/// Algorithm 715 and R's `pnorm`), with the Gaussian factor `exp(−x²/2)` split as
/// `exp(−x₀²/2)·exp(−(x−x₀)(x+x₀)/2)` where `x₀` is `x` rounded down to 1/16, so no precision is
/// lost to rounding `x²`. Why not `erfc(−x/√2)/2` from swift-numerics: the rounding of `x/√2`
/// alone costs a relative error of about `x²·ε`, 1.6e−13 at x = −38 — over our 1e−13 bar.
/// Both tails are computed directly, never as `1 − other`.
public enum Normal {
    static let logSqrtTwoPi = 0.918938533204672741780329736406   // log √(2π)
    static let oneOverSqrtTwoPi = 0.398942280401432677939946059934 // 1/√(2π)

    /// Density `φ(x) = exp(−x²/2)/√(2π)`.
    public static func pdf(_ x: Double) -> Double { .exp(logPDF(x)) }

    /// `log φ(x)`.
    public static func logPDF(_ x: Double) -> Double { -0.5 * x * x - logSqrtTwoPi }

    /// `Φ(x) = P(Z ≤ x)`, accurate to a few ulps relative down to Φ(−37.5) ≈ 5e−308.
    public static func cdf(_ x: Double) -> Double { tails(x).lower }

    /// Upper tail `1 − Φ(x) = Φ(−x)`, computed directly.
    public static func survival(_ x: Double) -> Double { tails(x).upper }

    /// `log Φ(x)`, finite far beyond the underflow of Φ (e.g. log Φ(−40) ≈ −804.6).
    public static func logCDF(_ x: Double) -> Double { logTails(x).lower }

    /// Both tails `(Φ(x), 1 − Φ(x))`.
    public static func tails(_ x: Double) -> (lower: Double, upper: Double) {
        if x.isNaN { return (.nan, .nan) }
        let (small, large, _) = smallAndLargeTail(abs(x))
        return x <= 0 ? (small, large) : (large, small)
    }

    /// The tail beyond |x| = `y` and the rest (`1 −` it), and exp(−y²/2) where Cody's far region
    /// computed it on the way (`nil` elsewhere).
    @inline(__always)
    private static func smallAndLargeTail(_ y: Double) -> (small: Double, large: Double, gaussian: Double?) {
        switch tailParts(y) {
        case .central(let t):
            return (0.5 - t, 0.5 + t, nil)
        case .far(let rounded, let delta, let rational):
            // exp(−x₀²/2) is exact in its argument (x₀ is a multiple of 1/16).
            let gaussian = gaussianAtSixteenth(rounded) * Double.exp(-delta * 0.5)
            let small = gaussian * rational
            return (small, 1 - small, gaussian)
        case .asymptotic(let logTail):
            return (Double.exp(logTail), 1, nil)
        }
    }

    /// Both tails and the density `(Φ(x), 1 − Φ(x), φ(x))` in one evaluation: beyond the central
    /// region Cody's tail already holds exp(−x²/2) = exp(−x₀²/2)·exp(−δ/2), so φ costs no further
    /// exponential (the probit IRLS kernel evaluates all three for every row in every sweep).
    /// φ this way is at least as accurate as `pdf`: x₀² is exact, so x² is never rounded.
    public static func tailsAndDensity(_ x: Double) -> (lower: Double, upper: Double, density: Double) {
        if x.isNaN { return (.nan, .nan, .nan) }
        let (small, large, gaussian) = smallAndLargeTail(abs(x))
        let density = gaussian.map { $0 * oneOverSqrtTwoPi } ?? pdf(x)
        return x <= 0 ? (small, large, density) : (large, small, density)
    }

    /// Both tails on the log scale `(log Φ(x), log(1 − Φ(x)))`.
    public static func logTails(_ x: Double) -> (lower: Double, upper: Double) {
        if x.isNaN { return (.nan, .nan) }
        let small: Double, large: Double
        switch tailParts(abs(x)) {
        case .central(let t):
            (small, large) = (Double.log(0.5 - t), Double.log(0.5 + t))
        case .far(let rounded, let delta, let rational):
            small = -rounded * rounded * 0.5 - delta * 0.5 + Double.log(rational)
            large = Double.log(onePlus: -Double.exp(small))
        case .asymptotic(let logTail):
            small = logTail
            large = -Double.exp(logTail)
        }
        return x <= 0 ? (small, large) : (large, small)
    }

    /// exp(−x₀²/2) for x₀ = k/16, k < 640: the same expression as `gaussianAtSixteenth` evaluates
    /// beyond the table, computed once (one exponential fewer for every row of a probit sweep in
    /// Cody's far region; beyond x₀ = 40 it underflows to 0 anyway).
    static let gaussianAtSixteenths: [Double] = (0..<640).map { k in
        let rounded = Double(k) / 16
        return Double.exp(-rounded * rounded * 0.5)
    }

    /// exp(−x₀²/2) for a non-negative multiple x₀ of 1/16, bit for bit `Double.exp(−x₀·x₀·0.5)`.
    @inline(__always)
    static func gaussianAtSixteenth(_ rounded: Double) -> Double {
        let sixteenths = rounded * 16
        return sixteenths < 640 ? gaussianAtSixteenths[Int(sixteenths)] : Double.exp(-rounded * rounded * 0.5)
    }

    /// Pieces of Cody's evaluation for `y = |x|`.
    enum TailParts {
        /// `|x| ≤ 0.66291`: `Φ(±y) = 0.5 ± t`.
        case central(Double)
        /// Φ(−y) = exp(−x₀²/2) · exp(−δ/2) · rational, with x₀ = ⌊16y⌋/16, δ = (y−x₀)(y+x₀).
        case far(rounded: Double, delta: Double, rational: Double)
        /// `y ≥ 1e8`: log Φ(−y) from the Mills-ratio asymptotics.
        case asymptotic(Double)
    }

    static func tailParts(_ y: Double) -> TailParts {
        if y <= 0.66291 {
            let xsq = y * y
            var numerator = 0.065682337918207449113 * xsq, denominator = xsq
            let a = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582]
            let b = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205]
            for i in 0..<3 {
                numerator = (numerator + a[i]) * xsq
                denominator = (denominator + b[i]) * xsq
            }
            return .central(y * (numerator + 18154.981253343561249) / (denominator + 45507.789335026729956))
        }
        var rational: Double
        if y <= 32.0.squareRoot() {
            let c = [0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226,
                     2494.5375852903726711, 6848.1904505362823326, 11602.651437647350124]
            let d = [22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755,
                     18615.571640885098091, 34900.952721145977266, 38912.003286093271411]
            var numerator = 1.0765576773720192317e-8 * y, denominator = y
            for i in 0..<7 {
                numerator = (numerator + c[i]) * y
                denominator = (denominator + d[i]) * y
            }
            rational = (numerator + 9842.7148383839780218) / (denominator + 19685.429676859990727)
        } else if y < 1e8 {
            let p = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466]
            let q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244]
            let xsq = 1 / (y * y)
            var numerator = 0.02307344176494017303 * xsq, denominator = xsq
            for i in 0..<4 {
                numerator = (numerator + p[i]) * xsq
                denominator = (denominator + q[i]) * xsq
            }
            rational = xsq * (numerator + 2.9112874951168792e-5) / (denominator + 7.29751555083966205e-5)
            rational = (oneOverSqrtTwoPi - rational) / y
        } else {
            // Mills ratio: Φ(−y) = φ(y)/y · (1 − 1/y² + …); 1/y² < 1e−16 here.
            return .asymptotic(y.isInfinite ? -.infinity : -0.5 * y * y - logSqrtTwoPi - Double.log(y))
        }
        // ⌊16y⌋ by truncation, the same for 0 < 16y < 2⁶³ (a `floor` call through the PLT showed in
        // the probit bootstrap's profile: the baseline x86-64 target has no `roundsd`).
        let rounded = Double(Int(y * 16)) / 16
        return .far(rounded: rounded, delta: (y - rounded) * (y + rounded), rational: rational)
    }

    /// Quantile `Φ⁻¹(p)` for `0 ≤ p ≤ 1` (NaN outside), accurate to a few ulps from
    /// p = 1e−300 to 1 − 1e−16. A starting value (Beasley & Springer 1977, AS 111; Wichura's
    /// asymptotic form below ε) is polished by Newton steps on `log Φ`, so the accuracy is that
    /// of `logCDF`.
    public static func quantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        if p > 0.5 { return -lowerQuantile(1 - p) }   // 1 − p is exact for p ≥ 0.5 (Sterbenz)
        return lowerQuantile(p)
    }

    /// Quantile for `0 < p < 0.5` (negative result).
    static func lowerQuantile(_ p: Double) -> Double {
        var x: Double
        let q = p - 0.5
        if abs(q) <= 0.42 {
            let r = q * q
            x = q * (((-25.44106049637 * r + 41.39119773534) * r - 18.61500062529) * r + 2.50662823884)
                / ((((3.13082909833 * r - 21.06224101826) * r + 23.08336743743) * r - 8.47351093090) * r + 1)
        } else if p > Double.ulpOfOne {
            let r = (-Double.log(p)).squareRoot()
            x = -(((2.32121276858 * r + 4.85014127135) * r - 2.29796479134) * r - 2.78718931138)
                / ((1.63706781897 * r + 3.54388924762) * r + 1)
        } else {
            let v = -2 * Double.log(p)
            let r0 = Double.log(2 * Double.pi * v)
            let v2 = v * v
            let r = r0 / v + (2 - r0) / v2 + (-14 + 6 * r0 - r0 * r0) / (2 * v2 * v)
            x = -(v * (1 - r)).squareRoot()
        }
        let target = Double.log(p)
        for _ in 0..<8 {
            // Newton on g(x) = log Φ(x) − log p, g'(x) = φ(x)/Φ(x).
            let logLower = logCDF(x)
            let step = (logLower - target) / Double.exp(logPDF(x) - logLower)
            x -= step
            if abs(step) <= 2 * Double.ulpOfOne * abs(x) { break }
        }
        return x
    }
}
