import LinearAlgebra
import ParallelSupport

/// A design matrix held either dense or with one many-level factor's indicator columns as level
/// codes (`IndicatorBlock`): the n × L zeros and ones of `C(firm)` are never stored.
///
/// With 10,000 levels on 10⁵ rows the dense design is 8 GB, and clearing its pages alone took
/// 79 % of a 32 s `reshore fit` at 9.4 GB (a `perf` profile, 2026-12-03); coded, the same fit
/// keeps 2.4 MB of design. The fit, the result pass, the separation check, the marginal effects,
/// the predictions' standard errors and the search for aliased columns work on the codes;
/// `materialized()` builds the dense matrix for the paths that need every entry (robust sandwich
/// meats, bootstrap replicates, Firth's hat values, the linear probability model).
public struct DesignMatrix: Sendable {
    /// Dense (with the block found in it, if any), or coded: the two states a design can be in.
    private enum Storage: Sendable {
        case dense(Matrix, IndicatorBlock?)
        case coded(IndicatorBlock)
    }
    private let storage: Storage

    /// Number of rows.
    public var rows: Int {
        switch storage {
        case .dense(let matrix, _): matrix.rows
        case .coded(let block): block.dense.rows
        }
    }
    /// Number of columns, the coded block's included.
    public var columns: Int {
        switch storage {
        case .dense(let matrix, _): matrix.columns
        case .coded(let block): block.dense.columns + block.columns.count
        }
    }
    /// The full dense matrix, when the design holds one.
    public var matrix: Matrix? {
        if case .dense(let matrix, _) = storage { matrix } else { nil }
    }
    /// The indicator block: found in `matrix` (`IndicatorBlock.detect`), or the codes of a design
    /// built without its dense indicators.
    public var indicators: IndicatorBlock? {
        switch storage {
        case .dense(_, let block): block
        case .coded(let block): block
        }
    }

    /// A dense design; `indicators` is its block, when the fit should sweep through one.
    public init(_ matrix: Matrix, indicators: IndicatorBlock? = nil) {
        storage = .dense(matrix, indicators)
    }

    /// A dense design whose indicator block, if it has one, is found (`IndicatorBlock.detect`).
    public static func detecting(_ matrix: Matrix) -> DesignMatrix {
        DesignMatrix(matrix, indicators: IndicatorBlock.detect(in: matrix))
    }

    /// A design held as its block: the block's dense columns and its codes, no dense indicators.
    public init(coded block: IndicatorBlock) {
        storage = .coded(block)
    }

    /// Whether the indicator columns are held only as codes.
    public var isCoded: Bool { codedBlock != nil }

    /// The block of a coded design; nil for a dense one.
    public var codedBlock: IndicatorBlock? {
        if case .coded(let block) = storage { block } else { nil }
    }

    /// `dense` on the stored matrix, or `coded` on the codes.
    private func either<R>(_ dense: (Matrix) throws -> R, coded: (IndicatorBlock) throws -> R) rethrows -> R {
        switch storage {
        case .dense(let matrix, _): try dense(matrix)
        case .coded(let block): try coded(block)
        }
    }

    /// The same design without a block to sweep through: dense (built where it was coded).
    public var withoutIndicators: DesignMatrix { DesignMatrix(materialized()) }

    /// The dense n × p matrix: the stored one, or built from the codes (n·p doubles; callers check
    /// the memory first, as `ModelFrame.checkedDesign()` does).
    public func materialized() -> Matrix {
        either({ $0 }, coded: { block in
            let rows = self.rows, columns = self.columns
            var storage = LargeBuffers.filled(0.0, count: rows * columns)
            storage.withUnsafeMutableBufferPointer { values in
                block.dense.storage.withUnsafeBufferPointer { dense in
                    for (c, j) in block.denseColumns.enumerated() {
                        for i in 0..<rows { values[j * rows + i] = dense[c * rows + i] }
                    }
                }
                for i in 0..<rows where block.level[i] >= 0 {
                    values[(block.columns.lowerBound + Int(block.level[i])) * rows + i] = 1
                }
            }
            return Matrix(rows: rows, columns: columns, columnMajor: storage)
        })
    }

    /// Element (i, j).
    public subscript(i: Int, j: Int) -> Double {
        either({ $0[i, j] }, coded: { block in
            if block.columns.contains(j) { return Int(block.level[i]) == j - block.columns.lowerBound ? 1 : 0 }
            return block.dense[i, block.denseIndex(of: j)]
        })
    }

    /// Column j as an array.
    public func column(_ j: Int) -> [Double] {
        either({ $0.column(j) }, coded: { block in
            if block.columns.contains(j) {
                let code = Int32(j - block.columns.lowerBound)
                return block.level.map { $0 == code ? 1 : 0 }
            }
            return block.dense.column(block.denseIndex(of: j))
        })
    }

