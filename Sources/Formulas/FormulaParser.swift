/// The right-hand side as an ordered list of additions and removals.
struct TermList {
    enum Entry {
        case term(Term, remove: Bool)
        case intercept(Bool)
    }
    var entries: [Entry] = []

    /// The terms this list amounts to (for interactions), in order of first addition: removals
    /// inside the list apply, as in patsy and R, so `(a + b - a):c` is `b:c` (it used to be
    /// `a:c + b:c`); intercept markers are ignored.
    var addedTerms: [Term] {
        var result = [Term](), present = Set<Term>()
        for case .term(let term, let remove) in entries {
            if remove {
                if present.remove(term) != nil { result.removeAll { $0 == term } }
            } else if present.insert(term).inserted {
                result.append(term)
            }
        }
        return result
    }

    /// The value of the last intercept marker (`+ 1`, `- 1`, `0`), if any.
    var interceptMarker: Bool? {
        for case .intercept(let present) in entries.reversed() { return present }
        return nil
    }

    /// The same list without entries that cannot change the result: an addition of a term that
    /// is already added (with no removal since), and intercept markers other than the last.
    /// Products and powers re-append their operands at every step, so without this a chain like
    /// `x*0*x*0*…` grew the list quadratically (a fuzz finding).
    var compacted: TermList {
        var present = Set<Term>(), result = [Entry]()
        let lastIntercept = entries.lastIndex { if case .intercept = $0 { return true } else { return false } }
        for (index, entry) in entries.enumerated() {
            switch entry {
            case .term(let term, false): if present.insert(term).inserted { result.append(entry) }
            case .term(let term, true): present.remove(term); result.append(entry)
            case .intercept: if index == lastIntercept { result.append(entry) }
            }
        }
        return TermList(entries: result)
    }

    /// This list with every entry's sign flipped (for `a - (b + c)`).
    var negated: TermList {
        TermList(entries: entries.map {
            switch $0 {
            case .term(let term, let remove): return .term(term, remove: !remove)
            case .intercept(let present): return .intercept(!present)
            }
        })
    }
}

/// Recursive-descent parser for formulas (R's operator precedence: `^` > `:` > `*` > `+ −`).
struct FormulaParser {
    let text: String
    let tokens: [FormulaToken]
    var index = 0
    /// Current nesting of parentheses, signs and powers, and the number of arithmetic nodes built.
    /// Both are bounded (fuzz finding): parsing recurses once per level, and the expression trees
    /// are walked and released recursively, so unbounded input would overflow the stack.
    var depth = 0, nodes = 0, products = 0
    static let maximumDepth = 64, maximumNodes = 1_000, maximumProducts = 20_000

    init(text: String, tokens: [FormulaToken]) {
        self.text = text
        self.tokens = tokens
    }

    var current: FormulaToken { tokens[index] }

    mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    func error(_ message: String, at position: Int? = nil) -> FormulaError {
        .syntax(formula: text, position: position ?? current.position, message: message)
    }

    func isSymbol(_ symbol: String) -> Bool { current.kind == .symbol(symbol) }

    /// Enters one nesting level; pair with `depth -= 1` on the way out.
    mutating func descend() throws {
        depth += 1
        if depth > Self.maximumDepth {
            throw error("the formula nests parentheses, signs or powers more than \(Self.maximumDepth) levels deep; simplify it")
        }
    }

    /// Counts one arithmetic node.
    mutating func countNode() throws {
        nodes += 1
        if nodes > Self.maximumNodes {
            throw error("the formula's arithmetic has more than \(Self.maximumNodes) parts; compute the column before fitting")
        }
    }

    mutating func expect(_ symbol: String, _ message: String) throws {
        guard isSymbol(symbol) else { throw error(message) }
        advance()
    }

