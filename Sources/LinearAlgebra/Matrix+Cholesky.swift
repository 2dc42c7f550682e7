import Foundation
import CLAPACKE

/// Cholesky factorization `A = Uᵀ U` of a symmetric positive-definite matrix (LAPACK `dpotrf`).
public struct CholeskyFactorization: Sendable {
    /// The upper-triangular factor `U` (strict lower triangle zero).
    public let upper: Matrix

    /// The factor of `D⁻¹ A D⁻¹` from this factor of `A`, for `D = diag(1/c)`: column j of `U`
    /// times `c[j]`. With `c[j] = √A_jj` it turns the factor of the unit-diagonal (equilibrated)
    /// matrix into the factor of the original, without a second `dpotrf`.
    /// - Precondition: one factor per column.
    public func columnsScaled(by c: [Double]) -> CholeskyFactorization {
        precondition(c.count == upper.columns, "\(c.count) scale factors for \(upper.columns) columns")
        var scaled = upper
        for j in 0..<upper.columns {
            for i in 0...j where j < upper.rows { scaled[i, j] *= c[j] }
        }
        return CholeskyFactorization(upper: scaled)
    }

    /// Solves `A X = B` (LAPACK `dpotrs`).
    /// - Precondition: `b.rows` equals the order of `A`.
    public func solve(_ b: Matrix) -> Matrix {
        precondition(b.rows == upper.rows, "right-hand side has \(b.rows) rows, expected \(upper.rows)")
        var result = b
        guard b.columns > 0 else { return result }
        let info = upper.storage.withUnsafeBufferPointer { u in
            result.storage.withUnsafeMutableBufferPointer { x in
                LAPACKE_dpotrs(columnMajorLayout, lapackChar("U"), Int32(upper.rows), Int32(b.columns),
                               u.baseAddress, Int32(upper.rows), x.baseAddress, Int32(upper.rows))
            }
        }
        precondition(info == 0, "dpotrs rejected argument \(-info)")
        return result
    }

    /// Solves `A x = b` for one right-hand side.
    public func solve(_ b: [Double]) -> [Double] {
        solve(Matrix(rows: b.count, columns: 1, columnMajor: b)).storage
    }

    /// `A⁻¹`, symmetric with both triangles filled (LAPACK `dpotri`).
    public func inverse() -> Matrix {
        var result = upper
        let info = result.storage.withUnsafeMutableBufferPointer { a in
            LAPACKE_dpotri(columnMajorLayout, lapackChar("U"), Int32(upper.rows), a.baseAddress, Int32(upper.rows))
        }
        // dpotri fails only for a zero diagonal in U, which dpotrf's success rules out.
        precondition(info == 0, "dpotri failed with info \(info)")
        result.symmetrizeFromUpper()
        return result
    }

    /// Reciprocal condition number of `A` in the 1-norm (LAPACK `dpocon`), given `‖A‖₁`.
    public func reciprocalCondition(oneNorm: Double) -> Double {
        var rcond = 0.0
        let info = upper.storage.withUnsafeBufferPointer { u in
            LAPACKE_dpocon(columnMajorLayout, lapackChar("U"), Int32(upper.rows), u.baseAddress, Int32(upper.rows), oneNorm, &rcond)
        }
        return info == 0 ? rcond : 0
    }

    /// Whether `reciprocalCondition(oneNorm:)` exceeds `threshold`, without `dpocon` where a
    /// cheaper bound settles it: `A⁻¹ = U⁻¹U⁻ᵀ`, so `‖A⁻¹‖₁ ≤ ‖U⁻¹‖₁ ‖U⁻¹‖∞` and
    /// `1/(‖A‖₁ ‖U⁻¹‖₁ ‖U⁻¹‖∞)` is a lower bound on the reciprocal condition. `dpocon`'s estimate
    /// of `‖A⁻¹‖₁` never exceeds the norm (Hager–Higham evaluate `‖A⁻¹x‖₁` at a unit vector), so
    /// where the bound exceeds `threshold` (with a margin of 10⁻⁶ for the rounding of both, far
    /// above it wherever the bound can exceed a threshold of 10⁻¹⁴: there κ(U) < 10⁷) its
    /// verdict is the same; elsewhere `dpocon` decides. The bound costs one triangular inverse
    /// (p³/6 multiplications); `dpocon` was 5 % of a probit bootstrap's instructions, judging a
    /// 15 × 15 information every iteration.
    /// Only up to `boundColumnsLimit` columns: the inverse's p³/6 grows past `dpocon`'s few
    /// O(p²) solves (at 4,000 columns, C(g) + C(h) with 2,000 levels each, the bound took 84 % of
    /// the fit, 40 s against 6).
    public func reciprocalConditionExceeds(_ threshold: Double, oneNorm: Double) -> Bool {
        if upper.rows <= Self.boundColumnsLimit, let bound = reciprocalConditionLowerBound(oneNorm: oneNorm),
           bound > threshold * (1 + 1e-6) {
            return true
        }
        return reciprocalCondition(oneNorm: oneNorm) > threshold
    }

