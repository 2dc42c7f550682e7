import LinearAlgebra
import ParallelSupport

/// How a design holds a many-level factor's indicator columns: the storage strategy of the
/// design layer. Every verb gives the same numbers under each (to rounding); the choice decides
/// only time and memory.
public enum DesignStorage: Sendable, Hashable {
    /// A factor main effect with more than `IndicatorBlock.minimumColumns` (64) levels is held as
    /// level codes, and a dense design's run of at least 64 mutually exclusive 0/1 columns is
    /// swept through as an indicator block: the default.
    case automatic
    /// Every column stored and every product formed densely: the plain design, as R and
    /// statsmodels hold it.
    case dense
    /// As `automatic` with the threshold lowered to `minimumColumns` indicator columns, so that
    /// small data reach the coded path (the reference suites run under it).
    case coded(minimumColumns: Int)

    /// The fewest indicator columns held or swept as a block; nil for `dense`.
    package var blockThreshold: Int? {
        switch self {
        case .automatic: IndicatorBlock.minimumColumns
        case .dense: nil
        case .coded(let minimumColumns): Swift.max(1, minimumColumns)
        }
    }
}

/// A design matrix X (n × p) in one of its storages (`DesignStorage`): dense, or with many-level
/// factors' indicator columns held as level codes (`IndicatorBlock`; several nest, widest first,
/// through its `others`), so the n × L zeros and ones of `C(firm)` — and of `C(year)` beside it —
/// are never stored. The block is found once, when the design is
/// built; every verb the estimators and inference ask of X — products, weighted cross-products,
/// quadratic forms, hat values, cluster meats, dependent columns, column scaling, row and column
/// subsets — answers through the codes where the design holds them, so nothing outside this
/// module branches on storage.
public struct DesignMatrix: Sendable {
    /// Dense (with the block found in it, if any), coded, or dense held as its columns
    /// (`DesignColumns`: the data's own arrays, the n × p matrix built only if a verb needs it).
    private indirect enum Storage: Sendable {
        case dense(Matrix, IndicatorBlock?)
        case coded(IndicatorBlock)
        case columns(DesignColumns)
    }
    private let storage: Storage
    /// The strategy the design was built under (kept by its row and column subsets).
    public let strategy: DesignStorage

    /// Number of rows.
    public var rows: Int {
        switch storage {
        case .dense(let matrix, _): matrix.rows
        case .coded(let block): block.others.rows
        case .columns(let stored): stored.rows
        }
    }
    /// Number of columns, the coded block's included.
    public var columns: Int {
        switch storage {
        case .dense(let matrix, _): matrix.columns
        case .coded(let block): block.others.columns + block.columns.count
        case .columns(let stored): stored.columns
        }
    }
    /// The full dense matrix, when the design holds one (built once for a design held as its
    /// columns).
    package var matrix: Matrix? {
        switch storage {
        case .dense(let matrix, _): matrix
        case .coded: nil
        case .columns(let stored): stored.materialized()
        }
    }
    /// The indicator block: found in the dense matrix, or the codes of a coded design.
    package var indicators: IndicatorBlock? {
        switch storage {
        case .dense(_, let block): block
        case .coded(let block): block
        case .columns: nil
        }
    }

    /// The design `matrix` under `strategy`: a run of mutually exclusive 0/1 columns at least as
    /// long as the strategy's threshold is found here, once (`IndicatorBlock.detect`), and swept
    /// through by every verb; with `.dense` none is looked for.
    public init(_ matrix: Matrix, storage strategy: DesignStorage = .automatic) {
        self.strategy = strategy
        storage = .dense(matrix, strategy.blockThreshold.flatMap { IndicatorBlock.detect(in: matrix, minimumColumns: $0) })
    }

    /// A dense design held as its columns (`DesignColumns`), without a block: for designs too
    /// narrow for one (fewer columns than the strategy's threshold), so no block goes unfound.
    package init(columns stored: DesignColumns, strategy: DesignStorage = .automatic) {
        self.strategy = strategy
        storage = .columns(stored)
    }

    /// Whether the design is held as its columns (`DesignColumns`), the n × p matrix not stored.
    package var isHeldAsColumns: Bool {
        if case .columns = storage { true } else { false }
    }

