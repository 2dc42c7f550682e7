import CLAPACKE

/// The verdict of the explicit definiteness rule (`Matrix.equilibratedDefiniteness(tolerance:)`).
///
/// Every rank or singularity decision on a symmetric matrix in Regress is made by this rule (or by
/// the pivoted QR's rank rule), never by whether a Cholesky factorization happens to fail: which
/// of two nearly equal matrices `dpotrf` accepts depends on the BLAS kernel, and a verdict must not.
public enum SymmetricDefiniteness: Sendable, Equatable {
    /// Every eigenvalue of the equilibrated matrix exceeds `tolerance · max |λ|`.
    case positiveDefinite
    /// Some eigenvalue lies within `tolerance · max |λ|` of zero: `rank` eigenvalues lie outside.
    case singular(rank: Int)
    /// No eigenvalue is near zero, and some are negative beyond the tolerance.
    case indefinite
}

extension Matrix {
    /// Eigenvalues of a symmetric matrix in ascending order (LAPACK `dsyevd`, values only); only
    /// the upper triangle is read.
    /// - Throws: `.noConvergence`, `.empty`, `.nonFiniteInput`.
    /// - Precondition: square.
    public func symmetricEigenvalues() throws -> [Double] {
        precondition(rows == columns, "eigenvalues need a square matrix, got \(rows)×\(columns)")
        try validateForFactorization("symmetric eigenvalues")
        var work = self
        var values = [Double](repeating: 0, count: rows)
        let info = work.storage.withUnsafeMutableBufferPointer { a in
            values.withUnsafeMutableBufferPointer { w in
                LAPACKE_dsyevd(columnMajorLayout, lapackChar("N"), lapackChar("U"), Int32(rows), a.baseAddress, Int32(rows), w.baseAddress)
            }
        }
        try checkInfo(info, "symmetric eigenvalues") { .noConvergence(operation: "symmetric eigenvalues", count: $0) }
        return values
    }

    /// The explicit rule for the definiteness of a symmetric matrix: scaled to unit diagonal
    /// (`D A D` with `D = diag(1/√|a_jj|)`, so the verdict does not depend on the units of the
    /// variables), its eigenvalues λ are compared with `tolerance · max |λ|`. An eigenvalue
    /// inside that band makes the matrix singular (rank = the eigenvalues outside it); otherwise it
    /// is positive definite, or indefinite if some eigenvalue is negative.
    ///
    /// Kernels differ by a few ulps per element, which moves an eigenvalue of the unit-diagonal
    /// matrix by about `p ε ≈ 1e−15`: with a tolerance such as 1e−10 every verdict has five orders of
    /// magnitude of margin on both sides (`KernelIndependenceTests`).
    /// A zero diagonal element makes the matrix singular (a variable with no variance).
    /// - Throws: `.empty`, `.nonFiniteInput`, `.noConvergence`.
    public func equilibratedDefiniteness(tolerance: Double) throws -> SymmetricDefiniteness {
        precondition(rows == columns, "definiteness needs a square matrix, got \(rows)×\(columns)")
        try validateForFactorization("definiteness check")
        let diagonal = diagonalElements
        let scales = diagonal.map { $0 != 0 ? 1 / abs($0).squareRoot() : 1 }
        var scaled = self
        for j in 0..<columns {
            for i in 0..<rows { scaled[i, j] *= scales[i] * scales[j] }
        }
        // 1/√|a_jj| can overflow for subnormal diagonals: such a matrix is judged as it stands.
        if !scaled.isFinite { scaled = self }
        let eigenvalues = try scaled.symmetricEigenvalues()
        let largest = eigenvalues.map(abs).max() ?? 0
        guard largest > 0 else { return .singular(rank: 0) }
        let outside = eigenvalues.filter { abs($0) > tolerance * largest }
        if outside.count < rows || diagonal.contains(0) {
            return .singular(rank: Swift.min(outside.count, diagonal.filter { $0 != 0 }.count))
        }
        return outside.contains { $0 < 0 } ? .indefinite : .positiveDefinite
    }
}
