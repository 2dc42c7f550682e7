import Testing
@testable import LinearAlgebra
import LinearPredictor

/// A design held as codes (`DesignMatrix(coded:)`) answers every question as its dense matrix does.
struct DesignMatrixTests {
    /// Intercept, x, 70 treatment dummies of a 71-level factor (level 0 the reference), x².
    static func dense(rows n: Int = 300) -> Matrix {
        let x = (0..<n).map { Double(($0 * 37) % 101) / 50 - 1 }
        var columns = [[Double](repeating: 1, count: n), x]
        for level in 1...70 { columns.append((0..<n).map { $0 % 71 == level ? 1 : 0 }) }
        columns.append(x.map { $0 * $0 })
        return Matrix(columnVectors: columns)
    }

    static func coded(_ matrix: Matrix) throws -> DesignMatrix {
        DesignMatrix(coded: try #require(IndicatorBlock.detect(in: matrix)))
    }

    @Test func aCodedDesignAnswersAsItsDenseMatrix() throws {
        let matrix = Self.dense(), design = try Self.coded(matrix)
        #expect(design.isCoded && design.rows == matrix.rows && design.columns == matrix.columns)
        #expect(design.materialized().storage == matrix.storage)
        for i in [0, 1, 70, 71, 299] {
            #expect(design.row(i) == matrix.row(i))
            for j in [0, 1, 2, 40, 71, 72] { #expect(design[i, j] == matrix[i, j]) }
        }
        for j in [0, 1, 2, 71, 72] {
            #expect(design.column(j) == matrix.column(j))
            #expect(design.withColumn(j) { Array($0) } == matrix.column(j))
        }
        let beta = (0..<matrix.columns).map { Double($0 % 5) - 2 }
        #expect(zip(design * beta, matrix * beta).allSatisfy { abs($0 - $1) <= 1e-13 })
        #expect(zip(design.multiplied(by: beta, rows: 10..<20), matrix.multiplied(by: beta, rows: 10..<20)).allSatisfy { abs($0 - $1) <= 1e-13 })
        let v = (0..<matrix.rows).map { Double($0 % 7) - 3 }
        #expect(zip(design.transposeMultiplied(by: v), matrix.transposeMultiplied(by: v)).allSatisfy { abs($0 - $1) <= 1e-12 })
        #expect(design.hasConstantColumn == matrix.hasConstantColumn)
        #expect(design.firstNonFiniteElement == nil)
        let weights = (0..<matrix.rows).map { 1 + Double($0 % 3) }
        let crossProduct = design.weightedCrossProduct(weights: weights), expected = matrix.weightedCrossProduct(weights: weights)
        for j in 0..<matrix.columns { for i in 0..<matrix.columns { #expect(abs(crossProduct[i, j] - expected[i, j]) <= 1e-10 * (1 + abs(expected[i, j]))) } }
    }

    /// A subset of the block's levels stays coded (the fit's kept columns after aliased levels:
    /// `y ~ x + C(region) + C(firm)` wrote the whole design out, 152 s and 6.3 GB at 2,000 firms on
    /// 10⁵ rows); only block columns out of order are built dense.
    @Test func selectingColumnsKeepsTheCodesWhereTheBlocksColumnsStayTogether() throws {
        let matrix = Self.dense(), design = try Self.coded(matrix)
        // Dropping x keeps the block whole, one column to the left.
        let withoutX = design.selectingColumns([0] + Array(2..<73))
        #expect(withoutX.isCoded && withoutX.indicators?.columns == 1..<71)
        #expect(withoutX.materialized().storage == matrix.selectingColumns([0] + Array(2..<73)).storage)
        // Without the block, the dense columns alone; with part of it in order, still coded; out
        // of order, built dense.
        let others = design.selectingColumns([0, 1, 72])
        #expect(!others.isCoded && others.materialized().storage == matrix.selectingColumns([0, 1, 72]).storage)
        let part = design.selectingColumns([0, 5, 6, 1])
        #expect(part.isCoded && part.indicators?.columns == 1..<3)
        #expect(part.materialized().storage == matrix.selectingColumns([0, 5, 6, 1]).storage)
        let v = (0..<matrix.rows).map { Double($0 % 5) - 2 }
        #expect(zip(part.transposeMultiplied(by: v), matrix.selectingColumns([0, 5, 6, 1]).transposeMultiplied(by: v))
            .allSatisfy { abs($0 - $1) <= 1e-12 * (1 + abs($1)) })
        let shuffled = design.selectingColumns([0, 6, 5, 1])
        #expect(!shuffled.isCoded && shuffled.materialized().storage == matrix.selectingColumns([0, 6, 5, 1]).storage)
    }

    /// The aliased columns through the codes are those of the dense pivoted QR: a column
    /// constant within levels (and one that is a level's multiple), not a column that varies.
    @Test func codedDependentColumnsAreThePivotedQRsChoice() throws {
        let n = 300
        let base = Self.dense(rows: n)
        // Intercept, the 70 dummies, then x, x², a column constant within levels, one that varies,
        // and 2x minus the constant one.
        var columns = [base.column(0)] + (2..<72).map { base.column($0) } + [base.column(1), base.column(72)]
        columns.append((0..<n).map { Double(($0 % 71) % 4) })
        columns.append((0..<n).map { Double($0 % 13) })
        columns.append(zip(columns[71], columns[73]).map { 2 * $0 - $1 })
        let matrix = Matrix(columnVectors: columns)
        let design = try Self.coded(matrix)
        #expect(design.indicators?.columns == 1..<71)
        let dense = try matrix.pivotedQR().dependentColumns
        #expect(dense == [73, 75], "the dense QR's choice: \(dense)")
        #expect(design.codedDependentColumns() == dense)
        #expect(DesignMatrix(matrix).codedDependentColumns() == nil, "dense: no shortcut")
        // Something other than a constant before the block: no shortcut either.
        let shifted = Matrix(columnVectors: [columns[0], columns[71]] + columns[1..<71] + columns[72...])
        let block = try #require(IndicatorBlock.detect(in: shifted))
        #expect(DesignMatrix(coded: block).codedDependentColumns() == nil)
    }

    @Test func aNonFiniteDenseEntryIsFoundAtItsDesignColumn() throws {
        var matrix = Self.dense()
        matrix[17, 72] = .nan
        let design = try Self.coded(matrix)
        #expect(design.firstNonFiniteElement?.row == 17 && design.firstNonFiniteElement?.column == 72)
    }
}
