import Dispatch
import ParallelSupport
import Foundation
import Tables
import LinearAlgebra
import LinearPredictor

/// One part of a design column: a numeric factor, or the indicator of one level of a categorical one.
enum ColumnPart: Sendable {
    case numeric(Factor)
    case indicator(Factor, level: Int)
}

/// A factor evaluated on the kept rows.
enum EvaluatedFactor: Sendable {
    case numeric([Double])
    /// Codes into `labels`; the reference level is `labels[0]`.
    case categorical(codes: [Int], labels: [String])
}

/// Builds the design matrix from a formula, following patsy's conventions (which statsmodels
/// uses): terms are grouped by their set of numeric factors — the group without numeric factors
/// (holding the intercept) first, then groups in order of appearance — and sorted by the number
/// of factors within a group. A categorical factor in a term is coded with treatment contrasts
/// (reference level dropped, columns `name[T.level]`) when the term's margin without it is
/// already in the group, and in full (`name[level]`) otherwise. In an interaction the first
/// factor's levels vary fastest.
///
/// Known divergence: an interaction of two categorical factors with neither main effect, e.g.
/// `y ~ C(a):C(b)`, gets R's full coding (rank-deficient with an intercept; the aliased columns are
/// then reported) rather than patsy's subterm expansion.
struct DesignBuilder {
    let design: DesignMatrix
    let columnNames: [String]
    let terms: [DesignTerm]
    /// How each design column is formed: a product of parts.
    let recipes: [[ColumnPart]]
    /// Every factor evaluated on the kept rows.
    let evaluated: [Factor: EvaluatedFactor]

