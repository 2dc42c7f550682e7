import Foundation
import Tables
import LinearAlgebra
import LinearPredictor

/// What the response of a model must be.
public enum ResponseKind: Sendable, Equatable {
    /// Any numeric column.
    case numeric
    /// A binary outcome: 0/1, true/false, or a two-level factor. For a factor the event
    /// (coded 1) is `eventLevel`, or by default the second level in sorted order, as R's `glm`.
    case binary(eventLevel: String?)
}

/// A factor absorbed with fixest's notation (`y ~ x | g`): its level code on each kept row.
public struct AbsorbedFactor: Sendable, Equatable {
    /// The column.
    public let name: String
    /// Per kept row, the level's index in `levels`.
    public let codes: [Int32]
    /// The levels in order of first appearance.
    public let levels: [String]
}

/// The columns of the design that one term produced, e.g. all sector dummies of `C(sector)`.
public struct DesignTerm: Sendable, Equatable {
    /// Term name: `Intercept`, `C(sector)`, `log(employees)`, `x1:x2`.
    public let name: String
    /// The design columns of the term.
    public let columns: Range<Int>
}

/// Rows removed because a variable the model uses was missing, or (for a grouped binomial
/// response) because they have no trials.
public struct DroppedRows: Sendable, Equatable, CustomStringConvertible {
    /// Why rows are removed.
    public enum Reason: String, Sendable, Equatable {
        /// A value the model reads is missing.
        case missing
        /// A grouped response `cbind(s, f)` with s + f = 0: the row carries no trial (R gives it
        /// weight 0).
        case zeroTrials
    }
    /// The column (the first missing one in the row, in formula order; for `.zeroTrials` the
    /// response, `cbind(s, f)`).
    public let column: String
    /// Number of rows.
    public let count: Int
    /// Why.
    public let reason: Reason

    /// `count` rows removed for `reason` in `column`.
    public init(column: String, count: Int, reason: Reason = .missing) {
        self.column = column
        self.count = count
        self.reason = reason
    }

    /// `x: 3`, or `cbind(s, f) with 0 trials: 2`.
    public var description: String { reason == .zeroTrials ? "\(column) with 0 trials: \(count)" : "\(column): \(count)" }
}

/// A formula evaluated on data: the response, the design matrix, and the bookkeeping that ties
/// them to the original rows.
///
/// Rows with a missing value in any variable the model uses — the response, every column a term
/// reads, and every auxiliary column (weights, cluster ids, strata, offsets) — are removed
/// together, so auxiliary columns stay aligned with the rows kept.
public struct ModelFrame: Sendable {
    /// The formula.
    public let formula: Formula
    /// The response column's name.
    public let responseName: String
    /// The response on the rows kept (0/1 for binary outcomes; for a grouped response
    /// `cbind(s, f)` the proportion s/(s + f)).
    public private(set) var response: [Double]
    /// For a grouped response `cbind(s, f)`, the trials s + f of each kept row (all positive: rows
    /// without trials are dropped, `DroppedRows.Reason.zeroTrials`); nil otherwise.
    public let trials: [Double]?
    /// For a binary factor or boolean outcome, the level coded 1.
    public let eventLevel: String?
    /// The design, one row per kept row, in the storage the frame was built with (`storage`):
    /// under `.automatic`, dense, or with its widest many-level factor main effect (more than 64
    /// levels) held as codes. Fits, covariances, separation checks and marginal effects work on it
    /// directly.
    public let designMatrix: DesignMatrix
    /// How the design holds a many-level factor (`DesignStorage`); designs for new data and
    /// counterfactuals are built the same way.
    public let storage: DesignStorage
    /// The design as a dense matrix: stored for most frames; for one with a coded factor it is
    /// built on each access (n·p doubles, unchecked), so prefer `designMatrix`, or
    /// `checkedDesign()`, which first checks that it fits in memory.
    public var design: Matrix { designMatrix.materialized() }
    /// Design column names, patsy/statsmodels style: `Intercept`, `C(sector)[T.Machinery]`.
    public let columnNames: [String]
    /// The terms in design order, each with its columns.
    public let terms: [DesignTerm]
    /// `rowIndices[i]` is the original data row of kept row `i`.
    public let rowIndices: [Int]
    /// Rows removed for missing values, by the column that caused it.
    public let droppedRows: [DroppedRows]
    /// Auxiliary columns, restricted to the kept rows.
    public let auxiliary: [String: Column]
    /// The factors absorbed after `|` (fixest's `y ~ x | g + h`), coded on the kept rows; empty
    /// otherwise. They are not in the design.
    public let absorbed: [AbsorbedFactor]
    /// How each design column is formed (for counterfactual designs).
    let recipes: [[ColumnPart]]
    /// Every factor evaluated on the kept rows.
    let evaluated: [Factor: EvaluatedFactor]
    /// Numeric data columns used by the formula, on the kept rows.
    let numericInputs: [String: [Double]]
    /// Whether the design has an intercept column.
    public var hasIntercept: Bool { formula.hasIntercept }
    /// Total number of rows removed.
    public var droppedRowCount: Int { droppedRows.reduce(0) { $0 + $1.count } }

