import LinearAlgebra

/// A run of design columns that are the indicators of one many-level factor: every entry 0 or 1,
/// and at most one 1 per row (the treatment dummies of `C(g)`). Their part of XᵀWX is diagonal,
/// and their cross-products with the other columns are per-level sums, so a sweep costs
/// O(n p_d²) for the p_d other columns instead of O(n p²).
///
/// Found from the numbers alone (`detect`), so it can never disagree with the design it describes.
package struct IndicatorBlock: Sendable {
    /// The design columns of the block, contiguous.
    package let columns: Range<Int>
    /// Per row, the block column (0-based, within `columns`) holding its 1, or −1.
    package let level: [Int32]
    /// The other columns, in order.
    package let denseColumns: [Int]
    /// The design restricted to `denseColumns`: a dense matrix, or itself coded where the design
    /// has several many-level factors (`C(g) + C(h)`): the block is the widest factor, the others
    /// are held as codes in `others`, and so on, so no factor's indicators are ever stored.
    package let others: DesignMatrix
    /// `others` as its stored parts (its dense columns and its factors' codes), found once: the
    /// per-level sums read them row by row.
    let otherParts: DesignMatrix.Parts
    /// Per design column, its index in `denseColumns`, or −1 for a block column.
    let denseIndices: [Int]

    /// A block at `columns` of a design whose other columns are `others` (in the order of
    /// `denseColumns`); `level[i]` is the block column holding row i's 1, or −1.
    /// - Precondition: `level.count == others.rows`, `denseColumns.count == others.columns`, and
    ///   `columns` and `denseColumns` together are `0..<(columns.count + denseColumns.count)`.
    package init(columns: Range<Int>, level: [Int32], denseColumns: [Int], others: DesignMatrix) {
        precondition(level.count == others.rows && denseColumns.count == others.columns, "indicator block shape")
        self.columns = columns
        self.level = level
        self.denseColumns = denseColumns
        self.others = others
        otherParts = others.parts
        var indices = [Int](repeating: -1, count: columns.count + denseColumns.count)
        for (c, j) in denseColumns.enumerated() { indices[j] = c }
        denseIndices = indices
    }

    /// A block whose other columns are the dense matrix `dense` (held as it is: no second block is
    /// looked for in it).
    package init(columns: Range<Int>, level: [Int32], denseColumns: [Int], dense: Matrix) {
        self.init(columns: columns, level: level, denseColumns: denseColumns, others: DesignMatrix(dense, storage: .dense))
    }

    /// The index of design column `j` (not in the block) among `denseColumns`.
    func denseIndex(of j: Int) -> Int { denseIndices[j] }

    /// Blocks shorter than this are left to the dense kernel (its rounding, and the study's
    /// and the reference tests' factors, stay as they were).
    package static let minimumColumns = 64

    /// The longest run of at least `minimumColumns` mutually exclusive 0/1 columns, or nil. One
    /// pass over the design's binary columns (a continuous column stops at its first other value).
    package static func detect(in design: Matrix, minimumColumns: Int = IndicatorBlock.minimumColumns) -> IndicatorBlock? {
        let n = design.rows, p = design.columns
        guard n > 0, p >= minimumColumns else { return nil }
        var best: (Range<Int>, [Int32])?
        var level = [Int32](repeating: -1, count: n)
        var start = 0
        /// Ends the run at `end` (exclusive), keeping it if it is the longest so far.
        func close(_ end: Int) {
            guard end > start else { return }   // an empty run left `level` untouched
            if end - start >= minimumColumns && end - start > (best?.0.count ?? 0) { best = (start..<end, level) }
            level = [Int32](repeating: -1, count: n)
        }
        for j in 0..<p {
            let base = j * n
            var binary = true, exclusive = true, ones = 0
            for i in 0..<n {
                let value = design.storage[base + i]
                if value == 0 { continue }
                guard value == 1 else { binary = false; break }
                ones += 1
                if level[i] >= 0 { exclusive = false }
            }
            if !binary || ones == 0 {
                close(j)
                start = j + 1
                continue
            }
            if !exclusive {
                // This column overlaps the run: the run ends before it, and a new one starts at it.
                close(j)
                start = j
            }
            let offset = Int32(j - start)
            for i in 0..<n where design.storage[base + i] == 1 { level[i] = offset }
        }
        close(p)
        guard let (columns, codes) = best else { return nil }
        let dense = (0..<p).filter { !columns.contains($0) }
        guard !dense.isEmpty else { return nil }
        return IndicatorBlock(columns: columns, level: codes, denseColumns: dense, dense: design.selectingColumns(dense))
    }

    /// `design.weightedNormalEquations(coefficients:kernel:)` for a design with this block: the
    /// same equations, with the block's products formed from per-level sums and held compactly
    /// (`IndicatorSystem`). The dense columns go through the fused sweep (η gets the level's
    /// coefficient before the kernel runs); the per-level sums then take one pass over the rows in
    /// order, so the result does not depend on the number of threads.
    package func weightedNormalEquations(coefficients: [Double], kernel: @Sendable (inout RowBlock) -> Double) -> NormalEquations {
        let n = others.rows
        let levelCoefficients = columns.map { coefficients[$0] }
        let level = self.level
        let store = RowStore(rows: n)
        let part = others.weightedNormalEquations(coefficients: denseColumns.map { coefficients[$0] }) { block in
            let first = block.rows.lowerBound
            for k in 0..<block.rows.count where level[first + k] >= 0 {
                block.linearPredictor[k] += levelCoefficients[Int(level[first + k])]
            }
            let objective = kernel(&block)
            store.write(first, block.weights, block.responses)
            return objective
        }
        let (system, rightHandSide) = assemble(part.crossProduct, denseRightHandSide: part.rightHandSide,
                                               weights: store.weights, responses: store.responses)
        return NormalEquations(information: .indicators(system), rightHandSide: rightHandSide, objective: part.objective)
    }

    /// Solves `system · δ = rightHandSide` (the compact XᵀWX, as
    /// `weightedNormalEquations` and `weightedSystem` build it) through the Schur
    /// complement on the dense columns, S = A − Bᵀ D⁻¹ B: O(L p_d² + p_d³) instead of the dense
    /// Cholesky's p³/3 (3·10¹¹ flops per iteration at 10,000 levels). `factor` factors S, with the
    /// fit's singularity rule; nil where it declines or a level's weight is not positive.
    package func solve(_ system: IndicatorSystem, _ rightHandSide: [Double],
                      factor: (Matrix) -> CholeskyFactorization?) -> [Double]? {
        guard let (schur, scaled, _) = schurComplement(system) else { return nil }
        let levels = columns.count, k = denseColumns.count
        // The right-hand side reduced the same way: r_d − Σ_l G_lᵀ r_l.
        var reduced = denseColumns.map { rightHandSide[$0] }
        for l in 0..<levels {
            let rl = rightHandSide[columns.lowerBound + l]
            for a in 0..<k { reduced[a] -= scaled[l, a] * rl }
        }
        guard let schurFactor = factor(schur), reduced.allSatisfy(\.isFinite) else { return nil }
        let denseStep = schurFactor.solve(reduced)
        var step = [Double](repeating: 0, count: system.size)
        for (a, ja) in denseColumns.enumerated() { step[ja] = denseStep[a] }
        for l in 0..<levels {
            var value = rightHandSide[columns.lowerBound + l]
            for c in 0..<k { value -= system.mixed[l * k + c] * denseStep[c] }
            step[columns.lowerBound + l] = value / system.diagonal[l]
        }
        return step
    }

    /// S = A − Bᵀ D⁻¹ B (p_d × p_d) and G = D⁻¹B (L × p_d, row l is B_l / D_l) from a system with
    /// this block's structure, with G's nonzeros row by row (the sparse products of the covariance
    /// beside a second coded factor read them); nil where a level's weight is not positive.
    package func schurComplement(_ system: IndicatorSystem) -> (schur: Matrix, scaled: Matrix, nonzeros: SparseLevelRows)? {
        let levels = columns.count, k = denseColumns.count
        var schur = system.dense
        var scaled = Matrix(rows: levels, columns: k)
        // Each level's update touches only the columns its rows are nonzero in: all k for dense
        // columns, but with a second coded factor among the others only the levels of it that
        // share rows with this one (Σ_l nnz_l² instead of L k², the fill of the factors' contingency
        // table). The updates are made a column of S at a time (the levels touching column b, in
        // order), so the writes stay in one column instead of scattering over S; each entry still
        // takes its terms in level order, and skipped terms are exact zeros, so the sums are the
        // dense loop's bit for bit.
        var rowStart = [Int](repeating: 0, count: levels + 1)   // G's nonzeros per level
        var rowColumns = [Int](), rowValues = [Double]()
        var columnLevels = [[Int32]](repeating: [], count: k)   // per column, the levels touching it
        let failed: Bool = scaled.storage.withUnsafeMutableBufferPointer { g in
            system.mixed.withUnsafeBufferPointer { mixed in
                for l in 0..<levels {
                    let d = system.diagonal[l]
                    guard d > 0, d.isFinite else { return true }
                    let base = l * k
                    for c in 0..<k where mixed[base + c] != 0 {
                        let value = mixed[base + c] / d
                        rowColumns.append(c)
                        rowValues.append(value)
                        columnLevels[c].append(Int32(l))
                        g[c * levels + l] = value
                    }
                    rowStart[l + 1] = rowColumns.count
                }
                return false
            }
        }
        if failed { return nil }
        schur.storage.withUnsafeMutableBufferPointer { s in
            scaled.storage.withUnsafeBufferPointer { g in
                system.mixed.withUnsafeBufferPointer { mixed in
                    rowColumns.withUnsafeBufferPointer { columns in
                        for b in 0..<k {
                            let column = b * k
                            for level in columnLevels[b] {
                                let l = Int(level), factor = g[b * levels + l], base = l * k
                                for r in rowStart[l]..<rowStart[l + 1] {
                                    let a = columns[r]
                                    s[column + a] -= mixed[base + a] * factor
                                }
                            }
                        }
                    }
                }
            }
        }
        let nonzeros = SparseLevelRows(levels: levels, columns: k, rowStart: rowStart, entryColumns: rowColumns, entryValues: rowValues)
        return (schur, scaled, nonzeros)
    }

    /// The inverse of `system` (the compact XᵀWX) from the Schur complement:
    /// V_dd = S⁻¹, V_ld = −D⁻¹B S⁻¹ and V_ll = D⁻¹ + D⁻¹B S⁻¹BᵀD⁻¹, one L × L `dgemm` (L² p_d flops)
    /// instead of the dense inverse's 2p³/3; nil where `factor` declines S or a level's weight is
    /// not positive.
    package func inverse(_ system: IndicatorSystem, factor: (Matrix) -> CholeskyFactorization?) -> Matrix? {
        let levels = columns.count, p = system.size
        guard let (schur, scaled, nonzeros) = schurComplement(system), let schurFactor = factor(schur) else { return nil }
        if others.isCoded { return sparseInverse(system, g: nonzeros, schurFactor: schurFactor) }
        let schurInverse = schurFactor.inverse()
        let levelDense = scaled * schurInverse                 // G S⁻¹, L × k
        var inverse = Matrix(rows: p, columns: p)
        let start = columns.lowerBound
        // G S⁻¹ Gᵀ (L × L) by one `dgemm` straight into its block of the inverse, not as a
        // separate L × L matrix.
        if levels > 0, !denseColumns.isEmpty {
            inverse.setBlock(row: start, column: start, toProductOf: levelDense, transposing: scaled)
        }
        fillInverse(&inverse, system: system, schurInverse: schurInverse, levelDense: levelDense)
        return inverse
    }

    /// B M B for B = `system`⁻¹ (the compact XᵀWX) and a symmetric p × p `meat`, without B:
    /// B = Δ + F S⁻¹ Fᵀ, with Δ = D⁻¹ on the block (0 elsewhere) and F = [−G; I] (p × k), so
    /// B M B = ΔMΔ + (P + Q)Fᵀ + FPᵀ for H = MF, P = ΔH S⁻¹ and Q = F S⁻¹(FᵀH)S⁻¹: O(k p²)
    /// instead of the two dense p³ products. Symmetric (the mean of the product and its transpose); nil where `factor`
    /// declines S or a level's weight is not positive.
    package func sandwich(_ system: IndicatorSystem, meat: Matrix, factor: (Matrix) -> CholeskyFactorization?) -> Matrix? {
        let p = system.size, k = denseColumns.count, start = columns.lowerBound
        guard meat.rows == p, meat.columns == p, let (schur, scaled, nonzeros) = schurComplement(system), let schurFactor = factor(schur) else {
            return nil
        }
        if others.isCoded { return sparseSandwich(system, meat: meat, g: nonzeros, schurFactor: schurFactor) }
        let schurInverse = schurFactor.inverse()
        var f = Matrix(rows: p, columns: k)
        var delta = [Double](repeating: 0, count: p)
        for l in 0..<columns.count {
            delta[start + l] = 1 / system.diagonal[l]
            for c in 0..<k { f[start + l, c] = -scaled[l, c] }
        }
        for (c, j) in denseColumns.enumerated() { f[j, c] = 1 }
        let h = meat * f                                            // p × k
        var scaledH = h
        for c in 0..<k { for i in 0..<p { scaledH[i, c] *= delta[i] } }
        let pMatrix = scaledH * schurInverse                         // ΔH S⁻¹
        let middle = schurInverse * f.multiplied(by: h, transposeSelf: true) * schurInverse
        let q = f * middle                                           // F S⁻¹ FᵀH S⁻¹
        // [P + Q, F] times [F, P]ᵀ in one product.
        var left = Matrix(rows: p, columns: 2 * k), right = Matrix(rows: p, columns: 2 * k)
        for c in 0..<k {
            for i in 0..<p {
                left[i, c] = pMatrix[i, c] + q[i, c]
                left[i, k + c] = f[i, c]
                right[i, c] = f[i, c]
                right[i, k + c] = pMatrix[i, c]
            }
        }
        var result = left.multiplied(by: right, transposeOther: true)
        result.storage.withUnsafeMutableBufferPointer { values in
            meat.storage.withUnsafeBufferPointer { m in
                for j in 0..<p {
                    for i in j..<p {
                        let a = values[j * p + i] + delta[i] * m[j * p + i] * delta[j]
                        let b = values[i * p + j] + delta[j] * m[i * p + j] * delta[i]
                        let mean = (a + b) / 2
                        values[j * p + i] = mean
                        values[i * p + j] = mean
                    }
                }
            }
        }
        return result
    }

    /// XᵀWX of the whole design for row weights `weights`.
    package func weightedCrossProduct(weights: [Double]) -> Matrix {
        weightedSystem(weights: weights).assembled()
    }

    /// XᵀWX of the whole design for row weights `weights`, in the compact form.
    package func weightedSystem(weights: [Double]) -> IndicatorSystem {
        assemble(others.weightedCrossProduct(weights: weights), denseRightHandSide: nil, weights: weights, responses: nil).0
    }

    /// The compact system from the dense columns' part and per-level sums of wᵢ, wᵢzᵢ and wᵢxᵢ,
    /// and the right-hand side (zeros where `responses` or `denseRightHandSide` is nil).
    func assemble(_ denseCrossProduct: Matrix, denseRightHandSide: [Double]?, weights: [Double],
                  responses: [Double]?) -> (IndicatorSystem, [Double]) {
        let n = others.rows, levels = columns.count, k = denseColumns.count
        var diagonal = [Double](repeating: 0, count: levels)
        var levelResponse = [Double](repeating: 0, count: levels)
        // Level-major: mixed[l * k + c] = Σ wᵢ xᵢc, from the others' dense columns and, where they
        // hold further coded factors, one count per row at the column of its level.
        var mixed = [Double](repeating: 0, count: levels * k)
        let parts = otherParts, stored = parts.denseColumns, factors = parts.factors
        parts.dense.storage.withUnsafeBufferPointer { x in
            mixed.withUnsafeMutableBufferPointer { m in
                for i in 0..<n {
                    let l = Int(level[i])
                    guard l >= 0 else { continue }
                    let w = weights[i]
                    diagonal[l] += w
                    if let responses { levelResponse[l] += w * responses[i] }
                    let base = l * k
                    for c in stored.indices { m[base + stored[c]] += w * x[c * n + i] }
                    for factor in factors where factor.level[i] >= 0 { m[base + factor.columns[Int(factor.level[i])]] += w }
                }
            }
        }
        var rightHandSide = [Double](repeating: 0, count: levels + k)
        for (a, ja) in denseColumns.enumerated() { rightHandSide[ja] = denseRightHandSide?[a] ?? 0 }
        for l in 0..<levels { rightHandSide[columns.lowerBound + l] = levelResponse[l] }
        return (IndicatorSystem(block: self, dense: denseCrossProduct, diagonal: diagonal, mixed: mixed), rightHandSide)
    }
}

/// Per-row working weights and responses written by the sweep's parallel blocks: each row by
/// exactly one block, so the writes never overlap (the buffers are read after the sweep ends).
private final class RowStore: @unchecked Sendable {
    private let weightBuffer: UnsafeMutableBufferPointer<Double>
    private let responseBuffer: UnsafeMutableBufferPointer<Double>

    init(rows: Int) {
        weightBuffer = .allocate(capacity: rows)
        weightBuffer.initialize(repeating: 0)
        responseBuffer = .allocate(capacity: rows)
        responseBuffer.initialize(repeating: 0)
    }

    deinit {
        weightBuffer.deallocate()
        responseBuffer.deallocate()
    }

    func write(_ first: Int, _ weights: [Double], _ responses: [Double]) {
        for k in weights.indices {
            weightBuffer[first + k] = weights[k]
            responseBuffer[first + k] = responses[k]
        }
    }

    var weights: [Double] { Array(weightBuffer) }
    var responses: [Double] { Array(responseBuffer) }
}