    /// A dense design whose block is already known (the dense copy of a coded design).
    private init(_ matrix: Matrix, block: IndicatorBlock?, strategy: DesignStorage) {
        self.strategy = strategy
        storage = .dense(matrix, block)
    }

    /// A design held as its block: the block's dense columns and its codes, no dense indicators.
    /// A block needs a dense column beside it (the Schur complement is on those columns): the
    /// indicators alone — a cell-means design, or a subset of columns that keeps only the block —
    /// are held dense, as `IndicatorBlock.detect` would leave them.
    package init(coded block: IndicatorBlock, strategy: DesignStorage = .automatic) {
        self.strategy = strategy
        storage = block.denseColumns.isEmpty ? .dense(Self.denseMatrix(of: block), nil) : .coded(block)
    }

    /// A design whose many-level factors `factors` are held as codes — each its contiguous design
    /// columns and, per row, the column (within them) holding its 1, or −1 — and whose other
    /// columns are `dense`, in design order. Several factors nest, widest first: the widest is the
    /// block whose diagonal the Schur complement eliminates, the next is held as codes among the
    /// others, and so on; without factors the design is `dense` under `strategy`.
    package init(dense: Matrix, codedFactors factors: [(columns: Range<Int>, level: [Int32])], strategy: DesignStorage = .automatic) {
        self = Self.nested(dense: dense, factors: factors, columns: Array(0..<(dense.columns + factors.reduce(0) { $0 + $1.columns.count })),
                           strategy: strategy, top: true)
    }

    /// The design on the design columns `columns` (sorted) of `dense` and `factors`.
    private static func nested(dense: Matrix, factors: [(columns: Range<Int>, level: [Int32])], columns: [Int],
                               strategy: DesignStorage, top: Bool) -> DesignMatrix {
        guard let widest = factors.indices.max(by: { factors[$0].columns.count < factors[$1].columns.count }) else {
            // The dense remainder of a block is held as it is (no second block looked for in it).
            return DesignMatrix(dense, storage: top ? strategy : .dense)
        }
        let primary = factors[widest]
        var position = [Int: Int]()
        for (local, column) in columns.enumerated() { position[column] = local }
        let start = position[primary.columns.lowerBound] ?? 0
        let remaining = columns.filter { !primary.columns.contains($0) }
        var rest = factors
        rest.remove(at: widest)
        let others = nested(dense: dense, factors: rest, columns: remaining, strategy: strategy, top: false)
        let block = IndicatorBlock(columns: start..<(start + primary.columns.count), level: primary.level,
                                   denseColumns: remaining.map { position[$0] ?? 0 }, others: others)
        return DesignMatrix(coded: block, strategy: strategy)
    }

    /// Whether the indicator columns are held only as codes (n × L never stored).
    public var isCoded: Bool { codedBlock != nil }

    /// The block of a coded design; nil for a dense one.
    package var codedBlock: IndicatorBlock? {
        if case .coded(let block) = storage { block } else { nil }
    }

    /// `dense` on the stored matrix, or `coded` on the codes.
    /// A design held as its columns answers as the dense matrix (built once) unless a verb reads
    /// its columns itself (`columnsOrNil`).
    private func either<R>(_ dense: (Matrix) throws -> R, coded: (IndicatorBlock) throws -> R) rethrows -> R {
        switch storage {
        case .dense(let matrix, _): try dense(matrix)
        case .coded(let block): try coded(block)
        case .columns(let stored): try dense(stored.materialized())
        }
    }

    /// The columns of a design held as its columns; nil otherwise.
    package var columnsOrNil: DesignColumns? {
        if case .columns(let stored) = storage { stored } else { nil }
    }

    /// The same design with every entry stored, its block (if any) still swept through: for the
    /// paths that read every entry of every row many times (Firth's hat values in each iteration).
    /// n·p doubles: callers check the memory first (`ModelFrame.checkedDesign()`).
    public func storedDense() -> DesignMatrix {
        if let stored = columnsOrNil { return DesignMatrix(stored.materialized(), block: nil, strategy: strategy) }
        return either({ _ in self }, coded: { block in DesignMatrix(materialized(), block: block, strategy: strategy) })
    }

