import Foundation
import Tables

/// Variable labels for display (`reshore fit --labels`): a coefficient or effect named after a
/// labelled variable is shown by its label — `i40_technologies` as "Industrie 4.0 technologies used
/// (0-7)", `C(sector)[T.food]` and `sector[food]` as "Sector: food", `log(employees)` as
/// "log(Employees)". Text, Markdown and LaTeX show labels; CSV and JSON keep the names (they are
/// the machine-readable contract).
public struct TermLabels: Sendable, Equatable {
    /// Variable name → label.
    public let labels: [String: String]

    /// Labels by variable name; empty labels are ignored.
    public init(_ labels: [String: String] = [:]) {
        self.labels = labels.filter { !$0.value.isEmpty }
    }

    /// The labels a table's columns carry (`Column.label`, from Stata and SPSS files).
    public init(columnsOf table: DataTable) {
        self.init(Dictionary(table.columns.compactMap { column in column.label.map { (column.name, $0) } }, uniquingKeysWith: { a, _ in a }))
    }

    /// No labels: every term as named.
    public static let none = TermLabels()

    /// The display name of `term`.
    public func callAsFunction(_ term: String) -> String {
        guard !labels.isEmpty else { return term }
        // C(var[, options])[T.level] and var[level]: "label: level".
        if let match = term.wholeMatch(of: /C\(([A-Za-z_][A-Za-z0-9_.]*)(?:,[^)]*)?\)\[(?:T\.)?(.*)\]/),
           let label = labels[String(match.1)] {
            return "\(label): \(match.2)"
        }
        if let match = term.wholeMatch(of: /([A-Za-z_][A-Za-z0-9_.]*)\[(.*)\]/), let label = labels[String(match.1)] {
            return "\(label): \(match.2)"
        }
        if term.contains(":") { return term.split(separator: ":").map { self(String($0)) }.joined(separator: " × ") }
        // Variable names as whole identifiers elsewhere (inside log(), I(), …).
        var result = ""
        var identifier = ""
        func flush() {
            result += labels[identifier] ?? identifier
            identifier = ""
        }
        for character in term {
            if character.isLetter || character.isNumber || character == "_" || (character == "." && !identifier.isEmpty) {
                identifier.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }
}
