/// The solution of a linear least-squares problem `min ‖y − X β‖₂`, with `(XᵀX)⁻¹` for inference.
public struct LeastSquaresSolution: Sendable {
    /// Coefficients, one per column of `X`; `nan` for columns found linearly dependent.
    public let coefficients: [Double]
    /// Residuals `y − X β`.
    public let residuals: [Double]
    /// Residual sum of squares `Σ rᵢ²`, accumulated in double-double.
    public let residualSumOfSquares: Double
    /// Numerical rank of `X`.
    public let rank: Int
    /// Zero-based indices of the columns left out as linearly dependent (R's `NA`).
    public let dependentColumns: [Int]
    /// `(XᵀX)⁻¹` over the independent columns, `p × p`, with `nan` in the rows and columns of
    /// dependent columns. Multiply by σ² for the covariance of `β`.
    public let unscaledCovariance: Matrix
    /// 1-norm condition number estimate of the column-scaled independent columns (LAPACK `dtrcon`).
    public let conditionNumber: Double
    /// Refinement steps taken for the coefficients.
    public let refinementIterations: Int
}

/// Settings for `Matrix.leastSquares`.
public struct LeastSquaresOptions: Sendable {
    /// Relative rank tolerance on the column-scaled matrix; `nil` uses `Matrix.defaultRankTolerance`.
    public var rankTolerance: Double?
    /// Largest number of refinement steps per solve.
    public var maxRefinementIterations: Int
    /// `(XᵀX)⁻¹` is refined only when the scaled condition number exceeds this; below it the
    /// plain QR inverse is already accurate to about `κ·ε ≤ 1e−13`, and refinement would cost
    /// O(n p²) extra compensated flops.
    public var covarianceRefinementThreshold: Double

    /// Defaults: rank tolerance `max(n, p)·ε`, 10 refinement steps, refine `(XᵀX)⁻¹` when κ > 1e3.
    public init(rankTolerance: Double? = nil, maxRefinementIterations: Int = 10,
                covarianceRefinementThreshold: Double = 1e3) {
        self.rankTolerance = rankTolerance
        self.maxRefinementIterations = maxRefinementIterations
        self.covarianceRefinementThreshold = covarianceRefinementThreshold
    }
}

extension Matrix {
    /// Unpivoted pivots of the unit-scaled design above this prove full rank without the
    /// (slower, BLAS-2) column-pivoted QR; far above any rank tolerance in use (NIST Filip's
    /// smallest is 5e−8 and still goes through the pivoted QR).
    static let rankScreeningThreshold = 1e-6

