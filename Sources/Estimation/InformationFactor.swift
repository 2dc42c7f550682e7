import LinearAlgebra

/// The one rule for when an information matrix XᵀWX is singular: the fit's IRLS, its covariance,
/// the covariance under the other information and the robust sandwiches' bread all use it, so a
/// covariance is never computed from a matrix the fit judged singular.
enum InformationFactor {
    /// Reciprocal condition (of the unit-diagonal scaled XᵀWX) below which the design is treated
    /// as rank deficient: κ(X) ≳ 1e7.
    static var rankConditionThreshold: Double { 1e-14 }

    /// Cholesky of XᵀWX, or `nil` when it is (numerically) singular.
    static func factor(_ crossProduct: Matrix) -> CholeskyFactorization? {
        let p = crossProduct.rows
        var scaled = crossProduct
        let scales = (0..<p).map { crossProduct[$0, $0] > 0 ? 1 / crossProduct[$0, $0].squareRoot() : 0 }
        if scales.contains(0) { return nil }
        for j in 0..<p { for i in 0..<p { scaled[i, j] *= scales[i] * scales[j] } }
        guard let scaledFactor = try? scaled.cholesky(),
              scaledFactor.reciprocalCondition(oneNorm: scaled.oneNorm) > rankConditionThreshold else { return nil }
        // XᵀWX = D⁻¹ S D⁻¹ with D = diag(scales): its factor is the scaled one's columns times 1/scales
        // (a second dpotrf per iteration was 2 % of a probit bootstrap).
        return scaledFactor.columnsScaled(by: scales.map { 1 / $0 })
    }

    /// The inverse of an information already judged regular and factored as `factor`: from the
    /// indicator block's Schur complement where the design has one (L² p_d flops instead of
    /// 2p³/3, with this rule applied to the complement), else from the factor.
    static func inverse(_ crossProduct: Matrix, factor: CholeskyFactorization, through block: IndicatorBlock?) -> Matrix {
        block?.inverse(crossProduct, factor: Self.factor) ?? factor.inverse()
    }
}
