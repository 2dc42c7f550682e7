import CLAPACKE

/// Vectors are plain `[Double]` arrays.
public typealias Vector = [Double]

extension Matrix {
    /// Matrix–vector product `A x` (BLAS `dgemv`).
    /// - Precondition: `x.count == columns`.
    public func multiplied(by x: [Double]) -> [Double] { matrixVectorProduct(x, transposed: false) }

    /// Transposed matrix–vector product `Aᵀ x` (BLAS `dgemv`).
    /// - Precondition: `x.count == rows`.
    public func transposeMultiplied(by x: [Double]) -> [Double] { matrixVectorProduct(x, transposed: true) }

    /// `(A x)` restricted to `rowRange`: the linear predictor of a block of rows (BLAS `dgemv`).
    /// - Precondition: `x.count == columns` and `rowRange` lies within the rows.
    public func multiplied(by x: [Double], rows rowRange: Range<Int>) -> [Double] {
        precondition(x.count == columns && rowRange.lowerBound >= 0 && rowRange.upperBound <= rows, "row range or vector out of bounds")
        return storage.withUnsafeBufferPointer { a in
            guard let base = a.baseAddress else { return [Double](repeating: 0, count: rowRange.count) }
            return Matrix.blockProduct(base + rowRange.lowerBound, rows: rowRange.count, columns: columns, x, leadingDimension: rows)
        }
    }