    init(formula: Formula, columns: [String: Column], rowIndices: [Int], droppedRows: Int, storage storageStrategy: DesignStorage) throws {
        let n = rowIndices.count
        var evaluated = [Factor: EvaluatedFactor]()
        let scanned = DesignBuilder.firstNonFinite(formula.terms.flatMap(\.factors), columns: columns)
        for factor in formula.terms.flatMap(\.factors) where evaluated[factor] == nil {
            evaluated[factor] = try DesignBuilder.evaluate(factor, columns: columns, rowIndices: rowIndices, droppedRows: droppedRows,
                                                           firstNonFinite: scanned)
        }
        func isNumeric(_ factor: Factor) -> Bool {
            if case .numeric = evaluated[factor] { return true }
            return false
        }
        // patsy's buckets by numeric-factor set; the categorical-only bucket first.
        let allTerms = (formula.hasIntercept ? [Term([])] : []) + formula.terms
        // The widest main effect of one categorical factor with more levels than the storage's
        // block threshold is held as codes (`DesignMatrix`): its n × L indicators are never written.
        // Only beside another term: a design that is the factor alone (`y ~ 0 + C(g)`, a cell-means
        // model) has no dense column for the block's Schur complement, and is held dense.
        let threshold = allTerms.count > 1 ? storageStrategy.blockThreshold : nil
        // Every such main effect is held as codes (`C(g) + C(h)`: two-way fixed effects reporting
        // every level); the widest is the block the Schur complement eliminates.
        let codedTerms = Set(threshold.map { threshold in allTerms.filter { DesignBuilder.levelCount($0, evaluated) > threshold } } ?? [])
        try DesignBuilder.checkSize(terms: allTerms, evaluated: evaluated, rows: n, coded: codedTerms)
        var bucketKeys = [Set<Factor>]()
        var buckets = [Set<Factor>: [Term]]()
        for term in allTerms {
            let key = Set(term.factors.filter(isNumeric))
            if buckets[key] == nil { bucketKeys.append(key) }
            buckets[key, default: []].append(term)
        }
        if let emptyIndex = bucketKeys.firstIndex(of: []) { bucketKeys.insert(bucketKeys.remove(at: emptyIndex), at: 0) }

        // What each dense column holds, gathered first; the one column-major buffer is written
        // at the end, its columns in parallel (`DesignFill`).
        var fills = [DesignFill]()
        var blocks = [(columns: Range<Int>, level: [Int32])]()
        var columnCount = 0
        var names = [String]()
        var recipes = [[ColumnPart]]()
        var designTerms = [DesignTerm]()
        for key in bucketKeys {
            let ordered = (buckets[key] ?? []).enumerated().sorted {
                ($0.element.factors.count, $0.offset) < ($1.element.factors.count, $1.offset)
            }.map(\.element)
            var present = Set<Term>()
            var marginSpanned = false   // the bucket's term without categorical factors is spanned
            for term in ordered {
                let categorical = term.factors.filter { !isNumeric($0) }
                var reduced = [Factor: Bool]()
                for factor in categorical {
                    reduced[factor] = categorical.count == 1
                        ? marginSpanned
                        : present.contains(Term(term.factors.filter { $0 != factor }))
                }
                if categorical.isEmpty || (categorical.count == 1 && reduced[categorical[0]] == false) { marginSpanned = true }
                present.insert(term)
                let start = columnCount
                // A factor's main effect: its indicators written straight into the design, not
                // built as one n-vector per level and copied in (two fresh n × L buffers).
                if term.factors.count == 1, case .categorical(let codes, let labels)? = evaluated[term.factors[0]] {
                    let factor = term.factors[0]
                    let isReduced = reduced[factor] ?? true
                    let levelRange = isReduced ? 1..<labels.count : 0..<labels.count
                    if codedTerms.contains(term), let threshold, levelRange.count >= threshold {
                        blocks.append((start..<(start + levelRange.count),
                                       codes.map { levelRange.contains($0) ? Int32($0 - levelRange.lowerBound) : -1 }))
                    } else {
                        fills.append(.indicators(codes: codes, levels: levelRange))
                    }
                    for level in levelRange {
                        names.append(factor.name + (isReduced ? "[T.\(labels[level])]" : "[\(labels[level])]"))
                        recipes.append([.indicator(factor, level: level)])
                        columnCount += 1
                    }
                    designTerms.append(DesignTerm(name: term.name, columns: start..<columnCount))
                    continue
                }
                // The seed's values are never read (the first factor's parts replace them), so it
                // holds none: a column of ones per term was written on one core and dropped.
                var combinations: [(name: String, values: [Double], parts: [ColumnPart])] = [("", [], [])]
                var first = true
                for factor in term.factors {
                    let parts: [(String, [Double], ColumnPart)]
                    switch evaluated[factor] {
                    case .numeric(let values):
                        parts = [(factor.name, values, .numeric(factor))]
                    case .categorical(let codes, let labels):
                        let isReduced = reduced[factor] ?? true
                        let levelRange = isReduced ? 1..<labels.count : 0..<labels.count
                        parts = levelRange.map { level in
                            (factor.name + (isReduced ? "[T.\(labels[level])]" : "[\(labels[level])]"),
                             codes.map { $0 == level ? 1.0 : 0.0 }, .indicator(factor, level: level))
                        }
                    case nil:
                        parts = []
                    }
                    // First factor varies fastest: new factor's levels form the outer loop.
                    var next = [(name: String, values: [Double], parts: [ColumnPart])]()
                    for part in parts {
                        for combination in combinations {
                            next.append((first ? part.0 : combination.name + ":" + part.0,
                                         first ? part.1 : zip(combination.values, part.1).map { $0 * $1 }, combination.parts + [part.2]))
                        }
                    }
                    combinations = next
                    first = false
                }
                if term.factors.isEmpty { combinations = [("Intercept", [], [])] }
                for combination in combinations {
                    names.append(combination.name)
                    fills.append(term.factors.isEmpty ? .constant(1) : .values(combination.values))
                    columnCount += 1
                    recipes.append(combination.parts)
                }
                designTerms.append(DesignTerm(name: term.name, columns: start..<columnCount))
            }
        }
        // Numeric columns and the intercept alone, fewer than a block's threshold (so none could be
        // found among them): held as the columns they are, not copied into an n × p buffer.
        if blocks.isEmpty, fills.count < (storageStrategy.blockThreshold ?? Int.max),
           let held = DesignFill.heldAsColumns(fills, rows: n) {
            self.design = DesignMatrix(columns: held, strategy: storageStrategy)
            self.columnNames = names
            self.terms = designTerms
            self.recipes = recipes
            self.evaluated = evaluated
            return
        }
        let storage = DesignFill.assemble(fills, rows: n)
        if !blocks.isEmpty {
            let codedCount = blocks.reduce(0) { $0 + $1.columns.count }
            let dense = Matrix(rows: n, columns: columnCount - codedCount, columnMajor: storage)
            self.design = DesignMatrix(dense: dense, codedFactors: blocks, strategy: storageStrategy)
        } else {
            self.design = DesignMatrix(Matrix(rows: n, columns: columnCount, columnMajor: storage), storage: storageStrategy)
        }
        self.columnNames = names
        self.terms = designTerms
        self.recipes = recipes
        self.evaluated = evaluated
    }