    /// Calls `body` with column j's entries.
    public func withColumn<R>(_ j: Int, _ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        try either({ try $0.withColumn(j, body) }, coded: { block in
            block.columns.contains(j) ? try column(j).withUnsafeBufferPointer(body)
                : try block.dense.withColumn(block.denseIndex(of: j), body)
        })
    }

    /// Row i as an array.
    public func row(_ i: Int) -> [Double] {
        either({ $0.row(i) }, coded: { _ in (0..<columns).map { self[i, $0] } })
    }

    /// Xβ over the rows in `rowRange`.
    public func multiplied(by coefficients: [Double], rows rowRange: Range<Int>) -> [Double] {
        either({ $0.multiplied(by: coefficients, rows: rowRange) }, coded: { block in
            var eta = block.dense.multiplied(by: block.denseColumns.map { coefficients[$0] }, rows: rowRange)
            for (k, i) in rowRange.enumerated() where block.level[i] >= 0 {
                eta[k] += coefficients[block.columns.lowerBound + Int(block.level[i])]
            }
            return eta
        })
    }

    /// Xβ.
    public func multiplied(by coefficients: [Double]) -> [Double] { multiplied(by: coefficients, rows: 0..<rows) }

    /// Xβ.
    public static func * (lhs: DesignMatrix, rhs: [Double]) -> [Double] { lhs.multiplied(by: rhs) }

    /// Xᵀv.
    public func transposeMultiplied(by vector: [Double]) -> [Double] {
        either({ $0.transposeMultiplied(by: vector) }, coded: { block in
            var result = [Double](repeating: 0, count: columns)
            for (c, value) in block.dense.transposeMultiplied(by: vector).enumerated() { result[block.denseColumns[c]] = value }
            for i in 0..<rows where block.level[i] >= 0 { result[block.columns.lowerBound + Int(block.level[i])] += vector[i] }
            return result
        })
    }

    /// Whether some column is constant and nonzero (an intercept, or what acts as one).
    public var hasConstantColumn: Bool {
        either({ $0.hasConstantColumn }, coded: { block in
            // An indicator column is constant only when every row holds its level.
            if rows > 0, block.level.allSatisfy({ $0 == block.level[0] && $0 >= 0 }) { return true }
            return block.dense.hasConstantColumn
        })
    }

    /// The first non-finite entry, column by column (the indicators are 0 or 1).
    public var firstNonFiniteElement: (row: Int, column: Int)? {
        either({ $0.firstNonFiniteElement }, coded: { block in
            guard let bad = block.dense.firstNonFiniteElement else { return nil }
            return (bad.row, block.denseColumns[bad.column])
        })
    }

    /// Per column, the largest |xᵢⱼ| over `rows` (0 for a column that is zero there); a coded
    /// level's is 1 where one of `rows` holds it. Dense columns are read through the storage:
    /// element subscripts took 2 s of a fit with a 10,000-level factor on 20,000 rows (a `perf`
    /// profile, 2026-12-03).
    public func largestMagnitudes(rows: [Int]) -> [Double] {
        either({ matrix in
            let n = matrix.rows
            return matrix.storage.withUnsafeBufferPointer { x in
                (0..<matrix.columns).map { j in
                    var largest = 0.0
                    for i in rows { largest = max(largest, abs(x[j * n + i])) }
                    return largest
                }
            }
        }, coded: { block in
            var largest = [Double](repeating: 0, count: columns)
            for (c, value) in DesignMatrix(block.dense).largestMagnitudes(rows: rows).enumerated() { largest[block.denseColumns[c]] = value }
            for i in rows where block.level[i] >= 0 { largest[block.columns.lowerBound + Int(block.level[i])] = 1 }
            return largest
        })
    }

    /// The rows `indices`, in that order (coded stays coded).
    public func selectingRows(_ indices: [Int]) -> DesignMatrix {
        either({ matrix in
            let selected = matrix.selectingRows(indices)
            return indicators == nil ? DesignMatrix(selected) : DesignMatrix.detecting(selected)
        }, coded: { block in
            DesignMatrix(coded: IndicatorBlock(columns: block.columns, level: indices.map { block.level[$0] },
                                               denseColumns: block.denseColumns, dense: block.dense.selectingRows(indices)))
        })
    }