    mutating func parseFormula() throws -> (response: String?, grouped: GroupedResponse?, rhs: TermList, absorbed: [String]) {
        var response: String?, grouped: GroupedResponse?
        if !isSymbol("~") {
            guard case .identifier(let name) = current.kind else {
                throw error("expected the response (a column name, or cbind(successes, failures)) before '~'")
            }
            advance()
            if name == "cbind" && isSymbol("(") {
                grouped = try parseGroupedResponse()
                response = grouped?.name
            } else {
                response = name
            }
            guard isSymbol("~") else { throw error("expected '~' after the response '\(response ?? name)'") }
        }
        advance()   // '~'
        if current.kind == .end { throw error("expected terms after '~'") }
        let rhs = try parseSum()
        if isSymbol(")") { throw error("unbalanced parentheses: ')' without a matching '('") }
        var absorbed = [String]()
        if isSymbol("|") {
            // fixest's notation: `y ~ x | g + h` absorbs the factors g and h (columns, joined by +).
            advance()
            repeat {
                if isSymbol("+") { advance() }
                guard case .identifier(let name) = current.kind else {
                    throw error("expected a column to absorb after '|' (fixest's notation: y ~ x1 + x2 | g + h)")
                }
                guard !absorbed.contains(name) else { throw error("the factor '\(name)' is absorbed twice") }
                absorbed.append(name)
                advance()
            } while isSymbol("+")
        }
        guard current.kind == .end else { throw error("unexpected \(describe(current)) after a complete formula") }
        return (response, grouped, rhs, absorbed)
    }

    /// `cbind(successes, failures)` after `cbind`: two arithmetic expressions (R's grouped
    /// binomial response, e.g. `cbind(s, n - s)`).
    mutating func parseGroupedResponse() throws -> GroupedResponse {
        advance()   // '('
        let successes = try parseExpression()
        guard isSymbol(",") else { throw error("cbind() takes two counts: cbind(successes, failures)") }
        advance()
        let failures = try parseExpression()
        guard isSymbol(")") else {
            throw error(isSymbol(",") ? "cbind() takes two counts: cbind(successes, failures)" : "unbalanced parentheses: missing ')' to close cbind(")
        }
        advance()
        return GroupedResponse(successes: successes, failures: failures)
    }

    func describe(_ token: FormulaToken) -> String {
        switch token.kind {
        case .identifier(let name): return "'\(name)'"
        case .number(_, let text): return "'\(text)'"
        case .string(let text): return "\"\(text)\""
        case .symbol(let symbol): return "'\(symbol)'"
        case .end: return "end of formula"
        }
    }

    // sum := ['-'] product (('+' | '-') product)*
    mutating func parseSum() throws -> TermList {
        try descend()
        defer { depth -= 1 }
        var list = TermList()
        var sign = false
        if isSymbol("-") { sign = true; advance() } else if isSymbol("+") { advance() }
        while true {
            let operand = try parseProduct()
            list.entries += sign ? operand.negated.entries : operand.entries
            if isSymbol("+") { sign = false; advance() } else if isSymbol("-") { sign = true; advance() } else { break }
        }
        return list
    }

    // product := interaction ('*' interaction)*
    mutating func parseProduct() throws -> TermList {
        var result = try parseInteraction()
        while isSymbol("*") {
            let position = current.position
            advance()
            let rhs = try parseInteraction()
            let crossed = try interact(result, rhs, at: position)
            result = TermList(entries: result.entries + rhs.entries + crossed.entries).compacted
        }
        return result
    }

    // interaction := power (':' power)*
    mutating func parseInteraction() throws -> TermList {
        var result = try parsePower()
        while isSymbol(":") {
            advance()
            let position = current.position
            result = try interact(result, try parsePower(), at: position).compacted
        }
        return result
    }

