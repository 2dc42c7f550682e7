import LinearAlgebra

/// The classical covariance of a fit under either information, at the fit's estimate.
public enum ClassicalCovariance {
    /// (Xᵀ W X)⁻¹ over the estimated columns, expanded to `p × p` (NaN for aliased terms), with
    /// W the expected weights w μ'²/V or the observed ones (`BinomialFamily.observedWeight`); for
    /// the logit both are the same. For the linear probability model σ̂²(XᵀX)⁻¹ is the fit's own.
    /// - Parameters: design, response, weights: exactly what the fit was computed from.
    public static func covariance(of fit: GLMFit, design: Matrix, response: [Double], weights: [Double]? = nil,
                                  information: InformationKind) throws -> Matrix {
        if information == fit.information || fit.link == .identity { return fit.covariance }
        let kept = fit.table.estimatedColumns
        let x = design.selectingColumns(kept)
        let function = fit.link.function
        let rowWeights = (0..<x.rows).map { i -> Double in
            let w = weights?[i] ?? 1, values = function.inverse(fit.linearPredictor[i])
            let variance = values.mean * values.complement
            guard variance > 0 else { return 0 }
            switch information {
            case .expected: return w * values.derivative * values.derivative / variance
            case .observed: return BinomialFamily.observedWeight(values, y: response[i], priorWeight: w)
            }
        }
        let information = x.weightedCrossProduct(weights: rowWeights)
        let inverse: Matrix
        if let factor = try? information.cholesky() { inverse = factor.inverse() } else { inverse = try information.symmetricInverse() }
        var full = Matrix(rows: design.columns, columns: design.columns, repeating: .nan)
        for (a, i) in kept.enumerated() { for (b, j) in kept.enumerated() { full[i, j] = inverse[a, b] } }
        return full
    }
}
