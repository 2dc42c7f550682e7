import LinearAlgebra

/// The statistical verbs of the design: what the estimators, the covariances and the separation
/// check ask of X. Each answers through the codes of a coded design and through the stored
/// matrix of a dense one; the caller never sees which.
extension DesignMatrix {
    /// xᵢᵀ M xᵢ for every row (M is p × p, symmetric): hat values with M = (XᵀWX)⁻¹, and the
    /// variance of each linear prediction with M = Cov(β̂). Coded: each form is
    /// dᵢᵀ M_dd dᵢ + 2 dᵢᵀ M_d,l + M_l,l for the row's dense values dᵢ and its level l, O(k²) a row
    /// for k dense columns instead of the O(p²) of the product X M.
    public func quadraticForms(_ m: Matrix) -> [Double] {
        if let coded = codedQuadraticForms(m) { return coded }
        let x = materialized()
        let projected = x * m   // n × p
        return (0..<x.rows).map { i in
            var sum = 0.0
            for j in 0..<x.columns { sum += projected[i, j] * x[i, j] }
            return sum
        }
    }

    /// Hat values hᵢ = Wᵢ xᵢᵀ (XᵀWX)⁻¹ xᵢ for working weights W and the inverse information.
    public func hatValues(working: [Double], inverse: Matrix) -> [Double] {
        zip(working, quadraticForms(inverse)).map { $0 * $1 }
    }

    /// Hat values hᵢ = Wᵢ xᵢᵀ(XᵀWX)⁻¹xᵢ from the Cholesky factor XᵀWX = UᵀU: Wᵢ ‖(X U⁻¹)ᵢ‖², one
    /// triangular inverse and one `dgemm` (Firth's hat values in each iteration; the design is
    /// stored dense for that fit, `storedDense()`).
    package func hatValues(working: [Double], factor: CholeskyFactorization) throws -> [Double] {
        let n = rows
        let upperInverse = try factor.upper.triangularInverse(upper: true)
        let projected = (materialized() * upperInverse).storage   // n × p, column-major
        var squares = [Double](repeating: 0, count: n)
        for j in 0..<upperInverse.columns {
            let base = j * n
            for i in 0..<n { squares[i] += projected[base + i] * projected[base + i] }
        }
        return (0..<n).map { working[$0] * squares[$0] }
    }

    /// The cluster meat Σ_g s_g s_gᵀ of the per-cluster score sums s_g = Σ_{i∈g} uᵢ xᵢ, and the
    /// number of clusters G (ids compared as strings, in order of first appearance). Coded: from
    /// each sum's nonzeros (its dense columns and the levels its rows hold), Σ_g nnz_g² instead of
    /// the dense G p² product, unless few clusters hold many levels each.
    public func clusterMeat(scores: [Double], ids: [String]) -> (meat: Matrix, clusters: Int) {
        var index = [String: Int]()
        for id in ids where index[id] == nil { index[id] = index.count }
        guard codedBlock != nil else {
            let x = materialized()
            var sums = Matrix(rows: index.count, columns: x.columns)
            for i in 0..<x.rows {
                let g = index[ids[i]] ?? 0
                for j in 0..<x.columns { sums[g, j] += scores[i] * x[i, j] }
            }
            return (sums.multiplied(by: sums, transposeSelf: true), index.count)
        }
        let parts = self.parts, n = rows
        let k = parts.denseColumns.count
        var dense = [[Double]](repeating: [Double](repeating: 0, count: k), count: index.count)
        var levels = [[Int: Double]](repeating: [:], count: index.count)
        parts.dense.storage.withUnsafeBufferPointer { x in
            for i in 0..<n {
                let g = index[ids[i]] ?? 0
                for c in 0..<k { dense[g][c] += scores[i] * x[c * n + i] }
                for factor in parts.factors where factor.level[i] >= 0 {
                    levels[g][factor.columns[Int(factor.level[i])], default: 0] += scores[i]
                }
            }
        }
        let p = columns, groups = index.count
        // Few clusters holding many levels each: the dense product (a `dgemm`, far faster per flop
        // than this loop) is cheaper.
        let sparseWork = levels.reduce(0.0) { $0 + Double(($1.count + k) * ($1.count + k)) }
        if 30 * sparseWork > Double(groups) * Double(p) * Double(p) {
            var sums = Matrix(rows: groups, columns: p)
            for g in 0..<groups {
                for (c, j) in parts.denseColumns.enumerated() { sums[g, j] = dense[g][c] }
                for (j, value) in levels[g] { sums[g, j] = value }
            }
            return (sums.multiplied(by: sums, transposeSelf: true), groups)
        }
        var meat = Matrix(rows: p, columns: p)
        for g in 0..<groups {
            let entries = parts.denseColumns.enumerated().map { ($0.element, dense[g][$0.offset]) }
                + levels[g].sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            for (a, va) in entries { for (b, vb) in entries { meat[a, b] += va * vb } }
        }
        return (meat, groups)
    }

