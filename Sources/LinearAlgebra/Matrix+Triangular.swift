import CLAPACKE

extension Matrix {
    /// Solves `T X = B` (or `Tᵀ X = B`) for triangular `T = self` (LAPACK `dtrtrs`).
    /// Only the triangle named by `upper` is read.
    /// - Throws: `.singular` with the zero-based index of an exactly zero diagonal element;
    ///   `.empty`, `.nonFiniteInput`.
    /// - Precondition: `self` is square and `b.rows == rows`.
    public func solveTriangular(_ b: Matrix, upper: Bool, transpose: Bool = false) throws -> Matrix {
        precondition(rows == columns, "triangular solve needs a square matrix")
        precondition(b.rows == rows, "right-hand side has \(b.rows) rows, expected \(rows)")
        try validateForFactorization("triangular solve")
        try b.validateForFactorization("triangular solve (right-hand side)")
        var result = b
        let info = storage.withUnsafeBufferPointer { a in
            result.storage.withUnsafeMutableBufferPointer { x in
                LAPACKE_dtrtrs(columnMajorLayout, lapackChar(upper ? "U" : "L"), lapackChar(transpose ? "T" : "N"),
                               lapackChar("N"), Int32(rows), Int32(b.columns), a.baseAddress, Int32(rows),
                               x.baseAddress, Int32(rows))
            }
        }
        try checkInfo(info, "triangular solve") { .singular(operation: "triangular solve", index: $0 - 1) }
        return result
    }

    /// Inverse of a triangular matrix (LAPACK `dtrtri`); the other triangle of the result is zero.
    /// - Throws: `.singular`, `.empty`, `.nonFiniteInput`.
    public func triangularInverse(upper: Bool) throws -> Matrix {
        precondition(rows == columns, "triangular inverse needs a square matrix")
        try validateForFactorization("triangular inverse")
        var result = self
        let info = result.storage.withUnsafeMutableBufferPointer { a in
            LAPACKE_dtrtri(columnMajorLayout, lapackChar(upper ? "U" : "L"), lapackChar("N"), Int32(rows),
                           a.baseAddress, Int32(rows))
        }
        try checkInfo(info, "triangular inverse") { .singular(operation: "triangular inverse", index: $0 - 1) }
        for j in 0..<columns {
            for i in 0..<rows where upper ? i > j : i < j { result[i, j] = 0 }
        }
        return result
    }
}