    /// Evaluates `formula` on `data`.
    /// - Parameters:
    ///   - formula: the parsed formula.
    ///   - data: the table it reads.
    ///   - kind: what the response must be (binary outcomes are validated and coded 0/1).
    ///   - auxiliaryColumns: further columns to keep aligned (weights, cluster ids, …).
    ///   - storage: how a many-level factor is held (`DesignStorage`; every result is the same
    ///     under each, to rounding).
    /// - Throws: `FormulaError` (unknown columns, non-binary outcomes, single-level factors,
    ///   non-finite transforms, …).
    public init(formula: Formula, data: DataTable, response kind: ResponseKind = .numeric,
                auxiliaryColumns: [String] = [], storage: DesignStorage = .automatic) throws {
        guard let responseName = formula.response else { throw FormulaError.missingResponse(formula: formula.text) }
        let factorColumns = formula.terms.flatMap { $0.factors.flatMap(\.columns) }
        var used = [String]()
        let responseColumns = formula.groupedResponse?.columns ?? [responseName]
        for name in responseColumns + factorColumns + formula.absorbed + auxiliaryColumns where !used.contains(name) { used.append(name) }
        let columns = try used.map { name -> Column in
            guard let column = data[name] else {
                throw FormulaError.unknownColumn(name: name, suggestion: closestName(to: name, in: data.columnNames),
                                                 available: data.columnNames)
            }
            return column
        }
        // Listwise deletion, attributing each removed row to its first missing column.
        // Only the columns with a missing value are asked, row by row (a column without one can
        // never be a row's first missing column); without any, every row is kept at once.
        var kept = [Int]()
        var dropCounts = [Int](repeating: 0, count: columns.count)
        let masks = columns.map(\.missing)
        let incomplete = masks.indices.filter { masks[$0].contains(true) }
        if incomplete.isEmpty {
            kept = Array(0..<data.rowCount)
        } else {
            kept.reserveCapacity(data.rowCount)
            for row in 0..<data.rowCount {
                if let first = incomplete.first(where: { masks[$0][row] }) { dropCounts[first] += 1 } else { kept.append(row) }
            }
        }
        var dropped = zip(used, dropCounts).filter { $0.1 > 0 }.map { DroppedRows(column: $0.0, count: $0.1) }
        var grouped: (proportions: [Double], trials: [Double])?
        if let response = formula.groupedResponse {
            let counts = try ModelFrame.groupedCounts(response, columns: Dictionary(uniqueKeysWithValues: zip(used, columns)), rows: kept)
            // Rows without trials carry nothing (R: weight 0); they are dropped and reported.
            let withTrials = kept.indices.filter { counts.trials[$0] > 0 }
            if withTrials.count < kept.count {
                dropped.append(DroppedRows(column: response.name, count: kept.count - withTrials.count, reason: .zeroTrials))
                kept = withTrials.map { kept[$0] }
            }
            grouped = (withTrials.map { counts.successes[$0] / counts.trials[$0] }, withTrials.map { counts.trials[$0] })
        }
        guard !kept.isEmpty else {
            throw FormulaError.noCompleteRows(droppedBecause: Dictionary(uniqueKeysWithValues: dropped.map { ($0.column, $0.count) }))
        }
        let droppedTotal = data.rowCount - kept.count
        // With no row dropped the columns are shared, not copied.
        let keptColumns = Dictionary(uniqueKeysWithValues: zip(used, columns.map { droppedTotal == 0 ? $0 : $0.selectingRows(kept) }))

        self.formula = formula
        self.responseName = responseName
        self.rowIndices = kept
        self.droppedRows = dropped
        self.auxiliary = Dictionary(uniqueKeysWithValues: auxiliaryColumns.compactMap { name in keptColumns[name].map { (name, $0) } })
        self.absorbed = formula.absorbed.compactMap { name in keptColumns[name].map { ModelFrame.absorbedFactor($0, rows: kept.count) } }
        if let grouped {
            (self.response, self.eventLevel, self.trials) = (grouped.proportions, nil, grouped.trials)
        } else {
            let responseColumn = keptColumns[responseName] ?? columns[0]
            (self.response, self.eventLevel) = try ModelFrame.codeResponse(responseColumn, kind: kind)
            self.trials = nil
        }
        let builder = try DesignBuilder(formula: formula, columns: keptColumns, rowIndices: kept, droppedRows: droppedTotal,
                                        storage: storage)
        self.storage = storage
        self.designMatrix = builder.design
        self.columnNames = builder.columnNames
        self.terms = builder.terms
        self.recipes = builder.recipes
        self.evaluated = builder.evaluated
        self.numericInputs = keptColumns.compactMapValues { $0.numericValues }
    }

