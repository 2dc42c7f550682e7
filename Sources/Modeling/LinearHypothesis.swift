import Foundation
import LinearAlgebra
import Tables

/// Linear hypotheses about coefficients written as text, like `car::linearHypothesis` and
/// statsmodels' `t_test` strings: `"x1 = x2"`, `"2*x1 + x3 = 1"`, `"log(employees) = 0"`, or a
/// formula term (`"C(sector)"`), which stands for "all its coefficients are zero".
enum LinearHypothesis {
    /// Restriction rows Rβ = r over the design columns `names`; a term name gives one row per column.
    static func parse(_ text: String, names: [String], terms: [(name: String, columns: Range<Int>)]) throws -> (rows: [[Double]], values: [Double]) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let sides = splitTopLevel(trimmed, on: ["="])
        if sides.count == 1 {
            if let term = terms.first(where: { $0.name == trimmed }) {
                return (term.columns.map { column in names.indices.map { $0 == column ? 1 : 0 } }, [Double](repeating: 0, count: term.columns.count))
            }
            if let column = names.firstIndex(of: trimmed) { return ([names.indices.map { $0 == column ? 1 : 0 }], [0]) }
            throw ModelingError.unknownTerm(name: trimmed, available: terms.map(\.name) + names.filter { name in !terms.contains { $0.name == name } })
        }
        guard sides.count == 2 else { throw ModelingError.invalidHypothesis(hypothesis: text, reason: "it has more than one '='") }
        var row = [Double](repeating: 0, count: names.count)
        var constant = 0.0
        for (side, sign) in [(sides[0].text, 1.0), (sides[1].text, -1.0)] {
            let summands = splitTopLevel(side, on: ["+", "-"])
            guard !summands.isEmpty else { throw ModelingError.invalidHypothesis(hypothesis: text, reason: "one side is empty") }
            for summand in summands {
                let (coefficient, name) = try factor(summand.text, hypothesis: text)
                let signed = sign * (summand.separator == "-" ? -1 : 1) * coefficient
                if let name {
                    guard let column = names.firstIndex(of: name) else {
                        throw ModelingError.unknownCoefficient(name: name, hypothesis: text, available: names)
                    }
                    row[column] += signed
                } else {
                    constant -= signed
                }
            }
        }
        guard row.contains(where: { $0 != 0 }) else {
            throw ModelingError.invalidHypothesis(hypothesis: text, reason: "it involves no coefficient")
        }
        return ([row], [constant])
    }

    /// `2*x`, `x*2`, `x`, or a number (a multiplier needs `*`): (multiplier, coefficient name or nil).
    static func factor(_ text: String, hypothesis: String) throws -> (Double, String?) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw ModelingError.invalidHypothesis(hypothesis: hypothesis, reason: "a summand is empty") }
        let pieces = splitTopLevel(trimmed, on: ["*"]).map { $0.text.trimmingCharacters(in: .whitespaces) }
        // `nan`, `inf` and `1e400` parse as numbers but are no constant or multiplier of a
        // hypothesis (issue 29: `x1 = nan` trapped in the solve, `x1 = inf` printed χ² = inf).
        if let number = pieces.lazy.compactMap(Double.init).first(where: { !$0.isFinite }) {
            throw ModelingError.invalidHypothesis(hypothesis: hypothesis, reason: "'\(trimmed)' is \(number.isNaN ? "not a number" : "infinite"); constants and multipliers must be finite numbers")
        }
        switch pieces.count {
        case 1:
            if let number = Double(trimmed) { return (number, nil) }
            return (1, trimmed)
        case 2:
            if let number = Double(pieces[0]), Double(pieces[1]) == nil { return (number, pieces[1]) }
            if let number = Double(pieces[1]), Double(pieces[0]) == nil { return (number, pieces[0]) }
            if let a = Double(pieces[0]), let b = Double(pieces[1]) { return (a * b, nil) }
            throw ModelingError.invalidHypothesis(hypothesis: hypothesis, reason: "'\(trimmed)' multiplies two coefficients")
        default:
            throw ModelingError.invalidHypothesis(hypothesis: hypothesis, reason: "'\(trimmed)' has more than one '*'")
        }
    }

    /// Splits at the separators outside parentheses and brackets; each piece carries the separator
    /// before it (`nil` for the first). A leading sign and an exponent's sign (`1e-3`) stay attached.
    static func splitTopLevel(_ text: String, on separators: Set<Character>) -> [(separator: Character?, text: String)] {
        var pieces = [(separator: Character?, text: String)]()
        var depth = 0, current = "", separator: Character? = nil
        var previous: Character? = nil
        for character in text {
            if character == "(" || character == "[" { depth += 1 }
            if character == ")" || character == "]" { depth -= 1 }
            let isExponentSign = (character == "+" || character == "-") && (previous == "e" || previous == "E")
                && current.dropLast().allSatisfy { $0.isNumber || $0 == "." || $0 == " " } && !current.dropLast().isEmpty
            if depth == 0 && separators.contains(character) && !isExponentSign {
                if !current.trimmingCharacters(in: .whitespaces).isEmpty || separator != nil || !pieces.isEmpty {
                    pieces.append((separator, current))
                }
                separator = character
                current = ""
            } else {
                current.append(character)
            }
            if character != " " { previous = character }
        }
        pieces.append((separator, current))
        // A leading "-x" yields an empty first piece; drop it.
        return pieces.filter { !($0.separator == nil && $0.text.trimmingCharacters(in: .whitespaces).isEmpty && pieces.count > 1) }
    }
}
