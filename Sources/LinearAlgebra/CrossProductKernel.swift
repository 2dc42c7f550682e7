import CLAPACKE

/// `C += Bᵀ B` for one block of rows, the accumulation under `weightedCrossProduct` and the IRLS
/// sweep, by whichever BLAS calls are faster for the block's shape on this OpenBLAS.
///
/// `dsyrk` does half the flops of `dgemm`, but packs its operands first. OpenBLAS's SkylakeX-family
/// kernels (SkylakeX, Cooperlake, Sapphire Rapids) have unpacked small-matrix `dgemm` kernels,
/// used when m·n·k ≤ 10⁶, where they beat `dsyrk`. Where they are there, the block's columns are
/// cut into panels of 8 (one AVX-512 register of doubles) and only the panel pairs on and above
/// the diagonal are multiplied, each a small-matrix `dgemm` (8·8·rows ≤ 10⁶): the upper triangle
/// for little more than `dsyrk`'s flops without its packing. Against one `dgemm` of the whole
/// block, 15 columns × 810 rows took 6.4 µs instead of 8.6, 21 × 2,048 27 µs instead of 41 (and
/// `dsyrk` 86), 64 × 2,048 235 µs against `dsyrk`'s 344; from about 128 columns `dsyrk` is as
/// fast (Docs/performance.md, `regress-benchmarks crossproduct`). Each entry of C is the same dot
/// product in the same order as in the whole-block small-matrix `dgemm`, so the results are those
/// bits. Elsewhere: `dsyrk`. The choice depends only on the machine and the shape, never on
/// timing, so results stay reproducible.
enum CrossProductKernel {
    /// Whether this OpenBLAS runs SkylakeX-family kernels (with small-matrix `dgemm`).
    static let hasSmallMatrixGEMM: Bool = {
        guard let name = openblas_get_corename() else { return false }
        let core = String(cString: name).lowercased()
        return ["skylakex", "cooperlake", "sapphirerapids"].contains { core.contains($0) }
    }()

    /// Largest m·n·k for which `dgemm` takes its small-matrix path.
    static let smallMatrixLimit = 1_000_000

    /// Columns per panel.
    static let panelWidth = 8

    /// Widest block multiplied by panels (beyond it `dsyrk` is as fast).
    static let panelColumnsLimit = 128

    /// Whether Bᵀ B for `rows × p` is multiplied by panels of small-matrix `dgemm` (the rule above).
    static func usesPanels(rows: Int, columns p: Int) -> Bool {
        hasSmallMatrixGEMM && p > 0 && p <= panelColumnsLimit && panelWidth * panelWidth * rows <= smallMatrixLimit
    }

    /// Rows per block for p columns: `Matrix.crossProductBlockRows`, fewer for a narrow design
    /// (p ≤ 32) where p²·rows ≤ 10⁶ needs it (but at least 256): the blocks of the whole-block
    /// `dgemm` this rule replaced, kept so that every sum adds the same blocks in the same order.
    static func blockRows(columns p: Int) -> Int {
        guard hasSmallMatrixGEMM, p > 0, p <= 32 else { return Matrix.crossProductBlockRows }
        return Swift.max(Swift.min(Matrix.crossProductBlockRows, smallMatrixLimit / (p * p)), 256)
    }

    /// `C += Bᵀ B` with B `rows × p` column-major (leading dimension `rows`) and C `p × p`. Fills
    /// the upper triangle of C (and the lower one inside the diagonal panels).
    static func accumulate(_ block: UnsafePointer<Double>, rows: Int, columns p: Int, into c: UnsafeMutablePointer<Double>) {
        guard usesPanels(rows: rows, columns: p) else {
            cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, Int32(p), Int32(rows), 1.0, block, Int32(rows), 1.0, c, Int32(p))
            return
        }
        var first = 0
        while first < p {
            let width = Swift.min(panelWidth, p - first)
            var second = first
            while second < p {
                let otherWidth = Swift.min(panelWidth, p - second)
                cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, Int32(width), Int32(otherWidth), Int32(rows),
                            1.0, block + first * rows, Int32(rows), block + second * rows, Int32(rows),
                            1.0, c + first + second * p, Int32(p))
                second += panelWidth
            }
            first += panelWidth
        }
    }
}
