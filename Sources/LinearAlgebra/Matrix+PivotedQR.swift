import CLAPACKE

/// Column-pivoted QR factorization `A P = Q R` (LAPACK `dgeqp3`) with numerical rank.
///
/// Columns are first scaled to about unit Euclidean norm (by powers of two), so the rank decision does not depend on
/// the units of the variables. The numerical rank is the number of diagonal elements with
/// `|R_kk| > tolerance · |R_00|`.
public struct PivotedQRFactorization: Sendable {
    /// Numerical rank.
    public let rank: Int
    /// `permutation[k]` is the original index of the column in position `k` of `A P`.
    public let permutation: [Int]
    /// Original indices (ascending) of the columns found linearly dependent on the others.
    ///
    /// When several choices are possible, the columns reported are those that depend on
    /// columns *before* them in the original order, as R's `lm`/`glm` report `NA`
    /// (e.g. the last of a set of dummies that sum to the intercept).
    public let dependentColumns: [Int]
    /// The upper-triangular factor of the column-scaled, permuted matrix.
    public let r: Matrix
    /// The relative tolerance used for the rank decision.
    public let tolerance: Double

    /// Original indices of the columns kept (the complement of `dependentColumns`), ascending.
    public var independentColumns: [Int] {
        let dependent = Set(dependentColumns)
        return (0..<permutation.count).filter { !dependent.contains($0) }
    }
}

extension Matrix {
    /// The default rank tolerance: `RankRule.tolerance` (1e−11, R `glm.fit`'s), relative to the
    /// largest pivot of the column-scaled matrix. It keeps all eleven terms of NIST's Filip
    /// polynomial (smallest relative pivot ≈ 6e−10), which R's `lm` default `tol = 1e-7` drops, and
    /// flags exact dependencies (relative pivots ≈ 1e−16).
    public var defaultRankTolerance: Double { RankRule.tolerance }

    /// Each column scaled by the power of two nearest to the reciprocal of its Euclidean norm
    /// (all-zero columns are left as they are), and the scale factors applied.
    ///
    /// Powers of two make the scaling exact: scaling by `1/‖xⱼ‖` would round every element and
    /// so perturb an ill-conditioned problem by ε per element — on NIST's Wampler1 that alone
    /// limits the coefficients to an LRE of 10.9 instead of 15.
    public func scaledToUnitColumns() -> (matrix: Matrix, scales: [Double]) {
        var result = self
        var scales = [Double](repeating: 1, count: columns)
        for j in 0..<columns {
            let n = norm2(Array(storage[(j * rows)..<((j + 1) * rows)]))
            if n > 0 && n.isFinite {
                scales[j] = Double(sign: .plus, exponent: -n.exponent, significand: 1)
                for i in 0..<rows { result.storage[i + j * rows] *= scales[j] }
            }
        }
        return (result, scales)
    }

    /// Column-pivoted QR with numerical rank (LAPACK `dgeqp3`).
    /// - Parameter tolerance: relative rank tolerance; `nil` uses `defaultRankTolerance`.
    /// - Throws: `.empty`, `.nonFiniteInput`.
    public func pivotedQR(tolerance: Double? = nil) throws -> PivotedQRFactorization {
        try validateForFactorization("pivoted QR factorization")
        let tolerance = tolerance ?? defaultRankTolerance
        var packed = scaledToUnitColumns().matrix
        let unscaledPacked = packed
        var pivots = [Int32](repeating: 0, count: columns)
        var tau = [Double](repeating: 0, count: Swift.min(rows, columns))
        let info = packed.storage.withUnsafeMutableBufferPointer { a in
            pivots.withUnsafeMutableBufferPointer { jp in
                tau.withUnsafeMutableBufferPointer { t in
                    LAPACKE_dgeqp3(columnMajorLayout, Int32(rows), Int32(columns), a.baseAddress, Int32(rows),
                                   jp.baseAddress, t.baseAddress)
                }
            }
        }
        try checkInfo(info, "pivoted QR factorization") { _ in .invalidArgument(operation: "pivoted QR factorization", position: 0) }
        let permutation = pivots.map { Int($0) - 1 }
        let k = Swift.min(rows, columns)
        let largest = k > 0 ? abs(packed[0, 0]) : 0
        var rank = 0
        while rank < k && abs(packed[rank, rank]) > tolerance * largest { rank += 1 }
        var r = Matrix(rows: k, columns: columns)
        for j in 0..<columns {
            for i in 0...Swift.min(j, k - 1) { r[i, j] = packed[i, j] }
        }
        let dependent = rank == columns ? [] :
            try Matrix.designOrderDependentColumns(scaled: unscaledPacked, rank: rank, tolerance: tolerance,
                                                   pivotedChoice: Array(permutation[rank...]))
        return PivotedQRFactorization(rank: rank, permutation: permutation, dependentColumns: dependent,
                                      r: r, tolerance: tolerance)
    }

    /// Chooses which columns to call dependent the way R does: column `k` is dependent when it
    /// lies in the span of the columns before it, i.e. when the unpivoted QR of the unit-scaled
    /// matrix has `|R_kk| ≤ tolerance`. Falls back to the pivoted choice if the two rank
    /// decisions disagree (only possible for near-, not exact, dependence).
    private static func designOrderDependentColumns(scaled: Matrix, rank: Int, tolerance: Double,
                                                    pivotedChoice: [Int]) throws -> [Int] {
        let factor = try scaled.qr()
        let k = Swift.min(scaled.rows, scaled.columns)
        var dependent = (0..<k).filter { abs(factor.packed[$0, $0]) <= tolerance }
        dependent.append(contentsOf: k..<scaled.columns)   // columns beyond the row count
        return dependent.count == scaled.columns - rank ? dependent : pivotedChoice.sorted()
    }
}
