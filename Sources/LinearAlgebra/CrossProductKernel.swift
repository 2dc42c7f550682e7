import CLAPACKE

/// `C += Bᵀ B` for one block of rows, the accumulation under `weightedCrossProduct` and the IRLS
/// sweep, by whichever BLAS call is faster for the block's shape on this OpenBLAS.
///
/// `dsyrk` does half the flops of `dgemm`, but packs its operands first. OpenBLAS's SkylakeX-family
/// kernels (SkylakeX, Cooperlake, Sapphire Rapids) have unpacked small-matrix `dgemm` kernels,
/// used when m·n·k ≤ 10⁶, where they beat `dsyrk` (the measurements are in Docs/performance.md).
/// Hence the rule: `dgemm` when the kernels are there, p ≤ 32 and p²·rows ≤ 10⁶; otherwise `dsyrk`. The
/// choice depends only on the machine and the shape, never on timing, so results stay reproducible.
enum CrossProductKernel {
    /// Whether this OpenBLAS runs SkylakeX-family kernels (with small-matrix `dgemm`).
    static let hasSmallMatrixGEMM: Bool = {
        guard let name = openblas_get_corename() else { return false }
        let core = String(cString: name).lowercased()
        return ["skylakex", "cooperlake", "sapphirerapids"].contains { core.contains($0) }
    }()

    /// Largest p·p·rows for which `dgemm` takes its small-matrix path.
    static let smallMatrixLimit = 1_000_000

    /// Whether Bᵀ B for `rows × p` takes the small-matrix `dgemm` (the rule above).
    static func usesSmallMatrixGEMM(rows: Int, columns p: Int) -> Bool {
        hasSmallMatrixGEMM && p > 0 && p <= 32 && p * p * rows <= smallMatrixLimit
    }

    /// Rows per block for p columns: `Matrix.crossProductBlockRows`, fewer when that keeps a
    /// narrow design on the small-matrix path (but at least 256).
    static func blockRows(columns p: Int) -> Int {
        guard usesSmallMatrixGEMM(rows: 1, columns: p) else { return Matrix.crossProductBlockRows }
        return Swift.max(Swift.min(Matrix.crossProductBlockRows, smallMatrixLimit / (p * p)), 256)
    }

    /// `C += Bᵀ B` with B `rows × p` column-major (leading dimension `rows`) and C `p × p`. Fills
    /// at least the upper triangle of C (both, on the `dgemm` path).
    static func accumulate(_ block: UnsafePointer<Double>, rows: Int, columns p: Int, into c: UnsafeMutablePointer<Double>) {
        if usesSmallMatrixGEMM(rows: rows, columns: p) {
            cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, Int32(p), Int32(p), Int32(rows),
                        1.0, block, Int32(rows), block, Int32(rows), 1.0, c, Int32(p))
        } else {
            cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, Int32(p), Int32(rows), 1.0, block, Int32(rows), 1.0, c, Int32(p))
        }
    }
}
