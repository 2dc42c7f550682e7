import CLAPACKE

/// Thin singular value decomposition `A = U Σ Vᵀ` (LAPACK `dgesdd`).
public struct SingularValueDecomposition: Sendable {
    /// Left singular vectors, `m × k` with `k = min(m, n)`.
    public let u: Matrix
    /// Singular values in decreasing order (`k` of them).
    public let singularValues: [Double]
    /// Right singular vectors transposed, `k × n`.
    public let vTransposed: Matrix

    /// 2-norm condition number `σ_max / σ_min`; `+∞` when the smallest singular value is zero.
    public var conditionNumber: Double {
        guard let largest = singularValues.first, let smallest = singularValues.last else { return .nan }
        return smallest == 0 ? .infinity : largest / smallest
    }
}

extension Matrix {
    /// Thin SVD (LAPACK `dgesdd`, divide and conquer).
    /// - Throws: `.noConvergence` if LAPACK's iteration fails; `.empty`, `.nonFiniteInput`.
    public func svd() throws -> SingularValueDecomposition {
        try validateForFactorization("singular value decomposition")
        let k = Swift.min(rows, columns)
        var work = self
        var s = [Double](repeating: 0, count: k)
        var u = Matrix(rows: rows, columns: k)
        var vt = Matrix(rows: k, columns: columns)
        let info = work.storage.withUnsafeMutableBufferPointer { a in
            s.withUnsafeMutableBufferPointer { sp in
                u.storage.withUnsafeMutableBufferPointer { up in
                    vt.storage.withUnsafeMutableBufferPointer { vp in
                        LAPACKE_dgesdd(columnMajorLayout, lapackChar("S"), Int32(rows), Int32(columns),
                                       a.baseAddress, Int32(rows), sp.baseAddress, up.baseAddress, Int32(rows),
                                       vp.baseAddress, Int32(k))
                    }
                }
            }
        }
        try checkInfo(info, "singular value decomposition") { .noConvergence(operation: "singular value decomposition", count: $0) }
        return SingularValueDecomposition(u: u, singularValues: s, vTransposed: vt)
    }

    /// 2-norm condition number from the singular values.
    public func conditionNumber() throws -> Double { try svd().conditionNumber }
}