    /// The score sums of groups of rows, s_g = Σ_{i∈g} uᵢ xᵢ, as a G × p matrix (row g is group g):
    /// a survey design's PSU totals (`SamplingStructure.meat(unitTotals:rows:)`). `groups[i]` is
    /// row i's group in `0..<count`. Coded: the level's column takes the row's score directly.
    public func groupScoreSums(scores: [Double], groups: [Int32], count: Int) -> Matrix {
        precondition(scores.count == rows && groups.count == rows, "one score and one group per row")
        var sums = Matrix(rows: count, columns: columns)
        if codedBlock != nil {
            let parts = self.parts
            for (c, j) in parts.denseColumns.enumerated() {
                parts.dense.withColumn(c) { x in
                    sums.withMutableColumn(j) { column in for i in 0..<rows { column[Int(groups[i])] += scores[i] * x[i] } }
                }
            }
            for factor in parts.factors {
                for i in 0..<rows where factor.level[i] >= 0 { sums[Int(groups[i]), factor.columns[Int(factor.level[i])]] += scores[i] }
            }
            return sums
        }
        let x = materialized()
        for j in 0..<columns {
            x.withColumn(j) { values in
                sums.withMutableColumn(j) { column in for i in 0..<rows { column[Int(groups[i])] += scores[i] * values[i] } }
            }
        }
        return sums
    }

    /// The columns that do not depend on columns before them, in order: the column-pivoted QR's
    /// rule (`Matrix.pivotedQR().independentColumns`: unit-scaled columns, `RankRule`'s relative
    /// tolerance). A coded design answers from its codes where its layout allows
    /// (`codedDependentColumns`), never building the n × p matrix.
    public func independentColumns() throws -> [Int] {
        if let dependent = codedDependentColumns().map(Set.init) {
            return (0..<columns).filter { !dependent.contains($0) }
        }
        return try materialized().pivotedQR().independentColumns
    }

    /// The design with column j multiplied by `factors[j]` (powers of two: exact). A coded block's
    /// columns must keep factor 1 (0/1 columns need no scaling); the block stays as it was.
    package func scalingColumns(by factors: [Double]) -> DesignMatrix { mappingColumns(factors, *) }

    /// The design with column j divided by `divisors[j]` (a block column's divisor must be 1).
    package func dividingColumns(by divisors: [Double]) -> DesignMatrix { mappingColumns(divisors, /) }

