/// A token of the formula language, with its character offset for error carets.
struct FormulaToken: Equatable {
    enum Kind: Equatable {
        case identifier(String)
        case number(Double, String)
        case string(String)
        case symbol(String)   // ~ + - * / ^ ** : ( ) , = |
        case end
    }
    let kind: Kind
    let position: Int
}

/// Splits a formula into tokens. Identifiers may contain letters, digits, `_` and `.`
/// (`np.log`, `log.x`); names with other characters are written in backticks: `` `firm size` ``.
enum FormulaLexer {
    static func tokenize(_ formula: String) throws -> [FormulaToken] {
        let characters = Array(formula)
        var tokens = [FormulaToken]()
        var i = 0
        func isIdentifierStart(_ c: Character) -> Bool { c.isLetter || c == "_" || c == "." }
        func isIdentifierPart(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "." }
        while i < characters.count {
            let c = characters[i]
            if c.isWhitespace { i += 1; continue }
            let start = i
            if c.isNumber || (c == "." && i + 1 < characters.count && characters[i + 1].isNumber) {
                while i < characters.count && (characters[i].isNumber || characters[i] == ".") { i += 1 }
                if i < characters.count && (characters[i] == "e" || characters[i] == "E") {
                    var j = i + 1
                    if j < characters.count && (characters[j] == "+" || characters[j] == "-") { j += 1 }
                    if j < characters.count && characters[j].isNumber {
                        i = j
                        while i < characters.count && characters[i].isNumber { i += 1 }
                    }
                }
                let text = String(characters[start..<i])
                guard let value = Double(text) else {
                    throw FormulaError.syntax(formula: formula, position: start, message: "'\(text)' is not a number")
                }
                tokens.append(FormulaToken(kind: .number(value, text), position: start))
            } else if isIdentifierStart(c) {
                while i < characters.count && isIdentifierPart(characters[i]) { i += 1 }
                tokens.append(FormulaToken(kind: .identifier(String(characters[start..<i])), position: start))
            } else if c == "`" {
                i += 1
                while i < characters.count && characters[i] != "`" { i += 1 }
                guard i < characters.count else {
                    throw FormulaError.syntax(formula: formula, position: start, message: "unclosed backtick")
                }
                // `` (nothing between the backticks) names no column (fuzz finding: it made a
                // term with an empty name).
                guard i > start + 1 else {
                    throw FormulaError.syntax(formula: formula, position: start, message: "empty column name between backticks")
                }
                tokens.append(FormulaToken(kind: .identifier(String(characters[(start + 1)..<i])), position: start))
                i += 1
            } else if c == "\"" || c == "'" {
                i += 1
                while i < characters.count && characters[i] != c { i += 1 }
                guard i < characters.count else {
                    throw FormulaError.syntax(formula: formula, position: start, message: "unclosed string")
                }
                tokens.append(FormulaToken(kind: .string(String(characters[(start + 1)..<i])), position: start))
                i += 1
            } else if c == "*" && i + 1 < characters.count && characters[i + 1] == "*" {
                tokens.append(FormulaToken(kind: .symbol("**"), position: start))
                i += 2
            } else if "~+-*/^:(),=|".contains(c) {
                tokens.append(FormulaToken(kind: .symbol(String(c)), position: start))
                i += 1
            } else {
                throw FormulaError.syntax(formula: formula, position: start, message: "unexpected character '\(c)'")
            }
        }
        tokens.append(FormulaToken(kind: .end, position: characters.count))
        return tokens
    }
}
