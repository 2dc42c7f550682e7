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
        return (priorWeight * derivative * derivative / variance,
                etaWithoutOffset + (y - values.mean) / derivative)
    }

    /// Observed-information weight: `−∂²ℓᵢ/∂η²`, which differs from the expected weight by
    /// `(y − μ)·(μ''/V − μ'² V'/V²)` for non-canonical links (V = μ(1−μ), V' = 1 − 2μ).
    @inline(__always)
    static func observedWeight(_ values: LinkValues, y: Double, priorWeight: Double) -> Double {
        let variance = values.mean * values.complement
        guard variance > 0 else { return 0 }
        let d = values.derivative
        let varianceDerivative = values.complement - values.mean
        return priorWeight * (d * d / variance
            - (y - values.mean) * (values.secondDerivative / variance - d * d * varianceDerivative / (variance * variance)))
    }

    /// Unit deviance `2[y log(y/μ) + (1 − y) log((1 − y)/(1 − μ))]`, with 0·log 0 = 0 and the
    /// logarithms of μ and 1 − μ taken from the directly computed values.
    @inline(__always)
    static func deviance(_ values: LinkValues, y: Double) -> Double {
        // Binary fast paths: one logarithm per row.
        if y == 1 { return -2 * Double.log(values.mean) }
        if y == 0 { return -2 * Double.log(values.complement) }
        var total = 0.0
        if y > 0 { total += y * (Double.log(y) - Double.log(values.mean)) }
        if y < 1 { total += (1 - y) * (Double.log(onePlus: -y) - Double.log(values.complement)) }
        return 2 * total
    }

    /// Log-likelihood contribution `y log μ + (1 − y) log(1 − μ)` of one Bernoulli observation
    /// (y ∈ {0, 1}; for proportions, the same kernel).
    @inline(__always)
    static func logLikelihood(_ values: LinkValues, y: Double) -> Double {
        if y == 1 { return Double.log(values.mean) }
        if y == 0 { return Double.log(values.complement) }
        var total = 0.0
        if y > 0 { total += y * Double.log(values.mean) }
        if y < 1 { total += (1 - y) * Double.log(values.complement) }
        return total
    }
}