    /// Entry xᵢⱼ replaced by `operation(xᵢⱼ, values[j])` in every column whose value is not 1.
    private func mappingColumns(_ values: [Double], _ operation: (Double, Double) -> Double) -> DesignMatrix {
        func scaled(_ matrix: Matrix, _ factors: [Double]) -> Matrix {
            var storage = matrix.storage
            let n = matrix.rows
            for (j, factor) in factors.enumerated() where factor != 1 {
                for i in 0..<n { storage[j * n + i] = operation(storage[j * n + i], factor) }
            }
            return Matrix(rows: n, columns: matrix.columns, columnMajor: storage)
        }
        let factors = values
        if let stored = columnsOrNil {
            // Column by column, the columns whose value is 1 left as they are (not copied).
            return DesignMatrix(columns: DesignColumns(rows: rows, columns: zip(stored.stored, factors).map { column, factor in
                guard factor != 1 else { return column }
                switch column {
                case .values(let values): return .values(values.map { operation($0, factor) })
                case .constant(let value): return .constant(operation(value, factor))
                }
            }), strategy: strategy)
        }
        guard let block = codedBlock else { return DesignMatrix(scaled(materialized(), factors), storage: strategy) }
        let others = block.others.mappingColumns(block.denseColumns.map { factors[$0] }, operation)
        return DesignMatrix(coded: IndicatorBlock(columns: block.columns, level: block.level, denseColumns: block.denseColumns, others: others),
                            strategy: strategy)
    }

    /// `rows` of the design with column j divided by `scales[j]` (a column of scale 0 left 0), as
    /// a matrix of at least `padTo` rows (zero rows after them): the separation check's scaled
    /// overlap rows.
    package func scaledRows(_ rowIndices: [Int], scales: [Double], padTo minimumRows: Int = 0) -> Matrix {
        var block = Matrix(rows: Swift.max(rowIndices.count, minimumRows), columns: columns)
        let parts = self.parts, n = rows
        parts.dense.storage.withUnsafeBufferPointer { x in
            for (c, j) in parts.denseColumns.enumerated() where scales[j] > 0 {
                for (r, i) in rowIndices.enumerated() { block[r, j] = x[c * n + i] / scales[j] }
            }
        }
        // Coded indicators: each row's one 1 per factor (a 0/1 column's scale is 1).
        for factor in parts.factors {
            for (r, i) in rowIndices.enumerated() where factor.level[i] >= 0 {
                let j = factor.columns[Int(factor.level[i])]
                if scales[j] > 0 { block[r, j] = 1 / scales[j] }
            }
        }
        return block
    }

    /// xᵢᵀ M xᵢ for every row of a coded design (M is p × p and symmetric): xᵢ is the row's dense
    /// values plus one 1, so each form is dᵢᵀ M_dd dᵢ + 2 dᵢᵀ M_d,l + M_l,l, O(k²) for k dense
    /// columns where the dense product X M costs O(p²) a row (10¹³ flops for the standard errors of
    /// the predictions at 10,000 levels on 10⁵ rows). Nil for a dense design.
    package func codedQuadraticForms(_ m: Matrix) -> [Double]? {
        guard codedBlock != nil else { return nil }
        let parts = self.parts, n = rows
        let dense = parts.denseColumns, k = dense.count
        var values = [Double](repeating: 0, count: k)
        var active = [Int]()
        return parts.dense.storage.withUnsafeBufferPointer { x in
            (0..<n).map { i in
                for c in 0..<k { values[c] = x[c * n + i] }
                var sum = 0.0
                for a in 0..<k {
                    var inner = 0.0
                    for b in 0..<k { inner += m[dense[a], dense[b]] * values[b] }
                    sum += values[a] * inner
                }
                // One 1 per factor whose level the row holds: 2 dᵢᵀ M_d,j + M_j,j for each, and
                // 2 M_j,j' for each pair of them.
                active.removeAll(keepingCapacity: true)
                for factor in parts.factors where factor.level[i] >= 0 { active.append(factor.columns[Int(factor.level[i])]) }
                var extra = 0.0
                for (u, jl) in active.enumerated() {
                    var cross = 0.0
                    for a in 0..<k { cross += values[a] * m[dense[a], jl] }
                    extra += 2 * cross + m[jl, jl]
                    for jm in active[..<u] { extra += 2 * m[jl, jm] }
                }
                sum += extra
                return sum
            }
        }
    }

