import Foundation
import Tables
/// Errors in a model formula or in building a design matrix from it. Each message says what is
/// wrong and where; syntax errors show the formula with a caret under the position.
public enum FormulaError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A syntax error at a character offset (0-based) of the formula.
    case syntax(formula: String, position: Int, message: String)
    /// A function the formula language does not know.
    case unknownFunction(formula: String, position: Int, name: String)
    /// A column the data does not have; `suggestion` is the closest existing name.
    case unknownColumn(name: String, suggestion: String?, available: [String])
    /// A transformation produced a non-finite value (e.g. log of 0).
    case nonFiniteValue(term: String, row: Int, input: String)
    /// A numeric operation was applied to a categorical column.
    case categoricalInArithmetic(term: String, column: String)
    /// A factor has fewer than two levels among the rows kept.
    case singleLevelFactor(column: String, levels: [String], droppedRows: Int)
    /// A reference level that is not among the factor's levels.
    case unknownReferenceLevel(column: String, level: String, levels: [String])
    /// The outcome is not binary: numeric values other than 0/1 (with the number of such rows),
    /// or a factor without exactly two levels (its levels; `offendingRows` is 0).
    case nonBinaryOutcome(column: String, offendingValues: [String], offendingRows: Int)
    /// An event level that is not one of the outcome's two levels.
    case unknownEventLevel(column: String, level: String, levels: [String])
    /// No rows are left after removing rows with missing values.
    case noCompleteRows(droppedBecause: [String: Int])
    /// The formula has no response (`~ x`) where one is needed.
    case missingResponse(formula: String)
    /// A count of a grouped response `cbind(successes, failures)` that is negative, fractional or
    /// not finite (`part`: "successes" or "failures"; `row` 0-based in the data).
    case invalidCount(response: String, part: String, row: Int, value: Double)
    /// The design matrix would not fit in memory (`columns` is an upper bound: Π levels per term).
    case designTooLarge(rows: Int, columns: Double, gigabytes: Double, widestTerm: String, widestColumns: Double)

    /// A large number without exponent notation, rounded up (`2.1e12` → `2100000000000`).
    static func count(_ value: Double) -> String {
        value < 1e18 ? String(Int(value.rounded(.up))) : String(format: "%.3g", value)
    }

    /// The formula with a caret under `position`.
    static func caret(_ formula: String, _ position: Int) -> String {
        "  " + formula + "\n  " + String(repeating: " ", count: max(0, min(position, formula.count))) + "^"
    }

    public var description: String {
        switch self {
        case .syntax(let formula, let position, let message):
            return "formula syntax error: \(message)\n" + Self.caret(formula, position)
        case .unknownFunction(let formula, let position, let name):
            return "unknown function '\(name)' in formula; available: C, I, log, log1p, exp, sqrt\n" + Self.caret(formula, position)
        case .unknownColumn(let name, let suggestion, let available):
            let hint = suggestion.map { " Did you mean '\(MessageText.excerpt($0))'?" } ?? ""
            return "the formula uses '\(MessageText.excerpt(name))', which is not a column of the data.\(hint) Columns: \(MessageText.list(available))"
        case .nonFiniteValue(let term, let row, let input):
            return "\(term) is not finite in data row \(row + 1) (input \(input)); transform or filter the data first (e.g. log1p for zeros)"
        case .categoricalInArithmetic(let term, let column):
            return "\(term) applies arithmetic to the categorical column '\(column)'; only numeric columns can be transformed"
        case .singleLevelFactor(let column, let levels, let dropped):
            return "column '\(column)' has \(levels.count) level\(levels.count == 1 ? "" : "s") (\(MessageText.list(levels))) after dropping \(dropped) row\(dropped == 1 ? "" : "s") with missing values; a factor needs at least 2"
        case .unknownReferenceLevel(let column, let level, let levels):
            return "reference level '\(level)' is not a level of '\(column)'; levels: \(MessageText.list(levels))"
        case .nonBinaryOutcome(let column, let values, let rows):
            if rows == 0 {
                return "the outcome '\(column)' has \(values.count) levels (\(MessageText.list(values))) among the rows used; a binary outcome needs exactly two — recode it or select the rows of two levels"
            }
            return "the outcome '\(column)' must be binary (0/1, true/false, or a factor with two levels), but \(rows == 1 ? "1 row holds" : "\(rows) rows hold") other values: \(MessageText.list(values))"
        case .unknownEventLevel(let column, let level, let levels):
            return "event level '\(level)' is not a level of the outcome '\(column)'; levels: \(MessageText.list(levels))"
        case .noCompleteRows(let dropped):
            let detail = dropped.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
            return "no rows are left after removing rows with missing values (dropped by column: \(detail))"
        case .missingResponse(let formula):
            return "the formula '\(formula)' has no response; write it as 'y ~ x1 + x2'"
        case .invalidCount(let response, let part, let row, let value):
            let problem = !value.isFinite ? "is not a number" : value < 0 ? "is negative (\(Column.format(value)))" : "is not a whole number (\(Column.format(value)))"
            let hint = part == "failures" && value < 0 ? "; the successes exceed the trials there" : ""
            return "the \(part) of \(MessageText.excerpt(response)) in data row \(row + 1) \(problem)\(hint): a grouped binomial response counts successes and failures, whole numbers of at least 0 — check the columns, or fit proportions with weights instead"
        case .designTooLarge(let rows, let columns, let gigabytes, let term, let termColumns):
            return "the model would need up to \(rows) rows × \(Self.count(columns)) design columns, "
                + "\(Self.count(gigabytes)) GB with its covariance matrices — more than half of this machine's memory; "
                + "\(MessageText.excerpt(term)) alone makes up to \(Self.count(termColumns)) columns — "
                + "drop or group the levels of many-level factors, or fit on fewer rows"
        }
    }
}