    /// Least squares with column scaling, rank detection by column-pivoted QR, and Björck's
    /// iterative refinement in double-double (see `Docs/accuracy.md`): reaches a log relative
    /// error ≥ 10 on every NIST StRD linear-regression dataset, Filip and Wampler5 included.
    ///
    /// - Parameters:
    ///   - y: the response, one value per row.
    ///   - lowOrderPart: optional rounding errors of the design's elements, so that the
    ///     exact design is `self + lowOrderPart` (e.g. `xᵏ` computed in double-double as
    ///     `high + low`). Refinement then solves the problem for the exact design. On NIST's Filip
    ///     this is the difference between LRE 7.6 (any solver, even exact rational arithmetic, on
    ///     powers rounded to double) and 14. `nil` when the design is exact as stored.
    ///   - options: the rank rule's tolerance and the refinement's settings.
    /// - Throws: `.empty`, `.nonFiniteInput` (in `X` or `y`).
    /// - Precondition: `y.count == rows`; `lowOrderPart` has the same shape as `self`.
    public func leastSquares(_ y: [Double], lowOrderPart: Matrix? = nil,
                             options: LeastSquaresOptions = LeastSquaresOptions()) throws -> LeastSquaresSolution {
        precondition(y.count == rows, "y has \(y.count) entries for \(rows) rows")
        try validateForFactorization("least squares")
        try lowOrderPart?.validateForFactorization("least squares (low-order design part)")
        try validateVector(y, "least squares (response)")
        let p = columns
        // Screen with the unpivoted QR of the unit-scaled design (needed anyway for the solve):
        // |R_kk| is the distance of column k from the span of the columns before it. Only when
        // one is below `rankScreeningThreshold` is the column-pivoted QR run to decide the rank.
        let (scaledAll, scalesAll) = scaledToUnitColumns()
        var screeningFactor: QRFactorization?
        var kept = Array(0..<p), dependentColumns = [Int]()
        if rows >= p {
            let factor = try scaledAll.qr()
            if (0..<p).allSatisfy({ abs(factor.packed[$0, $0]) > Matrix.rankScreeningThreshold }) {
                screeningFactor = factor
            }
        }
        if screeningFactor == nil {
            let pivoted = try pivotedQR(tolerance: options.rankTolerance)
            kept = pivoted.independentColumns
            dependentColumns = pivoted.dependentColumns
        }
        var coefficients = [Double](repeating: .nan, count: p)
        var covariance = Matrix(rows: p, columns: p, repeating: .nan)
        guard !kept.isEmpty, rows >= kept.count else {
            // Every column is zero (rank 0): fitted values are zero.
            let rss = y.reduce(into: CompensatedSum()) { $0.addProduct($1, $1) }.value
            return LeastSquaresSolution(coefficients: coefficients, residuals: y, residualSumOfSquares: rss,
                                        rank: 0, dependentColumns: dependentColumns,
                                        unscaledCovariance: covariance, conditionNumber: .infinity,
                                        refinementIterations: 0)
        }
        let scaled = kept.count == p ? scaledAll : scaledAll.selectingColumns(kept)
        let scales = kept.map { scalesAll[$0] }
        let scaledLow = lowOrderPart.map { low in
            var part = low.selectingColumns(kept)
            for (j, scale) in scales.enumerated() {
                for i in 0..<rows { part[i, j] *= scale }   // powers of two: exact
            }
            return part
        }
        let system = try AugmentedSystem(scaled, low: scaledLow, factor: screeningFactor)
        let q = kept.count
        let solution = try system.solve(b: Matrix(rows: rows, columns: 1, columnMajor: y),
                                        c: Matrix(rows: q, columns: 1),
                                        maxIterations: options.maxRefinementIterations)
        let rcond = system.factor.reciprocalConditionEstimate
        let condition = rcond > 0 ? 1 / rcond : .infinity
        let inverse: Matrix
        if condition > options.covarianceRefinementThreshold {
            var minusIdentity = Matrix.identity(q)
            for i in 0..<q { minusIdentity[i, i] = -1 }
            inverse = try system.solve(b: Matrix(rows: rows, columns: q), c: minusIdentity,
                                       maxIterations: options.maxRefinementIterations).x
        } else {
            let rInverse = try system.triangle.triangularInverse(upper: true)
            inverse = rInverse.multiplied(by: rInverse, transposeOther: true)
        }
        for (a, column) in kept.enumerated() {
            coefficients[column] = solution.x[a, 0] * scales[a]
            for (b, other) in kept.enumerated() {
                // Symmetrize: the refined columns agree to rounding; average the two triangles.
                covariance[column, other] = 0.5 * (inverse[a, b] + inverse[b, a]) * scales[a] * scales[b]
            }
        }
        // Residuals of the final coefficients, y − A x in double-double (consistent with β,
        // and exactly zero for an exact fit), rather than the refinement's running iterate.
        let residuals = system.residuals(b: Matrix(rows: rows, columns: 1, columnMajor: y), c: Matrix(rows: q, columns: 1),
                                         r: Matrix(rows: rows, columns: 1), x: solution.x).f.storage
        let rss = residuals.reduce(into: CompensatedSum()) { $0.addProduct($1, $1) }.value
        return LeastSquaresSolution(coefficients: coefficients, residuals: residuals, residualSumOfSquares: rss,
                                    rank: q, dependentColumns: dependentColumns,
                                    unscaledCovariance: covariance, conditionNumber: condition,
                                    refinementIterations: solution.iterations)
    }
}