    /// The dense design (`design`) after checking that it fits in memory
    /// (`DesignMatrix.checkedMaterialized`).
    /// - Throws: `FormulaError.designTooLarge` where a coded factor's dense design would not fit.
    public func checkedDesign(memory: Double = Double(ProcessInfo.processInfo.physicalMemory)) throws -> Matrix {
        try checkedDesign(design: designMatrix, memory: memory)
    }

    /// `design` (this frame's or one derived from it) as a dense matrix, checked as `checkedDesign()`
    /// (the error names the frame's widest term).
    public func checkedDesign(design: DesignMatrix,
                              memory: Double = Double(ProcessInfo.processInfo.physicalMemory)) throws -> Matrix {
        let widest = terms.max { $0.columns.count < $1.columns.count }
        return try design.checkedMaterialized(widestTerm: widest?.name ?? "", memory: memory)
    }

    /// The same frame with a 0/1 response recoded as 1 − y (the event is the 0).
    public func withFlippedResponse() -> ModelFrame {
        var copy = self
        copy.response = response.map { 1 - $0 }
        return copy
    }

    /// Convenience: parses `formula` first.
    public init(formula: String, data: DataTable, response kind: ResponseKind = .numeric,
                auxiliaryColumns: [String] = [], storage: DesignStorage = .automatic) throws {
        try self.init(formula: Formula(formula), data: data, response: kind, auxiliaryColumns: auxiliaryColumns, storage: storage)
    }

    /// A column's level codes on its rows (levels in order of first appearance).
    static func absorbedFactor(_ column: Column, rows: Int) -> AbsorbedFactor {
        var index = [String: Int32](), levels = [String](), codes = [Int32]()
        codes.reserveCapacity(rows)
        for row in 0..<rows {
            let text = column.text(at: row) ?? ""
            if let code = index[text] { codes.append(code); continue }
            let code = Int32(levels.count)
            index[text] = code
            levels.append(text)
            codes.append(code)
        }
        return AbsorbedFactor(name: column.name, codes: codes, levels: levels)
    }

    /// The successes and trials of a grouped response on `rows` (data rows without missing
    /// values): each count finite, whole and at least 0.
    /// - Throws: `FormulaError.categoricalInArithmetic` for a count read from a categorical column,
    ///   `.invalidCount` for a count that is negative, fractional or not finite (a negative
    ///   failure count is more successes than trials).
    static func groupedCounts(_ response: GroupedResponse, columns: [String: Column], rows: [Int]) throws
        -> (successes: [Double], trials: [Double]) {
        var inputs = [String: [Double]]()
        for name in response.columns {
            guard let values = columns[name]?.numericValues else {
                throw FormulaError.categoricalInArithmetic(term: response.name, column: name)
            }
            inputs[name] = rows.map { values[$0] }
        }
        let successes = response.successes.evaluate(inputs, count: rows.count)
        let failures = response.failures.evaluate(inputs, count: rows.count)
        for (part, values) in [("successes", successes), ("failures", failures)] {
            if let k = values.indices.first(where: { !(values[$0] >= 0 && values[$0].isFinite) || values[$0].rounded() != values[$0] }) {
                throw FormulaError.invalidCount(response: response.name, part: part, row: rows[k], value: values[k])
            }
        }
        return (successes, zip(successes, failures).map { $0 + $1 })
    }

