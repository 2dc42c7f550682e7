import Testing
@testable import LinearAlgebra

struct MatrixTests {
    @Test func columnMajorLayoutAndSubscript() {
        let a = Matrix(rowMajor: [[1, 2, 3], [4, 5, 6]])
        #expect(a.rows == 2 && a.columns == 3)
        #expect(a.storage == [1, 4, 2, 5, 3, 6])
        #expect(a[1, 2] == 6)
        #expect(a.row(1) == [4, 5, 6])
        #expect(a.column(2) == [3, 6])
        #expect(a.transposed == Matrix(rowMajor: [[1, 4], [2, 5], [3, 6]]))
        #expect(a.selectingColumns([2, 0]) == Matrix(rowMajor: [[3, 1], [6, 4]]))
    }

    @Test func valueSemantics() {
        let original = Matrix(rowMajor: [[1, 2], [3, 4]])
        var copy = original
        copy[0, 0] = 99
        #expect(original[0, 0] == 1)
        #expect(copy[0, 0] == 99)
    }

    @Test func nonFiniteElementIsLocated() {
        let a = Matrix(rowMajor: [[1, 2], [3, .nan]])
        #expect(!a.isFinite)
        #expect(a.firstNonFiniteElement?.row == 1 && a.firstNonFiniteElement?.column == 1)
    }

    @Test func blasThreadCountCanBePinned() {
        let before = BLASThreads.current
        BLASThreads.set(1)
        #expect(BLASThreads.current == 1)
        BLASThreads.set(before)
    }
}

struct ProductTests {
    static func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
        var c = Matrix(rows: a.rows, columns: b.columns)
        for i in 0..<a.rows { for j in 0..<b.columns { for k in 0..<a.columns { c[i, j] += a[i, k] * b[k, j] } } }
        return c
    }

    static func pseudoRandomMatrix(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix {
        var state = seed
        let values = (0..<(rows * columns)).map { _ -> Double in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        return Matrix(rows: rows, columns: columns, columnMajor: values)
    }

    @Test func matrixVectorProducts() {
        let a = Matrix(rowMajor: [[1, 2], [3, 4], [5, 6]])
        #expect(a * [1, -1] == [-1, -1, -1])
        #expect(a.transposeMultiplied(by: [1, 0, 1]) == [6, 8])
    }

    @Test func matrixMatrixProductsWithTransposes() {
        let a = Self.pseudoRandomMatrix(5, 3, seed: 1), b = Self.pseudoRandomMatrix(3, 4, seed: 2)
        let expected = Self.naiveProduct(a, b)
        let product = a * b
        for i in 0..<expected.storage.count { #expect(abs(product.storage[i] - expected.storage[i]) < 1e-15) }
        let viaTransposes = a.transposed.multiplied(by: b.transposed, transposeSelf: true, transposeOther: true)
        for i in 0..<expected.storage.count { #expect(abs(viaTransposes.storage[i] - expected.storage[i]) < 1e-15) }
    }

    /// p = 4 is one panel of the small-matrix `dgemm` where OpenBLAS has it, p = 21 and 40 several
    /// panels (the lower ones left to the symmetrization), p = 140 `dsyrk` (`CrossProductKernel`);
    /// 10,000 rows are several blocks either way.
    @Test(arguments: [false, true], [4, 21, 40, 140])
    func weightedCrossProductMatchesExplicitForm(negativeWeights: Bool, p: Int) {
        let n = 10_000
        let x = Self.pseudoRandomMatrix(n, p, seed: 3)
        let weights = (0..<n).map { i in negativeWeights && i % 7 == 0 ? -0.5 : 0.25 + Double(i % 5) }
        let result = x.weightedCrossProduct(weights: weights)
        for a in 0..<p {
            for b in 0..<p {
                var expected = 0.0
                for i in 0..<n { expected += x[i, a] * weights[i] * x[i, b] }
                #expect(abs(result[a, b] - expected) <= 1e-10 * max(1, abs(expected)), "(\(a),\(b))")
            }
        }
        #expect(x.weightedCrossProduct() == x.weightedCrossProduct(weights: [Double](repeating: 1, count: n)))
    }

    @Test func dotAndNorm() {
        #expect(dot([1, 2, 3], [4, 5, 6]) == 32)
        #expect(norm2([3, 4]) == 5)
        #expect(norm2([1e200, 1e200]) == 1e200 * 2.0.squareRoot())   // no overflow
    }
}

/// `CrossProductKernel`'s rule: panels of 8 columns where OpenBLAS has its small-matrix kernels
/// (up to 128 columns, 64·rows ≤ 10⁶), `dsyrk` otherwise; the blocks of narrow designs unchanged.
struct CrossProductPanelRuleTests {
    @Test func panelsOnlyWhereTheSmallMatrixKernelsAre() {
        let small = CrossProductKernel.hasSmallMatrixGEMM
        #expect(CrossProductKernel.usesPanels(rows: 2048, columns: 21) == small)
        #expect(CrossProductKernel.usesPanels(rows: 2048, columns: 128) == small)
        #expect(!CrossProductKernel.usesPanels(rows: 2048, columns: 129))
        #expect(!CrossProductKernel.usesPanels(rows: 15_626, columns: 6))
        #expect(!CrossProductKernel.usesPanels(rows: 10, columns: 0))
        #expect(CrossProductKernel.blockRows(columns: 21) == 2048)
        #expect(CrossProductKernel.blockRows(columns: 31) == (small ? 1040 : 2048))
        #expect(CrossProductKernel.blockRows(columns: 64) == 2048)
    }

    /// The upper triangle of one block, by the kernel, against the explicit sums, for widths
    /// around the panel edges (and the lower triangle left to `symmetrizeFromUpper`).
    @Test(arguments: [1, 7, 8, 9, 16, 17, 33])
    func upperTriangleOfEveryWidth(p: Int) {
        let rows = 300
        let block = (0..<(rows * p)).map { Double(($0 * 7919) % 101) / 50 - 1 }
        var c = [Double](repeating: 0, count: p * p)
        block.withUnsafeBufferPointer { b in
            c.withUnsafeMutableBufferPointer { out in
                guard let bBase = b.baseAddress, let cBase = out.baseAddress else { return }
                CrossProductKernel.accumulate(bBase, rows: rows, columns: p, into: cBase)
                CrossProductKernel.accumulate(bBase, rows: rows, columns: p, into: cBase)   // accumulates
            }
        }
        for j in 0..<p {
            for i in 0...j {
                var expected = 0.0
                for k in 0..<rows { expected += block[k + i * rows] * block[k + j * rows] }
                #expect(abs(c[i + j * p] - 2 * expected) <= 1e-12 * max(1, abs(expected)), "(\(i), \(j))")
            }
        }
    }
}