    /// A dense design of the same strategy (the block looked for again: a subset of the rows may
    /// leave a level without rows, which ends a run of indicator columns).
    private func redetected(_ matrix: Matrix) -> DesignMatrix { DesignMatrix(matrix, storage: strategy) }

    /// The dense n × p matrix: the stored one, or built from the codes (n·p doubles; callers check
    /// the memory first, as `ModelFrame.checkedDesign()` does).
    public func materialized() -> Matrix {
        either({ $0 }, coded: { Self.denseMatrix(of: $0) })
    }

    /// The n × p matrix a block describes: its dense columns and every factor's indicators
    /// written out.
    private static func denseMatrix(of block: IndicatorBlock) -> Matrix {
        let rows = block.others.rows, columns = block.others.columns + block.columns.count
        let parts = Parts(block: block)
        var storage = LargeBuffers.filled(0.0, count: rows * columns)
        storage.withUnsafeMutableBufferPointer { values in
            parts.dense.storage.withUnsafeBufferPointer { dense in
                for (c, j) in parts.denseColumns.enumerated() {
                    for i in 0..<rows { values[j * rows + i] = dense[c * rows + i] }
                }
            }
            for factor in parts.factors {
                for i in 0..<rows where factor.level[i] >= 0 { values[factor.columns[Int(factor.level[i])] * rows + i] = 1 }
            }
        }
        return Matrix(rows: rows, columns: columns, columnMajor: storage)
    }

    /// A design as it is stored: the dense columns (one matrix, and the design column of each)
    /// and each coded factor (its level codes, and the design column of each level). A design
    /// with several coded factors nests them (`IndicatorBlock.others`); its parts are the
    /// flattened view, for the verbs that read a row at a time.
    package struct Parts: Sendable {
        /// The stored dense columns.
        package let dense: Matrix
        /// The design column of each of `dense`'s columns.
        package let denseColumns: [Int]
        /// Each coded factor: per row its level (−1: none of its columns), and per level its column.
        package let factors: [(level: [Int32], columns: [Int])]

        /// The parts of a dense design.
        init(matrix: Matrix) {
            dense = matrix
            denseColumns = Array(0..<matrix.columns)
            factors = []
        }

        /// The parts of a coded design with block `block`.
        init(block: IndicatorBlock) {
            let inner = block.otherParts
            dense = inner.dense
            denseColumns = inner.denseColumns.map { block.denseColumns[$0] }
            factors = [(block.level, Array(block.columns))] + inner.factors.map { ($0.level, $0.columns.map { block.denseColumns[$0] }) }
        }
    }

    /// The design's stored parts (`Parts`).
    package var parts: Parts {
        either({ Parts(matrix: $0) }, coded: { Parts(block: $0) })
    }

    /// The number of factors held as codes (0 for a dense design; 2 for `C(g) + C(h)` with both
    /// factors beyond the storage's threshold).
    public var codedFactorCount: Int { codedBlock.map { 1 + $0.others.codedFactorCount } ?? 0 }

    /// Element (i, j).
    public subscript(i: Int, j: Int) -> Double {
        if let stored = columnsOrNil { return stored.stored[j][i] }
        return either({ $0[i, j] }, coded: { block in
            if block.columns.contains(j) { return Int(block.level[i]) == j - block.columns.lowerBound ? 1 : 0 }
            return block.others[i, block.denseIndex(of: j)]
        })
    }

    /// Column j as an array.
    public func column(_ j: Int) -> [Double] {
        if let stored = columnsOrNil {
            switch stored.stored[j] {
            case .values(let values): return values
            case .constant(let value): return [Double](repeating: value, count: rows)
            }
        }
        return either({ $0.column(j) }, coded: { block in
            if block.columns.contains(j) {
                let code = Int32(j - block.columns.lowerBound)
                return block.level.map { $0 == code ? 1 : 0 }
            }
            return block.others.column(block.denseIndex(of: j))
        })
    }

    /// Calls `body` with column j's entries.
    public func withColumn<R>(_ j: Int, _ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        if columnsOrNil != nil { return try column(j).withUnsafeBufferPointer(body) }
        return try either({ try $0.withColumn(j, body) }, coded: { block in
            block.columns.contains(j) ? try column(j).withUnsafeBufferPointer(body)
                : try block.others.withColumn(block.denseIndex(of: j), body)
        })
    }