    /// The widest factor whose reciprocal condition is first bounded (`reciprocalConditionExceeds`).
    static let boundColumnsLimit = 32

    /// `1/(‖A‖₁ ‖U⁻¹‖₁ ‖U⁻¹‖∞)`, `U⁻¹` by back substitution; `nil` where it is not a positive
    /// finite number.
    func reciprocalConditionLowerBound(oneNorm: Double) -> Double? {
        let p = upper.rows
        guard p > 0, p == upper.columns, oneNorm > 0, oneNorm.isFinite else { return nil }
        return upper.storage.withUnsafeBufferPointer { storage -> Double? in
            guard let u = storage.baseAddress else { return nil }
            // X = U⁻¹, upper triangular, column by column: X_jj = 1/U_jj and, upwards,
            // X_ij = −(Σ_{k=i+1…j} U_ik X_kj) / U_ii. One column of X at a time, its row sums kept.
            let column = UnsafeMutablePointer<Double>.allocate(capacity: 2 * p)
            defer { column.deallocate() }
            let rowSums = column + p
            rowSums.initialize(repeating: 0, count: p)
            var largestColumn = 0.0
            for j in 0..<p {
                column[j] = 1 / u[j + j * p]
                var i = j - 1
                while i >= 0 {
                    var sum = 0.0
                    var k = i + 1
                    while k <= j { sum += u[i + k * p] * column[k]; k += 1 }
                    column[i] = -sum / u[i + i * p]
                    i -= 1
                }
                var total = 0.0
                for i in 0...j {
                    let magnitude = abs(column[i])
                    total += magnitude
                    rowSums[i] += magnitude
                }
                largestColumn = Swift.max(largestColumn, total)
            }
            var largestRow = 0.0
            for i in 0..<p { largestRow = Swift.max(largestRow, rowSums[i]) }
            let product = oneNorm * largestColumn * largestRow
            guard product.isFinite, product > 0 else { return nil }
            return 1 / product
        }
    }

    /// `log det A = 2 Σ log U_ii`.
    public var logDeterminant: Double {
        upper.diagonalElements.reduce(0) { $0 + 2 * log($1) }
    }
}

extension Matrix {
    /// Cholesky factorization of a symmetric positive-definite matrix; only the upper triangle
    /// is read.
    /// - Throws: `.notPositiveDefinite(leadingMinor:)` naming the first leading minor (one-based)
    ///   that is not positive; `.empty`, `.nonFiniteInput`.
    /// - Precondition: square.
    public func cholesky() throws -> CholeskyFactorization {
        precondition(rows == columns, "Cholesky needs a square matrix, got \(rows)×\(columns)")
        try validateForFactorization("Cholesky factorization")
        var factor = self
        let info = factor.storage.withUnsafeMutableBufferPointer { a in
            LAPACKE_dpotrf(columnMajorLayout, lapackChar("U"), Int32(rows), a.baseAddress, Int32(rows))
        }
        try checkInfo(info, "Cholesky factorization") { .notPositiveDefinite(leadingMinor: $0) }
        for j in 0..<columns {
            for i in (j + 1)..<Swift.max(j + 1, rows) { factor[i, j] = 0 }
        }
        return CholeskyFactorization(upper: factor)
    }

    /// Inverse of a symmetric (possibly indefinite) matrix via Bunch–Kaufman `L D Lᵀ`
    /// (LAPACK `dsytrf` + `dsytri`); only the upper triangle is read.
    /// - Throws: `.singular` with the zero-based index of a zero block of `D`; `.empty`, `.nonFiniteInput`.
    public func symmetricInverse() throws -> Matrix {
        precondition(rows == columns, "symmetric inverse needs a square matrix, got \(rows)×\(columns)")
        try validateForFactorization("symmetric inverse")
        var result = self
        var pivots = [Int32](repeating: 0, count: rows)
        var info = result.storage.withUnsafeMutableBufferPointer { a in
            pivots.withUnsafeMutableBufferPointer { ip in
                LAPACKE_dsytrf(columnMajorLayout, lapackChar("U"), Int32(rows), a.baseAddress, Int32(rows), ip.baseAddress)
            }
        }
        try checkInfo(info, "symmetric inverse") { .singular(operation: "symmetric inverse", index: $0 - 1) }
        info = result.storage.withUnsafeMutableBufferPointer { a in
            pivots.withUnsafeBufferPointer { ip in
                LAPACKE_dsytri(columnMajorLayout, lapackChar("U"), Int32(rows), a.baseAddress, Int32(rows), ip.baseAddress)
            }
        }
        try checkInfo(info, "symmetric inverse") { .singular(operation: "symmetric inverse", index: $0 - 1) }
        result.symmetrizeFromUpper()
        return result
    }
}
