import LinearAlgebra
import LinearPredictor

/// The response of a binary GLM: y ∈ [0, 1], prior weights, offset and link, and every per-row
/// quantity of the binomial family the fitters need — the IRLS kernel (working weights and
/// responses, Newton's observed weights, Firth's score adjustment), the deviance, the start from
/// R's `mustart`, the scores and the working weights — in one place (GLM.jl's `GlmResp`). The
/// arithmetic of each row is `BinomialFamily`'s.
struct BinomialResponse<L: LinkFunction>: Sendable {
    /// The response.
    let y: [Double]
    /// Prior weights (frequency or sampling), nil for 1.
    let weights: [Double]?
    /// The offset, nil for 0.
    let offset: [Double]?
    /// The link.
    let link: L

    func priorWeight(_ i: Int) -> Double { weights?[i] ?? 1 }
    func offsetValue(_ i: Int) -> Double { offset?[i] ?? 0 }

    /// The mean positive prior weight (1 without weights): the unit in which R's absolute constants
    /// (the 0.1 of its convergence rule, the deviance allowances of the step control) are read,
    /// so that weights × c fit as weights do. With weights of 1e−90 R's rule read any change of a
    /// deviance of 1e−88 as convergence after one step; with 1e60, mustart rounded to 0 or 1.
    var weightScale: Double {
        guard let weights else { return 1 }
        var total = 0.0, count = 0
        for w in weights where w > 0 { total += w; count += 1 }
        let mean = count > 0 ? total / Double(count) : 1
        return mean > 0 && mean.isFinite ? mean : 1
    }

    /// The IRLS kernel at the linear predictor `Xβ` (+ offset): fills working weights and
    /// responses (Fisher scoring, or Newton's observed weights with the same score), returns the
    /// deviance contribution. With `firth`, each row's Firth factors are recorded there as well
    /// (`FirthRows`), from the link values the kernel computes anyway.
    /// With `memo`, a row whose η has the memo's bits takes its link values and unit deviance from
    /// there (`StartPointMemo`: the same values, not evaluated again).
    func kernel(newton: Bool, firth: FirthRows? = nil, memo: StartPointMemo? = nil) -> @Sendable (inout RowBlock) -> Double {
        // Two specializations: the memo's lookup is not in the loop of the fits without one.
        if let memo { return kernel(newton: newton, firth: firth, source: MemoizedLinkValues(link: link, memo: memo)) }
        return kernel(newton: newton, firth: firth, source: EvaluatedLinkValues(link: link))
    }

    private func kernel<Source: RowLinkValues>(newton: Bool, firth: FirthRows?, source: Source) -> @Sendable (inout RowBlock) -> Double
    where Source.Link == L {
        let link = self.link, response = self.y, weights = self.weights, offset = self.offset
        return { block in
            var deviance = 0.0
            let first = block.rows.lowerBound
            for k in 0..<block.rows.count {
                let i = first + k
                let etaWithoutOffset = block.linearPredictor[k]
                let eta = offset.map { etaWithoutOffset + $0[i] } ?? etaWithoutOffset
                let (values, rowDeviance) = source.values(row: i, eta: eta, linearPredictor: etaWithoutOffset)
                let w = weights?[i] ?? 1
                let y = response[i]
                var weight: Double, working: Double
                if newton, y == 0 || y == 1,
                   let binary = BinomialFamily.newtonBinary(values, y: y, priorWeight: w, etaWithoutOffset: etaWithoutOffset) {
                    (weight, working) = binary
                } else {
                    (weight, working) = BinomialFamily.working(values, y: y, priorWeight: w, etaWithoutOffset: etaWithoutOffset)
                    if newton {
                        // Same score uᵢ = W(z − η), observed weight: z = η + uᵢ / W_obs.
                        let observed = BinomialFamily.observedWeight(values, y: y, priorWeight: w)
                        if observed > 0 {
                            working = etaWithoutOffset + (working - etaWithoutOffset) * (weight / observed)
                            weight = observed
                        }
                    }
                }
                block.weights[k] = weight
                block.responses[k] = working
                if let firth {
                    // The expected weight: the one just computed, unless Newton's replaced it.
                    let expected = newton
                        ? BinomialFamily.working(values, y: y, priorWeight: w, etaWithoutOffset: etaWithoutOffset).weight : weight
                    firth.record(i, values, weight: expected, y: y, priorWeight: w)
                }
                // A zero-weight row adds nothing (0·∞ was NaN where its fitted μ reached the wrong
                // boundary, and stopped the step control; FuzzNumeric).
                if w > 0 { deviance += w * (rowDeviance ?? BinomialFamily.deviance(values, y: y, link: link, eta: eta)) }
            }
            return deviance
        }
    }