    /// Row i as an array.
    public func row(_ i: Int) -> [Double] {
        if let stored = columnsOrNil { return stored.stored.map { $0[i] } }
        return either({ $0.row(i) }, coded: { _ in (0..<columns).map { self[i, $0] } })
    }

    /// Xβ over the rows in `rowRange`.
    public func multiplied(by coefficients: [Double], rows rowRange: Range<Int>) -> [Double] {
        if let stored = columnsOrNil { return stored.multiplied(by: coefficients, rows: rowRange) }
        return either({ $0.multiplied(by: coefficients, rows: rowRange) }, coded: { block in
            var eta = block.others.multiplied(by: block.denseColumns.map { coefficients[$0] }, rows: rowRange)
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
            for (c, value) in block.others.transposeMultiplied(by: vector).enumerated() { result[block.denseColumns[c]] = value }
            for i in 0..<rows where block.level[i] >= 0 { result[block.columns.lowerBound + Int(block.level[i])] += vector[i] }
            return result
        })
    }

    /// Whether some column is constant and nonzero (an intercept, or what acts as one).
    public var hasConstantColumn: Bool {
        if let stored = columnsOrNil {
            guard rows > 0 else { return false }
            return stored.stored.contains { column in
                switch column {
                case .constant(let value): return value != 0 && value == value   // as the stored column: NaN is not constant
                case .values(let values): return values[0] != 0 && values.allSatisfy { $0 == values[0] }
                }
            }
        }
        return either({ $0.hasConstantColumn }, coded: { block in
            // An indicator column is constant only when every row holds its level.
            if rows > 0, block.level.allSatisfy({ $0 == block.level[0] && $0 >= 0 }) { return true }
            return block.others.hasConstantColumn
        })
    }

    /// The first non-finite entry, column by column (the indicators are 0 or 1).
    public var firstNonFiniteElement: (row: Int, column: Int)? {
        if let stored = columnsOrNil {
            for (j, column) in stored.stored.enumerated() {
                switch column {
                case .constant(let value): if !value.isFinite, rows > 0 { return (0, j) }
                case .values(let values): if let i = values.firstIndex(where: { !$0.isFinite }) { return (i, j) }
                }
            }
            return nil
        }
        return either({ $0.firstNonFiniteElement }, coded: { block in
            guard let bad = block.others.firstNonFiniteElement else { return nil }
            return (bad.row, block.denseColumns[bad.column])
        })
    }

    /// Per column, the largest |xᵢⱼ| over `rows` (0 for a column that is zero there); a coded
    /// level's is 1 where one of `rows` holds it. Dense columns are read through the storage, not
    /// by element subscripts.
    public func largestMagnitudes(rows: [Int]) -> [Double] {
        if let stored = columnsOrNil {
            return stored.stored.map { column in
                var largest = 0.0
                for i in rows { largest = max(largest, abs(column[i])) }
                return largest
            }
        }
        return either({ matrix in
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
            for (c, value) in block.others.largestMagnitudes(rows: rows).enumerated() { largest[block.denseColumns[c]] = value }
            for i in rows where block.level[i] >= 0 { largest[block.columns.lowerBound + Int(block.level[i])] = 1 }
            return largest
        })
    }

    /// The rows `indices`, in that order (coded stays coded).
    public func selectingRows(_ indices: [Int]) -> DesignMatrix {
        if let stored = columnsOrNil {
            precondition(indices.allSatisfy { $0 >= 0 && $0 < rows }, "row index out of range")
            return DesignMatrix(columns: DesignColumns(rows: indices.count, columns: stored.stored.map { column in
                switch column {
                case .values(let values): .values(indices.map { values[$0] })
                case .constant: column
                }
            }), strategy: strategy)
        }
        return either({ matrix in
            redetected(matrix.selectingRows(indices))
        }, coded: { block in
            DesignMatrix(coded: IndicatorBlock(columns: block.columns, level: indices.map { block.level[$0] },
                                               denseColumns: block.denseColumns, others: block.others.selectingRows(indices)),
                         strategy: strategy)
        })
    }

