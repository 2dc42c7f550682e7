import Testing
@testable import LinearAlgebra
import LinearPredictor

/// A dense design held as its columns (`DesignColumns`, the model frame's numeric columns shared,
/// not copied) answers every verb as the same design stored dense, and its IRLS sweep is the
/// dense sweep's BLAS calls on the same blocks of rows.
struct DesignColumnsTests {
    /// Intercept (a constant), x, x², a shifted x, on `n` rows.
    static func columns(rows n: Int) -> [DesignColumn] {
        let x = (0..<n).map { Double(($0 * 37) % 101) / 50 - 1 }
        return [.constant(1), .values(x), .values(x.map { $0 * $0 }), .values(x.map { 3 * $0 + 0.25 })]
    }

    static func dense(_ columns: [DesignColumn], rows n: Int) -> Matrix {
        Matrix(rows: n, columns: columns.count, columnMajor: DesignColumns.assemble(columns, rows: n))
    }

    /// η = Xβ over ranges of several chunks (2¹⁶ rows each, computed on every core, a scratch per
    /// worker): the same numbers as the dense matrix, bit for bit as one chunk after another.
    @Test(arguments: [0..<200_000, 12_345..<200_000, 65_535..<131_073])
    func aProductOverSeveralChunksIsTheDenseOne(range: Range<Int>) {
        let n = 200_000, columns = Self.columns(rows: n), matrix = Self.dense(columns, rows: n)
        let design = DesignColumns(rows: n, columns: columns)
        let beta = [0.5, -1.25, 0.75, 2]
        let product = design.multiplied(by: beta, rows: range)
        #expect(product.count == range.count)
        // Chunk by chunk, one at a time, from the range's first row: the same calls.
        var serial = [Double]()
        var start = range.lowerBound
        while start < range.upperBound {
            let end = min(range.upperBound, start + Matrix.sweepChunkRows)
            serial += design.multiplied(by: beta, rows: start..<end)
            start = end
        }
        #expect(product == serial)
        #expect(zip(product, matrix.multiplied(by: beta, rows: range)).allSatisfy { abs($0 - $1) <= 1e-13 * (1 + abs($1)) })
    }

