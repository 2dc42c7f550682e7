import Foundation
import Tables
import LinearAlgebra
import LinearPredictor

/// Errors in building a design for new data.
public enum NewDataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A column the formula reads is not in the new data.
    case missingColumn(name: String, available: [String])
    /// A level that the model did not see when it was fitted.
    case unseenLevel(column: String, level: String, row: Int, levels: [String])
    /// A numeric column in the fit is text in the new data, or the reverse.
    case wrongType(column: String, expected: String)
    /// A transform is NaN or infinite on a row of the new data (e.g. `log(0)`).
    case nonFiniteValue(term: String, row: Int)

    public var description: String {
        switch self {
        case .missingColumn(let name, let available):
            return "the new data have no column '\(name)', which the model's formula reads; columns: \(MessageText.list(available))"
        case .unseenLevel(let column, let level, let row, let levels):
            return "row \(row + 1) of the new data has '\(level)' in '\(column)', a level the model was not fitted on; levels: \(MessageText.list(levels))"
        case .wrongType(let column, let expected):
            return "column '\(column)' of the new data must be \(expected), as in the data the model was fitted on"
        case .nonFiniteValue(let term, let row):
            return "\(term) is NaN or infinite in row \(row + 1) of the new data; remove that row or change its value"
        }
    }
}

extension ModelFrame {
    /// The design of `data` built with this frame's recipes: the same columns in the same order,
    /// factor levels coded against the fitted levels (an unseen level is an error), transforms such
    /// as `log(x)` and interactions recomputed. Rows with a missing value in a column the formula
    /// reads are left out; `rows[i]` is the data row of design row `i`. The design is held as this
    /// frame's is (`storage`): a coded factor stays codes, and the dense part is checked against
    /// the memory before it is built.
    /// - Throws: `NewDataError`, and `FormulaError.designTooLarge` where the dense part would not fit.
    public func design(for data: DataTable,
                       memory: Double = Double(ProcessInfo.processInfo.physicalMemory)) throws -> (design: DesignMatrix, rows: [Int]) {
        let names = variables
        var columns = [String: Column]()
        for name in names {
            guard let column = data[name] else { throw NewDataError.missingColumn(name: name, available: data.columnNames) }
            columns[name] = column
        }
        let rows = (0..<data.rowCount).filter { row in !names.contains { columns[$0]?.missing[row] ?? true } }
        var factors = [Factor: EvaluatedFactor]()
        for (factor, fitted) in evaluated {
            factors[factor] = try evaluateNew(factor, fitted: fitted, columns: columns, rows: rows)
        }
        let n = rows.count
        // The coded factors' columns (each contiguous), as the fitted design holds them.
        let blocks: [Range<Int>] = designMatrix.isCoded
            ? designMatrix.parts.factors.compactMap { factor in factor.columns.first.map { $0..<($0 + factor.columns.count) } } : []
        let denseColumns = (0..<recipes.count).filter { j in !blocks.contains { $0.contains(j) } }
        let widest = terms.max { $0.columns.count < $1.columns.count }
        try DesignMatrix.checkDenseFits(rows: n, columns: recipes.count, storedColumns: denseColumns.count,
                                        widestTerm: widest?.name ?? "", widestColumns: blocks.map(\.count).max() ?? recipes.count,
                                        memory: memory)
        func column(_ j: Int) -> [Double] {
            var column = [Double](repeating: 1, count: n)
            for part in recipes[j] {
                let partValues = ModelFrame.values(of: part, factors: factors)
                for i in 0..<n { column[i] *= partValues[i] }
            }
            return column
        }
        var values = [Double]()
        values.reserveCapacity(n * denseColumns.count)
        for j in denseColumns { values.append(contentsOf: column(j)) }
        let dense = Matrix(rows: n, columns: denseColumns.count, columnMajor: values)
        guard !blocks.isEmpty else { return (DesignMatrix(dense, storage: storage), rows) }
        // Each coded factor's level per row, from its codes: the design builder writes each block
        // column's recipe as one level's indicator of the one coded factor, so a row's column is
        // found by its code in one pass, O(n + L), not by writing L indicator columns out (O(n·L)).
        let coded = blocks.map { block -> (columns: Range<Int>, level: [Int32]) in
            var level = [Int32](repeating: -1, count: n)
            var columnOfCode = [Int: Int32]()
            var codes = [Int]()
            for j in block {
                if case .indicator(let factor, let code)? = recipes[j].first, case .categorical(let factorCodes, _)? = factors[factor] {
                    columnOfCode[code] = Int32(j - block.lowerBound)
                    codes = factorCodes
                }
            }
            for (i, code) in codes.enumerated() { level[i] = columnOfCode[code] ?? -1 }
            return (block, level)
        }
        return (DesignMatrix(dense: dense, codedFactors: coded, strategy: storage), rows)
    }

    static func values(of part: ColumnPart, factors: [Factor: EvaluatedFactor]) -> [Double] {
        switch part {
        case .numeric(let factor):
            if case .numeric(let values) = factors[factor] ?? .numeric([]) { return values }
            return []
        case .indicator(let factor, let level):
            if case .categorical(let codes, _) = factors[factor] ?? .numeric([]) { return codes.map { $0 == level ? 1 : 0 } }
            return []
        }
    }

    /// The text of a categorical value as the fit coded it (`Column.format` for numbers).
    static func label(_ column: Column, row: Int) -> String {
        switch column.values {
        case .categorical(let codes, let levels): return levels[codes[row]]
        case .boolean(let values): return values[row] ? "True" : "False"
        case .numeric(let values): return Column.format(values[row])
        }
    }

    func evaluateNew(_ factor: Factor, fitted: EvaluatedFactor, columns: [String: Column], rows: [Int]) throws -> EvaluatedFactor {
        switch fitted {
        case .categorical(_, let labels):
            guard let name = factor.columns.first, let column = columns[name] else { return .categorical(codes: [], labels: labels) }
            let index = Dictionary(labels.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            let codes = try rows.map { row -> Int in
                let label = ModelFrame.label(column, row: row)
                guard let code = index[label] else {
                    throw NewDataError.unseenLevel(column: name, level: label, row: row, levels: labels)
                }
                return code
            }
            return .categorical(codes: codes, labels: labels)
        case .numeric:
            var inputs = [String: [Double]]()
            for name in factor.columns {
                guard let column = columns[name] else { continue }
                guard let values = column.numericValues else { throw NewDataError.wrongType(column: name, expected: "numeric") }
                inputs[name] = rows.map { values[$0] }
            }
            let values: [Double]
            switch factor {
            case .transformed(let expression, _): values = expression.evaluate(inputs, count: rows.count)
            default: values = factor.columns.first.flatMap { inputs[$0] } ?? []
            }
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw NewDataError.nonFiniteValue(term: factor.name, row: rows[bad])
            }
            return .numeric(values)
        }
    }
}