    /// The columns `indices`, in that order: still coded where the block's kept columns stay
    /// together and in order (a subset of its levels — the fit's kept columns after a level is
    /// aliased — leaves the rows of the dropped levels without a 1), dense otherwise.
    public func selectingColumns(_ indices: [Int]) -> DesignMatrix {
        if let stored = columnsOrNil {
            return DesignMatrix(columns: DesignColumns(rows: rows, columns: indices.map { stored.stored[$0] }), strategy: strategy)
        }
        return either({ matrix in
            redetected(matrix.selectingColumns(indices))
        }, coded: { block in
            let kept = indices.enumerated().filter { block.columns.contains($0.element) }
            if kept.isEmpty {
                let positions = indices.map { block.denseIndex(of: $0) }
                // A dense remainder is looked at again for a block, as any dense design is.
                if !block.others.isCoded, let matrix = block.others.matrix { return redetected(matrix.selectingColumns(positions)) }
                return block.others.selectingColumns(positions)
            }
            let together = kept.enumerated().allSatisfy { offset, pair in pair.offset == (kept.first?.offset ?? 0) + offset }
                && zip(kept, kept.dropFirst()).allSatisfy { $0.element < $1.element }
            // Selecting the indicators of 2,000 firms less the 4 aliased by 5 regions wrote the
            // whole design out: 152 s and 6.3 GB for 10⁵ rows (issue 35).
            guard together, let start = kept.first?.offset else { return redetected(materialized().selectingColumns(indices)) }
            var newLevel = [Int32](repeating: -1, count: block.columns.count)
            for (position, pair) in kept.enumerated() { newLevel[pair.element - block.columns.lowerBound] = Int32(position) }
            let level = kept.count == block.columns.count ? block.level : block.level.map { $0 >= 0 ? newLevel[Int($0)] : -1 }
            let others = indices.filter { !block.columns.contains($0) }
            let remainder = block.others.selectingColumns(others.map { block.denseIndex(of: $0) })
            let newColumns = start..<(start + kept.count)
            let denseColumns = (0..<indices.count).filter { !newColumns.contains($0) }
            return DesignMatrix(coded: IndicatorBlock(columns: newColumns, level: level, denseColumns: denseColumns, others: remainder),
                                strategy: strategy)
        })
    }

    /// XᵀWX for row weights `weights` (`Matrix.weightedCrossProduct`), through the block where
    /// there is one.
    public func weightedCrossProduct(weights: [Double]) -> Matrix {
        if let indicators { return indicators.weightedCrossProduct(weights: weights) }
        if let stored = columnsOrNil { return stored.weightedCrossProduct(weights: weights) }
        return materialized().weightedCrossProduct(weights: weights)
    }

    /// `weightedCrossProduct(weights:)` in the compact form where there is a block.
    package func weightedInformation(weights: [Double]) -> InformationMatrix {
        if let indicators { return .indicators(indicators.weightedSystem(weights: weights)) }
        if let stored = columnsOrNil { return .dense(stored.weightedCrossProduct(weights: weights)) }
        return .dense(materialized().weightedCrossProduct(weights: weights))
    }

    /// The objective of the sweep at `coefficients` (`SweepSource.sweepObjective`), without its
    /// normal equations; through the block's full sweep where there is one.
    package func sweepObjective(coefficients: [Double], kernel: @Sendable (inout RowBlock) -> Double) -> Double {
        if let indicators { return indicators.weightedNormalEquations(coefficients: coefficients, kernel: kernel).objective }
        if let stored = columnsOrNil { return stored.sweepObjective(coefficients: coefficients, kernel: kernel) }
        return materialized().sweepObjective(coefficients: coefficients, kernel: kernel)
    }

    /// The weighted normal equations of one IRLS sweep (`Matrix.weightedNormalEquations`), through
    /// the block where there is one.
    package func weightedNormalEquations(coefficients: [Double], kernel: @Sendable (inout RowBlock) -> Double) -> NormalEquations {
        if let indicators { return indicators.weightedNormalEquations(coefficients: coefficients, kernel: kernel) }
        if let stored = columnsOrNil { return stored.weightedNormalEquations(coefficients: coefficients, kernel: kernel) }
        return materialized().weightedNormalEquations(coefficients: coefficients, kernel: kernel)
    }
}