    /// Entries, columns, rows, products, statistics and subsets, on both sides of the sweep's
    /// chunk (2¹⁶ rows: two chunks run in parallel and are summed in order).
    @Test(arguments: [1, 300, 70_000])
    func aDesignHeldAsColumnsAnswersAsItsDenseMatrix(rows n: Int) {
        let columns = Self.columns(rows: n), matrix = Self.dense(columns, rows: n)
        let design = DesignMatrix(columns: DesignColumns(rows: n, columns: columns))
        let dense = DesignMatrix(matrix, storage: .dense)
        #expect(design.isHeldAsColumns && !dense.isHeldAsColumns && !design.isCoded)
        #expect(design.rows == n && design.columns == 4)
        #expect(design.materialized().storage == matrix.storage)
        for i in Set([0, n / 2, n - 1]) {
            #expect(design.row(i) == matrix.row(i))
            for j in 0..<4 { #expect(design[i, j] == matrix[i, j]) }
        }
        for j in 0..<4 {
            #expect(design.column(j) == matrix.column(j))
            #expect(design.withColumn(j) { Array($0) } == matrix.column(j))
        }
        let beta = [0.5, -1.25, 0.75, 2]
        #expect(zip(design * beta, matrix * beta).allSatisfy { abs($0 - $1) <= 1e-13 * (1 + abs($1)) })
        let range = (n / 3)..<n
        #expect(zip(design.multiplied(by: beta, rows: range), matrix.multiplied(by: beta, rows: range)).allSatisfy { abs($0 - $1) <= 1e-13 * (1 + abs($1)) })
        #expect(design.hasConstantColumn && design.firstNonFiniteElement == nil)
        let rows = Array(stride(from: 0, to: n, by: 3))
        #expect(design.largestMagnitudes(rows: rows) == dense.largestMagnitudes(rows: rows))
        #expect(design.selectingRows(rows).materialized().storage == matrix.selectingRows(rows).storage)
        #expect(design.selectingColumns([2, 0]).materialized().storage == matrix.selectingColumns([2, 0]).storage)
        #expect(design.selectingRows(rows).isHeldAsColumns && design.selectingColumns([3, 1]).isHeldAsColumns)
        // The sweep: same blocks, same BLAS calls, so the same sums (tolerance, not bits: a
        // BLAS kernel is free to depend on the leading dimension).
        let kernel: @Sendable (inout RowBlock) -> Double = { block in
            var total = 0.0
            for k in 0..<block.rows.count {
                let eta = block.linearPredictor[k]
                block.weights[k] = 1 / (1 + eta * eta)
                block.responses[k] = eta + 0.5
                total += eta
            }
            return total
        }
        let held = design.weightedNormalEquations(coefficients: beta, kernel: kernel)
        let stored = dense.weightedNormalEquations(coefficients: beta, kernel: kernel)
        let scale = stored.crossProduct.storage.map(abs).max() ?? 1
        #expect(zip(held.crossProduct.storage, stored.crossProduct.storage).allSatisfy { abs($0 - $1) <= 1e-13 * scale })
        #expect(zip(held.rightHandSide, stored.rightHandSide).allSatisfy { abs($0 - $1) <= 1e-13 * (1 + abs($1)) * Double(n) })
        #expect(abs(held.objective - stored.objective) <= 1e-12 * (1 + abs(stored.objective)))
        let weights = (0..<n).map { 1 + Double($0 % 3) }
        let crossProduct = design.weightedCrossProduct(weights: weights), expected = matrix.weightedCrossProduct(weights: weights)
        let productScale = expected.storage.map(abs).max() ?? 1
        #expect(zip(crossProduct.storage, expected.storage).allSatisfy { abs($0 - $1) <= 1e-13 * productScale })
        // A negative weight takes the dgemm path (the observed information of a non-concave
        // likelihood), from the columns as from the matrix.
        let signed = (0..<n).map { $0 % 4 == 0 ? -0.5 : 1 + Double($0 % 3) }
        let signedProduct = design.weightedCrossProduct(weights: signed), signedExpected = matrix.weightedCrossProduct(weights: signed)
        let signedScale = signedExpected.storage.map(abs).max() ?? 1
        #expect(zip(signedProduct.storage, signedExpected.storage).allSatisfy { abs($0 - $1) <= 1e-13 * signedScale })
    }

    /// The n × p matrix is built once, on the first verb that needs it, and kept.
    @Test func theMatrixIsBuiltOnceAndKept() {
        let columns = DesignColumns(rows: 50, columns: Self.columns(rows: 50))
        let first = columns.materialized(), second = columns.materialized()
        #expect(first.storage.withUnsafeBufferPointer { $0.baseAddress } == second.storage.withUnsafeBufferPointer { $0.baseAddress })
    }

    /// A non-finite entry is found at its row and column, in a values column or a constant; a
    /// constant column is one value in every row, stored or not.
    @Test func aNonFiniteEntryIsFoundWhereItIs() throws {
        var x = [Double](repeating: 1, count: 10)
        x[7] = .infinity
        let inValues = try #require(DesignMatrix(columns: DesignColumns(rows: 10, columns: [.constant(1), .values(x)])).firstNonFiniteElement)
        #expect(inValues.row == 7 && inValues.column == 1)
        let inConstant = try #require(DesignMatrix(columns: DesignColumns(rows: 10, columns: [.values(x.map { _ in 0 }), .constant(.nan)])).firstNonFiniteElement)
        #expect(inConstant.row == 0 && inConstant.column == 1)
        #expect(DesignMatrix(columns: DesignColumns(rows: 10, columns: [.constant(0), .values(x.map { _ in 2 })])).hasConstantColumn)
        #expect(!DesignMatrix(columns: DesignColumns(rows: 10, columns: [.constant(0), .values(x)])).hasConstantColumn)
        // NaN is not a constant, stored or not.
        let nanColumns: [DesignColumn] = [.constant(.nan), .values(x)]
        #expect(DesignMatrix(columns: DesignColumns(rows: 10, columns: nanColumns)).hasConstantColumn
                == DesignMatrix(DesignColumnsTests.dense(nanColumns, rows: 10), storage: .dense).hasConstantColumn)
    }
}