    // power := primary ['^' integer]   — (a + b)^2: all interactions up to order 2
    mutating func parsePower() throws -> TermList {
        let base = try parsePrimary()
        guard isSymbol("^") || isSymbol("**") else { return base }
        let position = current.position
        advance()
        guard case .number(let value, _) = current.kind, value >= 1, value == value.rounded() else {
            throw error("'^' in a formula needs a positive whole number (e.g. (a + b)^2)", at: position)
        }
        advance()
        // Orders above the number of distinct terms add nothing (a:a is a), so the loop stops
        // there; this also keeps a huge exponent from overflowing Int (fuzz finding).
        let order = Int(min(value, Double(max(1, base.addedTerms.count))))
        var result = base
        for _ in 1..<order {
            result = TermList(entries: result.entries + base.entries + (try interact(result, base, at: position)).entries).compacted
        }
        return result
    }

    /// The most terms a formula may expand to. Crossing k terms yields 2ᵏ − 1, so `a*b*…` over
    /// 30 variables would otherwise hang the parser (fuzz finding); a model with more than a
    /// thousand terms (a factor counts once, whatever its levels) is not one this library is for.
    static let maximumTerms = 1_000

    /// All products of the terms of `lhs` and `rhs` (for `:`, `*` and `^`).
    mutating func interact(_ lhs: TermList, _ rhs: TermList, at position: Int) throws -> TermList {
        let left = lhs.addedTerms, right = rhs.addedTerms
        guard left.count * right.count <= Self.maximumTerms else {
            throw error("the formula expands to more than \(Self.maximumTerms) terms; use fewer interactions", at: position)
        }
        // A budget on all products formed: a long chain `a*b*…*m*x*x*x…` re-crosses thousands of
        // terms at every `*` (fuzz finding: seconds per formula), which no real model needs.
        products += left.count * right.count
        guard products <= Self.maximumProducts else {
            throw error("the formula's interactions need more than \(Self.maximumProducts) products of terms; use fewer interactions", at: position)
        }
        var result = TermList()
        for a in left {
            for b in right { result.entries.append(.term(Term(a.factors + b.factors), remove: false)) }
        }
        return result
    }

    mutating func parsePrimary() throws -> TermList {
        let token = current
        switch token.kind {
        case .symbol("("):
            advance()
            let inner = try parseSum()
            guard isSymbol(")") else { throw error("unbalanced parentheses: missing ')'") }
            advance()
            return inner
        case .number(let value, let text):
            advance()
            guard value == 0 || value == 1 else {
                throw error("the number \(text) cannot be a term; use 1 or 0 for the intercept, or I(...) for arithmetic", at: token.position)
            }
            return TermList(entries: [.intercept(value == 1)])
        case .identifier(let name):
            advance()
            if isSymbol("(") { return TermList(entries: [.term(Term([try parseCall(name, at: token.position)]), remove: false)]) }
            return TermList(entries: [.term(Term([.variable(name)]), remove: false)])
        case .end:
            throw error("expected a term but the formula ends here")
        default:
            throw error("expected a term, found \(describe(token))")
        }
    }

    /// `C(x[, ref="a" | Treatment("a") | Treatment(reference="a")])`, `I(expr)`, `f(expr)`.
    mutating func parseCall(_ name: String, at position: Int) throws -> Factor {
        let open = current.position
        advance()   // '('
        switch name {
        case "C":
            guard case .identifier(let column) = current.kind else { throw error("C() takes a column name") }
            advance()
            var reference: String?
            var spelling = "C(\(column))"
            if isSymbol(",") {
                advance()
                let optionStart = current.position
                reference = try parseReference()
                let optionText = String(Array(text)[optionStart..<current.position]).trimmingCharacters(in: " ")
                spelling = "C(\(column), \(optionText))"
            }
            guard isSymbol(")") else { throw error("unbalanced parentheses: missing ')' to close C(", at: current.position) }
            advance()
            return .categorical(column: column, reference: reference, spelling: spelling)
        case "I":
            let expression = try parseExpression()
            guard isSymbol(")") else { throw error("unbalanced parentheses: missing ')' to close I(") }
            advance()
            return .transformed(expression, name: "I(" + expression.text + ")")
        default:
            let function = name.hasPrefix("np.") ? String(name.dropFirst(3)) : name
            guard Expression.functions.contains(function) else {
                throw FormulaError.unknownFunction(formula: text, position: position, name: name)
            }
            _ = open
            let argument = try parseExpression()
            guard isSymbol(")") else { throw error("unbalanced parentheses: missing ')' to close \(name)(") }
            advance()
            return .transformed(.call(function: function, argument), name: name + "(" + argument.text + ")")
        }
    }

