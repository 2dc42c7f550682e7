import Testing
@testable import LinearAlgebra

struct LeastSquaresTests {
    @Test func exactLineIsRecovered() throws {
        let x: [Double] = [1, 2, 3, 4, 5]
        let design = Matrix(columnVectors: [[Double](repeating: 1, count: 5), x])
        let solution = try design.leastSquares(x.map { 2 + 3 * $0 })
        #expect(solution.coefficients == [2, 3])
        #expect(solution.residualSumOfSquares == 0)
        #expect(solution.rank == 2)
    }

    @Test func unscaledCovarianceIsTheInverseCrossProduct() throws {
        let design = ProductTests.pseudoRandomMatrix(30, 3, seed: 5)
        let solution = try design.leastSquares((0..<30).map { Double($0 % 4) })
        let expected = try design.weightedCrossProduct().cholesky().inverse()
        for i in 0..<9 { #expect(abs(solution.unscaledCovariance.storage[i] - expected.storage[i]) <= 1e-12 * abs(expected.storage[i]) + 1e-14) }
    }

    @Test func dependentColumnsGetNaNAndTheRestIsFitted() throws {
        let x: [Double] = [1, 2, 3, 4, 5, 6]
        let design = Matrix(columnVectors: [[Double](repeating: 1, count: 6), x, x.map { 2 * $0 }])
        let solution = try design.leastSquares([3, 5, 7, 9, 11, 13.5])
        #expect(solution.dependentColumns == [2])
        #expect(solution.coefficients[2].isNaN)
        #expect(solution.unscaledCovariance[2, 2].isNaN && solution.unscaledCovariance[0, 2].isNaN)
        #expect(!solution.coefficients[1].isNaN)
    }

    @Test func refinementUsesTheLowOrderPart() throws {
        // Design given as high + low: the solution must be that of the exact (summed) design.
        // With low = 2⁻⁶⁰ on one element, the exact solution differs from the high-only one.
        let high = Matrix(rowMajor: [[1, 1], [1, 2], [1, 3], [1, 4]])
        var low = Matrix(rows: 4, columns: 2)
        low[3, 1] = 0x1p-30
        let y: [Double] = [1, 2, 2, 5]
        let withLow = try high.leastSquares(y, lowOrderPart: low).coefficients
        let without = try high.leastSquares(y).coefficients
        #expect(withLow != without)
        // Compare with the same problem scaled so the perturbation is representable directly.
        var exact = high
        exact[3, 1] = 4 + 0x1p-30
        let reference = try exact.leastSquares(y).coefficients
        for (value, expected) in zip(withLow, reference) { #expect(abs(value - expected) <= 4e-16 * abs(expected)) }
    }

    @Test func nonFiniteResponseThrows() {
        let design = Matrix(rowMajor: [[1, 0], [1, 1], [1, 2]])
        #expect(throws: LinearAlgebraError.nonFiniteInput(operation: "least squares (response)", row: 2, column: 0)) {
            try design.leastSquares([1, 2, .nan])
        }
    }

    @Test func compensatedSumKeepsWhatPlainSummationLoses() {
        var sum = CompensatedSum()
        for value in [1e16, 1, -1e16, 1] { sum.add(value) }
        #expect(sum.value == 2)
        var product = CompensatedSum()
        product.addProduct(1 + 0x1p-30, 1 - 0x1p-30)   // = 1 − 2⁻⁶⁰, not representable
        product.add(-1)
        #expect(product.value == -0x1p-60)
    }
}