    /// The columns of a coded design that depend on columns before them, as
    /// `Matrix.pivotedQR().dependentColumns` reports them (unit-scaled columns, design order,
    /// relative tolerance max(n, p)·ε), without building the design: a column after the block is
    /// dependent when its residual on the columns before it, the block's groups and the earlier
    /// kept columns, is at most the tolerance times its norm. The pivoted QR of the dense design
    /// would cost O(n p²), 10¹³ flops at 10,000 levels on 10⁵ rows (a variable constant within
    /// the factor's levels, as a firm's size with firm effects, makes the fit rank deficient).
    /// Nil where the shortcut does not apply (a dense design, or columns other than a constant
    /// one before the block); the caller then factors the dense design.
    package func codedDependentColumns() -> [Int]? {
        guard let block = codedBlock else { return nil }
        let start = block.columns.lowerBound, n = rows
        let before = block.denseColumns.filter { $0 < start }
        // Several coded factors, or small factors' dummies before the block: the factor graph.
        if block.others.isCoded || before.count > 1 { return factorGraphDependentColumns() }
        // Before the block: nothing, or one constant non-zero column (the intercept).
        let hasConstant: Bool
        switch before.count {
        case 0: hasConstant = false
        case 1:
            let column = block.others.column(block.denseIndex(of: before[0]))
            guard let first = column.first, first != 0, first.isFinite, column.allSatisfy({ $0 == first }) else { return nil }
            hasConstant = true
        default: return nil
        }
        let tolerance = RankRule.tolerance
        // Groups the block (and the constant, if any) span: each level, and with the constant the
        // reference rows as one more group.
        let levels = block.columns.count
        var groupSize = [Double](repeating: 0, count: levels + 1)
        for i in 0..<n { groupSize[Int(block.level[i]) + 1] += 1 }
        var dependent = [Int]()
        // A level without rows is an all-zero column: dependent, as in the pivoted QR.
        for l in 0..<levels where groupSize[l + 1] == 0 { dependent.append(start + l) }
        var kept = [[Double]]()   // orthonormal residuals of the kept columns after the block
        for j in block.denseColumns where j >= start + levels {
            var x = block.others.column(block.denseIndex(of: j))
            let norm = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0 else { dependent.append(j); continue }
            // Residual on the groups: x minus its group mean (rows of the reference group keep
            // their values where there is no constant).
            var sums = [Double](repeating: 0, count: levels + 1)
            for i in 0..<n { sums[Int(block.level[i]) + 1] += x[i] }
            for i in 0..<n {
                let g = Int(block.level[i]) + 1
                if g > 0 || hasConstant { x[i] -= sums[g] / groupSize[g] }
            }
            if !Self.keepsResidual(&x, norm: norm, kept: &kept, tolerance: tolerance) { dependent.append(j) }
        }
        return dependent.sorted()
    }

    /// The pivoted QR's rule for a column whose residual on the factors' span is `x`: projected
    /// off the earlier kept columns (orthonormal; modified Gram–Schmidt, twice for stability), it
    /// is dependent when what is left is at most `tolerance` times the column's norm; otherwise
    /// its normalized residual joins `kept`. Returns whether the column is kept.
    static func keepsResidual(_ x: inout [Double], norm: Double, kept: inout [[Double]], tolerance: Double) -> Bool {
        let n = x.count
        for _ in 0..<2 {
            for q in kept {
                let dot = zip(q, x).reduce(0) { $0 + $1.0 * $1.1 }
                for i in 0..<n { x[i] -= dot * q[i] }
            }
        }
        let residual = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard residual > tolerance * norm else { return false }
        kept.append(x.map { $0 / residual })
        return true
    }

    /// The design columns of the indicator block, where the design holds or sweeps through one.
    package var indicatorColumns: Range<Int>? { indicators?.columns }