    /// `B x` for a column-major block B of `rows × columns` at `block` (leading dimension
    /// `leadingDimension`, `rows` by default): one `dgemv`, the call of `multiplied(by:rows:)` and
    /// of a block held outside a matrix (a design kept as its columns copies its rows there), so
    /// the same rows give the same sums.
    package static func blockProduct(_ block: UnsafePointer<Double>, rows: Int, columns: Int, _ x: [Double],
                                     leadingDimension: Int? = nil) -> [Double] {
        precondition(x.count == columns, "vector length \(x.count) for \(columns) columns")
        var result = [Double](repeating: 0, count: rows)
        guard rows > 0, columns > 0 else { return result }
        x.withUnsafeBufferPointer { xp in
            result.withUnsafeMutableBufferPointer { yp in
                cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(rows), Int32(columns), 1.0, block, Int32(leadingDimension ?? rows),
                            xp.baseAddress, 1, 0.0, yp.baseAddress, 1)
            }
        }
        return result
    }

    private func matrixVectorProduct(_ x: [Double], transposed: Bool) -> [Double] {
        let inner = transposed ? rows : columns
        precondition(x.count == inner, "dimension mismatch: \(transposed ? "(\(rows)×\(columns))ᵀ" : "\(rows)×\(columns)") times vector of length \(x.count)")
        var result = [Double](repeating: 0, count: transposed ? columns : rows)
        guard rows > 0, columns > 0 else { return result }
        storage.withUnsafeBufferPointer { a in
            x.withUnsafeBufferPointer { xp in
                result.withUnsafeMutableBufferPointer { yp in
                    cblas_dgemv(CblasColMajor, transposed ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns), 1.0,
                                a.baseAddress, Int32(rows), xp.baseAddress, 1, 0.0, yp.baseAddress, 1)
                }
            }
        }
        return result
    }

    /// Matrix product `op(A) op(B)` (BLAS `dgemm`), where `op` optionally transposes.
    /// - Precondition: the inner dimensions agree.
    public func multiplied(by other: Matrix, transposeSelf: Bool = false, transposeOther: Bool = false) -> Matrix {
        let m = transposeSelf ? columns : rows
        let k = transposeSelf ? rows : columns
        let kOther = transposeOther ? other.columns : other.rows
        let n = transposeOther ? other.rows : other.columns
        precondition(k == kOther, "dimension mismatch in matrix product: inner dimensions \(k) and \(kOther)")
        var result = Matrix(rows: m, columns: n)
        guard m > 0, n > 0, k > 0 else { return result }
        storage.withUnsafeBufferPointer { a in
            other.storage.withUnsafeBufferPointer { b in
                result.storage.withUnsafeMutableBufferPointer { c in
                    cblas_dgemm(CblasColMajor, transposeSelf ? CblasTrans : CblasNoTrans,
                                transposeOther ? CblasTrans : CblasNoTrans,
                                Int32(m), Int32(n), Int32(k), 1.0, a.baseAddress, Int32(rows),
                                b.baseAddress, Int32(other.rows), 0.0, c.baseAddress, Int32(m))
                }
            }
        }
        return result
    }

    /// `c A`, every element multiplied by the scalar `c`.
    public static func * (lhs: Double, rhs: Matrix) -> Matrix {
        Matrix(rows: rhs.rows, columns: rhs.columns, columnMajor: rhs.storage.map { lhs * $0 })
    }

    /// `A B` (BLAS `dgemm`).
    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix { lhs.multiplied(by: rhs) }

    /// `A x` (BLAS `dgemv`).
    public static func * (lhs: Matrix, rhs: [Double]) -> [Double] { lhs.multiplied(by: rhs) }

    /// Rows per block in `weightedCrossProduct` and the IRLS sweep: 2,048 rows × 21 columns × 8
    /// bytes ≈ 344 KB, which stays in a 512 KB L2 cache between the passes over the block.
    static let crossProductBlockRows = 2048

    /// The weighted cross-product `Xᵀ W X` with `W = diag(weights)`, never forming the n×n `W`.
    ///
    /// Rows are processed in blocks: each block is scaled by `√wᵢ` and accumulated with BLAS
    /// `dsyrk` or, for narrow blocks, small-matrix `dgemm` (`CrossProductKernel`); if any weight
    /// is negative, the block is scaled by `wᵢ` and accumulated with `dgemm` instead. Without
    /// `weights`, returns `XᵀX`.
    /// The result is symmetric with both triangles filled.
    /// - Precondition: `weights.count == rows` when given.
    public func weightedCrossProduct(weights: [Double]? = nil) -> Matrix {
        if let weights { precondition(weights.count == rows, "weights has \(weights.count) entries for \(rows) rows") }
        let n = rows
        return storage.withUnsafeBufferPointer { x in
            Matrix.weightedCrossProduct(rows: n, columns: columns, weights: weights) { range, multipliers, target in
                guard let xBase = x.baseAddress else { return }
                Matrix.writeBlock(from: { xBase + $0 * n }, rows: range, multipliers: multipliers, into: target, columns: self.columns)
            }
        }
    }

    /// Writes rows `range` of the columns at `column(j)` into `target` (column-major,
    /// `range.count` rows per column), row `range.lowerBound + i` times `multipliers[i]` where given
    /// (the block's own multipliers, from its first row).
    package static func writeBlock(from column: (Int) -> UnsafePointer<Double>, rows range: Range<Int>,
                                   multipliers: UnsafePointer<Double>?, into target: UnsafeMutablePointer<Double>, columns p: Int) {
        let count = range.count, start = range.lowerBound
        for j in 0..<p {
            let source = column(j) + start
            let destination = target + j * count
            if let m = multipliers {
                for i in 0..<count { destination[i] = source[i] * m[i] }
            } else {
                destination.update(from: source, count: count)
            }
        }
    }

    /// `Xᵀ W X` of an n × p design whose blocks of rows `writeBlock(rows, multipliers, target)`
    /// writes (column-major, each row times its multiplier, from the block's first, where given):
    /// the arithmetic of
    /// `weightedCrossProduct(weights:)` for a design held as a matrix or as separate columns.
    package static func weightedCrossProduct(rows: Int, columns p: Int, weights: [Double]?,
                                             writeBlock: (Range<Int>, UnsafePointer<Double>?, UnsafeMutablePointer<Double>) -> Void) -> Matrix {
        var result = Matrix(rows: p, columns: p)
        guard rows > 0, p > 0 else { return result }
        let anyNegative = weights?.contains { $0 < 0 } ?? false
        // Row multipliers: √wᵢ for dsyrk, or wᵢ for the dgemm path; computed once per row.
        let multipliers = weights.map { w in anyNegative ? w : w.map { $0.squareRoot() } }
        let blockRows = Swift.min(CrossProductKernel.blockRows(columns: p), rows)
        var block = [Double](repeating: 0, count: blockRows * p)
        // The unscaled block, for the dgemm path only.
        var plain = [Double](repeating: 0, count: anyNegative ? blockRows * p : 0)
        block.withUnsafeMutableBufferPointer { b in
            plain.withUnsafeMutableBufferPointer { a in
                result.storage.withUnsafeMutableBufferPointer { c in
                    guard let bBase = b.baseAddress else { return }
                    var start = 0
                    while start < rows {
                        let count = Swift.min(blockRows, rows - start)
                        let range = start..<(start + count)
                        if let multipliers {
                            multipliers.withUnsafeBufferPointer { writeBlock(range, $0.baseAddress.map { $0 + range.lowerBound }, bBase) }
                        } else {
                            writeBlock(range, nil, bBase)
                        }
                        if anyNegative, let aBase = a.baseAddress {
                            // C += Xblockᵀ (W Xblock)
                            writeBlock(range, nil, aBase)
                            cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, Int32(p), Int32(p), Int32(count),
                                        1.0, aBase, Int32(count), bBase, Int32(count), 1.0, c.baseAddress, Int32(p))
                        } else if let cBase = c.baseAddress {
                            CrossProductKernel.accumulate(bBase, rows: count, columns: p, into: cBase)
                        }
                        start += count
                    }
                }
            }
        }
        if !anyNegative { result.symmetrizeFromUpper() }
        return result
    }

    /// Copies the upper triangle into the lower one.
    package mutating func symmetrizeFromUpper() {
        precondition(rows == columns, "symmetrize needs a square matrix")
        for j in 0..<columns {
            for i in (j + 1)..<Swift.max(j + 1, rows) { storage[i + j * rows] = storage[j + i * rows] }
        }
    }
}

/// Dot product `Σ xᵢ yᵢ` (BLAS `ddot`).
/// - Precondition: equal lengths.
public func dot(_ x: [Double], _ y: [Double]) -> Double {
    precondition(x.count == y.count, "dot: lengths \(x.count) and \(y.count) differ")
    guard !x.isEmpty else { return 0 }
    return x.withUnsafeBufferPointer { xp in
        y.withUnsafeBufferPointer { yp in cblas_ddot(Int32(x.count), xp.baseAddress, 1, yp.baseAddress, 1) }
    }
}

/// Euclidean norm `‖x‖₂` (BLAS `dnrm2`, which avoids overflow).
public func norm2(_ x: [Double]) -> Double {
    guard !x.isEmpty else { return 0 }
    return x.withUnsafeBufferPointer { cblas_dnrm2(Int32(x.count), $0.baseAddress, 1) }
}