    /// `ref="a"`, `reference="a"`, `Treatment("a")` or `Treatment(reference="a")`.
    mutating func parseReference() throws -> String {
        if case .identifier(let keyword) = current.kind, keyword == "ref" || keyword == "reference" {
            advance()
            try expect("=", "expected '=' after \(keyword)")
            return try parseLevel()
        }
        if case .identifier("Treatment") = current.kind {
            advance()
            try expect("(", "expected '(' after Treatment")
            if case .identifier(let keyword) = current.kind, keyword == "reference" {
                advance()
                try expect("=", "expected '=' after reference")
            }
            let level = try parseLevel()
            try expect(")", "unbalanced parentheses: missing ')' to close Treatment(")
            return level
        }
        throw error("C() accepts ref=\"level\" (or Treatment(reference=\"level\")) after the column")
    }

    mutating func parseLevel() throws -> String {
        switch current.kind {
        case .string(let level): advance(); return level
        case .number(_, let text): advance(); return text
        case .identifier(let level): advance(); return level
        default: throw error("expected a level, e.g. ref=\"Food\"")
        }
    }

    // Arithmetic inside I() and functions: expr := term (('+'|'-') term)*
    mutating func parseExpression() throws -> Expression {
        try descend()
        defer { depth -= 1 }
        var result = try parseArithmeticTerm()
        while isSymbol("+") || isSymbol("-") {
            guard case .symbol(let symbol) = current.kind else { break }
            try countNode()
            advance()
            result = .binary(symbol: symbol, result, try parseArithmeticTerm())
        }
        return result
    }

    mutating func parseArithmeticTerm() throws -> Expression {
        var result = try parseUnary()
        while isSymbol("*") || isSymbol("/") {
            guard case .symbol(let symbol) = current.kind else { break }
            try countNode()
            advance()
            result = .binary(symbol: symbol, result, try parseUnary())
        }
        return result
    }

    mutating func parseUnary() throws -> Expression {
        try descend()
        defer { depth -= 1 }
        try countNode()
        if isSymbol("-") { advance(); return .negate(try parseUnary()) }
        if isSymbol("+") { advance() }
        let base = try parseAtom()
        if isSymbol("^") || isSymbol("**") {
            guard case .symbol(let symbol) = current.kind else { return base }
            advance()
            return .binary(symbol: symbol, base, try parseUnary())   // right-associative
        }
        return base
    }

    mutating func parseAtom() throws -> Expression {
        let token = current
        switch token.kind {
        case .number(let value, let text):
            advance()
            return .number(value, text: text)
        case .identifier(let name):
            advance()
            guard isSymbol("(") else { return .column(name) }
            let function = name.hasPrefix("np.") ? String(name.dropFirst(3)) : name
            guard Expression.functions.contains(function) else {
                throw FormulaError.unknownFunction(formula: text, position: token.position, name: name)
            }
            advance()
            let argument = try parseExpression()
            guard isSymbol(")") else { throw error("unbalanced parentheses: missing ')' to close \(name)(") }
            advance()
            return .call(function: function, argument)
        case .symbol("("):
            advance()
            let inner = try parseExpression()
            guard isSymbol(")") else { throw error("unbalanced parentheses: missing ')'") }
            advance()
            return .parenthesized(inner)
        case .end:
            throw error("expression ends too early")
        default:
            throw error("expected a number, a column or '(' in the expression, found \(describe(token))")
        }
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