    /// Per row of `rowIndices`, the block column holding its 1, or nil (a row of the reference
    /// level, or no block). The block is read once for all the rows.
    package func indicatorColumns(ofRows rowIndices: [Int]) -> [Int?] {
        guard let block = indicators else { return rowIndices.map { _ in nil } }
        return rowIndices.map { block.level[$0] >= 0 ? block.columns.lowerBound + Int(block.level[$0]) : nil }
    }

    /// The null space of the overlap rows (columns scaled) of a design with a block of indicator
    /// columns, from the block's structure: on an overlap row of level ℓ, xᵢᵀd = 0 reads
    /// Dᵢa + b_ℓ = 0 (a on the other columns D, b on the indicators), so b_ℓ = −D_f a for the
    /// level's first overlap row f, and a must satisfy (Dᵢ − D_f)a = 0 on the level's other rows
    /// and Dᵢa = 0 on the rows of the reference level. The null space is spanned by the null
    /// vectors a of those k-column differences, each with its b, and the indicators of the levels
    /// without overlap rows. O(m k²) for m overlap rows and k other columns, instead of the QR of
    /// the whole m × p block and the SVD of its p × p triangle (2mp² + 10p³), which at many levels
    /// exceed the check's work budget. `nil` if the SVD fails. The rank threshold
    /// (1e−10 of the largest singular value) applies to the differences, not to the whole block.
    ///
    /// Returns the lifted null vectors (p-vectors) and the design columns of the levels without
    /// overlap rows, in order, whose indicators span the rest. The design must hold an indicator
    /// block (`indicatorColumns`).
    package func indicatorNullSpace(overlap: [Int], scales: [Double]) -> (lifted: [[Double]], freeColumns: [Int])? {
        guard let block = indicators else { return nil }
        let design = self
        let p = design.columns, dense = block.denseColumns, k = dense.count
        let levels = block.columns.count
        var first = [Int](repeating: -1, count: levels)
        var differences = [(row: Int, minus: Int)]()
        for i in overlap {
            let level = Int(block.level[i])
            if level < 0 {
                differences.append((i, -1))
            } else if first[level] < 0 {
                first[level] = i
            } else {
                differences.append((i, first[level]))
            }
        }
        // The scaled other columns on the first overlap row of each level, for b.
        var firstValues = [[Double]](repeating: [], count: levels)
        var nullVectors = [[Double]]()
        if k > 0 {
            var system = Matrix(rows: max(differences.count, k), columns: k)
            for (c, j) in dense.enumerated() where scales[j] > 0 {
                let scale = scales[j]
                let values = design.withColumn(j) { x in
                    differences.map { (x[$0.row] - ($0.minus >= 0 ? x[$0.minus] : 0)) / scale }
                }
                system.withMutableColumn(c) { column in for r in values.indices { column[r] = values[r] } }
            }
            for level in 0..<levels where first[level] >= 0 {
                firstValues[level] = dense.map { j in scales[j] > 0 ? design[first[level], j] / scales[j] : 0 }
            }
            if differences.isEmpty {
                nullVectors = (0..<k).map { c in (0..<k).map { $0 == c ? 1 : 0 } }
            } else {
                // QR first, then the SVD of the k × k triangle, as for the dense case.
                guard let triangle = try? system.qr().r, let svd = try? triangle.svd() else { return nil }
                let largest = svd.singularValues.first ?? 0
                nullVectors = svd.singularValues.indices.filter { !(svd.singularValues[$0] > RankRule.tolerance * largest) }
                    .map { row in (0..<k).map { svd.vTransposed[row, $0] } }
            }
        }
        var basis = [[Double]]()
        for a in nullVectors {
            var vector = [Double](repeating: 0, count: p)
            for (c, j) in dense.enumerated() { vector[j] = a[c] }
            for level in 0..<levels where first[level] >= 0 {
                vector[block.columns.lowerBound + level] = -zip(firstValues[level], a).reduce(0) { $0 + $1.0 * $1.1 }
            }
            basis.append(vector)
        }
        return (basis, (0..<levels).filter { first[$0] < 0 }.map { block.columns.lowerBound + $0 })
    }
}