    /// The columns `indices`, in that order: still coded where the block's columns stay together
    /// and in order, dense otherwise.
    public func selectingColumns(_ indices: [Int]) -> DesignMatrix {
        either({ matrix in
            let selected = matrix.selectingColumns(indices)
            return indicators == nil ? DesignMatrix(selected) : DesignMatrix.detecting(selected)
        }, coded: { block in
            let kept = indices.enumerated().filter { block.columns.contains($0.element) }
            if kept.isEmpty { return DesignMatrix(block.dense.selectingColumns(indices.map { block.denseIndex(of: $0) })) }
            let contiguous = kept.count == block.columns.count && kept.enumerated().allSatisfy { offset, pair in
                pair.element == block.columns.lowerBound + offset && pair.offset == (kept.first?.offset ?? 0) + offset
            }
            guard contiguous, let start = kept.first?.offset else { return DesignMatrix(materialized().selectingColumns(indices)) }
            let others = indices.filter { !block.columns.contains($0) }
            let dense = block.dense.selectingColumns(others.map { block.denseIndex(of: $0) })
            let newColumns = start..<(start + block.columns.count)
            let denseColumns = (0..<indices.count).filter { !newColumns.contains($0) }
            return DesignMatrix(coded: IndicatorBlock(columns: newColumns, level: block.level, denseColumns: denseColumns, dense: dense))
        })
    }

    /// xᵢᵀ M xᵢ for every row of a coded design (M is p × p and symmetric): xᵢ is the row's dense
    /// values plus one 1, so each form is dᵢᵀ M_dd dᵢ + 2 dᵢᵀ M_d,l + M_l,l, O(k²) for k dense
    /// columns where the dense product X M costs O(p²) a row (10¹³ flops for the standard errors of
    /// the predictions at 10,000 levels on 10⁵ rows). Nil for a dense design.
    public func codedQuadraticForms(_ m: Matrix) -> [Double]? {
        guard let block = codedBlock else { return nil }
        let dense = block.denseColumns, k = dense.count, start = block.columns.lowerBound
        var values = [Double](repeating: 0, count: k)
        return (0..<rows).map { i in
            for c in 0..<k { values[c] = block.dense[i, c] }
            var sum = 0.0
            for a in 0..<k {
                var inner = 0.0
                for b in 0..<k { inner += m[dense[a], dense[b]] * values[b] }
                sum += values[a] * inner
            }
            let level = Int(block.level[i])
            if level >= 0 {
                let jl = start + level
                var cross = 0.0
                for a in 0..<k { cross += values[a] * m[dense[a], jl] }
                sum += 2 * cross + m[jl, jl]
            }
            return sum
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
    public func codedDependentColumns() -> [Int]? {
        guard let block = codedBlock else { return nil }
        let start = block.columns.lowerBound, n = rows
        let before = block.denseColumns.filter { $0 < start }
        // Before the block: nothing, or one constant non-zero column (the intercept).
        let hasConstant: Bool
        switch before.count {
        case 0: hasConstant = false
        case 1:
            let column = block.dense.column(block.denseIndex(of: before[0]))
            guard let first = column.first, first != 0, first.isFinite, column.allSatisfy({ $0 == first }) else { return nil }
            hasConstant = true
        default: return nil
        }
        let tolerance = Double(Swift.max(rows, columns)) * Double.ulpOfOne
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
            var x = block.dense.column(block.denseIndex(of: j))
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
            // Then on the earlier kept columns (modified Gram–Schmidt, twice for stability).
            for _ in 0..<2 {
                for q in kept {
                    let dot = zip(q, x).reduce(0) { $0 + $1.0 * $1.1 }
                    for i in 0..<n { x[i] -= dot * q[i] }
                }
            }
            let residual = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if residual <= tolerance * norm {
                dependent.append(j)
            } else {
                kept.append(x.map { $0 / residual })
            }
        }
        return dependent.sorted()
    }

    /// XᵀWX for row weights `weights`, through the block where there is one.
    public func weightedCrossProduct(weights: [Double]) -> Matrix {
        if let indicators { return indicators.weightedCrossProduct(weights: weights) }
        return materialized().weightedCrossProduct(weights: weights)
    }

    /// `weightedCrossProduct(weights:)` in the compact form where there is a block.
    public func weightedInformation(weights: [Double]) -> InformationMatrix {
        if let indicators { return .indicators(indicators.weightedSystem(weights: weights)) }
        return .dense(materialized().weightedCrossProduct(weights: weights))
    }

    /// The weighted normal equations of one IRLS sweep (`Matrix.weightedNormalEquations`), through
    /// the block where there is one.
    public func weightedNormalEquations(coefficients: [Double], kernel: @Sendable (inout RowBlock) -> Double) -> NormalEquations {
        if let indicators { return indicators.weightedNormalEquations(coefficients: coefficients, kernel: kernel) }
        return materialized().weightedNormalEquations(coefficients: coefficients, kernel: kernel)
    }
}
