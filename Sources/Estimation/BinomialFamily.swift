import RealModule

/// The binomial family for a response in [0, 1] (0/1 for binary outcomes): variance μ(1 − μ),
/// dispersion 1.
enum BinomialFamily {
    /// IRLS (Fisher scoring) weight `w μ'² / (μ(1 − μ))` and working response `z = η₀ + (y − μ)/μ'`
    /// where η₀ is the linear predictor without the offset.
    @inline(__always)
    static func working(_ values: LinkValues, y: Double, priorWeight: Double, etaWithoutOffset: Double)
        -> (weight: Double, response: Double) {
        let variance = values.mean * values.complement
        let derivative = values.derivative
        guard variance > 0, derivative > 0 else { return (0, etaWithoutOffset) }
        let weight = priorWeight * derivative * derivative / variance
        let working = etaWithoutOffset + (y - values.mean) / derivative
        // A row without weight (a zero prior weight, or μ'²/V underflowing) contributes nothing; its
        // working response may be ±∞ far in the tail, and 0·∞ made XᵀWz NaN (found by FuzzNumeric).
        // (A weighted row with z = ±∞ makes XᵀWz infinite, which the sweep's caller treats as singular.)
        guard weight > 0 else { return (0, etaWithoutOffset) }
        return (weight, working)
    }

    /// The score factor uᵢ = wᵢ(yᵢ − μᵢ)μ'ᵢ/Vᵢ of a row (ψᵢ = uᵢxᵢ; 0 where V = μ(1 − μ) is 0):
    /// the per-row score of every sandwich (HC0–HC3, clusters, the sampling-weight pseudo-likelihood).
    @inline(__always)
    static func score(_ values: LinkValues, y: Double, priorWeight: Double) -> Double {
        let variance = values.mean * values.complement
        return variance > 0 ? priorWeight * (y - values.mean) * values.derivative / variance : 0
    }

    /// Observed-information weight: `−∂²ℓᵢ/∂η²`, which differs from the expected weight by
    /// `(y − μ)·(μ''/V − μ'² V'/V²)` for non-canonical links (V = μ(1−μ), V' = 1 − 2μ).
    /// For a binary y it is computed as `newtonBinary` does, from ℓ = log p (p = μ or 1 − μ):
    /// `−ℓ'' = r² − q μ''/p`, r = μ'/p. The general form's terms d²/V and (y − μ)d²V'/V² cancel
    /// where 1 − μ (or μ) is tiny, and at boundary fits it came out negative, so the Newton polish
    /// stopped short of the MLE (hardening: Newton polish at boundary fits).
    @inline(__always)
    static func observedWeight(_ values: LinkValues, y: Double, priorWeight: Double) -> Double {
        if y == 0 || y == 1 {
            let q: Double = y == 1 ? 1 : -1
            let probability = y == 1 ? values.mean : values.complement
            guard probability > 0 else { return 0 }
            let r = values.derivative / probability
            return priorWeight * (r * r - q * values.secondDerivative / probability)
        }
        let variance = values.mean * values.complement
        guard variance > 0 else { return 0 }
        let d = values.derivative
        let varianceDerivative = values.complement - values.mean
        return priorWeight * (d * d / variance
            - (y - values.mean) * (values.secondDerivative / variance - d * d * varianceDerivative / (variance * variance)))
    }

    /// Newton weight and working response of one binary observation (y = 0 or 1), from the
    /// derivatives of its log-likelihood ℓ = log p, p = μ for y = 1 and 1 − μ for y = 0: with
    /// r = μ'/p and q = ±1, ℓ' = q r and −ℓ'' = r² − q μ''/p, so W = w(r² − q μ''/p) and
    /// z = η₀ + q r/(r² − q μ''/p). The same values as `observedWeight` with `working`, in two
    /// divisions instead of six and without their cancellation in the far tails.
    /// `nil` where the observed weight is not positive (the caller keeps the expected one).
    @inline(__always)
    static func newtonBinary(_ values: LinkValues, y: Double, priorWeight: Double, etaWithoutOffset: Double)
        -> (weight: Double, response: Double)? {
        let q: Double = y == 1 ? 1 : -1
        let probability = y == 1 ? values.mean : values.complement
        guard probability > 0, values.derivative > 0 else { return nil }
        let inverse = 1 / probability
        let r = values.derivative * inverse
        let information = r * r - q * values.secondDerivative * inverse
        guard information > 0, information.isFinite else { return nil }
        return (priorWeight * information, etaWithoutOffset + q * r / information)
    }

    /// Unit deviance `2[y log(y/μ) + (1 − y) log((1 − y)/(1 − μ))]`, with 0·log 0 = 0.
    @inline(__always)
    static func deviance<L: LinkFunction>(_ values: LinkValues, y: Double, link: L, eta: Double) -> Double {
        var total = -2 * logLikelihood(values, y: y, link: link, eta: eta)
        if y > 0 && y < 1 { total += 2 * (y * Double.log(y) + (1 - y) * Double.log(onePlus: -y)) }
        return total
    }

    /// `log p` given `p` and `1 − p` (`other`), both computed directly.
    @inline(__always)
    static func logProbability(_ p: Double, other: Double, exact: () -> Double) -> Double {
        if p > 0.5 { return Double.log(onePlus: -other) }
        return p > 0 ? Double.log(p) : exact()
    }

    /// Log-likelihood kernel `y log μ + (1 − y) log(1 − μ)` of one observation (Bernoulli for y ∈
    /// {0, 1}); one logarithm per binary row, and the link's exact `logTails` where μ or 1 − μ
    /// underflows (probit at |η| > 37.5).
    @inline(__always)
    static func logLikelihood<L: LinkFunction>(_ values: LinkValues, y: Double, link: L, eta: Double) -> Double {
        // log of the smaller probability directly (or the link's exact logTails if it underflowed);
        // log1p(−small) for the one near 1, where log(1 − tiny) would round to 0.
        let logMean = y > 0 ? logProbability(values.mean, other: values.complement, exact: { link.logTails(eta).lower }) : 0
        let logComplement = y < 1 ? logProbability(values.complement, other: values.mean, exact: { link.logTails(eta).upper }) : 0
        if y == 1 { return logMean }
        if y == 0 { return logComplement }
        return y * logMean + (1 - y) * logComplement
    }
}