    /// The kernel of the first sweep, from R's `mustart = (w y + ½)/(w + 1)` instead of a linear
    /// predictor. With unit weights and a binary response there are only two starting points,
    /// evaluated once.
    func startKernel() -> @Sendable (inout RowBlock) -> Double {
        let link = self.link, response = self.y, weights = self.weights, offset = self.offset
        let cached: [LinkValues]? = weights == nil && response.allSatisfy({ $0 == 0 || $0 == 1 })
            ? [link.inverse(link.link(0.25)), link.inverse(link.link(0.75))] : nil
        let cachedEta = [link.link(0.25), link.link(0.75)]
        let unit = weightScale
        return { block in
            var deviance = 0.0
            let first = block.rows.lowerBound
            for k in 0..<block.rows.count {
                let i = first + k
                let w = weights?[i] ?? 1, y = response[i]
                let eta: Double, values: LinkValues
                if let cached {
                    eta = cachedEta[Int(y)]
                    values = cached[Int(y)]
                } else {
                    // R's mustart (w y + ½)/(w + 1) with w in units of the mean weight (the same as
                    // R's for weights of mean 1; scale-free otherwise: for weights beyond ~1e16 R's
                    // rounds to exactly 0 or 1, whose η is ±∞), kept 2⁻⁴⁰ inside (0, 1).
                    let relative = w / unit
                    let mustart = (relative * y + 0.5) / (relative + 1)
                    eta = link.link(mustart >= 1 ? 1 - 0x1p-40 : mustart <= 0 ? 0x1p-40 : mustart)
                    values = link.inverse(eta)
                }
                let (weight, working) = BinomialFamily.working(values, y: y, priorWeight: w,
                                                               etaWithoutOffset: eta - (offset?[i] ?? 0))
                block.weights[k] = weight
                block.responses[k] = working
                // A zero-weight row adds nothing (0·∞ was NaN where its fitted μ reached the wrong
                // boundary, and stopped the step control; FuzzNumeric).
                if w > 0 { deviance += w * BinomialFamily.deviance(values, y: y, link: link, eta: eta) }
            }
            return deviance
        }
    }
}

/// Firth's per-row factors, recorded by the sweep's kernel (`BinomialResponse.kernel(newton:firth:)`)
/// from the link values it computes anyway: the expected working weight Wᵢ (for the hat values),
/// the score factor uᵢ = wᵢ(yᵢ − μᵢ)μ'ᵢ/Vᵢ and the adjustment factor aᵢ = (½ − μᵢ)μ'ᵢ/Vᵢ, so that
/// the modified score is U* = Xᵀ(u + h ∘ a) (R logistf's Xᵀ(y − μ + h(½ − μ)) for the logit). A
/// row without working weight records zeros. Each row is written by exactly one of the sweep's
/// parallel blocks, so the writes never overlap; the arrays are read after the sweep ends.
final class FirthRows: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Double>
    private let count: Int

    init(rows: Int) {
        count = rows
        buffer = .allocate(capacity: 3 * rows)
        buffer.initialize(repeating: 0)
    }

    deinit { buffer.deallocate() }

    /// Row i's factors from its link values and expected working weight `weight`.
    @inline(__always)
    func record(_ i: Int, _ values: LinkValues, weight: Double, y: Double, priorWeight w: Double) {
        guard weight > 0 else { return }
        buffer[i] = weight
        buffer[count + i] = BinomialFamily.score(values, y: y, priorWeight: w)
        buffer[2 * count + i] = (0.5 - values.mean) * values.derivative / (values.mean * values.complement)
    }

    /// Wᵢ per row.
    var working: [Double] { Array(buffer[0..<count]) }

    /// uᵢ + hᵢaᵢ per row, for the hat values `hat`.
    func modifiedScore(hat: [Double]) -> [Double] {
        (0..<count).map { i in buffer[i] > 0 ? buffer[count + i] + hat[i] * buffer[2 * count + i] : 0 }
    }
}
