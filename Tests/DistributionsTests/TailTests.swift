import Testing
import TestSupport
@testable import Distributions

/// The tail points named in the Foundation issue, and closed forms.
struct TailTests {
    @Test func logCDFFarTail() {
        // R: pnorm(-40, log.p = TRUE) = -804.6084420137538 (fixture grid too).
        #expect(relativeError(Normal.logCDF(-40), -804.6084420137538) <= 1e-13)
    }

    @Test func cdfAtMinus38IsSubnormalButConsistent() {
        // Φ(−38) ≈ 2.9e−316 is subnormal (about 26 significant bits), where R returns 0.
        let value = Normal.cdf(-38)
        #expect(value > 0)
        #expect(relativeError(value, Double.exp(Normal.logCDF(-38))) <= 1e-7)
    }

    @Test func quantileOfTinyProbability() {
        // Round trip through the accurate log-cdf: log Φ(Φ⁻¹(1e−300)) = log(1e−300).
        let x = Normal.quantile(1e-300)
        #expect(relativeError(Normal.logCDF(x), Double.log(1e-300)) <= 1e-14)
        #expect(relativeError(x, -37.047096299361201) <= 1e-13)   // R: qnorm(1e-300)
    }

    @Test func tailsAreComplementary() {
        for x in stride(from: -8.0, through: 8.0, by: 0.37) {
            let (lower, upper) = Normal.tails(x)
            #expect(abs(lower + upper - 1) <= 2e-16)
        }
    }

    /// The probit kernel's combined evaluation gives the same tails bit for bit, and φ within a
    /// few ulps of `pdf` (closer to the true value for large |x|, where pdf rounds x²), except in
    /// the subnormal range.
    @Test func tailsAndDensityAgreeWithTailsAndPDF() {
        for k in -4000...4000 {
            let x = Double(k) / 100
            let combined = Normal.tailsAndDensity(x), tails = Normal.tails(x)
            #expect(combined.lower == tails.lower && combined.upper == tails.upper, "x = \(x)")
            let pdf = Normal.pdf(x)
            let tolerance = 4 * Double.ulpOfOne * max(1, x * x)
            // Subnormal densities (|x| > 37.5) carry few significant bits either way.
            #expect(abs(combined.density - pdf) <= max(tolerance * pdf, 4 * Double.leastNormalMagnitude), "x = \(x): \(combined.density) vs \(pdf)")
        }
        #expect(Normal.tailsAndDensity(.nan).density.isNaN)
        #expect(Normal.tailsAndDensity(1e9) == (1, 0, 0))
    }

    @Test func closedFormsForTAndChiSquare() {
        // t with 1 df is Cauchy: F(−u) = atan(1/u)/π; with 2 df F(−u) = 1/(s(s + u)), s = √(2+u²)
        // (the forms without cancellation in the lower tail).
        for u in [50.0, 3, 0.5, 0.25, 2, 9] {
            let s = (2 + u * u).squareRoot()
            #expect(relativeError(StudentT.cdf(-u, degreesOfFreedom: 1), Double.atan(1 / u) / Double.pi) <= 1e-13)
            #expect(relativeError(StudentT.cdf(-u, degreesOfFreedom: 2), 1 / (s * (s + u))) <= 1e-13)
        }
        // Chi-square with 2 df is exponential with mean 2: P(X > x) = exp(−x/2).
        for x in [0.01, 1, 10, 100, 1000] {
            #expect(relativeError(ChiSquared.survival(x, degreesOfFreedom: 2), Double.exp(-x / 2)) <= 1e-13)
        }
    }

    @Test func invalidArgumentsGiveNaN() {
        #expect(Normal.quantile(-0.1).isNaN)
        #expect(Normal.quantile(1.1).isNaN)
        #expect(StudentT.cdf(1, degreesOfFreedom: 0).isNaN)
        #expect(ChiSquared.survival(1, degreesOfFreedom: -1).isNaN)
        #expect(FDistribution.survival(1, numeratorDegreesOfFreedom: 0, denominatorDegreesOfFreedom: 3).isNaN)
        #expect(Normal.cdf(.nan).isNaN)
        #expect(Normal.quantile(0) == -.infinity && Normal.quantile(1) == .infinity)
    }
}

/// The far region's exp(−x₀²/2) from a table and ⌊16y⌋ by truncation (issue 35, the probit
/// bootstrap): bit for bit the values the direct expressions give.
struct GaussianTableTests {
    @Test func tableEqualsTheExponential() {
        for k in 0..<800 {
            let rounded = Double(k) / 16
            #expect(Normal.gaussianAtSixteenth(rounded).bitPattern == Double.exp(-rounded * rounded * 0.5).bitPattern, "k = \(k)")
        }
    }

    @Test func truncationEqualsFloorInTheFarRegion() {
        var y = 0.66
        while y < 60 {
            if case .far(let rounded, _, _) = Normal.tailParts(y) { #expect(rounded == (y * 16).rounded(.down) / 16, "y = \(y)") }
            y = y * 1.001 + 1e-7
        }
        if case .far(let rounded, _, _) = Normal.tailParts(9.9e7) { #expect(rounded == (9.9e7 * 16).rounded(.down) / 16) }
    }
}
