import LinearAlgebra

/// Detection of complete and quasi-complete separation in binary-response data by linear
/// programming (Konis 2007, "Linear programming algorithms for detecting separated data in binary
/// logistic regression models"; the method of R's `detectseparation::detect_separation`):
///
///     maximize Σᵢ sᵢ xᵢᵀβ   subject to  sᵢ xᵢᵀβ ≥ 0 for all i,  −1 ≤ βⱼ ≤ 1,
///
/// with sᵢ = +1 for events and −1 for non-events. β = 0 is feasible; a positive optimum is a
/// direction along which the likelihood keeps increasing, so the maximum-likelihood estimates of
/// the coordinates where the optimal β is non-zero are infinite (+∞ or −∞ by its sign).
/// Solved by a dictionary simplex with Bland's rule (which cannot cycle under the heavy
/// degeneracy of the zero right-hand sides); columns are scaled to a maximum absolute value of 1.
public enum Separation {
    /// Design columns whose estimates are infinite, with the sign of the divergence. Empty when the
    /// data overlap. Rows with zero weight are ignored; the response must be 0/1.
    public static func infiniteDirections(design: Matrix, response: [Double], weights: [Double]? = nil) -> [(column: Int, sign: Int)] {
        let rows = (0..<design.rows).filter { (weights?[$0] ?? 1) > 0 }
        let p = design.columns
        guard !rows.isEmpty, p > 0 else { return [] }
        let scales = (0..<p).map { j in rows.map { abs(design[$0, j]) }.max() ?? 0 }
        // Constraint rows: −sᵢ xᵢ·(β⁺ − β⁻) ≤ 0, then β⁺ⱼ ≤ 1 and β⁻ⱼ ≤ 1.
        let m = rows.count + 2 * p
        let width = 2 * p
        var dictionary = [Double](repeating: 0, count: m * width)   // row-major m × width
        var rhs = [Double](repeating: 0, count: m)
        var objective = [Double](repeating: 0, count: width)
        for (r, i) in rows.enumerated() {
            let s = response[i] > 0.5 ? 1.0 : -1.0
            for j in 0..<p where scales[j] > 0 {
                let value = s * design[i, j] / scales[j]
                dictionary[r * width + j] = -value
                dictionary[r * width + p + j] = value
                objective[j] += value
                objective[p + j] -= value
            }
        }
        for k in 0..<width {
            dictionary[(rows.count + k) * width + k] = 1
            rhs[rows.count + k] = 1
        }
        var basic = Array(width..<(width + m))      // labels: structural 0..<width, slacks after
        var nonbasic = Array(0..<width)
        let epsilon = 1e-9
        var value = 0.0
        for _ in 0..<(50 * (m + width)) {
            // Bland: entering = smallest label with a positive reduced cost.
            var entering = -1
            for k in 0..<width where objective[k] > epsilon && (entering < 0 || nonbasic[k] < nonbasic[entering]) { entering = k }
            if entering < 0 { break }
            var leaving = -1
            var bestRatio = Double.infinity
            for r in 0..<m {
                let coefficient = dictionary[r * width + entering]
                guard coefficient > epsilon else { continue }
                let ratio = rhs[r] / coefficient
                if ratio < bestRatio - 1e-12 || (abs(ratio - bestRatio) <= 1e-12 && basic[r] < basic[leaving]) {
                    bestRatio = ratio
                    leaving = r
                }
            }
            if leaving < 0 { break }   // unbounded cannot happen with the box; defensive
            let pivot = dictionary[leaving * width + entering]
            rhs[leaving] /= pivot
            for k in 0..<width where k != entering { dictionary[leaving * width + k] /= pivot }
            dictionary[leaving * width + entering] = 1 / pivot
            for r in 0..<m where r != leaving {
                let factor = dictionary[r * width + entering]
                guard factor != 0 else { continue }
                rhs[r] -= factor * rhs[leaving]
                for k in 0..<width where k != entering { dictionary[r * width + k] -= factor * dictionary[leaving * width + k] }
                dictionary[r * width + entering] = -factor / pivot
            }
            let cost = objective[entering]
            value += cost * rhs[leaving]
            for k in 0..<width where k != entering { objective[k] -= cost * dictionary[leaving * width + k] }
            objective[entering] = -cost / pivot
            swap(&basic[leaving], &nonbasic[entering])
        }
        guard value > 1e-7 else { return [] }
        var beta = [Double](repeating: 0, count: p)
        for (r, label) in basic.enumerated() where label < width {
            if label < p { beta[label] += rhs[r] } else { beta[label - p] -= rhs[r] }
        }
        return (0..<p).filter { abs(beta[$0]) > 1e-6 }.map { ($0, beta[$0] > 0 ? 1 : -1) }
    }

    /// The screen before the linear program, on the probability scale so that it means the same
    /// for every link: whether some row is fitted within ε of its own outcome (y = 1 with
    /// μ > 1 − ε, or y = 0 with μ < ε), ε = 1/(1 + e¹⁵) ≈ 3e−7 by default (the logit's old
    /// |η| > 15). On the η scale that bound missed separated probit fits, which stop near |η| ≈ 5
    /// (hardening: link-independent separation check in bootstrap replicates). A deviance-scaled
    /// ε (R's rule stops a separated row at |y − μ| ~ 1e−8·D) flagged ordinary rare-event rows and
    /// ran the LP on most replicates of the probit bootstrap benchmark (> 120 s instead of 0.45 s),
    /// so it is not used.
    public static func screenFlags(linearPredictor: [Double], response: [Double], link: Link,
                                   epsilon: Double = Separation.largeDesignEpsilon) -> Bool {
        guard link != .identity, linearPredictor.count == response.count else { return false }
        let function = link.function
        let lower = function.link(epsilon), upper = function.link(1 - epsilon)
        for (eta, y) in zip(linearPredictor, response) where (y == 1 && eta > upper) || (y == 0 && eta < lower) { return true }
        return false
    }

    /// The screen's default ε: 1/(1 + e¹⁵).
    public static var largeDesignEpsilon: Double { 1 / (1 + 3_269_017.372_472_110_6) }
}