    /// Throws `designTooLarge` before any column is built when the model could not fit in memory:
    /// each term needs at most Π(levels) columns (numeric factors count 1); the design is held
    /// twice while it is assembled and the fit keeps about four p × p matrices; together they may
    /// take at most half the physical memory.
    /// Without the check a factor like `C(firm_id)` with 10⁵ levels on 10⁶ rows made the
    /// allocation fail, which traps (hardening issue: wide inputs fail with a clear error).
    /// A main effect held as codes (`coded`) counts 4 bytes a row instead of its columns.
    /// Returns the bound on the number of columns, in all and outside the coded term.
    @discardableResult
    static func checkSize(terms: [Term], evaluated: [Factor: EvaluatedFactor], rows n: Int, coded: Set<Term> = [],
                          memory: Double = Double(ProcessInfo.processInfo.physicalMemory)) throws -> (total: Double, dense: Double) {
        var width = 0.0, widest = (name: "", columns: 0.0), codedWidth = 0.0
        for term in terms {
            var columns = 1.0
            for factor in term.factors {
                if case .categorical(_, let labels) = evaluated[factor] { columns *= Double(labels.count) }
            }
            width += columns
            if coded.contains(term) { codedWidth += columns }
            if columns > widest.columns { widest = (term.name, columns) }
        }
        let dense = width - codedWidth
        // The design twice while it is assembled, plus about ten p × p matrices while it is fitted
        // (the workers' partial cross-products, the information and its equilibrated factor, the
        // covariance, robust meat and bread), as measured (Docs/performance.md); a bound of four
        // let a design pass that then outgrew the memory.
        // A coded factor (`DesignMatrix`) keeps 4 bytes of code per row instead of its columns.
        let bytes = 2 * 8 * dense * Double(n) + 4 * Double(n) * Double(coded.count) + 10 * 8 * width * width
        guard bytes <= memory / 2 else {
            throw FormulaError.designTooLarge(rows: n, columns: width, gigabytes: bytes / 1e9, widestTerm: widest.name,
                                              widestColumns: widest.columns)
        }
        return (width, dense)
    }

    /// The number of levels of a one-factor categorical term (0 for any other term).
    static func levelCount(_ term: Term, _ evaluated: [Factor: EvaluatedFactor]) -> Int {
        guard term.factors.count == 1, case .categorical(_, let labels)? = evaluated[term.factors[0]] else { return 0 }
        return labels.count
    }

