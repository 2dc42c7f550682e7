import LinearAlgebra
import LinearPredictor

/// Each row's link values and deviance term at one set of coefficients, kept so that fits which
/// start there on a subset of the rows skip the link for them in their first sweep.
///
/// Why: every bootstrap replicate refits from the full-sample estimates β̂ (`ReplicateRefit`), and
/// a row's η = xᵢβ̂ is the same in every replicate that draws it. The first sweep of each replicate
/// evaluated the link and the deviance's logarithm again for every row drawn; with the probit
/// (Cody's tails, an exponential, a logarithm per row) that was a fifth of a replicate's time.
///
/// Exact by construction: a row's memo is used only where the sweep's own η for the row has the
/// bits the memo was computed at (the sweep's product on the replicate's rows can round
/// differently from the one here), and then it holds the values the link and the deviance would
/// return for that η — the same functions of the same input. Otherwise the row is evaluated.
package struct StartPointMemo: Sendable {
    /// The coefficients the memo is for.
    package let coefficients: [Double]
    /// Each row's Xβ (without the offset), whose bits select the memo.
    let linearPredictor: [Double]
    /// The link's values at each row's η (with the offset).
    let values: [LinkValues]
    /// Each row's unit deviance at its η (before the prior weight).
    let deviance: [Double]

    /// The memo at `coefficients` for every row of `design`, with `response`, `offset` and `link`
    /// as the fits that use it have them.
    package init(design: Matrix, response: [Double], offset: [Double]?, coefficients: [Double], link: Link) {
        switch link {
        case .logit: self = Self.make(LogitLink(), design, response, offset, coefficients)
        case .probit: self = Self.make(ProbitLink(), design, response, offset, coefficients)
        case .cloglog: self = Self.make(CloglogLink(), design, response, offset, coefficients)
        case .cauchit: self = Self.make(CauchitLink(), design, response, offset, coefficients)
        case .identity: self.init(coefficients: coefficients, linearPredictor: [], values: [], deviance: [])
        }
    }

    init(coefficients: [Double], linearPredictor: [Double], values: [LinkValues], deviance: [Double]) {
        (self.coefficients, self.linearPredictor, self.values, self.deviance) = (coefficients, linearPredictor, values, deviance)
    }

    static func make<L: LinkFunction>(_ link: L, _ design: Matrix, _ response: [Double], _ offset: [Double]?,
                                      _ coefficients: [Double]) -> StartPointMemo {
        guard coefficients.count == design.columns, response.count == design.rows else {
            return StartPointMemo(coefficients: coefficients, linearPredictor: [], values: [], deviance: [])
        }
        let linearPredictor = design.rows > 0 ? design.multiplied(by: coefficients, rows: 0..<design.rows) : []
        var values = [LinkValues](), deviance = [Double]()
        values.reserveCapacity(design.rows)
        deviance.reserveCapacity(design.rows)
        for i in 0..<design.rows {
            // η as the kernel forms it (no `+ 0` without an offset: −0 stays −0).
            let eta = offset.map { linearPredictor[i] + $0[i] } ?? linearPredictor[i]
            let value = link.inverse(eta)
            values.append(value)
            deviance.append(BinomialFamily.deviance(value, y: response[i], link: link, eta: eta))
        }
        return StartPointMemo(coefficients: coefficients, linearPredictor: linearPredictor, values: values, deviance: deviance)
    }

    /// The memo for the design's rows `rows`, in that order (a replicate's rows).
    package func selectingRows(_ rows: [Int]) -> StartPointMemo {
        guard !linearPredictor.isEmpty else { return self }
        return StartPointMemo(coefficients: coefficients, linearPredictor: rows.map { linearPredictor[$0] },
                              values: rows.map { values[$0] }, deviance: rows.map { deviance[$0] })
    }

    /// The memo of row `i` where the sweep's η for it, `linearPredictor`, has the memo's bits.
    @inline(__always)
    func entry(_ i: Int, at linearPredictor: Double) -> (values: LinkValues, deviance: Double)? {
        guard i < self.linearPredictor.count, self.linearPredictor[i].bitPattern == linearPredictor.bitPattern else { return nil }
        return (values[i], deviance[i])
    }
}

/// Where the IRLS kernel's rows get their link values (and, when known, their unit deviance):
/// evaluated, or from a `StartPointMemo`. The kernel is specialized for each, so the fits without
/// a memo run the loop they ran before it existed.
protocol RowLinkValues: Sendable {
    associatedtype Link: LinkFunction
    /// Row `i`'s link values at `eta` (its η with the offset; `linearPredictor` without it), and
    /// its unit deviance where it is already known.
    func values(row i: Int, eta: Double, linearPredictor: Double) -> (values: LinkValues, deviance: Double?)
}

/// The link evaluated at every row.
struct EvaluatedLinkValues<Link: LinkFunction>: RowLinkValues {
    let link: Link

    @inline(__always)
    func values(row i: Int, eta: Double, linearPredictor: Double) -> (values: LinkValues, deviance: Double?) {
        (link.inverse(eta), nil)
    }
}

/// The memo's values where the row's η has its bits, the link evaluated elsewhere.
struct MemoizedLinkValues<Link: LinkFunction>: RowLinkValues {
    let link: Link
    let memo: StartPointMemo

    @inline(__always)
    func values(row i: Int, eta: Double, linearPredictor: Double) -> (values: LinkValues, deviance: Double?) {
        if let entry = memo.entry(i, at: linearPredictor) { return (entry.values, entry.deviance) }
        return (link.inverse(eta), nil)
    }
}
