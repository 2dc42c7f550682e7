import CLAPACKE

/// The BLAS calls under the design layer's structured products (`LinearPredictor`): they take
/// a block of rows or write into a block of a matrix, which `Matrix`'s whole-matrix products do
/// not. Package-internal: the design layer is their only caller.
extension Matrix {
    /// Rows per block for `columns` columns in an IRLS sweep (`CrossProductKernel`).
    package static func weightedRowBlockSize(columns: Int) -> Int { CrossProductKernel.blockRows(columns: columns) }

    /// `self += BᵀB` and `rightHandSide += Bᵀ(√w ∘ z)` for a block B = diag(√w) X[rows, :]
    /// already scaled, column-major with `count` rows per column at `block`: one IRLS sweep's
    /// contribution of those rows to XᵀWX (BLAS `dsyrk` or small-matrix `dgemm`,
    /// `CrossProductKernel`) and to XᵀWz (`dgemv`). Fills the upper triangle only
    /// (`symmetrizeFromUpper` once the sweep is done).
    package mutating func accumulateScaledBlock(_ block: UnsafePointer<Double>, rows count: Int, roots: [Double], responses: [Double],
                                                rightHandSide: inout [Double]) {
        let p = columns
        var scaledResponse = [Double](repeating: 0, count: count)
        for i in 0..<count { scaledResponse[i] = roots[i] * responses[i] }
        storage.withUnsafeMutableBufferPointer { c in
            guard let cBase = c.baseAddress else { return }
            CrossProductKernel.accumulate(block, rows: count, columns: p, into: cBase)
        }
        scaledResponse.withUnsafeBufferPointer { z in
            rightHandSide.withUnsafeMutableBufferPointer { r in
                cblas_dgemv(CblasColMajor, CblasTrans, Int32(count), Int32(p), 1.0, block, Int32(count),
                            z.baseAddress, 1, 1.0, r.baseAddress, 1)
            }
        }
    }

    /// Writes A Bᵀ (A is m × k, B is m' × k) into the block of `self` whose top-left entry is
    /// (`row`, `column`), by one `dgemm` straight into the block (no m × m' temporary).
    package mutating func setBlock(row: Int, column: Int, toProductOf a: Matrix, transposing b: Matrix) {
        precondition(a.columns == b.columns && row + a.rows <= rows && column + b.rows <= columns, "block product shapes")
        guard a.rows > 0, b.rows > 0, a.columns > 0 else { return }
        let leading = rows
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                storage.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, Int32(a.rows), Int32(b.rows), Int32(a.columns), 1.0,
                                pa.baseAddress, Int32(a.rows), pb.baseAddress, Int32(b.rows), 0.0,
                                pc.baseAddress.map { $0 + column * leading + row }, Int32(leading))
                }
            }
        }
    }
}