    /// For each numeric column a variable factor names, the index of its first non-finite value
    /// (nil where every value is finite), the columns scanned side by side on large data: on one
    /// core the 20 columns of the 10⁶-row fit took 0.02 s before the design was written.
    static func firstNonFinite(_ factors: [Factor], columns: [String: Column]) -> [String: Int?] {
        var names = [String]()
        for factor in factors {
            if case .variable(let name) = factor, !names.contains(name), case .numeric? = columns[name]?.values { names.append(name) }
        }
        let scanned = Locked([String: Int?]()), scannedNames = names
        let scan: @Sendable (Int) -> Void = { k in
            guard case .numeric(let values)? = columns[scannedNames[k]]?.values else { return }
            let bad = values.firstIndex(where: { !$0.isFinite })
            scanned.withLock { $0[scannedNames[k]] = .some(bad) }
        }
        let total = names.reduce(0) { $0 + (columns[$1]?.count ?? 0) }
        if total >= 1 << 20 && names.count > 1 {
            DispatchQueue.concurrentPerform(iterations: names.count, execute: scan)
        } else {
            for k in names.indices { scan(k) }
        }
        return scanned.withLock { $0 }
    }

    /// Evaluates one factor on the kept rows. `firstNonFinite`: each named numeric column's first
    /// non-finite index, when already scanned.
    static func evaluate(_ factor: Factor, columns: [String: Column], rowIndices: [Int],
                         droppedRows: Int, firstNonFinite: [String: Int?] = [:]) throws -> EvaluatedFactor {
        switch factor {
        case .variable(let name):
            guard let column = columns[name] else { return .numeric([]) }
            if case .numeric(let values) = column.values {
                if let bad = firstNonFinite[name] ?? values.firstIndex(where: { !$0.isFinite }) {
                    throw FormulaError.nonFiniteValue(term: name, row: rowIndices[bad], input: "\(name) = \(values[bad])")
                }
                return .numeric(values)
            }
            return try categorical(column, reference: nil, droppedRows: droppedRows)
        case .categorical(let name, let reference, _):
            guard let column = columns[name] else { return .numeric([]) }
            return try categorical(column, reference: reference, droppedRows: droppedRows)
        case .transformed(let expression, let termName):
            var inputs = [String: [Double]]()
            for name in expression.columns {
                guard let column = columns[name] else { continue }
                guard case .numeric(let values) = column.values else {
                    throw FormulaError.categoricalInArithmetic(term: termName, column: name)
                }
                inputs[name] = values
            }
            let values = expression.evaluate(inputs, count: rowIndices.count)
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                let input = expression.columns.map { "\($0) = \(Column.format(inputs[$0]?[bad] ?? .nan))" }.joined(separator: ", ")
                throw FormulaError.nonFiniteValue(term: termName, row: rowIndices[bad], input: input)
            }
            return .numeric(values)
        }
    }

    /// Levels present among the kept rows, sorted (numerically for numeric columns, in
    /// code-point order otherwise; `False` < `True`), the reference moved first.
    static func categorical(_ column: Column, reference: String?, droppedRows: Int) throws -> EvaluatedFactor {
        var labels: [String]
        var codes: [Int]
        switch column.values {
        case .categorical(let sourceCodes, let levels):
            let present = Set(sourceCodes)
            labels = levels.indices.filter { present.contains($0) }.map { levels[$0] }.sorted(by: Column.levelOrder)
            let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
            codes = sourceCodes.map { index[levels[$0]] ?? 0 }
        case .boolean(let values):
            labels = ["False", "True"].filter { label in values.contains(label == "True") }
            codes = values.map { labels.firstIndex(of: $0 ? "True" : "False") ?? 0 }
        case .numeric(let values):
            let distinct = Array(Set(values)).sorted()
            labels = distinct.map { Column.format($0) }
            let index = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
            codes = values.map { index[$0] ?? 0 }
        }
        if let reference {
            guard let position = labels.firstIndex(of: reference) else {
                throw FormulaError.unknownReferenceLevel(column: column.name, level: reference, levels: labels)
            }
            labels.insert(labels.remove(at: position), at: 0)
            codes = codes.map { $0 == position ? 0 : ($0 < position ? $0 + 1 : $0) }
        }
        guard labels.count >= 2 else {
            throw FormulaError.singleLevelFactor(column: column.name, levels: labels, droppedRows: droppedRows)
        }
        return .categorical(codes: codes, labels: labels)
    }
}
