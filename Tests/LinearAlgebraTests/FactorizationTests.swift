import Foundation
import Testing
@testable import LinearAlgebra

struct QRTests {
    @Test func reconstructsTheMatrix() throws {
        let a = ProductTests.pseudoRandomMatrix(6, 3, seed: 7)
        let qr = try a.qr()
        var rFull = Matrix(rows: 6, columns: 3)
        let r = qr.r
        for i in 0..<3 { for j in 0..<3 { rFull[i, j] = r[i, j] } }
        let reconstructed = qr.multiplyQ(rFull)
        for i in 0..<a.storage.count { #expect(abs(reconstructed.storage[i] - a.storage[i]) < 1e-14) }
        // R is upper triangular; Qᵀ Q = I.
        #expect(r[1, 0] == 0 && r[2, 0] == 0 && r[2, 1] == 0)
        let q = qr.multiplyQ(Matrix.identity(6))
        let qtq = q.multiplied(by: q, transposeSelf: true)
        for i in 0..<6 { for j in 0..<6 { #expect(abs(qtq[i, j] - (i == j ? 1 : 0)) < 1e-14) } }
    }

    @Test func knownFactorization() throws {
        // A = [[3, 1], [4, 2]]: first column norm 5, so |R00| = 5 and |R11| = |det A| / 5 = 0.4.
        let r = try Matrix(rowMajor: [[3, 1], [4, 2]]).qr().r
        #expect(abs(abs(r[0, 0]) - 5) < 1e-15)
        #expect(abs(abs(r[1, 1]) - 0.4) < 1e-15)
    }

    @Test func leastSquaresSolvesAnExactSystem() throws {
        let a = Matrix(rowMajor: [[1, 0], [1, 1], [1, 2]])
        let x = try a.qr().solveLeastSquares([1, 3, 5])
        #expect(abs(x[0] - 1) < 1e-14 && abs(x[1] - 2) < 1e-14)
    }

    @Test func emptyAndNonFiniteInputsThrow() {
        #expect(throws: LinearAlgebraError.empty(operation: "QR factorization")) { try Matrix(rows: 0, columns: 2).qr() }
        #expect(throws: LinearAlgebraError.nonFiniteInput(operation: "QR factorization", row: 1, column: 0)) {
            try Matrix(rowMajor: [[1, 2], [.infinity, 3]]).qr()
        }
    }
}

struct PivotedQRTests {
    @Test func fullRank() throws {
        let qr = try ProductTests.pseudoRandomMatrix(8, 3, seed: 11).pivotedQR()
        #expect(qr.rank == 3)
        #expect(qr.dependentColumns.isEmpty)
        #expect(Set(qr.permutation) == [0, 1, 2])
    }

    @Test func dummyTrapReportsTheLaterColumn() throws {
        // Intercept, x, d1, d2 with d1 + d2 = 1: the later dummy is the dependent one (as R).
        let d1: [Double] = [1, 0, 1, 0, 1, 0]
        let x: [Double] = [0.3, 1.2, 2.5, 3.1, 4.8, 5.0]
        let a = Matrix(columnVectors: [[Double](repeating: 1, count: 6), x, d1, d1.map { 1 - $0 }])
        let qr = try a.pivotedQR()
        #expect(qr.rank == 3)
        #expect(qr.dependentColumns == [3])
        #expect(qr.independentColumns == [0, 1, 2])
    }

    @Test func zeroAndDuplicatedColumns() throws {
        let x: [Double] = [1, 2, 3, 4]
        let a = Matrix(columnVectors: [x, [0, 0, 0, 0], x.map { 3 * $0 }, [1, 1, 2, 5]])
        let qr = try a.pivotedQR()
        #expect(qr.rank == 2)
        #expect(qr.dependentColumns == [1, 2])
    }

    @Test func filipIsNotRankDeficient() throws {
        // A degree-10 polynomial on [-9, -3], as NIST's Filip: smallest relative pivot ≈ 1e-10,
        // which R's lm (tol = 1e-7) would call collinear.
        let x = (0..<82).map { -9 + 6 * Double($0) / 81 }
        let a = Matrix(columnVectors: (0...10).map { k in x.map { Double.pow($0, k) } })
        #expect(try a.pivotedQR().rank == 11)
    }
}

extension Double {
    static func pow(_ base: Double, _ exponent: Int) -> Double {
        (0..<exponent).reduce(1.0) { value, _ in value * base }
    }
}

struct TriangularTests {
    @Test func solvesUpperAndLowerSystems() throws {
        let u = Matrix(rowMajor: [[2, 1], [0, 4]])
        #expect(try u.solveTriangular(Matrix(rowMajor: [[4], [8]]), upper: true).storage == [1, 2])
        #expect(try u.solveTriangular(Matrix(rowMajor: [[2], [9]]), upper: true, transpose: true).storage == [1, 2])
        let inverse = try u.triangularInverse(upper: true)
        #expect(inverse == Matrix(rowMajor: [[0.5, -0.125], [0, 0.25]]))
    }

    @Test func singularTriangleThrowsWithIndex() {
        let u = Matrix(rowMajor: [[2, 1], [0, 0]])
        #expect(throws: LinearAlgebraError.singular(operation: "triangular solve", index: 1)) {
            try u.solveTriangular(Matrix(rowMajor: [[1], [1]]), upper: true)
        }
    }
}

struct CholeskyTests {
    /// The factor of the equilibrated matrix, columns rescaled, is the factor of the original
    /// (how the GLM engine gets both from one dpotrf).
    @Test func columnsScaledTurnsTheEquilibratedFactorIntoTheOriginal() throws {
        let b0 = Matrix(rowMajor: [[1e3, 2, 0], [0, 1, 3e-2], [1e3, 0, 1e-2], [2e3, 1, 1e-2]])
        let a = b0.multiplied(by: b0, transposeSelf: true)   // positive definite, badly scaled
        let scales = (0..<3).map { 1 / a[$0, $0].squareRoot() }
        var equilibrated = a
        for j in 0..<3 { for i in 0..<3 { equilibrated[i, j] *= scales[i] * scales[j] } }
        let derived = try equilibrated.cholesky().columnsScaled(by: scales.map { 1 / $0 })
        let direct = try a.cholesky()
        for j in 0..<3 {
            for i in 0...j { #expect(abs(derived.upper[i, j] - direct.upper[i, j]) <= 1e-14 * abs(direct.upper[j, j]) + 1e-300) }
        }
        let rhs = [1.0, 2, 3]
        for (x, y) in zip(derived.solve(rhs), direct.solve(rhs)) { #expect(abs(x - y) <= 1e-10 * abs(y)) }
    }

    @Test func knownFactor() throws {
        // [[4, 2], [2, 3]] = Uᵀ U with U = [[2, 1], [0, √2]].
        let a = Matrix(rowMajor: [[4, 2], [2, 3]])
        let factor = try a.cholesky()
        #expect(factor.upper[0, 0] == 2 && factor.upper[0, 1] == 1 && factor.upper[1, 0] == 0)
        #expect(abs(factor.upper[1, 1] - 2.0.squareRoot()) < 1e-15)
        let x = factor.solve([8, 7])   // solution (1.25, 1.5)
        #expect(abs(x[0] - 1.25) < 1e-15 && abs(x[1] - 1.5) < 1e-15)
        let inverse = factor.inverse()   // (1/8)·[[3, −2], [−2, 4]]
        for (value, expected) in zip(inverse.storage, [0.375, -0.25, -0.25, 0.5]) { #expect(abs(value - expected) < 1e-15) }
        #expect(abs(factor.logDeterminant - Foundation.log(8.0)) < 1e-15)
    }

    @Test func notPositiveDefiniteNamesTheLeadingMinor() {
        #expect(throws: LinearAlgebraError.notPositiveDefinite(leadingMinor: 2)) {
            try Matrix(rowMajor: [[1, 2], [2, 1]]).cholesky()
        }
        #expect(throws: LinearAlgebraError.notPositiveDefinite(leadingMinor: 3)) {
            try Matrix(rowMajor: [[2, 0, 0], [0, 1, 0], [0, 0, -1]]).cholesky()
        }
    }

    @Test func errorMessageSaysWhat() {
        let message = LinearAlgebraError.notPositiveDefinite(leadingMinor: 3).description
        #expect(message.contains("leading minor of order 3") && message.contains("not positive definite"))
    }

    @Test func symmetricInverseOfIndefiniteMatrix() throws {
        let a = Matrix(rowMajor: [[0, 1], [1, 0]])
        #expect(try a.symmetricInverse() == a)
        let b = Matrix(rowMajor: [[2, 1], [1, -3]])   // det −7
        let inverse = try b.symmetricInverse()
        for (value, expected) in zip(inverse.storage, [3.0 / 7, 1.0 / 7, 1.0 / 7, -2.0 / 7]) { #expect(abs(value - expected) < 1e-15) }
    }

    @Test func singularSymmetricMatrixThrows() {
        #expect(throws: LinearAlgebraError.self) { try Matrix(rowMajor: [[1, 1], [1, 1]]).symmetricInverse() }
    }
}

struct SVDTests {
    @Test func knownSingularValues() throws {
        // [[3, 0], [4, 5]] has singular values 3√5 and √5.
        let svd = try Matrix(rowMajor: [[3, 0], [4, 5]]).svd()
        #expect(abs(svd.singularValues[0] - 3 * 5.0.squareRoot()) < 1e-14)
        #expect(abs(svd.singularValues[1] - 5.0.squareRoot()) < 1e-14)
        #expect(abs(svd.conditionNumber - 3) < 1e-14)
        // U Σ Vᵀ reconstructs A.
        let reconstructed = svd.u * Matrix.diagonal(svd.singularValues) * svd.vTransposed
        for (value, expected) in zip(reconstructed.storage, [3.0, 4, 0, 5]) { #expect(abs(value - expected) < 1e-14) }
    }

    @Test func singularMatrixHasInfiniteCondition() throws {
        #expect(try Matrix(rowMajor: [[1, 2], [2, 4]]).conditionNumber() > 1e15)
        #expect(try Matrix(rowMajor: [[0, 0], [0, 0]]).conditionNumber() == .infinity)
    }

    @Test func nonFiniteInputThrows() {
        #expect(throws: LinearAlgebraError.nonFiniteInput(operation: "singular value decomposition", row: 0, column: 1)) {
            try Matrix(rowMajor: [[1, .nan], [0, 1]]).svd()
        }
    }
}

/// The reciprocal condition's test by the triangular-inverse bound first (`dpocon` only where the
/// bound does not settle it): the same verdict as `dpocon`'s estimate against the threshold, from
/// well-conditioned to singular matrices, at the rank rule's thresholds; and the bound is one.
struct ReciprocalConditionBoundTests {
    /// Hilbert-like matrices H_ij = 1/(i + j + 1 + shift), equilibrated to unit diagonal: their
    /// condition grows fast with p (p = 12 is near 10¹⁶), so the bound, `dpocon` and the
    /// threshold meet at every relation.
    static func hilbert(_ p: Int, shift: Double) -> Matrix {
        var m = Matrix(rows: p, columns: p)
        for i in 0..<p { for j in 0..<p { m[i, j] = 1 / (Double(i + j + 1) + shift) } }
        let d = (0..<p).map { 1 / m[$0, $0].squareRoot() }
        for i in 0..<p { for j in 0..<p { m[i, j] *= d[i] * d[j] } }
        return m
    }

    @Test func theSameVerdictAsDpoconAcrossConditions() throws {
        var compared = 0, settledByBound = 0
        for p in 1...12 {
            for shift in [0.0, 0.5, 3, 40] {
                let a = Self.hilbert(p, shift: shift)
                guard let factor = try? a.cholesky() else { continue }
                let norm = a.oneNorm
                let estimate = factor.reciprocalCondition(oneNorm: norm)
                if let bound = factor.reciprocalConditionLowerBound(oneNorm: norm) {
                    // A lower bound on the true reciprocal condition, which dpocon's estimate bounds from above.
                    #expect(bound <= estimate * (1 + 1e-9), "p \(p) shift \(shift): bound \(bound) estimate \(estimate)")
                }
                for threshold in [1e-14, 1e-10, 1e-6, 1e-3, estimate, estimate * 0.999_999_9] {
                    #expect(factor.reciprocalConditionExceeds(threshold, oneNorm: norm) == (estimate > threshold),
                            "p \(p) shift \(shift) threshold \(threshold)")
                    compared += 1
                    if let bound = factor.reciprocalConditionLowerBound(oneNorm: norm), bound > threshold * (1 + 1e-6) { settledByBound += 1 }
                }
            }
        }
        #expect(compared > 200 && settledByBound > 50)
    }

    @Test func anIdentityIsSettledByTheBound() throws {
        let factor = try Matrix.identity(15).cholesky()
        #expect(factor.reciprocalConditionLowerBound(oneNorm: 1) == 1)
        #expect(factor.reciprocalConditionExceeds(1e-14, oneNorm: 1))
        #expect(!factor.reciprocalConditionExceeds(1, oneNorm: 1))
    }
}
