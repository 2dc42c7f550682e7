import CLAPACKE

/// Householder QR factorization `A = Q R` of an `m × n` matrix (LAPACK `dgeqrf`).
///
/// `Q` is kept implicitly as Householder reflectors and applied with `dormqr`, never formed.
public struct QRFactorization: Sendable {
    /// Number of rows of the factored matrix.
    public let rows: Int
    /// Number of columns of the factored matrix.
    public let columns: Int
    /// LAPACK's packed output: `R` on and above the diagonal, reflectors below.
    let packed: Matrix
    /// Scalar factors of the reflectors.
    let tau: [Double]

    /// The upper-triangular factor `R` (`min(m, n) × n`).
    public var r: Matrix {
        let k = Swift.min(rows, columns)
        var result = Matrix(rows: k, columns: columns)
        for j in 0..<columns {
            for i in 0...Swift.min(j, k - 1) { result[i, j] = packed[i, j] }
        }
        return result
    }

    /// `Qᵀ B` for an `m × k` matrix `B` (LAPACK `dormqr`).
    /// - Precondition: `b.rows == rows`.
    public func multiplyQTransposed(_ b: Matrix) -> Matrix { applyQ(b, transpose: true) }

    /// `Q B` for an `m × k` matrix `B` (LAPACK `dormqr`).
    /// - Precondition: `b.rows == rows`.
    public func multiplyQ(_ b: Matrix) -> Matrix { applyQ(b, transpose: false) }

    private func applyQ(_ b: Matrix, transpose: Bool) -> Matrix {
        precondition(b.rows == rows, "Q is \(rows)×\(rows) but the right-hand side has \(b.rows) rows")
        var result = b
        guard b.columns > 0 else { return result }
        let info = packed.storage.withUnsafeBufferPointer { a in
            tau.withUnsafeBufferPointer { t in
                result.storage.withUnsafeMutableBufferPointer { c in
                    LAPACKE_dormqr(columnMajorLayout, lapackChar("L"), lapackChar(transpose ? "T" : "N"),
                                   Int32(rows), Int32(b.columns), Int32(tau.count),
                                   a.baseAddress, Int32(rows), t.baseAddress, c.baseAddress, Int32(rows))
                }
            }
        }
        // dormqr only fails on invalid arguments, which the preconditions above exclude.
        precondition(info == 0, "dormqr rejected argument \(-info)")
        return result
    }

    /// Least-squares solution of `min ‖A x − b‖₂` for full-column-rank `A` (`m ≥ n`):
    /// `x = R⁻¹ (Qᵀ b)[0..<n]`.
    /// - Throws: `LinearAlgebraError.singular` if `R` has an exactly zero diagonal element.
    /// - Precondition: `rows >= columns`, `b.count == rows`.
    public func solveLeastSquares(_ b: [Double]) throws -> [Double] {
        precondition(rows >= columns, "least squares needs at least as many rows as columns")
        let qtb = multiplyQTransposed(Matrix(rows: rows, columns: 1, columnMajor: b))
        let top = Matrix(rows: columns, columns: 1, columnMajor: Array(qtb.storage[0..<columns]))
        return try upperTriangle.solveTriangular(top, upper: true).storage
    }

    /// The `n × n` upper triangle of the packed factor, for triangular solves.
    var upperTriangle: Matrix {
        precondition(rows >= columns, "R is square only when rows >= columns")
        var result = Matrix(rows: columns, columns: columns)
        for j in 0..<columns {
            for i in 0...j { result[i, j] = packed[i, j] }
        }
        return result
    }

    /// Reciprocal condition number of `R` in the 1-norm, estimated by LAPACK `dtrcon`.
    /// Equals the reciprocal condition of `A` up to a modest factor. Zero when `R` is singular.
    public var reciprocalConditionEstimate: Double {
        let triangle = upperTriangle
        var rcond = 0.0
        let info = triangle.storage.withUnsafeBufferPointer { a in
            LAPACKE_dtrcon(columnMajorLayout, lapackChar("1"), lapackChar("U"), lapackChar("N"),
                           Int32(columns), a.baseAddress, Int32(columns), &rcond)
        }
        return info == 0 ? rcond : 0
    }
}

extension Matrix {
    /// Householder QR factorization (LAPACK `dgeqrf`).
    /// - Throws: `.empty` for a matrix without elements, `.nonFiniteInput` for NaN or ±∞.
    public func qr() throws -> QRFactorization {
        try validateForFactorization("QR factorization")
        var packed = self
        var tau = [Double](repeating: 0, count: Swift.min(rows, columns))
        let info = packed.storage.withUnsafeMutableBufferPointer { a in
            tau.withUnsafeMutableBufferPointer { t in
                LAPACKE_dgeqrf(columnMajorLayout, Int32(rows), Int32(columns), a.baseAddress, Int32(rows), t.baseAddress)
            }
        }
        try checkInfo(info, "QR factorization") { _ in .invalidArgument(operation: "QR factorization", position: 0) }
        return QRFactorization(rows: rows, columns: columns, packed: packed, tau: tau)
    }
}
