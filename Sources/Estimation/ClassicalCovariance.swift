import LinearAlgebra
import LinearPredictor

/// The classical covariance of a fit under either information, at the fit's estimate.
public enum ClassicalCovariance {
    /// (Xᵀ W X)⁻¹ over the estimated columns, expanded to `p × p` (NaN for aliased terms), with
    /// W the expected weights w μ'²/V or the observed ones (`BinomialFamily.observedWeight`); for
    /// the logit both are the same. For the linear probability model σ̂²(XᵀX)⁻¹ is the fit's own.
    /// - Parameters: design, response, weights: exactly what the fit was computed from.
    public static func covariance(of fit: GLMFit, design: Matrix, response: [Double], weights: [Double]? = nil,
                                  information: InformationKind) throws -> Matrix {
        try covariance(of: fit, design: DesignMatrix(design), response: response, weights: weights, information: information)
    }

    /// `covariance(of:design:…)` on a design that may hold a many-level factor as codes: the
    /// information through its block.
    public static func covariance(of fit: GLMFit, design: DesignMatrix, response: [Double], weights: [Double]? = nil,
                                  information: InformationKind) throws -> Matrix {
        try scaledCovariance(of: fit, design: design, response: response, weights: weights, information: information).matrix
    }

    /// `covariance(of:design:…)` held on the scaled side (`ScaledCovariance`).
    public static func scaledCovariance(of fit: GLMFit, design: DesignMatrix, response: [Double], weights: [Double]? = nil,
                                        information: InformationKind) throws -> ScaledCovariance {
        if information == fit.information || fit.link == .identity { return fit.table.scaledCovariance }
        let kept = fit.table.estimatedColumns
        let function = fit.link.function
        let inverse = try ColumnScaling.covariance(of: design.selectingColumns(kept), weights: weights) { x in
            try inverseInformation(x, fit: fit, function: function, response: response, weights: weights, information: information)
        }
        return ScaledCovariance.expanded(inverse, columns: kept, size: design.columns)
    }

    static func inverseInformation(_ x: DesignMatrix, fit: GLMFit, function: any LinkFunction, response: [Double], weights: [Double]?,
                                   information: InformationKind) throws -> Matrix {
        let rowWeights = (0..<x.rows).map { i -> Double in
            let w = weights?[i] ?? 1, values = function.inverse(fit.linearPredictor[i])
            switch information {
            case .expected: return BinomialFamily.working(values, y: response[i], priorWeight: w, etaWithoutOffset: 0).weight
            case .observed: return BinomialFamily.observedWeight(values, y: response[i], priorWeight: w)
            }
        }
        // The fit's rule for a singular information (InformationFactor): numerically singular
        // gives no covariance rather than the inverse of rounding noise.
        // An observed information that is not positive definite (the cauchit away from its
        // concave region) is inverted as it is, and labelled so by the caller.
        let matrix = x.weightedCrossProduct(weights: rowWeights)
        let inverse = information == .observed ? InformationFactor.observedInverse(matrix) : InformationFactor.factor(matrix)?.inverse()
        return inverse ?? Matrix(rows: x.columns, columns: x.columns, repeating: .nan)
    }
}