    /// The response as numbers (0/1 for binary outcomes) and the event level.
    static func codeResponse(_ column: Column, kind: ResponseKind) throws -> ([Double], String?) {
        switch (kind, column.values) {
        case (.numeric, .numeric(let values)):
            return (values, nil)
        case (.numeric, _):
            throw FormulaError.categoricalInArithmetic(term: "the response", column: column.name)
        case (.binary, .numeric(let values)):
            let offending = values.filter { $0 != 0 && $0 != 1 }
            guard offending.isEmpty else {
                let distinct = Array(Set(offending)).sorted().prefix(5).map { Column.format($0) }
                throw FormulaError.nonBinaryOutcome(column: column.name, offendingValues: distinct, offendingRows: offending.count)
            }
            return (values, nil)
        case (.binary(let event), .boolean(let values)):
            if let event, event.lowercased() != "true" && event.lowercased() != "false" {
                throw FormulaError.unknownEventLevel(column: column.name, level: event, levels: ["false", "true"])
            }
            let eventIsFalse = event?.lowercased() == "false"
            return (values.map { ($0 != eventIsFalse) ? 1 : 0 }, eventIsFalse ? "false" : "true")
        case (.binary(let event), .categorical(let codes, let levels)):
            let present = Array(Set(codes)).sorted().map { levels[$0] }.sorted(by: Column.levelOrder)
            guard present.count == 2 else {
                throw FormulaError.nonBinaryOutcome(column: column.name, offendingValues: Array(present.prefix(10)), offendingRows: 0)
            }
            let eventLevel = event ?? present[1]
            guard present.contains(eventLevel) else {
                throw FormulaError.unknownEventLevel(column: column.name, level: eventLevel, levels: present)
            }
            return (codes.map { levels[$0] == eventLevel ? 1 : 0 }, eventLevel)
        }
    }
}

extension DesignMatrix {
    /// `materialized()` after the design builder's check for a dense design (the n·p doubles held
    /// twice and ten p × p matrices within half the physical memory); the stored matrix where
    /// there is one.
    /// - Throws: `FormulaError.designTooLarge` where a coded factor's dense design would not fit.
    public func checkedMaterialized(widestTerm: String = "",
                                    memory: Double = Double(ProcessInfo.processInfo.physicalMemory)) throws -> Matrix {
        if let matrix { return matrix }
        try Self.checkDenseFits(rows: rows, columns: columns, storedColumns: columns, widestTerm: widestTerm,
                                widestColumns: indicatorColumns?.count ?? columns, memory: memory)
        return materialized()
    }

    /// `storedDense()` after the check of `checkedMaterialized` (for Firth's fit, whose hat
    /// values read every entry in each iteration).
    /// - Throws: `FormulaError.designTooLarge` where a coded factor's dense design would not fit.
    public func checkedStoredDense(widestTerm: String = "",
                                   memory: Double = Double(ProcessInfo.processInfo.physicalMemory)) throws -> DesignMatrix {
        if matrix == nil {
            try Self.checkDenseFits(rows: rows, columns: columns, storedColumns: columns, widestTerm: widestTerm,
                                    widestColumns: indicatorColumns?.count ?? columns, memory: memory)
        }
        return storedDense()
    }

    /// The design builder's memory rule for a design of `rows × columns` of which `storedColumns`
    /// are stored dense: those n·p_s doubles held twice and ten p × p matrices within half the
    /// physical memory.
    /// - Throws: `FormulaError.designTooLarge`.
    static func checkDenseFits(rows: Int, columns: Int, storedColumns: Int, widestTerm: String, widestColumns: Int,
                               memory: Double) throws {
        let n = Double(rows), p = Double(columns)
        let bytes = 2 * 8 * n * Double(storedColumns) + 10 * 8 * p * p
        guard bytes <= memory / 2 else {
            throw FormulaError.designTooLarge(rows: rows, columns: p, gigabytes: bytes / 1e9,
                                              widestTerm: widestTerm, widestColumns: Double(widestColumns))
        }
    }
}
